import { describe, expect, it } from 'vitest';
import { MAX_SEQUENCE_LENGTH, sanitize } from '../../src/core/text.js';
import { EVERYTHING, isInert, SANITIZE_CASES } from './text-cases.js';

/** A seeded generator of nasty strings: mostly controls, introducers and terminators. */
function nasty(seed: number, length: number): string {
  const alphabet = [
    '\u001b',
    '[',
    ']',
    'P',
    'X',
    '^',
    '_',
    '\\',
    '\u0007',
    '\u009b',
    '\u009c',
    '\u009d',
    '\u0090',
    '\u0018',
    '\u001a',
    '\u007f',
    '\r',
    '\n',
    '\t',
    '\u0000',
    '\u0085',
    '\u202e',
    '\u2066',
    '\u200f',
    ';',
    '0',
    '5',
    '2',
    'm',
    'H',
    '?',
    ' ',
    '(',
    '#',
    'a',
    'é',
    '日',
    '\ud83d',
    '\ude00',
  ];
  let a = seed;
  let out = '';
  for (let k = 0; k < length; k++) {
    a = (Math.imul(a, 1103515245) + 12345) >>> 0;
    out += alphabet[(a >>> 8) % alphabet.length];
  }
  return out;
}

describe('sanitize', () => {
  it.each(SANITIZE_CASES)('handles %s', (_name, input, expected) => {
    expect(sanitize(input)).toBe(expected);
  });

  it('returns text that needs no change as it is', () => {
    const text = 'plain\ttext\nwith 日本語 and 😀';
    expect(sanitize(text)).toBe(text);
    expect(sanitize('')).toBe('');
  });

  it('leaves nothing dangerous in any of its cases', () => {
    expect(isInert(sanitize(EVERYTHING))).toBe(true);
    expect(isInert(EVERYTHING)).toBe(false);
  });

  it('leaves nothing dangerous in random nasty strings, and is idempotent', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const input = nasty(seed, 200);
      const once = sanitize(input);
      expect(isInert(once), JSON.stringify(input)).toBe(true);
      expect(once.includes('\u001b')).toBe(false);
      expect(sanitize(once)).toBe(once);
    }
  });

  describe(`gives up on a sequence after ${MAX_SEQUENCE_LENGTH} code units`, () => {
    it('shows what follows a never-ending OSC', () => {
      const open = '\u001b]52;c;';
      const payload = 'A'.repeat(MAX_SEQUENCE_LENGTH - open.length);
      expect(sanitize(`${open}${payload}visible`)).toBe('visible');
      expect(sanitize(`${open}${payload}AAvisible`)).toBe('AAvisible');
    });

    it('still swallows a long OSC that ends in time', () => {
      const open = '\u001b]52;c;';
      const payload = 'A'.repeat(MAX_SEQUENCE_LENGTH - open.length - 1);
      expect(sanitize(`${open}${payload}\u0007visible`)).toBe('visible');
    });

    it('applies to CSI parameters too', () => {
      expect(sanitize(`\u001b[${'1'.repeat(MAX_SEQUENCE_LENGTH)}m`)).toBe('11m');
    });
  });
});
