/** The signed-in user's models: a display name for a model id on one of their endpoints. */
import { usageError } from '../core/errors.js';
import { isModelId, parseMaxTokens, parseModelId, parseTemperature } from '../core/model-rules.js';
import type { Id, Model } from '../core/types.js';
import type { DbData } from '../store/db.js';
import type { ServiceContext } from './context.js';
import { newId } from './ids.js';
import { assertNameFree, endpointLookup, findOwned, modelLookup } from './lookup.js';
import { changeDb, signedIn } from './session.js';
import { ensureSettings, settingsOf } from './settings.js';
import { targetOf } from './model-call.js';

export interface ModelView {
  id: Id;
  name: string;
  endpoint: string;
  modelId: string;
  temperature?: number;
  maxTokens?: number;
  default: boolean;
}

export interface ModelInput {
  endpoint?: string;
  modelId?: string;
  temperature?: string | number;
  maxTokens?: string | number;
}

export async function addModel(
  ctx: ServiceContext,
  name: string,
  input: ModelInput,
): Promise<ModelView> {
  return changeDb(ctx, (db, user) => {
    assertNameFree(db.models, user.id, name.trim(), modelLookup);
    if (!input.endpoint) throw usageError('a model needs --endpoint');
    const endpoint = findOwned(db.endpoints, user.id, input.endpoint, endpointLookup);
    const model: Model = {
      id: newId(),
      userId: user.id,
      name: name.trim(),
      endpointId: endpoint.id,
      modelId: parseModelId(input.modelId ?? name),
      createdAt: ctx.now(),
    };
    applyParams(model, input);
    db.models.push(model);
    const settings = ensureSettings(db, user.id);
    // A user's first model becomes their default, so `ask` works right away.
    if (!settings.defaultModelId || !db.models.some((m) => m.id === settings.defaultModelId)) {
      settings.defaultModelId = model.id;
    }
    return viewModel(db, model);
  });
}

function applyParams(model: Model, input: ModelInput) {
  if (input.temperature !== undefined) model.temperature = parseTemperature(input.temperature);
  if (input.maxTokens !== undefined) model.maxTokens = parseMaxTokens(input.maxTokens);
}

export async function listModels(ctx: ServiceContext): Promise<ModelView[]> {
  const { db, user } = await signedIn(ctx);
  return db.models.filter((m) => m.userId === user.id).map((m) => viewModel(db, m));
}

export async function editModel(
  ctx: ServiceContext,
  ref: string,
  input: ModelInput & { name?: string },
): Promise<ModelView> {
  return changeDb(ctx, (db, user) => {
    const model = findOwned(db.models, user.id, ref, modelLookup);
    if (input.name !== undefined) {
      assertNameFree(db.models, user.id, input.name.trim(), modelLookup, model.id);
      model.name = input.name.trim();
    }
    if (input.endpoint !== undefined) {
      model.endpointId = findOwned(db.endpoints, user.id, input.endpoint, endpointLookup).id;
    }
    if (input.modelId !== undefined) model.modelId = parseModelId(input.modelId);
    applyParams(model, input);
    return viewModel(db, model);
  });
}

export interface RemovedModel {
  model: ModelView;
  /** Settings that named it, now unset: `default-model`, `title-model`. */
  unset: string[];
  /** Chats that used it, which now use the default model. */
  chats: number;
}

/** Removes a model. Chats that used it fall back to the default model when next asked. */
export async function removeModel(ctx: ServiceContext, ref: string): Promise<RemovedModel> {
  return changeDb(ctx, (db, user) => {
    const model = findOwned(db.models, user.id, ref, modelLookup);
    const view = viewModel(db, model);
    db.models = db.models.filter((m) => m.id !== model.id);
    const settings = ensureSettings(db, user.id);
    const unset: string[] = [];
    if (settings.defaultModelId === model.id) {
      delete settings.defaultModelId;
      unset.push('default-model');
    }
    if (settings.titleModelId === model.id) {
      delete settings.titleModelId;
      unset.push('title-model');
    }
    const chats = db.chats.filter((c) => c.userId === user.id && c.modelId === model.id).length;
    return { model: view, unset, chats };
  });
}

function viewModel(db: DbData, model: Model): ModelView {
  const endpoint = db.endpoints.find((e) => e.id === model.endpointId);
  return {
    id: model.id,
    name: model.name,
    endpoint: endpoint?.name ?? '(removed)',
    modelId: model.modelId,
    ...(model.temperature !== undefined ? { temperature: model.temperature } : {}),
    ...(model.maxTokens !== undefined ? { maxTokens: model.maxTokens } : {}),
    default: settingsOf(db, model.userId).defaultModelId === model.id,
  };
}

export interface ImportResult {
  added: ModelView[];
  /** Listed models the user already has on this endpoint. */
  existing: number;
  /** Listed models left out: both their id and `<endpoint>/<id>` already name a model. */
  nameTaken: string[];
  /** Listed ids left out as no id at all: empty, padded, or holding control characters. */
  unusable: number;
}

/** Adds every model the endpoint lists that the user does not have on it yet. */
export async function importModels(
  ctx: ServiceContext,
  endpointRef: string,
): Promise<ImportResult> {
  const { db, user } = await signedIn(ctx);
  const endpoint = findOwned(db.endpoints, user.id, endpointRef, endpointLookup);
  const { providerFor } = await import('../providers/index.js');
  const remote = await (await providerFor(targetOf(ctx, db, user, endpoint))).listModels();
  return changeDb(ctx, (fresh, me) => {
    const mine = fresh.models.filter((m) => m.userId === me.id);
    const have = new Set(mine.filter((m) => m.endpointId === endpoint.id).map((m) => m.modelId));
    const names = new Set(mine.map((m) => m.name));
    const added: ModelView[] = [];
    const nameTaken: string[] = [];
    let existing = 0;
    let unusable = 0;
    for (const id of new Set(remote.map((m) => m.id))) {
      if (!isModelId(id)) {
        unusable++;
        continue;
      }
      if (have.has(id)) {
        existing++;
        continue;
      }
      // Another endpoint may already use the plain id as a name.
      const name = names.has(id) ? `${endpoint.name}/${id}` : id;
      if (names.has(name)) {
        nameTaken.push(id);
        continue;
      }
      const model: Model = {
        id: newId(),
        userId: me.id,
        name,
        endpointId: endpoint.id,
        modelId: id,
        createdAt: ctx.now(),
      };
      fresh.models.push(model);
      names.add(name);
      added.push(viewModel(fresh, model));
    }
    return { added, existing, nameTaken, unusable };
  });
}

/** The endpoint the user's default model is served by: what `endpoint test` tries by default. */
export async function defaultEndpointName(ctx: ServiceContext): Promise<string> {
  const { db, user } = await signedIn(ctx);
  const model = db.models.find((m) => m.id === settingsOf(db, user.id).defaultModelId);
  const endpoint = db.endpoints.find((e) => e.id === model?.endpointId && e.userId === user.id);
  if (!endpoint) throw usageError('no default model: name the endpoint to test');
  return endpoint.id;
}
