/** The program's entry point, in both builds (see launch.ts). */
import { CommanderError } from 'commander';
import { buildProgram } from './program.js';

export async function main(argv: string[] = process.argv): Promise<void> {
  try {
    await buildProgram(argv).parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode;
      return;
    }
    throw err;
  }
}
