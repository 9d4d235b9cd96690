/**
 * Which lines of the conversation are on screen. The scroll position is counted in lines
 * from the bottom, and the window is found by walking back from the last message, so the
 * work per frame depends on the screen height (and how far up the user scrolled), never
 * on the length of the chat.
 */

export interface Blocks {
  count: number;
  /** Screen lines of block `i` (cheap: cached, or built for this block only). */
  lines(i: number): readonly string[];
}

export interface ConversationWindow {
  lines: string[];
  /** The scroll position, clamped to what the chat has. */
  fromBottom: number;
  /** Index of the topmost block with a line on screen, or -1 when nothing is shown. */
  firstBlock: number;
}

export function visibleWindow(
  blocks: Blocks,
  fromBottom: number,
  height: number,
): ConversationWindow {
  const want = Math.max(0, fromBottom) + height;
  // Blocks from the bottom up until they cover the scroll offset and the screen.
  const taken: (readonly string[])[] = [];
  let total = 0;
  let first = blocks.count;
  while (first > 0 && total < want) {
    first--;
    const lines = blocks.lines(first);
    taken.unshift(lines);
    total += lines.length;
  }
  const clamped = Math.max(0, Math.min(fromBottom, total - height));
  const all = taken.flat();
  const end = all.length - clamped;
  const lines = all.slice(Math.max(0, end - height), end);
  // Blocks above the window's top that were only read to reach it.
  let skip = Math.max(0, end - height);
  let firstBlock = first;
  for (const block of taken) {
    if (skip < block.length) break;
    skip -= block.length;
    firstBlock++;
  }
  return { lines, fromBottom: clamped, firstBlock: lines.length ? firstBlock : -1 };
}

/** The scroll position that brings block `index` into view, moving as little as possible. */
export function scrollToShow(
  blocks: Blocks,
  index: number,
  fromBottom: number,
  height: number,
): number {
  let below = 0;
  for (let i = blocks.count - 1; i > index; i--) below += blocks.lines(i).length;
  const size = blocks.lines(index).length;
  const top = below + size;
  // Scrolled above the block's end: bring its end (or, if taller than the screen, its top) in.
  if (fromBottom > below) return Math.max(0, top - Math.min(size, height));
  if (fromBottom < top - height) return top - height;
  return fromBottom;
}
