/** Per-user settings: default model, system prompt, temperature and title model. */
import { usageError } from '../core/errors.js';
import { parseTemperature, parseTimeout } from '../core/model-rules.js';
import type { Id, Settings } from '../core/types.js';
import type { DbData } from '../store/db.js';
import type { ServiceContext } from './context.js';
import { findOwned, modelLookup } from './lookup.js';
import { changeDb, signedIn } from './session.js';

/** The user's settings record, or an empty one; never changes `db`. */
export function settingsOf(db: DbData, userId: Id): Settings {
  return db.settings.find((s) => s.userId === userId) ?? { userId };
}

/** The user's settings record, added to `db` if missing, for changes under the lock. */
export function ensureSettings(db: DbData, userId: Id): Settings {
  let settings = db.settings.find((s) => s.userId === userId);
  if (!settings) {
    settings = { userId };
    db.settings.push(settings);
  }
  return settings;
}

interface SettingKey {
  describe: string;
  /** Text that may span lines; the others are one line. */
  multiline?: boolean;
  get(db: DbData, s: Settings): string | number | undefined;
  set(db: DbData, s: Settings, value: string): void;
  unset(s: Settings): void;
}

function modelName(db: DbData, id: Id | undefined) {
  return id === undefined ? undefined : db.models.find((m) => m.id === id)?.name;
}

/** Settings by their command-line names; the table is the one place that lists them. */
export const settingKeys: Record<string, SettingKey> = {
  'default-model': {
    describe: 'model used for new chats and aichat ask',
    get: (db, s) => modelName(db, s.defaultModelId),
    set: (db, s, v) => (s.defaultModelId = findOwned(db.models, s.userId, v, modelLookup).id),
    unset: (s) => delete s.defaultModelId,
  },
  'system-prompt': {
    describe: 'system prompt for new chats',
    multiline: true,
    get: (_db, s) => s.systemPrompt,
    set: (_db, s, v) => (s.systemPrompt = v),
    unset: (s) => delete s.systemPrompt,
  },
  temperature: {
    describe: 'temperature when the model sets none (0 to 2)',
    get: (_db, s) => s.temperature,
    set: (_db, s, v) => (s.temperature = parseTemperature(v)),
    unset: (s) => delete s.temperature,
  },
  timeout: {
    describe:
      'seconds a reply or an endpoint test step may stay silent before it is given up (default 60; 15 in endpoint test)',
    get: (_db, s) => s.streamTimeoutSec,
    set: (_db, s, v) => (s.streamTimeoutSec = parseTimeout(v)),
    unset: (s) => delete s.streamTimeoutSec,
  },
  'title-model': {
    describe: 'model that writes chat titles (default: the chat’s own model)',
    get: (db, s) => modelName(db, s.titleModelId),
    set: (db, s, v) => (s.titleModelId = findOwned(db.models, s.userId, v, modelLookup).id),
    unset: (s) => delete s.titleModelId,
  },
};

function keyOf(name: string): SettingKey {
  const key = Object.hasOwn(settingKeys, name) ? settingKeys[name] : undefined;
  if (!key)
    throw usageError(`unknown setting "${name}": use ${Object.keys(settingKeys).join(', ')}`);
  return key;
}

export type SettingsView = Record<string, string | number | null>;

export async function getSettings(ctx: ServiceContext): Promise<SettingsView> {
  const { db, user } = await signedIn(ctx);
  const settings = settingsOf(db, user.id);
  return Object.fromEntries(
    Object.entries(settingKeys).map(([name, key]) => [name, key.get(db, settings) ?? null]),
  );
}

export async function getSetting(ctx: ServiceContext, name: string) {
  const key = keyOf(name);
  const { db, user } = await signedIn(ctx);
  return key.get(db, settingsOf(db, user.id)) ?? null;
}

export async function setSetting(ctx: ServiceContext, name: string, value: string | undefined) {
  const key = keyOf(name);
  return changeDb(ctx, (db, user) => {
    const settings = ensureSettings(db, user.id);
    if (value === undefined) key.unset(settings);
    else key.set(db, settings, value);
    return key.get(db, settings) ?? null;
  });
}
