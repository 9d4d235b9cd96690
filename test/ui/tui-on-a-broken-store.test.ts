import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { bin, withFirstUser, type TempHome } from '../helpers/cli.js';

let home: TempHome;
beforeAll(async () => {
  home = await withFirstUser();
});
afterAll(() => home.cleanup());

test('in a terminal, a store that cannot be read ends the TUI with one line and exit 1, screen untouched', async () => {
  const db = path.join(home.dataDir, 'db.json');
  const broken = '{"schemaVersion": 1, "users": [';
  await writeFile(db, broken);
  // `script` gives aichat a real pseudo-terminal; its own status is the last line.
  const { stdout } = await promisify(execFile)(
    'script',
    ['-qec', `${process.execPath} ${bin}; echo "exit $?"`, '/dev/null'],
    { env: { ...home.env, TERM: 'xterm' } },
  );
  const lines = stdout.split(/\r?\n/).filter(Boolean);
  expect(lines).toEqual([
    `aichat: ${db} is not valid JSON; aichat will not overwrite it: repair it or move it aside`,
    'exit 1',
  ]);
  // Read before the screen is switched: nothing else was drawn, and the file is kept.
  expect(stdout).not.toContain('\u001b[?1049h');
  expect(await readFile(db, 'utf8')).toBe(broken);
});
