/**
 * The crash, concurrency, fault and fuzz families, each a function that runs N cases
 * against real processes and real files and returns what it found. The vitest files in
 * this folder run them with small counts; `npm run stress` (stress.mjs) with full ones.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { emptyTree } from '../../src/core/tree.js';
import type { MessageNode } from '../../src/core/types.js';
import { CHAT_VERSION, chatSpec, createChatFile, readChatFile } from '../../src/store/chats.js';
import { dbSpec, readDb, updateDb } from '../../src/store/db.js';
import {
  parseStoreText,
  readJsonFile,
  type JsonFileSpec,
  type Versioned,
} from '../../src/store/file.js';
import {
  bin,
  repoRoot,
  runNode,
  workerBundle,
  type CliResult,
  type TempHome,
} from '../helpers/cli.js';
import type { ChatSetup } from '../helpers/chat-setup.js';
import { prng, type Prng } from '../helpers/prng.js';

export interface FamilyResult {
  family: string;
  cases: number;
  faults: number;
  lost: number;
  /** One line per broken promise; empty when the family passed. */
  failures: string[];
  ms: number;
}

export function summaryLine(r: FamilyResult): string {
  const verdict = r.failures.length === 0 && r.lost === 0 ? 'ok' : `FAILED (${r.failures.length})`;
  return `${r.family.padEnd(22)} cases ${String(r.cases).padStart(4)}  faults injected ${String(r.faults).padStart(4)}  records lost ${r.lost}  ${verdict}  ${(r.ms / 1000).toFixed(1)} s`;
}

export const faultPreload = path.join(repoRoot, 'test/helpers/fault-fs.mjs');
export const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const workerEnv = () => ({ PATH: process.env.PATH });

async function tempDir(prefix: string) {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

/** Messages of a chat in creation order (all branches). */
const contentsOf = (nodes: Record<string, MessageNode>) =>
  Object.values(nodes)
    .sort((a, b) => a.createdAt - b.createdAt)
    .map((n) => n.content);

/** Files a killed or failed writer may leave: temp files and lock dirs. */
export async function debrisIn(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const name of await readdir(dir, { recursive: true })) {
    if (/\.tmp$|\.lock$/.test(name)) found.push(name);
  }
  return found;
}

async function timed(family: string, body: (r: FamilyResult) => Promise<void>) {
  const r: FamilyResult = { family, cases: 0, faults: 0, lost: 0, failures: [], ms: 0 };
  const started = Date.now();
  await body(r);
  r.ms = Date.now() - started;
  return r;
}

/** Runs `fn` over `items` with at most `limit` at a time. */
async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>) {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: limit }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await fn(item);
    }),
  );
}

// ---------------------------------------------------------------------------------------
// N writers at once

export interface WritersOptions {
  /** Processes appending to one shared chat. */
  shared: number;
  /** Processes each appending to a chat of its own. */
  own: number;
  /** Processes adding chats to the index in db.json. */
  indexers: number;
  perWriter: number;
}

/**
 * Writers on one chat, on different chats and on db.json at once, with a reader that
 * validates every file as aichat does for as long as they run.
 */
