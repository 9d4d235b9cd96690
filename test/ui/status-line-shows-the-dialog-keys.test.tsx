import { expect, test } from 'vitest';
import { appWithServer, KEYS } from '../helpers/ui.js';

const statusLine = (frame: string) => frame.trimEnd().split('\n').at(-1) ?? '';

test('while a dialog is open, the status line offers its keys, not the screen’s', async () => {
  const { ui } = await appWithServer({ text: 'Sure.' });
  await ui.press(KEYS.ctrl('p'));
  await ui.waitFor('Model for this chat');
  expect(statusLine(ui.frame())).toBe('↑↓ move · Enter ok · Esc cancel');
  await ui.press(KEYS.escape);
  await ui.waitFor((f) => statusLine(f).includes('Enter send'));
  ui.unmount();
});
