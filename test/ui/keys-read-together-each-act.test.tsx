import { expect, test } from 'vitest';
import { storedMessages } from '../helpers/stored-messages.js';
import { appWithServer, KEYS, sendInNewChat, settingsScreen } from '../helpers/ui.js';

test('on the settings screen, keys read together each move; the system prompt keeps its lines', async () => {
  const { ui, store, names } = await settingsScreen();
  // Key repeat over a slow link: three presses in one read, then three arrows in one; then
  // a move and Enter in one read open the row moved to.
  await ui.press('jjj', `${KEYS.up}${KEYS.up}${KEYS.up}`, 'j\r');
  expect(await ui.waitFor('empty unsets it')).toContain(names[1]);
  expect(names[1]).toBe('system-prompt');
  expect(ui.frame()).toContain('Ctrl+J new line');
  await ui.press('\u001b[200~You are terse.\rRules:\r- one\u001b[201~', KEYS.newline, '- two');
  await ui.waitFor('- one↵- two');
  await ui.press(KEYS.enter);
  await ui.waitFor('system-prompt saved');
  expect((await store.services.getSettings())['system-prompt']).toBe(
    'You are terse.\nRules:\n- one\n- two',
  );
  ui.unmount();
});

test('in the conversation, keys read together each move the selection', async () => {
  const { ui } = await appWithServer({ text: 'Sure.', chunks: 1 });
  await sendInNewChat(ui, 'first');
  await ui.waitFor((f) => f.includes('Sure.') && !f.includes('streaming'));
  await ui.type('second');
  await ui.press(KEYS.enter);
  await ui.waitFor((f) => f.split('Sure.').length === 3 && !f.includes('streaming'));
  // From the last reply, three up: the first message.
  await ui.press(KEYS.shiftTab, 'kkk');
  const frame = await ui.waitFor('▶ You');
  const lines = frame.split('\n');
  expect(lines[lines.findIndex((l) => l.includes('▶ You')) + 1]).toContain('first');
  // A move and an action in one read: the action is on the message moved to.
  await ui.press('G', 'ke');
  expect(await ui.waitFor('edit ›')).toContain('edit › second');
  ui.unmount();
});

test('a typed burst that ends in Tab moves the focus; a paste’s last newline is not sent', async () => {
  const { ui, store } = await appWithServer({ text: 'Sure.', chunks: 1 });
  await sendInNewChat(ui, 'first');
  await ui.waitFor((f) => f.includes('Sure.') && !f.includes('streaming'));
  await ui.press('abc\t');
  await ui.waitFor('Enter open');
  expect(ui.frame()).toContain('› abc');
  await ui.press(KEYS.shiftTab, KEYS.ctrl('u'));
  await ui.press('\u001b[200~pasted line\r\u001b[201~', KEYS.enter);
  await ui.waitFor((f) => f.split('Sure.').length === 3 && !f.includes('streaming'));
  const sent = (await storedMessages(store.ctx.dataDir)).filter((n) => n.role === 'user');
  expect(sent.map((n) => n.content).sort()).toEqual(['first', 'pasted line']);
  ui.unmount();
});
