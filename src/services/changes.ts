/** A cheap way for a long-running view to tell whether anything in the store changed. */
import { stat } from 'node:fs/promises';
import { chatsDir, dbFile } from '../store/paths.js';
import type { ServiceContext } from './context.js';

/**
 * Changes whenever db.json or any chat file is written: every write renames a new file
 * into place, which also changes the chats directory's mtime. Two stats, whatever the
 * size of the store, so the TUI can poll it every second.
 */
export async function changeStamp(ctx: ServiceContext): Promise<string> {
  const mtime = (file: string) =>
    stat(file).then(
      (s) => s.mtimeMs,
      () => 0,
    );
  const [db, chats] = await Promise.all([mtime(dbFile(ctx.dataDir)), mtime(chatsDir(ctx.dataDir))]);
  return `${db}:${chats}`;
}
