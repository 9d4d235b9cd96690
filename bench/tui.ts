/**
 * bench:tui — the full-screen TUI in a real pty (100x30), as a user meets it.
 *
 * - Start-up: from spawning `aichat` to the first complete frame that shows the last
 *   active chat, with a 10-chat and a 10,000-chat store, as ratios to `node -e 0`; the
 *   baselines are measured between the start-ups, so a busy machine slows both alike.
 * - Streaming: the loopback provider server streams ~2,000 tokens/s (21 five-character
 *   words every 10 ms) into a 5-message and a 2,000-message chat (and, for scale, a chat
 *   of a 10,000-chat store). Frames are counted by Ink's synchronized-output markers, CPU
 *   is the aichat process's utime + stime, both over the stream. Every fifth chunk starts
 *   with a marker (`A000`, `A001`…, a new letter each run); its latency runs from the
 *   server handing that chunk to the socket to the marker arriving in the pty's output.
 *
 * `BENCH_TUI_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof'` profiles every TUI run.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { ServerResponse } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { startProviderServer, type ProviderServer } from '../test/helpers/provider-server.js';
import {
  generateStore,
  median,
  nodeBaseline,
  runProcess,
  type BenchRow,
  type GeneratedStore,
} from './lib.js';
import { cpuSeconds, FRAME_END, FRAME_START, peakRssMb, PtyApp } from './pty.js';

const bin = path.resolve('bin/aichat.cjs');
const SIZE = { columns: 100, rows: 30 };
const START_RUNS = 7;
const STREAM_RUNS = 3;
const nodeArgs = process.env.BENCH_TUI_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];

// The stream: CHUNKS deltas of TOKENS_PER_CHUNK five-character words, one every CHUNK_MS
// (the server's timer makes that ~11 ms, hence 21 words for ~2,000 tokens/s).
const CHUNK_MS = 10;
const TOKENS_PER_CHUNK = 21;
const CHUNKS = 301;
const MARK_EVERY = 5;
const LAST_MARK = (CHUNKS - 1) / MARK_EVERY;
const markerName = (letter: string, n: number) => `${letter}${String(n).padStart(3, '0')}`;

/** Every chunk the same length, so the server splits the text exactly at chunk bounds. */
function streamText(letter: string): string {
  const words = ['lore', 'ipsu', 'dolo', 'amet', 'cons', 'adip', 'elit', 'sedd', 'temp', 'magn'];
  let text = '';
  for (let c = 0; c < CHUNKS; c++) {
    for (let t = 0; t < TOKENS_PER_CHUNK; t++) {
      if (t === 0 && c % MARK_EVERY === 0) text += `${markerName(letter, c / MARK_EVERY)} `;
      // A paragraph every fourth chunk, as a model writes.
      else if (t === TOKENS_PER_CHUNK - 1 && c % 4 === 3) text += 'fin\n\n';
      else text += `${words[(c * 7 + t) % words.length]!} `;
    }
  }
  return text;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};

/**
 * Calls `onWrite` with the text of everything an HTTP server in this process writes, just
 * before it goes to the socket. Returns the function that undoes it.
 */
function watchServerWrites(onWrite: (text: string, at: number) => void): () => void {
  const proto = ServerResponse.prototype as unknown as { write: (...args: unknown[]) => boolean };
  const original = proto.write;
  proto.write = function (this: ServerResponse, ...args: unknown[]) {
    const chunk = args[0];
    const at = performance.now();
    if (typeof chunk === 'string') onWrite(chunk, at);
    else if (chunk instanceof Uint8Array) {
      onWrite(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length).toString('latin1'), at);
    }
    return original.apply(this, args);
  };
  return () => {
    proto.write = original;
  };
}

/** Sets the last active chat in the generated client config, so the TUI opens it. */
export async function prepareConfig(store: GeneratedStore, lastChat: string): Promise<void> {
  const file = path.join(store.home, '.config', 'aichat', 'config.json');
  const config = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  const lastChats = { [`${store.dataDir}\nbenchuser0`]: lastChat };
  await writeFile(file, JSON.stringify({ ...config, lastChats }), {
    mode: 0o600,
  });
}

