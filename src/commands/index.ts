/** The one list of command groups; adding a command means adding it here. */
import type { Command } from 'commander';
import type { App } from './app.js';
import { commandOf } from './argv.js';
import { askCommand } from './ask.js';
import { chatCommand } from './chat.js';
import { doctorCommand } from './doctor.js';
import { endpointCommand } from './endpoint.js';
import { folderCommand } from './folder.js';
import { modelCommand } from './model.js';
import { settingsCommand } from './settings.js';
import { loginCommand, logoutCommand, userCommand, whoamiCommand } from './user.js';

const GROUPS: Record<string, (app: App) => Command> = {
  ask: askCommand,
  chat: chatCommand,
  folder: folderCommand,
  endpoint: endpointCommand,
  model: modelCommand,
  settings: settingsCommand,
  user: userCommand,
  login: loginCommand,
  logout: logoutCommand,
  whoami: whoamiCommand,
  doctor: doctorCommand,
};

/**
 * Adds the command groups: only the one `argv` names, when it names one (building all
 * ~40 commands is ~4 ms of every start), else all, for help and for an unknown command.
 */
export function registerCommands(program: Command, app: App, argv: readonly string[]): void {
  const named = commandOf(argv.slice(2));
  const group = named !== undefined && Object.hasOwn(GROUPS, named) ? GROUPS[named] : undefined;
  for (const build of group ? [group] : Object.values(GROUPS)) program.addCommand(build(app));
}
