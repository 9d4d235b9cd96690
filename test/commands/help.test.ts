import { afterAll, beforeAll, expect, test } from 'vitest';
import { tempHome, type TempHome } from '../helpers/cli.js';

let home: TempHome;
beforeAll(async () => {
  home = await tempHome();
});
afterAll(() => home.cleanup());

test('aichat --help and aichat help list every command', async () => {
  for (const args of [['--help'], ['help']]) {
    const result = await home.run(args);
    expect(result.code, args.join(' ')).toBe(0);
    for (const name of ['ask', 'chat', 'folder', 'endpoint', 'model', 'settings', 'user'])
      expect(result.stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
  }
});

test('aichat help COMMAND is that command’s usage, as COMMAND --help is', async () => {
  const viaHelp = await home.run(['help', 'ask']);
  expect(viaHelp.code).toBe(0);
  expect(viaHelp.stdout).toMatch(/^Usage: aichat ask \[options\] \[prompt\.\.\.\]/);
  expect(viaHelp.stdout).toBe((await home.run(['ask', '--help'])).stdout);
});

test('aichat help NONSENSE is an unknown command, exit 2', async () => {
  const result = await home.run(['help', 'nonsense']);
  expect(result).toMatchObject({ code: 2, stdout: '' });
  expect(result.stderr).toMatch(/^aichat: unknown command 'nonsense'/);
});

test.each([[['chat', 'list']], [['endpoint', 'add']], [['chat']]])(
  'aichat help %j is the usage --help shows',
  async (names) => {
    const viaHelp = await home.run(['help', ...names]);
    expect(viaHelp.code, viaHelp.stderr).toBe(0);
    expect(viaHelp.stdout).toMatch(new RegExp(`^Usage: aichat ${names.join(' ')} `));
    expect(viaHelp.stdout).toBe((await home.run([...names, '--help'])).stdout);
  },
);

test('aichat help chat NONSENSE names the word and where to look, exit 2', async () => {
  const result = await home.run(['help', 'chat', 'nonsense']);
  expect(result).toEqual({
    code: 2,
    stdout: '',
    stderr: "aichat: unknown command 'nonsense' (see aichat chat --help)\n",
  });
});
