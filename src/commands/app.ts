/** What every command adapter shares: the service context and the one error handler. */
import type { Command } from 'commander';
import { openContext, type ServiceContext } from '../services/context.js';
import { handleError, note } from './output.js';

export interface GlobalOptions {
  dataDir?: string;
  debug?: boolean;
}

export interface App {
  /** Opens the store named by the global options (once per process). */
  context(): Promise<ServiceContext>;
}

export function createApp(program: Command): App {
  let opened: Promise<ServiceContext> | undefined;
  return {
    context() {
      const options = program.opts<GlobalOptions>();
      opened ??= openContext({
        ...(options.dataDir !== undefined ? { dataDir: options.dataDir } : {}),
        onLockWait: (file) => note(`waiting for ${file}: another aichat process is writing it…`),
      });
      return opened;
    },
  };
}

/**
 * Wraps a command's action so that any failure is printed as one line with the right
 * exit status. Commander passes the positional arguments, the options and the command.
 */
export function run<A extends unknown[]>(action: (...args: A) => Promise<void>) {
  return async (...args: A): Promise<void> => {
    try {
      await action(...args);
    } catch (err) {
      const command = args[args.length - 1] as Command;
      handleError(err, Boolean(command.optsWithGlobals<GlobalOptions>().debug));
    }
  };
}
