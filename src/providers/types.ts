import type { ProviderKind, Role, Usage } from '../core/types.js';

/** What a provider is asked: the model, its parameters and the conversation so far. */
export interface ChatRequest {
  model: string;
  system?: string;
  messages: { role: Role; content: string }[];
  temperature?: number;
  maxTokens: number;
}

/** Where and how to reach a provider. `apiKey` is already resolved (stored or from env). */
export interface ProviderTarget {
  provider: ProviderKind;
  /** Shown in error lines, never the key. */
  endpointName: string;
  baseUrl: string;
  apiKey?: string;
}

export interface StreamOptions {
  signal?: AbortSignal;
  /** End the stream as `timeout` when no byte arrives for this long. Default 60 s. */
  idleTimeoutMs?: number;
  /** Give up instead of waiting when a server asks to retry later than this. Default 30 s. */
  maxRetryWaitMs?: number;
  /** Retries for 429/5xx before any text arrives. Default 3. */
  maxRetries?: number;
  /** First backoff step when the server gives no `retry-after`; doubles per retry. Default 500 ms. */
  retryBaseDelayMs?: number;
}

/** Why a stream ended badly. Each maps to one line naming the endpoint and the cause. */
export type ProviderErrorKind =
  | 'auth'
  | 'not_found'
  | 'bad_request'
  | 'rate_limited'
  | 'overloaded'
  | 'server'
  | 'unreachable'
  | 'timeout'
  | 'cut'
  | 'cancelled'
  | 'stream_error';

export type StreamEvent =
  | { type: 'text'; text: string }
  | { type: 'usage'; usage: Usage }
  /** The stream ended with its end marker. */
  | { type: 'done'; stopReason: string }
  /**
   * The stream failed or was cancelled; text already yielded stays valid. Always the
   * last event: streams never throw.
   */
  | { type: 'error'; kind: ProviderErrorKind; message: string; status?: number };

export interface RemoteModel {
  id: string;
  displayName?: string;
}

export interface ListModelsOptions {
  signal?: AbortSignal;
  /** Fail as `timeout` when no byte arrives for this long. Default 60 s. */
  idleTimeoutMs?: number;
}

export interface ChatProvider {
  stream(request: ChatRequest, options?: StreamOptions): AsyncIterable<StreamEvent>;
  /** Every model the endpoint lists, following pagination. Throws AichatError('provider'). */
  listModels(options?: ListModelsOptions): Promise<RemoteModel[]>;
}
