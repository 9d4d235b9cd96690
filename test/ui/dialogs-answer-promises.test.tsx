import { Text } from 'ink';
import { useEffect, useState } from 'react';
import { expect, test } from 'vitest';
import { Dialog } from '../../src/ui/components/Dialog.js';
import { useDialogs, type DialogApi } from '../../src/ui/hooks/useDialogs.js';
import { KEYS, renderUi } from '../helpers/ui.js';

function Harness({ ask }: { ask: (ui: DialogApi) => Promise<unknown> }) {
  const { dialog, ui } = useDialogs();
  const [answer, setAnswer] = useState('');
  useEffect(() => {
    void ask(ui).then((value) => setAnswer(JSON.stringify(value) ?? 'undefined'));
  }, [ask, ui]);
  return dialog ? (
    <Dialog dialog={dialog} width={50} height={12} />
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

test('confirm: y is yes, Esc is no', async () => {
  expect(await answered((ui) => ui.confirm('Delete chat', 'Really?'), ['y'])).toBe('answer: true');
  expect(await answered((ui) => ui.confirm('Delete chat', 'Really?'), [KEYS.escape])).toBe(
    'answer: false',
  );
});

test('prompt: edits the initial text; Esc cancels', async () => {
  expect(await answered((ui) => ui.prompt('Rename', 'Old'), ['!', KEYS.enter])).toBe(
    'answer: "Old!"',
  );
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
});
