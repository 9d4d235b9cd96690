import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { MessageNode } from '../../src/core/types.js';
import type { ChatFileData } from '../../src/store/chats.js';

/** Every message of every chat file in the data dir, as saved. */
export async function storedMessages(dataDir: string): Promise<MessageNode[]> {
  const chats = path.join(dataDir, 'chats');
  const files = (await readdir(chats)).filter((f) => f.endsWith('.json'));
  const data = await Promise.all(
    files.map(async (f) => JSON.parse(await readFile(path.join(chats, f), 'utf8')) as ChatFileData),
  );
  return data.flatMap((chat) => Object.values(chat.tree.nodes));
}
