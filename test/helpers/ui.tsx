/**
 * The one way UI tests render: Ink with a fake terminal of a given size (ink-testing-library's
 * stdout has no `rows`), key constants, and `waitFor` for screens that settle after I/O.
 */
import { EventEmitter } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { render, type Instance } from 'ink';
import type { ReactElement } from 'react';
import { onTestFinished } from 'vitest';
import { openContext, type ServiceContext } from '../../src/services/context.js';
import { startProviderServer, type ReplyScript } from './provider-server.js';
import { App } from '../../src/ui/App.js';
import { setColorLevel } from '../../src/ui/render/styled.js';
import { bindServices, type Services } from '../../src/ui/services.js';
import { readStart } from '../../src/ui/start.js';

// Plain frames: tests look at text, not colours.
setColorLevel(0);

class FakeStdout extends EventEmitter {
  readonly isTTY = true;
  readonly frames: string[] = [];
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
  }
  write = (data: string) => {
    this.frames.push(data);
    return true;
  };
}

class FakeStdin extends EventEmitter {
  readonly isTTY = true;
  private queue: string[] = [];
  write = (data: string) => {
    this.queue.push(data);
    this.emit('readable');
  };
  read = () => this.queue.shift() ?? null;
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

/** What the terminal sends for each key. */
export const KEYS = {
  enter: '\r',
  escape: '\u001b',
  tab: '\t',
  shiftTab: '\u001b[Z',
  up: '\u001b[A',
  down: '\u001b[B',
  right: '\u001b[C',
  left: '\u001b[D',
  pageUp: '\u001b[5~',
  pageDown: '\u001b[6~',
  home: '\u001b[H',
  end: '\u001b[F',
  backspace: '\u007f',
  /** Ctrl+J: a new line in the input box. */
  newline: '\n',
  ctrl: (letter: string) => String.fromCharCode(letter.toLowerCase().charCodeAt(0) - 96),
} as const;

export interface RenderedUi {
  /** The last frame Ink drew. */
  frame: () => string;
  frames: string[];
  /** Sends raw input; each call is one read, like one key press or one paste. */
  press: (...inputs: string[]) => Promise<void>;
  /** Sends several reads with no pause between them: keys faster than React re-renders. */
  pressFast: (...inputs: string[]) => Promise<void>;
  /** Types text one character at a time. */
  type: (text: string) => Promise<void>;
  resize: (columns: number, rows: number) => void;
  rerender: (node: ReactElement) => void;
  waitFor: (check: string | ((frame: string) => boolean), timeoutMs?: number) => Promise<string>;
  unmount: () => void;
  instance: Instance;
  stdout: FakeStdout;
}

// Long enough for React to commit and Ink to re-subscribe its input handlers.
const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

export function renderUi(
  node: ReactElement,
  size: { columns?: number; rows?: number; debug?: boolean } = {},
): RenderedUi {
  const stdout = new FakeStdout(size.columns ?? 100, size.rows ?? 30);
  const stdin = new FakeStdin();
  const instance = render(node, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: new FakeStdout(100, 30) as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    // Debug mode writes each frame whole, so the last write is the screen; without it Ink
    // writes as in a terminal (for tests of what reaches the terminal).
    debug: size.debug ?? true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  const frame = () => stdout.frames.at(-1) ?? '';
  const waitFor = async (check: string | ((frame: string) => boolean), timeoutMs = 4000) => {
    const ok = typeof check === 'string' ? (f: string) => f.includes(check) : check;
    const deadline = Date.now() + timeoutMs;
    while (!ok(frame())) {
      if (Date.now() > deadline) {
        throw new Error(
          `waitFor timed out after ${timeoutMs} ms waiting for ${String(check)}; screen:\n${frame()}`,
        );
      }
      await tick();
    }
    return frame();
  };
  return {
    frame,
    frames: stdout.frames,
    press: async (...inputs) => {
      for (const input of inputs) {
        stdin.write(input);
        await tick();
      }
    },
    pressFast: async (...inputs) => {
      for (const input of inputs) stdin.write(input);
      await tick();
    },
    type: async (text) => {
      for (const ch of text) {
        stdin.write(ch);
        await tick();
      }
    },
    resize: (columns, rows) => {
      stdout.columns = columns;
      stdout.rows = rows;
      stdout.emit('resize');
    },
    waitFor,
    rerender: (next) => instance.rerender(next),
    unmount: () => instance.unmount(),
    instance,
    stdout,
  };
}

/** A temporary store with a signed-in first user, for rendering the whole app. */
/** The whole app on a store, started as `aichat` starts it. */
export async function renderApp(
  store: UiStore,
  size: Parameters<typeof renderUi>[1],
): Promise<RenderedUi> {
  const start = await readStart(store.services);
  return renderUi(<App services={store.services} start={start} onQuit={() => undefined} />, size);
}

export interface UiStore {
  ctx: ServiceContext;
  services: Services;
  cleanup: () => Promise<void>;
}

export async function uiStore(
  options: { user?: boolean; endpointUrl?: string } = {},
): Promise<UiStore> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'aichat-ui-'));
  const env: NodeJS.ProcessEnv = { HOME: home, XDG_CONFIG_HOME: path.join(home, '.config') };
  const ctx = await openContext({ dataDir: path.join(home, 'data'), env });
  const services = bindServices(ctx);
  if (options.user !== false) await services.addUser({ name: 'alice', password: 'correct horse' });
  if (options.endpointUrl !== undefined) {
    await services.addEndpoint({
      name: 'test',
      provider: 'openai',
      url: options.endpointUrl,
      key: { key: 'sk-test' },
    });
    await services.addModel('test-model', { endpoint: 'test', modelId: 'gpt-test' });
    await services.setSetting('default-model', 'test-model');
    await services.setSetting('title-model', 'test-model');
  }
  // A title request may still be finishing when a test ends: rm retries a directory that
  // fills again while it is being emptied.
  const cleanup = () => rm(home, { recursive: true, force: true, maxRetries: 5 });
  return { ctx, services, cleanup };
}

