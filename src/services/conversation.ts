/**
 * Talking to a model inside a chat: send, regenerate, edit-and-ask, and the tree edits
 * around them. The user's message is saved before the request; the reply is saved as
 * `streaming` and flushed at least once a second while it grows, so a crash loses at
 * most the last second of it.
 */
import { AichatError, oneLine, usageError } from '../core/errors.js';
import {
  activeLeaf,
  addMessage,
  activate,
  deleteSubtree,
  editAssistantMessage as editAssistantInTree,
  editUserMessage as editUserInTree,
  getMessage,
  hasMessage,
  requestMessages,
  settleAbandoned,
  switchBranch as switchBranchInTree,
  updateMessage,
} from '../core/tree.js';
import type { ChatIndexEntry, Id, MessageStatus, MessageTree, Usage } from '../core/types.js';
import type { ProviderErrorKind } from '../providers/types.js';
import { updateChatFile } from '../store/chats.js';
import type { ServiceContext } from './context.js';
import { newId } from './ids.js';
import { chatLookup, findOwned } from './lookup.js';
import { signedIn } from './session.js';
import { isGone, thisWriter } from './writer.js';
import {
  chatRequest,
  provenanceOf,
  resolveModel,
  streamReply,
  type ModelOverrides,
  type StreamCallbacks,
  type StreamOutcome,
} from './model-call.js';
import { autoTitle } from './titles.js';

export interface ReplyResult {
  chatId: Id;
  userMessageId?: Id;
  replyId: Id;
  status: MessageStatus;
  text: string;
  usage?: Usage;
  /** One line saying why the reply is `incomplete` or `error`. */
  error?: string;
  errorKind?: ProviderErrorKind;
  model: string;
}

export interface ReplyOptions extends ModelOverrides, StreamCallbacks {
  onStart?: (ids: { userMessageId?: Id; replyId: Id }) => void;
  /** Told of a side task that failed (naming the chat), worth a line on stderr or in the status line. */
  onNotice?: (text: string) => void;
  /** Gives up the title the reply may start (a one-shot command that will not wait long). */
  titleSignal?: AbortSignal;
}

/** What a reply is asked in answer to, after any change the action makes to the tree. */
interface Turn {
  tree: MessageTree;
  /** The user message the reply answers. */
  askAt: Id;
  userMessageId?: Id;
}

/**
 * The shared path of every action that asks the model: change the tree and add an
 * empty `streaming` reply in one write, stream, flush, then settle the reply's status.
 */
async function converse(
  ctx: ServiceContext,
  chatRef: string,
  options: ReplyOptions,
  prepare: (tree: MessageTree, now: number) => Turn,
): Promise<ReplyResult> {
  const { db, user } = await signedIn(ctx);
  const entry = findOwned(db.chats, user.id, chatRef, chatLookup);
  const resolved = resolveModel(ctx, db, user, entry, options);
  const replyId = newId();
  const provenance = provenanceOf(resolved);
  const started = ctx.now();

  const { request, userMessageId } = await updateChatFile(
    ctx.dataDir,
    entry.id,
    (chat) => {
      // A reply a dead process left `streaming` (no save for longer than a silent stream
      // may last) is settled first, so it is sent and shown as what it is.
      const turn = prepare(settleAbandoned(chat.tree, started, isGone), started);
      chat.tree = addMessage(turn.tree, {
        id: replyId,
        parentId: turn.askAt,
        role: 'assistant',
        content: '',
        status: 'streaming',
        createdAt: started,
        provenance,
        writer: thisWriter(),
      });
      return {
        request: chatRequest(resolved, requestMessages(turn.tree, turn.askAt, resolved.system)),
        userMessageId: turn.userMessageId,
      };
    },
    ctx.lock,
  );
  const save = (patch: Parameters<typeof updateMessage>[2]) =>
    updateChatFile(
      ctx.dataDir,
      entry.id,
      (chat) => {
        // The reply may have been deleted by another process meanwhile; then there is nothing to save.
        if (chat.tree.nodes[replyId]) chat.tree = updateMessage(chat.tree, replyId, patch);
      },
      ctx.lock,
    );
  let outcome: StreamOutcome;
  try {
    await ctx.config.setLastChat(ctx.dataDir, user.id, entry.id);
    options.onStart?.({ ...(userMessageId ? { userMessageId } : {}), replyId });
    outcome = await streamReply(ctx, resolved, request, options, (text) =>
      save({ content: text, updatedAt: ctx.now() }),
    );
  } catch (err) {
    // Nothing more will be written to the reply: it must not stay `streaming`.
    await save({
      status: 'error',
      updatedAt: ctx.now(),
      provenance: { ...provenance, error: oneLine(err) },
    }).catch(() => undefined);
    throw err;
  }
  await chatGoneMeansNotSaved(ctx, entry, () =>
    save({
      content: outcome.text,
      status: outcome.status,
      updatedAt: ctx.now(),
      provenance: {
        ...provenance,
        ...(outcome.usage ? { usage: outcome.usage } : {}),
        ...(outcome.timeToFirstTokenMs !== undefined
          ? { timeToFirstTokenMs: outcome.timeToFirstTokenMs }
          : {}),
        totalMs: ctx.now() - started,
        ...(outcome.stopReason ? { stopReason: outcome.stopReason } : {}),
        ...(outcome.error ? { error: outcome.error } : {}),
      },
    }),
  );

  // Not awaited: the reply is done, and a view should not show it as streaming while a
  // second model call names the chat. A one-shot process stays alive until it finishes.
  if (outcome.status === 'complete') {
    void autoTitle(ctx, entry.id, options.onNotice, options.titleSignal);
  }
  return {
    chatId: entry.id,
    ...(userMessageId ? { userMessageId } : {}),
    replyId,
    status: outcome.status,
    text: outcome.text,
    ...(outcome.usage ? { usage: outcome.usage } : {}),
    ...(outcome.error ? { error: outcome.error } : {}),
    ...(outcome.errorKind ? { errorKind: outcome.errorKind } : {}),
    model: resolved.model.name,
  };
}

