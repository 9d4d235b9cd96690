import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { tempHome, type TempHome } from '../helpers/cli.js';

let home: TempHome;
beforeAll(async () => {
  home = await tempHome();
});
afterAll(() => home.cleanup());

async function ok(args: string[], stdin?: string) {
  const result = await home.run(args, stdin === undefined ? {} : { stdin });
  expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result;
}

const json = async <T>(args: string[]) => JSON.parse((await ok([...args, '--json'])).stdout) as T;

test('a new user sets up, organises, exports, imports and searches, and a second user sees none of it', async () => {
  expect((await ok(['--help'])).stdout).toMatch(
    /chat[\s\S]*folder[\s\S]*endpoint[\s\S]*model[\s\S]*settings[\s\S]*user/,
  );

  const added = await ok(['user', 'add', 'alice', '--password-stdin'], 'alice password\n');
  expect(added.stderr).toMatch(/added alice \(admin, the first account\) and signed in/);
  await ok(['login', 'alice', '--password-stdin'], 'alice password\n');
  expect((await ok(['whoami'])).stdout.trim()).toBe('alice (admin)');

  await ok(
    [
      'endpoint',
      'add',
      'work',
      '--provider',
      'anthropic',
      '--url',
      'https://api.anthropic.com',
      '--key-stdin',
    ],
    'sk-ant-secret-key-1234\n',
  );
  const endpoints = await json<{ name: string; key: string }[]>(['endpoint', 'list']);
  expect(endpoints.find((e) => e.name === 'work')?.key).toBe('sk-...1234');
  expect(JSON.stringify(endpoints)).not.toContain('secret');
  expect((await ok(['endpoint', 'list'])).stdout).not.toContain('secret');

  await ok([
    'model',
    'add',
    'sonnet',
    '--endpoint',
    'work',
    '--id',
    'claude-sonnet-4-5',
    '--temperature',
    '0.5',
  ]);
  await ok(['folder', 'add', 'Projects']);
  const chatId = (await ok(['chat', 'new', '--title', 'Plans', '--model', 'sonnet'])).stdout.trim();
  await ok(['chat', 'mv', chatId, 'Projects']);
  const chats = await json<{ id: string; folder: string | null; model: string | null }[]>([
    'chat',
    'list',
  ]);
  expect(chats.find((c) => c.id === chatId)).toMatchObject({ folder: 'Projects', model: 'sonnet' });

  const welcome = chats.find((c) => c.id !== chatId)!;
  const exported = path.join(home.home, 'welcome.json');
  await ok(['chat', 'export', welcome.id, '--format', 'json', '--output', exported]);
  const importedId = (await ok(['chat', 'import', exported])).stdout.trim();
  expect(importedId).not.toBe(welcome.id);
  const markdown = (await ok(['chat', 'export', importedId])).stdout;
  expect(markdown).toMatch(/^# Welcome to aichat/);

  const hits = await json<{ chatId: string }[]>(['chat', 'search', 'endpoint test']);
  expect(new Set(hits.map((h) => h.chatId))).toEqual(new Set([welcome.id, importedId]));

  await ok(['user', 'add', 'bob', '--password-stdin'], 'bob password\n');
  await ok(['login', 'bob', '--password-stdin'], 'bob password\n');
  expect((await ok(['whoami'])).stdout.trim()).toBe('bob');
  const bobChats = await json<{ id: string; title: string }[]>(['chat', 'list']);
  expect(bobChats.map((c) => c.title)).toEqual(['Welcome to aichat']);
  expect((await json<{ name: string }[]>(['endpoint', 'list'])).map((e) => e.name)).not.toContain(
    'work',
  );
  expect(await json<unknown[]>(['folder', 'list'])).toEqual([]);
  expect(await json<unknown[]>(['chat', 'search', 'Plans'])).toEqual([]);

  const dirMode = (await stat(home.dataDir)).mode & 0o777;
  expect(dirMode.toString(8)).toBe('700');
  const files = [
    path.join(home.dataDir, 'db.json'),
    ...(await readdir(path.join(home.dataDir, 'chats'))).map((f) =>
      path.join(home.dataDir, 'chats', f),
    ),
  ];
  for (const file of files) expect(((await stat(file)).mode & 0o777).toString(8), file).toBe('600');
  expect(((await stat(path.join(home.dataDir, 'chats'))).mode & 0o777).toString(8)).toBe('700');
  const config = path.join(home.home, '.config', 'aichat', 'config.json');
  expect(((await stat(config)).mode & 0o777).toString(8)).toBe('600');
});
