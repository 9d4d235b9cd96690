/**
 * Text that reaches the terminal: making untrusted text inert, measuring and wrapping it.
 *
 * Everything from a model, a server, a title or an imported file goes through `sanitize` (or a
 * stream sanitizer) before it is drawn, so it can never move the cursor, retitle the window,
 * set the clipboard (OSC 52), plant links (OSC 8) or reorder what the user reads (bidi
 * overrides). Widths follow the rules of `string-width`, which Ink lays out boxes with (in
 * the bundles, Ink measures with `displayWidth` itself), so a line `wrap` says fits is a
 * line Ink will not wrap again.
 */
import { lazy } from './lazy.js';

/**
 * The most UTF-16 code units, introducer included, that one escape sequence may swallow. A
 * sequence still open after that many is abandoned and the text after it is shown as text, so
 * a never-terminated OSC or DCS hides at most this much instead of the rest of the reply.
 * Real sequences are far shorter; only an OSC 52 clipboard payload runs longer, and its tail
 * then shows as inert base64.
 */
export const MAX_SEQUENCE_LENGTH = 4096;

/** Columns between tab stops when `wrap` expands tabs. */
export const TAB_WIDTH = 4;

// Parser modes, after ECMA-48 / the VT500 state machine that xterm and friends follow.
const GROUND = 0;
/** After ESC. */
const ESCAPE = 1;
/** After ESC and one or more intermediates (0x20–0x2F), e.g. `ESC ( B`. */
const ESCAPE_INTERMEDIATE = 2;
/** Inside a control sequence: ESC [ or U+009B, up to a final byte 0x40–0x7E. */
const CSI = 3;
/** Inside a string: OSC, DCS, SOS, PM or APC, up to BEL or ST. */
const STRING = 4;
/** Inside a string, just after an ESC that may start ST (`ESC \`). */
const STRING_ESCAPE = 5;

type Mode =
  | typeof GROUND
  | typeof ESCAPE
  | typeof ESCAPE_INTERMEDIATE
  | typeof CSI
  | typeof STRING
  | typeof STRING_ESCAPE;

interface ParserState {
  mode: Mode;
  /** Code units consumed by the current sequence, introducer included. */
  length: number;
}

const ESC = 0x1b;
const BEL = 0x07;
const CAN = 0x18;
const SUB = 0x1a;
const DEL = 0x7f;

const isBidiControl = (c: number) => (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);

/** Code units passed through untouched in ground mode. */
const isPlain = (c: number) =>
  c === 0x0a || c === 0x09 || (c >= 0x20 && c < DEL) || (c >= 0xa0 && !isBidiControl(c));

/** 8-bit introducers of string sequences: DCS, SOS, OSC, PM, APC. */
const isStringIntroducer8 = (c: number) =>
  c === 0x90 || c === 0x98 || c === 0x9d || c === 0x9e || c === 0x9f;

/** Second bytes of `ESC x` that open a string sequence: P (DCS), X (SOS), ] (OSC), ^ (PM), _ (APC). */
const isStringIntroducer7 = (c: number) =>
  c === 0x50 || c === 0x58 || c === 0x5d || c === 0x5e || c === 0x5f;

/**
 * Runs the parser over `text` from `state` and returns what is safe to show; `state` is left
 * where the text ended. Each code unit's fate depends only on the state and the unit itself
 * (no look-ahead), which is why a stream sanitizer can match `sanitize` on any split.
 */
