import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { displayWidth, truncate } from '../../src/core/text.js';

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

describe('displayWidth', () => {
  it.each(SAMPLES)('agrees with string-width on %j', (sample) => {
    expect(displayWidth(sample)).toBe(stringWidth(sample));
  });

  it('counts printable ASCII by length', () => {
    expect(displayWidth('abc def')).toBe(7);
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
