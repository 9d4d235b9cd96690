import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chatSetup, type ChatSetup } from '../helpers/chat-setup.js';
import { withFirstUser, type TempHome } from '../helpers/cli.js';
import { faultRules, judgeFault, reEscape, runWithFault } from './families.js';

describe('a failing disk under a db.json write (aichat folder add)', () => {
  let home: TempHome;
  let file: string;
  beforeAll(async () => {
    home = await withFirstUser();
    file = path.join(home.dataDir, 'db.json');
  });
  afterAll(() => home.cleanup());

  // open, write, fsync and rename of the temp file with ENOSPC, EIO, EACCES and EROFS;
  // the lock's mkdir with ENOSPC; the read with EIO.
  test.each(faultRules('FILE'))('%s: one line, exit 1, db.json byte-identical', async (rule) => {
    const before = await readFile(file);
    const run = await runWithFault(
      home,
      ['folder', 'add', 'never'],
      rule.replace('FILE', reEscape(file)),
    );
    expect(await judgeFault(run, file, before)).toEqual([]);
  });

  test('after all that, the store is as it was and takes the write', async () => {
    const result = await home.run(['folder', 'add', 'at-last']);
    expect(result.code, result.stderr).toBe(0);
    const folders = JSON.parse((await home.run(['folder', 'list', '--json'])).stdout) as {
      name: string;
    }[];
    expect(folders.map((f) => f.name)).toEqual(['at-last']);
  });
});

describe('a failing disk under aichat ask', () => {
  let setup: ChatSetup;
  let chatId: string;
  let file: string;
  beforeAll(async () => {
    setup = await chatSetup('anthropic');
    const first = await setup.home.run(['ask', '--json', 'the first question']);
    chatId = (JSON.parse(first.stdout) as { chatId: string }).chatId;
    file = path.join(setup.home.dataDir, 'chats', `${chatId}.json`);
  });
  afterAll(() => setup.cleanup());

  const before = () => readFile(file);

  test.each(['ENOSPC', 'EIO', 'EACCES', 'EROFS'])(
    '%s while saving the prompt: nothing is sent, nothing half-saved, and running the command again sends it once',
    async (code) => {
      const prompt = `an unsent prompt (${code})`;
      const original = await before();
      const requests = setup.server.requests.length;
      const run = await runWithFault(
        setup.home,
        ['ask', '--continue', prompt],
        `rename:1:${code}:${reEscape(file)}\\.\\d+\\.`,
      );
      expect(await judgeFault(run, file, original)).toEqual([]);
      expect(setup.server.requests.length).toBe(requests);
      expect(run.result.stdout).toBe('');

      const again = await setup.home.run(['ask', '--continue', prompt]);
      expect(again.code, again.stderr).toBe(0);
      const shown = await readFile(file, 'utf8');
      expect(shown.split(JSON.stringify(prompt)).length - 1).toBe(1);
    },
  );

  /** `aichat ask` where the first write (prompt and empty reply) lands and every later one fails. */
  const fillUpMidReply = async () => {
    setup.server.script({
      text: 'a reply long enough to be flushed mid-way',
      chunks: 30,
      delayMs: 60,
    });
    const prompt = `a prompt whose reply cannot be saved ${Math.random()}`;
    const run = await runWithFault(
      setup.home,
      ['ask', '--continue', prompt],
      `open:2+:ENOSPC:${reEscape(file)}\\.\\d+\\.`,
    );
    setup.server.script({});
    return { run, prompt };
  };

  test('a disk that fills up mid-reply: exit 1, the prompt is kept, no debris', async () => {
    const { run, prompt } = await fillUpMidReply();
    expect(run.injected.length).toBeGreaterThan(0);
    expect(run.result.code).toBe(1);
    const chat = JSON.parse(await readFile(file, 'utf8')) as {
      tree: { nodes: Record<string, { content: string }> };
    };
    expect(Object.values(chat.tree.nodes).some((n) => n.content === prompt)).toBe(true);
    expect((await readdir(path.dirname(file))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('a disk that fills up mid-reply: the reply streams to its end, then one line naming the file', async () => {
    const { run } = await fillUpMidReply();
    expect(run.result.stdout).toBe('a reply long enough to be flushed mid-way');
    expect(run.result.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.result.stderr).toContain(file);
  });

  test('a failure after the prompt is saved, before the request: the reply is an error, not left streaming', async () => {
    const config = path.join(setup.home.home, '.config', 'aichat', 'config.json');
    const requests = setup.server.requests.length;
    // A new chat becomes the last chat: that write to config.json fails.
    const run = await runWithFault(
      setup.home,
      ['ask', 'a question for a new chat'],
      `open:1:ENOSPC:${reEscape(config)}\\.\\d+\\.`,
    );
    expect(run.injected).toHaveLength(1);
    expect(run.result.code).toBe(1);
    expect(setup.server.requests.length).toBe(requests);
    const chats = JSON.parse((await setup.home.run(['chat', 'list', '--json'])).stdout) as {
      id: string;
    }[];
    const shown = JSON.parse(
      (await setup.home.run(['chat', 'show', chats[0]!.id, '--json'])).stdout,
    ) as { messages: { content: string; status: string }[] };
    expect(shown.messages.map((m) => m.status)).toEqual(['complete', 'error']);
    expect(shown.messages[0]!.content).toBe('a question for a new chat');
  });
});
