import { randomInt } from 'node:crypto';

const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * A 10-character id (about 51 bits): short enough to type, never starting with `-`
 * so it cannot be mistaken for an option on the command line.
 */
export function newId(): string {
  let id = '';
  for (let i = 0; i < 10; i++) id += alphabet[randomInt(alphabet.length)];
  return id;
}
