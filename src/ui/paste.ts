/**
 * Bracketed paste (xterm's mode 2004): the terminal wraps pasted text in ESC[200~ … ESC[201~,
 * so a paste is told from typing. Without it, a pasted line that ends in a newline is sent
 * as if Enter were pressed, a pasted Tab or DEL acts as a key, and pasted text reaches the
 * sidebar's one-letter keys. Ink 6 does not know the mode; it hands each marker, and the
 * text between, to its input listeners as separate events, in order.
 */
import type { EventEmitter } from 'node:events';
import type { Key } from 'ink';

export const ENABLE_BRACKETED_PASTE = '\u001b[?2004h';
export const DISABLE_BRACKETED_PASTE = '\u001b[?2004l';
const PASTE_START = '\u001b[200~';
const PASTE_END = '\u001b[201~';
const MARKERS = [PASTE_START, PASTE_END];
const CTRL_C = '\u0003';
const BEL = '\u0007';
/** OSC, DCS, APC, PM and SOS: a body of text up to BEL or ST. */
const STRING_OPENERS = ['\u001b]', '\u001bP', '\u001b_', '\u001b^', '\u001bX'];

export type PasteEvent =
  | { kind: 'marker' }
  | { kind: 'text'; text: string }
  /** Typed keys that came in one read with the end of a paste's last marker. */
  | { kind: 'keys'; input: string }
  | undefined;

/** What the input event being handed out is to key handlers, when it belongs to a paste. */
export interface PasteTracker {
  event: PasteEvent;
}

const trackers = new WeakMap<EventEmitter, PasteTracker>();

/**
 * The tracker of the app whose input events `emitter` hands out. It must listen before any
 * key handler, so that they all see it updated for the event they are called with: call it
 * while rendering, before Ink's input hooks subscribe (in effects, after the render).
 */
export function pasteTracker(emitter: EventEmitter): PasteTracker {
  let tracker = trackers.get(emitter);
  if (!tracker) {
    tracker = trackPastes(emitter);
    trackers.set(emitter, tracker);
  }
  return tracker;
}

function trackPastes(emitter: EventEmitter): PasteTracker {
  const tracker: PasteTracker = { event: undefined };
  let pasting = false;
  // A CR LF line end split between two reads is one line break.
  let endedInCR = false;
  // Ink hands out a string sequence's opening (ESC ]) alone and its body as text: the body
  // is dropped up to its end (BEL, or ESC and a backslash, an event of its own).
  let inString = false;
  // A marker split between two reads: Ink hands out the first part as an escape sequence
  // of its own (or a lone ESC) and the rest as the start of the next text.
  let partial = '';
  const startOrEnd = (marker: string, rest: string) => {
    pasting = marker === PASTE_START;
    endedInCR = false;
    inString = false;
    if (!rest) tracker.event = { kind: 'marker' };
    else if (pasting) tracker.event = { kind: 'text', text: pastedText(rest) };
    else tracker.event = { kind: 'keys', input: rest };
  };
  emitter.on('input', (event: string) => {
    const joined = partial + event;
    partial = '';
    const marker = MARKERS.find((m) => joined.startsWith(m));
    if (marker) {
      startOrEnd(marker, joined.slice(marker.length));
    } else if (event.length < PASTE_START.length && MARKERS.some((m) => m.startsWith(event))) {
      partial = event;
      // A lone ESC may be the Esc key: it goes on as one.
      tracker.event = event === '\u001b' ? undefined : { kind: 'marker' };
    } else if (!pasting || event === CTRL_C) {
      // Ctrl+C is never pasted text: it ends a paste whose end marker was lost, so the app
      // can still be quit.
      pasting = false;
      tracker.event = undefined;
    } else if (event.startsWith('\u001b')) {
      // An escape sequence inside a paste (colour codes, a copied arrow key) is not text.
      inString = STRING_OPENERS.includes(event);
      tracker.event = { kind: 'marker' };
    } else {
      let rest = event;
      if (inString) {
        const end = rest.indexOf(BEL);
        inString = end < 0;
        rest = end < 0 ? '' : rest.slice(end + 1);
      }
      const text = pastedText(endedInCR && rest.startsWith('\n') ? rest.slice(1) : rest);
      endedInCR = event.endsWith('\r');
      tracker.event = { kind: 'text', text };
    }
  });
  return tracker;
}

/** Pasted text as the input keeps it: line breaks as \n, no control characters but Tab. */
export function pastedText(raw: string): string {
  return [...raw.replace(/\r\n?/g, '\n')]
    .filter((ch) => ch === '\n' || ch === '\t' || (ch >= ' ' && ch !== '\u007f'))
    .join('');
}

/** No key named: typed text. */
export const KEYLESS: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

/** The key a paste is handed over with: none, and marked, so no binding matches it. */
export const PASTED: Key & { paste: true } = { ...KEYLESS, paste: true };
