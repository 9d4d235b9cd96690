/** Accounts and sign-in: bcrypt passwords, hashed session tokens, a growing delay on failures. */
import { randomBytes } from 'node:crypto';
import { AichatError, SessionError, usageError } from '../core/errors.js';
import type { LoginAttempts, Session, User } from '../core/types.js';
import { readDb, updateDb, type DbData } from '../store/db.js';
import { removeChatFile } from '../store/chats.js';
import type { ServiceContext } from './context.js';
import { newDataKey, unwrapWithPassword, wrapWithPassword } from './crypto.js';
import { newId } from './ids.js';
import { sealForSession, unlockDataKey } from './keys.js';
import { hashToken } from './tokens.js';
import { assertNameFreeIn, findIn, type Lookup } from './lookup.js';
import { provisionUser, writeWelcomeChat } from './provision.js';

export const BCRYPT_COST = 10;
export const SESSION_DAYS = 30;
const MAX_PASSWORD_BYTES = 72;
const SIGN_IN_FAILED = 'wrong user name or password';
/**
 * Compared against when the name is unknown, so both cases cost one bcrypt check of
 * the same cost. A literal, because hashing at load would slow every start-up.
 */
const DUMMY_HASH = '$2b$10$crPL7NPKgFRma37xFOu.1OO5haUOrAqIOBgWA4zmMl4O9FpvidbTW';

// Loaded by the commands that hash or check a password, not by every one that signs in
// from a session (bcryptjs is a fifth of the code `aichat ask` would otherwise parse).
const bcrypt = async () => (await import('bcryptjs')).default;

/**
 * NFC-normalises a password and refuses what bcrypt would silently cut: it only reads
 * the first 72 bytes.
 */
export function normalizePassword(password: string): string {
  const normalized = password.normalize('NFC');
  if (!normalized) throw usageError('the password is empty');
  const bytes = Buffer.byteLength(normalized, 'utf8');
  if (bytes > MAX_PASSWORD_BYTES) {
    throw usageError(
      `the password is ${bytes} bytes long; at most ${MAX_PASSWORD_BYTES} are allowed (bcrypt would ignore the rest)`,
    );
  }
  return normalized;
}

export function validateUserName(name: string): string {
  const trimmed = name.trim();
  if (!/^[\p{L}\p{N}][\p{L}\p{N}._-]{0,63}$/u.test(trimmed)) {
    throw usageError(
      `"${name}" is not a valid user name: use letters, digits, '.', '_' or '-' (at most 64)`,
    );
  }
  return trimmed;
}

/** Seconds to wait before the next check after `failures` wrong passwords in a row. */
export function signInDelayMs(failures: number): number {
  return failures < 3 ? 0 : Math.min(1000 * 2 ** (failures - 3), 30_000);
}

const userLookup: Lookup<User> = {
  noun: 'user',
  article: 'a',
  nameOf: (u) => u.name,
  listCommand: 'aichat user list',
};

export interface CreatedUser {
  user: User;
  /** True for the very first account: it is an admin and is signed in at once. */
  first: boolean;
}

/**
 * Adds an account with its default endpoint, model, settings and welcome chat. The
 * first account ever is an admin and needs no sign-in; later ones need an admin.
 */
export async function addUser(
  ctx: ServiceContext,
  input: { name: string; password: string; admin?: boolean },
): Promise<CreatedUser> {
  const name = validateUserName(input.name);
  const password = normalizePassword(input.password);
  const before = await readDb(ctx.dataDir);
  if (before.users.length > 0) await requireAdmin(ctx, 'add users');
  const passwordHash = await (await bcrypt()).hash(password, BCRYPT_COST);
  const now = ctx.now();
  const id = newId();
  const dataKey = newDataKey();
  const user: User = {
    id,
    name,
    passwordHash,
    keyWrap: wrapWithPassword(dataKey, password, id),
    admin: false,
    createdAt: now,
  };
  const provision = provisionUser(user, ctx.env, now);
  await writeWelcomeChat(ctx, provision);
  const first = await updateDb(
    ctx.dataDir,
    (db) => {
      // Decided inside the lock: two first accounts at once cannot both be admin by default.
      const isFirst = db.users.length === 0;
      if (!isFirst && before.users.length === 0) {
        throw new AichatError(
          'forbidden',
          'another account was created first; sign in as an admin to add users',
        );
      }
      assertNameFreeIn(db.users, name, userLookup);
      user.admin = isFirst || Boolean(input.admin);
      db.users.push(user);
      db.endpoints.push(provision.endpoint);
      db.models.push(provision.model);
      db.settings.push(provision.settings);
      db.chats.push(provision.chat.entry);
      return isFirst;
    },
    ctx.lock,
  ).catch(async (err: unknown) => {
    await removeChatFile(ctx.dataDir, provision.chat.entry.id, ctx.lock);
    throw err;
  });
  if (first) await startSession(ctx, user, dataKey);
  return { user, first };
}

