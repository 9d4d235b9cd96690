import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { storedMessages } from '../helpers/stored-messages.js';
import {
  anotherAichat,
  appWithServer,
  KEYS,
  newestChat,
  renderApp,
  sendInNewChat,
  uiStore,
  type RenderedUi,
  type UiStore,
} from '../helpers/ui.js';

let store: UiStore | undefined;

afterEach(async () => {
  await store?.cleanup();
});

test('a chat added or renamed elsewhere shows up within about a second', async () => {
  store = await uiStore();
  const ui = await renderApp(store, {
    columns: 100,
    rows: 24,
  });
  await ui.waitFor('Welcome to aichat');
  const other = await anotherAichat(store);
  const added = await other.newChat({ title: 'Made from the CLI' });
  await ui.waitFor('Made from the CLI', 2500);
  await other.renameChat(added.id, 'Renamed from the CLI');
  const frame = await ui.waitFor('Renamed from the CLI', 2500);
  expect(frame).not.toContain('Made from the CLI');
  ui.unmount();
});

test('the open chat deleted elsewhere: another opens, and the status line says what happened', async () => {
  store = await uiStore();
  const made = await store.services.newChat({ title: 'Doomed chat', makeLast: true });
  const ui = await renderApp(store, { columns: 100, rows: 24 });
  await ui.waitFor((f) => f.includes('Doomed chat') && f.includes('Type a message below'));
  const other = await anotherAichat(store);
  await other.removeChat(made.id);
  const frame = await ui.waitFor('was deleted by another aichat', 2500);
  expect(frame).toContain('"Doomed chat" was deleted by another aichat');
  expect(frame).toContain('Welcome to aichat');
  ui.unmount();
});

test('the endpoints screen shows a model another aichat added', async () => {
  store = await uiStore({ endpointUrl: 'http://127.0.0.1:9/v1' });
  const ui = await renderApp(store, { columns: 100, rows: 24 });
  await ui.waitFor('Welcome to aichat');
  await ui.type('/endpoints');
  await ui.press(KEYS.enter);
  await ui.waitFor('test-model');
  const other = await anotherAichat(store);
  await other.addModel('spare-model', { endpoint: 'test', modelId: 'spare' });
  await ui.waitFor('spare-model', 2500);
  ui.unmount();
});

test('signed out elsewhere, the chats give way to signing in again, the name filled in and the draft kept', async () => {
  store = await uiStore();
  const ui = await renderApp(store, { columns: 100, rows: 24 });
  await ui.waitFor('Welcome to aichat');
  await ui.type('typed before the session ended');
  const other = await anotherAichat(store);
  await other.signOut();
  const frame = await ui.waitFor('Sign in to aichat', 2500);
  expect(frame).toContain('your session ended');
  expect(frame).toContain('User name       alice');
  // The cursor is on the password: typing it and Enter opens the chats again. (The first
  // key once the screen reads keys: one sent while it mounts would be lost.)
  for (let typed = false; !typed;) {
    await ui.type('c');
    typed = await ui.waitFor('Password        •', 300).then(
      () => true,
      () => false,
    );
  }
  await ui.type('orrect horse');
  await ui.press(KEYS.enter);
  const back = await ui.waitFor('Welcome to aichat');
  expect(back).not.toContain('Sign in');
  // What was typed is still there.
  expect(back).toContain('› typed before the session ended');
  ui.unmount();
});

test('an endpoint key that cannot be read is an error to fix, not a reason to sign in again', async () => {
  store = await uiStore({ endpointUrl: 'http://127.0.0.1:9/v1' });
  const dbFile = path.join(store.ctx.dataDir, 'db.json');
  const db = JSON.parse(await readFile(dbFile, 'utf8')) as {
    endpoints: { name: string; sealedKey?: { tag: string } }[];
  };
  const sealed = db.endpoints.find((e) => e.name === 'test')!.sealedKey!;
  sealed.tag = Buffer.alloc(16).toString('base64');
  await writeFile(dbFile, JSON.stringify(db));
  const ui = await renderApp(store, { columns: 100, rows: 24 });
  await ui.waitFor('Welcome to aichat');
  await sendInNewChat(ui, 'hello');
  const frame = await ui.waitFor('cannot be read');
  expect(frame).not.toContain('Sign in');
  ui.unmount();
});

/** The app with a reply streaming slowly into a new chat, while `elsewhere` runs. */
async function whileStreaming(elsewhere: (ui: RenderedUi, store: UiStore) => Promise<void>) {
  const { ui, store } = await appWithServer(
    { text: 'one two three four five six seven eight', chunks: 8, delayMs: 300 },
    { columns: 100, rows: 24 },
  );
  await sendInNewChat(ui, 'count');
  await ui.waitFor('one two');
  await elsewhere(ui, store);
  ui.unmount();
}

test('a reply streaming when the session ends is stopped and kept, not left running', () =>
  whileStreaming(async (ui, store) => {
    await (await anotherAichat(store)).signOut();
    await ui.waitFor('Sign in to aichat', 2500);
    const statuses = async () =>
      (await storedMessages(store.ctx.dataDir))
        .filter((n) => n.content.startsWith('one'))
        .map((n) => n.status);
    await expect.poll(statuses, { timeout: 2000 }).toEqual(['incomplete']);
  }));

test('the open chat deleted elsewhere while a reply streams into it: the reply stops, and the status line says why', () =>
  whileStreaming(async (ui, store) => {
    const other = await anotherAichat(store);
    await other.removeChat(newestChat(await other.listChats()).id);
    await ui.waitFor('was deleted by another aichat', 2500);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const frame = ui.frame();
    expect(frame).toContain('was deleted by another aichat');
    expect(frame).not.toContain('missing');
    expect(frame).not.toMatch(/streaming ~/);
  }));
