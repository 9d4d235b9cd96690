import { expect, test, vi } from 'vitest';
import { Input } from '../../src/ui/components/Input.js';
import { useInputBox } from '../../src/ui/hooks/useInputBox.js';
import { appWithServer, KEYS, renderUi } from '../helpers/ui.js';

const START = '\u001b[200~';
const END = '\u001b[201~';
const bracketed = (text: string) => `${START}${text}${END}`;

function Harness({ onSubmit }: { onSubmit: (text: string) => void }) {
  const { buffer } = useInputBox(true, { onSubmit, onEscape: () => undefined });
  return <Input buffer={buffer} focused width={40} height={6} label="" placeholder="type here" />;
}

test('a pasted line that ends in a newline is kept to be sent, not sent', async () => {
  const onSubmit = vi.fn();
  const ui = renderUi(<Harness onSubmit={onSubmit} />);
  await ui.press(bracketed('git status\r'));
  await ui.waitFor('git status');
  expect(onSubmit).not.toHaveBeenCalled();
  await ui.type(' why?');
  await ui.press(KEYS.enter);
  expect(onSubmit).toHaveBeenCalledWith('git status\n why?');
  ui.unmount();
});

test('inside a paste, Tab, DEL, Enter and escape sequences are text or nothing, not keys', async () => {
  const onSubmit = vi.fn();
  const ui = renderUi(<Harness onSubmit={onSubmit} />);
  await ui.type('kept');
  // Over a slow link a paste comes in several reads; Windows line ends; an arrow key's
  // sequence. (A colour code in a paste is in the tmux test: it needs the build's Ink patch.)
  await ui.press(`${START}a\tb`, '\u007fc\r', '\n', `\u001b[Ad${END}`);
  await ui.waitFor('d');
  expect(onSubmit).not.toHaveBeenCalled();
  await ui.press(KEYS.enter);
  // A tab takes the spaces it would on screen (to column 8): drawn as is, it breaks the layout.
  expect(onSubmit).toHaveBeenCalledWith('kepta   bc\nd');
  // After the paste, keys are keys again.
  await ui.type('xy');
  await ui.press(KEYS.backspace, KEYS.enter);
  expect(onSubmit).toHaveBeenLastCalledWith('kepta   bc\ndx');
  ui.unmount();
});

test('a terminal title sequence (OSC) in a paste leaves nothing of itself behind', async () => {
  const onSubmit = vi.fn();
  const ui = renderUi(<Harness onSubmit={onSubmit} />);
  await ui.press(bracketed('four \u001b]0;title\u0007five \u001b]2;x\u001b\\six'));
  await ui.waitFor('six');
  await ui.press(KEYS.enter);
  expect(onSubmit).toHaveBeenCalledWith('four five six');
  ui.unmount();
});

test('a paste marker split between two reads is still a marker', async () => {
  const onSubmit = vi.fn();
  const ui = renderUi(<Harness onSubmit={onSubmit} />);
  // Over SSH a read may end inside a marker; Ink hands out the part it has on its own.
  await ui.press('\u001b[20', '0~pasted\r', `more${END.slice(0, 4)}`, `${END.slice(4)}x\r`);
  expect(onSubmit).toHaveBeenCalledWith('pasted\nmorex');
  // And after the paste, keys are keys: Backspace erases, Enter sends.
  await ui.press(`${START}ab${END.slice(0, 1)}`, `${END.slice(1)}c${KEYS.backspace}\r`);
  expect(onSubmit).toHaveBeenLastCalledWith('pasted\nmorexab');
  ui.unmount();
});

test('Ctrl+C ends a paste whose end never came: keys work again', async () => {
  const onSubmit = vi.fn();
  const ui = renderUi(<Harness onSubmit={onSubmit} />);
  await ui.press(`${START}half a paste`);
  await ui.press(KEYS.enter);
  expect(onSubmit).not.toHaveBeenCalled();
  await ui.press(KEYS.ctrl('c'), KEYS.enter);
  expect(onSubmit).toHaveBeenCalledWith('half a paste\n');
  ui.unmount();
});

test('a paste while the sidebar has the focus goes into the input box, not to its keys', async () => {
  const { ui } = await appWithServer({ text: 'Hi.' });
  await ui.press(KEYS.tab);
  await ui.waitFor((f) => f.includes('Enter open'));
  // `d` would ask to delete, `q` would quit.
  await ui.press(bracketed('dq'));
  const frame = await ui.waitFor('› dq');
  expect(frame).not.toContain('Delete');
  ui.unmount();
});
