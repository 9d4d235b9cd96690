import { describe, expect, test } from 'vitest';
import * as commands from '../../src/ui/commands.js';
import { displayWidth } from '../../src/core/text.js';
import { helpLines } from '../../src/ui/components/HelpScreen.js';
import type { CommandEnv } from '../../src/ui/commands.js';
import {
  ACTIONS,
  actionFor,
  branchKeys,
  helpSections,
  hints,
  keyLabel,
  matches,
  parseBinding,
} from '../../src/ui/keys.js';
import { completions, parseInput, runSlash, slashHelp, splitArgs } from '../../src/ui/slash.js';

describe('key table', () => {
  test('bindings match what Ink reports', () => {
    expect(matches('chat.new', 'n', { ctrl: true })).toBe(true);
    expect(matches('chat.new', 'n', {})).toBe(false);
    expect(matches('focus.prev', '', { tab: true, shift: true })).toBe(true);
    expect(matches('focus.next', '', { tab: true, shift: true })).toBe(false);
    // Ctrl+J arrives as a bare line feed; Alt+Enter as return with meta.
    expect(matches('input.newline', '\n', {})).toBe(true);
    expect(matches('input.newline', '\r', { return: true, meta: true })).toBe(true);
    expect(matches('input.send', '\r', { return: true, meta: true })).toBe(false);
    // Ink flags Escape as meta too.
    expect(matches('stream.cancel', '', { escape: true, meta: true })).toBe(true);
    expect(matches('message.last', 'G', { shift: true })).toBe(true);
    expect(parseBinding('?')('?', {})).toBe(true);
  });

  test('single letters belong to the regions, not the input', () => {
    expect(actionFor('conversation', 'e', {})).toBe('message.edit');
    expect(actionFor('sidebar', 'm', {})).toBe('chat.move');
    expect(actionFor('input', 'e', {})).toBeUndefined();
    const inputCtrlKeys = Object.values(ACTIONS)
      .filter((a) => a.scope === 'input')
      .flatMap((a) => a.keys)
      .filter((k) => k.startsWith('ctrl+'));
    const globalKeys = Object.values(ACTIONS)
      .filter((a) => a.scope === 'global')
      .flatMap((a) => a.keys);
    for (const key of inputCtrlKeys) expect(globalKeys).not.toContain(key);
    for (const key of globalKeys.filter((k) => k.length === 1)) expect(key).toBe('?');
  });

  test('help and hints come from the table', () => {
    const sections = helpSections();
    expect(sections.map((s) => s.title)).toContain('Anywhere');
    const all = sections.flatMap((s) => s.rows.map((r) => r.description));
    expect(all).toHaveLength(Object.keys(ACTIONS).length);
    expect(hints(['chat.new', 'focus.prev'])).toEqual(['Ctrl+N new chat']);
    expect(keyLabel('shift+tab')).toBe('Shift+Tab');
    expect(keyLabel('pageup')).toBe('PgUp');
  });
});

describe('slash commands', () => {
  test('parse into messages, commands and unknown names', () => {
    expect(parseInput('hello')).toEqual({ kind: 'message', text: 'hello' });
    expect(parseInput('//etc/passwd is a path')).toEqual({
      kind: 'message',
      text: '/etc/passwd is a path',
    });
    expect(parseInput('/nope')).toEqual({ kind: 'unknown', name: 'nope' });
    const parsed = parseInput('/rename  My "big" chat');
    expect(parsed.kind === 'command' && parsed.command.name).toBe('rename');
    expect(parsed.kind === 'command' && parsed.args).toEqual(['My', 'big', 'chat']);
    const alias = parseInput('/mv Work');
    expect(alias.kind === 'command' && alias.command.name).toBe('move');
    expect(splitArgs(`rename "Old name" 'New one'`)).toEqual(['rename', 'Old name', 'New one']);
    // A lone slash is a command with no name: never sent to the model.
    expect(parseInput('/')).toEqual({ kind: 'unknown', name: '' });
  });

  test('free text after /system, /rename and /new reaches them as typed', async () => {
    const calls: unknown[][] = [];
    const record =
      (name: string) =>
      (...args: unknown[]) => {
        calls.push([name, ...args]);
        return Promise.resolve({ id: 'c2', title: String(args.at(-1)) });
      };
    const env = {
      chatId: 'c1',
      services: {
        renameChat: record('renameChat'),
        setChatSystemPrompt: record('setChatSystemPrompt'),
        newChat: record('newChat'),
      },
      ui: {},
    } as unknown as CommandEnv;
    for (const line of [
      '/rename My "big"   chat',
      '/system Reply in "JSON" only.   Keep  it short',
      "/new Don't  split",
    ]) {
      const parsed = parseInput(line);
      if (parsed.kind !== 'command') throw new Error('not a command');
      await runSlash(env, parsed);
    }
    expect(calls.map((call) => call.at(-1))).toEqual([
      'My "big"   chat',
      'Reply in "JSON" only.   Keep  it short',
      expect.objectContaining({ title: "Don't  split" }),
    ]);
  });

  test('completions and help list the commands', () => {
    expect(completions('/mo').map((c) => c.name)).toEqual(['move', 'model', 'endpoints']);
    expect(completions('/model x')).toEqual([]);
    expect(slashHelp().map((h) => h.usage)).toContain('/move [FOLDER | -] (/mv)');
  });

  test('run against the services they are given and report failures as one line', async () => {
    const calls: unknown[][] = [];
    const env = {
      chatId: 'c1',
      services: {
        renameChat: (...args: unknown[]) => {
          calls.push(['renameChat', ...args]);
          return Promise.resolve({ title: 'New title' });
        },
        moveChat: () => Promise.reject(new Error('no folder "X"\n(see: aichat folder list)')),
        newChat: () => Promise.resolve({ id: 'c2' }),
      },
      ui: {},
    } as unknown as CommandEnv;
    const run = (line: string) => {
      const parsed = parseInput(line);
      if (parsed.kind !== 'command') throw new Error('not a command');
      return runSlash(env, parsed);
    };
    expect(await run('/rename New title')).toEqual({
      kind: 'status',
      text: 'renamed to "New title"',
      tone: 'info',
    });
    expect(calls).toEqual([['renameChat', 'c1', 'New title']]);
    expect(await run('/move X')).toEqual({
      kind: 'status',
      text: 'no folder "X" (see: aichat folder list)',
      tone: 'error',
    });
    expect(await run('/new')).toEqual({ kind: 'open', chatId: 'c2', text: 'new chat' });
    expect(await run('/quit')).toEqual({ kind: 'quit' });
  });
});

