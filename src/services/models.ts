/** The signed-in user's models: a display name for a model id on one of their endpoints. */
import { usageError } from '../core/errors.js';
import { parseMaxTokens, parseTemperature } from '../core/model-rules.js';
import type { Id, Model } from '../core/types.js';
import type { DbData } from '../store/db.js';
import type { ServiceContext } from './context.js';
import { newId } from './ids.js';
import { assertNameFree, endpointLookup, findOwned, modelLookup } from './lookup.js';
import { changeDb, signedIn } from './session.js';
import { ensureSettings, settingsOf } from './settings.js';

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
      modelId: (input.modelId ?? name).trim(),
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
    if (input.modelId !== undefined) model.modelId = input.modelId.trim();
    applyParams(model, input);
    return viewModel(db, model);
  });
}

/** Removes a model. Chats that used it fall back to the default model when next asked. */
export async function removeModel(ctx: ServiceContext, ref: string): Promise<ModelView> {
  return changeDb(ctx, (db, user) => {
    const model = findOwned(db.models, user.id, ref, modelLookup);
    const view = viewModel(db, model);
    db.models = db.models.filter((m) => m.id !== model.id);
    const settings = ensureSettings(db, user.id);
    if (settings.defaultModelId === model.id) delete settings.defaultModelId;
    if (settings.titleModelId === model.id) delete settings.titleModelId;
    return view;
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
