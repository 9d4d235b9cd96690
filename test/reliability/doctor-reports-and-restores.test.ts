import { chmod, mkdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { withFirstUser, type TempHome } from '../helpers/cli.js';

let home: TempHome;
let db: string;
let chat: string;
beforeEach(async () => {
  home = await withFirstUser();
  db = path.join(home.dataDir, 'db.json');
  const [entry] = JSON.parse((await home.run(['chat', 'list', '--json'])).stdout) as {
    id: string;
  }[];
  chat = path.join(home.dataDir, 'chats', `${entry!.id}.json`);
});
afterEach(() => home.cleanup());

const lines = (text: string) => text.trim().split('\n').filter(Boolean);

test('a healthy store: exit 0 and one line saying so', async () => {
  const result = await home.run(['doctor']);
  expect(result.code, result.stdout + result.stderr).toBe(0);
  expect(lines(result.stdout)).toEqual([
    expect.stringMatching(/^no problems found in .* \(2 store files\)$/),
  ]);
});

test('a broken db.json is reported on one line naming it; --restore puts back the last backup and keeps the broken file', async () => {
  const backup = await readFile(`${db}.bak`);
  await writeFile(db, '{"schemaVersion":1,"users":[');
  const report = await home.run(['doctor']);
  expect(report.code).toBe(1);
  expect(lines(report.stdout)).toEqual([
    `${db} is not valid JSON; aichat will not overwrite it: repair it or move it aside; or run aichat doctor --restore to put back its backup of ${isoMinute((await stat(`${db}.bak`)).mtimeMs)}`,
  ]);
  const restore = await home.run(['doctor', '--restore']);
  expect(restore.code, restore.stdout + restore.stderr).toBe(0);
  expect(restore.stderr).toMatch(
    /^restored .*db\.json from its backup of .* \(the broken file is kept as .*db\.json\.broken-\d{8}-\d{6}\)\n$/,
  );
  expect(await readFile(db)).toEqual(backup);
  const kept = /kept as (.*)\)/.exec(restore.stderr)![1]!;
  expect(await readFile(kept, 'utf8')).toBe('{"schemaVersion":1,"users":[');
  expect((await stat(kept)).mode & 0o777).toBe(0o600);
});

test('a missing chat file with a backup is reported and restored; without one the line says what to do', async () => {
  // One more write to the chat makes its first backup (the previous, valid content).
  const worker = await import('../helpers/cli.js');
  const id = path.basename(chat, '.json');
  const appended = await worker.runNode(
    [worker.workerBundle, 'append', home.dataDir, id, '1', 'x'],
    {
      PATH: process.env.PATH,
    },
  );
  expect(appended.code, appended.stderr).toBe(0);
  const backup = await readFile(`${chat}.bak`);
  await rm(chat);
  const report = await home.run(['doctor']);
  expect(report.code).toBe(1);
  expect(lines(report.stdout)).toEqual([
    expect.stringContaining(
      `${chat} is missing: chat ${id} "Welcome to aichat" has no messages; run aichat doctor --restore`,
    ),
  ]);
  const restore = await home.run(['doctor', '--restore']);
  expect(restore.code, restore.stdout).toBe(0);
  expect(await readFile(chat)).toEqual(backup);

  await rm(chat);
  await rm(`${chat}.bak`);
  const bare = await home.run(['doctor']);
  expect(lines(bare.stdout)).toEqual([
    expect.stringContaining(
      `has no messages; remove the chat (aichat chat rm ${id}) or restore the file`,
    ),
  ]);
});

