import { describe, expect, it } from 'vitest';
import { MAX_SEQUENCE_LENGTH, previewLine, sanitize, truncate } from '../../src/core/text.js';

/** The obvious, slower definition previewLine must agree with. */
function naive(text: string, maxWidth = 120): string {
  const line = sanitize(text)
    .split('\n')
    .map((l) => l.replace(/\t/g, ' ').trim())
    .find((l) => l !== '');
  return line === undefined ? '' : truncate(line, maxWidth);
}

describe('previewLine', () => {
  it('takes the first non-blank line, trimmed, tabs as spaces', () => {
    expect(previewLine('\n  \n\t hello\tworld  \nsecond')).toBe('hello world');
    expect(previewLine('')).toBe('');
    expect(previewLine(' \n\t\n')).toBe('');
  });

  it('sanitizes before looking for the line', () => {
    expect(previewLine('\u001b]0;title\u0007\u001b[1mbold\u001b[0m')).toBe('bold');
    expect(previewLine('\u001b]0;a\nb\u0007\nreal')).toBe('real');
  });

  it('truncates to the width', () => {
    expect(previewLine('x'.repeat(200), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(previewLine('日本語テキスト', 7)).toBe('日本語…');
  });

  it('agrees with sanitizing the whole text, for long texts too', () => {
    const big = 4 * MAX_SEQUENCE_LENGTH;
    const texts = [
      `${'\n'.repeat(big - 3)}abc\ndef`,
      `${'\n'.repeat(big + 5)}abc`,
      `${' '.repeat(big - 2)}abcdef\n`,
      `${'\n'.repeat(big - 2)}\u001b]0;${'t'.repeat(100)}\u0007title`,
      `${'\n'.repeat(big - 1)}\u001b[31mred`,
      `${'y'.repeat(big * 3)}`,
      `${' '.repeat(big - 10)}${'z'.repeat(50)}`,
      `${'\n'.repeat(big * 5)}`,
      `${'\u001b]'}${'q'.repeat(big)}\nafter`,
    ];
    for (const text of texts) {
      expect(previewLine(text)).toBe(naive(text));
      expect(previewLine(text, 20)).toBe(naive(text, 20));
    }
  });
});
