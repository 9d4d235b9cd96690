import { spawn } from 'node:child_process';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Fault } from '../helpers/provider-server.js';
import { bin } from '../helpers/cli.js';
import { chatSetup, TEST_KEY, type ChatSetup } from '../helpers/chat-setup.js';

interface Shown {
  messages: { role: string; content: string; status: string; provenance?: { error?: string } }[];
}

const lastReply = async (s: ChatSetup) => {
  const list = JSON.parse((await s.home.run(['chat', 'list', '--json'])).stdout) as {
    id: string;
  }[];
  const shown = JSON.parse(
    (await s.home.run(['chat', 'show', list[0]!.id, '--json'])).stdout,
  ) as Shown;
  return shown.messages.at(-1)!;
};

/** `aichat ask PROMPT` as a live process a test can signal or cut off; stdin closed at once. */
function startAsk(s: ChatSetup, prompt: string) {
  const child = spawn(process.execPath, [bin, 'ask', prompt], { env: s.home.env });
  child.stdin.end();
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  const firstOutput = new Promise<string>((resolve) =>
    child.stdout.once('data', (d: Buffer) => resolve(d.toString())),
  );
  return { child, closed, firstOutput, stderr: () => stderr };
}

const faults: { name: string; fault: Fault; line: RegExp; status: string; partial: string }[] = [
  {
    name: 'a bad key (401)',
    fault: { kind: 'status', status: 401 },
    line: /endpoint "test": .*key/i,
    status: 'error',
    partial: '',
  },
  {
    name: 'an unknown model (404)',
    fault: { kind: 'status', status: 404 },
    line: /endpoint "test": .*model/i,
    status: 'error',
    partial: '',
  },
  {
    name: 'overload that never clears (529)',
    fault: { kind: 'status', status: 529 },
    line: /endpoint "test": .*overloaded/i,
    status: 'error',
    partial: '',
  },
  {
    name: 'an error event mid-stream',
    fault: { kind: 'error-event', afterChunks: 2 },
    line: /endpoint "test": .*(overloaded|error)/i,
    status: 'incomplete',
    partial: 'abcd',
  },
  {
    name: 'an event that is not JSON mid-stream',
    fault: { kind: 'bad-json', afterChunks: 2 },
    line: /endpoint "test": the server sent data that is not valid JSON/,
    status: 'incomplete',
    partial: 'abcd',
  },
  {
    name: 'a connection cut mid-stream',
    fault: { kind: 'cut', afterChunks: 2 },
    line: /endpoint "test": .*(connection|cut)/i,
    status: 'incomplete',
    partial: 'abcd',
  },
  {
    name: 'a stream that ends without its end marker',
    fault: { kind: 'end-early', afterChunks: 2 },
    line: /endpoint "test": .*cut/i,
    status: 'incomplete',
    partial: 'abcd',
  },
  {
    name: 'a stall',
    fault: { kind: 'stall', afterChunks: 2 },
    line: /endpoint "test": .*timed out/i,
    status: 'incomplete',
    partial: 'abcd',
  },
];

