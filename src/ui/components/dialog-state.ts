/**
 * Dialogs as data: a confirmation, a one-line prompt, a filtered picker, or a plain text
 * view. `dialogKey` is the whole behaviour: a key press gives the next dialog or the
 * answer, so dialogs are tested without rendering.
 */
import { sanitize } from '../../core/text.js';
import { matches, type Action, type KeyLike } from '../keys.js';
import { bufferOf, bufferReducer, type BufferAction, type TextBuffer } from './text-buffer.js';

export interface PickItem {
  label: string;
  value: unknown;
  /** Shown dimmed after the label. */
  detail?: string;
}

export type Dialog =
  | { kind: 'confirm'; title: string; message: string }
  | {
      kind: 'prompt';
      title: string;
      buffer: TextBuffer;
      mask: boolean;
      /** Keeps line breaks (a system prompt); Ctrl+J adds one. */
      multiline: boolean;
      hint?: string;
    }
  | { kind: 'pick'; title: string; items: PickItem[]; filter: string; cursor: number }
  | {
      kind: 'text';
      title: string;
      text: string;
      offset: number;
      /** The last offset that still fills the view, once the view has told it (see Dialog). */
      maxOffset?: number;
    };

export type DialogOutcome = { done: false; dialog: Dialog } | { done: true; value: unknown };

// Dialogs quote titles, names and messages from the store, which may come from an imported
// file or a server: what they show is made inert where they are made.

export const confirmDialog = (title: string, message: string): Dialog => ({
  kind: 'confirm',
  title: sanitize(title),
  message: sanitize(message),
});

export interface PromptOptions {
  mask?: boolean;
  multiline?: boolean;
  hint?: string;
}

export const promptDialog = (title: string, initial = '', options: PromptOptions = {}): Dialog => ({
  kind: 'prompt',
  title: sanitize(title),
  buffer: bufferOf(sanitize(initial)),
  mask: options.mask ?? false,
  multiline: options.multiline ?? false,
  ...(options.hint !== undefined ? { hint: options.hint } : {}),
});

export function pickDialog(title: string, items: PickItem[], selected?: unknown): Dialog {
  const at = items.findIndex((item) => item.value === selected);
  const inert = items.map((item) => ({
    ...item,
    label: sanitize(item.label),
    ...(item.detail !== undefined ? { detail: sanitize(item.detail) } : {}),
  }));
  return {
    kind: 'pick',
    title: sanitize(title),
    items: inert,
    filter: '',
    cursor: Math.max(0, at),
  };
}

export const textDialog = (title: string, text: string): Dialog => ({
  kind: 'text',
  title: sanitize(title),
  text: sanitize(text),
  offset: 0,
});

/** The picker's items that match the typed filter (case-insensitive substring). */
export function visibleItems(d: Extract<Dialog, { kind: 'pick' }>): PickItem[] {
  const needle = d.filter.toLowerCase();
  return needle ? d.items.filter((item) => item.label.toLowerCase().includes(needle)) : d.items;
}

const stay = (dialog: Dialog): DialogOutcome => ({ done: false, dialog });
const answer = (value: unknown): DialogOutcome => ({ done: true, value });

/** Editing keys of a one-line prompt; the input box adds the up and down arrows. */
export const LINE_EDITS: readonly [Action, BufferAction][] = [
  ['input.left', { type: 'left' }],
  ['input.right', { type: 'right' }],
  ['input.lineStart', { type: 'lineStart' }],
  ['input.lineEnd', { type: 'lineEnd' }],
  ['input.wordLeft', { type: 'wordLeft' }],
  ['input.wordRight', { type: 'wordRight' }],
  ['input.deleteWord', { type: 'deleteWord' }],
  ['input.backspace', { type: 'backspace' }],
  ['input.deleteForward', { type: 'deleteForward' }],
  ['input.killStart', { type: 'killStart' }],
  ['input.killEnd', { type: 'killEnd' }],
];

/** Printable text of a key press, if it is one (a paste arrives as one string). */
export function typedText(input: string, key: KeyLike): string {
  if (key.ctrl || key.meta || key.escape || key.return || key.tab) return '';
  return input;
}

/** The keys the open dialog takes, for the status line. */
export function dialogHints(d: Dialog): Action[] {
  switch (d.kind) {
    case 'confirm':
      return ['dialog.yes', 'dialog.no', 'dialog.cancel'];
    case 'prompt':
      return d.multiline
        ? ['dialog.accept', 'input.newline', 'dialog.cancel']
        : ['dialog.accept', 'dialog.cancel'];
    case 'pick':
      return ['dialog.up', 'dialog.accept', 'dialog.cancel'];
    case 'text':
      return ['dialog.up', 'dialog.cancel'];
  }
}

export function dialogKey(d: Dialog, input: string, key: KeyLike): DialogOutcome {
  // A paste is text: only a dialog that takes text takes it (a pasted `y` confirms nothing).
  if (key.paste && d.kind !== 'prompt' && d.kind !== 'pick') return stay(d);
  if (matches('dialog.cancel', input, key)) {
    return answer(d.kind === 'confirm' ? false : undefined);
  }
  switch (d.kind) {
    case 'confirm':
      if (matches('dialog.yes', input, key) || input === 'Y') return answer(true);
      if (matches('dialog.no', input, key) || input === 'N') return answer(false);
      return stay(d);
    case 'prompt': {
      if (matches('dialog.accept', input, key)) return answer(d.buffer.text);
      const edit = LINE_EDITS.find(([action]) => matches(action, input, key));
      const typed = typedText(input, key);
      const action: BufferAction | undefined = edit
        ? edit[1]
        : d.multiline && matches('input.newline', input, key)
          ? { type: 'insert', text: '\n' }
          : typed
            ? { type: 'insert', text: d.multiline ? typed : typed.replace(/[\r\n]+/g, ' ') }
            : undefined;
      if (!action) return stay(d);
      const buffer = bufferReducer(d.buffer, action);
      return buffer === d.buffer ? stay(d) : stay({ ...d, buffer });
    }
    case 'pick': {
      const items = visibleItems(d);
      if (matches('dialog.accept', input, key)) {
        const item = items[d.cursor];
        return item ? answer(item.value) : stay(d);
      }
      if (matches('dialog.up', input, key))
        return stay({ ...d, cursor: Math.max(0, d.cursor - 1) });
      if (matches('dialog.down', input, key)) {
        return stay({ ...d, cursor: Math.min(Math.max(0, items.length - 1), d.cursor + 1) });
      }
      if (matches('input.backspace', input, key))
        return stay({ ...d, filter: d.filter.slice(0, -1), cursor: 0 });
      // One line of plain text: a pasted line break or escape would be drawn raw.
      const text = sanitize(typedText(input, key).replace(/[\r\n]+/g, '')).replace(/\t/g, ' ');
      return text ? stay({ ...d, filter: d.filter + text, cursor: 0 }) : stay(d);
    }
    case 'text':
      if (matches('dialog.accept', input, key) || input === 'q') return answer(undefined);
      if (matches('dialog.up', input, key) || key.pageUp)
        return stay({ ...d, offset: Math.max(0, d.offset - (key.pageUp ? 10 : 1)) });
      if (matches('dialog.down', input, key) || key.pageDown)
        return stay({
          ...d,
          offset: Math.min(d.maxOffset ?? Infinity, d.offset + (key.pageDown ? 10 : 1)),
        });
      return stay(d);
  }
}