function run(state: ParserState, text: string): string {
  let out = '';
  let runStart = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (state.mode === GROUND) {
      if (isPlain(c)) {
        if (runStart < 0) runStart = i;
        continue;
      }
      if (runStart >= 0) {
        out += text.slice(runStart, i);
        runStart = -1;
      }
      if (c === ESC) enter(state, ESCAPE);
      else if (c === 0x9b) enter(state, CSI);
      else if (isStringIntroducer8(c)) enter(state, STRING);
      // Anything else here is a C0/C1 control, DEL or a bidi control: dropped.
      continue;
    }

    if (state.length >= MAX_SEQUENCE_LENGTH) {
      // Abandon an over-long sequence; this unit is read as ordinary text again.
      state.mode = GROUND;
      i--;
      continue;
    }
    state.length++;

    switch (state.mode) {
      case ESCAPE:
      case ESCAPE_INTERMEDIATE:
        if (state.mode === ESCAPE && c === 0x5b) state.mode = CSI;
        else if (state.mode === ESCAPE && isStringIntroducer7(c)) state.mode = STRING;
        else if (c >= 0x20 && c <= 0x2f) state.mode = ESCAPE_INTERMEDIATE;
        else if (c >= 0x30 && c <= 0x7e) state.mode = GROUND;
        else if (c === ESC) enter(state, ESCAPE);
        else if (c === CAN || c === SUB) state.mode = GROUND;
        else if (c !== DEL) {
          // A control or a non-ASCII character cuts the sequence short; read it as text.
          state.mode = GROUND;
          i--;
        }
        break;
      case CSI:
        if (c >= 0x40 && c <= 0x7e) state.mode = GROUND;
        else if (c >= 0x20 && c <= 0x3f) {
          // Parameter or intermediate: part of the sequence.
        } else if (c === ESC) enter(state, ESCAPE);
        else if (c === CAN || c === SUB) state.mode = GROUND;
        else if (c < 0x20) {
          // Terminals execute C0 controls inside a CSI and carry on with it; we keep the
          // harmless ones (newline, tab) and stay in the sequence.
          if (c === 0x0a || c === 0x09) out += String.fromCharCode(c);
        } else if (c !== DEL) {
          state.mode = GROUND;
          i--;
        }
        break;
      case STRING:
        if (c === BEL || c === 0x9c || c === CAN || c === SUB) state.mode = GROUND;
        else if (c === ESC) state.mode = STRING_ESCAPE;
        break;
      case STRING_ESCAPE:
        if (c === 0x5c) state.mode = GROUND;
        else {
          // ESC not followed by `\` ends the string and starts a new escape sequence.
          enter(state, ESCAPE);
          i--;
        }
        break;
    }
  }
  if (runStart === 0) return text;
  if (runStart > 0) out += text.slice(runStart);
  return out;
}

function enter(state: ParserState, mode: Mode): void {
  state.mode = mode;
  state.length = 1;
}

/**
 * Makes untrusted text inert for a terminal. Removed entirely, parameters and terminator
 * included, so `ESC]52;c;BASE64 BEL` leaves nothing behind:
 * - CSI (`ESC [`, U+009B), OSC (`ESC ]`, U+009D, incl. OSC 8 links and OSC 52 clipboard
 *   writes), DCS, SOS, PM and APC strings (ended by BEL or ST), and every other `ESC x`;
 * - all C1 controls U+0080–U+009F, DEL, and C0 controls except `\n` and `\t`. `\r` is dropped
 *   too, so `\r\n` becomes `\n` and a bare `\r` can never overwrite a line;
 * - bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which can make
 *   text display in an order other than the one it is read in. The marks U+200E, U+200F and
 *   U+061C stay: they only nudge neutral characters and real right-to-left text needs them.
 *
 * An unfinished sequence at the end is dropped; one longer than MAX_SEQUENCE_LENGTH is cut off
 * there and what follows is shown. Text that needs no change is returned as is.
 */
export function sanitize(text: string): string {
  return run({ mode: GROUND, length: 0 }, text);
}

/** Sanitizes text that arrives in pieces; see `createStreamSanitizer`. */
export interface StreamSanitizer {
  /** The safe text this chunk completes. */
  push(chunk: string): string;
  /** The rest, once the stream is over; the sanitizer can then be reused for a new stream. */
  end(): string;
}

