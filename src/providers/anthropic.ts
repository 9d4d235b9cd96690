import { BaseAnthropic, type ClientOptions } from '@anthropic-ai/sdk/client';
import { Messages } from '@anthropic-ai/sdk/resources/messages';
import { Models } from '@anthropic-ai/sdk/resources/models';
import type {
  MessageCreateParamsStreaming,
  MessageDeltaUsage,
  Usage as AnthropicUsage,
} from '@anthropic-ai/sdk/resources/messages';
import type { Usage } from '../core/types.js';
import { createProvider, type ProtocolEvent, type Transport } from './create-provider.js';
import { expectEventStream } from './failures.js';
import type { ChatProvider, ChatRequest, ProviderTarget, RemoteModel } from './types.js';

/** The Anthropic Messages API. The stored base URL has no `/v1`: the SDK adds it. */
export function anthropicProvider(target: ProviderTarget): ChatProvider {
  return createProvider(target, {
    chatPath: '/v1/messages',
    modelsPath: '/v1/models',
    urlHint: 'for Anthropic, the address without /v1, e.g. https://api.anthropic.com',
    streamOnce: (request, transport) => streamOnce(target, request, transport),
    listModels: (transport) => listModels(target, transport),
  });
}

/**
 * The SDK's client with only the two resources aichat uses. `new Anthropic()` pulls in
 * every resource and the beta tool runners; this one lets the bundler drop them, which
 * halves the SDK code every `ask` loads (measured 390 KB → 140 KB in the build's metafile).
 */
class MessagesClient extends BaseAnthropic {
  messages = new Messages(this);
  models = new Models(this);
}

function client(target: ProviderTarget, { fetch }: Transport): MessagesClient {
  const options: ClientOptions = {
    // Key and URL always explicit: otherwise ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL or a
    // credentials profile would fill the gaps, and a key could go to another host.
    apiKey: target.apiKey ?? 'no-key',
    authToken: null,
    baseURL: target.baseUrl,
    // Without a key, the placeholder must not be sent at all.
    ...(!target.apiKey && { defaultHeaders: { authorization: null, 'x-api-key': null } }),
    fetch,
    maxRetries: 0, // create-provider retries, with the caller's limits
    logLevel: 'off', // the SDK logs to the console, which would tear the TUI
  };
  return new MessagesClient(options);
}

async function* streamOnce(
  target: ProviderTarget,
  request: ChatRequest,
  transport: Transport,
): AsyncGenerator<ProtocolEvent, void, undefined> {
  const params: MessageCreateParamsStreaming = {
    model: request.model,
    max_tokens: request.maxTokens,
    messages: request.messages,
    stream: true,
    ...(request.system && { system: request.system }),
    ...(request.temperature !== undefined && { temperature: request.temperature }),
  };
  const messages = client(target, transport).messages;
  const { data: stream, response } = await withoutSdkWarnings(() =>
    messages.create(params, { signal: transport.signal }),
  ).withResponse();
  expectEventStream(response);
  let stopReason: string | undefined;
  for await (const event of stream) {
    switch (event.type) {
      case 'message_start':
        yield { type: 'usage', usage: usageOf(event.message.usage) };
        break;
      case 'content_block_delta':
        // Thinking and signature deltas are not part of the reply.
        if (event.delta.type === 'text_delta' && event.delta.text) {
          yield { type: 'text', text: event.delta.text };
        }
        break;
      case 'message_delta':
        stopReason = event.delta.stop_reason ?? stopReason;
        yield { type: 'usage', usage: usageOf(event.usage) };
        break;
      case 'message_stop':
        yield { type: 'done', stopReason: stopReason ?? 'unknown' };
        break;
      case 'content_block_start':
      case 'content_block_stop':
        break;
    }
  }
}

/**
 * Runs `call` with the console's warnings dropped. `messages.create` warns on the console
 * itself, not through the SDK's logger that `logLevel: 'off'` silences, when a model id is
 * on its hard-coded deprecation list: two lines on aichat's stderr for every request (a
 * reply and its title), tearing the TUI. It warns before its first await, so swapping the
 * function for the synchronous call drops no one else's warning.
 */
function withoutSdkWarnings<T>(call: () => T): T {
  /* eslint-disable no-console -- the one place aichat silences the SDK's console */
  const warn = console.warn;
  console.warn = () => {};
  try {
    return call();
  } finally {
    console.warn = warn;
  }
  /* eslint-enable no-console */
}

/**
 * Input counts cached tokens too: they were part of the context the model read.
 * `message_delta` counts are cumulative, so later values replace earlier ones; older API
 * versions and compatible servers leave its input count out, despite the SDK's types.
 */
function usageOf(usage: AnthropicUsage | MessageDeltaUsage): Usage {
  const out: Usage = {};
  if (typeof usage.output_tokens === 'number') out.outputTokens = usage.output_tokens;
  if (typeof usage.input_tokens === 'number') {
    out.inputTokens =
      usage.input_tokens +
      (usage.cache_creation_input_tokens ?? 0) +
      (usage.cache_read_input_tokens ?? 0);
  }
  return out;
}

async function listModels(target: ProviderTarget, transport: Transport): Promise<RemoteModel[]> {
  const models: RemoteModel[] = [];
  // The SDK's page iterator follows `has_more` / `last_id` with `after_id`.
  const pages = client(target, transport).models.list(
    { limit: 1000 },
    { signal: transport.signal },
  );
  for await (const model of pages) models.push({ id: model.id, displayName: model.display_name });
  return models;
}
