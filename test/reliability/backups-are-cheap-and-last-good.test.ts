import { mkdtemp, readFile, rm, stat, utimes } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { addMessage, emptyTree } from '../../src/core/tree.js';
import { BACKUP_INTERVAL_MS } from '../../src/store/backup.js';
import {
  CHAT_VERSION,
  createChatFile,
  removeChatFile,
  updateChatFile,
} from '../../src/store/chats.js';
import { updateDb } from '../../src/store/db.js';
import { chatFile, dbFile } from '../../src/store/paths.js';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'aichat-backup-'));
  await updateDb(dataDir, () => undefined);
  await createChatFile(dataDir, {
    schemaVersion: CHAT_VERSION,
    chatId: 'c',
    userId: 'u',
    tree: emptyTree(),
  });
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

const append = (i: number) =>
  updateChatFile(dataDir, 'c', (chat) => {
    chat.tree = addMessage(chat.tree, {
      id: `m${i}`,
      parentId: i === 0 ? null : `m${i - 1}`,
      role: 'user',
      content: `message ${i}`,
      status: 'complete',
      createdAt: i,
    });
  });

test('appending messages never touches db.json or its backup, and backs the chat up once per interval', async () => {
  const dbBefore = await stat(dbFile(dataDir));
  for (let i = 0; i < 20; i++) await append(i);
  expect((await stat(dbFile(dataDir))).mtimeMs).toBe(dbBefore.mtimeMs);
  await expect(stat(`${dbFile(dataDir)}.bak`)).rejects.toThrow();
  // The first append backed up the empty chat; the 19 after it, within the interval, did not.
  const bak = JSON.parse(await readFile(`${chatFile(dataDir, 'c')}.bak`, 'utf8')) as {
    tree: { nodes: object };
  };
  expect(Object.keys(bak.tree.nodes)).toEqual([]);
});

test('once the backup is older than the interval, the next write refreshes it from the last good content', async () => {
  for (let i = 0; i < 3; i++) await append(i);
  const bak = `${chatFile(dataDir, 'c')}.bak`;
  const old = new Date(Date.now() - BACKUP_INTERVAL_MS - 1_000);
  await utimes(bak, old, old);
  const before = await readFile(chatFile(dataDir, 'c'), 'utf8');
  await append(3);
  expect(await readFile(bak, 'utf8')).toBe(before);
  expect((await stat(bak)).mode & 0o777).toBe(0o600);
});

test('removing a chat removes its backup too', async () => {
  await append(0);
  await removeChatFile(dataDir, 'c');
  await expect(stat(`${chatFile(dataDir, 'c')}.bak`)).rejects.toThrow();
});
