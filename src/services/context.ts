/** What every service call needs: where the data is, the client config, the clock. */
import { ClientConfig } from '../store/config.js';
import { defaultLockOptions, ensureDir, type LockOptions } from '../store/file.js';
import { resolveDataDir } from '../store/paths.js';

export interface ServiceContext {
  dataDir: string;
  config: ClientConfig;
  env: NodeJS.ProcessEnv;
  now: () => number;
  lock: LockOptions;
}

export interface OpenOptions {
  dataDir?: string;
  env?: NodeJS.ProcessEnv;
  /** Told when a store file is locked by another process for more than a second. */
  onLockWait?: (file: string) => void;
}

export async function openContext(options: OpenOptions = {}): Promise<ServiceContext> {
  const env = options.env ?? process.env;
  const config = await ClientConfig.open(env);
  const dataDir = resolveDataDir({
    dataDir: options.dataDir,
    configuredDataDir: config.defaultDataDir,
    env,
  });
  await ensureDir(dataDir);
  return {
    dataDir,
    config,
    env,
    now: Date.now,
    lock: { ...defaultLockOptions, onWait: options.onLockWait },
  };
}
