import { afterEach, expect, test } from 'vitest';
import {
  appWithServer,
  KEYS,
  renderApp,
  sendInNewChat,
  uiStore,
  type UiStore,
} from '../helpers/ui.js';

let store: UiStore | undefined;
afterEach(() => store?.cleanup());

/** The app, with a draft typed in its input. */
async function appWithDraft() {
  store = await uiStore();
  const ui = await renderApp(store, { columns: 100, rows: 30 });
  await ui.waitFor('Welcome to aichat');
  await ui.type('my precious draft');
  return ui;
}

/** The input box in an edit: `edit ›`, or `edit ↑` when the message is taller than the box. */
const editing = (frame: string) => /edit [›↑]/.test(frame);

const inputLine = (frame: string) => frame.split('\n').find((l) => l.includes('› ')) ?? '';

test('a draft set aside by an edit comes back after another edit, and in another chat', async () => {
  const ui = await appWithDraft();

  // Edit one message, then another, then give up: the draft is back.
  await ui.press(KEYS.shiftTab, 'g', 'e');
  await ui.waitFor(editing);
  await ui.press(KEYS.shiftTab, 'G', 'e');
  await ui.waitFor(editing);
  await ui.press(KEYS.escape);
  expect(inputLine(await ui.waitFor('edit cancelled'))).toContain('my precious draft');

  // Back on the conversation: edit again, then start another chat instead: the draft is
  // there, not the message.
  await ui.press('g', 'e');
  await ui.waitFor(editing);
  await ui.press(KEYS.ctrl('n'));
  const frame = await ui.waitFor((f) => !editing(f) && f.includes('new chat'));
  expect(inputLine(frame)).toContain('my precious draft');
  ui.unmount();
});

test('a second edit key pressed before the first edit is drawn does not set the message aside as the draft', async () => {
  const ui = await appWithDraft();
  await ui.press(KEYS.shiftTab, 'g');
  await ui.pressFast('e', 'e');
  await ui.waitFor(editing);
  await ui.press(KEYS.escape);
  expect(inputLine(await ui.waitFor('edit cancelled'))).toContain('my precious draft');
  ui.unmount();
});

test('Ctrl+C in an edit ends the edit, not the app: the draft comes back', async () => {
  const ui = await appWithDraft();
  await ui.press(KEYS.shiftTab, 'g', 'e');
  await ui.waitFor(editing);
  await ui.press(KEYS.ctrl('c'));
  expect(inputLine(await ui.waitFor('edit cancelled'))).toContain('my precious draft');
  ui.unmount();
});

/** The app with a reply streaming (for `chunks` × `delayMs`), and its question being edited. */
async function editWhileStreaming(text: string, chunks: number, delayMs: number) {
  const { ui } = await appWithServer({ text, chunks, delayMs });
  await sendInNewChat(ui, 'count');
  await ui.waitFor('one');
  await ui.press(KEYS.shiftTab, 'g', 'e');
  expect(await ui.waitFor(editing)).toContain('streaming');
  return ui;
}

test('Esc in an edit while a reply streams ends the edit; the reply goes on to its end', async () => {
  const ui = await editWhileStreaming('one two three four five six', 6, 150);
  await ui.press(KEYS.escape);
  await ui.waitFor('edit cancelled');
  const done = await ui.waitFor((f) => f.includes('six') && !f.includes('streaming'));
  expect(done).not.toMatch(/incomplete|stopped/);
  ui.unmount();
});

test('an edit open while the focus is elsewhere: Esc still ends the edit first; e on a streaming reply says to wait', async () => {
  const ui = await editWhileStreaming(
    'one two three four five six seven eight nine ten eleven twelve',
    12,
    400,
  );
  // To the chat list, the edit still open, then Esc.
  await ui.press(KEYS.tab, KEYS.escape);
  expect(await ui.waitFor('edit cancelled')).toContain('streaming');
  await ui.press('G', 'e');
  expect(editing(await ui.waitFor('still streaming'))).toBe(false);
  ui.unmount();
});
