/**
 * The one module that reads the environment and the home directory to decide where
 * aichat keeps its files. Nothing else calls os.homedir().
 */
import os from 'node:os';
import path from 'node:path';

export interface PathOptions {
  /** `--data-dir` from the command line. */
  dataDir?: string;
  /** The default data dir saved in the client config, if any. */
  configuredDataDir?: string;
  env?: NodeJS.ProcessEnv;
}

/** `--data-dir`, else `$AICHAT_HOME`, else the configured default, else the XDG data dir. */
export function resolveDataDir(options: PathOptions = {}): string {
  const env = options.env ?? process.env;
  const chosen =
    options.dataDir ||
    env.AICHAT_HOME ||
    options.configuredDataDir ||
    path.join(env.XDG_DATA_HOME || path.join(home(env), '.local', 'share'), 'aichat');
  return path.resolve(chosen);
}

/** `$XDG_CONFIG_HOME/aichat`, default `~/.config/aichat`. */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.XDG_CONFIG_HOME || path.join(home(env), '.config'), 'aichat');
}

/** `$XDG_CACHE_HOME/aichat`, default `~/.cache/aichat`: see cache.ts. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.XDG_CACHE_HOME || path.join(home(env), '.cache'), 'aichat');
}

function home(env: NodeJS.ProcessEnv): string {
  return env.HOME || os.homedir();
}

export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;

export const dbFile = (dataDir: string) => path.join(dataDir, 'db.json');
export const chatsDir = (dataDir: string) => path.join(dataDir, 'chats');
export const chatFile = (dataDir: string, chatId: string) =>
  path.join(chatsDir(dataDir), `${chatId}.json`);
