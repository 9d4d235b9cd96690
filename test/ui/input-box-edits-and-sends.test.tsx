import { expect, test, vi } from 'vitest';
import { Input } from '../../src/ui/components/Input.js';
import { bufferReducer, bufferOf, emptyBuffer } from '../../src/ui/components/text-buffer.js';
import { useInputBox } from '../../src/ui/hooks/useInputBox.js';
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
  expect(onSubmit).toHaveBeenCalledWith('quick message');
  // A pasted block with line breaks is kept as text.
  await ui.press('line one\rline two');
  await ui.waitFor('line two');
  expect(onSubmit).toHaveBeenCalledTimes(1);
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
