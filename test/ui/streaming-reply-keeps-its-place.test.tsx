import { expect, test } from 'vitest';
import type { ProviderServer } from '../helpers/provider-server.js';
import {
  anotherAichat,
  appWithServer,
  KEYS,
  newestChat,
  sendInNewChat,
  type RenderedUi,
} from '../helpers/ui.js';

const SLOW = { chunks: 12, delayMs: 250 };

async function chatWithOneReply() {
  const app = await appWithServer({ text: 'First answer.', chunks: 1 });
  await sendInNewChat(app.ui, 'question');
  await app.ui.waitFor((f) => f.includes('First answer.') && !f.includes('streaming'));
  return app;
}

/** A second reply regenerated to stream slowly (2/2), then the first one (1/2) shown. */
async function backToTheFirstWhileTheSecondStreams(ui: RenderedUi, server: ProviderServer) {
  server.script({ text: 'second one streaming slowly here', ...SLOW });
  await ui.press(KEYS.shiftTab, 'r');
  await ui.waitFor((f) => f.includes('second one') && f.includes('< 2/2 >'));
  await ui.press(KEYS.left);
  return ui.waitFor((f) => f.includes('< 1/2 >') && f.includes('First answer.'));
}

test('a reply streaming on another branch is not drawn on the branch being looked at', async () => {
  const { ui, server } = await chatWithOneReply();
  const frame = await backToTheFirstWhileTheSecondStreams(ui, server);
  expect(frame).not.toContain('second one');
  expect(frame).not.toContain('streaming…');
  // And forth: it is there again, in its place.
  await ui.press(KEYS.right);
  expect(await ui.waitFor('< 2/2 >')).toContain('second one');
  ui.unmount();
});

test('a message another aichat adds under the streaming reply is drawn after it', async () => {
  const { ui, server, store } = await chatWithOneReply();
  server.script({ text: 'slow reply being written', ...SLOW });
  await ui.type('more please');
  await ui.press(KEYS.enter);
  await ui.waitFor('slow reply');
  // `aichat ask --continue` from a shell: it answers the active path's last message, the
  // reply still streaming here.
  const other = await anotherAichat(store);
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
  const { ui, server } = await chatWithOneReply();
  await backToTheFirstWhileTheSecondStreams(ui, server);
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
