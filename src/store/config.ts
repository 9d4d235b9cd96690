/**
 * Per-OS-user client config (conf, in the XDG config dir, mode 0600): the signed-in
 * session token for each data dir, the last open chat of each user, UI preferences and
 * an optional default data dir. conf is imported on first use: it is slow to load and
 * `aichat --version` or `--help` never needs it.
 */
import type Conf from 'conf';
import type { Id } from '../core/types.js';
import { configDir } from './paths.js';

export interface UiPrefs {
  rawMarkdown?: boolean;
  collapsedFolders?: Id[];
}

interface ConfigShape {
  dataDir?: string;
  /** Raw session token per data dir. */
  sessions: Record<string, string>;
  /** Last active chat per data dir and user (`dataDir\nuserId`). */
  lastChats: Record<string, Id>;
  ui: Record<string, UiPrefs>;
}

export class ClientConfig {
  private constructor(private readonly conf: Conf<ConfigShape>) {}

  static async open(env: NodeJS.ProcessEnv = process.env): Promise<ClientConfig> {
    const { default: ConfClass } = await import('conf');
    const conf = new ConfClass<ConfigShape>({
      cwd: configDir(env),
      configName: 'config',
      configFileMode: 0o600,
      accessPropertiesByDotNotation: false,
      defaults: { sessions: {}, lastChats: {}, ui: {} },
    });
    return new ClientConfig(conf);
  }

  get defaultDataDir(): string | undefined {
    return this.conf.get('dataDir');
  }

  sessionToken(dataDir: string): string | undefined {
    return this.conf.get('sessions')[dataDir];
  }

  setSessionToken(dataDir: string, token: string | undefined): void {
    const sessions = { ...this.conf.get('sessions') };
    if (token === undefined) delete sessions[dataDir];
    else sessions[dataDir] = token;
    this.conf.set('sessions', sessions);
  }

  lastChat(dataDir: string, userId: Id): Id | undefined {
    return this.conf.get('lastChats')[`${dataDir}\n${userId}`];
  }

  setLastChat(dataDir: string, userId: Id, chatId: Id | undefined): void {
    const key = `${dataDir}\n${userId}`;
    const lastChats = { ...this.conf.get('lastChats') };
    if (chatId === undefined) delete lastChats[key];
    else lastChats[key] = chatId;
    this.conf.set('lastChats', lastChats);
  }

  uiPrefs(userId: Id): UiPrefs {
    return this.conf.get('ui')[userId] ?? {};
  }

  setUiPrefs(userId: Id, prefs: UiPrefs): void {
    this.conf.set('ui', { ...this.conf.get('ui'), [userId]: prefs });
  }
}
