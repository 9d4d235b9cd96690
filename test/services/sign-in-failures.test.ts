import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { addUser, signIn } from '../../src/services/auth.js';
import { openContext, type ServiceContext } from '../../src/services/context.js';
import { median } from '../../bench/lib.js';
import { tempHome, type TempHome } from '../helpers/cli.js';

let home: string;
let ctx: ServiceContext;
beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'aichat-signin-'));
  ctx = await openContext({ env: { HOME: home } });
  await addUser(ctx, { name: 'admin', password: 'admin password' });
  for (let i = 0; i < 7; i++) await addUser(ctx, { name: `user${i}`, password: `password ${i}` });
});
afterAll(() => rm(home, { recursive: true, force: true }));

async function failureTime(name: string) {
  const start = performance.now();
  await expect(signIn(ctx, name, 'not the password')).rejects.toThrow(
    'wrong user name or password',
  );
  return performance.now() - start;
}

test('an unknown user and a wrong password take the same time (one bcrypt check each)', async () => {
  // One attempt per name, so no earned delay is in the way; interleaved to share the noise.
  const known: number[] = [];
  const unknown: number[] = [];
  for (let i = 0; i < 7; i++) {
    known.push(await failureTime(`user${i}`));
    unknown.push(await failureTime(`nobody${i}`));
  }
  const [k, u] = [median(known), median(unknown)];
  expect(k).toBeGreaterThan(20); // a real bcrypt check happened
  expect(Math.abs(k - u) / Math.max(k, u)).toBeLessThan(0.35);
});

let shell: TempHome;
beforeAll(async () => {
  shell = await tempHome();
  await shell.run(['user', 'add', 'alice', '--password-stdin'], { stdin: 'alice password\n' });
});
afterAll(() => shell.cleanup());

test('wrong passwords from several processes at once all count, and the delay holds for the next', async () => {
  const wrong = () => shell.run(['login', 'alice', '--password-stdin'], { stdin: 'wrong\n' });
  const results = await Promise.all([wrong(), wrong(), wrong()]);
  for (const r of results) expect(r.code).toBe(1);
  const db = JSON.parse(await readFile(path.join(shell.dataDir, 'db.json'), 'utf8')) as {
    loginAttempts: { name: string; failures: number; lockedUntil: number }[];
  };
  expect(db.loginAttempts).toEqual([
    { name: 'alice', failures: 3, lockedUntil: expect.any(Number) },
  ]);
  const start = Date.now();
  const [a, b] = await Promise.all([wrong(), wrong()]);
  expect([a.code, b.code]).toEqual([1, 1]);
  // Both waited out the second earned by three failures before their password was checked.
  expect(Date.now() - start).toBeGreaterThanOrEqual(900);
});
