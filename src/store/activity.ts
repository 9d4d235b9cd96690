/**
 * When each chat was last active: its file's mtime, kept out of db.json so that a new
 * message never rewrites the index.
 *
 * With 10,000 chats the stats take ~50 ms, so a long-running TUI remembers them while the
 * chats directory is unchanged: every chat write renames a file into it, which moves the
 * directory's mtime. Synchronous stats on purpose: 10,000 of them as promises through the
 * thread pool took ~500 ms. (Reading them in a worker thread while Ink loads was tried:
 * on two cores the worker's start-up cost the main thread more than the stats.)
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import type { Id } from '../core/types.js';
import { chatsDir } from './paths.js';

interface Snapshot {
  dir: string;
  /** The directory's mtime when the snapshot was begun. */
  dirMtimeMs: number;
  mtimes: Map<Id, number>;
}

let snapshot: Snapshot | undefined;

/** Each chat's last activity, or undefined where its file is missing. */
export function chatsModifiedAt(dataDir: string, chatIds: readonly Id[]): (number | undefined)[] {
  const dir = chatsDir(dataDir);
  const dirMtimeMs = statSync(dir, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  if (snapshot?.dir !== dir || snapshot.dirMtimeMs !== dirMtimeMs)
    snapshot = { dir, dirMtimeMs, mtimes: new Map() };
  const { mtimes } = snapshot;
  // The directory joined once: two path.join calls per chat cost more than the stats.
  const prefix = dir + path.sep;
  return chatIds.map((chatId) => {
    let mtime = mtimes.get(chatId);
    if (mtime === undefined) {
      mtime = statSync(`${prefix}${chatId}.json`, { throwIfNoEntry: false })?.mtimeMs;
      if (mtime !== undefined) mtimes.set(chatId, mtime);
    }
    return mtime;
  });
}
