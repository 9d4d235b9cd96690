import { describe, expect, it } from 'vitest';
import { displayWidth, wrap } from '../../src/core/text.js';

describe('wrap', () => {
  it.each([
    ['empty text', '', 10, ['']],
    ['text that fits', 'hello world', 20, ['hello world']],
    ['text exactly as wide', 'hello', 5, ['hello']],
    ['at a space', 'hello world', 5, ['hello', 'world']],
    ['greedily', 'aa bb cc dd', 5, ['aa bb', 'cc dd']],
    ['dropping the spaces at a break', 'aaa   bbb', 4, ['aaa', 'bbb']],
    ['keeping spaces inside a line', 'a  b', 10, ['a  b']],
    ['keeping trailing spaces that fit', 'ab  ', 10, ['ab  ']],
    ['dropping trailing spaces that do not fit', 'abc   ', 4, ['abc']],
    ['keeping explicit newlines', 'a\nb\n\nc', 10, ['a', 'b', '', 'c']],
    ['keeping blank lines', '\n\n', 10, ['', '', '']],
    ['keeping indentation', '  - item one two', 10, ['  - item', 'one two']],
    ['splitting a long word', 'abcdefghij', 4, ['abcd', 'efgh', 'ij']],
    ['moving a long word to its own line first', 'a abcdefghij', 4, ['a', 'abcd', 'efgh', 'ij']],
    ['splitting a long word after indentation', '  abcdefgh', 5, ['  abc', 'defgh']],
    ['dropping indentation that fills the line', '    abcdefgh', 4, ['abcd', 'efgh']],
    ['wide characters', '日本語のテキスト', 6, ['日本語', 'のテキ', 'スト']],
    ['a wide character that would straddle the edge', 'a日本', 4, ['a日', '本']],
    ['a wide character wider than the line', '日本', 1, ['日', '本']],
    ['emoji sequences whole', '👨‍👩‍👧👨‍👩‍👧', 2, ['👨‍👩‍👧', '👨‍👩‍👧']],
    ['combining marks with their base', 'e\u0301e\u0301e\u0301', 2, ['e\u0301e\u0301', 'e\u0301']],
    ['mixed words', 'hello 世界 again', 8, ['hello', '世界', 'again']],
    ['tabs to stops of four', 'a\tb\n\tx\nabcd\te', 20, ['a   b', '    x', 'abcd    e']],
    ['tabs before wrapping', 'a\tbcdef', 5, ['a', 'bcdef']],
    ['width 0 as 1', 'ab', 0, ['a', 'b']],
    ['fractional width rounded down', 'abc', 2.9, ['ab', 'c']],
    [
      'infinite width only at newlines',
      'a very long line\nnext',
      Infinity,
      ['a very long line', 'next'],
    ],
  ])('wraps %s', (_name, text, width, expected) => {
    expect(wrap(text, width)).toEqual(expected);
  });

  it('never makes a line wider than the width and loses no visible character', () => {
    const pieces = ['a', 'bb', 'word', 'longerword', '日本', '😀', 'e\u0301', ' ', '  ', '\n', 'x'];
    let seed = 11;
    const next = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    for (let round = 0; round < 400; round++) {
      let text = '';
      for (let k = next(40); k > 0; k--) text += pieces[next(pieces.length)];
      const width = 1 + next(20);
      const lines = wrap(text, width);
      for (const line of lines) {
        const oneWideChar = [...line].length === 1 || line === 'e\u0301';
        if (!oneWideChar)
          expect(displayWidth(line), JSON.stringify({ text, width })).toBeLessThanOrEqual(width);
      }
      expect(lines.join('').replace(/ /g, '')).toBe(text.replace(/[ \n]/g, ''));
      expect(lines.length).toBeGreaterThanOrEqual(text.split('\n').length);
    }
  });
});
