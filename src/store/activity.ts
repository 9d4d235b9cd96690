/**
 * When each chat was last active: its file's mtime, kept out of db.json so that a new
 * message never rewrites the index.
 *
 * With 10,000 chats the stats take ~50 ms, so the answers are remembered while the chats
 * directory is unchanged: every chat write renames a file into it, which moves the
 * directory's mtime. A running TUI keeps them in memory; between runs they are kept in
 * the cache directory, so that a start costs one read instead of the stats. A chat file
 * that another program changes in place, rather than renaming a new one into place as
 * aichat does, keeps its old activity until the next chat write.
 *
 * Synchronous stats on purpose: 10,000 of them as promises through the thread pool took
 * ~500 ms. (Reading them in a worker thread while Ink loads was tried: on two cores the
 * worker's start-up cost the main thread more than the stats.)
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import path from 'node:path';
import type { Id } from '../core/types.js';
import { readCacheFile, writeCacheFile } from './cache.js';
import { chatsDir } from './paths.js';

interface Snapshot {
  dir: string;
  /** The directory's mtime when the snapshot was begun. */
  dirMtimeMs: number;
  mtimes: Map<Id, number>;
}

let snapshot: Snapshot | undefined;

/**
 * How long the directory must have been still before a snapshot is kept for later runs.
 * A chat written during the stats, in the same tick of the file system's clock as the
 * write before it, would leave the directory's mtime as it was, and a kept snapshot
 * wrong until the next write; a write after a quiet spell always moves the mtime.
 */
export const QUIET_MS = 2000;

/**
 * Each chat's last activity, or undefined where its file is missing. With `cacheDir`,
 * the answers are also kept there for the next run.
 */
export function chatsModifiedAt(
  dataDir: string,
  chatIds: readonly Id[],
  cacheDir?: string,
): (number | undefined)[] {
  const startedAt = Date.now();
  const dir = chatsDir(dataDir);
  const dirMtimeMs = statSync(dir, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  // The saved answers are for a start: once this process has its own, a changed
  // directory means they are out of date too.
  if (!snapshot && cacheDir)
    snapshot = readSnapshot(savedSnapshotFile(cacheDir, dir), dir, dirMtimeMs);
  if (snapshot?.dir !== dir || snapshot.dirMtimeMs !== dirMtimeMs)
    snapshot = { dir, dirMtimeMs, mtimes: new Map() };
  const { mtimes } = snapshot;
  const known = mtimes.size;
  // The directory joined once: two path.join calls per chat cost more than the stats.
  const prefix = dir + path.sep;
  const answers = chatIds.map((chatId) => {
    let mtime = mtimes.get(chatId);
    if (mtime === undefined) {
      mtime = statSync(`${prefix}${chatId}.json`, { throwIfNoEntry: false })?.mtimeMs;
      if (mtime !== undefined) mtimes.set(chatId, mtime);
    }
    return mtime;
  });
  if (cacheDir && mtimes.size > known && startedAt - dirMtimeMs > QUIET_MS)
    writeCacheFile(savedSnapshotFile(cacheDir, dir), JSON.stringify(toSaved(snapshot)));
  return answers;
}

/** One per chats directory. */
function savedSnapshotFile(cacheDir: string, dir: string): string {
  const name = createHash('sha1').update(dir).digest('hex').slice(0, 16);
  return path.join(cacheDir, `activity-${name}.json`);
}

/**
 * As saved: ids and mtimes in two arrays, which parse three times faster than one object
 * with 10,000 keys.
 */
interface SavedSnapshot {
  dir: string;
  dirMtimeMs: number;
  ids: Id[];
  mtimes: number[];
}

function toSaved({ dir, dirMtimeMs, mtimes }: Snapshot): SavedSnapshot {
  return { dir, dirMtimeMs, ids: [...mtimes.keys()], mtimes: [...mtimes.values()] };
}

function readSnapshot(file: string, dir: string, dirMtimeMs: number): Snapshot | undefined {
  const data = readCacheFile(file);
  if (!data) return undefined;
  try {
    const saved = JSON.parse(data.toString()) as Partial<SavedSnapshot>;
    const { ids, mtimes: times } = saved;
    if (saved.dir !== dir || saved.dirMtimeMs !== dirMtimeMs) return undefined;
    if (!Array.isArray(ids) || !Array.isArray(times) || ids.length !== times.length)
      return undefined;
    const mtimes = new Map<Id, number>();
    ids.forEach((chatId, i) => {
      const mtime = times[i];
      if (typeof chatId === 'string' && typeof mtime === 'number') mtimes.set(chatId, mtime);
    });
    return { dir, dirMtimeMs, mtimes };
  } catch {
    return undefined;
  }
}
