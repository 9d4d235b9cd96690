import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { chatSetup, TEST_KEY, type ChatSetup } from '../helpers/chat-setup.js';

interface Db {
  users: { id: string; name: string; keyWrap: unknown }[];
  endpoints: { userId: string; name: string; sealedKey?: unknown; keyHint?: string }[];
}

let setup: ChatSetup;
const dbFile = () => path.join(setup.home.dataDir, 'db.json');
const readDb = async () => JSON.parse(await readFile(dbFile(), 'utf8')) as Db;
const run = (args: string[], stdin?: string) =>
  setup.home.run(args, stdin === undefined ? {} : { stdin });

beforeEach(async () => {
  setup = await chatSetup('openai');
  await run(['user', 'add', 'bob', '--password-stdin'], 'bob password\n');
});
afterEach(() => setup.cleanup());

test('a stored key is sealed: neither it nor its hidden part is in the store', async () => {
  const raw = await readFile(dbFile(), 'utf8');
  expect(raw).not.toContain(TEST_KEY);
  expect(raw).not.toContain(TEST_KEY.slice(3, -4));
  const endpoint = (await readDb()).endpoints.find((e) => e.name === 'test')!;
  expect(endpoint.keyHint).toBe('sk-...3456');
  expect(endpoint.sealedKey).toMatchObject({
    iv: expect.any(String),
    tag: expect.any(String),
    data: expect.any(String),
  });
});

test("one account's wrapped data key moved into another's record does not open", async () => {
  const db = await readDb();
  const alice = db.users.find((u) => u.name === 'alice')!;
  db.users.find((u) => u.name === 'bob')!.keyWrap = alice.keyWrap;
  await writeFile(dbFile(), JSON.stringify(db));
  const result = await run(['login', 'bob', '--password-stdin'], 'bob password\n');
  expect(result.code).toBe(1);
  expect(result.stderr).toBe(
    'aichat: the keys of this account cannot be unlocked with this password\n',
  );
});

test("a sealed API key moved to another account's endpoint does not open", async () => {
  await run(['login', 'bob', '--password-stdin'], 'bob password\n');
  await run(
    [
      'endpoint',
      'add',
      'mine',
      '--provider',
      'openai',
      '--url',
      setup.server.openaiUrl,
      '--key-stdin',
    ],
    'sk-bobs-own-key-000000\n',
  );
  await run(['model', 'add', 'm', '--endpoint', 'mine']);
  const db = await readDb();
  const alices = db.endpoints.find((e) => e.name === 'test')!;
  const bobs = db.endpoints.find((e) => e.name === 'mine')!;
  bobs.sealedKey = alices.sealedKey;
  await writeFile(dbFile(), JSON.stringify(db));
  const result = await run(['ask', '--model', 'm', 'hi']);
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/the key of endpoint "mine" cannot be read/);
  expect(setup.server.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
});

test('changing your own password takes the current one first', async () => {
  const wrong = await run(['user', 'passwd', '--password-stdin'], 'a guess\ntaken over\n');
  expect(wrong).toEqual({
    code: 1,
    stdout: '',
    stderr: 'aichat: that is not your current password; nothing was changed\n',
  });
  const one = await run(['user', 'passwd', '--password-stdin'], 'taken over\n');
  expect(one).toMatchObject({
    code: 2,
    stderr: 'aichat: no new password on line 2 of standard input\n',
  });
  // The password is the same: signing in with it still works.
  expect((await run(['login', 'alice', '--password-stdin'], 'correct horse\n')).code).toBe(0);
});

test('changing your own password keeps your keys; an admin reset clears them and says so', async () => {
  const own = await run(
    ['user', 'passwd', '--password-stdin'],
    'correct horse\nnew alice password\n',
  );
  expect(own).toMatchObject({
    code: 0,
    stderr: 'changed your password; your other sessions are signed out\n',
  });
  setup.server.script({ text: 'still works' });
  expect((await run(['ask', '--no-save', 'hi'])).stdout).toBe('still works');

  await run(['login', 'bob', '--password-stdin'], 'bob password\n');
  await run(
    [
      'endpoint',
      'add',
      'mine',
      '--provider',
      'openai',
      '--url',
      'https://example.com/v1',
      '--key-stdin',
    ],
    'sk-bobs-own-key-000000\n',
  );
  await run(['login', 'alice', '--password-stdin'], 'new alice password\n');
  const reset = await run(['user', 'passwd', 'bob', '--password-stdin'], 'bob new password\n');
  expect(reset.code).toBe(0);
  expect(reset.stderr).toMatch(
    /^changed the password of bob; their other sessions are signed out\n/,
  );
  expect(reset.stderr).toMatch(
    /cannot recover bob's stored API keys; they must set them again for: mine/,
  );
  const bobsEndpoint = (await readDb()).endpoints.find((e) => e.name === 'mine')!;
  expect(bobsEndpoint.sealedKey).toBeUndefined();

  // Bob is told when he signs in, where the key is listed, and where it would be used.
  const login = await run(['login', 'bob', '--password-stdin'], 'bob new password\n');
  expect(login.code).toBe(0);
  expect(login.stderr).toBe(
    'signed in as bob\nwarning: an admin reset your password, which dropped your stored API keys: set them again with aichat endpoint edit NAME --key-stdin, for: mine\n',
  );
  expect((await run(['endpoint', 'list'])).stdout).toMatch(/mine .* lost \(password reset\)/);
  await run(['model', 'add', 'm', '--endpoint', 'mine']);
  const asked = await run(['ask', '--model', 'm', 'hi']);
  expect(asked).toMatchObject({
    code: 1,
    stderr:
      'aichat: the key of endpoint "mine" was dropped when an admin reset your password: set it again with aichat endpoint edit mine --key-stdin\n',
  });
  await run(['endpoint', 'edit', 'mine', '--key-stdin'], 'sk-bobs-new-key-111111\n');
  expect((await run(['endpoint', 'list'])).stdout).toMatch(/mine .* sk-\.\.\.1111/);
  expect((await run(['login', 'bob', '--password-stdin'], 'bob new password\n')).stderr).toBe(
    'signed in as bob\n',
  );
});
