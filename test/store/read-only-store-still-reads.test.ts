import { chmod, stat } from 'node:fs/promises';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { withFirstUser, type TempHome } from '../helpers/cli.js';
import { reEscape, runWithFault } from '../reliability/families.js';

let home: TempHome;
beforeEach(async () => (home = await withFirstUser()));
afterEach(() => home.cleanup());

/** A read-only remount of the data dir: every call that would change it fails with EROFS. */
const readOnly = (dir: string) =>
  ['chmod', 'mkdir', 'rename', 'unlink', 'write', 'copyfile', 'open']
    .map((kind) => `${kind}:1+:EROFS:^${reEscape(dir)}${kind === 'open' ? '.*\\.tmp$' : ''}`)
    .join(';');

test('a store on a read-only file system still lists; a change fails with one line', async () => {
  const list = await runWithFault(home, ['chat', 'list'], readOnly(home.dataDir));
  expect(list.result.code, list.result.stderr).toBe(0);
  expect(list.result.stdout).toContain('Welcome to aichat');
  expect(list.injected).toEqual([]);

  const add = await runWithFault(home, ['folder', 'add', 'never'], readOnly(home.dataDir));
  expect(add.result.code).toBe(1);
  expect(add.result.stderr).toMatch(/^aichat: could not .*the file system is read-only \(EROFS\)/);
  expect(add.result.stderr.trim().split('\n')).toHaveLength(1);
});

test('a data dir that is already 0700 is not chmod-ed again', async () => {
  const before = await stat(home.dataDir);
  expect(before.mode & 0o777).toBe(0o700);
  expect((await home.run(['chat', 'list'])).code).toBe(0);
  // chmod changes the inode's ctime even when the mode stays the same.
  expect((await stat(home.dataDir)).ctimeMs).toBe(before.ctimeMs);
});

test('a loosened data dir gets 0700 back; when it cannot, the error does not say "create"', async () => {
  await chmod(home.dataDir, 0o755);
  const failed = await runWithFault(home, ['chat', 'list'], readOnly(home.dataDir));
  expect(failed.result.code).toBe(1);
  expect(failed.result.stderr).toBe(
    `aichat: could not set mode 700 on ${home.dataDir}: the file system is read-only (EROFS): remount it read-write, or use another --data-dir\n`,
  );
  expect((await home.run(['chat', 'list'])).code).toBe(0);
  expect((await stat(home.dataDir)).mode & 0o777).toBe(0o700);
});
