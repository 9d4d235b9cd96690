/** Reads and changes of db.json on behalf of the signed-in user. */
import type { User } from '../core/types.js';
import { readDb, updateDb, type DbData } from '../store/db.js';
import { sessionUser } from './auth.js';
import type { ServiceContext } from './context.js';

export async function signedIn(ctx: ServiceContext): Promise<{ db: DbData; user: User }> {
  const db = await readDb(ctx.dataDir);
  return { db, user: sessionUser(ctx, db) };
}

/** Runs `change` under db.json's lock, checking the session against the fresh data. */
export function changeDb<R>(
  ctx: ServiceContext,
  change: (db: DbData, user: User) => R,
): Promise<R> {
  return updateDb(ctx.dataDir, (db) => change(db, sessionUser(ctx, db)), ctx.lock);
}
