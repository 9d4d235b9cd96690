import { afterEach, expect, test } from 'vitest';
import { openContext } from '../../src/services/context.js';
import { bindServices } from '../../src/ui/services.js';
import { startProviderServer, type ProviderServer } from '../helpers/provider-server.js';
import {
  KEYS,
  newestChat,
  renderApp,
  sendInNewChat,
  uiStore,
  type UiStore,
} from '../helpers/ui.js';

let store: UiStore | undefined;
let server: ProviderServer | undefined;
afterEach(async () => {
  await server?.close();
  await store?.cleanup();
});

const SLOW = { chunks: 12, delayMs: 250 };

async function chatWithOneReply() {
  server = await startProviderServer({
    apiKey: 'sk-test',
    script: { text: 'First answer.', chunks: 1 },
  });
  store = await uiStore({ endpointUrl: server.openaiUrl });
  const ui = await renderApp(store, { columns: 100, rows: 30 });
  await ui.waitFor('Welcome to aichat');
  await sendInNewChat(ui, 'question');
  await ui.waitFor((f) => f.includes('First answer.') && !f.includes('streaming'));
  return ui;
}

test('a reply streaming on another branch is not drawn on the branch being looked at', async () => {
  const ui = await chatWithOneReply();
  server!.script({ text: 'second one streaming slowly here', ...SLOW });
  await ui.press(KEYS.shiftTab, 'r');
  await ui.waitFor((f) => f.includes('second one') && f.includes('< 2/2 >'));
  // Back to the first reply while the second still streams.
  await ui.press(KEYS.left);
  const frame = await ui.waitFor((f) => f.includes('< 1/2 >') && f.includes('First answer.'));
  expect(frame).not.toContain('second one');
  expect(frame).not.toContain('streaming…');
  // And forth: it is there again, in its place.
  await ui.press(KEYS.right);
  expect(await ui.waitFor('< 2/2 >')).toContain('second one');
  ui.unmount();
});

test('a message another aichat adds under the streaming reply is drawn after it', async () => {
  const ui = await chatWithOneReply();
  server!.script({ text: 'slow reply being written', ...SLOW });
  await ui.type('more please');
  await ui.press(KEYS.enter);
  await ui.waitFor('slow reply');
  // `aichat ask --continue` from a shell: it answers the active path's last message, the
  // reply still streaming here.
  const other = bindServices(
    await openContext({ dataDir: store!.ctx.dataDir, env: store!.ctx.env }),
  );
  const newest = newestChat(await other.listChats());
  const controller = new AbortController();
  const asked = other.sendUserMessage(newest.id, 'quick cli question', {
    signal: controller.signal,
  });
  const frame = await ui.waitFor('quick cli question', 3000);
  expect(frame.indexOf('slow reply')).toBeLessThan(frame.indexOf('quick cli question'));
  expect(frame.indexOf('more please')).toBeLessThan(frame.indexOf('slow reply'));
  controller.abort();
  await asked;
  ui.unmount();
});

test('deleting a message on another branch leaves the reply streaming on this one', async () => {
  const ui = await chatWithOneReply();
  server!.script({ text: 'second one streaming slowly here', ...SLOW });
  await ui.press(KEYS.shiftTab, 'r');
  await ui.waitFor((f) => f.includes('second one') && f.includes('< 2/2 >'));
  await ui.press(KEYS.left);
  await ui.waitFor((f) => f.includes('< 1/2 >') && f.includes('First answer.'));
  await ui.press('d');
  await ui.waitFor('Delete this message');
  await ui.press('y');
  await ui.waitFor('message deleted');
  // The other reply streams on to its end.
  const frame = await ui.waitFor('Assistant · test-model · 12 tok', 6000);
  expect(frame).toContain('slowly here');
  expect(frame).not.toContain('stopped');
  expect(frame).not.toContain('First answer.');
  ui.unmount();
});
