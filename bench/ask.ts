/**
 * bench:ask — cold start-up: `aichat --version` and `aichat ask` against a loopback
 * server that replies at once, as ratios to `node -e 0` measured in the same run.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProviderServer } from '../test/helpers/provider-server.js';
import { runProcess, timeProcessesInTurn, type BenchRow } from './lib.js';

// The loopback server runs in a process of its own, as a real one would: served from
// this process, every reply waited on the benchmark's own event loop.
if (process.argv[2] === 'serve') {
  const server = await startProviderServer({ script: { text: 'Hi.', chunks: 1 } });
  process.stdout.write(`${server.anthropicUrl}\n`);
}

async function startServerProcess() {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), 'serve'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve) =>
    child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())),
  );
  return { url, close: () => child.kill() };
}

const bin = path.resolve('bin/aichat.cjs');
const floor = path.resolve('bench/ask-floor.mjs');
const RUNS = 9;

const cli = (env: NodeJS.ProcessEnv, args: string[], stdin = '') =>
  runProcess([bin, ...args], env, stdin);

export async function benchAsk(): Promise<BenchRow[]> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'aichat-bench-ask-'));
  const server = await startServerProcess();
  try {
    const env = { PATH: process.env.PATH, HOME: home };
    await cli(env, ['user', 'add', 'bench', '--password-stdin'], 'bench password\n');
    await cli(env, ['endpoint', 'add', 'bench', '--provider', 'anthropic', '--url', server.url]);
    await cli(env, ['model', 'add', 'fast', '--endpoint', 'bench']);
    await cli(env, ['settings', 'set', 'default-model', 'fast']);
    await cli(env, ['ask', 'warm up the store']);

    // The same environment on all sides: a variable such as NODE_EXTRA_CA_CERTS alone
    // costs every Node process tens of milliseconds.
    const run = (...args: string[]) => ({ args, env });
    const { baseline, version, ask, askNew, askNoSave, askFloor } = await timeProcessesInTurn(
      RUNS,
      {
        baseline: run('-e', '0'),
        version: run(bin, '--version'),
        ask: run(bin, 'ask', '--continue', 'hello'),
        askNew: run(bin, 'ask', 'hello'),
        askNoSave: run(bin, 'ask', '--no-save', 'hello'),
        askFloor: run(floor, server.url),
      },
    );
    const ratio = (ms: number) => ms / baseline;
    return [
      { name: 'node -e 0 (baseline)', value: `${baseline.toFixed(0)} ms` },
      {
        name: 'aichat --version',
        value: `${ratio(version).toFixed(2)}x (${version.toFixed(0)} ms)`,
        target: '<= 1.3x',
        met: ratio(version) <= 1.3,
      },
      {
        name: 'aichat ask --continue (saved)',
        value: `${ratio(ask).toFixed(2)}x (${ask.toFixed(0)} ms)`,
        target: '<= 2.0x',
        met: ratio(ask) <= 2,
      },
      {
        name: 'floor: the same reads, 2 durable writes and request, no aichat code',
        value: `${ratio(askFloor).toFixed(2)}x (${askFloor.toFixed(0)} ms)`,
      },
      {
        name: 'aichat ask, new chat + title request',
        value: `${ratio(askNew).toFixed(2)}x (${askNew.toFixed(0)} ms)`,
      },
      {
        name: 'aichat ask --no-save',
        value: `${ratio(askNoSave).toFixed(2)}x (${askNoSave.toFixed(0)} ms)`,
      },
    ];
  } finally {
    server.close();
    await rm(home, { recursive: true, force: true });
  }
}