/**
 * A final save that finds the chat deleted (by another aichat while the reply streamed)
 * says so, rather than that its file is missing and should be restored.
 */
async function chatGoneMeansNotSaved(
  ctx: ServiceContext,
  entry: ChatIndexEntry,
  write: () => Promise<unknown>,
): Promise<void> {
  try {
    await write();
  } catch (err) {
    // Not knowing (the session ended too), the save's own error is the one to say.
    const listed = await signedIn(ctx).then(
      ({ db }) => db.chats.some((c) => c.id === entry.id),
      () => true,
    );
    if (listed) throw err;
    throw new AichatError(
      'store',
      `chat "${entry.title || entry.id}" was deleted while its reply streamed: the reply was not saved`,
    );
  }
}

/** Sends a user message (after `parentId`, default the active leaf) and streams the reply. */
export async function sendUserMessage(
  ctx: ServiceContext,
  chatRef: string,
  content: string,
  options: ReplyOptions & { parentId?: Id | null } = {},
): Promise<ReplyResult> {
  if (!content.trim()) throw usageError('the message is empty');
  const userMessageId = newId();
  return converse(ctx, chatRef, options, (tree, now) => {
    const parentId =
      options.parentId === undefined ? (activeLeaf(tree)?.id ?? null) : options.parentId;
    if (parentId !== null && !hasMessage(tree, parentId)) {
      throw usageError(
        `no message "${parentId}" in chat "${chatRef}" (see: aichat chat show "${chatRef}" --tree)`,
      );
    }
    return {
      tree: addMessage(tree, {
        id: userMessageId,
        parentId,
        role: 'user',
        content,
        status: 'complete',
        createdAt: now,
      }),
      askAt: userMessageId,
      userMessageId,
    };
  });
}

/**
 * Asks again. Given a reply: for the message it answered, the new reply a sibling of the
 * old. Given a message of the user's: for a reply to it (its first, when its reply was
 * deleted or never came).
 */
export function regenerateReply(
  ctx: ServiceContext,
  chatRef: string,
  messageId: Id,
  options: ReplyOptions = {},
): Promise<ReplyResult> {
  return converse(ctx, chatRef, options, (tree) => {
    const node = getMessage(tree, messageId);
    const askAt = node.role === 'user' ? node.id : node.parentId;
    if (askAt === null) throw usageError('only a reply to a message can be regenerated');
    return { tree, askAt };
  });
}

/** Adds the edited text as a sibling of a user message (the old branch stays) and asks again. */
export async function editUserMessage(
  ctx: ServiceContext,
  chatRef: string,
  messageId: Id,
  content: string,
  options: ReplyOptions = {},
): Promise<ReplyResult> {
  if (!content.trim()) throw usageError('the message is empty');
  const userMessageId = newId();
  return converse(ctx, chatRef, options, (tree, now) => ({
    tree: editUserInTree(tree, messageId, content, userMessageId, now),
    askAt: userMessageId,
    userMessageId,
  }));
}

/** Changes the chat's tree under its lock; for the edits that ask no model. */
async function changeTree(
  ctx: ServiceContext,
  chatRef: string,
  change: (tree: MessageTree, now: number) => MessageTree,
) {
  const { db, user } = await signedIn(ctx);
  const entry = findOwned(db.chats, user.id, chatRef, chatLookup);
  return updateChatFile(
    ctx.dataDir,
    entry.id,
    (chat) => {
      chat.tree = change(chat.tree, ctx.now());
      return chat.tree;
    },
    ctx.lock,
  );
}

export const editAssistantMessage = (
  ctx: ServiceContext,
  chatRef: string,
  id: Id,
  content: string,
) => changeTree(ctx, chatRef, (tree, now) => editAssistantInTree(tree, id, content, now));

export const deleteMessage = (ctx: ServiceContext, chatRef: string, id: Id) =>
  changeTree(ctx, chatRef, (tree) => deleteSubtree(tree, id));

export const switchBranch = (ctx: ServiceContext, chatRef: string, id: Id, delta: -1 | 1) =>
  changeTree(ctx, chatRef, (tree) => switchBranchInTree(tree, id, delta));

/** Makes the path from the root to `id` the active one (a jump from the tree view). */
export const activateMessage = (ctx: ServiceContext, chatRef: string, id: Id) =>
  changeTree(ctx, chatRef, (tree) => activate(tree, id));