test('debris of killed runs, loose modes, an orphan chat file and a broken config: one line each; --restore clears what is safe', async () => {
  const tmp = `${db}.999999.0123456789ab.tmp`;
  const lock = `${chat}.lock`;
  const orphan = path.join(home.dataDir, 'chats', 'orphan.json');
  await writeFile(tmp, '{"half":');
  await mkdir(lock);
  const old = new Date(Date.now() - 60_000);
  await utimes(lock, old, old);
  await chmod(db, 0o644);
  await writeFile(
    orphan,
    JSON.stringify({
      schemaVersion: 1,
      chatId: 'orphan',
      userId: 'u',
      tree: { nodes: {}, rootIds: [], activeRootId: null },
    }),
    { mode: 0o600 },
  );
  const config = path.join(home.home, '.config', 'aichat', 'config.json');
  const goodConfig = await readFile(config);
  await writeFile(config, '{"schemaVersion":1,"sessions":');

  const report = await home.run(['doctor']);
  expect(report.code).toBe(1);
  const found = lines(report.stdout);
  expect(found).toHaveLength(5);
  expect(found).toEqual(
    expect.arrayContaining([
      expect.stringMatching(new RegExp(`^${re(config)} is not valid JSON.*(backup|no backup)`)),
      `${orphan} belongs to no chat in ${db}, and its user u is not there either: keep it until you know whose it is (an older db.json backup may list both)`,
      expect.stringMatching(
        new RegExp(
          `^${re(tmp)} is a half-written temp file left by a killed aichat \\(pid 999999\\): delete it`,
        ),
      ),
      expect.stringMatching(new RegExp(`^${re(lock)} is a lock left by a killed aichat`)),
      `${db} has mode 644, readable by others: run chmod 600 ${db} (or aichat doctor --restore)`,
    ]),
  );

  await writeFile(config, goodConfig);
  const restore = await home.run(['doctor', '--restore']);
  // An orphan of no known user is the user's call: it stays, and so does the exit status.
  expect(restore.code).toBe(1);
  expect(lines(restore.stdout)).toEqual([expect.stringContaining(`${orphan} belongs to no chat`)]);
  expect(lines(restore.stderr)).toHaveLength(3);
  await expect(stat(tmp)).rejects.toThrow();
  await expect(stat(lock)).rejects.toThrow();
  expect((await stat(db)).mode & 0o777).toBe(0o600);
});

test('db.json put back from a backup older than some chats: --restore lists those chats again, titled by their first message', async () => {
  const older = await readFile(db);
  const made = await home.run(['chat', 'new', '--title', 'Made after the backup']);
  expect(made.code, made.stderr).toBe(0);
  const chats = JSON.parse((await home.run(['chat', 'list', '--json'])).stdout) as {
    id: string;
    title: string;
  }[];
  const later = chats.find((c) => c.title === 'Made after the backup')!;
  const worker = await import('../helpers/cli.js');
  const appended = await worker.runNode(
    [worker.workerBundle, 'append', home.dataDir, later.id, '2', 'plans for the trip'],
    { PATH: process.env.PATH },
  );
  expect(appended.code, appended.stderr).toBe(0);
  // The backup predates the chat; then db.json breaks.
  await writeFile(`${db}.bak`, older, { mode: 0o600 });
  await writeFile(db, '{"schemaVersion":1,"users":[');

  const restore = await home.run(['doctor', '--restore']);
  expect(restore.code, restore.stdout + restore.stderr).toBe(0);
  const laterFile = path.join(home.dataDir, 'chats', `${later.id}.json`);
  expect(lines(restore.stderr)).toEqual([
    expect.stringMatching(/^restored .*db\.json from its backup/),
    `listed ${laterFile} again among alice's chats`,
  ]);
  const after = JSON.parse((await home.run(['chat', 'list', '--json'])).stdout) as {
    id: string;
    title: string;
  }[];
  expect(after.find((c) => c.id === later.id)?.title).toBe('plans for the trip-0');
  expect((await home.run(['doctor'])).code).toBe(0);
});

test('a db.json from a newer aichat is not "restored" to an older backup: the fix is to upgrade', async () => {
  const newer = JSON.stringify({ ...JSON.parse(await readFile(db, 'utf8')), schemaVersion: 99 });
  await writeFile(db, newer);
  const report = await home.run(['doctor']);
  expect(report.code).toBe(1);
  expect(lines(report.stdout)).toEqual([
    `${db} has schema version 99, newer than this aichat understands (1); upgrade aichat to use it (the file was left unchanged)`,
  ]);
  await home.run(['doctor', '--restore']);
  expect(await readFile(db, 'utf8')).toBe(newer);
});

function isoMinute(ms: number) {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function re(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

test('a broken message tree is not "restored" from a backup that is just as broken', async () => {
  const data = JSON.parse(await readFile(chat, 'utf8')) as {
    tree: { nodes: Record<string, { activeChildId: string | null }> };
  };
  const [first] = Object.values(data.tree.nodes);
  first!.activeChildId = 'nope';
  const broken = JSON.stringify(data);
  await writeFile(chat, broken);
  await writeFile(`${chat}.bak`, broken);
  const restore = await home.run(['doctor', '--restore']);
  expect(restore.code).toBe(1);
  // Said once: a repair that failed is not tried again.
  expect(lines(restore.stderr).filter((l) => /was not restored: /.test(l))).toHaveLength(1);
  expect(await readFile(chat, 'utf8')).toBe(broken);
  expect(lines((await home.run(['doctor'])).stdout)).toEqual([
    expect.stringContaining(`${chat} has a broken message tree`),
  ]);
});