/**
 * A sanitizer for streamed text: the concatenation of everything `push` and `end` return
 * equals `sanitize(chunks.join(''))`, however the chunks are split, even inside an escape
 * sequence. Nothing of a sequence is buffered: its characters are dropped as they arrive
 * and only the parser state (a mode and a counter) crosses chunks, so an OSC that never ends
 * costs no memory and stops swallowing text after MAX_SEQUENCE_LENGTH code units, exactly as
 * `sanitize` does. The only text held back is a trailing high surrogate (one code unit), so
 * each returned piece is well-formed UTF-16 when the input is.
 */
export function createStreamSanitizer(): StreamSanitizer {
  const state: ParserState = { mode: GROUND, length: 0 };
  let pending = '';
  return {
    push(chunk) {
      let text = pending + chunk;
      pending = '';
      const last = text.charCodeAt(text.length - 1);
      if (last >= 0xd800 && last <= 0xdbff) {
        pending = text.slice(-1);
        text = text.slice(0, -1);
      }
      return run(state, text);
    },
    end() {
      const out = run(state, pending);
      pending = '';
      state.mode = GROUND;
      state.length = 0;
      return out;
    },
  };
}

// Display width. These follow string-width 8 (Ink's own measure): grapheme clusters,
// zero for non-printing clusters, two for emoji and East Asian Wide/Fullwidth characters.
// Not copied: its special case for decomposed Hangul jamo (rare outside old Korean text).

// Built on first use, not at load: creating the segmenter and compiling the emoji property
// of strings cost ~30 ms, which every command would otherwise pay at start-up whether or
// not it measures any text.
const segmenter = lazy(() => new Intl.Segmenter());
const visibleChar =
  /[^\p{Default_Ignorable_Code_Point}\p{Control}\p{Format}\p{Nonspacing_Mark}\p{Enclosing_Mark}\p{Surrogate}]/u;
