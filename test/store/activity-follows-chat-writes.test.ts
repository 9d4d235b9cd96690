import { statSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
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

describe('kept between runs', () => {
  let cacheDir: string;
  /** The module as a new process has it: nothing remembered in memory. */
  const freshRun = async () => {
    vi.resetModules();
    return (await import('../../src/store/activity.js')).chatsModifiedAt;
  };
  const savedFile = async () => {
    const names = await readdir(cacheDir);
    expect(names).toHaveLength(1);
    return path.join(cacheDir, names[0]!);
  };
  const stillSince = (ms: number) => {
    const at = (Date.now() - ms) / 1000;
    return utimes(path.join(dataDir, 'chats'), at, at);
  };

  beforeAll(async () => {
    cacheDir = path.join(await mkdtemp(path.join(os.tmpdir(), 'aichat-cache-')), 'aichat');
  });

  test('a start after a quiet spell reads the answers instead of statting every chat', async () => {
    await stillSince(60_000);
    expect(await readdir(path.dirname(cacheDir))).toEqual([]);
    expect((await freshRun())(dataDir, ['a', 'b'], cacheDir)).toEqual([mtime('a'), mtime('b')]);
    // Proof that the next run reads the file: an answer only the file holds.
    const file = await savedFile();
    const saved = JSON.parse(await readFile(file, 'utf8')) as { ids: string[]; mtimes: number[] };
    saved.mtimes[saved.ids.indexOf('a')] = 42;
    await writeFile(file, JSON.stringify(saved));
    expect((await freshRun())(dataDir, ['a', 'b'], cacheDir)).toEqual([42, mtime('b')]);
  });

  test('a chat written since is statted again, and a busy directory is not kept', async () => {
    const file = await savedFile();
    const before = await readFile(file, 'utf8');
    await writeChat('b', 1_900_000_000_000);
    expect((await freshRun())(dataDir, ['a', 'b'], cacheDir)).toEqual([mtime('a'), mtime('b')]);
    expect(mtime('b')).toBeGreaterThan(1_899_999_999_999);
    // Written a moment ago: the answers are not kept (see QUIET_MS in activity.ts).
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  test('a damaged file costs only the stats', async () => {
    await writeFile(await savedFile(), '{"dir": 1');
    await stillSince(60_000);
    expect((await freshRun())(dataDir, ['a', 'c'], cacheDir)).toEqual([mtime('a'), mtime('c')]);
    const saved = JSON.parse(await readFile(await savedFile(), 'utf8')) as {
      ids: string[];
      mtimes: number[];
    };
    expect(saved.mtimes[saved.ids.indexOf('c')]).toBe(mtime('c'));
  });
});
