/**
 * One JSON store file: read and validate, or lock → re-read → change → atomic write.
 *
 * Why not lowdb's JSONFile: it writes through steno, which uses one fixed temp name,
 * never fsyncs and takes no lock, so two processes can lose each other's writes. The
 * Low instance here sits on an adapter that writes a unique temp file, fsyncs it and
 * renames it, and every change happens under a cross-process lock.
 */
import { isUtf8 } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { chmod, copyFile, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Low, type Adapter } from 'lowdb';
import lockfile from 'proper-lockfile';
import { AichatError, oneLine } from '../core/errors.js';
import { keepBackup } from './backup.js';
import { DIR_MODE, FILE_MODE } from './paths.js';
import { migrate, type Migrations } from './migrate.js';

export interface Versioned {
  schemaVersion: number;
}

export interface JsonFileSpec<T extends Versioned> {
  file: string;
  currentVersion: number;
  migrations: Migrations;
  /** A structural check of the parsed, migrated data; false refuses the file. */
  isValid(data: unknown): data is T;
}

export interface LockOptions {
  /** Give up waiting for a lock after this long. */
  timeoutMs: number;
  /** Told once when a lock is not free at once, so the user knows why nothing happens. */
  onWait?: (file: string) => void;
}

export const defaultLockOptions: LockOptions = { timeoutMs: 15_000 };

/** A lock whose holder stopped refreshing it (killed) is taken over after this long. */
export const STALE_MS = 5_000;

interface ReadResult<T> {
  data: T;
  /** The version on disk, when it was older than the current one. */
  migratedFrom?: number;
  raw: string;
}

/** Reads, validates and migrates a file; null when it does not exist. Never writes. */
export async function readJsonFile<T extends Versioned>(
  spec: JsonFileSpec<T>,
): Promise<ReadResult<T> | null> {
  let bytes: Buffer;
  try {
    bytes = await readFile(spec.file);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return null;
    throw fileError('read', spec.file, err);
  }
  return parseStoreText(spec, bytes);
}

export function parseStoreText<T extends Versioned>(
  spec: JsonFileSpec<T>,
  content: string | Uint8Array,
): ReadResult<T> {
  const raw = typeof content === 'string' ? content : decodeUtf8(spec.file, content);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw refused(spec.file, 'is not valid JSON');
  }
  if (!isRecord(parsed) || typeof parsed.schemaVersion !== 'number') {
    throw refused(spec.file, 'is not an aichat store file (no schemaVersion)');
  }
  const version = parsed.schemaVersion;
  if (version > spec.currentVersion) {
    throw new NewerFileError(
      `${spec.file} has schema version ${version}, newer than this aichat understands (${spec.currentVersion}); upgrade aichat to use it (the file was left unchanged)`,
    );
  }
  let data: unknown = parsed;
  if (version < spec.currentVersion) {
    try {
      data = migrate({ ...parsed, schemaVersion: version }, spec.migrations, spec.currentVersion);
    } catch (err) {
      throw refused(spec.file, `could not be migrated (${oneLine(err)})`);
    }
  }
  if (!spec.isValid(data)) throw refused(spec.file, 'does not have the shape aichat expects');
  return version < spec.currentVersion ? { data, migratedFrom: version, raw } : { data, raw };
}

/**
 * Runs `change` on the file's current content under the cross-process lock and writes
 * the result atomically. `change` mutates the data it is given; throwing from it
 * writes nothing. A missing file starts from `initial()`.
 */
export async function updateJsonFile<T extends Versioned, R>(
  spec: JsonFileSpec<T>,
  initial: () => T,
  change: (data: T) => R,
  lock: LockOptions = defaultLockOptions,
): Promise<R> {
  return withLock(spec.file, lock, async () => {
    const adapter = new AtomicJsonAdapter(spec);
    const db = new Low<T | null>(adapter, null);
    await db.read();
    if (adapter.lastRead?.migratedFrom !== undefined) {
      await backup(spec.file, adapter.lastRead.migratedFrom);
    } else if (adapter.lastRead) {
      // The bytes just read passed validation: the last-good copy comes from them.
      await keepBackup(spec.file, adapter.lastRead.raw);
    }
    const data = db.data ?? initial();
    const result = change(data);
    db.data = data;
    await db.write();
    return result;
  });
}

/** Removes a store file, and its last-good copy, under its lock. */
export async function removeJsonFile(file: string, lock: LockOptions = defaultLockOptions) {
  await withLock(file, lock, async () => {
    await rm(file, { force: true });
    // What the user deleted does not live on in a backup.
    await rm(`${file}.bak`, { force: true });
  });
}

class AtomicJsonAdapter<T extends Versioned> implements Adapter<T | null> {
  lastRead: ReadResult<T> | null = null;

  constructor(private readonly spec: JsonFileSpec<T>) {}

  async read(): Promise<T | null> {
    this.lastRead = await readJsonFile(this.spec);
    return this.lastRead?.data ?? null;
  }

  async write(data: T | null): Promise<void> {
    if (data) await writeFileAtomic(this.spec.file, JSON.stringify(data));
  }
}

/**
 * Unique temp file, fsync, rename, fsync of the directory: readers see old or new, never
 * half. Called under the file's lock (withLock), which made the directory.
 */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const dir = path.dirname(file);
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const handle = await open(tmp, 'wx', FILE_MODE);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw fileError('write', file, err);
  }
  await syncDir(dir);
}

