/**
 * What the user can do to chats and folders, shared by the keys and the slash commands so
 * each action is written once. A command asks what it is missing through the dialogs,
 * calls one service, and returns an `Effect` the screen applies.
 */
import { oneLine } from '../core/errors.js';
import type { Id } from '../core/types.js';
import type { DialogApi } from './hooks/useDialogs.js';
import type { Services } from './services.js';
import type { View } from './state.js';

export type Effect =
  | { kind: 'none' }
  | { kind: 'status'; text: string; tone?: 'info' | 'error' }
  | { kind: 'open'; chatId: Id; text?: string }
  /** The open chat is gone; open another one. */
  | { kind: 'closed'; text: string }
  | { kind: 'view'; view: View }
  | { kind: 'toggleRaw' }
  | { kind: 'regenerate' }
  | { kind: 'send'; text: string }
  | { kind: 'quit' };

export interface CommandEnv {
  services: Services;
  ui: DialogApi;
  /** The chat on screen, if any. */
  chatId: Id | null;
  /** Its title, for questions and messages. */
  chatTitle: string;
  systemPrompt: string | undefined;
  modelName: string | null;
  /** Stops the reply streaming into `chatId`, if one is, and waits until it has ended. */
  stopStreamIn: (chatId: Id) => Promise<void>;
  /** The same, if that reply is `messageId` or under it. */
  stopStreamUnder: (chatId: Id, messageId: Id) => Promise<void>;
}

export const none: Effect = { kind: 'none' };
export const info = (text: string): Effect => ({ kind: 'status', text, tone: 'info' });
export const failure = (text: string): Effect => ({ kind: 'status', text, tone: 'error' });

const NO_CHAT = failure('no chat is open: Ctrl+N starts one');
const shown = (title: string) => `"${title || '(untitled)'}"`;
const chatsLeft = (n: number) =>
  n === 0
    ? 'It holds no chats.'
    : `Its ${n === 1 ? 'chat stays' : `${n} chats stay`}, in no folder.`;

/** Runs a command, turning any thrown error into a one-line status message. */
export async function attempt(run: () => Promise<Effect>): Promise<Effect> {
  try {
    return await run();
  } catch (err) {
    return failure(oneLine(err));
  }
}

export async function newChat(env: CommandEnv, title?: string): Promise<Effect> {
  const chat = await env.services.newChat(title ? { title } : {});
  return { kind: 'open', chatId: chat.id, text: 'new chat' };
}

export async function renameChat(
  env: CommandEnv,
  chatId: Id | null,
  title?: string,
): Promise<Effect> {
  if (!chatId) return NO_CHAT;
  const next =
    title ??
    (await env.ui.prompt('Rename the chat', (await env.services.openChat(chatId)).entry.title));
  if (next === undefined) return none;
  const chat = await env.services.renameChat(chatId, next);
  return info(`renamed to ${shown(chat.title)}`);
}

export async function regenerateTitle(env: CommandEnv, chatId: Id | null): Promise<Effect> {
  if (!chatId) return NO_CHAT;
  return info(`title: ${shown(await env.services.regenerateTitle(chatId))}`);
}

export async function deleteChat(env: CommandEnv, chatId: Id | null): Promise<Effect> {
  if (!chatId) return NO_CHAT;
  const { entry } = await env.services.openChat(chatId);
  const sure = await env.ui.confirm(
    'Delete chat',
    `Delete ${shown(entry.title)} and all its messages? This cannot be undone.`,
  );
  if (!sure) return none;
  // Else the reply's last save would come after the chat is gone, and fail.
  await env.stopStreamIn(chatId);
  await env.services.removeChat(chatId);
  return chatId === env.chatId
    ? { kind: 'closed', text: `deleted ${shown(entry.title)}` }
    : info(`deleted ${shown(entry.title)}`);
}

