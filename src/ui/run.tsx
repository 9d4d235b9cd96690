/**
 * Starts the full-screen TUI. Ink 6 has no alternate-screen option, so it is switched by
 * hand, and switched back on every way out: quit, a signal, an uncaught error.
 */
import { render } from 'ink';
import { oneLine, signalExitCode, STOP_SIGNALS, type StopSignal } from '../core/errors.js';
import type { ServiceContext } from '../services/context.js';
import { App } from './App.js';
import type { StreamControls } from './contexts.js';
import { bindServices } from './services.js';
import { readStart } from './start.js';

const ENTER_ALT_SCREEN = '\u001b[?1049h';
const LEAVE_ALT_SCREEN = '\u001b[?1049l';
const SHOW_CURSOR = '\u001b[?25h';
/** How long a signal waits for a streaming reply to be saved. */
const SAVE_ON_SIGNAL_MS = 3_000;

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
  let streams: StreamControls | undefined;
  let stopping = false;
  const onSignal = (signal: StopSignal) => {
    const exit = () => {
      instance.unmount();
      restore();
      process.exit(signalExitCode(signal));
    };
    // As on quitting, a reply streaming is stopped and its text saved first. Not for long,
    // and not at a second signal: a lock held elsewhere or a slow disk must not hold it up.
    if (stopping || !streams?.busy()) return exit();
    stopping = true;
    setTimeout(exit, SAVE_ON_SIGNAL_MS);
    void streams.stop().then(exit, exit);
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
