/**
 * The entry point. `aichat --version` is answered before the program and its commands
 * are loaded, so the most common scripted call costs little more than Node itself.
 */
import packageJson from '../package.json' with { type: 'json' };

export async function main(argv: string[] = process.argv): Promise<void> {
  const args = argv.slice(2);
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
    process.stdout.write(`${packageJson.version}\n`);
    return;
  }
  const [{ buildProgram }, { CommanderError }] = await Promise.all([
    import('./program.js'),
    import('commander'),
  ]);
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode;
      return;
    }
    throw err;
  }
}