export function concurrentWriters(o: WritersOptions): Promise<FamilyResult> {
  return timed('writers at once', async (r) => {
    const dataDir = await tempDir('aichat-writers-');
    try {
      const chats = ['shared', ...Array.from({ length: o.own }, (_, i) => `own-${i}`)];
      for (const chatId of chats) {
        await createChatFile(dataDir, {
          schemaVersion: CHAT_VERSION,
          chatId,
          userId: 'u1',
          tree: emptyTree(),
        });
      }
      await updateDb(dataDir, () => undefined);
      const reader = spawnWorker(['validate', dataDir, '120000']);
      const runs = [
        ...Array.from({ length: o.shared }, (_, w) => [
          'append',
          dataDir,
          'shared',
          String(o.perWriter),
          `s${w}`,
        ]),
        ...Array.from({ length: o.own }, (_, w) => [
          'append',
          dataDir,
          `own-${w}`,
          String(o.perWriter),
          `o${w}`,
        ]),
        ...Array.from({ length: o.indexers }, (_, w) => [
          'chats',
          dataDir,
          'u1',
          String(o.perWriter),
          `i${w}`,
        ]),
      ];
      const results = await Promise.all(
        runs.map((args) => runNode([workerBundle, ...args], workerEnv())),
      );
      reader.child.stdin?.end();
      const read = await reader.done;
      results.forEach((res, i) => {
        if (res.code !== 0)
          r.failures.push(`writer ${runs[i]!.join(' ')} exited ${res.code}: ${res.stderr.trim()}`);
      });
      if (read.code !== 0) r.failures.push(`the reader saw an invalid file: ${read.stderr.trim()}`);
      if (!(Number(read.stdout) > 0)) r.failures.push('the reader read nothing');
      r.cases = runs.length * o.perWriter;

      /** The writer's records, all there and in its order. */
      const expectSeq = (contents: string[], tag: string, where: string) => {
        const mine = contents.filter((c) => c.startsWith(`${tag}-`));
        const want = Array.from({ length: o.perWriter }, (_, i) => `${tag}-${i}`);
        r.lost += want.filter((c) => !mine.includes(c)).length;
        if (mine.join() !== want.join()) {
          r.failures.push(
            `${where}: writer ${tag} left ${mine.length}/${o.perWriter}: ${mine.join(',')}`,
          );
        }
      };
      const shared = contentsOf((await readChatFile(dataDir, 'shared')).tree.nodes);
      for (let w = 0; w < o.shared; w++) expectSeq(shared, `s${w}`, 'shared chat');
      if (shared.length !== o.shared * o.perWriter)
        r.failures.push(`the shared chat has ${shared.length} messages`);
      for (let w = 0; w < o.own; w++) {
        const own = contentsOf((await readChatFile(dataDir, `own-${w}`)).tree.nodes);
        expectSeq(own, `o${w}`, `chat own-${w}`);
        if (own.length !== o.perWriter) r.failures.push(`chat own-${w} has ${own.length} messages`);
      }
      const titles = (await readDb(dataDir)).chats.map((c) => c.title);
      for (let w = 0; w < o.indexers; w++) expectSeq(titles, `i${w}`, 'db.json');
      const debris = await debrisIn(dataDir);
      if (debris.length) r.failures.push(`writers that all finished left ${debris.join(', ')}`);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
}

function spawnWorker(args: string[]): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [workerBundle, ...args], {
    env: workerEnv(),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, done };
}

// ---------------------------------------------------------------------------------------
// SIGKILL of a writer at random moments

/**
 * Each case starts a writer that alternately appends to a chat and adds to db.json,
 * printing an acknowledgement after each write; it is killed after a random number of
 * acknowledgements plus a random delay. Both files must then be valid and hold exactly
 * the acknowledged writes, or those plus the one in flight: the state before or after
 * the last write, never a mix, never less.
 */
export function killWriters(o: {
  cases: number;
  seed: number;
  parallel?: number;
}): Promise<FamilyResult> {
  return timed('SIGKILL writers', async (r) => {
    const rand = prng(o.seed);
    const template = await tempDir('aichat-kill-template-');
    await createChatFile(template, {
      schemaVersion: CHAT_VERSION,
      chatId: 'k',
      userId: 'u1',
      tree: emptyTree(),
    });
    await updateDb(template, () => undefined);
    const plans = Array.from({ length: o.cases }, (_, i) => ({
      i,
      acks: rand.int(9),
      delayMs: rand.int(25),
    }));
    try {
      await pool(plans, o.parallel ?? 2, async (plan) => {
        const dataDir = await tempDir('aichat-kill-');
        try {
          await cp(template, dataDir, { recursive: true });
          const { child, done } = spawnWorker(['churn', dataDir, 'k', '100000', 't']);
          let lines = 0;
          await new Promise<void>((resolve) => {
            const check = (d: string) => {
              lines += d.split('\n').length - 1;
              if (lines >= plan.acks) {
                child.stdout!.off('data', check);
                resolve();
              }
            };
            if (plan.acks === 0) resolve();
            else child.stdout!.on('data', check);
            child.on('close', () => resolve());
          });
          await sleep(plan.delayMs);
          child.kill('SIGKILL');
          const result = await done;
          r.cases++;
          if (result.code === null) r.faults++;
          else
            r.failures.push(
              `case ${plan.i}: the writer was not killed (exit ${result.code}): ${result.stderr.trim()}`,
            );
          const last = (kind: string) =>
            Math.max(
              -1,
              ...result.stdout
                .split('\n')
                .filter((l) => l.startsWith(`${kind} `))
                .map((l) => Number(l.slice(2))),
            );
          const check = (what: string, found: string[], acked: number) => {
            const want = Array.from({ length: acked + 1 }, (_, i) => `t-${i}`);
            const lost = want.filter((t) => !found.includes(t)).length;
            r.lost += lost;
            const before = found.join() === want.join();
            const after = found.join() === [...want, `t-${acked + 1}`].join();
            if (!before && !after) {
              r.failures.push(
                `case ${plan.i}: ${what} holds [${found.join(',')}] after ${acked + 1} acknowledged writes`,
              );
            }
          };
          try {
            check('the chat', contentsOf((await readChatFile(dataDir, 'k')).tree.nodes), last('c'));
          } catch (err) {
            r.failures.push(
              `case ${plan.i}: the chat file is unreadable after the kill: ${String(err)}`,
            );
            r.lost += last('c') + 1;
          }
          try {
            const db = await readJsonFile(dbSpec(dataDir));
            check('db.json', db?.data.chats.map((c) => c.title) ?? [], last('d'));
          } catch (err) {
            r.failures.push(`case ${plan.i}: db.json is unreadable after the kill: ${String(err)}`);
            r.lost += last('d') + 1;
          }
        } finally {
          await rm(dataDir, { recursive: true, force: true });
        }
      });
    } finally {
      await rm(template, { recursive: true, force: true });
    }
  });
}

// ---------------------------------------------------------------------------------------
// SIGKILL of a lock holder

export interface LockHolderCase {
  elapsedMs: number;
  result: CliResult;
}

/**
 * A process takes db.json's lock and is killed while holding it; then `aichat folder add`
 * runs. It must wait (saying why on stderr), take the stale lock over and succeed.
 */
export async function killLockHolder(home: TempHome, folder: string): Promise<LockHolderCase> {
  const { child, done } = spawnWorker(['hold', home.dataDir, 'db']);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: string) => d.includes('locked') && resolve());
    child.on('close', () => reject(new Error('the lock holder ended before taking the lock')));
  });
  child.kill('SIGKILL');
  await done;
  const started = Date.now();
  const result = await home.run(['folder', 'add', folder]);
  return { elapsedMs: Date.now() - started, result };
}

