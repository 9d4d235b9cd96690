/** One-shot questions (`aichat ask`): into a new chat, a named one, the last one, or nowhere. */
import { usageError } from '../core/errors.js';
import { appendTurn, findMessages, requestMessages } from '../core/tree.js';
import type { Id } from '../core/types.js';
import { readChatFile } from '../store/chats.js';
import { newChat } from './chats.js';
import type { ServiceContext } from './context.js';
import { sendUserMessage, type ReplyOptions, type ReplyResult } from './conversation.js';
import { chatLookup, findOwned } from './lookup.js';
import { chatRequest, resolveModel, streamReply } from './model-call.js';
import { signedIn } from './session.js';

export interface AskInput extends ReplyOptions {
  prompt: string;
  /** A chat id or title to continue. */
  chat?: string;
  /** Continue the user's last active chat. */
  continueLast?: boolean;
  /** Branch off this message (of `chat`, or found in any of the user's chats). */
  from?: Id;
  /** Ask without writing anything to the store. */
  save: boolean;
}

export type AskResult = Omit<ReplyResult, 'chatId' | 'replyId'> & { chatId?: Id; replyId?: Id };

export async function ask(ctx: ServiceContext, input: AskInput): Promise<AskResult> {
  if (!input.prompt.trim())
    throw usageError('nothing to ask: give a prompt as arguments or on stdin');
  if (input.chat !== undefined && input.continueLast)
    throw usageError('use --chat or --continue, not both');
  const signed = await signedIn(ctx);
  const chatId = await targetChat(ctx, signed, input);
  if (!input.save) return askWithoutSaving(ctx, signed, chatId, input);
  // Resolved before the chat is made: a request that cannot go (no model, a key's
  // variable unset) leaves no empty chat behind.
  if (chatId === undefined) resolveModel(ctx, signed.db, signed.user, undefined, input);
  const chat =
    chatId ?? (await newChat(ctx, input.model !== undefined ? { model: input.model } : {})).id;
  return sendUserMessage(ctx, chat, input.prompt, {
    ...input,
    ...(input.from !== undefined ? { parentId: input.from } : {}),
  });
}

type SignedIn = Awaited<ReturnType<typeof signedIn>>;

async function targetChat(
  ctx: ServiceContext,
  { db, user }: SignedIn,
  input: AskInput,
): Promise<Id | undefined> {
  if (input.chat !== undefined) return findOwned(db.chats, user.id, input.chat, chatLookup).id;
  if (input.continueLast) {
    const last = ctx.config.lastChat(ctx.dataDir, user.id);
    if (!last || !db.chats.some((c) => c.id === last && c.userId === user.id)) {
      throw usageError(
        'no last chat to continue: start one with aichat ask, or name one with --chat',
      );
    }
    return last;
  }
  if (input.from !== undefined) {
    for (const entry of db.chats.filter((c) => c.userId === user.id)) {
      const { tree } = await readChatFile(ctx.dataDir, entry.id);
      if (tree.nodes[input.from]) return entry.id;
    }
    throw usageError(`no message "${input.from}" in your chats (see: aichat chat show CHAT)`);
  }
  return undefined;
}

async function askWithoutSaving(
  ctx: ServiceContext,
  { db, user }: SignedIn,
  chatId: Id | undefined,
  input: AskInput,
): Promise<AskResult> {
  const entry = chatId === undefined ? undefined : db.chats.find((c) => c.id === chatId);
  const resolved = resolveModel(ctx, db, user, entry, input);
  const history = entry ? (await readChatFile(ctx.dataDir, entry.id)).tree : undefined;
  if (
    history &&
    input.from !== undefined &&
    findMessages(history, (m) => m.id === input.from).length === 0
  ) {
    throw usageError(`no message "${input.from}" in that chat`);
  }
  const context = history
    ? requestMessages(history, input.from, resolved.system)
    : { ...(resolved.system ? { system: resolved.system } : {}), messages: [] };
  appendTurn(context.messages, { role: 'user', content: input.prompt });
  const outcome = await streamReply(ctx, resolved, chatRequest(resolved, context), input);
  return {
    status: outcome.status,
    text: outcome.text,
    model: resolved.model.name,
    ...(outcome.usage ? { usage: outcome.usage } : {}),
    ...(outcome.error ? { error: outcome.error } : {}),
    ...(outcome.errorKind ? { errorKind: outcome.errorKind } : {}),
  };
}
