import { afterEach, expect, test } from 'vitest';
import { KEYS, renderApp, uiStore, type UiStore } from '../helpers/ui.js';

let store: UiStore | undefined;
afterEach(() => store?.cleanup());

const statusLine = (frame: string) => frame.trimEnd().split('\n').at(-1) ?? '';

test('a note in the status line gives way to the key hints after a few seconds', async () => {
  store = await uiStore();
  const ui = await renderApp(store, { columns: 100, rows: 30 });
  await ui.waitFor('Welcome to aichat');
  const hints = statusLine(ui.frame());
  await ui.press(KEYS.ctrl('r'));
  expect(statusLine(await ui.waitFor('raw text view'))).toContain('raw text view');
  const back = await ui.waitFor((f) => !statusLine(f).includes('raw text view'), 8_000);
  expect(statusLine(back)).toBe(hints);
  ui.unmount();
}, 15_000);
