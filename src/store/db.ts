/** db.json: users, sessions, endpoints, models, settings, folders and the chat index. */
import type {
  ChatIndexEntry,
  Endpoint,
  Folder,
  LoginAttempts,
  Model,
  Session,
  Settings,
  User,
} from '../core/types.js';
import { stat } from 'node:fs/promises';
import {
  errnoCode,
  isRecord,
  readJsonFile,
  updateJsonFile,
  type JsonFileSpec,
  type LockOptions,
} from './file.js';
import type { Migrations } from './migrate.js';
import { dbFile } from './paths.js';

export const DB_VERSION = 1;

export interface DbData {
  schemaVersion: number;
  users: User[];
  loginAttempts: LoginAttempts[];
  sessions: Session[];
  endpoints: Endpoint[];
  models: Model[];
  settings: Settings[];
  folders: Folder[];
  chats: ChatIndexEntry[];
}

const collections = [
  'users',
  'loginAttempts',
  'sessions',
  'endpoints',
  'models',
  'settings',
  'folders',
  'chats',
] as const;

/** No older db.json versions exist yet; the first change to the schema adds its step here. */
const migrations: Migrations = {};

export function emptyDb(): DbData {
  return {
    schemaVersion: DB_VERSION,
    users: [],
    loginAttempts: [],
    sessions: [],
    endpoints: [],
    models: [],
    settings: [],
    folders: [],
    chats: [],
  };
}

function isDbData(data: unknown): data is DbData {
  return isRecord(data) && collections.every((key) => Array.isArray(data[key]));
}

export function dbSpec(dataDir: string): JsonFileSpec<DbData> {
  return { file: dbFile(dataDir), currentVersion: DB_VERSION, migrations, isValid: isDbData };
}

let cached: { file: string; version: string; data: DbData } | undefined;

/**
 * db.json as it is now, for reading only (changes go through updateDb). Parsed once per
 * version of the file: every write renames a new file into place, so inode, mtime and
 * size name a version, and a long-running TUI re-reads a large index only when another
 * write has happened.
 */
export async function readDb(dataDir: string): Promise<DbData> {
  const file = dbFile(dataDir);
  let version: string;
  try {
    const stats = await stat(file);
    version = `${stats.ino}:${stats.mtimeMs}:${stats.size}`;
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return emptyDb();
    throw err;
  }
  if (cached?.file === file && cached.version === version) return cached.data;
  const data = (await readJsonFile(dbSpec(dataDir)))?.data ?? emptyDb();
  cached = { file, version, data };
  return data;
}

export function updateDb<R>(
  dataDir: string,
  change: (db: DbData) => R,
  lock?: LockOptions,
): Promise<R> {
  return updateJsonFile(dbSpec(dataDir), emptyDb, change, lock);
}
