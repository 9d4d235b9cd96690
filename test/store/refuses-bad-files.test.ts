import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { withFirstUser, type TempHome } from '../helpers/cli.js';

let home: TempHome;
beforeEach(async () => {
  home = await withFirstUser();
});
afterEach(() => home.cleanup());

const dbPath = () => path.join(home.dataDir, 'db.json');

const cases: [string, string | Buffer, RegExp][] = [
  ['truncated JSON', '{"schemaVersion":1,"users":[', /db\.json is not valid JSON/],
  ['an array', '[]', /db\.json is not an aichat store file/],
  [
    'a byte-order mark',
    Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"schemaVersion":1}')]),
    /db\.json is not valid JSON/,
  ],
  [
    'a byte that is not UTF-8',
    Buffer.concat([
      Buffer.from('{"schemaVersion":1,"users":[],"note":"'),
      Buffer.from([0xff, 0x22, 0x7d]),
    ]),
    /db\.json is not valid UTF-8 text/,
  ],
  [
    'a schema version from the future',
    '{"schemaVersion":99,"users":[]}',
    /db\.json has schema version 99, newer than this aichat understands/,
  ],
  [
    'the wrong shape',
    '{"schemaVersion":1,"users":{}}',
    /db\.json does not have the shape aichat expects/,
  ],
];

test.each(cases)(
  'a db.json holding %s is refused with one line and left byte-identical',
  async (_name, content, message) => {
    await writeFile(dbPath(), content);
    const before = await readFile(dbPath());
    for (const args of [
      ['chat', 'list'],
      ['folder', 'add', 'work'],
      ['endpoint', 'list'],
    ]) {
      const result = await home.run(args);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain(dbPath());
    }
    expect(await readFile(dbPath())).toEqual(before);
  },
);

test('a corrupt chat file is refused and left alone', async () => {
  const list = await home.run(['chat', 'list', '--json']);
  const [chat] = JSON.parse(list.stdout) as { id: string }[];
  const file = path.join(home.dataDir, 'chats', `${chat!.id}.json`);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, '{"schemaVersion":1,"tree":');
  const result = await home.run(['chat', 'show', chat!.id]);
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/is not valid JSON; aichat will not overwrite it/);
  expect(await readFile(file, 'utf8')).toBe('{"schemaVersion":1,"tree":');
});

test('a real U+FFFD in the text is kept, not taken for a bad byte', async () => {
  const title = 'replacement \ufffd character';
  expect((await home.run(['chat', 'new', '--title', title])).code).toBe(0);
  const list = await home.run(['chat', 'list', '--json']);
  expect(list.code).toBe(0);
  const chats = JSON.parse(list.stdout) as { title: string }[];
  expect(chats.map((c) => c.title)).toContain(title);
});
