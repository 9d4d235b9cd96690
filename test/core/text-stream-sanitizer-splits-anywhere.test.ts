import { describe, expect, it } from 'vitest';
import { createStreamSanitizer, MAX_SEQUENCE_LENGTH, sanitize } from '../../src/core/text.js';
import { EVERYTHING, isInert, SANITIZE_CASES } from './text-cases.js';

function streamed(chunks: string[]): { pieces: string[]; text: string } {
  const sanitizer = createStreamSanitizer();
  const pieces = chunks.map((chunk) => sanitizer.push(chunk));
  pieces.push(sanitizer.end());
  return { pieces, text: pieces.join('') };
}

describe('createStreamSanitizer', () => {
  it.each(SANITIZE_CASES)('matches sanitize for %s split at every position', (_name, input) => {
    const whole = sanitize(input);
    for (let at = 0; at <= input.length; at++) {
      expect(streamed([input.slice(0, at), input.slice(at)]).text).toBe(whole);
    }
  });

  it.each(SANITIZE_CASES)(
    'matches sanitize for %s split at every two positions',
    (_name, input) => {
      const whole = sanitize(input);
      for (let a = 0; a <= input.length; a++) {
        for (let b = a; b <= input.length; b++) {
          const chunks = [input.slice(0, a), input.slice(a, b), input.slice(b)];
          expect(streamed(chunks).text).toBe(whole);
        }
      }
    },
  );

  it('matches sanitize for everything at once, split at every position and char by char', () => {
    const whole = sanitize(EVERYTHING);
    for (let at = 0; at <= EVERYTHING.length; at++) {
      expect(streamed([EVERYTHING.slice(0, at), EVERYTHING.slice(at)]).text).toBe(whole);
    }
    expect(streamed([...EVERYTHING.split('')]).text).toBe(whole);
  });

  it('matches sanitize under random chunkings, and every piece is inert', () => {
    let seed = 7;
    const next = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    for (let round = 0; round < 300; round++) {
      const chunks: string[] = [];
      for (let at = 0; at < EVERYTHING.length;) {
        const size = next(12);
        chunks.push(EVERYTHING.slice(at, at + size));
        at += size;
      }
      const { pieces, text } = streamed(chunks);
      expect(text).toBe(sanitize(EVERYTHING));
      for (const piece of pieces) expect(isInert(piece)).toBe(true);
    }
  });

  it('gives out text as soon as it is safe', () => {
    const sanitizer = createStreamSanitizer();
    expect(sanitizer.push('Hello \u001b[3')).toBe('Hello ');
    expect(sanitizer.push('1mred')).toBe('red');
    expect(sanitizer.push('\u001b]52;c;QUFB')).toBe('');
    expect(sanitizer.push('QUFB\u0007 done')).toBe(' done');
    expect(sanitizer.end()).toBe('');
  });

  it('holds back only a trailing high surrogate, so pieces stay well-formed', () => {
    const sanitizer = createStreamSanitizer();
    expect(sanitizer.push('a\ud83d')).toBe('a');
    expect(sanitizer.push('\ude00b')).toBe('😀b');
    expect(sanitizer.push('\ud83d')).toBe('');
    expect(sanitizer.end()).toBe('\ud83d');
  });

  it('can be reused after end, starting from a clean state', () => {
    const sanitizer = createStreamSanitizer();
    expect(sanitizer.push('\u001b]0;never ends')).toBe('');
    expect(sanitizer.end()).toBe('');
    expect(sanitizer.push('visible')).toBe('visible');
  });

  it('buffers nothing of a never-ending OSC and shows text after the limit', () => {
    const sanitizer = createStreamSanitizer();
    const open = '\u001b]52;c;';
    expect(sanitizer.push(open)).toBe('');
    let shown = '';
    const chunk = 'B'.repeat(1024);
    for (let k = 0; k < 64; k++) shown += sanitizer.push(chunk);
    const total = 64 * 1024;
    expect(shown).toBe('B'.repeat(total - (MAX_SEQUENCE_LENGTH - open.length)));
    expect(shown).toBe(sanitize(open + chunk.repeat(64)));
  });
});
