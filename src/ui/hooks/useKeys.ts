/**
 * `useInput` that always calls the latest handler. Ink re-subscribes a changed handler in a
 * passive effect, which React may run only at the next commit; keys arriving before that
 * would reach the handler of an older render and act on stale state. Here the handler and
 * the `isActive` flag are stored in a layout effect (run during the commit itself) and one
 * stable listener, subscribed once, reads them.
 *
 * Keys that arrive in one read reach the handler as one string, and Ink names only a lone
 * Backspace: several (key repeat over SSH, a busy app) are handed over one press at a time.
 */
import { useInput, type Key } from 'ink';
import { useCallback, useLayoutEffect, useRef } from 'react';

/** Backspace as terminals send it: DEL, or BS (also Ctrl+H). */
const ERASE = new RegExp('([\\b\\u007f])');

export type KeyHandler = (input: string, key: Key) => void;

export function useKeys(handler: KeyHandler, isActive = true): void {
  const latest = useRef({ handler, isActive });
  useLayoutEffect(() => {
    latest.current = { handler, isActive };
  });
  const listener = useCallback<KeyHandler>((input, key) => {
    const press: KeyHandler = (input, key) => {
      if (latest.current.isActive) latest.current.handler(input, key);
    };
    if (input.length < 2 || key.ctrl || key.meta || !ERASE.test(input)) return press(input, key);
    for (const part of input.split(ERASE)) {
      if (part === '\b') press('', { ...key, backspace: true });
      else if (part === '\u007f') press('', { ...key, delete: true });
      // Left alone by the split, Enter and Tab are keys again, as Ink would name them.
      else if (part === '\r') press('', { ...key, return: true });
      else if (part === '\t') press('', { ...key, tab: true });
      else if (part) press(part, key);
    }
  }, []);
  useInput(listener);
}