/** Checks the password (after any delay earned by earlier failures) and signs in. */
export async function signIn(
  ctx: ServiceContext,
  rawName: string,
  rawPassword: string,
): Promise<User> {
  const name = rawName.trim();
  const password = normalizePassword(rawPassword);
  const db = await readDb(ctx.dataDir);
  await waitOutFailures(ctx, db, name);
  const user = db.users.find((u) => u.name === name);
  const ok = await (await bcrypt()).compare(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !ok) {
    await recordFailure(ctx, name);
    throw new AichatError('auth', SIGN_IN_FAILED);
  }
  await updateDb(
    ctx.dataDir,
    (fresh) => {
      fresh.loginAttempts = fresh.loginAttempts.filter((a) => a.name !== name);
    },
    ctx.lock,
  );
  await startSession(ctx, user, unwrapWithPassword(user.keyWrap, password, user.id));
  return user;
}

/** The delay earned by wrong passwords for this name, from any process. */
async function waitOutFailures(ctx: ServiceContext, db: DbData, name: string) {
  const attempts = db.loginAttempts.find((a) => a.name === name);
  const wait = (attempts?.lockedUntil ?? 0) - ctx.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}

async function recordFailure(ctx: ServiceContext, name: string) {
  await updateDb(
    ctx.dataDir,
    (db) => {
      let attempts: LoginAttempts | undefined = db.loginAttempts.find((a) => a.name === name);
      if (!attempts) {
        attempts = { name, failures: 0, lockedUntil: 0 };
        db.loginAttempts.push(attempts);
      }
      attempts.failures += 1;
      attempts.lockedUntil = ctx.now() + signInDelayMs(attempts.failures);
    },
    ctx.lock,
  );
}

async function startSession(ctx: ServiceContext, user: User, dataKey: Buffer) {
  const token = randomBytes(32).toString('base64url');
  const now = ctx.now();
  const id = newId();
  const session: Session = {
    id,
    userId: user.id,
    tokenHash: hashToken(token),
    keyWrap: sealForSession(dataKey, token, { id, userId: user.id }),
    createdAt: now,
    expiresAt: now + SESSION_DAYS * 24 * 3600 * 1000,
  };
  await updateDb(
    ctx.dataDir,
    (db) => {
      // Expired sessions are dropped whenever a new one starts, so the list stays short.
      db.sessions = db.sessions.filter((s) => s.expiresAt > now);
      db.sessions.push(session);
    },
    ctx.lock,
  );
  await ctx.config.setSessionToken(ctx.dataDir, token);
}

export async function signOut(ctx: ServiceContext): Promise<void> {
  const token = ctx.config.sessionToken(ctx.dataDir);
  if (!token) return;
  const hash = hashToken(token);
  await updateDb(
    ctx.dataDir,
    (db) => {
      db.sessions = db.sessions.filter((s) => s.tokenHash !== hash);
    },
    ctx.lock,
  );
  await ctx.config.setSessionToken(ctx.dataDir, undefined);
}

/** The signed-in user, from the token in the client config. */
export function sessionUser(ctx: ServiceContext, db: DbData): User {
  const token = ctx.config.sessionToken(ctx.dataDir);
  if (!token) {
    throw new SessionError(
      db.users.length === 0
        ? 'no account yet: create the first one with: aichat user add NAME'
        : 'not signed in: run aichat login',
    );
  }
  const hash = hashToken(token);
  const session = db.sessions.find((s) => s.tokenHash === hash);
  const user = session && db.users.find((u) => u.id === session.userId);
  if (!session || !user)
    throw new SessionError('your session is no longer valid: run aichat login');
  if (session.expiresAt <= ctx.now())
    throw new SessionError('your session expired: run aichat login');
  return user;
}

export async function currentUser(ctx: ServiceContext): Promise<User> {
  return sessionUser(ctx, await readDb(ctx.dataDir));
}

async function requireAdmin(ctx: ServiceContext, action: string): Promise<User> {
  const user = await currentUser(ctx);
  if (!user.admin) {
    throw new AichatError('forbidden', `only an admin can ${action} (signed in as ${user.name})`);
  }
  return user;
}

export interface UserSummary {
  id: string;
  name: string;
  admin: boolean;
  createdAt: number;
}

const summary = (u: User): UserSummary => ({
  id: u.id,
  name: u.name,
  admin: u.admin,
  createdAt: u.createdAt,
});

export async function listUsers(ctx: ServiceContext): Promise<UserSummary[]> {
  await requireAdmin(ctx, 'list users');
  return (await readDb(ctx.dataDir)).users.map(summary);
}

