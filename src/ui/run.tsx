/**
 * Starts the full-screen TUI. Ink 6 has no alternate-screen option, so it is switched by
 * hand, with bracketed paste (see paste.ts), and both switched back on every way out:
 * quit, a signal, an uncaught error.
 */
import { render } from 'ink';
import { oneLine, signalExitCode, STOP_SIGNALS, type StopSignal } from '../core/errors.js';
import type { ServiceContext } from '../services/context.js';
import { App } from './App.js';
import type { StreamControls } from './contexts.js';
import { DISABLE_BRACKETED_PASTE, ENABLE_BRACKETED_PASTE } from './paste.js';
import { bindServices } from './services.js';
import { readStart } from './start.js';

const ENTER_ALT_SCREEN = '\u001b[?1049h';
const LEAVE_ALT_SCREEN = '\u001b[?1049l';
const SHOW_CURSOR = '\u001b[?25h';
/** How long a signal or a crash waits for what is streaming or typed to be saved. */
const SAVE_ON_EXIT_MS = 3_000;

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
    stdout.write(DISABLE_BRACKETED_PASTE + SHOW_CURSOR + LEAVE_ALT_SCREEN);
  };
  let streams: StreamControls | undefined;
  let stopping = false;
  /**
   * Ends the process with `code` (and `last` on stderr) once the app has closed as on
   * quitting: a reply streaming stopped and its text saved, the screen unmounted (which
   * keeps what was typed), those writes done. Not for long, and not at a second call: a
   * lock held elsewhere, a slow disk or a broken screen must not hold up a kill.
   */
  const closeThenExit = (code: number, last?: string) => {
    const exit = () => {
      restore();
      if (last) process.stderr.write(`${last}\n`);
      process.exit(code);
    };
    if (stopping) exit();
    stopping = true;
    setTimeout(exit, SAVE_ON_EXIT_MS);
    void (streams?.busy() ? streams.stop() : Promise.resolve())
      .then(() => {
        instance.unmount();
        restore();
        return services.settled();
      })
      .finally(exit);
  };
  const onSignal = (signal: StopSignal) => closeThenExit(signalExitCode(signal));
  const onCrash = (err: unknown) =>
    closeThenExit(
      1,
      `aichat: ${options.debug && err instanceof Error ? (err.stack ?? err.message) : oneLine(err)}`,
    );

  stdout.write(ENTER_ALT_SCREEN + ENABLE_BRACKETED_PASTE);
  const instance = render(
    <App
      services={services}
      start={start}
      onQuit={() => instance.unmount()}
      onStreamControls={(controls) => (streams = controls)}
    />,
    {
      exitOnCtrlC: false,
      patchConsole: false,
      maxFps: 30,
    },
  );
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  try {
    await instance.waitUntilExit();
  } finally {
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
    restore();
  }
}
