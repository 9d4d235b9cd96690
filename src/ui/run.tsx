// Placeholder until the TUI lands (helper-3 replaces this file).
import type { ServiceContext } from '../services/context.js';

export function runTui(_options: {
  context: () => Promise<ServiceContext>;
  debug: boolean;
}): Promise<void> {
  process.stderr.write('aichat: the full-screen app is not built yet; see aichat --help\n');
  process.exitCode = 1;
  return Promise.resolve();
}
