import { readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { appWithServer, KEYS, newestChat, sendInNewChat } from '../helpers/ui.js';

/** The app with a reply streaming slowly into a new chat. */
async function streaming() {
  const { ui, store } = await appWithServer({
    text: 'one two three four five six seven eight',
    chunks: 8,
    delayMs: 150,
  });
  await sendInNewChat(ui, 'count for me');
  await ui.waitFor('one two');
  const { id } = newestChat(await store.services.listChats());
  return { ui, services: store.services, chatId: id, dataDir: store.ctx.dataDir };
}

// Long enough for the rest of the reply, had it not been stopped.
const afterTheReply = () => new Promise((resolve) => setTimeout(resolve, 1500));

test('deleting the message a reply streams under stops it, and says the message was deleted', async () => {
  const { ui, services, chatId } = await streaming();
  await ui.press(KEYS.tab, KEYS.tab, 'd');
  await ui.waitFor('Delete this message');
  await ui.press('y');
  await ui.waitFor('message deleted');
  await afterTheReply();
  // The stop's own "stopped" came before, and did not replace it.
  expect(ui.frame()).toContain('message deleted');
  expect(ui.frame()).not.toContain('stopped');
  const { tree } = await services.openChat(chatId);
  expect(Object.values(tree.nodes).map((n) => n.content)).toEqual(['count for me']);
  ui.unmount();
});

test('deleting the chat a reply streams into stops it first: the chat stays deleted, with no error', async () => {
  const { ui, services, chatId, dataDir } = await streaming();
  await ui.press(KEYS.tab, 'd');
  await ui.waitFor('and all its messages');
  await ui.press('y');
  await ui.waitFor('deleted "');
  await afterTheReply();
  expect(ui.frame()).toContain('deleted "');
  expect(ui.frame()).not.toMatch(/failed|error|no chat/i);
  expect((await services.listChats()).map((c) => c.id)).not.toContain(chatId);
  // The reply's last save did not bring the chat's file back.
  expect(readdirSync(path.join(dataDir, 'chats'))).not.toContain(`${chatId}.json`);
  ui.unmount();
});
