/** `aichat settings [get KEY | set KEY VALUE | unset KEY]`. */
import { Command } from 'commander';
import { getSetting, getSettings, setSetting, settingKeys } from '../services/settings.js';
import type { App } from './app.js';
import { run } from './app.js';
import { printJson, printLine, printTable } from './output.js';

export function settingsCommand(app: App): Command {
  const keys = Object.entries(settingKeys)
    .map(([name, key]) => `  ${name.padEnd(14)} ${key.describe}`)
    .join('\n');
  const settings = new Command('settings')
    .description('show or change your settings')
    .option('--json', 'print JSON')
    .addHelpText('after', `\nSettings:\n${keys}`)
    .action(
      run(async (opts: { json?: boolean }) => {
        const values = await getSettings(await app.context());
        if (opts.json) return printJson(values);
        printTable(
          ['SETTING', 'VALUE'],
          Object.entries(values).map(([k, v]) => [k, v ?? '(not set)']),
        );
      }),
    );

  settings
    .command('get')
    .description('print one setting')
    .argument('<key>', Object.keys(settingKeys).join(' | '))
    .action(
      run(async (key: string) => {
        const value = await getSetting(await app.context(), key);
        printLine(value === null ? '' : String(value));
      }),
    );

  settings
    .command('set')
    .description('change one setting')
    .argument('<key>', Object.keys(settingKeys).join(' | '))
    .argument('<value>', 'the new value (a model name for default-model and title-model)')
    .action(
      run(async (key: string, value: string) => {
        const stored = await setSetting(await app.context(), key, value);
        printLine(String(stored));
      }),
    );

  settings
    .command('unset')
    .description('clear one setting')
    .argument('<key>', Object.keys(settingKeys).join(' | '))
    .action(
      run(async (key: string) => {
        await setSetting(await app.context(), key, undefined);
      }),
    );

  return settings;
}
