/** Chat titles written by the title model: after the first exchange, and on request. */
import { AichatError, oneLine } from '../core/errors.js';
import {
  cleanTitle,
  isTitled,
  titleRequest,
  TITLE_MAX_TOKENS,
  wantsAutoTitle,
} from '../core/title.js';
import type { Id } from '../core/types.js';
import { readChatFile } from '../store/chats.js';
import { updateDb } from '../store/db.js';
import type { ServiceContext } from './context.js';
import { chatRequest, resolveModel, streamReply } from './model-call.js';
import { chatLookup, findOwned } from './lookup.js';
import { signedIn } from './session.js';
import { settingsOf } from './settings.js';

/** Asks the title model for a title of the chat's first exchange. */
async function writeTitle(ctx: ServiceContext, chatId: Id, signal?: AbortSignal): Promise<string> {
  const { db, user } = await signedIn(ctx);
  const entry = findOwned(db.chats, user.id, chatId, chatLookup);
  const { tree } = await readChatFile(ctx.dataDir, entry.id);
  const ask = titleRequest(tree);
  if (!ask) throw new AichatError('usage', 'the chat has no message to name it by yet');
  const titleModelId = settingsOf(db, user.id).titleModelId;
  const resolved = resolveModel(ctx, db, user, entry, {
    ...(titleModelId && db.models.some((m) => m.id === titleModelId)
      ? { model: titleModelId }
      : {}),
    maxTokens: TITLE_MAX_TOKENS,
    system: ask.system,
  });
  const request = chatRequest(resolved, {
    system: ask.system,
    messages: [{ role: 'user', content: ask.prompt }],
  });
  const outcome = await streamReply(ctx, resolved, request, signal ? { signal } : {});
  const title = cleanTitle(outcome.text);
  if (outcome.status !== 'complete' || !title) {
    throw new AichatError('provider', outcome.error ?? 'the title model gave no title');
  }
  return title;
}

/** Sets `title` unless the user titled the chat meanwhile (or `force`). */
async function storeTitle(ctx: ServiceContext, chatId: Id, title: string, force: boolean) {
  return updateDb(
    ctx.dataDir,
    (db) => {
      const entry = db.chats.find((c) => c.id === chatId);
      if (!entry || (!force && entry.titleSource === 'manual')) return false;
      entry.title = title;
      entry.titleSource = 'auto';
      entry.updatedAt = ctx.now();
      return true;
    },
    ctx.lock,
  );
}

/**
 * Titles a chat after its first complete exchange. A failure only costs the title, so
 * it is reported, not thrown.
 */
export async function autoTitle(
  ctx: ServiceContext,
  chatId: Id,
  onNotice?: (text: string) => void,
  signal?: AbortSignal,
) {
  try {
    const { db, user } = await signedIn(ctx);
    const entry = findOwned(db.chats, user.id, chatId, chatLookup);
    // Most replies go to a titled chat: its messages need not be read to know.
    if (isTitled(entry)) return;
    const { tree } = await readChatFile(ctx.dataDir, entry.id);
    if (!wantsAutoTitle(entry, tree)) return;
    await storeTitle(ctx, entry.id, await writeTitle(ctx, entry.id, signal), false);
  } catch (err) {
    onNotice?.(
      signal?.aborted
        ? `the chat is left untitled for now: the title model was slow (title it with aichat chat title ${chatId} --regenerate)`
        : `could not title the chat: ${oneLine(err)}`,
    );
  }
}

/** `chat title ID --regenerate` and the TUI's action: replaces any title, even a manual one. */
export async function regenerateTitle(ctx: ServiceContext, chatRef: string): Promise<string> {
  const { db, user } = await signedIn(ctx);
  const entry = findOwned(db.chats, user.id, chatRef, chatLookup);
  const title = await writeTitle(ctx, entry.id);
  await storeTitle(ctx, entry.id, title, true);
  return title;
}
