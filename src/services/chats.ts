/** The signed-in user's chats: the index in db.json and each chat's own file. */
import { parseJsonExport, toJsonExport, toMarkdownExport } from '../core/chat-export.js';
import { usageError } from '../core/errors.js';
import { titleLine } from '../core/title.js';
import { activePath, emptyTree, settleAbandoned } from '../core/tree.js';
import type { ChatIndexEntry, Id, MessageNode, MessageTree, Role, User } from '../core/types.js';
import { chatsModifiedAt } from '../store/activity.js';
import { CHAT_VERSION, createChatFile, readChatFile, removeChatFile } from '../store/chats.js';
import type { DbData } from '../store/db.js';
import { cacheDir } from '../store/paths.js';
import type { ServiceContext } from './context.js';
import { isGone } from './writer.js';
import { newId } from './ids.js';
import { chatLookup, findOwned, folderLookup, modelLookup } from './lookup.js';
import { changeDb, signedIn } from './session.js';
import { settingsOf } from './settings.js';

export interface ChatSummary {
  id: Id;
  title: string;
  folderId: Id | null;
  folder: string | null;
  modelId: Id | null;
  model: string | null;
  createdAt: number;
  /** The last change to the chat or its messages. */
  lastActivityAt: number;
}

/** Folder and model names by id, looked up once per chat of a list of thousands. */
interface Names {
  folders: Map<Id, string>;
  models: Map<Id, string>;
}

const namesOf = (db: DbData): Names => ({
  folders: new Map(db.folders.map((f) => [f.id, f.name])),
  models: new Map(db.models.map((m) => [m.id, m.name])),
});

function summarize(names: Names, entry: ChatIndexEntry, modifiedAt?: number): ChatSummary {
  return {
    id: entry.id,
    title: entry.title,
    folderId: entry.folderId,
    folder: entry.folderId === null ? null : (names.folders.get(entry.folderId) ?? null),
    modelId: entry.modelId,
    model: entry.modelId === null ? null : (names.models.get(entry.modelId) ?? null),
    createdAt: entry.createdAt,
    // Whole milliseconds, as every other time (a file's mtime has a fraction).
    lastActivityAt: Math.floor(Math.max(entry.updatedAt, modifiedAt ?? 0)),
  };
}

/** The user's chats, most recently active first. */
export async function listChats(
  ctx: ServiceContext,
  options: { folder?: string } = {},
): Promise<ChatSummary[]> {
  const { db, user } = await signedIn(ctx);
  const folderId =
    options.folder === undefined
      ? undefined
      : findOwned(db.folders, user.id, options.folder, folderLookup).id;
  const entries = db.chats.filter(
    (c) => c.userId === user.id && (folderId === undefined || c.folderId === folderId),
  );
  const modified = chatsModifiedAt(
    ctx.dataDir,
    entries.map((c) => c.id),
    cacheDir(ctx.env),
  );
  const names = namesOf(db);
  return entries
    .map((entry, i) => summarize(names, entry, modified[i]))
    .sort((a, b) => b.lastActivityAt - a.lastActivityAt);
}

export interface NewChatInput {
  title?: string;
  folder?: string;
  model?: string;
  systemPrompt?: string;
  /** Set when importing: the messages the chat starts with. */
  tree?: MessageTree;
  titleSource?: ChatIndexEntry['titleSource'];
  /** Set when importing: when the chat was made and last changed. */
  createdAt?: number;
  updatedAt?: number;
  /** Made by hand (chat new, import): the chat `ask --continue` goes on with from now. */
  makeLast?: boolean;
}