test('deleting a folder asks in words that count its chats right', async () => {
  const asked: string[] = [];
  for (const chats of [0, 1, 3]) {
    const env = {
      services: { listFolders: () => Promise.resolve([{ id: 'f', name: 'Work', chats }]) },
      ui: {
        confirm: (_: string, message: string) => (asked.push(message), Promise.resolve(false)),
      },
    } as unknown as CommandEnv;
    await commands.deleteFolder(env, 'f');
  }
  expect(asked).toEqual([
    'Delete the folder "Work"? It holds no chats.',
    'Delete the folder "Work"? Its chat stays, in no folder.',
    'Delete the folder "Work"? Its 3 chats stay, in no folder.',
  ]);
});

test('the status line offers only the branch keys that work on the selected message', () => {
  expect(hints(branchKeys({ i: 1, n: 1 }))).toEqual([]);
  expect(hints(branchKeys({ i: 1, n: 2 }))).toEqual(['→ branch']);
  expect(hints(branchKeys({ i: 2, n: 2 }))).toEqual(['← branch']);
  expect(hints(branchKeys({ i: 2, n: 3 }))).toEqual(['← branch', '→ branch']);
});

test('/folder rm takes the rest of the line as the name, and names a folder that is not there without asking', async () => {
  const asked: string[] = [];
  const removed: string[] = [];
  const env = {
    services: {
      listFolders: () => Promise.resolve([{ id: 'f1', name: 'Ideas 💡', chats: 2 }]),
      removeFolder: (id: string) => (removed.push(id), Promise.resolve()),
    },
    ui: { confirm: (_: string, message: string) => (asked.push(message), Promise.resolve(true)) },
  } as unknown as CommandEnv;
  const run = (line: string) => {
    const parsed = parseInput(line);
    if (parsed.kind !== 'command') throw new Error('not a command');
    return runSlash(env, parsed);
  };
  expect(await run('/folder rm Ideas 💡')).toEqual({
    kind: 'status',
    text: 'folder "Ideas 💡" deleted',
    tone: 'info',
  });
  expect(asked).toEqual(['Delete the folder "Ideas 💡"? Its 2 chats stay, in no folder.']);
  expect(removed).toEqual(['f1']);
  expect(await run('/folder rm Nope')).toEqual({
    kind: 'status',
    text: 'no folder "Nope"',
    tone: 'error',
  });
  expect(asked).toHaveLength(1);
  // Without a name it makes no folder called "rm".
  expect(await run('/folder rm')).toEqual({
    kind: 'status',
    text: 'name the folder to delete: /folder rm NAME',
    tone: 'error',
  });
});

test('deleting a message stops the reply streaming under it, and waits for its end, once the user is sure', async () => {
  const calls: string[] = [];
  const env = (sure: boolean) =>
    ({
      chatId: 'c1',
      services: { deleteMessage: () => (calls.push('delete'), Promise.resolve()) },
      ui: { confirm: () => Promise.resolve(sure) },
      stopStreamUnder: async (chatId: string, messageId: string) => {
        calls.push(`stop ${chatId} under ${messageId}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
        calls.push('stopped');
      },
    }) as unknown as CommandEnv;
  await commands.deleteMessage(env(false), 'c1', 'm1');
  expect(calls).toEqual([]);
  await commands.deleteMessage(env(true), 'c1', 'm1');
  expect(calls).toEqual(['stop c1 under m1', 'stopped', 'delete']);
});

test('the help screen wraps descriptions to its width instead of cutting them', () => {
  for (const width of [40, 60, 100]) {
    const lines = helpLines(width);
    // Rows fit; a section's heading is cut where it is drawn.
    for (const line of lines.filter((l) => !l.heading))
      expect(displayWidth(line.text)).toBeLessThanOrEqual(width);
    const text = lines.map((l) => l.text);
    // Every description is there whole, whatever the width.
    const joined = text.map((l) => l.trim()).join(' ');
    expect(joined).toContain(
      'Regenerate the reply (a new branch); on a message left unanswered, answer it',
    );
  }
});
