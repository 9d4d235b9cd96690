import type { Usage } from '../core/types.js';
import {
  classifyError,
  endedEarly,
  failureLine,
  noteRetries,
  ProviderError,
  type Failure,
  type FailureContext,
} from './failures.js';
import { createHttpFetch, type Fetch } from './http-fetch.js';
import { nextRetry, sleep, type RetryPolicy } from './retry.js';
import type {
  ChatProvider,
  ChatRequest,
  ListModelsOptions,
  ProviderTarget,
  RemoteModel,
  StreamEvent,
  StreamOptions,
} from './types.js';
import { IdleWatchdog } from './watchdog.js';

/**
 * The half of a provider both protocols share: retries, the idle watchdog, the end-marker
 * check and turning every failure into the stream's last event. An adapter only says how
 * to make one request through its SDK and what the SDK's events mean.
 */

/** What an adapter yields; it throws failures instead. `done` marks the protocol's end marker. */
export type ProtocolEvent = Exclude<StreamEvent, { type: 'error' }>;

/** What one try is given: a fetch that feeds the idle watchdog, and the try's signal. */
export interface Transport {
  fetch: Fetch;
  signal: AbortSignal;
}

/** How to talk to one API through its SDK. */
export interface Protocol {
  /** What the SDK appends to the base URL for a chat request, e.g. `/v1/messages`. */
  chatPath: string;
  /** What it appends for the model list. */
  modelsPath: string;
  /** How a working base URL looks, for messages about a wrong one. */
  urlHint: string;
  /** One try at a reply. Yields `done` at the end marker and may keep reading after it. */
  streamOnce(request: ChatRequest, transport: Transport): AsyncIterable<ProtocolEvent>;
  /** Every page of the model list. */
  listModels(transport: Transport): Promise<RemoteModel[]>;
}

const DEFAULT_IDLE_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_RETRY_WAIT_MS = 30_000;
const DEFAULT_MAX_RETRIES = 3;
const DEFAULT_RETRY_BASE_DELAY_MS = 500;

export function createProvider(target: ProviderTarget, protocol: Protocol): ChatProvider {
  const context = (path: string, model?: string): FailureContext => ({
    endpointName: target.endpointName,
    baseUrl: target.baseUrl,
    apiKey: target.apiKey,
    model,
    path,
    urlHint: protocol.urlHint,
  });
  return {
    stream: (request, options = {}) =>
      streamWithRetries(protocol, request, options, context(protocol.chatPath, request.model)),
    listModels: (options = {}) => listModels(protocol, options, context(protocol.modelsPath)),
  };
}

async function* streamWithRetries(
  protocol: Protocol,
  request: ChatRequest,
  options: StreamOptions,
  ctx: FailureContext,
): AsyncGenerator<StreamEvent, void, undefined> {
  const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  const policy: RetryPolicy = {
    maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
    maxRetryWaitMs: options.maxRetryWaitMs ?? DEFAULT_MAX_RETRY_WAIT_MS,
    baseDelayMs: options.retryBaseDelayMs ?? DEFAULT_RETRY_BASE_DELAY_MS,
  };
  for (let retries = 0; ; retries++) {
    const outcome = yield* streamOnce(protocol, request, options.signal, idleTimeoutMs, ctx);
    let last: StreamEvent;
    if ('stopReason' in outcome) {
      last = { type: 'done', stopReason: outcome.stopReason };
    } else {
      // Once text has been shown, a second try would repeat or contradict it.
      const decision = outcome.sawText
        ? ({ retry: false, reason: 'not_retryable' } as const)
        : nextRetry(outcome.failure, retries, policy);
      if (decision.retry && (await sleep(decision.waitMs, options.signal))) continue;
      const failure = decision.retry
        ? endedEarly('cancelled', ctx, { sawText: false, idleTimeoutMs })
        : noteRetries(outcome.failure, decision, retries);
      last = errorEvent(ctx, failure);
    }
    // Usage only from the try that counts, once, just before the end.
    if (outcome.usage) yield { type: 'usage', usage: outcome.usage };
    yield last;
    return;
  }
}

type Outcome =
  { stopReason: string; usage?: Usage } | { failure: Failure; sawText: boolean; usage?: Usage };