// ---------------------------------------------------------------------------------------
// A long-lived process and `aichat ask --continue` at once

export interface LiveAndAskOutcome {
  failures: string[];
  lost: number;
  asks: number;
  workerMessages: number;
}

/**
 * A worker keeps appending to and retitling the chat (as a running TUI would) while
 * `aichat ask --continue` runs `asks` times with a reply slow enough to be flushed
 * mid-stream. Neither may lose the other's change.
 */
export async function liveAndAsk(s: ChatSetup, asks: number): Promise<LiveAndAskOutcome> {
  const failures: string[] = [];
  const reply = 'streamed slowly, flushed at least once while it grows.';
  s.server.script({ text: 'Hello.' });
  const first = await s.home.run(['ask', '--json', 'start the chat']);
  if (first.code !== 0) throw new Error(`first ask failed: ${first.stderr}`);
  const chatId = (JSON.parse(first.stdout) as { chatId: string }).chatId;
  s.server.script({ text: reply, chunks: 24, delayMs: 50 });

  const worker = spawnWorker(['live', s.home.dataDir, chatId, String(asks * 1_600 + 400), 'live']);
  const results: { prompt: string; result: CliResult }[] = [];
  for (let i = 0; i < asks; i++) {
    const prompt = `question ${i}`;
    results.push({ prompt, result: await s.home.run(['ask', '--continue', '--json', prompt]) });
  }
  const live = await worker.done;
  if (live.code !== 0) failures.push(`the live writer failed: ${live.stderr.trim()}`);
  const { messages, title } = JSON.parse(live.stdout || '{"messages":0,"title":""}') as {
    messages: number;
    title: string;
  };

  const { tree } = await readChatFile(s.home.dataDir, chatId);
  const nodes = Object.values(tree.nodes);
  let lost = 0;
  for (let i = 0; i < messages; i++) {
    if (!nodes.some((n) => n.content === `live-${i}`)) {
      lost++;
      failures.push(`the live writer's message live-${i} is gone`);
    }
  }
  for (const { prompt, result } of results) {
    if (result.code !== 0) {
      failures.push(`ask "${prompt}" exited ${result.code}: ${result.stderr.trim()}`);
      continue;
    }
    const out = JSON.parse(result.stdout) as {
      messageId: string;
      userMessageId: string;
      text: string;
    };
    const user = tree.nodes[out.userMessageId];
    const answer = tree.nodes[out.messageId];
    if (user?.content !== prompt) {
      lost++;
      failures.push(`ask "${prompt}": its message is not in the chat`);
    }
    if (answer?.content !== reply || answer.status !== 'complete') {
      lost++;
      failures.push(
        `ask "${prompt}": its reply is ${answer ? `${answer.status} "${answer.content}"` : 'gone'}`,
      );
    }
  }
  const entry = (await readDb(s.home.dataDir)).chats.find((c) => c.id === chatId);
  if (title && entry?.title !== title) {
    lost++;
    failures.push(`the chat's title is "${entry?.title}", not the live writer's last "${title}"`);
  }
  return { failures, lost, asks, workerMessages: messages };
}

