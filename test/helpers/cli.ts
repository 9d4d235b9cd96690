/** Runs the built `aichat` as a real process in a temporary home. */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const bin = path.join(repoRoot, 'bin', 'aichat.cjs');
export const workerBundle = path.join(repoRoot, 'node_modules/.cache/aichat-test/store-worker.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface TempHome {
  home: string;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  /** Runs `aichat ...args` with optional stdin. */
  run(
    args: string[],
    options?: { stdin?: string | Buffer; env?: NodeJS.ProcessEnv },
  ): Promise<CliResult>;
  cleanup(): Promise<void>;
}

/** A HOME of its own, so the store and the client config are the test's alone. */
export async function tempHome(): Promise<TempHome> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'aichat-test-'));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    LANG: 'C.UTF-8',
    NO_COLOR: '1',
  };
  return {
    home,
    dataDir: path.join(home, '.local', 'share', 'aichat'),
    env,
    run: (args, options = {}) => runNode([bin, ...args], { ...env, ...options.env }, options.stdin),
    cleanup: () => rm(home, { recursive: true, force: true, maxRetries: 5 }),
  };
}

export function runNode(
  args: string[],
  env: NodeJS.ProcessEnv,
  stdin?: string | Buffer,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(stdin ?? '');
  });
}

/** Signs up the first user (an admin, signed in at once). */
export async function withFirstUser(name = 'alice', password = 'correct horse'): Promise<TempHome> {
  const home = await tempHome();
  const result = await home.run(['user', 'add', name, '--password-stdin'], {
    stdin: `${password}\n`,
  });
  if (result.code !== 0) throw new Error(`user add failed: ${result.stderr}`);
  return home;
}