describe.each(['anthropic', 'openai'] as const)(
  'aichat ask against a failing %s server',
  (protocol) => {
    let setup: ChatSetup;
    beforeAll(async () => {
      setup = await chatSetup(protocol, { settings: { timeout: '1' } });
    });
    afterAll(() => setup.cleanup());

    test.each(faults)(
      '$name: one line, exit 1, reply saved as $status with its text',
      async ({ fault, line, status, partial }) => {
        setup.server.script({ text: 'abcdefgh', chunks: 4, fault });
        const result = await setup.home.run(['ask', 'question']);
        expect(result.code).toBe(1);
        expect(result.stdout).toBe(partial);
        const lines = result.stderr.trim().split('\n');
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(/^aichat: /);
        expect(lines[0]).toMatch(line);
        expect(result.stderr).not.toContain(TEST_KEY);
        expect(result.stderr).not.toContain(TEST_KEY.slice(-8));
        const reply = await lastReply(setup);
        expect(reply).toMatchObject({ role: 'assistant', status, content: partial });
        expect(reply.provenance?.error).toBe(lines[0]!.replace(/^aichat: /, ''));
      },
    );

    test('429 with retry-after is retried, then succeeds', async () => {
      setup.server.script({
        text: 'after the wait',
        fault: { kind: 'status', status: 429, times: 2, retryAfter: '0' },
      });
      const result = await setup.home.run(['ask', 'question']);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toBe('after the wait');
    });

    test.each([
      ['Ctrl+C', 'SIGINT', 130, 'interrupted'],
      ['a kill', 'SIGTERM', 143, 'stopped by SIGTERM'],
      ['a closed terminal', 'SIGHUP', 129, 'stopped by SIGHUP'],
    ] as const)(
      '%s (%s) keeps the partial reply as incomplete and exits %i',
      async (_, signal, code, words) => {
        setup.server.script({ text: 'one two three four five six', chunks: 6, delayMs: 400 });
        const { child, closed, stderr } = startAsk(setup, 'slowly');
        let stdout = '';
        child.stdout.on('data', (d: Buffer) => {
          stdout += d.toString();
          if (stdout.length >= 8) child.kill(signal);
        });
        expect(await closed).toBe(code);
        expect(stderr()).toMatch(
          new RegExp(`^aichat: ${words}; the partial reply is saved in chat \\w+\\n$`),
        );
        const reply = await lastReply(setup);
        expect(reply.status).toBe('incomplete');
        expect(reply.content).toBe(stdout);
      },
    );

    test('a second Ctrl+C ends aichat at once, without waiting to save', async () => {
      setup.server.script({ text: 'one two three four five six', chunks: 6, delayMs: 400 });
      const { child, closed, firstOutput } = startAsk(setup, 'held up');
      await firstOutput;
      // Hold the lock of the chat being written, as another aichat would, so the save
      // after the first Ctrl+C has to wait.
      const chats = path.join(setup.home.dataDir, 'chats');
      const files = await Promise.all(
        (await readdir(chats))
          .filter((f) => f.endsWith('.json'))
          .map(async (f) => ({ f, mtime: (await stat(path.join(chats, f))).mtimeMs })),
      );
      const lock = path.join(chats, `${files.sort((a, b) => b.mtime - a.mtime)[0]!.f}.lock`);
      await mkdir(lock);
      child.kill('SIGINT');
      await sleep(300);
      const second = Date.now();
      child.kill('SIGINT');
      expect(await closed).toBe(130);
      expect(Date.now() - second).toBeLessThan(1_000);
      await rm(lock, { recursive: true });
    });

    test('text followed by a silence is saved within a second: SIGKILL then loses none of it, and the reply shows as incomplete at once', async () => {
      setup.server.script({
        text: 'said before the silence, and after',
        chunks: 2,
        fault: { kind: 'stall', afterChunks: 1 },
      });
      // Silent for longer than this suite's one-second timeout, and not cut for it.
      await setup.home.run(['settings', 'set', 'timeout', '30']);
      const { child, closed, firstOutput } = startAsk(setup, 'then wait');
      const stdout = await firstOutput;
      await sleep(1_500);
      child.kill('SIGKILL');
      await closed;
      await setup.home.run(['settings', 'set', 'timeout', '1']);
      // Its process is gone: not `streaming` for the ten minutes a silent stream may last.
      const reply = await lastReply(setup);
      expect(reply.status).toBe('incomplete');
      expect(reply.provenance?.error).toBe(
        'the reply was interrupted: aichat stopped while it streamed',
      );
      expect(reply.content).toBe(stdout);
      expect(stdout.length).toBeGreaterThan(0);
      // Which process wrote it stays on this machine.
      const list = JSON.parse((await setup.home.run(['chat', 'list', '--json'])).stdout) as {
        id: string;
      }[];
      const exported = (await setup.home.run(['chat', 'export', list[0]!.id, '--format', 'json']))
        .stdout;
      expect(exported).not.toContain('"writer"');
      expect(exported).toContain('"incomplete"');
    });

    test('a chat deleted while its reply streams: what came is printed, then one line says it was not saved', async () => {
      // The reply stalls until the idle limit, long after the chat is deleted.
      await setup.home.run(['settings', 'set', 'timeout', '3']);
      setup.server.script({
        text: 'one two three four',
        chunks: 4,
        fault: { kind: 'stall', afterChunks: 1 },
      });
      const { closed, firstOutput, stderr, child } = startAsk(setup, 'count');
      let stdout = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      const first = await firstOutput;
      const list = JSON.parse((await setup.home.run(['chat', 'list', '--json'])).stdout) as {
        id: string;
      }[];
      const removed = await setup.home.run(['chat', 'rm', list[0]!.id]);
      await setup.home.run(['settings', 'set', 'timeout', '1']);
      expect(removed.code, removed.stderr).toBe(0);
      expect(await closed).toBe(1);
      expect(stdout).toBe(first);
      expect(stderr()).toMatch(
        /^aichat: chat "[^"]+" was deleted while its reply streamed: the reply was not saved\n$/,
      );
    });

    test('Ctrl+C before the reply begins says the message is saved, not a partial reply', async () => {
      setup.server.script({ fault: { kind: 'hang' } });
      const asked = setup.server.requests.length;
      const { child, closed, stderr } = startAsk(setup, 'anyone there?');
      // Once the request is out, the message is saved.
      while (setup.server.requests.length === asked) await sleep(20);
      child.kill('SIGINT');
      expect(await closed).toBe(130);
      expect(stderr()).toMatch(
        /^aichat: interrupted before the reply began; your message is saved in chat \w+\n$/,
      );
    });

    test('a reader that closes stdout early ends aichat quietly with the chat saved', async () => {
      setup.server.script({ text: 'first line\nsecond line\nthird line', chunks: 3, delayMs: 300 });
      const { child, closed, firstOutput, stderr } = startAsk(setup, 'lines');
      await firstOutput;
      child.stdout.destroy();
      expect(await closed).toBe(0);
      expect(stderr()).toBe('');
      const reply = await lastReply(setup);
      expect(reply.content.startsWith('first line')).toBe(true);
    });
  },
);
