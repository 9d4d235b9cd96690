import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { bin } from '../helpers/cli.js';
import { chatSetup, type ChatSetup } from '../helpers/chat-setup.js';

let setup: ChatSetup;
beforeAll(async () => {
  setup = await chatSetup('anthropic');
});
afterAll(() => setup.cleanup());

const run = (...args: string[]) => setup.home.run(args);
const ESC = '\u001b';

/** An export of a linear chat of `count` messages, as chat export --format json writes it. */
function linearExport(count: number, chat: Record<string, unknown> = {}) {
  const nodes: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    nodes[`m${i}`] = {
      id: `m${i}`,
      parentId: i === 0 ? null : `m${i - 1}`,
      role: i % 2 ? 'assistant' : 'user',
      content: `message ${i}`,
      children: i < count - 1 ? [`m${i + 1}`] : [],
      activeChildId: i < count - 1 ? `m${i + 1}` : null,
      status: 'complete',
      createdAt: 1_700_000_000_000 + i,
      ...(i % 2 ? { provenance: { modelId: 'their-model', endpointName: 'theirs' } } : {}),
    };
  }
  return JSON.stringify({
    format: 'aichat-chat',
    version: 1,
    chat: {
      title: 'long one',
      titleSource: 'manual',
      createdAt: 1_600_000_000_000,
      updatedAt: 1_600_000_500_000,
      ...chat,
    },
    tree: { nodes, rootIds: ['m0'], activeRootId: 'm0' },
  });
}

async function importText(text: string): Promise<string> {
  const file = path.join(setup.home.home, 'import.json');
  await writeFile(file, text);
  const result = await run('chat', 'import', file);
  expect(result.code, result.stderr).toBe(0);
  return result.stdout.trim();
}

test('chat show --tree shows every message of a long chat, none folded away', async () => {
  const id = await importText(linearExport(14));
  const shown = await run('chat', 'show', id, '--tree');
  const rows = shown.stdout.trim().split('\n').slice(1);
  expect(rows).toHaveLength(14);
  expect(shown.stdout).not.toMatch(/folded/);
});

test('an imported chat keeps its times, and no system prompt stays none', async () => {
  await run('settings', 'set', 'system-prompt', 'Be a pirate');
  const id = await importText(linearExport(2));
  await run('settings', 'unset', 'system-prompt');
  const exported = JSON.parse((await run('chat', 'export', id, '--format', 'json')).stdout) as {
    chat: Record<string, unknown>;
  };
  expect(exported.chat.systemPrompt).toBeUndefined();
  expect(exported.chat.createdAt).toBe(1_600_000_000_000);
  expect(exported.chat.updatedAt).toBe(1_600_000_500_000);
});

test('a chat just made with chat new is the one ask --continue goes on with', async () => {
  await run('ask', 'into an older chat');
  const fresh = (await run('chat', 'new', '--title', 'Fresh')).stdout.trim();
  setup.server.script({ text: 'noted' });
  const asked = await run('ask', '--continue', 'into Fresh?');
  expect(asked.code, asked.stderr).toBe(0);
  expect((await run('chat', 'show', fresh)).stdout).toContain('into Fresh?');
});

test('what an imported file says reaches the terminal inert: titles, model ids, notes', async () => {
  const hostile = `evil${ESC}]52;c;ZXZpbA==\u0007${ESC}[2J`;
  const id = await importText(
    linearExport(2, { title: hostile }).replaceAll(
      'their-model',
      hostile.replaceAll(ESC, '\\u001b').replaceAll('\u0007', '\\u0007'),
    ),
  );
  for (const args of [
    ['chat', 'show', id],
    ['chat', 'title', id],
    ['chat', 'list'],
    ['chat', 'rm', id],
  ]) {
    const result = await run(...args);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout + result.stderr).toContain('evil');
    expect(result.stdout + result.stderr).not.toContain(ESC);
  }
});

test('search still shows the hits of the other chats when one chat file is gone, then fails naming it', async () => {
  const gone = await importText(linearExport(2, { title: 'gone' }));
  const kept = await importText(linearExport(2, { title: 'kept' }));
  const file = path.join(setup.home.dataDir, 'chats', `${gone}.json`);
  await rm(file);
  const result = await run('chat', 'search', 'message 1', '--json');
  expect(result.code).toBe(1);
  const hits = JSON.parse(result.stdout) as { chatId: string }[];
  expect(hits.map((h) => h.chatId)).toContain(kept);
  expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining(`${file} is missing`)]);
  await run('chat', 'rm', gone);
});

