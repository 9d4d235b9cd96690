import { afterAll, beforeAll, expect, test } from 'vitest';
import { STALE_MS } from '../../src/store/file.js';
import { withFirstUser, type TempHome } from '../helpers/cli.js';
import { killLockHolder } from './families.js';

let home: TempHome;
beforeAll(async () => {
  home = await withFirstUser();
});
afterAll(() => home.cleanup());

test('after a lock holder is killed, the next aichat says why it waits, waits a bounded time, and goes on', async () => {
  const { elapsedMs, result } = await killLockHolder(home, 'after-the-kill');
  expect(result.code, result.stderr).toBe(0);
  expect(result.stderr).toContain(
    `waiting for ${home.dataDir}/db.json: another aichat process is writing it…`,
  );
  // The lock is taken over once it is STALE_MS old; it was taken just before the kill.
  expect(elapsedMs).toBeGreaterThan(STALE_MS - 2_000);
  expect(elapsedMs).toBeLessThan(STALE_MS + 4_000);
  const folders = await home.run(['folder', 'list', '--json']);
  expect(JSON.parse(folders.stdout)).toContainEqual(
    expect.objectContaining({ name: 'after-the-kill' }),
  );
}, 30_000);
