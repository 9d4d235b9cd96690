/**
 * Per-OS-user client config in the XDG config dir (`~/.config/aichat/config.json`, 0600):
 * the signed-in session token for each data dir, the last open chat and the unsent draft
 * of each user, UI preferences and an optional default data dir.
 *
 * Why not conf: conf loads ajv and friends, which cost more start-up time than all of
 * aichat's other modules together (measured ~35-75 ms of a ~120 ms budget for `ask`),
 * for schema and migration features this small file does not use. It is written the
 * same way as the store instead: under a lock, re-read, atomically, 0600.
 */
import type { Id } from '../core/types.js';
import { isRecord, readJsonFile, updateJsonFile, type JsonFileSpec } from './file.js';
import { configDir } from './paths.js';
import path from 'node:path';

export interface UiPrefs {
  rawMarkdown?: boolean;
  collapsedFolders?: Id[];
}

interface ConfigData {
  schemaVersion: number;
  dataDir?: string;
  /** Raw session token per data dir. */
  sessions: Record<string, string>;
  /** Last active chat per data dir and user (`dataDir\nuserId`). */
  lastChats: Record<string, Id>;
  /** Text typed in the TUI and not sent when it closed, per data dir and user. */
  drafts?: Record<string, string>;
  ui: Record<string, UiPrefs>;
}

const CONFIG_VERSION = 1;

const emptyConfig = (): ConfigData => ({
  schemaVersion: CONFIG_VERSION,
  sessions: {},
  lastChats: {},
  ui: {},
});

function isConfig(data: unknown): data is ConfigData {
  return isRecord(data) && isRecord(data.sessions) && isRecord(data.lastChats) && isRecord(data.ui);
}

/** How the config file is read, checked and written (also by `aichat doctor`). */
export function configSpec(file: string): JsonFileSpec<ConfigData> {
  return { file, currentVersion: CONFIG_VERSION, migrations: {}, isValid: isConfig };
}

export class ClientConfig {
  private constructor(
    private readonly spec: JsonFileSpec<ConfigData>,
    private data: ConfigData,
  ) {}

  static async open(env: NodeJS.ProcessEnv = process.env): Promise<ClientConfig> {
    const spec = configSpec(path.join(configDir(env), 'config.json'));
    return new ClientConfig(spec, (await readJsonFile(spec))?.data ?? emptyConfig());
  }

  get file(): string {
    return this.spec.file;
  }

  get defaultDataDir(): string | undefined {
    return this.data.dataDir;
  }

  sessionToken(dataDir: string): string | undefined {
    return this.data.sessions[dataDir];
  }

  setSessionToken(dataDir: string, token: string | undefined): Promise<void> {
    return this.change((data) => setOrDelete(data.sessions, dataDir, token));
  }

  lastChat(dataDir: string, userId: Id): Id | undefined {
    return this.data.lastChats[`${dataDir}\n${userId}`];
  }

  /** Remembers the open chat; costs nothing when it is already the one remembered. */
  async setLastChat(dataDir: string, userId: Id, chatId: Id | undefined): Promise<void> {
    if (this.lastChat(dataDir, userId) === chatId) return;
    await this.change((data) => setOrDelete(data.lastChats, `${dataDir}\n${userId}`, chatId));
  }

  draft(dataDir: string, userId: Id): string {
    return this.data.drafts?.[`${dataDir}\n${userId}`] ?? '';
  }

  /** Keeps the text for the next start; costs nothing when it is already what is kept. */
  async setDraft(dataDir: string, userId: Id, text: string): Promise<void> {
    if (this.draft(dataDir, userId) === text) return;
    await this.change((data) =>
      setOrDelete((data.drafts ??= {}), `${dataDir}\n${userId}`, text || undefined),
    );
  }

  uiPrefs(userId: Id): UiPrefs {
    return this.data.ui[userId] ?? {};
  }

  async setUiPrefs(userId: Id, prefs: UiPrefs): Promise<void> {
    // The TUI saves its preferences whenever they may have changed, at every start too.
    if (JSON.stringify(this.uiPrefs(userId)) === JSON.stringify(prefs)) return;
    await this.change((data) => {
      data.ui[userId] = prefs;
    });
  }

  /** Changes the file under its lock, from what is on disk now (another process may have written). */
  private async change(apply: (data: ConfigData) => void): Promise<void> {
    this.data = await updateJsonFile(this.spec, emptyConfig, (data) => {
      apply(data);
      return data;
    });
  }
}

function setOrDelete<T>(record: Record<string, T>, key: string, value: T | undefined) {
  if (value === undefined) delete record[key];
  else record[key] = value;
}
