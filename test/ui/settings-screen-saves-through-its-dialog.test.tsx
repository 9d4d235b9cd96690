import { expect, test } from 'vitest';
import { KEYS, settingsScreen } from '../helpers/ui.js';

test('a setting edited in its dialog shows saved, and a bad value shows why', async () => {
  const { ui, store, names } = await settingsScreen();
  for (let i = 0; i < names.indexOf('temperature'); i++) await ui.press('j');
  await ui.press(KEYS.enter);
  await ui.waitFor('empty unsets it');
  await ui.type('0.5');
  await ui.press(KEYS.enter);
  // Saved, said, and read back from the store.
  const saved = /temperature {6,}0\.5/;
  await ui.waitFor((f) => f.includes('temperature saved') && saved.test(f));

  await ui.press(KEYS.enter);
  await ui.waitFor('empty unsets it');
  await ui.press(KEYS.ctrl('u'));
  await ui.type('7');
  await ui.press(KEYS.enter);
  await ui.waitFor((f) => f.includes('temperature must be a number from 0 to 2') && saved.test(f));
  expect(await store.services.getSettings()).toMatchObject({ temperature: 0.5 });

  // A pasted value with its line's newline is the value.
  await ui.press(KEYS.enter);
  await ui.waitFor('empty unsets it');
  await ui.press(KEYS.ctrl('u'), '\u001b[200~0.7\r\u001b[201~', KEYS.enter);
  await ui.waitFor((f) => f.includes('temperature saved') && /temperature {6,}0\.7/.test(f));
  ui.unmount();
});
