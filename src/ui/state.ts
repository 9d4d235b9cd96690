/**
 * The main screen's state that is not data from the store: focus, which view is up, the
 * status line's message, the raw/Markdown toggle, the selected message and an edit in
 * progress. A reducer that returns the same state on a no-op, so nothing re-renders for it.
 */
import type { Id, Role } from '../core/types.js';

export type Focus = 'sidebar' | 'conversation' | 'input';
export type View = 'chat' | 'help' | 'tree' | 'settings' | 'endpoints';

export interface StatusMessage {
  text: string;
  tone: 'info' | 'error';
}

export interface AppState {
  focus: Focus;
  view: View;
  status: StatusMessage | null;
  raw: boolean;
  /** The selected message in the conversation; null follows the last one. */
  selectedId: Id | null;
  /** A message being edited in the input box. */
  editing: { messageId: Id; role: Role } | null;
}

export type AppAction =
  | { type: 'focus'; focus: Focus }
  | { type: 'cycleFocus'; delta: 1 | -1 }
  | { type: 'view'; view: View }
  | { type: 'status'; status: StatusMessage | null }
  | { type: 'toggleRaw' }
  | { type: 'select'; id: Id | null }
  /** From the selection as it stands, not as last drawn: keys read together each move. */
  | { type: 'selectBy'; delta: number; path: Id[] }
  | { type: 'edit'; editing: AppState['editing'] }
  | { type: 'chatChanged' };

const FOCUS_ORDER: Focus[] = ['sidebar', 'conversation', 'input'];

export function initialAppState(raw = false): AppState {
  return { focus: 'input', view: 'chat', status: null, raw, selectedId: null, editing: null };
}

export function appReducer(state: AppState, action: AppAction): AppState {
  switch (action.type) {
    case 'focus':
      return state.focus === action.focus ? state : { ...state, focus: action.focus };
    case 'cycleFocus': {
      const at = FOCUS_ORDER.indexOf(state.focus);
      const focus =
        FOCUS_ORDER[(at + action.delta + FOCUS_ORDER.length) % FOCUS_ORDER.length] ?? 'input';
      return { ...state, focus };
    }
    case 'view':
      return state.view === action.view ? state : { ...state, view: action.view };
    case 'status':
      if (state.status?.text === action.status?.text && state.status?.tone === action.status?.tone)
        return state;
      return { ...state, status: action.status };
    case 'toggleRaw':
      return { ...state, raw: !state.raw };
    case 'select':
      return state.selectedId === action.id ? state : { ...state, selectedId: action.id };
    case 'selectBy': {
      const { path, delta } = action;
      const at = state.selectedId === null ? -1 : path.indexOf(state.selectedId);
      const from = at < 0 ? path.length - 1 : at;
      const id = path[Math.max(0, Math.min(path.length - 1, from + delta))] ?? null;
      return appReducer(state, { type: 'select', id });
    }
    case 'edit':
      return state.editing === action.editing ? state : { ...state, editing: action.editing };
    case 'chatChanged':
      // Another chat: the selection and an edit belonged to the old one.
      return state.selectedId === null && state.editing === null
        ? state
        : { ...state, selectedId: null, editing: null };
  }
}
