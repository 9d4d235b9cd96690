import { expect, test, vi } from 'vitest';
import { addMessage, editUserMessage, emptyTree } from '../../src/core/tree.js';
import type { MessageTree } from '../../src/core/types.js';
import { TreePanel } from '../../src/ui/components/TreePanel.js';
import { KEYS, renderUi } from '../helpers/ui.js';

function longChat(): MessageTree {
  let tree = emptyTree();
  let parent: string | null = null;
  for (let i = 0; i < 12; i++) {
    const id = `m${i}`;
    tree = addMessage(tree, {
      id,
      parentId: parent,
      role: i % 2 ? 'assistant' : 'user',
      content: `message ${i}`,
      status: 'complete',
      createdAt: i,
    });
    parent = id;
  }
  // A second branch off the first message.
  return editUserMessage(tree, 'm0', 'other start', 'b0', 99);
}

test('shows every branch, folds long chains, and jumps to the chosen message', async () => {
  const onJump = vi.fn();
  const onClose = vi.fn();
  const ui = renderUi(
    <TreePanel
      tree={longChat()}
      width={60}
      height={20}
      isActive
      onJump={onJump}
      onClose={onClose}
    />,
  );
  const frame = ui.frame();
  expect(frame).toContain('You 1/2 message 0');
  expect(frame).toContain('messages folded');
  expect(frame).toContain('◆ You 2/2 other start');
  // The cursor starts on the active leaf (the new branch); go up to the old one and jump.
  await ui.press(KEYS.up);
  await ui.press(KEYS.enter);
  expect(onJump).toHaveBeenCalledWith('m11');
  // Unfold the folded run.
  for (let i = 0; i < 2; i++) await ui.press(KEYS.up);
  await ui.press(KEYS.enter);
  await ui.waitFor('message 5');
  await ui.press(KEYS.escape);
  await ui.waitFor(() => onClose.mock.calls.length === 1);
  ui.unmount();
});
