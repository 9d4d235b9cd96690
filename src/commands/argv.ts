/** The subcommand in the arguments after `node aichat`, if any. */
export function commandOf(args: readonly string[]): string | undefined {
  let i = 0;
  // Global options come first; --data-dir is the one that takes a value.
  while (i < args.length && args[i]!.startsWith('-')) i += args[i] === '--data-dir' ? 2 : 1;
  return args[i];
}
