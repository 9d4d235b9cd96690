import { afterEach, expect, test } from 'vitest';
import { openContext } from '../../src/services/context.js';
import { bindServices } from '../../src/ui/services.js';
import { renderApp, uiStore, type UiStore } from '../helpers/ui.js';

let store: UiStore | undefined;
afterEach(async () => {
  await store?.cleanup();
});

test('a chat added or renamed elsewhere shows up within about a second', async () => {
  store = await uiStore();
  const ui = await renderApp(store, {
    columns: 100,
    rows: 24,
  });
  await ui.waitFor('Welcome to aichat');
  // Another process: its own context on the same data dir and config.
  const other = bindServices(await openContext({ dataDir: store.ctx.dataDir, env: store.ctx.env }));
  const added = await other.newChat({ title: 'Made from the CLI' });
  await ui.waitFor('Made from the CLI', 2500);
  await other.renameChat(added.id, 'Renamed from the CLI');
  const frame = await ui.waitFor('Renamed from the CLI', 2500);
  expect(frame).not.toContain('Made from the CLI');
  ui.unmount();
});
