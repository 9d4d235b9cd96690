import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { bin } from '../helpers/cli.js';
import { chatSetup, type ChatSetup } from '../helpers/chat-setup.js';

let setup: ChatSetup;
beforeAll(async () => {
  setup = await chatSetup('anthropic');
});
afterAll(() => setup.cleanup());

const hostile =
  'safe \u001b]52;c;ZXZpbA==\u0007text \u001b[2J\u001b[31mred\u001b[0m \u202eevil\u009b31m end';

test('stdin that is not UTF-8 is refused with exit 2 and nothing is sent', async () => {
  const before = setup.server.requests.length;
  const result = await setup.home.run(['ask', 'explain'], {
    stdin: Buffer.from([0x68, 0x69, 0xff, 0xfe, 0x0a]),
  });
  expect(result.code).toBe(2);
  expect(result.stderr).toBe('aichat: standard input is not UTF-8 text\n');
  expect(setup.server.requests.length).toBe(before);
});

test('stdin is appended to the prompt as context, and a 5 MB prompt goes through whole', async () => {
  const big = `${'0123456789abcdef'.repeat(5 * 65536)}`;
  setup.server.script({ text: 'read it' });
  const result = await setup.home.run(['ask', '--no-save', 'summarise'], { stdin: big });
  expect(result.code, result.stderr).toBe(0);
  const request = setup.server.requests.filter((r) => r.method === 'POST').at(-1)!;
  const messages = (request.body as { messages: { content: string }[] }).messages;
  const sent = messages.at(-1)!.content;
  expect(sent).toBe(`summarise\n\n${big}`);
});

test('to a pipe, a reply full of escape sequences is written byte for byte', async () => {
  setup.server.script({ text: hostile, chunks: 9 });
  const result = await setup.home.run(['ask', '--no-save', 'go']);
  expect(result.stdout).toBe(hostile);
});

test('to a terminal, the same reply is made inert, even when sequences are split across chunks', async () => {
  setup.server.script({ text: hostile, chunks: 23 });
  // `script` gives aichat a real pseudo-terminal as stdout.
  const { stdout } = await promisify(execFile)(
    'script',
    ['-qec', `${process.execPath} ${bin} ask --no-save go </dev/null`, '/dev/null'],
    { env: { ...setup.home.env, TERM: 'xterm' } },
  );
  expect(stdout).toContain('safe text red evil end');
  for (const control of ['\u001b', '\u009b', '\u202e', '\u0007'])
    expect(stdout).not.toContain(control);
});
