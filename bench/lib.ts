/** Shared by the benchmarks: timing, medians, and a store generator. */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { newDataKey, wrapWithPassword } from '../src/services/crypto.js';
import { sealForSession } from '../src/services/keys.js';
import { hashToken } from '../src/services/tokens.js';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CHAT_VERSION } from '../src/store/chats.js';
import { DB_VERSION, emptyDb } from '../src/store/db.js';
import type { ChatIndexEntry, MessageNode, MessageTree } from '../src/core/types.js';

export interface BenchRow {
  name: string;
  value: string;
  target?: string;
  met?: boolean;
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export async function timeAsync(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return median(times);
}

/** Runs `node ...args` to its end; asynchronous, so a server in this process keeps answering. */
export function runProcess(args: string[], env: NodeJS.ProcessEnv, stdin = ''): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${args.join(' ')}: ${stderr}`)),
    );
    child.stdin.end(stdin);
  });
}

export interface ProcessRun {
  args: string[];
  env: NodeJS.ProcessEnv;
}

/**
 * The median wall time of each process, in ms, run in turns (one of each, then again),
 * so that a change in the machine's speed during the runs weighs on all of them alike
 * and the ratios between them hold.
 */
export async function timeProcessesInTurn<K extends string>(
  runs: number,
  processes: Record<K, ProcessRun>,
): Promise<Record<K, number>> {
  const names = Object.keys(processes) as K[];
  const times = new Map<K, number[]>(names.map((name) => [name, []]));
  for (let i = 0; i < runs; i++) {
    for (const name of names) {
      const start = performance.now();
      await runProcess(processes[name].args, processes[name].env);
      times.get(name)!.push(performance.now() - start);
    }
  }
  const medians = {} as Record<K, number>;
  for (const name of names) medians[name] = median(times.get(name)!);
  return medians;
}

/**
 * `node -e 0` in the environment the measured commands get: a variable such as
 * NODE_EXTRA_CA_CERTS alone costs every Node process tens of milliseconds.
 */
export const nodeBaseline = async (runs: number, env: NodeJS.ProcessEnv) =>
  (await timeProcessesInTurn(runs, { node: { args: ['-e', '0'], env } })).node;

export function machine() {
  const cpu = execFileSync('sh', ['-c', "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"])
    .toString()
    .trim();
  return `${cpu}, ${execFileSync('nproc').toString().trim()} cores, Node ${process.version}`;
}

export interface GeneratedStore {
  home: string;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  chatIds: string[];
}

export interface StoreShape {
  /** Folders the chats are spread over, round robin; none by default. */
  folders?: number;
  /** The messages of chat number `index`; default a chain of `messagesPerChat`. */
  treeFor?: (chatId: string, index: number, now: number) => MessageTree;
}

/**
 * Writes a store of `chats` chats with `messagesPerChat` messages each, one signed-in
 * user, and a client config holding its session, straight to disk (no locks needed:
 * nothing else runs).
 */
export async function generateStore(
  home: string,
  chats: number,
  messagesPerChat: number,
  shape: StoreShape = {},
): Promise<GeneratedStore> {
  const dataDir = path.join(home, 'data');
  await mkdir(path.join(dataDir, 'chats'), { recursive: true, mode: 0o700 });
  const token = randomBytes(32).toString('base64url');
  const userId = 'benchuser0';
  const now = Date.now();
  const db = emptyDb();
  db.schemaVersion = DB_VERSION;
  const dataKey = newDataKey();
  db.users.push({
    id: userId,
    name: 'bench',
    passwordHash: 'x',
    keyWrap: wrapWithPassword(dataKey, 'bench password', userId),
    admin: true,
    createdAt: now,
  });
  db.sessions.push({
    id: 'benchsess0',
    userId,
    tokenHash: hashToken(token),
    keyWrap: sealForSession(dataKey, token, { id: 'benchsess0', userId }),
    createdAt: now,
    expiresAt: now + 86_400_000,
  });
  for (let f = 0; f < (shape.folders ?? 0); f++) {
    db.folders.push({ id: `folder${f}`, userId, name: `Folder ${f}`, createdAt: now });
  }
  const treeFor = shape.treeFor ?? ((id: string) => chain(id, messagesPerChat, now));
  const chatIds: string[] = [];
  for (let c = 0; c < chats; c++) {
    const id = `chat${String(c).padStart(6, '0')}`;
    chatIds.push(id);
    const entry: ChatIndexEntry = {
      id,
      userId,
      title: `Chat number ${c} about something`,
      titleSource: 'manual',
      folderId: shape.folders ? `folder${c % shape.folders}` : null,
      modelId: null,
      createdAt: now - c * 1000,
      updatedAt: now - c * 1000,
    };
    db.chats.push(entry);
    await writeFile(
      path.join(dataDir, 'chats', `${id}.json`),
      JSON.stringify({
        schemaVersion: CHAT_VERSION,
        chatId: id,
        userId,
        tree: treeFor(id, c, now),
      }),
      { mode: 0o600 },
    );
  }
  await writeFile(path.join(dataDir, 'db.json'), JSON.stringify(db), { mode: 0o600 });
  const configDir = path.join(home, '.config', 'aichat');
  await mkdir(configDir, { recursive: true });
  await writeFile(
    path.join(configDir, 'config.json'),
    JSON.stringify({ schemaVersion: 1, sessions: { [dataDir]: token }, lastChats: {}, ui: {} }),
    { mode: 0o600 },
  );
  return {
    home,
    dataDir,
    env: { PATH: process.env.PATH, HOME: home, AICHAT_HOME: dataDir },
    chatIds,
  };
}

/**
 * A chat of `count` messages on its active path; with `siblings`, every tenth message
 * has that many alternative branches (each a single reply), as heavy editing leaves.
 */
export function chain(chatId: string, count: number, now: number, siblings = 0): MessageTree {
  const nodes: Record<string, MessageNode> = {};
  let parent: string | null = null;
  for (let i = 0; i < count; i++) {
    const id = `${chatId}m${i}`;
    const node: MessageNode = {
      id,
      parentId: parent,
      role: i % 2 ? 'assistant' : 'user',
      content: `Message ${i}: ${'lorem ipsum dolor sit amet '.repeat(8)}`,
      children: [],
      activeChildId: null,
      status: 'complete',
      createdAt: now,
      updatedAt: now,
    };
    nodes[id] = node;
    if (parent) {
      nodes[parent]!.children.push(id);
      nodes[parent]!.activeChildId = id;
      if (siblings > 0 && i % 10 === 0) {
        for (let b = 1; b < siblings; b++) {
          const alt = `${id}b${b}`;
          // A leaf of its own: sharing the children array would alias the whole branch.
          nodes[alt] = {
            ...node,
            id: alt,
            content: `Branch ${b} of message ${i}`,
            children: [],
            activeChildId: null,
          };
          nodes[parent]!.children.push(alt);
        }
      }
    }
    parent = id;
  }
  const first = count > 0 ? `${chatId}m0` : null;
  return { nodes, rootIds: first ? [first] : [], activeRootId: first };
}