test('search finds text after a letter whose lower case is longer, and quotes it right', async () => {
  const id = await importText(linearExport(1).replace('message 0', 'İİİ needle here'));
  const hits = JSON.parse((await run('chat', 'search', 'NEEDLE', '--json')).stdout) as {
    chatId: string;
    snippet: string;
  }[];
  expect(hits.find((h) => h.chatId === id)?.snippet).toBe('İİİ needle here');
});

test('tables line up names in CJK by the columns they take, not their length', async () => {
  await run('folder', 'add', '日本語のフォルダ');
  await run('folder', 'add', 'plain folder');
  const lines = (await run('folder', 'list')).stdout.split('\n');
  // Where the CHATS column starts, in terminal columns: wide characters take two.
  const column = (name: string) => {
    const line = lines.find((l) => l.includes(name))!;
    const before = line.slice(0, line.search(/\d+$/));
    return [...before].reduce((w, ch) => w + (/[\u3000-\u9fff]/.test(ch) ? 2 : 1), 0);
  };
  expect(column('日本語')).toBe(column('plain folder'));
});

test('chat list shows times on the user’s own clock', async () => {
  await importText(linearExport(1, { title: 'clock' }));
  const tokyo = await setup.home.run(['chat', 'list'], { env: { TZ: 'Asia/Tokyo' } });
  const utc = await setup.home.run(['chat', 'list'], { env: { TZ: 'UTC' } });
  const at = (out: string) =>
    /(\d\d):(\d\d)/.exec(out.split('\n').find((l) => l.includes('clock'))!)!;
  const hours = (Number(at(tokyo.stdout)[1]) - Number(at(utc.stdout)[1]) + 24) % 24;
  expect(hours).toBe(9);
  const listed = JSON.parse((await run('chat', 'list', '--json')).stdout) as {
    lastActivityAt: number;
  }[];
  for (const chat of listed) expect(Number.isInteger(chat.lastActivityAt)).toBe(true);
});

test('ask --chat with --from a message of another chat names the chat and where to look', async () => {
  const mine = await importText(linearExport(2, { title: 'mine' }));
  const other = await importText(linearExport(2, { title: 'other' }));
  const exported = JSON.parse((await run('chat', 'export', other, '--format', 'json')).stdout) as {
    tree: { rootIds: string[] };
  };
  const elsewhere = exported.tree.rootIds[0]!;
  const result = await run('ask', '--chat', mine, '--from', elsewhere, 'hello');
  expect(result.code).toBe(2);
  expect(result.stderr).toBe(
    `aichat: no message "${elsewhere}" in chat "${mine}" (see: aichat chat show "${mine}" --tree)\n`,
  );
});

test('chat export --output - writes to stdout, not to a file named -', async () => {
  const id = (await run('chat', 'new', '--title', 'To stdout')).stdout.trim();
  const dash = path.resolve('-');
  try {
    const result = await run('chat', 'export', id, '--format', 'json', '--output', '-');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe((await run('chat', 'export', id, '--format', 'json')).stdout);
    expect(existsSync(dash)).toBe(false);
  } finally {
    await rm(dash, { force: true });
  }
});

test('chat import - reads the export from stdin: export | import copies a chat', async () => {
  const id = await importText(linearExport(3, { title: 'Piped' }));
  const exported = (await run('chat', 'export', id, '--format', 'json')).stdout;
  const piped = await setup.home.run(['chat', 'import', '-'], { stdin: exported });
  expect(piped.code, piped.stderr).toBe(0);
  const copy = piped.stdout.trim();
  expect(copy).not.toBe(id);
  expect((await run('chat', 'show', copy)).stdout).toContain('message 2');
  const bad = await setup.home.run(['chat', 'import', '-'], { stdin: 'not json' });
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/^aichat: standard input is not JSON; only JSON exports/);
});

test('chat import - at a terminal says to pipe the export in, and does not wait for typing', async () => {
  // `script` gives aichat a real pseudo-terminal; its own status is the last line.
  const { stdout } = await promisify(execFile)(
    'script',
    ['-qec', `${process.execPath} ${bin} chat import -; echo "exit $?"`, '/dev/null'],
    { env: { ...setup.home.env, TERM: 'xterm' }, timeout: 10_000 },
  );
  expect(stdout.split(/\r?\n/).filter(Boolean)).toEqual([
    'aichat: standard input is a terminal: pipe a JSON export in, or give a file',
    'exit 2',
  ]);
});
