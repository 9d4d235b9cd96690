import { spawn } from 'node:child_process';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { bin, withFirstUser, type TempHome } from '../helpers/cli.js';

let home: TempHome;
beforeAll(async () => {
  home = await withFirstUser();
  // Enough rows that the listing is written in more than one piece.
  for (let i = 0; i < 40; i++) await home.run(['folder', 'add', `Folder ${i} ${'x'.repeat(60)}`]);
});
afterAll(() => home.cleanup());

/** Runs aichat with a reader that closes stdout before reading anything. */
function runIntoClosedPipe(args: string[]) {
  const child = spawn(process.execPath, [bin, ...args], { env: home.env });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stderr })),
  );
}

test.each([
  [['folder', 'list']],
  [['folder', 'list', '--json']],
  [['chat', 'export', 'Welcome to aichat']],
])('aichat %j into a pipe its reader has closed ends quietly, exit 0', async (args) => {
  expect(await runIntoClosedPipe(args)).toEqual({ code: 0, stderr: '' });
});