/** In the app on screen: a new chat (Ctrl+N), and `text` sent in it. */
export async function sendInNewChat(ui: RenderedUi, text: string): Promise<void> {
  await ui.press(KEYS.ctrl('n'));
  await ui.waitFor('Type a message below');
  await ui.type(text);
  await ui.press(KEYS.enter);
}

/** The chat made last. */
export const newestChat = <C extends { createdAt: number }>(chats: C[]): C =>
  chats.reduce((a, b) => (b.createdAt > a.createdAt ? b : a));

/**
 * The whole app on a fresh store whose model a test server answers with `script`, on its
 * first screen; the server and the store go when the test ends.
 */
export async function appWithServer(script: ReplyScript, size = { columns: 100, rows: 30 }) {
  const server = await startProviderServer({ apiKey: 'sk-test', script });
  const store = await uiStore({ endpointUrl: server.openaiUrl });
  onTestFinished(async () => {
    await server.close();
    await store.cleanup();
  });
  const ui = await renderApp(store, size);
  await ui.waitFor('Welcome to aichat');
  return { ui, server, store };
}

/**
 * The whole app on a fresh store, on its settings screen once that takes keys (its values
 * read); the store goes when the test ends.
 */
export async function settingsScreen() {
  const store = await uiStore();
  onTestFinished(() => store.cleanup());
  const ui = await renderApp(store, { columns: 100, rows: 30 });
  await ui.waitFor('Welcome to aichat');
  await ui.press(KEYS.tab, 'S');
  await ui.waitFor((f) => /default-model {4,}llama3\.2/.test(f));
  return { ui, store, names: Object.keys(store.services.settingKeys) };
}

/** Another aichat process, as far as the store can tell: its own context on the same files. */
export const anotherAichat = async (store: UiStore) =>
  bindServices(await openContext({ dataDir: store.ctx.dataDir, env: store.ctx.env }));