// ---------------------------------------------------------------------------------------
// Fault injection

export const faultCodes = ['ENOSPC', 'EIO', 'EACCES', 'EROFS'] as const;

export interface FaultRun {
  rule: string;
  result: CliResult;
  /** Lines of the preload's log: one per fault actually injected. */
  injected: string[];
}

/** Runs `aichat ...args` with the fault preload and `rule`. */
export async function runWithFault(
  home: TempHome,
  args: string[],
  rule: string,
  stdin?: string,
): Promise<FaultRun> {
  const log = path.join(home.home, `fault-${process.pid}-${Date.now()}-${Math.random()}.log`);
  const result = await runNode(
    ['--import', `file://${faultPreload}`, bin, ...args],
    {
      ...home.env,
      AICHAT_FAULT: rule,
      AICHAT_FAULT_LOG: log,
    },
    stdin,
  );
  const injected = (await readFile(log, 'utf8').catch(() => '')).split('\n').filter(Boolean);
  await rm(log, { force: true });
  return { rule, result, injected };
}

/** A temp file of this store file, not of its backup. */
const tmpOf = (file: string) => `${file}\\.\\d+\\.[0-9a-f]+\\.tmp$`;
export const reEscape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** The write path of one store file, step by step, and its lock and its read. */
export function faultRules(file: string, codes: readonly string[] = faultCodes): string[] {
  const rules: string[] = [];
  for (const code of codes) {
    for (const kind of ['open', 'write', 'fsync', 'rename'])
      rules.push(`${kind}:1:${code}:${tmpOf(file)}`);
  }
  rules.push(`mkdir:1:ENOSPC:${file}\\.lock$`, `read:1:EIO:${file}$`);
  return rules;
}

