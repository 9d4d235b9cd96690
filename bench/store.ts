/**
 * bench:store — appending a message and listing chats, at 10 chats and at 10,000
 * chats / 200,000 messages. Appending must not grow with the number of chats.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout } from 'node:timers/promises';
import { activeLeaf, addMessage } from '../src/core/tree.js';
import { QUIET_MS } from '../src/store/activity.js';
import { updateChatFile } from '../src/store/chats.js';
import {
  generateStore,
  timeAsync,
  runProcess,
  timeProcessesInTurn,
  type BenchRow,
  type GeneratedStore,
} from './lib.js';

const bin = path.resolve('bin/aichat.cjs');
let counter = 0;

async function appendOne(store: GeneratedStore) {
  const chatId = store.chatIds[0]!;
  await updateChatFile(store.dataDir, chatId, (chat) => {
    const leaf = activeLeaf(chat.tree);
    chat.tree = addMessage(chat.tree, {
      id: `bench${counter++}`,
      parentId: leaf?.id ?? null,
      role: 'user',
      content: 'one more message',
      status: 'complete',
      createdAt: Date.now(),
    });
  });
}

export async function benchStore(): Promise<BenchRow[]> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'aichat-bench-'));
  try {
    const t0 = performance.now();
    const small = await generateStore(path.join(root, 'small'), 10, 20);
    const large = await generateStore(path.join(root, 'large'), 10_000, 20);
    const generated = (performance.now() - t0) / 1000;

    const appendSmall = await timeAsync(40, () => appendOne(small));
    const appendLarge = await timeAsync(40, () => appendOne(large));
    // Once untimed in each home: the first command of a home writes its code cache, and
    // saves the chats' activity, which it keeps only once the chats directory has been
    // still for a while (the appends above just wrote to it).
    await setTimeout(QUIET_MS + 100);
    for (const store of [small, large]) await runProcess([bin, 'chat', 'list'], store.env);
    const list = ['chat', 'list', '--json'];
    const { baseline, listSmall, listLarge } = await timeProcessesInTurn(7, {
      baseline: { args: ['-e', '0'], env: small.env },
      listSmall: { args: [bin, ...list], env: small.env },
      listLarge: { args: [bin, ...list], env: large.env },
    });
    const growth = appendLarge / appendSmall;
    return [
      {
        name: 'store: generate 10,000 chats / 200,000 messages',
        value: `${generated.toFixed(1)} s`,
      },
      { name: 'store: append one message, 10 chats', value: `${appendSmall.toFixed(2)} ms` },
      { name: 'store: append one message, 10,000 chats', value: `${appendLarge.toFixed(2)} ms` },
      {
        name: 'store: append growth 10 → 10,000 chats',
        value: `${growth.toFixed(2)}x`,
        target: '<= 2x',
        met: growth <= 2,
      },
      { name: 'node -e 0', value: `${baseline.toFixed(0)} ms` },
      {
        name: 'store: chat list, 10 chats',
        value: `${(listSmall / baseline).toFixed(2)}x node (${listSmall.toFixed(0)} ms)`,
      },
      {
        name: 'store: chat list, 10,000 chats',
        value: `${(listLarge / baseline).toFixed(2)}x node (${listLarge.toFixed(0)} ms)`,
      },
    ];
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
