/**
 * `useInput` that always calls the latest handler. Ink re-subscribes a changed handler in a
 * passive effect, which React may run only at the next commit; keys arriving before that
 * would reach the handler of an older render and act on stale state. Here the handler and
 * the `isActive` flag are stored in a layout effect (run during the commit itself) and one
 * stable listener, subscribed once, reads them.
 */
import { useInput, type Key } from 'ink';
import { useCallback, useLayoutEffect, useRef } from 'react';

export type KeyHandler = (input: string, key: Key) => void;

export function useKeys(handler: KeyHandler, isActive = true): void {
  const latest = useRef({ handler, isActive });
  useLayoutEffect(() => {
    latest.current = { handler, isActive };
  });
  const listener = useCallback<KeyHandler>((input, key) => {
    if (latest.current.isActive) latest.current.handler(input, key);
  }, []);
  useInput(listener);
}
