import { afterAll, beforeAll, expect, test } from 'vitest';
import { activePath } from '../../src/core/tree.js';
import { startProviderServer, type ProviderServer } from '../helpers/provider-server.js';
import { uiStore, type UiStore } from '../helpers/ui.js';

let server: ProviderServer;
let store: UiStore;
beforeAll(async () => {
  server = await startProviderServer();
  store = await uiStore({ endpointUrl: server.openaiUrl });
});
afterAll(async () => {
  await store.cleanup();
  await server.close();
});

test('regenerating a reply adds a sibling; on a message left unanswered, it answers it', async () => {
  const { services } = store;
  const chat = await services.newChat({ title: 'regen' });
  server.script({ text: 'first' });
  const sent = await services.sendUserMessage(chat.id, 'question', {});
  server.script({ text: 'second' });
  await services.regenerateReply(chat.id, sent.replyId, {});
  let { tree } = await services.openChat(chat.id);
  expect(tree.nodes[sent.userMessageId!]!.children).toHaveLength(2);

  for (const reply of [...tree.nodes[sent.userMessageId!]!.children])
    await services.deleteMessage(chat.id, reply);
  server.script({ text: 'an answer at last' });
  await services.regenerateReply(chat.id, sent.userMessageId!, {});
  ({ tree } = await services.openChat(chat.id));
  expect(activePath(tree).map((n) => [n.role, n.content])).toEqual([
    ['user', 'question'],
    ['assistant', 'an answer at last'],
  ]);
});