// The `v` flag is needed for this property of strings; Node 20 has it, TypeScript's ES2022
// target does not know it, hence the constructor.
const rgiEmoji = lazy(() => new RegExp('^\\p{RGI_Emoji}$', 'v'));
const keycap = /^[\d#*]\u20e3$/;
const emojiHint = /[\p{Extended_Pictographic}\p{Regional_Indicator}\u20e3]/u;
const spacingMark = /\p{Spacing_Mark}/u;
const pictographic = /\p{Extended_Pictographic}/gu;

/**
 * East Asian Wide (W) and Fullwidth (F) code points, Unicode 17 (EastAsianWidth.txt, as in
 * get-east-asian-width 1.5), merged into sorted [first, last] pairs.
 */
// prettier-ignore
const WIDE_RANGES = [
  0x1100, 0x115f, 0x231a, 0x231b, 0x2329, 0x232a, 0x23e9, 0x23ec, 0x23f0, 0x23f0, 0x23f3, 0x23f3,
  0x25fd, 0x25fe, 0x2614, 0x2615, 0x2630, 0x2637, 0x2648, 0x2653, 0x267f, 0x267f, 0x268a, 0x268f,
  0x2693, 0x2693, 0x26a1, 0x26a1, 0x26aa, 0x26ab, 0x26bd, 0x26be, 0x26c4, 0x26c5, 0x26ce, 0x26ce,
  0x26d4, 0x26d4, 0x26ea, 0x26ea, 0x26f2, 0x26f3, 0x26f5, 0x26f5, 0x26fa, 0x26fa, 0x26fd, 0x26fd,
  0x2705, 0x2705, 0x270a, 0x270b, 0x2728, 0x2728, 0x274c, 0x274c, 0x274e, 0x274e, 0x2753, 0x2755,
  0x2757, 0x2757, 0x2795, 0x2797, 0x27b0, 0x27b0, 0x27bf, 0x27bf, 0x2b1b, 0x2b1c, 0x2b50, 0x2b50,
  0x2b55, 0x2b55, 0x2e80, 0x2e99, 0x2e9b, 0x2ef3, 0x2f00, 0x2fd5, 0x2ff0, 0x303e, 0x3041, 0x3096,
  0x3099, 0x30ff, 0x3105, 0x312f, 0x3131, 0x318e, 0x3190, 0x31e5, 0x31ef, 0x321e, 0x3220, 0x3247,
  0x3250, 0xa48c, 0xa490, 0xa4c6, 0xa960, 0xa97c, 0xac00, 0xd7a3, 0xf900, 0xfaff, 0xfe10, 0xfe19,
  0xfe30, 0xfe52, 0xfe54, 0xfe66, 0xfe68, 0xfe6b, 0xff01, 0xff60, 0xffe0, 0xffe6, 0x16fe0, 0x16fe4,
  0x16ff0, 0x16ff6, 0x17000, 0x18cda, 0x18cff, 0x18d20, 0x18d80, 0x18df2, 0x18e00, 0x19191,
  0x191a0, 0x191d2, 0x1aff0, 0x1aff3, 0x1aff5, 0x1affb, 0x1affd, 0x1affe, 0x1b000, 0x1b128,
  0x1b132, 0x1b132, 0x1b150, 0x1b152, 0x1b155, 0x1b155, 0x1b164, 0x1b168, 0x1b170, 0x1b2fb,
  0x1d300, 0x1d356, 0x1d360, 0x1d376, 0x1f004, 0x1f004, 0x1f0cf, 0x1f0cf, 0x1f18e, 0x1f18e,
  0x1f191, 0x1f19a, 0x1f1ae, 0x1f1ae, 0x1f200, 0x1f202, 0x1f210, 0x1f23b, 0x1f240, 0x1f248,
  0x1f250, 0x1f251, 0x1f260, 0x1f265, 0x1f300, 0x1f320, 0x1f32d, 0x1f335, 0x1f337, 0x1f37c,
  0x1f37e, 0x1f393, 0x1f3a0, 0x1f3ca, 0x1f3cf, 0x1f3d3, 0x1f3e0, 0x1f3f0, 0x1f3f4, 0x1f3f4,
  0x1f3f8, 0x1f43e, 0x1f440, 0x1f440, 0x1f442, 0x1f4fc, 0x1f4ff, 0x1f53d, 0x1f54b, 0x1f54e,
  0x1f550, 0x1f567, 0x1f57a, 0x1f57a, 0x1f595, 0x1f596, 0x1f5a4, 0x1f5a4, 0x1f5fb, 0x1f64f,
  0x1f680, 0x1f6c5, 0x1f6cc, 0x1f6cc, 0x1f6d0, 0x1f6d2, 0x1f6d5, 0x1f6d9, 0x1f6dc, 0x1f6df,
  0x1f6eb, 0x1f6ec, 0x1f6f4, 0x1f6fc, 0x1f7da, 0x1f7da, 0x1f7e0, 0x1f7eb, 0x1f7f0, 0x1f7f0,
  0x1f90c, 0x1f93a, 0x1f93c, 0x1f945, 0x1f947, 0x1f9ff, 0x1fa70, 0x1fa7c, 0x1fa80, 0x1fac6,
  0x1fac8, 0x1fac8, 0x1facc, 0x1fadd, 0x1fadf, 0x1faeb, 0x1faef, 0x1fafa, 0x20000, 0x2fffd,
  0x30000, 0x3fffd,
];

function isWide(codePoint: number): boolean {
  let lo = 0;
  let hi = WIDE_RANGES.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const first = WIDE_RANGES[2 * mid] ?? 0;
    const last = WIDE_RANGES[2 * mid + 1] ?? 0;
    if (codePoint < first) hi = mid - 1;
    else if (codePoint > last) lo = mid + 1;
    else return true;
  }
  return false;
}

const isPrintableAscii = (text: string) => /^[\x20-\x7e]*$/.test(text);

/**
 * Whether each UTF-16 unit of `text` is a grapheme cluster of its own: nothing that extends
 * or joins a cluster (marks, ZWJ, variation selectors, CR before LF), no code point beyond
 * the BMP (emoji, flags, astral CJK), no Hangul jamo, no prepended concatenation marks.
 * Such text, box drawing and accents and CJK included, is split and measured unit by unit
 * without Intl.Segmenter, whose first use costs ~12 ms of start-up.
 */
