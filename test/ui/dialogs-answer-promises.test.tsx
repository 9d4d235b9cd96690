import { Text } from 'ink';
import { useEffect, useState } from 'react';
import { expect, test } from 'vitest';
import { displayWidth } from '../../src/core/text.js';
import { Dialog, fieldView } from '../../src/ui/components/Dialog.js';
import { useDialogs, type DialogApi } from '../../src/ui/hooks/useDialogs.js';
import { KEYS, renderUi } from '../helpers/ui.js';

function Harness({ ask }: { ask: (ui: DialogApi) => Promise<unknown> }) {
  const { dialog, ui, setScrollLimit } = useDialogs();
  const [answer, setAnswer] = useState('');
  useEffect(() => {
    void ask(ui).then((value) => setAnswer(JSON.stringify(value) ?? 'undefined'));
  }, [ask, ui]);
  return dialog ? (
    <Dialog dialog={dialog} width={50} height={12} onScrollLimit={setScrollLimit} />
  ) : (
    <Text>{`answer: ${answer}`}</Text>
  );
}

const answered = async (ask: (ui: DialogApi) => Promise<unknown>, keys: string[]) => {
  const ui = renderUi(<Harness ask={ask} />);
  await ui.waitFor((f) => f.includes('╭'));
  for (const key of keys) await ui.press(key);
  const frame = await ui.waitFor('answer:');
  ui.unmount();
  return frame.trim();
};

test('confirm: y is yes, Esc or Ctrl+C is no', async () => {
  expect(await answered((ui) => ui.confirm('Delete chat', 'Really?'), ['y'])).toBe('answer: true');
  for (const key of [KEYS.escape, KEYS.ctrl('c')])
    expect(await answered((ui) => ui.confirm('Delete chat', 'Really?'), [key])).toBe(
      'answer: false',
    );
  expect(await answered((ui) => ui.prompt('Rename', 'Old'), [KEYS.ctrl('c')])).toBe(
    'answer: undefined',
  );
});

test('confirm: a pasted y or Y is not an answer', async () => {
  expect(
    await answered(
      (ui) => ui.confirm('Delete chat', 'Really?'),
      ['\u001b[200~y\u001b[201~', '\u001b[200~Y\u001b[201~', KEYS.escape],
    ),
  ).toBe('answer: false');
});

test('prompt: edits the initial text; Esc cancels', async () => {
  expect(await answered((ui) => ui.prompt('Rename', 'Old'), ['!', KEYS.enter])).toBe(
    'answer: "Old!"',
  );
  const ui = renderUi(<Harness ask={(api) => api.prompt('Rename', 'Old')} />);
  await ui.waitFor('╭');
  // Typed faster than the app draws: each key builds on the one before.
  await ui.pressFast('a', 'b', KEYS.backspace, 'c', KEYS.enter);
  expect((await ui.waitFor('answer:')).trim()).toBe('answer: "Oldac"');
  ui.unmount();
  expect(await answered((ui) => ui.prompt('Rename', 'Old'), [KEYS.escape])).toBe(
    'answer: undefined',
  );
});

test('pick: typing filters, arrows move, Enter chooses', async () => {
  const items = ['alpha', 'beta', 'gamma', 'delta'].map((label) => ({
    label,
    value: label.toUpperCase(),
  }));
  expect(await answered((ui) => ui.pick('Model', items), ['t', 'a', KEYS.down, KEYS.enter])).toBe(
    'answer: "DELTA"',
  );
  expect(await answered((ui) => ui.pick('Model', items, 'GAMMA'), [KEYS.enter])).toBe(
    'answer: "GAMMA"',
  );
  // The filter is one line: a pasted line break is dropped, a tab is a space.
  expect(
    await answered((ui) => ui.pick('Model', items), ['\u001b[200~be\r\u001b[201~', KEYS.enter]),
  ).toBe('answer: "BETA"');
  // Keys typed faster than read: the Enter at their end chooses.
  expect(await answered((ui) => ui.pick('Model', items), ['gam\r'])).toBe('answer: "GAMMA"');
});

test('prompt: an Enter typed with other keys in one read accepts', async () => {
  expect(await answered((ui) => ui.prompt('Rename', 'Old'), ['er\r'])).toBe('answer: "Older"');
});

test('a dialog quoting hostile text shows it inert, in its title, message, field and list', async () => {
  const hostile = `Evil \u001b]0;PWNED\u0007\u001b[2J\u001b[31mRED`;
  for (const ask of [
    (ui: DialogApi) => ui.confirm(hostile, `Delete ${hostile}?`),
    (ui: DialogApi) => ui.prompt(hostile, hostile),
    (ui: DialogApi) => ui.pick(hostile, [{ label: hostile, value: 1, detail: hostile }]),
  ]) {
    const ui = renderUi(<Harness ask={ask} />);
    await ui.waitFor((f) => f.includes('RED'));
    // Ink styles with SGR sequences of its own; none of the text's reach the terminal.
    const shown = ui.frames.join('');
    for (const sequence of ['\u001b]0;PWNED', '\u001b[2J', '\u001b[31mRED'])
      expect(shown).not.toContain(sequence);
    ui.unmount();
  }
});

test('a prompt field keeps an emoji whole under the cursor, and the cursor in sight in wide text', () => {
  expect(fieldView('ab😀cd', 2, false, 20)).toEqual({ before: 'ab', under: '😀', after: 'cd' });
  const wide = '漢字'.repeat(30);
  const { before, under, after } = fieldView(wide, wide.length, false, 20);
  expect(under).toBe(' ');
  expect(after).toBe('');
  expect(displayWidth(before)).toBeLessThanOrEqual(19);
  expect(displayWidth(before)).toBeGreaterThanOrEqual(17);
  expect(fieldView('secret', 3, true, 20)).toEqual({ before: '•••', under: '•', after: '••' });
  // A long prompt (a system prompt of 20,000 characters) shows the end the cursor is at.
  const long = 'word '.repeat(4_000) + 'end';
  const view = fieldView(long, long.length, false, 40);
  expect(view.before.endsWith('word end')).toBe(true);
  expect(displayWidth(view.before) + displayWidth(view.under)).toBe(39);
});

test('the plain-text view stops at its last screenful, however far down is pressed', async () => {
  const text = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n');
  const ui = renderUi(<Harness ask={(api) => api.show('Message', text)} />);
  await ui.waitFor('line 1');
  // Keys read in one go (key repeat, a busy app) each move it, before the view draws again.
  await ui.pressFast(KEYS.down, KEYS.down, KEYS.down);
  expect((await ui.waitFor('line 4')).split('\n')[1]).toBe('line 4');
  await ui.pressFast(...Array<string>(40).fill(KEYS.down));
  const frame = await ui.waitFor('line 30');
  expect(frame).toContain('line 20');
  // And one press up moves it at once: the presses past the end were not counted.
  await ui.press(KEYS.up);
  expect(await ui.waitFor('line 19')).not.toContain('line 30');
  ui.unmount();
});
