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

test('a chat title given by hand is one line: line breaks become spaces', async () => {
  const id = (await home.run(['chat', 'new', '--title', 'New\r\nchat'])).stdout.trim();
  const titleOf = async () => (await home.run(['chat', 'title', id])).stdout;
  expect(await titleOf()).toBe('New chat\n');
  const renamed = await home.run(['chat', 'rename', id, 'Red\nline2\n']);
  expect(renamed.code, renamed.stderr).toBe(0);
  expect(renamed.stderr).not.toContain('\n\n');
  expect(await titleOf()).toBe('Red line2\n');
  const list = JSON.parse((await home.run(['chat', 'list', '--json'])).stdout) as {
    title: string;
  }[];
  expect(list.map((c) => c.title)).toContain('Red line2');
});

test('removing a model says which settings it leaves unset and how many chats used it', async () => {
  await home.run(['model', 'add', 'spare', '--endpoint', 'local', '--id', 'spare-1']);
  await home.run(['settings', 'set', 'title-model', 'spare']);
  await home.run(['chat', 'new', '--title', 'On spare', '--model', 'spare']);
  const removed = await home.run(['model', 'rm', 'spare']);
  expect(removed).toEqual({
    code: 0,
    stdout: '',
    stderr:
      'removed model spare\nit was your title-model, now unset: set another with aichat settings set title-model NAME\n1 chat(s) used it; they will use your default model\n',
  });
});

test('endpoint edit with nothing to change says so, exit 2', async () => {
  expect(await home.run(['endpoint', 'edit', 'local'])).toEqual({
    code: 2,
    stdout: '',
    stderr: 'aichat: nothing to change: give --url, --name, --key-stdin, --key-env or --no-key\n',
  });
});
