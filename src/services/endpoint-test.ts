/**
 * `endpoint test`: staged checks, each timed, stopping at the first failure with its
 * cause. The TUI's endpoint screen shows the same steps as they finish.
 */
import { AichatError, oneLine } from '../core/errors.js';
import { likelyChatModel } from '../core/model-rules.js';
import type { Model } from '../core/types.js';
import type { ChatProvider } from '../providers/types.js';
import type { ServiceContext } from './context.js';
import { viewEndpoint, type EndpointView } from './endpoints.js';
import { endpointLookup, findOwned } from './lookup.js';
import { targetOf } from './model-call.js';
import { signedIn } from './session.js';
import { settingsOf } from './settings.js';

export const testSteps = [
  'reach',
  'authenticate',
  'list models',
  'one-token reply',
  'streamed reply',
] as const;
export type TestStep = (typeof testSteps)[number];

export interface StepResult {
  step: TestStep;
  ok: boolean;
  ms: number;
  /** What worked (`12 models`) or the one-line cause of the failure. */
  detail: string;
}

export interface EndpointTestResult {
  endpoint: EndpointView;
  ok: boolean;
  steps: StepResult[];
}

/** How long a step may wait for data when the user set no `timeout`: a test should end soon. */
const DEFAULT_STEP_TIMEOUT_MS = 15_000;

export async function testEndpoint(
  ctx: ServiceContext,
  ref: string,
  options: { onStep?: (result: StepResult) => void; signal?: AbortSignal } = {},
): Promise<EndpointTestResult> {
  const { db, user } = await signedIn(ctx);
  const endpoint = findOwned(db.endpoints, user.id, ref, endpointLookup);
  // The user's `timeout`, as for a reply: a server they allow a minute must get one here too.
  const timeoutSec = settingsOf(db, user.id).streamTimeoutSec;
  const stepTimeoutMs = timeoutSec !== undefined ? timeoutSec * 1000 : DEFAULT_STEP_TIMEOUT_MS;
  const steps: StepResult[] = [];
  const result = (ok: boolean): EndpointTestResult => ({
    endpoint: viewEndpoint(endpoint),
    ok,
    steps,
  });
  const record = (step: TestStep, ok: boolean, ms: number, detail: string) => {
    const done = { step, ok, ms: Math.round(ms), detail };
    steps.push(done);
    options.onStep?.(done);
    return ok;
  };
  const timed = async <T>(step: TestStep, fn: () => Promise<T>, describe: (value: T) => string) => {
    const start = performance.now();
    try {
      const value = await fn();
      record(step, true, performance.now() - start, describe(value));
      return { value };
    } catch (err) {
      record(step, false, performance.now() - start, oneLine(err));
      return undefined;
    }
  };

  let target;
  try {
    target = targetOf(ctx, db, user, endpoint);
  } catch (err) {
    record('reach', false, 0, oneLine(err));
    return result(false);
  }
  const { providerFor, reach, ProviderError } = await import('../providers/index.js');
  const reached = await timed(
    'reach',
    () => reach(target, stepTimeoutMs, options.signal),
    (r) => `HTTP ${r.status} from ${endpoint.baseUrl}`,
  );
  if (!reached) return result(false);

  const provider = await providerFor(target);
  const listStart = performance.now();
  let remote;
  try {
    remote = await provider.listModels({
      idleTimeoutMs: stepTimeoutMs,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (err) {
    const ms = performance.now() - listStart;
    // One request answers both questions when the server answers it: a refused key fails
    // "authenticate", any other status "list models". With no answer at all (a timeout, a
    // dropped connection) nothing is known of the key, so "authenticate" fails with why.
    const status = err instanceof ProviderError ? err.status : undefined;
    if (status === undefined) {
      record('authenticate', false, ms, `not known, the model list got no answer: ${oneLine(err)}`);
    } else if (err instanceof ProviderError && err.reason === 'auth') {
      record('authenticate', false, ms, oneLine(err));
    } else {
      record('authenticate', true, ms, 'the key was not refused');
      record('list models', false, ms, oneLine(err));
    }
    return result(false);
  }
  const listMs = performance.now() - listStart;
  record(
    'authenticate',
    true,
    listMs,
    endpoint.sealedKey || endpoint.keyEnv ? 'key accepted' : 'no key needed',
  );
  record('list models', true, listMs, `${remote.length} model${remote.length === 1 ? '' : 's'}`);

  const modelId = pickModel(
    db.models.filter((m) => m.endpointId === endpoint.id),
    remote.map((m) => m.id),
  );
  if (!modelId) {
    record(
      'one-token reply',
      false,
      0,
      'no model to try: the endpoint lists none and none is added (aichat model add)',
    );
    return result(false);
  }
  const oneToken = await timed(
    'one-token reply',
    () => collect(provider, modelId, 1, stepTimeoutMs, options.signal),
    () => `${modelId} answered`,
  );
  if (!oneToken) return result(false);
  const streamed = await timed(
    'streamed reply',
    async () => {
      const reply = await collect(provider, modelId, 32, stepTimeoutMs, options.signal);
      if (reply.firstTokenMs === undefined) {
        throw new AichatError(
          'provider',
          `${modelId} ended its reply without any text (a model that thinks first may need more than 32 tokens)`,
        );
      }
      return { ...reply, firstTokenMs: reply.firstTokenMs };
    },
    (r) => `first token after ${Math.round(r.firstTokenMs)} ms, ${r.chunks} chunks`,
  );
  return result(Boolean(streamed));
}

/** The user's first model on this endpoint, else one the endpoint lists. */
function pickModel(mine: Model[], remote: string[]): string | undefined {
  return mine[0]?.modelId ?? likelyChatModel(remote);
}

async function collect(
  provider: ChatProvider,
  model: string,
  maxTokens: number,
  idleTimeoutMs: number,
  signal?: AbortSignal,
) {
  const start = performance.now();
  let firstTokenMs: number | undefined;
  let chunks = 0;
  const events = provider.stream(
    { model, maxTokens, messages: [{ role: 'user', content: 'Count from 1 to 10.' }] },
    { idleTimeoutMs, maxRetries: 0, ...(signal ? { signal } : {}) },
  );
  for await (const event of events) {
    if (event.type === 'text') {
      firstTokenMs ??= performance.now() - start;
      chunks++;
    }
    if (event.type === 'error') throw new AichatError('provider', event.message);
  }
  return { firstTokenMs, chunks };
}
