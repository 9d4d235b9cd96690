import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { open } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Writable } from 'node:stream';
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

/** The prompt the server received last. */
const lastPrompt = () => {
  const request = setup.server.requests.filter((r) => r.method === 'POST').at(-1)!;
  return (request.body as { messages: { content: string }[] }).messages.at(-1)!.content;
};

/** `aichat ask --no-save ...args` with `stdin` as its standard input. */
function startAsk(stdin: 'pipe' | number, args: string[]) {
  const child = spawn(process.execPath, [bin, 'ask', '--no-save', ...args], {
    env: setup.home.env,
    stdio: [stdin, 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = once(child, 'close').then(([code]) => ({ code: code as number, stderr }));
  return { child, done };
}

/** Writes the halves of `text` a moment apart, so the reader finds the input run dry. */
async function writeInHalves(to: Writable, text: string) {
  to.write(text.slice(0, text.length / 2));
  await sleep(300);
  to.end(text.slice(text.length / 2));
}

test('stdin that arrives in parts, with a pause between them, is read to its end', async () => {
  setup.server.script({ text: 'ok' });
  const { child, done } = startAsk('pipe', ['first']);
  await writeInHalves(child.stdin!, 'part one, then part two');
  const { code, stderr } = await done;
  expect(code, stderr).toBe(0);
  expect(lastPrompt()).toBe('first\n\npart one, then part two');
});

test('stdin that another process made non-blocking is read whole too', async () => {
  setup.server.script({ text: 'ok' });
  // A Node process that opens process.stdin on a pipe makes the pipe non-blocking, and
  // a child that shares the pipe sees that too (spawn makes it blocking for the child
  // when it starts: this parent opens it just after).
  const parent = `
    const child = require('node:child_process').spawn(process.execPath, ${JSON.stringify([bin, 'ask', '--no-save', 'first'])}, { stdio: 'inherit' });
    process.stdin;
    child.on('close', (code) => process.exit(code));`;
  const child = spawn(process.execPath, ['-e', parent], {
    env: setup.home.env,
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  await writeInHalves(child.stdin, 'part one, then part two');
  const [code] = await once(child, 'close');
  expect(code, stderr).toBe(0);
  expect(lastPrompt()).toBe('first\n\npart one, then part two');
});

test('waiting for stdin that never ends, ask still stops at once on Ctrl+C or a kill', async () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    const before = setup.server.requests.length;
    const { child } = startAsk('pipe', ['explain']);
    child.stdin!.write('context that goes on');
    await sleep(1_000);
    child.kill(signal);
    const [code, killedBy] = await once(child, 'close');
    expect({ code, killedBy }).toEqual({ code: null, killedBy: signal });
    expect(setup.server.requests.length).toBe(before);
  }
});

test('a directory given as stdin is refused with exit 2 and nothing is sent', async () => {
  const before = setup.server.requests.length;
  const dir = await open(setup.home.home, 'r');
  const { code, stderr } = await startAsk(dir.fd, ['explain']).done;
  await dir.close();
  expect(code).toBe(2);
  expect(stderr).toBe('aichat: standard input is a directory, not text\n');
  expect(setup.server.requests.length).toBe(before);
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
