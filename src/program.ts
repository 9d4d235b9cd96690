/** The Commander program. With no subcommand it starts the full-screen TUI. */
import { Command, type CommanderError } from 'commander';
import packageJson from '../package.json' with { type: 'json' };
import { createApp, run, type GlobalOptions } from './commands/app.js';
import { oneLine, usageError } from './core/errors.js';
import { handleError } from './commands/output.js';
import { registerCommands } from './commands/index.js';

export function buildProgram(argv: readonly string[]): Command {
  const program = new Command('aichat')
    .description('A terminal AI chat client: branching chats, folders, streaming replies')
    .version(packageJson.version, '-V, --version')
    .option(
      '--data-dir <dir>',
      'where the store lives (default: $AICHAT_HOME or ~/.local/share/aichat)',
    )
    .option('--debug', 'print stack traces with errors');
  const app = createApp(program);
  registerCommands(program, app, argv);
  // Commander's own usage errors (unknown option, missing argument) are one line and exit
  // 2, as ours are: it prints nothing itself, the error comes back here to be printed.
  forEachCommand(program, (command) =>
    command.configureOutput({ outputError: () => undefined }).exitOverride((err) => {
      if (err.exitCode === 0) throw err;
      // A group run without a subcommand has shown its help already (on stderr).
      if (err.code !== 'commander.help') handleError(commanderUsageError(err, command), false);
      throw Object.assign(err, { exitCode: 2 });
    }),
  );
  // With no subcommand aichat opens the TUI; `help [COMMAND...]` is help, as in git and npm;
  // any other word is a mistyped command.
  program
    .usage('[options] [command]')
    .argument('[command...]')
    .action(
      run(async (words: string[]) => {
        const [word] = words;
        if (word === 'help') return commandNamed(program, words.slice(1)).outputHelp();
        if (word !== undefined) throw usageError(`unknown command '${word}' (see aichat --help)`);
        if (!process.stdin.isTTY || !process.stdout.isTTY) {
          throw usageError(
            'the chat screen needs a terminal: run aichat in one, or use a command such as aichat ask (see aichat --help)',
          );
        }
        const { runTui } = await (await import('./ui/load.js')).loadTui();
        await runTui({
          context: () => app.context(),
          debug: Boolean(program.opts<GlobalOptions>().debug),
        });
      }),
    );
  return program;
}

/**
 * Commander's message as one of ours: `error: unknown option '--x'` and its suggestion on
 * a second line become `unknown option '--x'; did you mean --y? (see aichat ask --help)`.
 */
function commanderUsageError(err: CommanderError, command: Command) {
  const message = err.message
    .replace(/^error: /, '')
    .replace(/\s*\(Did you mean (.+)\?\)/, '; did you mean $1?')
    .replace(/\.$/, '');
  return usageError(`${oneLine(message)} (see ${commandPath(command)} --help)`);
}

/** The command `names` lead to from `program`, for `aichat help chat list`. */
function commandNamed(program: Command, names: string[]): Command {
  let command = program;
  for (const name of names) {
    const sub = command.commands.find((c) => c.name() === name);
    if (!sub) throw usageError(`unknown command '${name}' (see ${commandPath(command)} --help)`);
    command = sub;
  }
  return command;
}

/** `aichat chat list` for the `list` command of `chat`. */
function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

function forEachCommand(command: Command, visit: (command: Command) => void) {
  visit(command);
  for (const sub of command.commands) forEachCommand(sub, visit);
}
