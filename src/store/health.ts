/**
 * What `aichat doctor` needs to see of the data dir, named in the store's own terms:
 * store files, their last-good copies, temp files and lock dirs left by killed
 * processes, and file modes. Reads only; the repairs below each do one small thing.
 */
import { chmod, lstat, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { AichatError } from '../core/errors.js';
import { pushAll } from '../core/lists.js';
import { backupFile } from './backup.js';
import {
  errnoCode,
  NewerFileError,
  readJsonFile,
  STALE_MS,
  type JsonFileSpec,
  type Versioned,
} from './file.js';
import { DIR_MODE, FILE_MODE } from './paths.js';

export type EntryKind =
  'store' | 'backup' | 'migration-backup' | 'broken-copy' | 'temp' | 'lock' | 'other';

export interface StoreEntry {
  /** Absolute path. */
  file: string;
  kind: EntryKind;
  isDir: boolean;
  /** Permission bits only. */
  mode: number;
  mtimeMs: number;
  /** For a temp file: the pid of the process that was writing it. */
  pid?: number;
}

/** Names the store uses, from file.ts and backup.ts. */
export function entryKind(name: string, isDir: boolean): EntryKind {
  if (isDir) return name.endsWith('.lock') ? 'lock' : 'other';
  if (/\.json\.\d+\.[0-9a-f]+\.tmp$/.test(name)) return 'temp';
  if (/\.json\.v\d+\.bak$/.test(name)) return 'migration-backup';
  if (name.endsWith('.json.bak')) return 'backup';
  if (/\.json\.broken-[\d-]+$/.test(name)) return 'broken-copy';
  if (name.endsWith('.json')) return 'store';
  return 'other';
}

/** Every file and dir under `dir` (one level of subdirectories, as the store has). */
export async function listEntries(dir: string, depth = 1): Promise<StoreEntry[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return [];
    throw new AichatError('store', `could not list ${dir}: ${errnoCode(err) ?? String(err)}`);
  }
  const entries: StoreEntry[] = [];
  for (const name of names.sort()) {
    const file = path.join(dir, name);
    const info = await lstat(file).catch(() => null);
    if (!info) continue; // Removed while listing: a writer's temp file that was just renamed.
    const isDir = info.isDirectory();
    const kind = entryKind(name, isDir);
    const pid = kind === 'temp' ? Number(/\.json\.(\d+)\./.exec(name)?.[1]) : undefined;
    entries.push({
      file,
      kind,
      isDir,
      mode: info.mode & 0o777,
      mtimeMs: info.mtimeMs,
      ...(pid !== undefined ? { pid } : {}),
    });
    if (isDir && kind === 'other' && depth > 0)
      pushAll(entries, await listEntries(file, depth - 1));
  }
  return entries;
}

export async function modeOf(file: string): Promise<number | undefined> {
  return lstat(file)
    .then((s) => s.mode & 0o777)
    .catch(() => undefined);
}

export type FileCheck<T> =
  | { state: 'ok'; data: T; migratedFrom?: number }
  | { state: 'missing' }
  /** `newer`: written by a newer aichat, so not broken, and no backup may replace it. */
  | { state: 'invalid'; error: string; newer: boolean };

/** Reads and validates a store file the way every command does, without ever writing it. */
export async function checkFile<T extends Versioned>(spec: JsonFileSpec<T>): Promise<FileCheck<T>> {
  try {
    const read = await readJsonFile(spec);
    if (!read) return { state: 'missing' };
    return read.migratedFrom === undefined
      ? { state: 'ok', data: read.data }
      : { state: 'ok', data: read.data, migratedFrom: read.migratedFrom };
  } catch (err) {
    if (err instanceof AichatError)
      return { state: 'invalid', error: err.message, newer: err instanceof NewerFileError };
    throw err;
  }
}

/** When the file's last-good copy was written, if it has one. */
export async function backupTime(file: string): Promise<number | undefined> {
  return lstat(backupFile(file))
    .then((s) => s.mtimeMs)
    .catch(() => undefined);
}

/** A lock dir whose holder stopped refreshing it for this long belongs to a dead process. */
export const isStaleLock = (entry: StoreEntry, now: number) =>
  entry.kind === 'lock' && now - entry.mtimeMs > STALE_MS;

/** Whether the process that wrote a temp file is gone (then the file is only debris). */
export function isDeadWriter(entry: StoreEntry): boolean {
  if (entry.pid === undefined || !Number.isInteger(entry.pid)) return true;
  if (entry.pid === process.pid) return false;
  try {
    process.kill(entry.pid, 0);
    return false;
  } catch (err) {
    // EPERM: a live process of another user; only ESRCH means it is gone.
    return errnoCode(err) === 'ESRCH';
  }
}

export const wantedMode = (entry: Pick<StoreEntry, 'isDir'>) =>
  entry.isDir ? DIR_MODE : FILE_MODE;

export async function removeDebris(file: string): Promise<void> {
  await rm(file, { recursive: true, force: true });
}

export async function tightenMode(file: string, mode: number): Promise<void> {
  await chmod(file, mode);
}
