import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { renderApp, uiStore, type UiStore } from '../helpers/ui.js';

let store: UiStore | undefined;
afterEach(() => store?.cleanup());

test('keys an admin reset dropped are said when the chats come up, as at sign-in', async () => {
  store = await uiStore({ endpointUrl: 'http://127.0.0.1:9/v1' });
  // As `user passwd NAME` by an admin leaves the endpoint.
  const file = path.join(store.ctx.dataDir, 'db.json');
  const db = JSON.parse(await readFile(file, 'utf8')) as {
    endpoints: { name: string; sealedKey?: unknown; keyHint?: string; keyLost?: true }[];
  };
  const endpoint = db.endpoints.find((e) => e.name === 'test')!;
  delete endpoint.sealedKey;
  delete endpoint.keyHint;
  endpoint.keyLost = true;
  await writeFile(file, JSON.stringify(db));
  const ui = await renderApp(store, { columns: 200, rows: 30 });
  expect(await ui.waitFor('an admin reset your password')).toContain(
    'set them again with aichat endpoint edit NAME --key-stdin, for: test',
  );
  ui.unmount();
});
