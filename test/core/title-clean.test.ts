import { describe, expect, test } from 'vitest';
import { cleanTitle } from '../../src/core/title.js';

describe('cleanTitle: what the title model says, as a title', () => {
  test.each([
    ['Rust borrow checker', 'Rust borrow checker'],
    ['  "Rust borrow checker".  ', 'Rust borrow checker'],
    ['**Title:** Rust borrow checker', 'Rust borrow checker'],
    ['# Title: Rust', 'Rust'],
    ['Title: "Rust".', 'Rust'],
    ['Title:\nRust lifetimes', 'Rust lifetimes'],
    ['\u201cMonads in Haskell\u201d', 'Monads in Haskell'],
    ['> Travel plans;', 'Travel plans'],
    ['What is a monad?', 'What is a monad?'],
    ['Two\nlines', 'Two'],
    ['Spaces   inside\tit', 'Spaces inside it'],
    // Nothing of a terminal escape survives, nor its payload.
    ['\u001b]52;c;aGVsbG8=\u0007Clipboard \u001b[31mred\u001b[0m', 'Clipboard red'],
    ['<think>\nThe user asks about Rust.\n</think>\n\nRust ownership', 'Rust ownership'],
    ['<think>The user asks about', ''],
    ['', ''],
    ['"".', ''],
  ])('%j → %j', (raw, title) => {
    expect(cleanTitle(raw)).toBe(title);
  });

  test('a long answer is cut to 60 characters with an ellipsis', () => {
    const title = cleanTitle('word '.repeat(30));
    expect(title.length).toBe(60);
    expect(title.endsWith('…')).toBe(true);
  });
});
