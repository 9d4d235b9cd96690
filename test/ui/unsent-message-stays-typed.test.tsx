import { afterEach, expect, test } from 'vitest';
import { KEYS, renderApp, uiStore, type UiStore } from '../helpers/ui.js';

let store: UiStore | undefined;
afterEach(() => store?.cleanup());

test('a message that could not be saved or sent stays in the input, with the reason', async () => {
  store = await uiStore();
  // No model at all: the send fails before anything is saved.
  for (const model of await store.services.listModels()) await store.services.removeModel(model.id);
  const ui = await renderApp(store, {
    columns: 100,
    rows: 30,
  });
  await ui.waitFor('Welcome to aichat');
  await ui.type('my carefully typed question');
  await ui.press(KEYS.enter);
  const frame = await ui.waitFor('no model to ask');
  expect(frame).toContain('my carefully typed question');
  const { tree } = await store.services.openChat('Welcome to aichat');
  expect(Object.values(tree.nodes).map((n) => n.content)).not.toContain(
    'my carefully typed question',
  );
  ui.unmount();
});
