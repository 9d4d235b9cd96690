/**
 * The input box's keys: editing through the key table, Enter to submit, Ctrl+J or
 * Alt+Enter for a new line. The buffer lives here; the screen reads and sets it (editing a
 * message loads its text).
 */
import { useCallback, useRef, useState } from 'react';
import { LINE_EDITS, typedText } from '../components/dialog-state.js';
import {
  bufferOf,
  bufferReducer,
  emptyBuffer,
  type BufferAction,
  type TextBuffer,
} from '../components/text-buffer.js';
import { matches, type Action } from '../keys.js';
import { useKeys } from './useKeys.js';

const EDITS: readonly [Action, BufferAction][] = [
  ...LINE_EDITS,
  ['input.up', { type: 'up' }],
  ['input.down', { type: 'down' }],
];

export interface InputBoxHandlers {
  onSubmit: (text: string) => void;
  onEscape: () => void;
}

export function useInputBox(
  isActive: boolean,
  handlers: InputBoxHandlers,
  initialText = '',
): {
  buffer: TextBuffer;
  /** The text as of the last key, even before React has re-rendered. */
  text: () => string;
  dispatch: (action: BufferAction) => void;
} {
  // Keys that arrive in one read are handled before React re-renders, so the handler reads
  // the buffer from a ref that each edit updates at once, not from the last render.
  const first = initialText ? bufferOf(initialText) : emptyBuffer;
  const current = useRef(first);
  const [buffer, setBuffer] = useState(first);
  const dispatch = useCallback((action: BufferAction) => {
    const next = bufferReducer(current.current, action);
    if (next === current.current) return;
    current.current = next;
    setBuffer(next);
  }, []);
  useKeys((input, key) => {
    // `?` on an empty input opens the help screen (the global keys handle it).
    if (current.current.text === '' && matches('app.help', input, key)) return;
    if (matches('input.newline', input, key)) return dispatch({ type: 'insert', text: '\n' });
    if (matches('input.send', input, key)) return handlers.onSubmit(current.current.text);
    if (matches('input.cancelEdit', input, key)) return handlers.onEscape();
    const edit = EDITS.find(([action]) => matches(action, input, key));
    if (edit) return dispatch(edit[1]);
    // Keys typed faster than the app reads come one at a time (see useKeys): text that
    // comes whole is a paste, line breaks and all.
    const text = typedText(input, key);
    if (text) dispatch({ type: 'insert', text });
  }, isActive);
  const text = useCallback(() => current.current.text, []);
  return { buffer, text, dispatch };
}
