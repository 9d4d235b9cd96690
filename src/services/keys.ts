/** The signed-in account's data key, and the API keys it seals. */
import { SessionError } from '../core/errors.js';
import { maskKey } from '../core/endpoint-rules.js';
import type { Endpoint, Id, Sealed, Session, User } from '../core/types.js';
import type { DbData } from '../store/db.js';
import type { ServiceContext } from './context.js';
import { hashToken } from './tokens.js';
import { open, seal, sessionKek } from './crypto.js';

const sessionAad = (session: Pick<Session, 'id' | 'userId'>) =>
  `account:${session.userId}:session:${session.id}`;
const endpointAad = (userId: Id, endpointId: Id) => `account:${userId}:endpoint:${endpointId}`;

/** Wraps the data key for a new session, under a key only its raw token can derive. */
export function sealForSession(
  dataKey: Buffer,
  token: string,
  session: Pick<Session, 'id' | 'userId'>,
): Sealed {
  return seal(dataKey, sessionKek(token), sessionAad(session));
}

/** The data key of the signed-in user, unwrapped with this client's session token. */
export function unlockDataKey(ctx: ServiceContext, db: DbData, user: User): Buffer {
  const token = ctx.config.sessionToken(ctx.dataDir);
  const session =
    token && db.sessions.find((s) => s.tokenHash === hashToken(token) && s.userId === user.id);
  if (!token || !session) throw new SessionError('not signed in: run aichat login');
  return open(
    session.keyWrap,
    sessionKek(token),
    sessionAad(session),
    'your session cannot unlock your keys: run aichat login',
  );
}

/** The fields that store a typed-in API key on an endpoint: sealed, with a masked hint. */
export function sealApiKey(
  dataKey: Buffer,
  userId: Id,
  endpointId: Id,
  key: string,
): Pick<Endpoint, 'sealedKey' | 'keyHint'> {
  return { sealedKey: seal(key, dataKey, endpointAad(userId, endpointId)), keyHint: maskKey(key) };
}

export function openApiKey(
  ctx: ServiceContext,
  db: DbData,
  user: User,
  endpoint: Endpoint,
): string | undefined {
  if (!endpoint.sealedKey) return undefined;
  const dataKey = unlockDataKey(ctx, db, user);
  return open(
    endpoint.sealedKey,
    dataKey,
    endpointAad(user.id, endpoint.id),
    `the key of endpoint "${endpoint.name}" cannot be read (was it set by another account?): set it again with aichat endpoint edit ${endpoint.name} --key-stdin`,
  ).toString('utf8');
}
