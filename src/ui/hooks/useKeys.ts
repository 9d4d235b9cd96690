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
import { KEYLESS, PASTED, pasteTracker, type PasteEvent } from '../paste.js';

/**
 * A control key no text holds: Ctrl+A to Ctrl+Z (Backspace is BS, Ctrl+H, or DEL) but Tab,
 * Enter and Ctrl+J, which a paste in a terminal without bracketed paste does hold.
 */
function isControlKey(ch: string): boolean {
  const code = ch.charCodeAt(0);
  return ch.length === 1 && ((code >= 1 && code <= 26 && !'\t\n\r'.includes(ch)) || code === 127);
}

/** A read longer than this is taken for a paste (with no bracketed paste), not for keys. */
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

type Press = [input: string, key: PressedKey];

/** The presses one input event holds: one, or several read together (see splitKeys). */
function pressesOf(input: string, key: Key, pasted: PasteEvent): Press[] {
  if (pasted?.kind === 'text') return pasted.text ? [[pasted.text, PASTED]] : [];
  if (pasted?.kind === 'marker') return [];
  const [keys, named] = pasted?.kind === 'keys' ? [pasted.input, KEYLESS] : [input, key];
  const parts = named.ctrl || named.meta ? [keys] : splitKeys(keys);
  // Named by Ink, alone.
  if (!pasted && parts.length < 2) return [[input, key]];
  return parts.map((part, k): Press => {
    if (part === '\b') return ['', { ...named, backspace: true }];
    if (part === '\u007f') return ['', { ...named, delete: true }];
    if (isControlKey(part))
      return [String.fromCharCode(part.charCodeAt(0) + 96), { ...named, ctrl: true }];
    // As Ink names them alone; a Tab amid typed text is text (a short paste).
    if (part === '\r') return ['', { ...named, return: true }];
    if (part === '\t' && k === parts.length - 1) return ['', { ...named, tab: true }];
    return [part, named];
  });
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
  // Presses not yet handed over: the first of a read at once; each of the others once
  // React has drawn what the one before did, so that `jj Enter` opens the row the cursor
  // moved to, as when typed apart. A read that comes meanwhile waits its turn.
  const queue = useRef<Press[]>([]);
  const listener = useCallback<KeyHandler>(
    (input, key) => {
      const drain = () => {
        const next = queue.current.shift();
        if (next && latest.current.isActive) latest.current.handler(...next);
        // React schedules its render (a setImmediate) from a microtask the press queued:
        // ours, queued after it, comes after that render.
        if (queue.current.length > 0) queueMicrotask(() => setImmediate(drain));
      };
      const idle = queue.current.length === 0;
      queue.current.push(...pressesOf(input, key, paste.event));
      if (idle) drain();
    },
    [paste],
  );
  useInput(listener);
}
