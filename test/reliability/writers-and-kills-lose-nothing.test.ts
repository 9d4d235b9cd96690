import { expect, test } from 'vitest';
import { concurrentWriters, killWriters } from './families.js';

test('writers on one chat, on their own chats and on db.json at once lose nothing; a validating reader never sees a bad file', async () => {
  const result = await concurrentWriters({ shared: 4, own: 3, indexers: 2, perWriter: 15 });
  expect(result.failures).toEqual([]);
  expect(result.lost).toBe(0);
  expect(result.cases).toBe(9 * 15);
}, 60_000);

test('a writer killed at 20 random moments leaves each file valid, as before or after its last write', async () => {
  const result = await killWriters({ cases: 20, seed: 20261124 });
  expect(result.failures).toEqual([]);
  expect(result.lost).toBe(0);
  expect(result.faults).toBe(20);
}, 60_000);
