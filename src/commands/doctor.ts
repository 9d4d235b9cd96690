/** `aichat doctor [--restore]`: check the store and the config; repair from backups. */
import { Command } from 'commander';
import { runDoctor } from '../services/doctor.js';
import type { App, GlobalOptions } from './app.js';
import { run } from './app.js';
import { note, printJson, printLine } from './output.js';

// Why no app.context(): opening the context reads the config and creates the data dir,
// and doctor must work exactly when the config or the store is broken.
export function doctorCommand(_app: App): Command {
  return new Command('doctor')
    .description('check the store and the config; one line per problem with what to do')
    .option('--restore', 'put back last-good backups of broken files, clear debris of killed runs')
    .option('--json', 'print JSON')
    .action(
      run(async (opts: { restore?: boolean; json?: boolean }, command: Command) => {
        const { dataDir } = command.optsWithGlobals<GlobalOptions>();
        const report = await runDoctor({
          ...(dataDir !== undefined ? { dataDir } : {}),
          ...(opts.restore ? { restore: true } : {}),
        });
        if (opts.json) printJson(report);
        else {
          for (const line of report.repairs) note(line);
          for (const line of report.problems) printLine(line);
          if (report.problems.length === 0) {
            printLine(
              `no problems found in ${report.dataDir} (${report.checkedFiles} store files)`,
            );
          }
        }
        if (report.problems.length > 0) process.exitCode = 1;
      }),
    );
}
