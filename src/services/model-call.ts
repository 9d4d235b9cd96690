/** Calling a model: which model and key a request uses, and streaming one reply. */
import { AichatError, notFound, usageError } from '../core/errors.js';
import { keyLostMessage } from '../core/endpoint-rules.js';
import { DEFAULT_MAX_TOKENS } from '../core/model-rules.js';
import type { requestMessages } from '../core/tree.js';
import type {
  ChatIndexEntry,
  Endpoint,
  MessageStatus,
  Model,
  Provenance,
  Usage,
  User,
} from '../core/types.js';
import type {
  ChatProvider,
  ChatRequest,
  ProviderErrorKind,
  ProviderTarget,
  StreamOptions,
} from '../providers/types.js';
import type { DbData } from '../store/db.js';
import type { ServiceContext } from './context.js';
import { openApiKey } from './keys.js';
import { findOwned, modelLookup } from './lookup.js';
import { settingsOf } from './settings.js';

/** How soon a reply's new text is written to its chat file, at most. */
const FLUSH_INTERVAL_MS = 1000;

/**
 * How often a reply whose text has not grown is written anyway (a silent stream, a retry's
 * wait), so that one left `streaming` longer than ABANDONED_AFTER_MS has no live writer.
 */
const HEARTBEAT_MS = 60_000;

/** Per-request overrides of the chat's model and parameters. */
export interface ModelOverrides {
  model?: string;
  system?: string;
  temperature?: number;
  maxTokens?: number;
}

export interface StreamCallbacks {
  signal?: AbortSignal;
  onText?: (delta: string) => void;
  idleTimeoutMs?: number;
}

/** The model, endpoint and parameters a request in this chat uses. */
export interface ResolvedModel {
  model: Model;
  endpoint: Endpoint;
  target: ProviderTarget;
  temperature?: number;
  maxTokens: number;
  system?: string;
  /** From the user's `timeout` setting; the provider's default when unset. */
  idleTimeoutMs?: number;
  /**
   * The endpoint's adapter, loading from the moment the model is resolved: its SDK
   * (~120 KB) then compiles while the chat file is written, not after.
   */
  provider: Promise<ChatProvider>;
}

export function resolveModel(
  ctx: ServiceContext,
  db: DbData,
  user: User,
  entry: ChatIndexEntry | undefined,
  overrides: ModelOverrides = {},
): ResolvedModel {
  const settings = settingsOf(db, user.id);
  const model =
    overrides.model !== undefined
      ? findOwned(db.models, user.id, overrides.model, modelLookup)
      : (db.models.find((m) => m.userId === user.id && m.id === entry?.modelId) ??
        db.models.find((m) => m.userId === user.id && m.id === settings.defaultModelId));
  if (!model) {
    throw usageError('no model to ask: add one with aichat model add, or pass --model');
  }
  const endpoint = db.endpoints.find((e) => e.id === model.endpointId && e.userId === user.id);
  if (!endpoint)
    throw notFound(
      `model "${model.name}" has no endpoint any more: aichat model edit ${model.name} --endpoint EP`,
    );
  const temperature = overrides.temperature ?? model.temperature ?? settings.temperature;
  // With no chat (ask --no-save), what a new chat would have: the user's system prompt.
  const system = overrides.system ?? (entry ? entry.systemPrompt : settings.systemPrompt);
  const target = targetOf(ctx, db, user, endpoint);
  const provider = import('../providers/index.js').then((p) => p.providerFor(target));
  // Seen here so that a run that ends before streaming (a store error) reports that error,
  // not an unhandled rejection; streamReply awaits the same promise and gets the failure.
  provider.catch(() => undefined);
  return {
    model,
    endpoint,
    target,
    provider,
    ...(temperature !== undefined ? { temperature } : {}),
    maxTokens: overrides.maxTokens ?? model.maxTokens ?? DEFAULT_MAX_TOKENS,
    ...(system ? { system } : {}),
    ...(settings.streamTimeoutSec !== undefined
      ? { idleTimeoutMs: settings.streamTimeoutSec * 1000 }
      : {}),
  };
}

/** How to reach an endpoint, with its key resolved: unsealed, or read from its variable now. */
export function targetOf(
  ctx: ServiceContext,
  db: DbData,
  user: User,
  endpoint: Endpoint,
): ProviderTarget {
  return {
    provider: endpoint.provider,
    endpointName: endpoint.name,
    baseUrl: endpoint.baseUrl,
    ...keyOf(ctx, db, user, endpoint),
  };
}

function keyOf(
  ctx: ServiceContext,
  db: DbData,
  user: User,
  endpoint: Endpoint,
): { apiKey?: string } {
  if (endpoint.keyEnv) {
    const key = ctx.env[endpoint.keyEnv];
    if (!key) {
      throw new AichatError(
        'provider',
        `endpoint "${endpoint.name}" reads its key from $${endpoint.keyEnv}, which is not set`,
      );
    }
    return { apiKey: key };
  }
  if (endpoint.keyLost) throw new AichatError('provider', keyLostMessage(endpoint.name));
  const key = openApiKey(ctx, db, user, endpoint);
  return key ? { apiKey: key } : {};
}