/** Removes an account and everything it owns. The last admin cannot be removed. */
export async function removeUser(ctx: ServiceContext, ref: string): Promise<UserSummary> {
  await requireAdmin(ctx, 'remove users');
  const { removed, chatIds } = await updateDb(
    ctx.dataDir,
    (db) => {
      const user = findIn(db.users, ref, userLookup);
      if (user.admin && db.users.filter((u) => u.admin).length === 1) {
        throw usageError(`${user.name} is the last admin; make another admin first`);
      }
      const mine = <T extends { userId: string }>(items: T[]) =>
        items.filter((i) => i.userId !== user.id);
      const chatIds = db.chats.filter((c) => c.userId === user.id).map((c) => c.id);
      db.users = db.users.filter((u) => u.id !== user.id);
      db.sessions = mine(db.sessions);
      db.endpoints = mine(db.endpoints);
      db.models = mine(db.models);
      db.settings = mine(db.settings);
      db.folders = mine(db.folders);
      db.chats = mine(db.chats);
      return { removed: user, chatIds };
    },
    ctx.lock,
  );
  for (const chatId of chatIds) await removeChatFile(ctx.dataDir, chatId, ctx.lock);
  return summary(removed);
}

export interface PasswordChange {
  user: UserSummary;
  /** The signed-in user changed their own password. */
  self: boolean;
  /** Endpoints whose stored keys were lost with an admin reset: their owner enters them again. */
  keysCleared: string[];
}

/** Whether `ref` (or no name) is the signed-in user: their own password needs the current one. */
export async function isSelf(ctx: ServiceContext, ref: string | undefined): Promise<boolean> {
  const db = await readDb(ctx.dataDir);
  const me = sessionUser(ctx, db);
  return ref === undefined || findIn(db.users, ref, userLookup).id === me.id;
}

/**
 * Sets a password: your own while signed in (your keys are re-wrapped), or anyone's as
 * an admin. An admin cannot unwrap another account's keys, so a reset starts that
 * account with a new data key and its stored API keys are cleared. Every other session
 * of the account ends.
 */
export async function changePassword(
  ctx: ServiceContext,
  ref: string | undefined,
  rawPassword: string,
  /** The current password, which changing your own needs: a session left open is not the account. */
  currentPassword?: string,
): Promise<PasswordChange> {
  const password = normalizePassword(rawPassword);
  const db = await readDb(ctx.dataDir);
  const me = sessionUser(ctx, db);
  const target = ref === undefined ? me : findIn(db.users, ref, userLookup);
  const self = target.id === me.id;
  if (!self && !me.admin) {
    throw new AichatError(
      'forbidden',
      `only an admin can change another user's password (signed in as ${me.name})`,
    );
  }
  if (self) {
    if (currentPassword === undefined) throw usageError('give your current password too');
    await waitOutFailures(ctx, db, me.name);
    if (!(await (await bcrypt()).compare(normalizePassword(currentPassword), me.passwordHash))) {
      await recordFailure(ctx, me.name);
      throw new AichatError('auth', 'that is not your current password; nothing was changed');
    }
  }
  const passwordHash = await (await bcrypt()).hash(password, BCRYPT_COST);
  const dataKey = self ? unlockDataKey(ctx, db, me) : newDataKey();
  const keyWrap = wrapWithPassword(dataKey, password, target.id);
  const myToken = ctx.config.sessionToken(ctx.dataDir);
  const keep = self && myToken ? hashToken(myToken) : '';
  const keysCleared = await updateDb(
    ctx.dataDir,
    (fresh) => {
      const user = fresh.users.find((u) => u.id === target.id);
      if (!user) throw new AichatError('not_found', `no user "${target.name}"`);
      user.passwordHash = passwordHash;
      user.keyWrap = keyWrap;
      fresh.sessions = fresh.sessions.filter((s) => s.userId !== user.id || s.tokenHash === keep);
      // The current password was right: wrong ones before it count no more, as at sign-in.
      if (self) fresh.loginAttempts = fresh.loginAttempts.filter((a) => a.name !== user.name);
      if (self) return [];
      const sealed = fresh.endpoints.filter((e) => e.userId === user.id && e.sealedKey);
      for (const endpoint of sealed) {
        delete endpoint.sealedKey;
        delete endpoint.keyHint;
        // Said wherever the key would be used, until it is set again.
        endpoint.keyLost = true;
      }
      return sealed.map((e) => e.name);
    },
    ctx.lock,
  );
  return { user: summary(target), self, keysCleared };
}

export async function hasAnyUser(ctx: ServiceContext): Promise<boolean> {
  return (await readDb(ctx.dataDir)).users.length > 0;
}