/** Creates a chat with the user's default model and system prompt unless told otherwise. */
export async function newChat(ctx: ServiceContext, input: NewChatInput = {}): Promise<ChatSummary> {
  const { db, user } = await signedIn(ctx);
  const entry = newEntry(ctx, db, user, input);
  // Before the chat is made, so that a config that cannot be written leaves no chat behind
  // (a last chat that was never made is simply not continued).
  if (input.makeLast) await ctx.config.setLastChat(ctx.dataDir, user.id, entry.id);
  // The file first: a crash before the index is written leaves an unreachable file, not a dangling entry.
  await createChatFile(
    ctx.dataDir,
    {
      schemaVersion: CHAT_VERSION,
      chatId: entry.id,
      userId: user.id,
      tree: input.tree ?? emptyTree(),
    },
    ctx.lock,
  );
  try {
    return await changeDb(ctx, (fresh) => {
      fresh.chats.push(entry);
      return summarize(namesOf(fresh), entry);
    });
  } catch (err) {
    await removeChatFile(ctx.dataDir, entry.id, ctx.lock);
    throw err;
  }
}

function newEntry(
  ctx: ServiceContext,
  db: DbData,
  user: User,
  input: NewChatInput,
): ChatIndexEntry {
  const settings = settingsOf(db, user.id);
  const folderId =
    input.folder === undefined
      ? null
      : findOwned(db.folders, user.id, input.folder, folderLookup).id;
  const modelId =
    input.model === undefined
      ? (settings.defaultModelId ?? null)
      : findOwned(db.models, user.id, input.model, modelLookup).id;
  const systemPrompt = input.systemPrompt ?? settings.systemPrompt;
  const title = titleLine(input.title ?? '');
  const now = ctx.now();
  return {
    id: newId(),
    userId: user.id,
    title,
    titleSource: input.titleSource ?? (title ? 'manual' : 'none'),
    folderId,
    modelId,
    ...(systemPrompt ? { systemPrompt } : {}),
    createdAt: input.createdAt ?? now,
    updatedAt: input.updatedAt ?? now,
  };
}

export interface OpenChat {
  entry: ChatIndexEntry;
  tree: MessageTree;
  summary: ChatSummary;
}

export async function openChat(ctx: ServiceContext, ref: string): Promise<OpenChat> {
  const { db, user } = await signedIn(ctx);
  const entry = findOwned(db.chats, user.id, ref, chatLookup);
  const file = await readChatFile(ctx.dataDir, entry.id);
  // Shown as it will be treated: a reply whose process died is incomplete, not streaming.
  return {
    entry,
    tree: settleAbandoned(file.tree, ctx.now(), isGone),
    summary: summarize(namesOf(db), entry),
  };
}

/** Changes a chat's index entry (title, folder, model, system prompt) under the lock. */
function changeEntry(
  ctx: ServiceContext,
  ref: string,
  change: (entry: ChatIndexEntry, db: DbData, user: User) => void,
): Promise<ChatSummary> {
  return changeDb(ctx, (db, user) => {
    const entry = findOwned(db.chats, user.id, ref, chatLookup);
    change(entry, db, user);
    entry.updatedAt = ctx.now();
    return summarize(namesOf(db), entry);
  });
}

export function renameChat(ctx: ServiceContext, ref: string, title: string) {
  const line = titleLine(title);
  if (!line) throw usageError('a chat title cannot be empty');
  return changeEntry(ctx, ref, (entry) => {
    entry.title = line;
    entry.titleSource = 'manual';
  });
}

/** Moves a chat into a folder, or out of any folder when `folder` is undefined. */
export function moveChat(ctx: ServiceContext, ref: string, folder: string | undefined) {
  return changeEntry(ctx, ref, (entry, db, user) => {
    entry.folderId =
      folder === undefined ? null : findOwned(db.folders, user.id, folder, folderLookup).id;
  });
}

export function setChatModel(ctx: ServiceContext, ref: string, model: string) {
  return changeEntry(ctx, ref, (entry, db, user) => {
    entry.modelId = findOwned(db.models, user.id, model, modelLookup).id;
  });
}

export function setChatSystemPrompt(ctx: ServiceContext, ref: string, prompt: string | undefined) {
  return changeEntry(ctx, ref, (entry) => {
    if (prompt?.trim()) entry.systemPrompt = prompt;
    else delete entry.systemPrompt;
  });
}