export function provenanceOf(resolved: ResolvedModel): Provenance {
  return {
    endpointId: resolved.endpoint.id,
    endpointName: resolved.endpoint.name,
    provider: resolved.endpoint.provider,
    modelId: resolved.model.modelId,
    modelName: resolved.model.name,
    ...(resolved.temperature !== undefined ? { temperature: resolved.temperature } : {}),
    maxTokens: resolved.maxTokens,
  };
}

export function chatRequest(
  resolved: ResolvedModel,
  context: ReturnType<typeof requestMessages>,
): ChatRequest {
  return {
    model: resolved.model.modelId,
    ...(context.system ? { system: context.system } : {}),
    messages: context.messages,
    ...(resolved.temperature !== undefined ? { temperature: resolved.temperature } : {}),
    maxTokens: resolved.maxTokens,
  };
}

export interface StreamOutcome {
  text: string;
  status: MessageStatus;
  usage?: Usage;
  stopReason?: string;
  error?: string;
  errorKind?: ProviderErrorKind;
  timeToFirstTokenMs?: number;
}

/**
 * Saves a reply while it streams: its text within FLUSH_INTERVAL_MS of changing, whether
 * or not more arrives, and again every HEARTBEAT_MS while it does not; one save at a
 * time. A failed save must not end the reply: the final save writes the whole text again,
 * and reports the store's error if it still fails.
 */
function replySaver(flush: (text: string) => Promise<unknown>) {
  let text = '';
  let savedAt = Date.now();
  let dueAt = Infinity;
  let timer: NodeJS.Timeout | undefined;
  let saving: Promise<unknown> = Promise.resolve();
  const schedule = (at: number) => {
    clearTimeout(timer);
    dueAt = at;
    timer = setTimeout(save, Math.max(0, at - Date.now()));
  };
  const save = () => {
    const snapshot = text;
    saving = saving.then(() => flush(snapshot)).catch(() => undefined);
    savedAt = Date.now();
    schedule(savedAt + HEARTBEAT_MS);
  };
  schedule(savedAt + HEARTBEAT_MS);
  return {
    update(next: string) {
      text = next;
      if (dueAt > savedAt + FLUSH_INTERVAL_MS) schedule(savedAt + FLUSH_INTERVAL_MS);
    },
    /** No more saves; resolves when the last one has ended. */
    stop(): Promise<unknown> {
      clearTimeout(timer);
      return saving;
    },
  };
}

/**
 * Streams one reply, handing each delta to `onText` and the text so far to `flush` (see
 * replySaver). Never throws for provider failures: they become the outcome's status.
 */
export async function streamReply(
  ctx: ServiceContext,
  resolved: ResolvedModel,
  request: ChatRequest,
  options: StreamCallbacks,
  flush?: (text: string) => Promise<unknown>,
): Promise<StreamOutcome> {
  const provider = await resolved.provider;
  const started = ctx.now();
  let text = '';
  let timeToFirstTokenMs: number | undefined;
  const saver = flush && replySaver(flush);
  let usage: Usage | undefined;
  const idleTimeoutMs = options.idleTimeoutMs ?? resolved.idleTimeoutMs;
  const streamOptions: StreamOptions = {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(idleTimeoutMs !== undefined ? { idleTimeoutMs } : {}),
  };
  try {
    return await consume();
  } finally {
    await saver?.stop();
  }

  async function consume(): Promise<StreamOutcome> {
    for await (const event of provider.stream(request, streamOptions)) {
      switch (event.type) {
        case 'text':
          timeToFirstTokenMs ??= ctx.now() - started;
          text += event.text;
          options.onText?.(event.text);
          saver?.update(text);
          break;
        case 'usage':
          usage = { ...usage, ...event.usage };
          break;
        case 'done':
          return {
            text,
            status: 'complete',
            stopReason: event.stopReason,
            ...(usage ? { usage } : {}),
            ...(timeToFirstTokenMs !== undefined ? { timeToFirstTokenMs } : {}),
          };
        case 'error':
          return {
            text,
            // Text that arrived is kept: a cut, stalled or cancelled reply is incomplete, not lost.
            status: text || isInterruption(event.kind) ? 'incomplete' : 'error',
            error: event.message,
            errorKind: event.kind,
            ...(usage ? { usage } : {}),
            ...(timeToFirstTokenMs !== undefined ? { timeToFirstTokenMs } : {}),
          };
      }
    }
    return {
      text,
      status: 'incomplete',
      error: 'the reply ended without its end marker',
      errorKind: 'cut',
    };
  }
}

const isInterruption = (kind: ProviderErrorKind) =>
  kind === 'cancelled' || kind === 'cut' || kind === 'timeout';
