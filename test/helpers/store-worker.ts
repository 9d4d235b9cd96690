/**
 * A separate process that hammers the store, for the concurrency and crash tests.
 *   append <dataDir> <chatId> <count> <tag>   adds <count> messages to one chat
 *   chats  <dataDir> <userId> <count> <tag>   adds <count> chats
 *   read   <dataDir> <chatId> <ms>            parses db.json and the chat until <ms> pass;
 *                                             prints the number of reads, exits 1 on bad JSON
 */
import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { activeLeaf, addMessage, emptyTree } from '../../src/core/tree.js';
import { CHAT_VERSION, createChatFile, updateChatFile } from '../../src/store/chats.js';
import { updateDb } from '../../src/store/db.js';
import { chatFile, dbFile } from '../../src/store/paths.js';

const [mode, dataDir = '', target = '', countText = '0', tag = ''] = process.argv.slice(2);
const count = Number(countText);

async function append() {
  for (let i = 0; i < count; i++) {
    await updateChatFile(dataDir, target, (chat) => {
      const parent = activeLeaf(chat.tree);
      chat.tree = addMessage(chat.tree, {
        id: randomUUID(),
        parentId: parent?.id ?? null,
        role: i % 2 ? 'assistant' : 'user',
        content: `${tag}-${i}`,
        status: 'complete',
        createdAt: Date.now(),
      });
    });
  }
}

async function chats() {
  for (let i = 0; i < count; i++) {
    const chatId = randomUUID();
    await createChatFile(dataDir, {
      schemaVersion: CHAT_VERSION,
      chatId,
      userId: target,
      tree: emptyTree(),
    });
    await updateDb(dataDir, (db) => {
      db.chats.push({
        id: chatId,
        userId: target,
        title: `${tag}-${i}`,
        titleSource: 'manual',
        folderId: null,
        modelId: null,
        createdAt: Date.now(),
        updatedAt: Date.now(),
      });
    });
  }
}

async function read() {
  const until = Date.now() + count;
  let reads = 0;
  while (Date.now() < until) {
    for (const file of [dbFile(dataDir), chatFile(dataDir, target)]) {
      const text = await readFile(file, 'utf8').catch(() => null);
      if (text === null) continue;
      JSON.parse(text);
      reads++;
    }
  }
  process.stdout.write(String(reads));
}

const modes: Record<string, () => Promise<void>> = { append, chats, read };
await modes[mode ?? '']!();
