/**
 * Slash commands typed in the input box, as data: a name, what it takes, what it does. Each
 * `run` calls the same command functions as the keys, and returns an `Effect`; parsing and
 * running need no rendering, so they are tested as plain functions.
 */
import * as commands from './commands.js';
import type { CommandEnv, Effect } from './commands.js';

export interface SlashCommand {
  name: string;
  aliases?: readonly string[];
  /** Usage of the arguments, e.g. `[TITLE]`; empty when it takes none. */
  args: string;
  description: string;
  /** `args` split on spaces (quotes kept together); `text` is all of them as typed. */
  run(env: CommandEnv, args: string[], text: string): Promise<Effect> | Effect;
}

/** The text after the command as typed, quotes and spacing kept: titles and prompts. */
const whole = (text: string): string | undefined => text || undefined;
const rest = (args: string[]): string | undefined => (args.length ? args.join(' ') : undefined);

export const SLASH_COMMANDS: readonly SlashCommand[] = [
  {
    name: 'new',
    args: '[TITLE]',
    description: 'Start a new chat',
    run: (env, _, text) => commands.newChat(env, whole(text)),
  },
  {
    name: 'rename',
    args: '[TITLE]',
    description: 'Rename this chat',
    run: (env, _, text) => commands.renameChat(env, env.chatId, whole(text)),
  },
  {
    name: 'title',
    args: '',
    description: 'Regenerate the title with the title model',
    run: (env) => commands.regenerateTitle(env, env.chatId),
  },
  {
    name: 'delete',
    aliases: ['rm'],
    args: '',
    description: 'Delete this chat (asks first)',
    run: (env) => commands.deleteChat(env, env.chatId),
  },
  {
    name: 'move',
    aliases: ['mv'],
    args: '[FOLDER | -]',
    description: 'Move this chat to a folder (- for none)',
    run: (env, a) => commands.moveChat(env, env.chatId, rest(a)),
  },
  {
    name: 'folder',
    args: '[NAME] | rename NAME NEW | rm NAME',
    description: 'Add, rename or delete a folder',
    run: (env, a) => {
      const [sub, name, ...more] = a;
      if (sub === 'rename' && name) return commands.renameFolder(env, name, rest(more));
      if (sub === 'rm' || sub === 'delete') {
        return name
          ? commands.deleteFolder(env, [name, ...more].join(' '))
          : commands.failure(`name the folder to delete: /folder ${sub} NAME`);
      }
      return commands.newFolder(env, rest(a));
    },
  },
  {
    name: 'model',
    args: '[NAME]',
    description: "Change this chat's model",
    run: (env, a) => commands.setModel(env, env.chatId, rest(a)),
  },
  {
    name: 'system',
    args: '[PROMPT | -]',
    description: "Set this chat's system prompt (- clears it)",
    run: (env, _, text) => commands.setSystemPrompt(env, env.chatId, whole(text)),
  },
  {
    name: 'regen',
    aliases: ['retry'],
    args: '',
    description: 'Regenerate the last reply',
    run: () => ({ kind: 'regenerate' }),
  },
  {
    name: 'tree',
    args: '',
    description: 'Show every branch of this chat',
    run: () => ({ kind: 'view', view: 'tree' }),
  },
  {
    name: 'raw',
    args: '',
    description: 'Toggle Markdown / raw text',
    run: () => ({ kind: 'toggleRaw' }),
  },
  {
    name: 'settings',
    args: '',
    description: 'Settings screen',
    run: () => ({ kind: 'view', view: 'settings' }),
  },
  {
    name: 'endpoints',
    aliases: ['models'],
    args: '',
    description: 'Endpoints and models screen',
    run: () => ({ kind: 'view', view: 'endpoints' }),
  },
  {
    name: 'help',
    aliases: ['keys', '?'],
    args: '',
    description: 'Every key and slash command',
    run: () => ({ kind: 'view', view: 'help' }),
  },
  {
    name: 'quit',
    aliases: ['exit', 'q'],
    args: '',
    description: 'Quit aichat',
    run: () => ({ kind: 'quit' }),
  },
];

/** Splits arguments on spaces, keeping "quoted text" together. */
export function splitArgs(text: string): string[] {
  const args: string[] = [];
  for (const m of text.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)) {
    args.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? m[3] ?? ''));
  }
  return args;
}

export type ParsedInput =
  | { kind: 'message'; text: string }
  | { kind: 'command'; command: SlashCommand; args: string[]; text: string }
  | { kind: 'unknown'; name: string };

/**
 * What a submitted input is: a message, a command, or an unknown command. `//text` sends
 * `/text` as a message.
 */
export function parseInput(
  text: string,
  table: readonly SlashCommand[] = SLASH_COMMANDS,
): ParsedInput {
  if (text.startsWith('//')) return { kind: 'message', text: text.slice(1) };
  // A lone `/` is a command with no name, not a message.
  if (text.trim() === '/') return { kind: 'unknown', name: '' };
  const m = /^\/(\S+)\s*([\s\S]*)$/.exec(text.trim());
  if (!text.startsWith('/') || !m) return { kind: 'message', text };
  const name = (m[1] ?? '').toLowerCase();
  const command = findCommand(name, table);
  return command
    ? { kind: 'command', command, args: splitArgs(m[2] ?? ''), text: m[2] ?? '' }
    : { kind: 'unknown', name };
}

export function findCommand(
  name: string,
  table: readonly SlashCommand[] = SLASH_COMMANDS,
): SlashCommand | undefined {
  return table.find((c) => c.name === name || c.aliases?.includes(name));
}

/** Commands whose name starts with what is typed after `/`, for the hint line. */
export function completions(
  text: string,
  table: readonly SlashCommand[] = SLASH_COMMANDS,
): SlashCommand[] {
  const m = /^\/(\S*)$/.exec(text);
  if (!m) return [];
  const prefix = (m[1] ?? '').toLowerCase();
  return table.filter(
    (c) => c.name.startsWith(prefix) || c.aliases?.some((a) => a.startsWith(prefix)),
  );
}

/** One line per command, for `/help` and the help screen. */
export function slashHelp(
  table: readonly SlashCommand[] = SLASH_COMMANDS,
): { usage: string; description: string }[] {
  return table.map((c) => ({
    usage:
      [`/${c.name}`, c.args].filter(Boolean).join(' ') +
      (c.aliases?.length ? ` (${c.aliases.map((a) => `/${a}`).join(' ')})` : ''),
    description: c.description,
  }));
}

/** Runs a parsed command; a failure becomes a one-line status. */
export function runSlash(
  env: CommandEnv,
  parsed: Extract<ParsedInput, { kind: 'command' }>,
): Promise<Effect> {
  return commands.attempt(async () => parsed.command.run(env, parsed.args, parsed.text));
}
