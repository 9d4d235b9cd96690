import { afterAll, beforeAll, expect, test } from 'vitest';
import { withFirstUser, type TempHome } from '../helpers/cli.js';

let home: TempHome;
beforeAll(async () => {
  home = await withFirstUser();
});
afterAll(() => home.cleanup());

test('renaming a folder to the name it has says so, exit 0; a real rename says renamed', async () => {
  await home.run(['folder', 'add', 'X1']);
  const same = await home.run(['folder', 'rename', 'X1', 'X1']);
  expect(same).toEqual({ code: 0, stdout: '', stderr: 'folder X1 already has that name\n' });
  const renamed = await home.run(['folder', 'rename', 'X1', 'X2']);
  expect(renamed).toEqual({ code: 0, stdout: '', stderr: 'renamed folder to X2\n' });
});
