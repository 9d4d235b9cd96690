import { Box } from 'ink';
import { expect, test } from 'vitest';
import { activePath, addMessage, emptyTree } from '../../src/core/tree.js';
import type { MessageTree } from '../../src/core/types.js';
import type { ReplyOptions, ReplyResult } from '../../src/services/conversation.js';
import { Conversation } from '../../src/ui/components/Conversation.js';
import { StatusLine } from '../../src/ui/components/StatusLine.js';
import { StreamingProvider } from '../../src/ui/components/StreamingProvider.js';
import type { StreamControls } from '../../src/ui/contexts.js';
import { ReportStreamControls } from '../../src/ui/contexts.js';
import { renderUi } from '../helpers/ui.js';

const ROWS = 24;
const COLUMNS = 80;

function chatOf(messages: number): MessageTree {
  let tree = emptyTree();
  let parent: string | null = null;
  for (let i = 0; i < messages; i++) {
    const id = `m${i}`;
    const content =
      i % 2 ? `A reply with **bold** text and a list:\n\n- one\n- two ${i}` : `question ${i}`;
    tree = addMessage(tree, {
      id,
      parentId: parent,
      role: i % 2 ? 'user' : 'assistant',
      content,
      status: 'complete',
      createdAt: i,
    });
    parent = id;
  }
  return tree;
}

function Screen({
  tree,
  onControls,
}: {
  tree: MessageTree;
  onControls: (c: StreamControls) => void;
}) {
  return (
    <StreamingProvider>
      <ReportStreamControls onControls={onControls} />
      <Box flexDirection="column" height={ROWS - 1}>
        <Conversation
          chatId="c"
          path={activePath(tree)}
          tree={tree}
          modelName="tm"
          width={COLUMNS}
          height={ROWS - 2}
          raw={false}
          selectedId={null}
        />
        <StatusLine status={null} hints={[]} width={COLUMNS} />
      </Box>
    </StreamingProvider>
  );
}

/** Streams 60 chunks into a chat of `messages` messages; returns what Ink wrote meanwhile. */
async function streamInto(messages: number) {
  const grabbed: { controls?: StreamControls } = {};
  const ui = renderUi(
    <Screen tree={chatOf(messages)} onControls={(c) => (grabbed.controls = c)} />,
    {
      columns: COLUMNS,
      rows: ROWS,
      debug: false,
    },
  );
  await ui.waitFor((f) => f.length > 0);
  const before = ui.frames.length;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  await ui.waitFor(() => grabbed.controls !== undefined);
  grabbed.controls!.start({
    chatId: 'c',
    call: async (options: ReplyOptions): Promise<ReplyResult> => {
      options.onStart?.({ replyId: 'r' });
      for (let i = 0; i < 60; i++) {
        options.onText?.(`token${i} `);
        await new Promise((resolve) => setTimeout(resolve, 4));
      }
      return {
        chatId: 'c',
        replyId: 'r',
        status: 'complete',
        text: '',
        model: 'tm',
      };
    },
    onStarted: () => undefined,
    onNotice: () => undefined,
    onFinished: () => done(),
  });
  await finished;
  const frames = ui.frames.slice(before);
  ui.unmount();
  return frames;
}

test('a streamed frame costs the same in a 10- and a 1,000-message chat, and never clears the screen', async () => {
  const small = await streamInto(10);
  const large = await streamInto(1000);
  for (const frames of [small, large]) {
    expect(frames.length).toBeGreaterThan(3);
    // Ink clears and redraws everything once a frame reaches the terminal's height.
    expect(frames.some((f) => f.includes('\u001b[2J'))).toBe(false);
    for (const frame of frames) expect(frame.split('\n').length).toBeLessThanOrEqual(ROWS);
  }
  const perFrame = (frames: string[]) => frames.reduce((n, f) => n + f.length, 0) / frames.length;
  const ratio = perFrame(large) / perFrame(small);
  expect(ratio).toBeLessThan(1.5);
  expect(ratio).toBeGreaterThan(1 / 1.5);
});
