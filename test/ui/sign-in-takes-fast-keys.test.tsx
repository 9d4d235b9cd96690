import { afterEach, expect, test } from 'vitest';
import { renderApp, uiStore, type UiStore } from '../helpers/ui.js';

let store: UiStore | undefined;
afterEach(() => store?.cleanup());

test('a name, Tab, a password and Enter in one read (a password manager typing) sign in', async () => {
  store = await uiStore();
  await store.services.signOut();
  const ui = await renderApp(store, { columns: 100, rows: 24 });
  await ui.waitFor('Sign in to aichat');
  await ui.press('alice\tcorrect horse\r');
  expect(await ui.waitFor('Welcome to aichat')).not.toContain('Sign in');
  ui.unmount();
});