/**
 * Judges one faulted run of a command that writes `file`: one line naming the file and
 * the error code, exit 1, the file byte-identical, no temp file left.
 */
export async function judgeFault(run: FaultRun, file: string, before: Buffer): Promise<string[]> {
  const failures: string[] = [];
  const code = /:(E[A-Z]+)(:|$)/.exec(run.rule)?.[1] ?? '';
  const lines = run.result.stderr.trim().split('\n');
  if (run.injected.length === 0) failures.push(`${run.rule}: no fault was injected`);
  if (run.result.code !== 1) failures.push(`${run.rule}: exit ${run.result.code}, not 1`);
  if (lines.length !== 1)
    failures.push(`${run.rule}: ${lines.length} lines on stderr: ${run.result.stderr}`);
  if (!lines[0]?.includes(file) || !lines[0].includes(`(${code})`)) {
    failures.push(`${run.rule}: the error does not name ${file} and ${code}: ${lines[0]}`);
  }
  const after = await readFile(file);
  if (!after.equals(before)) failures.push(`${run.rule}: ${file} changed`);
  const debris = (await debrisIn(path.dirname(file))).filter((f) => f.endsWith('.tmp'));
  if (debris.length) failures.push(`${run.rule}: left ${debris.join(', ')}`);
  return failures;
}

// ---------------------------------------------------------------------------------------
// The store-file fuzzer

export type Mutation = { name: string; bytes: Buffer };

/** One seeded mutation of a store file: what a torn write, bit rot or a stray edit does. */
export function mutate(original: Buffer, rand: Prng): Mutation {
  const b = Buffer.from(original);
  const at = () => rand.int(b.length);
  const ops: (() => Mutation)[] = [
    () => {
      const n = at();
      return { name: `truncated to ${n} bytes`, bytes: b.subarray(0, n) };
    },
    () => {
      const flips = 1 + rand.int(3);
      const where: number[] = [];
      for (let i = 0; i < flips; i++) {
        const pos = at();
        b[pos] = b[pos]! ^ (1 << rand.int(8));
        where.push(pos);
      }
      return { name: `bits flipped at ${where.join(',')}`, bytes: b };
    },
    () => {
      const start = at();
      const len = 1 + rand.int(64);
      b.fill(0, start, Math.min(start + len, b.length));
      return { name: `${len} bytes zeroed at ${start}`, bytes: b };
    },
    () => {
      const start = at();
      const len = 1 + rand.int(40);
      return {
        name: `${len} bytes cut at ${start}`,
        bytes: Buffer.concat([b.subarray(0, start), b.subarray(start + len)]),
      };
    },
    () => {
      const start = at();
      const len = 1 + rand.int(40);
      const span = b.subarray(start, start + len);
      return {
        name: `${span.length} bytes doubled at ${start}`,
        bytes: Buffer.concat([
          b.subarray(0, start + span.length),
          span,
          b.subarray(start + span.length),
        ]),
      };
    },
    () => {
      const start = at();
      const junk = Buffer.from(Array.from({ length: 1 + rand.int(16) }, () => rand.int(256)));
      return {
        name: `${junk.length} random bytes inserted at ${start}`,
        bytes: Buffer.concat([b.subarray(0, start), junk, b.subarray(start)]),
      };
    },
    () => {
      const data = JSON.parse(b.toString('utf8')) as Record<string, unknown>;
      const version = 2 + rand.int(98);
      return {
        name: `schemaVersion ${version}`,
        bytes: Buffer.from(JSON.stringify({ ...data, schemaVersion: version })),
      };
    },
    () => {
      const data = JSON.parse(b.toString('utf8')) as Record<string, unknown>;
      const key = rand.pick(Object.keys(data))!;
      const value = rand.pick([null, 0, 'x', {}, [], true]);
      return {
        name: `top-level ${key} set to ${JSON.stringify(value)}`,
        bytes: Buffer.from(JSON.stringify({ ...data, [key]: value })),
      };
    },
    () => ({ name: 'emptied', bytes: Buffer.alloc(0) }),
  ];
  return rand.pick(ops)!();
}

