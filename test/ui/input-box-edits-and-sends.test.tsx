import { expect, test, vi } from 'vitest';
import { Input } from '../../src/ui/components/Input.js';
import { bufferReducer, bufferOf, emptyBuffer } from '../../src/ui/components/text-buffer.js';
import { useInputBox } from '../../src/ui/hooks/useInputBox.js';
import { mainLayout } from '../../src/ui/screens/layout.js';
import { KEYS, renderUi } from '../helpers/ui.js';

function Harness({
  onSubmit,
  onEscape,
}: {
  onSubmit: (text: string) => void;
  onEscape: () => void;
}) {
  const { buffer } = useInputBox(true, { onSubmit, onEscape });
  return <Input buffer={buffer} focused width={30} height={4} label="" placeholder="type here" />;
}

test('multi-line typing with the readline keys, Enter sends', async () => {
  const onSubmit = vi.fn();
  const ui = renderUi(<Harness onSubmit={onSubmit} onEscape={() => undefined} />);
  expect(ui.frame()).toContain('type here');
  await ui.type('hello wrold');
  await ui.press(KEYS.ctrl('w'));
  await ui.type('world');
  await ui.press(KEYS.newline);
  await ui.type('second line');
  await ui.waitFor('second line');
  expect(ui.frame()).toContain('› hello world');
  await ui.press(KEYS.ctrl('a'), KEYS.ctrl('k'));
  await ui.type('2nd');
  await ui.press(KEYS.backspace);
  await ui.type('d');
  await ui.press(KEYS.enter);
  expect(onSubmit).toHaveBeenCalledWith('hello world\n2nd');
  ui.unmount();
});

test('text typed faster than it is read, ending in Enter, is sent whole', async () => {
  const onSubmit = vi.fn();
  const ui = renderUi(<Harness onSubmit={onSubmit} onEscape={() => undefined} />);
  await ui.press('quick message\r');
  await vi.waitFor(() => expect(onSubmit).toHaveBeenCalledWith('quick message'));
  // A pasted block with line breaks is kept as text.
  await ui.press('line one\rline two');
  await ui.waitFor('line two');
  expect(onSubmit).toHaveBeenCalledTimes(1);
  ui.unmount();
});

test('Backspaces that arrive in one read each erase a character', async () => {
  const onSubmit = vi.fn();
  const ui = renderUi(<Harness onSubmit={onSubmit} onEscape={() => undefined} />);
  await ui.type('abcdef');
  // Key repeat over SSH, or a busy app: three presses in one read, then text and two more.
  await ui.press(KEYS.backspace.repeat(3));
  await ui.waitFor((f) => f.includes('› abc') && !f.includes('abcd'));
  await ui.press(`xy${KEYS.backspace}\b`);
  await ui.press(KEYS.enter);
  expect(onSubmit).toHaveBeenCalledWith('abc');
  // Enter in the same read as a Backspace still sends.
  await ui.press(`hellox${KEYS.backspace}${KEYS.enter}`);
  expect(onSubmit).toHaveBeenLastCalledWith('abchello');
  ui.unmount();
});

test('text taller than the box says there is more above or below, in place of the prompt', async () => {
  const ui = renderUi(<Harness onSubmit={() => undefined} onEscape={() => undefined} />);
  await ui.press('\u001b[200~l1\rl2\rl3\rl4\rl5\rl6\u001b[201~');
  const bottom = (await ui.waitFor('l6')).split('\n');
  expect(bottom[0]).toBe('↑ l3');
  expect(bottom.join('\n')).not.toContain('›');
  await ui.press(...Array<string>(5).fill(KEYS.up));
  const top = (await ui.waitFor((f) => f.includes('› l1'))).split('\n');
  expect(top.slice(0, 4)).toEqual(['› l1', '  l2', '  l3', '↓ l4']);
  ui.unmount();
});

test('Ctrl keys that arrive in one read with text each act', async () => {
  const onSubmit = vi.fn();
  const ui = renderUi(<Harness onSubmit={onSubmit} onEscape={() => undefined} />);
  // Handed over one at a time, each once the one before is drawn.
  await ui.press(`hello wrold${KEYS.ctrl('w')}world${KEYS.ctrl('a')}> ${KEYS.enter}`);
  await vi.waitFor(() => expect(onSubmit).toHaveBeenCalledWith('> hello world'));
  // A Tab amid a short read is text (a short paste, where there is no bracketed paste).
  await ui.press(KEYS.ctrl('e'), KEYS.ctrl('u'), `a\tb${KEYS.enter}`);
  await vi.waitFor(() => expect(onSubmit).toHaveBeenLastCalledWith('a   b'));
  ui.unmount();
});

test('the buffer keeps surrogate pairs whole and drops pasted escapes', () => {
  let b = bufferOf('a😀');
  b = bufferReducer(b, { type: 'backspace' });
  expect(b.text).toBe('a');
  b = bufferReducer(emptyBuffer, { type: 'insert', text: 'x\u001b[31my\r\nz' });
  expect(b.text).toBe('xy\nz');
  b = bufferReducer(b, { type: 'up' });
  expect(b.cursor).toBe(1);
  expect(bufferReducer(b, { type: 'lineStart' }).cursor).toBe(0);
});

test('the buffer holds no tabs: loaded or inserted, each takes the spaces it would on screen', () => {
  // A reply with Go code, loaded to be edited, then typed after.
  let b = bufferOf('\tfoo');
  expect(b.text).toBe('    foo');
  b = bufferReducer(b, { type: 'insert', text: 'x' });
  expect(b.text).toBe('    foox');
  b = bufferReducer(bufferOf('a\tb'), { type: 'insert', text: '\tz' });
  expect(b.text).toBe('a   b   z');
  expect(bufferReducer(b, { type: 'set', text: 'k\tv' }).text).toBe('k   v');
});

test('the edit box is as tall as its text: a long message being edited shows its first row', () => {
  const text = Array.from({ length: 18 }, (_, i) => `w${String(i + 1).padStart(2, '0')}-xyzq`).join(
    ' ',
  );
  const size = { columns: 80, rows: 40 };
  const { rightW, inputH } = mainLayout(size, text, 'edit ');
  const ui = renderUi(
    <Input
      buffer={bufferOf(text)}
      focused
      width={rightW}
      height={inputH}
      label="edit "
      placeholder=""
    />,
    size,
  );
  expect(ui.frame()).toContain('w01-xyzq');
  expect(ui.frame()).toContain('w18-xyzq');
  ui.unmount();
});
