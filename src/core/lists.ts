/**
 * Appends `items` to `list` and returns it. Not `list.push(...items)`: that passes each
 * item as an argument, and some 100,000 of them (a code block's lines, a directory of
 * chats) overflow the stack.
 */
export function pushAll<T>(list: T[], items: Iterable<T>): T[] {
  for (const item of items) list.push(item);
  return list;
}

/** The largest of `numbers`, and at least `floor`; not Math.max(...numbers), for the same reason. */
export function maxOf(numbers: Iterable<number>, floor = -Infinity): number {
  let max = floor;
  for (const n of numbers) if (n > max) max = n;
  return max;
}

/** Where a window of `rows` items over a list of `length` starts, to keep `cursor` near its middle. */
export function windowStart(length: number, cursor: number, rows: number): number {
  return Math.max(0, Math.min(cursor - Math.floor(rows / 2), length - rows));
}