/** Whether aichat's own reading would accept the bytes (the fuzzer's oracle for "must refuse"). */
export function accepted<T extends Versioned>(spec: JsonFileSpec<T>, bytes: Buffer): boolean {
  try {
    parseStoreText(spec, bytes);
    return true;
  } catch {
    return false;
  }
}

export interface FuzzTarget {
  /** The store file mutated. */
  file: string;
  spec: JsonFileSpec<Versioned>;
  /** Commands that read and, for some, write that file. */
  commands: string[][];
}

/** db.json and the welcome chat's file of a fresh home, with commands that read them. */
export async function storeFuzzTargets(home: TempHome): Promise<FuzzTarget[]> {
  const [chat] = JSON.parse((await home.run(['chat', 'list', '--json'])).stdout) as {
    id: string;
  }[];
  return [
    {
      file: path.join(home.dataDir, 'db.json'),
      spec: dbSpec(home.dataDir),
      commands: [['chat', 'list'], ['folder', 'add', 'fuzz'], ['endpoint', 'list'], ['whoami']],
    },
    {
      file: path.join(home.dataDir, 'chats', `${chat!.id}.json`),
      spec: chatSpec(home.dataDir, chat!.id),
      commands: [
        ['chat', 'show', chat!.id],
        ['chat', 'search', 'welcome'],
        ['chat', 'export', chat!.id],
      ],
    },
  ];
}

/**
 * Mutates each target `cases` times and runs a command on it. A file aichat cannot
 * accept must be refused with one line naming it, exit 1, bytes identical; an accepted
 * mutation must not crash aichat (no "this is a bug" line).
 */
export function fuzzStore(
  home: TempHome,
  targets: FuzzTarget[],
  o: { cases: number; seed: number; doctorEvery?: number },
) {
  return timed('store-file fuzzer', async (r) => {
    const rand = prng(o.seed);
    for (let i = 0; i < o.cases; i++) {
      const target = targets[i % targets.length]!;
      const original = await readFile(target.file);
      const mutation = mutate(original, rand);
      const args = rand.pick(target.commands)!;
      await writeFile(target.file, mutation.bytes);
      const result = await home.run(args);
      const after = await readFile(target.file);
      const name = `case ${i} (${path.basename(target.file)} ${mutation.name}; aichat ${args.join(' ')})`;
      const refused = !accepted(target.spec, mutation.bytes);
      const lines = result.stderr.trim().split('\n');
      r.cases++;
      if (refused) {
        r.faults++;
        if (result.code !== 1) r.failures.push(`${name}: exit ${result.code}, not 1`);
        if (lines.length !== 1 || !lines[0]!.includes(target.file)) {
          r.failures.push(`${name}: not one line naming the file: ${result.stderr.trim()}`);
        }
        if (!after.equals(mutation.bytes)) {
          r.lost++;
          r.failures.push(`${name}: the refused file was overwritten`);
        }
        if (o.doctorEvery && i % o.doctorEvery === 0) {
          const doctor = await home.run(['doctor']);
          if (doctor.code !== 1 || !doctor.stdout.includes(target.file)) {
            r.failures.push(`${name}: doctor did not report it: ${doctor.stdout}${doctor.stderr}`);
          }
        }
      } else if (/this is a bug/.test(result.stderr) || (result.code !== 0 && lines.length !== 1)) {
        r.failures.push(`${name}: aichat crashed on a file it accepted: ${result.stderr.trim()}`);
      }
      // Put the good bytes back (and drop anything a run that accepted the file wrote).
      await writeFile(target.file, original);
    }
  });
}
