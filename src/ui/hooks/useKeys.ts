/**
 * `useInput` that always calls the latest handler. Ink re-subscribes a changed handler in a
 * passive effect, which React may run only at the next commit; keys arriving before that
 * would reach the handler of an older render and act on stale state. Here the handler and
 * the `isActive` flag are stored in a layout effect (run during the commit itself) and one
 * stable listener, subscribed once, reads them.
 *
 * Keys that arrive in one read reach the handler as one string, and Ink names a control key
 * only when it comes alone: Backspaces and Ctrl keys read with others (key repeat over SSH,
 * a busy app, a script's keys) are handed over one press at a time.
 * A bracketed paste is handed over as text with the `paste` flag, which no binding matches.
 */
import { useInput, useStdin, type Key } from 'ink';
import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import { PASTED, pasteTracker } from '../paste.js';

/**
 * A control key no text holds: Ctrl+A to Ctrl+Z (Backspace is BS, Ctrl+H, or DEL) but Tab,
 * Enter and Ctrl+J, which a paste in a terminal without bracketed paste does hold.
 */
function isControlKey(ch: string): boolean {
  const code = ch.charCodeAt(0);
  return ch.length === 1 && ((code >= 1 && code <= 26 && !'\t\n\r'.includes(ch)) || code === 127);
}

/** The control keys in `input`, each apart, and the text between them. */
function splitControlKeys(input: string): string[] {
  const parts: string[] = [];
  let text = '';
  for (const ch of input) {
    if (!isControlKey(ch)) {
      text += ch;
      continue;
    }
    if (text) parts.push(text);
    parts.push(ch);
    text = '';
  }
  if (text) parts.push(text);
  return parts;
}

/** Ink's key, or a paste (see paste.ts). */
export type PressedKey = Key & { paste?: boolean };
export type KeyHandler = (input: string, key: PressedKey) => void;

export function useKeys(handler: KeyHandler, isActive = true): void {
  const { internal_eventEmitter: events } = useStdin();
  // While rendering, so that it listens before any handler (see pasteTracker).
  const [paste] = useState(() => pasteTracker(events));
  const latest = useRef({ handler, isActive });
  useLayoutEffect(() => {
    latest.current = { handler, isActive };
  });
  const listener = useCallback<KeyHandler>(
    (input, key) => {
      const press: KeyHandler = (input, key) => {
        if (latest.current.isActive) latest.current.handler(input, key);
      };
      const pasted = paste.event;
      if (pasted) {
        if (pasted.kind === 'text' && pasted.text) press(pasted.text, PASTED);
        return;
      }
      const parts = key.ctrl || key.meta ? [input] : splitControlKeys(input);
      if (parts.length < 2) return press(input, key);
      for (const part of parts) {
        if (part === '\b') press('', { ...key, backspace: true });
        else if (part === '\u007f') press('', { ...key, delete: true });
        else if (isControlKey(part))
          press(String.fromCharCode(part.charCodeAt(0) + 96), { ...key, ctrl: true });
        // Left alone by the split, Enter and Tab are keys again, as Ink would name them.
        else if (part === '\r') press('', { ...key, return: true });
        else if (part === '\t') press('', { ...key, tab: true });
        else press(part, key);
      }
    },
    [paste],
  );
  useInput(listener);
}
