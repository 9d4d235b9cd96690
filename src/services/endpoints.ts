/** The signed-in user's endpoints: where models are served and with which key. */
import {
  describeKey,
  normalizeBaseUrl,
  parseProvider,
  plainTextKeyWarning,
} from '../core/endpoint-rules.js';
import { usageError } from '../core/errors.js';
import type { Endpoint, Id, User } from '../core/types.js';
import type { DbData } from '../store/db.js';
import type { ServiceContext } from './context.js';
import { newId } from './ids.js';
import { sealApiKey, unlockDataKey } from './keys.js';
import { assertNameFree, endpointLookup, findOwned } from './lookup.js';
import { changeDb, signedIn } from './session.js';

/** An endpoint as shown to the user: the key masked, or the variable it comes from. */
export interface EndpointView {
  id: Id;
  name: string;
  provider: Endpoint['provider'];
  baseUrl: string;
  key: string;
  /** Its stored key was dropped by an admin's password reset. */
  keyLost?: true;
}

export const viewEndpoint = (e: Endpoint): EndpointView => ({
  id: e.id,
  name: e.name,
  provider: e.provider,
  baseUrl: e.baseUrl,
  key: describeKey(e),
  ...(e.keyLost ? { keyLost: true } : {}),
});

/** Where the key comes from: typed in (`key`), an environment variable, or nowhere. */
export type KeySource = { key: string } | { keyEnv: string } | { none: true };

/** Checks a key source; the typed-in key is returned for sealing. */
function checkKey(source: KeySource | undefined): { keyEnv?: string; key?: string } {
  if (!source || 'none' in source) return {};
  if ('keyEnv' in source) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(source.keyEnv)) {
      throw usageError(`"${source.keyEnv}" is not an environment variable name`);
    }
    return { keyEnv: source.keyEnv };
  }
  const key = source.key.trim();
  if (!key) throw usageError('the key is empty');
  if (/\s/.test(key)) throw usageError('the key contains white space; paste only the key');
  return { key };
}

/** The endpoint fields for a key: a variable's name, or the key sealed for this account. */
function keyFields(
  ctx: ServiceContext,
  db: DbData,
  user: User,
  endpointId: Id,
  source: KeySource | undefined,
) {
  const { keyEnv, key } = checkKey(source);
  if (keyEnv) return { keyEnv };
  if (key) return sealApiKey(unlockDataKey(ctx, db, user), user.id, endpointId, key);
  return {};
}

export interface EndpointChange {
  endpoint: EndpointView;
  warnings: string[];
}

export async function addEndpoint(
  ctx: ServiceContext,
  input: { name: string; provider: string; url: string; key?: KeySource },
): Promise<EndpointChange> {
  const provider = parseProvider(input.provider);
  const baseUrl = normalizeBaseUrl(input.url);
  const name = input.name.trim();
  checkKey(input.key);
  return changeDb(ctx, (db, user) => {
    assertNameFree(db.endpoints, user.id, name, endpointLookup);
    const id = newId();
    const endpoint: Endpoint = {
      id,
      userId: user.id,
      name,
      provider,
      baseUrl,
      ...keyFields(ctx, db, user, id, input.key),
      createdAt: ctx.now(),
    };
    db.endpoints.push(endpoint);
    return { endpoint: viewEndpoint(endpoint), warnings: warningsFor(endpoint) };
  });
}

const warningsFor = (e: Endpoint) => [plainTextKeyWarning(e)].filter((w) => w !== undefined);

/** The user's endpoints whose stored key an admin's password reset dropped. */
export async function lostKeyEndpoints(ctx: ServiceContext): Promise<string[]> {
  const { db, user } = await signedIn(ctx);
  return db.endpoints.filter((e) => e.userId === user.id && e.keyLost).map((e) => e.name);
}

export async function listEndpoints(ctx: ServiceContext): Promise<EndpointView[]> {
  const { db, user } = await signedIn(ctx);
  return db.endpoints.filter((e) => e.userId === user.id).map(viewEndpoint);
}

export async function editEndpoint(
  ctx: ServiceContext,
  ref: string,
  input: { url?: string; key?: KeySource; name?: string; provider?: string },
): Promise<EndpointChange> {
  if (Object.values(input).every((value) => value === undefined)) {
    throw usageError('nothing to change: give --url, --name, --key-stdin, --key-env or --no-key');
  }
  const baseUrl = input.url === undefined ? undefined : normalizeBaseUrl(input.url);
  const provider = input.provider === undefined ? undefined : parseProvider(input.provider);
  checkKey(input.key);
  return changeDb(ctx, (db, user) => {
    const endpoint = findOwned(db.endpoints, user.id, ref, endpointLookup);
    if (input.name !== undefined) {
      assertNameFree(db.endpoints, user.id, input.name.trim(), endpointLookup, endpoint.id);
      endpoint.name = input.name.trim();
    }
    if (baseUrl !== undefined) endpoint.baseUrl = baseUrl;
    if (provider !== undefined) endpoint.provider = provider;
    if (input.key !== undefined) {
      delete endpoint.sealedKey;
      delete endpoint.keyHint;
      delete endpoint.keyEnv;
      delete endpoint.keyLost;
      Object.assign(endpoint, keyFields(ctx, db, user, endpoint.id, input.key));
    }
    return { endpoint: viewEndpoint(endpoint), warnings: warningsFor(endpoint) };
  });
}

/** Removes an endpoint; refused while models use it, so no model is left pointing nowhere. */
export async function removeEndpoint(ctx: ServiceContext, ref: string): Promise<EndpointView> {
  return changeDb(ctx, (db, user) => {
    const endpoint = findOwned(db.endpoints, user.id, ref, endpointLookup);
    const models = db.models.filter((m) => m.endpointId === endpoint.id);
    if (models.length > 0) {
      throw usageError(
        `endpoint "${endpoint.name}" is used by ${models.length} model(s) (${models.map((m) => m.name).join(', ')}); remove them first with: aichat model rm NAME`,
      );
    }
    db.endpoints = db.endpoints.filter((e) => e.id !== endpoint.id);
    return viewEndpoint(endpoint);
  });
}
