import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { withFirstUser, type TempHome } from '../helpers/cli.js';

let home: TempHome;
let alice: { chat: string; folder: string; model: string; endpoint: string };

beforeAll(async () => {
  home = await withFirstUser('alice', 'alice password');
  const run = async (args: string[], stdin?: string) => {
    const r = await home.run(args, stdin === undefined ? {} : { stdin });
    if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
    return r.stdout.trim();
  };
  await run(
    [
      'endpoint',
      'add',
      'secret-ep',
      '--provider',
      'openai',
      '--url',
      'https://example.com/v1',
      '--key-stdin',
    ],
    'sk-alice-key-000000\n',
  );
  await run(['model', 'add', 'secret-model', '--endpoint', 'secret-ep']);
  await run(['folder', 'add', 'secret-folder']);
  const folders = JSON.parse(await run(['folder', 'list', '--json'])) as { id: string }[];
  const chat = await run(['chat', 'new', '--title', 'secret-chat', '--folder', 'secret-folder']);
  const models = JSON.parse(await run(['model', 'list', '--json'])) as {
    id: string;
    name: string;
  }[];
  const endpoints = JSON.parse(await run(['endpoint', 'list', '--json'])) as {
    id: string;
    name: string;
  }[];
  alice = {
    chat,
    folder: folders[0]!.id,
    model: models.find((m) => m.name === 'secret-model')!.id,
    endpoint: endpoints.find((e) => e.name === 'secret-ep')!.id,
  };
  await run(['user', 'add', 'bob', '--password-stdin'], 'bob password\n');
  await run(['login', 'bob', '--password-stdin'], 'bob password\n');
});
afterAll(() => home.cleanup());

const attempts = (): string[][] => [
  ['chat', 'show', alice.chat],
  ['chat', 'show', 'secret-chat'],
  ['chat', 'rename', alice.chat, 'mine now'],
  ['chat', 'rm', alice.chat],
  ['chat', 'rm', 'secret-chat'],
  ['chat', 'mv', alice.chat],
  ['chat', 'export', alice.chat],
  ['chat', 'list', '--folder', alice.folder],
  ['chat', 'new', '--folder', 'secret-folder'],
  ['chat', 'new', '--model', alice.model],
  ['folder', 'rename', alice.folder, 'x'],
  ['folder', 'rm', 'secret-folder', '--with-chats'],
  ['model', 'edit', alice.model, '--temperature', '1'],
  ['model', 'rm', 'secret-model'],
  ['model', 'add', 'stolen', '--endpoint', alice.endpoint],
  ['endpoint', 'edit', 'secret-ep', '--url', 'https://evil.example.com'],
  ['endpoint', 'rm', alice.endpoint],
  ['settings', 'set', 'default-model', alice.model],
];

const aliceRecords = async () => {
  const db = JSON.parse(await readFile(path.join(home.dataDir, 'db.json'), 'utf8')) as Record<
    string,
    { userId?: string; id?: string }[]
  >;
  const users = db.users as { id: string; name: string }[];
  const aliceId = users.find((u) => u.name === 'alice')!.id;
  return ['endpoints', 'models', 'settings', 'folders', 'chats'].map((key) =>
    db[key]!.filter((r) => r.userId === aliceId),
  );
};

test("every command refuses another user's records by id and by name, and changes nothing", async () => {
  const before = await aliceRecords();
  const chatBefore = await readFile(path.join(home.dataDir, 'chats', `${alice.chat}.json`));
  for (const args of attempts()) {
    const result = await home.run(args);
    expect(result.code, `${args.join(' ')} → ${result.stdout}${result.stderr}`).toBe(2);
    expect(result.stderr).toMatch(/^aichat: no (chat|folder|model|endpoint) "/);
    expect(result.stdout).not.toContain('secret');
  }
  expect(await aliceRecords()).toEqual(before);
  expect(await readFile(path.join(home.dataDir, 'chats', `${alice.chat}.json`))).toEqual(
    chatBefore,
  );
});

test('a user who is not an admin cannot manage accounts', async () => {
  for (const args of [
    ['user', 'list'],
    ['user', 'rm', 'alice'],
    ['user', 'passwd', 'alice'],
  ]) {
    const result = await home.run(
      [...args, ...(args[1] === 'passwd' ? ['--password-stdin'] : [])],
      { stdin: 'new password\n' },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/only an admin can/);
  }
});
