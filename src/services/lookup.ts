import { conflict, notFound, usageError } from '../core/errors.js';
import type { ChatIndexEntry, Endpoint, Folder, Id, Model } from '../core/types.js';

interface Owned {
  id: Id;
  userId: Id;
}

/**
 * Finds one of the user's records by id, else by exact name. Another user's record is
 * "not found" exactly like a missing one, so nothing leaks about it.
 */
export function findOwned<T extends Owned>(
  items: readonly T[],
  userId: Id,
  ref: string,
  what: Lookup<T>,
): T {
  return findIn(
    items.filter((item) => item.userId === userId),
    ref,
    what,
  );
}

/** Finds a record by id, else by exact name, among `items` (users, which no one owns). */
export function findIn<T extends { id: Id }>(items: readonly T[], ref: string, what: Lookup<T>): T {
  // An empty reference (an unset shell variable) would match whatever has no name.
  if (!ref.trim()) {
    throw usageError(`name ${what.article} ${what.noun} by id or name; "${ref}" is empty`);
  }
  const byId = items.find((item) => item.id === ref);
  if (byId) return byId;
  const byName = items.filter((item) => what.nameOf(item) === ref);
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1) {
    throw usageError(
      `${byName.length} ${what.noun}s are named "${ref}"; name one by id: ${byName.map((item) => item.id).join(', ')}`,
    );
  }
  throw notFound(`no ${what.noun} "${ref}" (see: ${what.listCommand})`);
}

export function assertNameFree<T extends Owned>(
  items: readonly T[],
  userId: Id,
  name: string,
  what: Pick<Lookup<T>, 'noun' | 'article' | 'nameOf'>,
  exceptId?: Id,
) {
  assertNameFreeIn(
    items.filter((item) => item.userId === userId),
    name,
    what,
    exceptId,
  );
}

/** Refuses a name already used among `items` (by another record than `exceptId`). */
export function assertNameFreeIn<T extends { id: Id }>(
  items: readonly T[],
  name: string,
  what: Pick<Lookup<T>, 'noun' | 'article' | 'nameOf'>,
  exceptId?: Id,
) {
  if (!name.trim()) throw usageError(`${what.article} ${what.noun} name cannot be empty`);
  // A name is shown on one line and typed back: a line break or a control character in it
  // could be neither.
  if ([...name].some((ch) => ch < ' ' || ch === '\u007f')) {
    throw usageError(
      `${what.article} ${what.noun} name is one line of text, with no control characters`,
    );
  }
  const clash = items.find((item) => item.id !== exceptId && what.nameOf(item) === name);
  if (clash) throw conflict(`${what.noun} "${name}" already exists`);
  // Lookups try ids first: a name that is another one's id could never be used.
  if (items.some((item) => item.id !== exceptId && item.id === name)) {
    throw conflict(`"${name}" is the id of another ${what.noun}: choose another name`);
  }
}

export interface Lookup<T> {
  noun: string;
  /** The article `noun` takes: a model, an endpoint. */
  article: 'a' | 'an';
  nameOf: (item: T) => string;
  listCommand: string;
}

export const endpointLookup: Lookup<Endpoint> = {
  noun: 'endpoint',
  article: 'an',
  nameOf: (e) => e.name,
  listCommand: 'aichat endpoint list',
};
export const modelLookup: Lookup<Model> = {
  noun: 'model',
  article: 'a',
  nameOf: (m) => m.name,
  listCommand: 'aichat model list',
};
export const folderLookup: Lookup<Folder> = {
  noun: 'folder',
  article: 'a',
  nameOf: (f) => f.name,
  listCommand: 'aichat folder list',
};
export const chatLookup: Lookup<ChatIndexEntry> = {
  noun: 'chat',
  article: 'a',
  nameOf: (c) => c.title,
  listCommand: 'aichat chat list',
};
