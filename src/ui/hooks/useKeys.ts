/**
 * `useInput` that always calls the latest handler. Ink re-subscribes a changed handler in a
 * passive effect, which React may run only at the next commit; keys arriving before that
 * would reach the handler of an older render and act on stale state. Here the handler and
 * the `isActive` flag are stored in a layout effect (run during the commit itself) and one
 * stable listener, subscribed once, reads them.
 *
 * Keys that arrive in one read reach the handler as one string, and Ink names a key only
 * when it comes alone: keys read together (key repeat over SSH, a busy app, a script's
 * keys) are handed over one press at a time (see splitKeys).
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

/** Longer than any burst of typed keys: a read this long is a paste, its line breaks text. */
const TYPED_BURST = 32;

/**
 * A read as the keys it holds. A short one with no line break but at its end was typed (key
 * repeat, a slow link, a script's keys): each character is a key. Any other is a paste in
 * a terminal without bracketed paste: its text stays whole, line breaks and all, and only
 * the control keys in it, which no text holds, are keys.
 */
function splitKeys(input: string): string[] {
  const chars = [...input];
  const lineBreak = chars.findIndex((ch) => ch === '\r' || ch === '\n');
  if (chars.length <= TYPED_BURST && (lineBreak < 0 || lineBreak === chars.length - 1))
    return chars;
  const parts: string[] = [];
  let text = '';
  for (const ch of chars) {
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
      const parts = key.ctrl || key.meta ? [input] : splitKeys(input);
      if (parts.length < 2) return press(input, key);
      for (const part of parts) {
        if (part === '\b') press('', { ...key, backspace: true });
        else if (part === '\u007f') press('', { ...key, delete: true });
        else if (isControlKey(part))
          press(String.fromCharCode(part.charCodeAt(0) + 96), { ...key, ctrl: true });
        // As Ink names them when they come alone.
        else if (part === '\r') press('', { ...key, return: true });
        else if (part === '\t') press('', { ...key, tab: true });
        else press(part, key);
      }
    },
    [paste],
  );
  useInput(listener);
}