/** An endpoint on the test server and a default model, so the chats (no model) can ask. */
async function addModel(store: GeneratedStore, server: ProviderServer): Promise<void> {
  const cli = (...args: string[]) => runProcess([bin, ...args], store.env);
  await cli('endpoint', 'add', 'bench', '--provider', 'anthropic', '--url', server.anthropicUrl);
  await cli('model', 'add', 'fast', '--endpoint', 'bench');
  await cli('settings', 'set', 'default-model', 'fast');
}

/** The title generateStore gives a chat. */
export const titleOf = (chatId: string) => `Chat number ${Number(chatId.slice(4))} about something`;

const tui = (store: GeneratedStore, markers?: RegExp) =>
  new PtyApp({
    argv: [process.execPath, ...nodeArgs, bin],
    env: store.env,
    ...SIZE,
    ...(markers ? { markers } : {}),
  });

/** The last complete frame in the recent output. */
function lastFrame(recent: string): string {
  const end = recent.lastIndexOf(FRAME_END);
  return end < 0 ? '' : recent.slice(recent.lastIndexOf(FRAME_START, end), end);
}

export interface Start {
  /** The layout with the key hints, ms. */
  hints: number;
  /** The last active chat on screen: title in the header, its messages, the hints, ms. */
  full: number;
  /** Peak resident memory, after `then` when given. */
  rssMb: number;
}

/**
 * Starts the TUI on a store whose last active chat is `opened` (default: the newest),
 * and does `then` (keys, say) once the full frame is up.
 */
export async function startOnce(
  store: GeneratedStore,
  opened = store.chatIds.at(-1)!,
  then?: (app: PtyApp) => Promise<unknown>,
): Promise<Start> {
  const app = tui(store);
  try {
    const [hints, full] = await Promise.all([
      app.waitForFrameWith('Ctrl+C quit'),
      app.waitForFrameWith(titleOf(opened)),
    ]);
    await then?.(app);
    const rssMb = peakRssMb(await app.pid());
    return { hints: hints - app.startedAt, full: full - app.startedAt, rssMb };
  } finally {
    await app.stop();
  }
}

/** `node -e 0` started the same way as the TUI: through `script` and `stty` in a pty. */
export async function ptyBaseline(env: NodeJS.ProcessEnv): Promise<number> {
  const app = new PtyApp({ argv: [process.execPath, '-e', '0'], env, ...SIZE });
  await app.exited;
  return performance.now() - app.startedAt;
}

interface StreamRun {
  fps: number;
  cpu: number;
  bytesPerFrame: number;
  clears: number;
  tokensPerSecond: number;
  latencies: number[];
  /** Markers never drawn: the screen skipped past them during a stall. */
  missed: number;
  rssMb: number;
}

async function streamOnce(
  store: GeneratedStore,
  server: ProviderServer,
  letter: string,
): Promise<StreamRun> {
  server.script({ text: streamText(letter), chunks: CHUNKS, delayMs: CHUNK_MS });
  const marker = new RegExp(`${letter}\\d{3}`, 'g');
  const first = markerName(letter, 0);
  const last = markerName(letter, LAST_MARK);
  const sent = new Map<string, number>();
  let pid = 0;
  let cpuStart = 0;
  let cpuEnd = 0;
  const app = tui(store, marker);
  const unwatch = watchServerWrites((text, at) => {
    for (const [name] of text.matchAll(marker)) {
      if (sent.has(name)) continue;
      sent.set(name, at);
      if (name === first) cpuStart = cpuSeconds(pid);
      if (name === last) cpuEnd = cpuSeconds(pid);
    }
  });
  try {
    await app.waitForFrameWith(titleOf(store.chatIds.at(-1)!));
    pid = await app.pid();
    app.type('hello bench');
    await app.waitForFrameWith('hello bench');
    app.type('\r');
    await app.waitFor((recent) => recent.includes(last), `marker ${last}`, 30_000);
    await app.waitFor(
      (recent) => !lastFrame(recent).includes('streaming ~'),
      'the end of the stream',
      10_000,
    );
    // The window: from the first chunk's write to the last one's.
    const t0 = sent.get(first)!;
    const t1 = sent.get(last)!;
    const inWindow = (at: number) => at >= t0 && at <= t1;
    const frames = app.frames.filter(inWindow).length;
    const bytes = app.reads.filter((r) => inWindow(r.at)).reduce((sum, r) => sum + r.bytes, 0);
    const latencies: number[] = [];
    for (const [name, at] of sent) {
      const shown = app.seen.get(name);
      if (shown !== undefined) latencies.push(shown - at);
    }
    const seconds = (t1 - t0) / 1000;
    return {
      fps: frames / seconds,
      cpu: (cpuEnd - cpuStart) / seconds,
      bytesPerFrame: bytes / Math.max(1, frames),
      clears: app.clears.filter(inWindow).length,
      tokensPerSecond: ((CHUNKS - 1) * TOKENS_PER_CHUNK) / seconds,
      latencies,
      missed: sent.size - latencies.length,
      rssMb: peakRssMb(pid),
    };
  } finally {
    unwatch();
    await app.stop();
  }
}

