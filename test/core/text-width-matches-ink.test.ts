import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { displayWidth, graphemeSegments, truncate } from '../../src/core/text.js';
import ourStringWidth from '../../src/ui/string-width.js';
import { prng } from '../helpers/prng.js';

// string-width is what Ink measures with (it comes with Ink, not as our own dependency); the
// point of displayWidth is to agree with it, so it is the oracle here.
const SAMPLES = [
  '',
  'hello',
  'naïve café',
  'e\u0301',
  '日本語',
  '한국어',
  'ｆｕｌｌ',
  'ｶﾞ',
  '😀',
  '👍🏽',
  '👨‍👩‍👧',
  '🏳️‍🌈',
  '🇫🇷',
  '1️⃣',
  '#\u20e3',
  '☺',
  '☺️',
  '✅',
  '♥',
  'a\u200bb',
  'a\u200db',
  'soft\u00adhyphen',
  'ภาษาไทย',
  'नमस्ते किताब',
  'مرحبا',
  'שלום',
  '\u200e\u200f',
  '─│┌┐',
  '→ ← ↑ ↓',
  '©®™',
  'Ω≈ç√∫',
  '〜ー・',
  '𠮷野家',
  'x\u0301\u0302\u0303',
  '\t',
];

// Pieces of text that mix in every way: single code points of each width, and what joins
// or extends a cluster (marks, ZWJ, variation selectors, skin tones, keycaps, flags).
// Decomposed Hangul jamo are left out on purpose (see text.ts).
const PIECES = [
  ...'aZ ~é€ÿŁ─│…→©日本ｶﾞ한',
  '\u0301',
  '\u0e33',
  '\u093f',
  '\u200b',
  '\u200c',
  '\u200d',
  '\ufe0f',
  '\u20e3',
  '\u0600',
  '😀',
  '🏽',
  '🇫',
  '🇷',
  '👨',
  '✅',
  '♥',
  '𠮷',
  'ﾞ',
  '\u00ad',
  '\t',
];

const mixtures = (seed: number, count: number, pieces = PIECES) => {
  const random = prng(seed);
  return Array.from({ length: count }, () =>
    Array.from({ length: 1 + random.int(8) }, () => random.pick(pieces)).join(''),
  );
};

describe('displayWidth', () => {
  it.each(SAMPLES)('agrees with string-width on %j', (sample) => {
    expect(displayWidth(sample)).toBe(stringWidth(sample));
  });

  it('counts printable ASCII by length', () => {
    expect(displayWidth('abc def')).toBe(7);
  });

  it('agrees with string-width on 5,000 seeded mixtures', () => {
    for (const sample of mixtures(20261125, 5000)) {
      expect([sample, displayWidth(sample)]).toEqual([sample, stringWidth(sample)]);
    }
  });
});

// The build puts src/ui/string-width.ts in place of the package for Ink (scripts/build.mjs).
describe('string-width as the bundles have it', () => {
  const styled = (text: string) => `\u001b[1m\u001b[38;2;1;2;3m${text}\u001b[39m\u001b[22m`;

  it.each(SAMPLES)('measures %j as the package does, plain and styled', (sample) => {
    expect(ourStringWidth(sample)).toBe(stringWidth(sample));
    expect(ourStringWidth(styled(sample))).toBe(stringWidth(styled(sample)));
  });

  it('counts escape codes when asked to, as the package does', () => {
    const text = styled('日本 ok');
    expect(ourStringWidth(text, { countAnsiEscapeCodes: true })).toBe(
      stringWidth(text, { countAnsiEscapeCodes: true }),
    );
  });

  it('measures a hyperlink by its text', () => {
    const link = '\u001b]8;;https://example.com\u0007link\u001b]8;;\u0007';
    expect(ourStringWidth(link)).toBe(stringWidth(link));
  });
});

describe('truncate', () => {
  it('leaves text that fits alone', () => {
    expect(truncate('hello', 5)).toBe('hello');
    expect(truncate('日本', 4)).toBe('日本');
  });

  it('cuts to the width, ellipsis included', () => {
    expect(truncate('hello world', 8)).toBe('hello w…');
    expect(truncate('日本語テキスト', 7)).toBe('日本語…');
    expect(truncate('日本語テキスト', 6)).toBe('日本…');
    expect(truncate('hello', 4, '...')).toBe('h...');
  });

  it('never splits a grapheme cluster', () => {
    expect(truncate('👨‍👩‍👧👨‍👩‍👧', 3)).toBe('👨‍👩‍👧…');
    expect(truncate('e\u0301e\u0301e\u0301', 2)).toBe('e\u0301…');
  });

  it('gives nothing when even the ellipsis does not fit', () => {
    expect(truncate('hello', 0)).toBe('');
    expect(truncate('hello', 2, '...')).toBe('');
    expect(truncate('hello', 1)).toBe('…');
  });
});

// The bundles give Ink's text helpers graphemeSegments in place of Intl.Segmenter.
describe('graphemeSegments', () => {
  const segmenter = new Intl.Segmenter();
  const expected = (text: string) =>
    Array.from(segmenter.segment(text), ({ segment, index }) => ({ segment, index }));

  it('splits as Intl.Segmenter does, on 5,000 seeded mixtures and the samples', () => {
    // Splitting has no exceptions: jamo, syllables and line ends join the mixtures here.
    const pieces = [...PIECES, '\r', '\n', '\u1100', '\u1161', '\u11a8', '가', '\u001b', '['];
    for (const sample of [...SAMPLES, ...mixtures(7, 5000, pieces), '\u001b[1mbold\u001b[22m']) {
      expect([sample, graphemeSegments(sample)]).toEqual([sample, expected(sample)]);
    }
  });
});