const isSingleUnitClusters = (text: string) =>
  /^[^\r\p{Grapheme_Extend}\p{Spacing_Mark}\u0e33\u0eb3\u200c-\u200d\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff\ud800-\udfff\u{10000}-\u{10ffff}\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u0d4e]*$/u.test(
    text,
  );

/** Columns one grapheme cluster takes. */
function clusterWidth(cluster: string): number {
  if (cluster.length === 1) {
    // Fast path: printable ASCII, Latin-1 and Latin Extended (bar the soft hyphen) are narrow.
    const c = cluster.charCodeAt(0);
    if ((c >= 0x20 && c < 0x7f) || (c >= 0xa0 && c < 0x300 && c !== 0xad)) return 1;
  }
  const base = cluster.search(visibleChar);
  if (base < 0) return 0;
  // Every emoji sequence holds a pictograph, a regional indicator or a keycap mark; the
  // costly RGI test runs only then.
  if (emojiHint.test(cluster) && (rgiEmoji().test(cluster) || keycap.test(cluster))) return 2;
  // Emoji ZWJ sequences that are not RGI still render as one wide glyph.
  if (cluster.length <= 50 && cluster.includes('\u200d')) {
    if ((cluster.match(pictographic)?.length ?? 0) >= 2) return 2;
  }
  const first = cluster.codePointAt(base) ?? 0;
  let width = isWide(first) ? 2 : 1;
  // Spacing marks (e.g. Devanagari vowel signs) and halfwidth/fullwidth forms after the base
  // take columns of their own.
  for (const char of cluster.slice(base + (first > 0xffff ? 2 : 1))) {
    if (spacingMark.test(char) || (char >= '\uff00' && char <= '\uffef')) {
      width += isWide(char.codePointAt(0) ?? 0) ? 2 : 1;
    }
  }
  return width;
}

/** Columns `text` takes in a terminal. Controls and tabs count zero: sanitize and expand first. */
export function displayWidth(text: string): number {
  if (isPrintableAscii(text)) return text.length;
  let width = 0;
  for (const cluster of graphemes(text)) width += clusterWidth(cluster);
  return width;
}

/** Whether `text` can be split into grapheme clusters without Intl.Segmenter. */
const splitsByUnit = (text: string) => isPrintableAscii(text) || isSingleUnitClusters(text);

function graphemes(text: string): Iterable<string> {
  if (splitsByUnit(text)) return text;
  return Array.from(segmenter().segment(text), (s) => s.segment);
}

export interface GraphemeSegment {
  segment: string;
  /** Its offset in the text, in UTF-16 units. */
  index: number;
}

/**
 * The grapheme clusters of `text` with their offsets, as Intl.Segmenter gives them; it is
 * started only for text that needs it. The bundles give Ink's text helpers this in place
 * of their own segmenters (scripts/build.mjs).
 */
export function graphemeSegments(text: string): GraphemeSegment[] {
  if (splitsByUnit(text)) return Array.from(text, (segment, index) => ({ segment, index }));
  return Array.from(segmenter().segment(text), ({ segment, index }) => ({ segment, index }));
}

