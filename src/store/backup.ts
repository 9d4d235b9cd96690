/**
 * Last-good copies of store files (`db.json.bak`, `chats/<id>.json.bak`, `config.json.bak`)
 * and putting one back when the file itself is broken.
 *
 * Why this cadence: a write already holds the previous version's bytes, just read and
 * validated under the lock, so a backup costs one stat per write and one extra atomic
 * write at most every BACKUP_INTERVAL_MS per file. Appending a message touches only its
 * chat's file, so it never copies db.json. Migrations keep their own `.v<N>.bak` copy.
 */
import { chmod, readFile, rename, stat } from 'node:fs/promises';
import { AichatError } from '../core/errors.js';
import { FILE_MODE } from './paths.js';
import {
  errnoCode,
  parseStoreText,
  withLock,
  writeFileAtomic,
  type JsonFileSpec,
  type LockOptions,
  type Versioned,
} from './file.js';

export const BACKUP_INTERVAL_MS = 5 * 60_000;

export const backupFile = (file: string) => `${file}.bak`;

/**
 * Writes `raw` (the file's current, valid content) as its backup unless the backup is
 * younger than BACKUP_INTERVAL_MS. Called under the file's lock.
 */
export async function keepBackup(file: string, raw: string, now = Date.now()): Promise<void> {
  const bak = backupFile(file);
  try {
    const age = now - (await stat(bak)).mtimeMs;
    if (age >= 0 && age < BACKUP_INTERVAL_MS) return;
  } catch (err) {
    if (errnoCode(err) !== 'ENOENT') return;
  }
  try {
    await writeFileAtomic(bak, raw);
  } catch {
    // A backup is a convenience; the user's write must not fail for it. If the disk is
    // the problem, the write that follows reports it.
  }
}

export type RestoreOutcome =
  { restored: true; backupTime: number; movedAside?: string } | { restored: false; reason: string };

/**
 * Puts the last-good copy of a broken or missing file back, under the file's lock. The
 * broken file is renamed to `<file>.broken-<time>`, never deleted. Refuses when the
 * backup is missing or itself invalid, and (unless forced) when the file reads as valid.
 */
export async function restoreBackup<T extends Versioned>(
  spec: JsonFileSpec<T>,
  lock: LockOptions,
  now = Date.now(),
  /** Restore even when the file reads as valid (its content is wrong in a deeper way). */
  options: { force?: boolean } = {},
): Promise<RestoreOutcome> {
  const bak = backupFile(spec.file);
  return withLock(spec.file, lock, async () => {
    let bakBytes: Buffer;
    let backupTime: number;
    try {
      [bakBytes, backupTime] = await Promise.all([readFile(bak), stat(bak).then((s) => s.mtimeMs)]);
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return { restored: false, reason: 'it has no backup' };
      throw err;
    }
    try {
      parseStoreText({ ...spec, file: bak }, bakBytes);
    } catch (err) {
      return {
        restored: false,
        reason: `its backup is not usable either (${err instanceof AichatError ? err.message : String(err)})`,
      };
    }
    let movedAside: string | undefined;
    const current = await readFile(spec.file).catch((err: unknown) => {
      if (errnoCode(err) === 'ENOENT') return null;
      throw err;
    });
    if (current !== null) {
      if (!options.force && isValid(spec, current)) {
        return { restored: false, reason: 'it is not broken' };
      }
      movedAside = `${spec.file}.broken-${stamp(now)}`;
      await rename(spec.file, movedAside);
      // The broken copy holds the user's data too: private, whatever mode it had.
      await chmod(movedAside, FILE_MODE);
    }
    await writeFileAtomic(spec.file, bakBytes.toString('utf8'));
    return { restored: true, backupTime, ...(movedAside ? { movedAside } : {}) };
  });
}

function isValid<T extends Versioned>(spec: JsonFileSpec<T>, bytes: Buffer): boolean {
  try {
    parseStoreText(spec, bytes);
    return true;
  } catch {
    return false;
  }
}

/** `20261124-211800`: sorts by time and is safe in a file name. */
function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace('T', '-').replace(/\..*$/, '');
}
