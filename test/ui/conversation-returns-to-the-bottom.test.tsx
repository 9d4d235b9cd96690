import { Box } from 'ink';
import { createRef, useEffect, useState } from 'react';
import { expect, test } from 'vitest';
import { activePath, addMessage, emptyTree } from '../../src/core/tree.js';
import type { MessageTree } from '../../src/core/types.js';
import type { ReplyOptions, ReplyResult } from '../../src/services/conversation.js';
import { Conversation, type ConversationHandle } from '../../src/ui/components/Conversation.js';
import { StreamingProvider } from '../../src/ui/components/StreamingProvider.js';
import type { StreamControls } from '../../src/ui/contexts.js';
import { ReportStreamControls } from '../../src/ui/contexts.js';
import { renderUi } from '../helpers/ui.js';

/** A chat of `count` one-line messages named `<name> 0` ... `<name> count-1`. */
function chatOf(name: string, count: number): MessageTree {
  let tree = emptyTree();
  for (let i = 0; i < count; i++) {
    tree = addMessage(tree, {
      id: `${name}${i}`,
      parentId: i === 0 ? null : `${name}${i - 1}`,
      role: i % 2 ? 'assistant' : 'user',
      content: `${name} ${i}`,
      status: 'complete',
      createdAt: i,
    });
  }
  return tree;
}

const grabbed: { controls?: StreamControls } = {};
const handle = createRef<ConversationHandle>();

const chats: Record<string, MessageTree> = { one: chatOf('one', 40), two: chatOf('two', 40) };
const control = { open: (chatId: string): void => void chatId };

function Screen() {
  const [chatId, setChatId] = useState('one');
  useEffect(() => {
    control.open = setChatId;
  }, []);
  const tree = chats[chatId]!;
  return (
    <StreamingProvider>
      <ReportStreamControls onControls={(c) => (grabbed.controls = c)} />
      <Box flexDirection="column" height={20}>
        <Conversation
          ref={handle}
          chatId={chatId}
          path={activePath(tree)}
          tree={tree}
          modelName="tm"
          width={60}
          height={20}
          raw={false}
          selectedId={null}
        />
      </Box>
    </StreamingProvider>
  );
}

test('a chat scrolled up opens the next chat at its bottom, and a new reply is shown', async () => {
  const ui = renderUi(<Screen />, { columns: 60, rows: 22 });
  await ui.waitFor('one 39');
  handle.current!.scrollBy(30);
  await ui.waitFor((f) => !f.includes('one 39'));

  control.open('two');
  await ui.waitFor('two 39');

  control.open('one');
  await ui.waitFor('one 39');
  handle.current!.scrollBy(30);
  await ui.waitFor((f) => !f.includes('one 39'));
  let finish!: () => void;
  grabbed.controls!.start({
    chatId: 'one',
    call: async (options: ReplyOptions): Promise<ReplyResult> => {
      options.onStart?.({ replyId: 'r' });
      options.onText?.('the new reply');
      await new Promise<void>((resolve) => (finish = resolve));
      return { chatId: 'one', replyId: 'r', status: 'complete', text: '', model: 'tm' };
    },
    onStarted: () => undefined,
    onNotice: () => undefined,
    onFinished: () => undefined,
  });
  expect(await ui.waitFor('the new reply')).toContain('one 39');
  finish();
  ui.unmount();
});
