import { readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { commandOf } from '../../src/commands/argv.js';
import { withFirstUser, type TempHome } from '../helpers/cli.js';

describe('commandOf: which build a call starts', () => {
  test.each([
    [['ask', 'hi'], 'ask'],
    [['--debug', 'chat', 'list'], 'chat'],
    [['--data-dir', '/tmp/x', 'ask'], 'ask'],
    [['--data-dir=/tmp/x', 'folder'], 'folder'],
    [[], undefined],
    [['--debug'], undefined],
    [['--data-dir', 'ask'], undefined],
    [['--help'], undefined],
  ])('%j → %s', (args, command) => {
    expect(commandOf(args)).toBe(command);
  });
});

describe('a start', () => {
  let home: TempHome;
  let cacheDir: string;
  /** The code caches, not the other things the cache directory keeps. */
  const codeCaches = async () => (await readdir(cacheDir)).filter((name) => name.endsWith('.bin'));
  const cacheFile = async () => {
    const names = (await codeCaches()).filter((name) => name.startsWith('commands-'));
    expect(names).toHaveLength(1);
    return path.join(cacheDir, names[0]!);
  };

  beforeAll(async () => {
    home = await withFirstUser();
    cacheDir = path.join(home.home, '.cache', 'aichat');
  });
  afterAll(() => home.cleanup());

  test('leaves a code cache behind, and the next run answers the same from it', async () => {
    const first = await home.run(['chat', 'list']);
    expect(first.code).toBe(0);
    const cached = await readFile(await cacheFile());
    expect(cached.length).toBeGreaterThan(10_000);
    const second = await home.run(['chat', 'list']);
    expect(second).toEqual(first);
    // Accepted by V8, so not written again.
    expect(await readFile(await cacheFile())).toEqual(cached);
  });

  /** The first line of a cache file: which commands' code it holds. */
  const header = (data: Buffer) => data.subarray(0, data.indexOf(10)).toString();

  test('a command the cache has not seen adds its code to it, once', async () => {
    const before = await readFile(await cacheFile());
    // `user add` made the first user; `chat list` ran since.
    expect(header(before)).toBe('aichat code cache for user chat');
    expect((await home.run(['folder', 'list'])).code).toBe(0);
    const after = await readFile(await cacheFile());
    expect(header(after)).toBe('aichat code cache for user chat folder');
    expect(after.length).toBeGreaterThan(before.length);
    expect((await home.run(['chat', 'list'])).code).toBe(0);
    expect((await home.run(['folder', 'list'])).code).toBe(0);
    expect(await readFile(await cacheFile())).toEqual(after);
  });

  test.each([['not a code cache'], ['aichat code cache for folder chat\nnot V8 data']])(
    'a damaged cache (%j) is refused and replaced; the command is unaffected',
    async (damage) => {
      const file = await cacheFile();
      await writeFile(file, damage);
      const result = await home.run(['folder', 'list']);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      const replaced = await readFile(await cacheFile());
      expect(header(replaced)).toBe('aichat code cache for folder');
      expect(replaced.length).toBeGreaterThan(10_000);
    },
  );

  // A file where the cache directory would go; a place mkdir cannot work at all.
  test.each([['not-a-directory'], ['/proc/aichat-cache']])(
    'a cache that cannot be written (%s) costs nothing but time',
    async (place) => {
      const cacheHome = path.resolve(home.home, place);
      if (!place.startsWith('/')) await writeFile(cacheHome, '');
      const result = await home.run(['chat', 'list'], { env: { XDG_CACHE_HOME: cacheHome } });
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toContain('Welcome to aichat');
    },
  );

  const weekAgo = (Date.now() - 8 * 24 * 3600_000) / 1000;

  test('a cache in use stays recent, however long ago it was written', async () => {
    const current = await cacheFile();
    await utimes(current, weekAgo, weekAgo);
    expect((await home.run(['chat', 'list'])).code).toBe(0);
    expect((await stat(current)).mtimeMs).toBeGreaterThan(Date.now() - 60_000);
  });

  test('what no run has used for a week is removed; a recent cache of another is kept', async () => {
    const current = await cacheFile();
    const recent = path.join(cacheDir, 'commands-v0.0.0-another-install.bin');
    const old = path.join(cacheDir, 'commands-v0.0.0-an-old-build.bin');
    const oldActivity = path.join(cacheDir, 'activity-of-a-data-dir-gone.json');
    await writeFile(recent, 'x');
    for (const file of [old, oldActivity]) {
      await writeFile(file, 'x');
      await utimes(file, weekAgo, weekAgo);
    }
    await rm(current);
    expect((await home.run(['chat', 'list'])).code).toBe(0);
    expect((await codeCaches()).sort()).toEqual(
      [path.basename(current), path.basename(recent)].sort(),
    );
    expect(await readdir(cacheDir)).not.toContain(path.basename(oldActivity));
  });

  test('a call with no command runs the whole program, with a code cache of its own', async () => {
    const first = await home.run(['--help']);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toContain('Usage: aichat');
    const names = await codeCaches();
    const program = names.filter((name) => name.startsWith('program-'));
    expect(program).toHaveLength(1);
    expect(names.some((name) => name.startsWith('commands-'))).toBe(true);
    const cached = await readFile(path.join(cacheDir, program[0]!));
    expect(await home.run(['--help'])).toEqual(first);
    expect(await readFile(path.join(cacheDir, program[0]!))).toEqual(cached);
  });
});
