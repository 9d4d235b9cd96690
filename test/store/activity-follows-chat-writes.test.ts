import { statSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { chatsModifiedAt } from '../../src/store/activity.js';

let dataDir: string;
const file = (id: string) => path.join(dataDir, 'chats', `${id}.json`);
const mtime = (id: string) => statSync(file(id)).mtimeMs;

/** A chat write as the store does it: a new file renamed into place. */
async function writeChat(id: string, at: number) {
  const temp = `${file(id)}.tmp`;
  await writeFile(temp, '{}');
  await utimes(temp, at / 1000, at / 1000);
  await rename(temp, file(id));
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'aichat-activity-'));
  await mkdir(path.join(dataDir, 'chats'));
  for (const [i, id] of ['a', 'b', 'c'].entries()) await writeChat(id, 1_700_000_000_000 + i);
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

test('each chat file’s mtime, and nothing for a chat whose file is missing', () => {
  expect(chatsModifiedAt(dataDir, ['a', 'b', 'c', 'gone'])).toEqual([
    mtime('a'),
    mtime('b'),
    mtime('c'),
    undefined,
  ]);
});

test('remembered answers give way to every later write', async () => {
  expect(chatsModifiedAt(dataDir, ['c', 'a'])).toEqual([mtime('c'), mtime('a')]);
  await writeChat('a', 1_800_000_000_000);
  expect(chatsModifiedAt(dataDir, ['a', 'b'])).toEqual([mtime('a'), mtime('b')]);
  expect(mtime('a')).toBeGreaterThan(1_799_999_999_999);
  expect(chatsModifiedAt(dataDir, ['new'])).toEqual([undefined]);
  await writeChat('new', 1_800_000_000_001);
  expect(chatsModifiedAt(dataDir, ['new'])).toEqual([mtime('new')]);
});
