import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { isRecord, readJsonFile, updateJsonFile, type JsonFileSpec } from '../../src/store/file.js';

interface V3 {
  schemaVersion: number;
  items: { name: string; done: boolean }[];
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'aichat-migrate-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

// Two steps, as a real schema history would have: v1 names -> v2 objects -> v3 with `done`.
const spec = (): JsonFileSpec<V3> => ({
  file: path.join(dir, 'data.json'),
  currentVersion: 3,
  migrations: {
    1: (data) => ({ items: (data.names as string[]).map((name) => ({ name })) }),
    2: (data) => ({
      items: (data.items as { name: string }[]).map((item) => ({ ...item, done: false })),
    }),
  },
  isValid: (data): data is V3 => isRecord(data) && Array.isArray(data.items),
});

test('an old file is migrated step by step, and the first write keeps the original as a backup', async () => {
  const original = '{"schemaVersion":1,"names":["a","b"]}';
  await writeFile(spec().file, original);
  expect((await readJsonFile(spec()))?.data).toEqual({
    schemaVersion: 3,
    items: [
      { name: 'a', done: false },
      { name: 'b', done: false },
    ],
  });
  // Reading never writes.
  expect(await readFile(spec().file, 'utf8')).toBe(original);

  await updateJsonFile(
    spec(),
    () => ({ schemaVersion: 3, items: [] }),
    (data) => {
      data.items.push({ name: 'c', done: true });
    },
  );
  expect(await readFile(path.join(dir, 'data.json.v1.bak'), 'utf8')).toBe(original);
  const written = JSON.parse(await readFile(spec().file, 'utf8')) as V3;
  expect(written.schemaVersion).toBe(3);
  expect(written.items.map((i) => i.name)).toEqual(['a', 'b', 'c']);
});

test('a version with no migration path is refused without touching the file', async () => {
  await writeFile(spec().file, '{"schemaVersion":0,"names":[]}');
  await expect(
    updateJsonFile(
      spec(),
      () => ({ schemaVersion: 3, items: [] }),
      () => undefined,
    ),
  ).rejects.toThrow(/data\.json could not be migrated \(no migration from schema version 0/);
  expect(await readFile(spec().file, 'utf8')).toBe('{"schemaVersion":0,"names":[]}');
  expect((await readdir(dir)).sort()).toEqual(['data.json']);
});
