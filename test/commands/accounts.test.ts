import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { withFirstUser, type TempHome } from '../helpers/cli.js';

let home: TempHome;
beforeEach(async () => {
  home = await withFirstUser('alice', 'alice password');
});
afterEach(() => home.cleanup());

const login = (name: string, password: string) =>
  home.run(['login', name, '--password-stdin'], { stdin: `${password}\n` });

test('an unknown user and a wrong password get the same message and exit status', async () => {
  const unknown = await login('mallory', 'whatever');
  const wrong = await login('alice', 'not it');
  expect(unknown.code).toBe(1);
  expect(wrong.code).toBe(1);
  expect(unknown.stderr).toBe('aichat: wrong user name or password\n');
  expect(wrong.stderr).toBe(unknown.stderr);
});

test('wrong passwords slow down later attempts, even from another process', async () => {
  for (let i = 0; i < 3; i++) expect((await login('alice', 'nope')).code).toBe(1);
  const start = Date.now();
  const right = await login('alice', 'alice password');
  expect(right.code).toBe(0);
  // Three failures earn a one-second wait before the next check.
  expect(Date.now() - start).toBeGreaterThanOrEqual(900);
  const db = JSON.parse(await readFile(path.join(home.dataDir, 'db.json'), 'utf8')) as {
    loginAttempts: unknown[];
  };
  expect(db.loginAttempts).toEqual([]);
});

test('passwords over 72 bytes are refused, not cut', async () => {
  const long = 'é'.repeat(37); // 74 bytes in UTF-8
  const result = await home.run(['user', 'add', 'bob', '--password-stdin'], { stdin: `${long}\n` });
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/the password is 74 bytes long; at most 72 are allowed/);
});

test('a password typed in NFD signs in an account made in NFC', async () => {
  await home.run(['user', 'add', 'bob', '--password-stdin'], { stdin: `caf${'\u00e9'}\n` });
  expect((await login('bob', `cafe${'\u0301'}`)).code).toBe(0);
});

test('a forged or expired session is refused', async () => {
  const configFile = path.join(home.home, '.config', 'aichat', 'config.json');
  const config = JSON.parse(await readFile(configFile, 'utf8')) as {
    sessions: Record<string, string>;
  };
  await writeFile(
    configFile,
    JSON.stringify({ ...config, sessions: { [home.dataDir]: 'forged-token' } }),
  );
  let result = await home.run(['whoami']);
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/your session is no longer valid: run aichat login/);

  await writeFile(configFile, JSON.stringify(config));
  const dbFile = path.join(home.dataDir, 'db.json');
  const db = JSON.parse(await readFile(dbFile, 'utf8')) as { sessions: { expiresAt: number }[] };
  for (const s of db.sessions) s.expiresAt = Date.now() - 1;
  await writeFile(dbFile, JSON.stringify(db));
  result = await home.run(['whoami']);
  expect(result.stderr).toMatch(/your session expired: run aichat login/);
});

test('sign out ends the session', async () => {
  expect((await home.run(['logout'])).code).toBe(0);
  const result = await home.run(['chat', 'list']);
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/not signed in: run aichat login/);
});

test('removing a user removes everything they own; the last admin stays', async () => {
  await home.run(['user', 'add', 'bob', '--password-stdin'], { stdin: 'bob password\n' });
  expect((await home.run(['user', 'rm', 'alice'])).stderr).toMatch(/alice is the last admin/);
  expect((await home.run(['user', 'rm', 'bob'])).code).toBe(0);
  const users = JSON.parse((await home.run(['user', 'list', '--json'])).stdout) as {
    name: string;
  }[];
  expect(users.map((u) => u.name)).toEqual(['alice']);
  const db = JSON.parse(await readFile(path.join(home.dataDir, 'db.json'), 'utf8')) as {
    chats: unknown[];
    endpoints: unknown[];
  };
  expect(db.chats).toHaveLength(1);
  expect(db.endpoints).toHaveLength(1);
});
