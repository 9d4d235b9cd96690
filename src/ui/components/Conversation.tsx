import { Box, Text } from 'ink';
import { memo, useImperativeHandle, useMemo, useRef, useState, type Ref } from 'react';
import { pushAll } from '../../core/lists.js';
import { wrap } from '../../core/text.js';
import { branchIndex, type BranchIndex } from '../../core/tree.js';
import type { Id, MessageNode, MessageTree } from '../../core/types.js';
import { useLiveReply, type LiveReply } from '../contexts.js';
import { keyOf } from '../keys.js';
import {
  BODY_INDENT,
  headerInfo,
  headerLine,
  LineCache,
  LiveWrapper,
} from '../render/message-lines.js';
import { theme } from '../theme.js';
import { scrollToShow, visibleWindow, type Blocks } from './conversation-window.js';
import { Pane } from './Pane.js';

export interface ConversationHandle {
  /** Scrolls by `lines` (positive: up, towards older messages). */
  scrollBy(lines: number): void;
}

export interface ConversationProps {
  chatId: Id | null;
  path: readonly MessageNode[];
  tree: MessageTree | null;
  /** The chat's model, shown on a reply before the store has its provenance. */
  modelName: string | null;
  width: number;
  height: number;
  raw: boolean;
  /** The selected message, or null when the conversation is not focused. */
  selectedId: Id | null;
  ref?: Ref<ConversationHandle>;
}

const BRANCH_KEYS = `${keyOf('branch.prev')}/${keyOf('branch.next')}`;

/** One screen line. Memoised on its text, so unchanged lines cost nothing on a flush. */
const Line = memo(function Line({ text }: { text: string }) {
  return <Text wrap="truncate-end">{text || ' '}</Text>;
});

function liveBlock(
  live: LiveReply,
  place: { showUser: boolean; branch: BranchIndex; selected: boolean },
  modelName: string | null,
  wrapper: LiveWrapper,
  width: number,
) {
  const lines: string[] = [];
  if (place.showUser && live.pendingUser !== undefined) {
    const branch = { i: 1, n: 1 };
    lines.push(headerLine({ role: 'user', status: 'complete', branch, selected: false }));
    lines.push(
      ...wrap(live.pendingUser, width - BODY_INDENT).map((l) => ' '.repeat(BODY_INDENT) + l),
      '',
    );
  }
  lines.push(
    headerLine({
      role: 'assistant',
      status: 'streaming',
      ...(modelName ? { model: modelName } : {}),
      branch: place.branch,
      selected: place.selected,
    }),
  );
  pushAll(lines, live.text ? wrapper.lines(live.text, width) : ['  …']).push('');
  return lines;
}

/**
 * Where the streaming reply is drawn: in its node's place on the active path (replies
 * written under it by another aichat come after it); after the path while the store's
 * copy is not loaded yet; nowhere while the user looks at another branch.
 */
function livePlace(live: LiveReply | null, path: readonly MessageNode[], tree: MessageTree | null) {
  if (!live) return { at: -1, loaded: false };
  const loaded = live.replyId !== null && tree?.nodes[live.replyId] !== undefined;
  return { at: loaded ? path.findIndex((n) => n.id === live.replyId) : path.length, loaded };
}

/**
 * The active path of the chat, drawn as only the lines that fit: finished messages come
 * from a cache of wrapped, styled lines, the streaming reply from an incremental wrapper.
 */
export const Conversation = memo(function Conversation(props: ConversationProps) {
  const { chatId, path, tree, modelName, width, height, raw, selectedId, ref } = props;
  const live = useLiveReply();
  const cache = useRef(new LineCache()).current;
  const wrapper = useRef(new LiveWrapper()).current;

  const liveHere = live !== null && live.chatId === chatId ? live : null;
  const { at: liveAt, loaded: liveLoaded } = livePlace(liveHere, path, tree);

  const blocks: Blocks = useMemo(() => {
    const lines = (node: MessageNode): string[] => {
      const branch = tree ? branchIndex(tree, node.id) : { i: 1, n: 1 };
      const header = headerLine(headerInfo(node, branch, node.id === selectedId, BRANCH_KEYS));
      return [header, ...cache.body(node, width, raw), ''];
    };
    const liveLines = (live: LiveReply) =>
      liveBlock(
        live,
        {
          // The just-sent message shows from the live reply until the store's copy is loaded.
          showUser: !liveLoaded,
          branch:
            liveLoaded && tree && live.replyId ? branchIndex(tree, live.replyId) : { i: 1, n: 1 },
          selected: live.replyId === selectedId,
        },
        modelName,
        wrapper,
        width,
      );
    return {
      count: path.length + (liveAt === path.length ? 1 : 0),
      lines: (i) =>
        liveHere && i === liveAt ? liveLines(liveHere) : lines(path[i] as MessageNode),
    };
  }, [path, tree, selectedId, cache, width, raw, liveHere, liveAt, liveLoaded, modelName, wrapper]);

  // Scroll position in lines from the bottom, kept here; a new selection scrolls to it,
  // and another chat, or a reply starting (the user sent or regenerated), to the bottom.
  const streaming = liveHere !== null;
  const [scroll, setScroll] = useState({ fromBottom: 0, selectedId, chatId, streaming });
  let fromBottom = scroll.fromBottom;
  if (scroll.chatId !== chatId || (streaming && !scroll.streaming)) {
    fromBottom = 0;
    setScroll({ fromBottom, selectedId, chatId, streaming });
  } else if (scroll.selectedId !== selectedId || scroll.streaming !== streaming) {
    const index = path.findIndex((node) => node.id === selectedId);
    if (scroll.selectedId !== selectedId)
      fromBottom = index >= 0 ? scrollToShow(blocks, index, fromBottom, height) : 0;
    setScroll({ fromBottom, selectedId, chatId, streaming });
  }
  const view = visibleWindow(blocks, fromBottom, height);

  const clampedRef = useRef(view.fromBottom);
  clampedRef.current = view.fromBottom;
  useImperativeHandle(
    ref,
    () => ({
      scrollBy: (lines) =>
        setScroll((s) => ({ ...s, fromBottom: Math.max(0, clampedRef.current + lines) })),
    }),
    [],
  );

  if (chatId === null) {
    return (
      <Box height={height} width={width} flexDirection="column">
        <Text color={theme.muted}>No chat open. Ctrl+N starts one; Tab reaches the chat list.</Text>
      </Box>
    );
  }
  return (
    <Pane width={width} height={height}>
      {view.lines.length === 0 && (
        <Text color={theme.muted}>Type a message below and press Enter.</Text>
      )}
      {view.lines.map((line, k) => (
        <Line key={k} text={line} />
      ))}
    </Pane>
  );
});