interface Stream {
  fps: number;
  cpu: number;
  bytesPerFrame: number;
  clears: number;
  tokensPerSecond: number;
  latencyMedian: number;
  latencyP95: number;
  latencyMax: number;
  samples: number;
  missed: number;
  rssMb: number;
}

/** Medians of the runs; latencies pooled over all runs. */
async function stream(
  store: GeneratedStore,
  server: ProviderServer,
  letters: string,
): Promise<Stream> {
  const runs: StreamRun[] = [];
  for (const letter of letters.slice(0, STREAM_RUNS)) {
    runs.push(await streamOnce(store, server, letter));
  }
  const latencies = runs.flatMap((r) => r.latencies);
  const of = (key: 'fps' | 'cpu' | 'bytesPerFrame' | 'tokensPerSecond') =>
    median(runs.map((r) => r[key]));
  return {
    fps: of('fps'),
    cpu: of('cpu'),
    bytesPerFrame: of('bytesPerFrame'),
    tokensPerSecond: of('tokensPerSecond'),
    clears: runs.reduce((sum, r) => sum + r.clears, 0),
    latencyMedian: median(latencies),
    latencyP95: percentile(latencies, 95),
    latencyMax: Math.max(...latencies),
    samples: latencies.length,
    missed: runs.reduce((sum, r) => sum + r.missed, 0),
    rssMb: Math.max(...runs.map((r) => r.rssMb)),
  };
}

