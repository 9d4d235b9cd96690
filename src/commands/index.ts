/** The one list of command groups; adding a command means adding it here. */
import type { Command } from 'commander';
import type { App } from './app.js';
import { askCommand } from './ask.js';
import { chatCommand } from './chat.js';
import { doctorCommand } from './doctor.js';
import { endpointCommand } from './endpoint.js';
import { folderCommand } from './folder.js';
import { modelCommand } from './model.js';
import { settingsCommand } from './settings.js';
import { loginCommand, logoutCommand, userCommand, whoamiCommand } from './user.js';

export function registerCommands(program: Command, app: App): void {
  const groups = [
    askCommand,
    chatCommand,
    folderCommand,
    endpointCommand,
    modelCommand,
    settingsCommand,
    userCommand,
    loginCommand,
    logoutCommand,
    whoamiCommand,
    doctorCommand,
  ];
  for (const group of groups) program.addCommand(group(app));
}