/** Moves a chat to a folder by name; `-` (or choosing "no folder") takes it out of any. */
export async function moveChat(
  env: CommandEnv,
  chatId: Id | null,
  folder?: string,
): Promise<Effect> {
  if (!chatId) return NO_CHAT;
  let target: string | null | undefined = folder === '-' ? null : folder;
  if (folder === undefined) {
    const folders = await env.services.listFolders();
    if (folders.length === 0)
      return failure('no folders yet: press f in the chat list or type /folder NAME');
    const choice = await env.ui.pick<string | null>('Move the chat to', [
      ...folders.map((f) => ({ label: f.name, value: f.id, detail: `${f.chats} chats` })),
      { label: '(no folder)', value: null },
    ]);
    if (choice === undefined) return none;
    target = choice;
  }
  const chat = await env.services.moveChat(chatId, target ?? undefined);
  return info(chat.folder ? `moved to ${chat.folder}` : 'moved out of its folder');
}

export async function newFolder(env: CommandEnv, name?: string): Promise<Effect> {
  const chosen = name ?? (await env.ui.prompt('New folder', ''));
  if (!chosen) return none;
  const folder = await env.services.addFolder(chosen);
  return info(`folder ${shown(folder.name)} added`);
}

export async function renameFolder(
  env: CommandEnv,
  folder: string,
  name?: string,
): Promise<Effect> {
  const folders = await env.services.listFolders();
  const current = folders.find((f) => f.id === folder || f.name === folder);
  const next = name ?? (await env.ui.prompt('Rename the folder', current?.name ?? folder));
  if (!next) return none;
  const { folder: after, renamed } = await env.services.renameFolder(folder, next);
  return info(
    renamed
      ? `folder renamed to ${shown(after.name)}`
      : `folder ${shown(after.name)} already has that name`,
  );
}

export async function deleteFolder(env: CommandEnv, folder: string): Promise<Effect> {
  const folders = await env.services.listFolders();
  const found = folders.find((f) => f.id === folder || f.name === folder);
  if (!found) return failure(`no folder ${shown(folder)}`);
  const sure = await env.ui.confirm(
    'Delete folder',
    `Delete the folder ${shown(found.name)}? ${chatsLeft(found.chats)}`,
  );
  if (!sure) return none;
  await env.services.removeFolder(found.id);
  return info(`folder ${shown(found.name)} deleted`);
}

export async function setModel(
  env: CommandEnv,
  chatId: Id | null,
  model?: string,
): Promise<Effect> {
  if (!chatId) return NO_CHAT;
  let chosen = model;
  if (chosen === undefined) {
    const models = await env.services.listModels();
    chosen = await env.ui.pick(
      'Model for this chat',
      models.map((m) => ({
        label: m.name,
        value: m.name,
        detail: `${m.modelId} on ${m.endpoint}`,
      })),
      env.modelName ?? undefined,
    );
    if (chosen === undefined) return none;
  }
  const chat = await env.services.setChatModel(chatId, chosen);
  return info(`model: ${chat.model ?? chosen}`);
}

/** Sets the chat's system prompt; `-` clears it. */
export async function setSystemPrompt(
  env: CommandEnv,
  chatId: Id | null,
  prompt?: string,
): Promise<Effect> {
  if (!chatId) return NO_CHAT;
  const text =
    prompt ??
    (await env.ui.prompt('System prompt for this chat', env.systemPrompt ?? '', {
      hint: 'empty clears it',
    }));
  if (text === undefined) return none;
  const cleared = text.trim() === '' || text.trim() === '-';
  await env.services.setChatSystemPrompt(chatId, cleared ? undefined : text);
  return info(cleared ? 'system prompt cleared' : 'system prompt set');
}

export async function deleteMessage(
  env: CommandEnv,
  chatId: Id | null,
  messageId: Id,
): Promise<Effect> {
  if (!chatId) return NO_CHAT;
  const sure = await env.ui.confirm(
    'Delete message',
    'Delete this message and every reply under it?',
  );
  if (!sure) return none;
  // A reply streaming under the message goes with it. Its end (and its "stopped") comes
  // first: the partial reply is saved, then deleted.
  await env.stopStreamUnder(chatId, messageId);
  await env.services.deleteMessage(chatId, messageId);
  return info('message deleted');
}
