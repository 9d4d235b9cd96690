import { afterEach, expect, test } from 'vitest';
import { startProviderServer, type ProviderServer } from '../helpers/provider-server.js';
import { KEYS, renderApp, uiStore, type UiStore } from '../helpers/ui.js';

let store: UiStore | undefined;
let server: ProviderServer | undefined;
afterEach(async () => {
  await server?.close();
  await store?.cleanup();
});

test('opens the last chat, starts a new one and streams a reply into it', async () => {
  server = await startProviderServer({
    apiKey: 'sk-test',
    script: { text: 'Hello **there**, friend.', chunks: 4 },
  });
  store = await uiStore({ endpointUrl: server.openaiUrl });
  const ui = await renderApp(store, {
    columns: 100,
    rows: 30,
  });
  await ui.waitFor('Welcome to aichat');
  await ui.press(KEYS.ctrl('n'));
  await ui.waitFor('Type a message below');
  await ui.type('hi there');
  await ui.press(KEYS.enter);
  await ui.waitFor('Hello there, friend.');
  const frame = await ui.waitFor((f) => !f.includes('streaming'));
  expect(frame).toContain('Assistant · test-model · 4 tok');
  expect(frame).toContain('test-model @ test');
  // The question went to the server with the chat's model.
  expect(server.requests.find((r) => r.body?.model === 'gpt-test')).toBeDefined();
  ui.unmount();
});
