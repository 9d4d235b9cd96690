/**
 * bench:scale — the scale fixture of issue 6 (10,000 chats in 100 folders, ~500,000
 * messages, 2,000-message chains and nodes with 20 siblings), and the operations that must
 * cost the same there as in a 10-chat store: appending a message, switching to a chat,
 * opening the tree view.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { activeLeaf, addMessage, treeRows } from '../src/core/tree.js';
import { openChat } from '../src/services/chats.js';
import { openContext } from '../src/services/context.js';
import { updateChatFile } from '../src/store/chats.js';
import {
  chain,
  generateStore,
  median,
  timeAsync,
  type BenchRow,
  type GeneratedStore,
} from './lib.js';
import type { PtyApp } from './pty.js';
import { prepareConfig, ptyBaseline, startOnce, type Start } from './tui.js';

const CHATS = 10_000;
const START_RUNS = 5;
const PER_CHAT = 48;
/** Chats 0-4 are 2,000-message chains; chats 5-9 have 20 siblings at every tenth message. */
const shape = {
  folders: 100,
  treeFor: (id: string, index: number, now: number) =>
    index < 5
      ? chain(id, 2000, now)
      : index < 10
        ? chain(id, 200, now, 20)
        : chain(id, PER_CHAT, now),
};

/** Ids for appended messages, unique across every measured round. */
let extra = 0;

async function measure(store: GeneratedStore) {
  const ctx = await openContext({ env: store.env });
  // The same chats in both stores (the first ten have the same shapes), so only the
  // store around them differs.
  const [deep, branchy] = [store.chatIds[0]!, store.chatIds[5]!];
  const append = await timeAsync(30, () =>
    updateChatFile(store.dataDir, branchy, (chat) => {
      chat.tree = addMessage(chat.tree, {
        id: `extra${extra++}`,
        parentId: activeLeaf(chat.tree)?.id ?? null,
        role: 'user',
        content: 'one more',
        status: 'complete',
        createdAt: Date.now(),
      });
    }),
  );
  // The TUI's switch: the chat's index entry and file; db.json is already parsed.
  await openChat(ctx, branchy);
  const switchTo = await timeAsync(30, () => openChat(ctx, branchy));
  const tree = await timeAsync(10, async () => treeRows((await openChat(ctx, deep)).tree));
  const branches = await timeAsync(10, async () => treeRows((await openChat(ctx, branchy)).tree));
  return { append, switchTo, tree, branches };
}

export async function benchScale(): Promise<BenchRow[]> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'aichat-bench-scale-'));
  try {
    const t0 = performance.now();
    const scale = await generateStore(path.join(root, 'scale'), CHATS, PER_CHAT, shape);
    const generated = (performance.now() - t0) / 1000;
    const small = await generateStore(path.join(root, 'small'), 10, PER_CHAT, shape);
    // Each measured twice, alternately, keeping the second: the first pays for warming up.
    await measure(small);
    await measure(scale);
    const atSmall = await measure(small);
    const atScale = await measure(scale);

    // The TUI opening the 2,000-message chain, then its tree view (Ctrl+T), with
    // `node -e 0` in the same pty between runs.
    const deep = scale.chatIds[0]!;
    await prepareConfig(scale, deep);
    const openTree = (app: PtyApp) => {
      app.type('\u0014');
      return app.waitForFrameWith('active path');
    };
    const wrapped: number[] = [];
    const starts: Start[] = [];
    for (let i = 0; i < START_RUNS; i++) {
      wrapped.push(await ptyBaseline(scale.env));
      starts.push(await startOnce(scale, deep, openTree));
    }
    const full = median(starts.map((s) => s.full));
    const rss = Math.max(...starts.map((s) => s.rssMb));
    const basePty = median(wrapped);
    const messages = 5 * 2000 + 5 * (200 + 20 * 19) + (CHATS - 10) * PER_CHAT;
    const row = (name: string, pick: (m: typeof atScale) => number): BenchRow => {
      const ratio = pick(atScale) / pick(atSmall);
      return {
        name,
        value: `${ratio.toFixed(2)}x (${pick(atScale).toFixed(2)} ms vs ${pick(atSmall).toFixed(2)} ms at 10 chats)`,
        target: '<= 2x',
        met: ratio <= 2,
      };
    };
    return [
      {
        name: `scale: generate ${CHATS.toLocaleString('en')} chats / 100 folders / ${messages.toLocaleString('en')} messages`,
        value: `${generated.toFixed(1)} s`,
        target: '< 60 s',
        met: generated < 60,
      },
      {
        name: 'scale: TUI start → first full frame (2,000-message chat open)',
        value: `${(full / basePty).toFixed(2)}x node -e 0 in the pty (${full.toFixed(0)} ms vs ${basePty.toFixed(0)} ms)`,
        target: '<= 3x',
        met: full / basePty <= 3,
      },
      {
        name: 'scale: TUI peak RSS, start and tree view of the 2,000-message chat',
        value: `${rss.toFixed(0)} MB`,
        target: '< 200 MB',
        met: rss < 200,
      },
      row('scale: append a message', (m) => m.append),
      row('scale: switch to a chat', (m) => m.switchTo),
      row('scale: tree view of a 2,000-message chain', (m) => m.tree),
      row('scale: tree view with 20-sibling nodes', (m) => m.branches),
    ];
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
