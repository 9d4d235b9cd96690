/**
 * mulberry32: a small seeded generator, the same sequence on every machine, so a failure
 * names a seed that reproduces it.
 */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  /** An item of `items`; undefined only when there is none. */
  const pick = <T>(items: readonly T[]): T | undefined => items[int(items.length)];
  return { next, int, pick };
}

export type Prng = ReturnType<typeof prng>;
