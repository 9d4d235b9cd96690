/**
 * Starts the full-screen TUI. Ink 6 has no alternate-screen option, so it is switched by
 * hand, and switched back on every way out: quit, a signal, an uncaught error.
 */
import { render } from 'ink';
import { oneLine } from '../core/errors.js';
import type { ServiceContext } from '../services/context.js';
import { App } from './App.js';
import { bindServices } from './services.js';
import { readStart } from './start.js';

const ENTER_ALT_SCREEN = '\u001b[?1049h';
const LEAVE_ALT_SCREEN = '\u001b[?1049l';
const SHOW_CURSOR = '\u001b[?25h';

export interface RunTuiOptions {
  context: () => Promise<ServiceContext>;
  debug: boolean;
}

export async function runTui(options: RunTuiOptions): Promise<void> {
  const ctx = await options.context();
  const services = bindServices(ctx);
  const start = await readStart(services);
  const stdout = process.stdout;

  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    stdout.write(SHOW_CURSOR + LEAVE_ALT_SCREEN);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    instance.unmount();
    restore();
    // The conventional status for death by a signal: 128 + its number.
    process.exit(128 + ({ SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as Record<string, number>)[signal]!);
  };
  const onCrash = (err: unknown) => {
    instance.unmount();
    restore();
    process.stderr.write(
      `aichat: ${options.debug && err instanceof Error ? (err.stack ?? err.message) : oneLine(err)}\n`,
    );
    process.exit(1);
  };

  stdout.write(ENTER_ALT_SCREEN);
  const instance = render(
    <App services={services} start={start} onQuit={() => instance.unmount()} />,
    {
      exitOnCtrlC: false,
      patchConsole: false,
      maxFps: 30,
    },
  );
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) process.on(signal, onSignal);
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  try {
    await instance.waitUntilExit();
  } finally {
    for (const signal of signals) process.off(signal, onSignal);
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
    restore();
  }
}
