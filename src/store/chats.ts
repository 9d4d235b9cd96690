/** chats/<id>.json: one chat's message tree, so a message write costs the same in any store. */
import { AichatError } from '../core/errors.js';
import type { Id, MessageTree } from '../core/types.js';
import {
  isRecord,
  readJsonFile,
  removeJsonFile,
  updateJsonFile,
  type JsonFileSpec,
  type LockOptions,
} from './file.js';
import type { Migrations } from './migrate.js';
import { chatFile } from './paths.js';

export const CHAT_VERSION = 1;

export interface ChatFileData {
  schemaVersion: number;
  chatId: Id;
  userId: Id;
  tree: MessageTree;
}

const migrations: Migrations = {};

function isChatFileData(data: unknown): data is ChatFileData {
  return (
    isRecord(data) &&
    typeof data.chatId === 'string' &&
    typeof data.userId === 'string' &&
    isRecord(data.tree) &&
    isRecord(data.tree.nodes) &&
    Array.isArray(data.tree.rootIds)
  );
}

export function chatSpec(dataDir: string, chatId: Id): JsonFileSpec<ChatFileData> {
  return {
    file: chatFile(dataDir, chatId),
    currentVersion: CHAT_VERSION,
    migrations,
    isValid: isChatFileData,
  };
}

export async function readChatFile(dataDir: string, chatId: Id): Promise<ChatFileData> {
  const read = await readJsonFile(chatSpec(dataDir, chatId));
  if (!read) throw missing(dataDir, chatId);
  return read.data;
}

/** Changes an existing chat's tree under its lock. */
export function updateChatFile<R>(
  dataDir: string,
  chatId: Id,
  change: (chat: ChatFileData) => R,
  lock?: LockOptions,
): Promise<R> {
  return updateJsonFile(
    chatSpec(dataDir, chatId),
    () => {
      throw missing(dataDir, chatId);
    },
    change,
    lock,
  );
}

export function createChatFile(dataDir: string, data: ChatFileData, lock?: LockOptions) {
  return updateJsonFile(
    chatSpec(dataDir, data.chatId),
    () => data,
    (existing) => {
      if (existing !== data)
        throw new AichatError('conflict', `chat ${data.chatId} already exists`);
    },
    lock,
  );
}

export function removeChatFile(dataDir: string, chatId: Id, lock?: LockOptions) {
  return removeJsonFile(chatFile(dataDir, chatId), lock);
}

function missing(dataDir: string, chatId: Id) {
  return new AichatError(
    'store',
    `${chatFile(dataDir, chatId)} is missing: the chat's messages are gone (remove the chat, or restore the file)`,
  );
}