async function syncDir(dir: string) {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some file systems cannot fsync a directory; the rename is still atomic there.
  }
}

/**
 * Creates the directory 0700, and puts 0700 back if someone loosened it. A directory that
 * is already right is left alone, so a store on a read-only file system can still be read.
 */
export async function ensureDir(dir: string): Promise<void> {
  const mode = await dirMode(dir);
  if (mode === DIR_MODE) return;
  if (mode === undefined) {
    try {
      await mkdir(dir, { recursive: true, mode: DIR_MODE });
    } catch (err) {
      throw fileError('create', dir, err);
    }
  }
  // Also after mkdir, whose mode the umask may have narrowed.
  try {
    await chmod(dir, DIR_MODE);
  } catch (err) {
    throw fileError(`set mode ${DIR_MODE.toString(8)} on`, dir, err);
  }
}

/** The permission bits of the directory, or undefined when there is none. */
async function dirMode(dir: string): Promise<number | undefined> {
  let stats;
  try {
    stats = await stat(dir);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return undefined;
    throw fileError('use', dir, err);
  }
  if (!stats.isDirectory()) {
    throw new AichatError(
      'store',
      `${dir} is not a directory: move it away, or use another --data-dir`,
    );
  }
  return stats.mode & 0o777;
}

async function backup(file: string, version: number) {
  try {
    await copyFile(file, `${file}.v${version}.bak`);
  } catch (err) {
    throw fileError('back up', file, err);
  }
}

/** Runs `fn` holding the file's cross-process lock. */
export async function withLock<R>(
  file: string,
  options: LockOptions,
  fn: () => Promise<R>,
): Promise<R> {
  await ensureDir(path.dirname(file));
  const release = await acquire(file, options);
  try {
    return await fn();
  } finally {
    await release().catch(() => undefined);
  }
}

async function acquire(file: string, options: LockOptions): Promise<() => Promise<void>> {
  const started = Date.now();
  let told = false;
  for (let attempt = 0; ; attempt++) {
    try {
      return await lockfile.lock(file, {
        realpath: false,
        stale: STALE_MS,
        retries: 0,
        // Losing the lock mid-write only happens if this process froze for longer than
        // STALE_MS; the write still lands atomically, so there is nothing to crash for.
        onCompromised: () => undefined,
      });
    } catch (err) {
      if (errnoCode(err) !== 'ELOCKED') throw fileError('lock', file, err);
    }
    const waited = Date.now() - started;
    if (waited >= options.timeoutMs) {
      throw new AichatError(
        'store',
        `${file} stayed locked by another aichat process for ${Math.round(waited / 1000)} s; try again, or remove ${file}.lock if no aichat is running`,
      );
    }
    if (!told && waited > 1_000) {
      told = true;
      options.onWait?.(file);
    }
    await sleep(Math.min(5 * 2 ** Math.min(attempt, 5), 100) * (0.5 + Math.random()));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A store file a newer aichat wrote: never to be changed, nor replaced by an older backup. */
export class NewerFileError extends AichatError {
  constructor(message: string) {
    super('store', message);
  }
}

function refused(file: string, what: string) {
  return new AichatError(
    'store',
    `${file} ${what}; aichat will not overwrite it: repair it or move it aside`,
  );
}

const errnoMessages: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  EIO: 'an input/output error',
  EDQUOT: 'the disk quota is exceeded',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'it is a directory',
};

/** What the user can do about a failed file operation, by its error code. */
const errnoHints: Record<string, string> = {
  ENOSPC: 'free some space and try again',
  EDQUOT: 'free some space and try again',
  EACCES: 'check who owns the data dir and its permissions (aichat doctor)',
  EPERM: 'check who owns the data dir and its permissions (aichat doctor)',
  EROFS: 'remount it read-write, or use another --data-dir',
  EIO: 'check the disk, then try again',
};

function fileError(action: string, file: string, err: unknown) {
  const code = errnoCode(err);
  const reason =
    (code && errnoMessages[code]) ?? (err instanceof Error ? err.message : String(err));
  // A failed atomic write leaves the file as it was; saying so tells the user nothing is half-done.
  const unchanged = action === 'write' ? '; the file is unchanged' : '';
  const hint = code && errnoHints[code] ? `: ${errnoHints[code]}` : '';
  return new AichatError(
    'store',
    `could not ${action} ${file}: ${reason}${code ? ` (${code})` : ''}${unchanged}${hint}`,
    { cause: err },
  );
}

export function errnoCode(err: unknown): string | undefined {
  return isRecord(err) && typeof err.code === 'string' ? err.code : undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checked, not decoded leniently: a lenient decode turns a flipped or cut byte into U+FFFD,
 * the data then parses, and the next write would silently replace the user's text. Only
 * text that holds U+FFFD can have had such a byte, so only it is checked (isUtf8 costs
 * ~5 ms on a 2 MB db.json, and is still far faster than a fatal TextDecoder).
 */
function decodeUtf8(file: string, bytes: Uint8Array): string {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (text.includes('\ufffd') && !isUtf8(bytes)) throw refused(file, 'is not valid UTF-8 text');
  return text;
}