/** `text` padded with spaces to `width` columns (wide characters count two). */
export function padColumns(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/**
 * Shortens `text` to at most `width` columns, ending it with `ellipsis` when something was
 * cut. Never splits a grapheme cluster.
 */
export function truncate(text: string, width: number, ellipsis = '…'): string {
  if (displayWidth(text) <= width) return text;
  const room = width - displayWidth(ellipsis);
  if (room < 0) return '';
  let out = '';
  let used = 0;
  for (const g of graphemes(text)) {
    const w = clusterWidth(g);
    if (used + w > room) break;
    out += g;
    used += w;
  }
  return out + ellipsis;
}

/** Replaces each tab with spaces up to the next multiple of TAB_WIDTH columns, line by line. */
export function expandTabs(text: string): string {
  return text.includes('\t') ? text.split('\n').map(expandLineTabs).join('\n') : text;
}

function expandLineTabs(line: string): string {
  if (!line.includes('\t')) return line;
  const parts = line.split('\t');
  let out = '';
  let column = 0;
  parts.forEach((part, k) => {
    out += part;
    column += displayWidth(part);
    if (k < parts.length - 1) {
      const pad = TAB_WIDTH - (column % TAB_WIDTH);
      out += ' '.repeat(pad);
      column += pad;
    }
  });
  return out;
}

const trimSpacesEnd = (line: string) => line.replace(/ +$/, '');

function wrapLine(line: string, width: number, lines: string[]): void {
  const tokens = line.match(/ +|[^ ]+/g);
  if (tokens === null) {
    lines.push('');
    return;
  }
  const first = lines.length;
  let current = '';
  let used = 0;
  /** Whether `current` holds a word yet, rather than only indentation. */
  let hasWord = false;
  const breakLine = () => {
    lines.push(trimSpacesEnd(current));
    current = '';
    used = 0;
    hasWord = false;
  };

  for (const token of tokens) {
    const w = displayWidth(token);
    if (used + w <= width) {
      current += token;
      used += w;
      if (token[0] !== ' ') hasWord = true;
      continue;
    }
    if (token[0] === ' ') {
      // Spaces that do not fit are where the line breaks; they are not carried over.
      if (used > 0) breakLine();
      continue;
    }
    if (hasWord) breakLine();
    else if (used >= width) {
      // Indentation that fills the line is dropped rather than left on a line of its own.
      current = '';
      used = 0;
    }
    if (used + w <= width) {
      current += token;
      used += w;
      hasWord = true;
      continue;
    }
    // A word longer than the room left: split it between grapheme clusters.
    for (const g of graphemes(token)) {
      const gw = clusterWidth(g);
      if (used + gw > width && used > 0) breakLine();
      current += g;
      used += gw;
      hasWord = true;
    }
  }
  if (current !== '' || lines.length === first) lines.push(current);
}

/**
 * Hard-wraps plain text to `width` columns, one string per screen line. Explicit newlines
 * always break; otherwise lines break at spaces (the spaces at a break are dropped, other
 * spaces, including indentation, are kept) and a word longer than the line is split between
 * grapheme clusters. Tabs become spaces (stops every TAB_WIDTH columns). No line is wider
 * than `width`, except one holding a single character wider than `width` itself. A
 * non-finite `width` only splits lines. Sanitize untrusted text first: controls count as zero
 * columns here.
 */
export function wrap(text: string, width: number): string[] {
  const columns = Number.isFinite(width) ? Math.max(1, Math.floor(width)) : Infinity;
  const lines: string[] = [];
  for (const raw of text.split('\n')) {
    const line = expandLineTabs(raw);
    if (columns === Infinity || (isPrintableAscii(line) && line.length <= columns)) {
      lines.push(line);
    } else {
      wrapLine(line, columns, lines);
    }
  }
  return lines;
}

/**
 * A one-line preview of untrusted text for lists and the tree view: the first line with
 * something on it, sanitized, tabs made spaces, trimmed and truncated to `maxWidth` columns.
 * Reads only as much of a long text as it needs.
 */
export function previewLine(text: string, maxWidth = 120): string {
  // sanitize has no look-ahead, so sanitizing a prefix gives a prefix of the whole result.
  let end = Math.min(text.length, 4 * MAX_SEQUENCE_LENGTH);
  for (;;) {
    const whole = end === text.length;
    const lines = sanitize(text.slice(0, end)).split('\n');
    for (let k = 0; k < lines.length; k++) {
      const complete = whole || k < lines.length - 1;
      const line = (lines[k] ?? '').replace(/\t/g, ' ').trim();
      if (line === '') continue;
      if (complete || displayWidth(line) > maxWidth) return truncate(line, maxWidth);
      break;
    }
    if (whole) return '';
    end = Math.min(text.length, end * 2);
  }
}
