/**
 * Files in aichat's cache directory (see cacheDir): things worth keeping between runs
 * that can always be made again, so deleting any of them is safe. A cache that cannot be
 * read or written costs only the time it would have saved; nothing here throws.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DIR_MODE, FILE_MODE } from './paths.js';

/** The file's bytes (read by `read`: see launch.ts), or undefined when it cannot be read. */
export function readCacheFile(
  file: string,
  read: (file: string) => Buffer = readFileSync,
): Buffer | undefined {
  try {
    return read(file);
  } catch {
    return undefined;
  }
}

/** Marks a cache file as used now. */
export function touchCacheFile(file: string): void {
  try {
    const now = new Date();
    utimesSync(file, now, now);
  } catch {
    // A read-only cache still works.
  }
}

/** Writes whole or not at all, for another aichat reading it meanwhile. */
export function writeCacheFile(file: string, data: string | Buffer): void {
  const dir = path.dirname(file);
  const temp = `${file}.${process.pid}.tmp`;
  try {
    // Two plain mkdirs, not a recursive one: that spins forever where mkdir cannot work
    // at all (Node 20 on /proc, say), and a deeper missing path is no place for a cache.
    for (const level of [path.dirname(dir), dir]) {
      try {
        mkdirSync(level, { mode: DIR_MODE });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
    writeFileSync(temp, data, { mode: FILE_MODE });
    renameSync(temp, file);
  } catch {
    // No cache this time, and no half-written file left behind where one could be.
    try {
      rmSync(temp, { force: true });
    } catch {
      // Nothing was written there.
    }
  }
}
