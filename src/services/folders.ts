/** The signed-in user's folders of chats. */
import type { Folder, Id } from '../core/types.js';
import { removeChatFile } from '../store/chats.js';
import type { ServiceContext } from './context.js';
import { newId } from './ids.js';
import { assertNameFree, findOwned, folderLookup } from './lookup.js';
import { changeDb, signedIn } from './session.js';

export interface FolderView {
  id: Id;
  name: string;
  chats: number;
}

export async function addFolder(ctx: ServiceContext, name: string): Promise<FolderView> {
  return changeDb(ctx, (db, user) => {
    assertNameFree(db.folders, user.id, name.trim(), folderLookup);
    const folder: Folder = {
      id: newId(),
      userId: user.id,
      name: name.trim(),
      createdAt: ctx.now(),
    };
    db.folders.push(folder);
    return { id: folder.id, name: folder.name, chats: 0 };
  });
}

export async function listFolders(ctx: ServiceContext): Promise<FolderView[]> {
  const { db, user } = await signedIn(ctx);
  const counts = new Map<Id | null, number>();
  for (const chat of db.chats) counts.set(chat.folderId, (counts.get(chat.folderId) ?? 0) + 1);
  return db.folders
    .filter((f) => f.userId === user.id)
    .map((f) => ({ id: f.id, name: f.name, chats: counts.get(f.id) ?? 0 }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Renames a folder; `renamed` is false when it had that name already. */
export async function renameFolder(
  ctx: ServiceContext,
  ref: string,
  name: string,
): Promise<{ folder: FolderView; renamed: boolean }> {
  return changeDb(ctx, (db, user) => {
    const folder = findOwned(db.folders, user.id, ref, folderLookup);
    assertNameFree(db.folders, user.id, name.trim(), folderLookup, folder.id);
    const renamed = folder.name !== name.trim();
    folder.name = name.trim();
    const chats = db.chats.filter((c) => c.folderId === folder.id).length;
    return { folder: { id: folder.id, name: folder.name, chats }, renamed };
  });
}

/**
 * Removes a folder. Its chats move to no folder, or with `withChats` are removed too
 * (index first, then files: a crash between leaves only unreachable files behind).
 */
export async function removeFolder(
  ctx: ServiceContext,
  ref: string,
  options: { withChats?: boolean } = {},
): Promise<{ folder: FolderView; removedChats: number; movedChats: number }> {
  const result = await changeDb(ctx, (db, user) => {
    const folder = findOwned(db.folders, user.id, ref, folderLookup);
    const inFolder = db.chats.filter((c) => c.folderId === folder.id);
    db.folders = db.folders.filter((f) => f.id !== folder.id);
    if (options.withChats) {
      db.chats = db.chats.filter((c) => c.folderId !== folder.id);
    } else {
      for (const chat of inFolder) chat.folderId = null;
    }
    return {
      folder: { id: folder.id, name: folder.name, chats: inFolder.length },
      chatIds: inFolder.map((c) => c.id),
    };
  });
  if (options.withChats) {
    for (const chatId of result.chatIds) await removeChatFile(ctx.dataDir, chatId, ctx.lock);
  }
  return {
    folder: result.folder,
    removedChats: options.withChats ? result.chatIds.length : 0,
    movedChats: options.withChats ? 0 : result.chatIds.length,
  };
}