export async function removeChat(ctx: ServiceContext, ref: string): Promise<ChatSummary> {
  const removed = await changeDb(ctx, (db, user) => {
    const entry = findOwned(db.chats, user.id, ref, chatLookup);
    db.chats = db.chats.filter((c) => c.id !== entry.id);
    return summarize(namesOf(db), entry);
  });
  await removeChatFile(ctx.dataDir, removed.id, ctx.lock);
  return removed;
}

export type ExportFormat = 'md' | 'json';

export function parseExportFormat(value: string): ExportFormat {
  if (value === 'md' || value === 'json') return value;
  throw usageError(`unknown export format "${value}": use md or json`);
}

export async function exportChat(
  ctx: ServiceContext,
  ref: string,
  format: ExportFormat,
): Promise<string> {
  const { entry, tree, summary } = await openChat(ctx, ref);
  const model = summary.model ?? undefined;
  return format === 'json'
    ? toJsonExport(entry, tree, model)
    : toMarkdownExport(entry, tree, model);
}

/** Adds a JSON export as a new chat of the signed-in user, with new ids. */
export async function importChat(
  ctx: ServiceContext,
  text: string,
  source: string,
): Promise<ChatSummary> {
  const data = parseJsonExport(text, newId, source);
  const { db, user } = await signedIn(ctx);
  const model =
    data.chat.model && db.models.find((m) => m.userId === user.id && m.name === data.chat.model);
  return newChat(ctx, {
    title: data.chat.title,
    titleSource: data.chat.titleSource,
    ...(model ? { model: model.id } : {}),
    // None in the file means the chat had none, not that it takes the importer's default.
    systemPrompt: data.chat.systemPrompt ?? '',
    makeLast: true,
    tree: data.tree,
    // 0: an export that did not say.
    ...(data.chat.createdAt > 0 ? { createdAt: data.chat.createdAt } : {}),
    ...(data.chat.updatedAt > 0 ? { updatedAt: data.chat.updatedAt } : {}),
  });
}

export interface SearchHit {
  chatId: Id;
  chatTitle: string;
  messageId: Id;
  role: Role;
  /** One line around the first match. */
  snippet: string;
  onActivePath: boolean;
}

/**
 * Case-insensitive search through every message of every branch of the user's chats. A
 * chat whose file cannot be read is passed to `onUnreadable` and the search goes on.
 */
export async function searchChats(
  ctx: ServiceContext,
  text: string,
  onUnreadable: (chatId: Id, err: unknown) => void,
): Promise<SearchHit[]> {
  if (!text.trim()) throw usageError('search for what? give some text');
  // Matched in the text as it is (not in a lower-cased copy, whose offsets can differ).
  const needle = new RegExp(text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&'), 'iu');
  const { db, user } = await signedIn(ctx);
  const hits: SearchHit[] = [];
  for (const entry of db.chats.filter((c) => c.userId === user.id)) {
    let tree: MessageTree;
    try {
      ({ tree } = await readChatFile(ctx.dataDir, entry.id));
    } catch (err) {
      onUnreadable(entry.id, err);
      continue;
    }
    const active = new Set(activePath(tree).map((node) => node.id));
    for (const node of Object.values(tree.nodes)) {
      const match = needle.exec(node.content);
      if (!match) continue;
      hits.push({
        chatId: entry.id,
        chatTitle: entry.title,
        messageId: node.id,
        role: node.role,
        snippet: snippetAround(node, match.index, match[0].length),
        onActivePath: active.has(node.id),
      });
    }
  }
  return hits;
}

function snippetAround(node: MessageNode, at: number, length: number): string {
  const start = Math.max(0, at - 30);
  const end = Math.min(node.content.length, at + length + 30);
  const text = node.content.slice(start, end).replace(/\s+/g, ' ').trim();
  return `${start > 0 ? '…' : ''}${text}${end < node.content.length ? '…' : ''}`;
}
