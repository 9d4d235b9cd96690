import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { activePath, countMessages, emptyTree } from '../../src/core/tree.js';
import { CHAT_VERSION, createChatFile, readChatFile } from '../../src/store/chats.js';
import { readDb } from '../../src/store/db.js';
import { runNode, workerBundle } from '../helpers/cli.js';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'aichat-store-'));
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

const worker = (...args: string[]) => runNode([workerBundle, ...args], { PATH: process.env.PATH });

test('8 processes adding 50 messages each to one chat lose none, and a reader never sees bad JSON', async () => {
  await createChatFile(dataDir, {
    schemaVersion: CHAT_VERSION,
    chatId: 'c1',
    userId: 'u1',
    tree: emptyTree(),
  });
  const reader = worker('read', dataDir, 'c1', '4000');
  const writers = Array.from({ length: 8 }, (_, w) =>
    worker('append', dataDir, 'c1', '50', `w${w}`),
  );
  const results = await Promise.all(writers);
  for (const r of results) expect(r, r.stderr).toMatchObject({ code: 0 });
  const read = await reader;
  expect(read.code, read.stderr).toBe(0);
  expect(Number(read.stdout)).toBeGreaterThan(0);

  const { tree } = await readChatFile(dataDir, 'c1');
  expect(countMessages(tree)).toBe(400);
  // Every append went to the leaf of the moment, so all 400 form one unbroken path.
  const contents = activePath(tree).map((m) => m.content);
  expect(contents).toHaveLength(400);
  for (let w = 0; w < 8; w++) {
    const mine = contents.filter((c) => c.startsWith(`w${w}-`));
    expect(mine).toEqual(Array.from({ length: 50 }, (_, i) => `w${w}-${i}`));
  }
});

test('8 processes adding 25 chats each to the index lose none', async () => {
  const results = await Promise.all(
    Array.from({ length: 8 }, (_, w) => worker('chats', dataDir, 'u1', '25', `w${w}`)),
  );
  for (const r of results) expect(r, r.stderr).toMatchObject({ code: 0 });
  const db = await readDb(dataDir);
  expect(db.chats).toHaveLength(200);
  expect(new Set(db.chats.map((c) => c.title)).size).toBe(200);
});
