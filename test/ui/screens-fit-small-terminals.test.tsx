import { afterEach, expect, test } from 'vitest';
import { KEYS, renderApp, uiStore, type UiStore } from '../helpers/ui.js';

let store: UiStore | undefined;
afterEach(() => store?.cleanup());

const settle = () => new Promise((resolve) => setTimeout(resolve, 100));
/** Rows drawn with something on them. */
const rows = (frame: string) => frame.split('\n').filter((l) => l.trim() !== '');

test('the settings screen fits a 60x15 terminal: one line a setting, the selected one described', async () => {
  store = await uiStore();
  const ui = await renderApp(store, { columns: 60, rows: 15 });
  await ui.waitFor('Welcome');
  await ui.press(KEYS.tab, 'S');
  await ui.waitFor('title-model');
  await settle();
  await ui.press('j');
  const frame = await ui.waitFor('system prompt for new c');
  expect(frame.split('\n').length).toBeLessThanOrEqual(15);
  for (const name of ['default-model', 'system-prompt', 'temperature', 'timeout', 'title-model'])
    expect(frame).toContain(name);
  // Every row is one line: none drawn over another.
  expect(rows(frame).filter((l) => /temperature/.test(l))).toHaveLength(1);
  ui.unmount();
});

test('the models list scrolls to keep the cursor in sight, however many were imported', async () => {
  store = await uiStore({ endpointUrl: 'http://127.0.0.1:9/v1' });
  for (let i = 0; i < 40; i++)
    await store.services.addModel(`model-${String(i).padStart(2, '0')}`, {
      endpoint: 'test',
      modelId: `m${i}`,
    });
  const ui = await renderApp(store, { columns: 100, rows: 20 });
  await ui.waitFor('Welcome');
  await ui.press(KEYS.tab, 'E');
  await ui.waitFor('Models');
  await settle();
  await ui.press(KEYS.tab);
  for (let i = 0; i < 30; i++) await ui.press('j');
  const frame = await ui.waitFor('model-29');
  expect(frame.split('\n').length).toBeLessThanOrEqual(20);
  expect(frame).toContain('Endpoints');
  expect(frame).toContain('Models');
  ui.unmount();
});