/** One try: passes text through, holds usage back, and says how the try ended. */
async function* streamOnce(
  protocol: Protocol,
  request: ChatRequest,
  signal: AbortSignal | undefined,
  idleTimeoutMs: number,
  ctx: FailureContext,
): AsyncGenerator<StreamEvent, Outcome, undefined> {
  const attempt = new Attempt(signal, idleTimeoutMs);
  let usage: Usage | undefined;
  let stopReason: string | undefined;
  let sawText = false;
  let thrown: { error: unknown } | undefined;
  try {
    for await (const event of protocol.streamOnce(request, attempt.transport)) {
      switch (event.type) {
        case 'text':
          sawText = true;
          yield event;
          break;
        case 'usage':
          usage = { ...usage, ...event.usage };
          break;
        case 'done':
          stopReason = event.stopReason;
          break;
      }
    }
  } catch (error) {
    thrown = { error };
  } finally {
    attempt.close();
  }
  // Whatever happens after the end marker (a stall, a cut before `[DONE]`) loses nothing.
  if (stopReason !== undefined) return { stopReason, usage };
  return { failure: attempt.failure(thrown, ctx, sawText), sawText, usage };
}

async function listModels(
  protocol: Protocol,
  options: ListModelsOptions,
  ctx: FailureContext,
): Promise<RemoteModel[]> {
  const attempt = new Attempt(options.signal, options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS);
  try {
    return await protocol.listModels(attempt.transport);
  } catch (error) {
    const failure = attempt.failure({ error }, ctx, false);
    throw new ProviderError(failureLine(ctx, failure), failure.kind, failure.status);
  } finally {
    attempt.close();
  }
}

/** One request's plumbing: its own abort, tied to the caller's, and an idle watchdog. */
class Attempt {
  readonly transport: Transport;
  readonly #controller = new AbortController();
  readonly #watchdog: IdleWatchdog;
  readonly #signal: AbortSignal | undefined;
  readonly #idleTimeoutMs: number;
  /** Response headers arrived: a network error now cuts a reply rather than preventing one. */
  #responded = false;
  /**
   * What the request itself failed with. The SDKs wrap it, and one whose text says "timed
   * out" (`connect ETIMEDOUT`, a proxy's) becomes a bare "Request timed out" with no cause.
   */
  #fetchError: unknown;
  readonly #onAbort = () => this.#controller.abort();

  constructor(signal: AbortSignal | undefined, idleTimeoutMs: number) {
    this.#signal = signal;
    this.#idleTimeoutMs = idleTimeoutMs;
    this.#watchdog = new IdleWatchdog(idleTimeoutMs, this.#onAbort);
    if (signal?.aborted) this.#controller.abort();
    signal?.addEventListener('abort', this.#onAbort, { once: true });
    const send = createHttpFetch(() => {
      this.#responded = true;
      this.#watchdog.touch();
    });
    const fetch: Fetch = (input, init) =>
      send(input, init).catch((error: unknown) => {
        this.#fetchError = error;
        throw error;
      });
    this.transport = { fetch, signal: this.#controller.signal };
  }

  /**
   * Why the try failed. An abort ends the SDKs' iteration quietly, so the caller's signal
   * and the watchdog are asked first; a stream that simply stopped was cut.
   */
  failure(thrown: { error: unknown } | undefined, ctx: FailureContext, sawText: boolean): Failure {
    const details = { sawText, idleTimeoutMs: this.#idleTimeoutMs };
    if (this.#signal?.aborted) return endedEarly('cancelled', ctx, details);
    if (this.#watchdog.fired) return endedEarly('timeout', ctx, details);
    if (!thrown) return endedEarly('cut', ctx, details);
    return classifyError(this.#fetchError ?? thrown.error, ctx, this.#responded);
  }

  /** Stop the watchdog and drop the connection if it is still open. */
  close(): void {
    this.#watchdog.stop();
    this.#signal?.removeEventListener('abort', this.#onAbort);
    this.#controller.abort();
  }
}

function errorEvent(ctx: FailureContext, failure: Failure): StreamEvent {
  return {
    type: 'error',
    kind: failure.kind,
    message: failureLine(ctx, failure),
    ...(failure.status !== undefined && { status: failure.status }),
  };
}
