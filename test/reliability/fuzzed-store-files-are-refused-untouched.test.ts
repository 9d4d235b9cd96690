import { afterAll, beforeAll, expect, test } from 'vitest';
import { withFirstUser, type TempHome } from '../helpers/cli.js';
import { fuzzStore, storeFuzzTargets, type FuzzTarget } from './families.js';

let home: TempHome;
let targets: FuzzTarget[];
beforeAll(async () => {
  home = await withFirstUser();
  targets = await storeFuzzTargets(home);
});
afterAll(() => home.cleanup());

test('24 seeded truncations, bit flips and mangles: each unreadable file is refused with one line naming it and left byte-identical; doctor reports it', async () => {
  const result = await fuzzStore(home, targets, { cases: 24, seed: 7, doctorEvery: 6 });
  expect(result.failures).toEqual([]);
  expect(result.lost).toBe(0);
  // Most mutations make the file unreadable; the seed is fixed, so this does not drift.
  expect(result.faults).toBeGreaterThan(12);
}, 60_000);
