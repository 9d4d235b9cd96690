/**
 * string-width, as Ink and its helpers (wrap-ansi, cli-truncate, widest-line) call it, on
 * our own displayWidth; the build puts it in place of the package. The package compiles the
 * RGI_Emoji regular expression (~45 ms) and starts Intl.Segmenter (~12 ms) on the first text
 * that is not ASCII, which the first frame always has (borders, ellipses); displayWidth
 * gives the same widths (but for decomposed Hangul jamo: see text.ts) and does neither for
 * text without emoji or combining sequences. wrap-ansi's older copy (string-width 7) gets
 * it too, so Ink measures with one rule everywhere. Only the default `ambiguousIsNarrow`
 * is offered: no caller changes it.
 */
import { displayWidth, sanitize } from '../core/text.js';

export interface StringWidthOptions {
  countAnsiEscapeCodes?: boolean;
}

export default function stringWidth(text: string, options: StringWidthOptions = {}): number {
  if (typeof text !== 'string' || text.length === 0) return 0;
  // Escape sequences (Ink's own colours) take no columns; sanitize removes them whole.
  const hasEscapes = text.includes('\u001b') || text.includes('\u009b');
  return displayWidth(hasEscapes && !options.countAnsiEscapeCodes ? sanitize(text) : text);
}
