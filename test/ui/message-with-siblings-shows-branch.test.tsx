import { expect, test } from 'vitest';
import { activePath, addMessage, editUserMessage, emptyTree } from '../../src/core/tree.js';
import type { MessageTree } from '../../src/core/types.js';
import { Conversation } from '../../src/ui/components/Conversation.js';
import { renderUi } from '../helpers/ui.js';

function branched(): MessageTree {
  let tree = addMessage(emptyTree(), {
    id: 'u1',
    parentId: null,
    role: 'user',
    content: 'first question',
    status: 'complete',
    createdAt: 1,
  });
  tree = addMessage(tree, {
    id: 'a1',
    parentId: 'u1',
    role: 'assistant',
    content: 'An **answer** with `code`',
    status: 'complete',
    createdAt: 2,
    provenance: {
      endpointId: 'e',
      endpointName: 'test',
      provider: 'openai',
      modelId: 'gpt-test',
      modelName: 'tm',
      maxTokens: 100,
      usage: { outputTokens: 7 },
    },
  });
  tree = editUserMessage(tree, 'u1', 'second question', 'u2', 3);
  return editUserMessage(tree, 'u2', 'third question', 'u3', 4);
}

const view = (tree: MessageTree, selectedId: string | null, raw = false) => (
  <Conversation
    chatId="c"
    path={activePath(tree)}
    tree={tree}
    modelName="tm"
    width={60}
    height={12}
    raw={raw}
    selectedId={selectedId}
  />
);

test('a message with siblings shows its place and, when selected, the keys', () => {
  const tree = branched();
  const ui = renderUi(view(tree, null));
  expect(ui.frame()).toContain('You  < 3/3 >');
  expect(ui.frame()).toContain('third question');
  expect(ui.frame()).not.toContain('←/→');
  ui.rerender(view(tree, 'u3'));
  expect(ui.frame()).toContain('▶ You  < 3/3 > ←/→');
  ui.unmount();
});

test('replies show the model and tokens, rendered as Markdown or raw', () => {
  let tree = branched();
  tree = { ...tree, activeRootId: 'u1' };
  const ui = renderUi(view(tree, null));
  expect(ui.frame()).toContain('You  < 1/3 >');
  expect(ui.frame()).toContain('Assistant · tm · 7 tok');
  expect(ui.frame()).toContain('An answer with code');
  ui.rerender(view(tree, null, true));
  expect(ui.frame()).toContain('An **answer** with `code`');
  ui.unmount();
});
