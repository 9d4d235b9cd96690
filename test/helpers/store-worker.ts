/**
 * A separate process that hammers the store, for the concurrency and crash tests.
 *   append <dataDir> <chatId> <count> <tag>   adds <count> messages to one chat
 *   chats  <dataDir> <userId> <count> <tag>   adds <count> chats
 *   read   <dataDir> <chatId> <ms>            parses db.json and the chat until <ms> pass;
 *                                             prints the number of reads, exits 1 on bad JSON
 *   churn  <dataDir> <chatId> <count> <tag>   per step i: adds message <tag>-i to the chat, then
 *                                             index entry <tag>-i to db.json; prints `c i` and
 *                                             `d i` once each write is on disk (for kill tests)
 *   hold   <dataDir> <chatId|db>              takes the file's lock, prints `locked`, and
 *                                             blocks forever inside it (to be killed)
 *   live   <dataDir> <chatId> <ms> <tag>      like a running TUI: for <ms>, alternately appends
 *                                             <tag>-i to the chat and retitles its index entry;
 *                                             prints {"messages":n,"title":last} at the end
 *   validate <dataDir> <ms>                   reads and validates db.json and every chat file
 *                                             as aichat does until <ms> pass or stdin ends;
 *                                             prints the count, exits 1 on any invalid file
 */
import { readdir, readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { activeLeaf, addMessage, emptyTree } from '../../src/core/tree.js';
import { CHAT_VERSION, chatSpec, createChatFile, updateChatFile } from '../../src/store/chats.js';
import { dbSpec, updateDb } from '../../src/store/db.js';
import { readJsonFile } from '../../src/store/file.js';
import { chatFile, chatsDir, dbFile } from '../../src/store/paths.js';
import type { ChatFileData } from '../../src/store/chats.js';
import type { DbData } from '../../src/store/db.js';

const [mode, dataDir = '', target = '', countText = '0', tag = ''] = process.argv.slice(2);
const count = Number(countText);

/** Adds one message after the chat's active leaf. */
function appendTo(chat: ChatFileData, i: number, content: string) {
  const parent = activeLeaf(chat.tree);
  chat.tree = addMessage(chat.tree, {
    id: randomUUID(),
    parentId: parent?.id ?? null,
    role: i % 2 ? 'assistant' : 'user',
    content,
    status: 'complete',
    createdAt: Date.now(),
  });
}

function indexEntry(chatId: string, userId: string, title: string): DbData['chats'][number] {
  return {
    id: chatId,
    userId,
    title,
    titleSource: 'manual',
    folderId: null,
    modelId: null,
    createdAt: Date.now(),
    updatedAt: Date.now(),
  };
}

async function append() {
  for (let i = 0; i < count; i++) {
    await updateChatFile(dataDir, target, (chat) => appendTo(chat, i, `${tag}-${i}`));
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
      db.chats.push(indexEntry(chatId, target, `${tag}-${i}`));
    });
  }
}

async function churn() {
  for (let i = 0; i < count; i++) {
    await updateChatFile(dataDir, target, (chat) => appendTo(chat, i, `${tag}-${i}`));
    process.stdout.write(`c ${i}\n`);
    await updateDb(dataDir, (db) => {
      db.chats.push(indexEntry(`${tag}-${i}`, 'u1', `${tag}-${i}`));
    });
    process.stdout.write(`d ${i}\n`);
  }
}

async function hold() {
  const block = () => {
    // Pipes are written synchronously on Linux, so the parent sees this before the block.
    process.stdout.write('locked\n');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  };
  if (target === 'db') await updateDb(dataDir, block);
  else await updateChatFile(dataDir, target, block);
}

async function live() {
  const until = Date.now() + count;
  let messages = 0;
  let title = '';
  for (let i = 0; Date.now() < until; i++) {
    if (i % 2 === 0) {
      await updateChatFile(dataDir, target, (chat) => appendTo(chat, i, `${tag}-${messages}`));
      messages++;
    } else {
      const next = `${tag}-title-${i}`;
      await updateDb(dataDir, (db) => {
        const entry = db.chats.find((c) => c.id === target);
        if (!entry) throw new Error(`no chat ${target} in the index`);
        entry.title = next;
        entry.titleSource = 'manual';
        entry.updatedAt = Date.now();
      });
      title = next;
    }
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
  process.stdout.write(JSON.stringify({ messages, title }));
}

async function validate() {
  const until = Date.now() + Number(target);
  let stopped = false;
  process.stdin.on('end', () => (stopped = true)).resume();
  let reads = 0;
  while (Date.now() < until && !stopped) {
    await readJsonFile(dbSpec(dataDir));
    reads++;
    for (const name of await readdir(chatsDir(dataDir)).catch(() => [])) {
      if (!name.endsWith('.json')) continue;
      const read = await readJsonFile(chatSpec(dataDir, name.slice(0, -'.json'.length)));
      if (read) reads++;
    }
  }
  process.stdout.write(String(reads));
  process.stdin.destroy();
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

const modes: Record<string, () => Promise<void>> = {
  append,
  chats,
  read,
  churn,
  hold,
  live,
  validate,
};
await modes[mode ?? '']!();