export async function benchTui(): Promise<BenchRow[]> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'aichat-bench-tui-'));
  const server = await startProviderServer();
  try {
    const t0 = performance.now();
    const small = await generateStore(path.join(root, 'small'), 10, 5);
    const long = await generateStore(path.join(root, 'long'), 10, 2000);
    const scale = await generateStore(path.join(root, 'scale'), 10_000, 10);
    const generated = (performance.now() - t0) / 1000;
    for (const store of [small, long, scale]) {
      await prepareConfig(store, store.chatIds.at(-1)!);
      await addModel(store, server);
    }

    // Start-up, the baselines interleaved with the runs they are compared to.
    const baseline: number[] = [];
    const wrapped: number[] = [];
    const startSmall: Start[] = [];
    const startScale: Start[] = [];
    for (let i = 0; i < START_RUNS; i++) {
      // In the environment the TUI gets, so nothing but aichat differs between the two.
      baseline.push(await nodeBaseline(1, small.env));
      wrapped.push(await ptyBaseline(small.env));
      startSmall.push(await startOnce(small));
      startScale.push(await startOnce(scale));
    }
    const base = median(baseline);
    const basePty = median(wrapped);

    const short = await stream(small, server, 'ABC');
    const longer = await stream(long, server, 'DEF');
    const scaled = await stream(scale, server, 'GHI');

    const ms = (value: number) => `${value.toFixed(0)} ms`;
    const ratio = (value: number) => `${(value / base).toFixed(2)}x`;
    const startRow = (name: string, runs: Start[]): BenchRow => {
      const full = median(runs.map((r) => r.full));
      const hints = median(runs.map((r) => r.hints));
      // Judged against `node -e 0` started the same way (through `script` and `stty`), so
      // the pty wrapper's own start-up is on both sides of the ratio.
      return {
        name,
        value: `${(full / basePty).toFixed(2)}x node -e 0 in the pty (${ms(full)}; ${ratio(full)} plain node -e 0; key hints at ${ms(hints)})`,
        target: '<= 3x',
        met: full / basePty <= 3,
      };
    };
    const pair = (f: (s: Stream) => string) => `${f(short)} | ${f(longer)}`;
    const both = (f: (s: Stream) => boolean) => f(short) && f(longer);
    return [
      {
        name: 'tui: generate 10x5, 10x2,000, 10,000x10 messages',
        value: `${generated.toFixed(1)} s`,
      },
      {
        name: 'tui: node -e 0 (baseline) | in the pty',
        value: `${ms(base)} | ${ms(basePty)}`,
      },
      startRow('tui: start → first full frame, 10 chats', startSmall),
      startRow('tui: start → first full frame, 10,000 chats', startScale),
      {
        name: 'tui: peak RSS at start, 10 | 10,000 chats',
        value: `${Math.max(...startSmall.map((r) => r.rssMb)).toFixed(0)} MB | ${Math.max(...startScale.map((r) => r.rssMb)).toFixed(0)} MB`,
      },
      {
        name: 'tui: stream rate, 5 | 2,000 msgs',
        value: pair((s) => `${s.tokensPerSecond.toFixed(0)} tok/s`),
      },
      {
        name: 'tui: stream frames/s, 5 | 2,000 msgs',
        value: pair((s) => s.fps.toFixed(1)),
        target: '<= 30',
        met: both((s) => s.fps <= 30.5),
      },
      {
        name: 'tui: stream CPU, 5 | 2,000 msgs',
        value: pair((s) => `${s.cpu.toFixed(2)} core`),
        target: '< 1 core',
        met: both((s) => s.cpu < 1),
      },
      {
        name: 'tui: stream bytes/frame, 5 | 2,000 msgs',
        value: pair((s) => `${(s.bytesPerFrame / 1024).toFixed(2)} KB`),
        target: 'within 1.5x',
        met: longer.bytesPerFrame <= 1.5 * short.bytesPerFrame,
      },
      {
        name: 'tui: stream screen clears, 5 | 2,000 msgs',
        value: pair((s) => String(s.clears)),
        target: '0',
        met: both((s) => s.clears === 0),
      },
      {
        name: 'tui: chunk → screen median, 5 | 2,000 msgs',
        value: pair((s) => ms(s.latencyMedian)),
        target: '< 50 ms',
        met: both((s) => s.latencyMedian < 50),
      },
      {
        name: 'tui: chunk → screen p95 / max, 5 | 2,000 msgs',
        value: pair((s) => `${ms(s.latencyP95)} / ${ms(s.latencyMax)}`),
      },
      {
        name: 'tui: markers never drawn, 5 | 2,000 msgs',
        value: pair((s) => `${s.missed} of ${s.samples + s.missed}`),
        target: '0',
        met: both((s) => s.missed === 0),
      },
      {
        name: 'tui: peak RSS after stream, 5 | 2,000 msgs',
        value: pair((s) => `${s.rssMb.toFixed(0)} MB`),
      },
      {
        name: 'tui: stream into a 10,000-chat store (10 msgs)',
        value:
          `${scaled.fps.toFixed(1)} frames/s, ${scaled.cpu.toFixed(2)} core, ` +
          `latency median ${ms(scaled.latencyMedian)} p95 ${ms(scaled.latencyP95)} ` +
          `max ${ms(scaled.latencyMax)}, ${scaled.missed} of ${scaled.samples + scaled.missed} ` +
          `markers never drawn, peak RSS ${scaled.rssMb.toFixed(0)} MB`,
      },
    ];
  } finally {
    await server.close();
    await rm(root, { recursive: true, force: true });
  }
}
