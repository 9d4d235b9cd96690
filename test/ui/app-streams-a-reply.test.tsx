import { expect, test } from 'vitest';
import { appWithServer, sendInNewChat } from '../helpers/ui.js';

test('opens the last chat, starts a new one and streams a reply into it', async () => {
  const { ui, server } = await appWithServer({ text: 'Hello **there**, friend.', chunks: 4 });
  await sendInNewChat(ui, 'hi there');
  await ui.waitFor('Hello there, friend.');
  const frame = await ui.waitFor((f) => !f.includes('streaming'));
  expect(frame).toContain('Assistant · test-model · 4 tok');
  expect(frame).toContain('test-model @ test');
  // The question went to the server with the chat's model.
  expect(server.requests.find((r) => r.body?.model === 'gpt-test')).toBeDefined();
  ui.unmount();
});
