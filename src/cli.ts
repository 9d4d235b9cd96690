/** The program's entry point, in both builds (see launch.ts). */
export async function main(argv: string[] = process.argv): Promise<void> {
  const [{ buildProgram }, { CommanderError }] = await Promise.all([
    import('./program.js'),
    import('commander'),
  ]);
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
