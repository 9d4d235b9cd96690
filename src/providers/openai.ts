import OpenAI from 'openai';
import type { ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import type { Model } from 'openai/resources/models';
import { createProvider, type ProtocolEvent, type Transport } from './create-provider.js';
import { expectEventStream } from './failures.js';
import type { ChatProvider, ChatRequest, ProviderTarget, RemoteModel } from './types.js';

/**
 * OpenAI Chat Completions, and every server that copies it (Ollama, llama.cpp, vLLM, LM
 * Studio, OpenRouter, Groq, ...). The stored base URL includes `/v1`.
 */
export function openaiProvider(target: ProviderTarget): ChatProvider {
  return createProvider(target, {
    chatPath: '/chat/completions',
    modelsPath: '/models',
    urlHint: 'OpenAI-compatible addresses usually end in /v1, e.g. http://localhost:11434/v1',
    streamOnce: (request, transport) => streamOnce(target, request, transport),
    listModels: (transport) => listModels(target, transport),
  });
}

function client(target: ProviderTarget, { fetch }: Transport): OpenAI {
  return new OpenAI({
    // Everything the SDK would otherwise read from OPENAI_* variables is set here, so a
    // key (or an admin key, or an org id) never goes to a host it was not meant for.
    apiKey: target.apiKey ?? 'no-key',
    adminAPIKey: null,
    organization: null,
    project: null,
    baseURL: target.baseUrl,
    // Local servers need no key; then the placeholder must not be sent at all.
    ...(!target.apiKey && { defaultHeaders: { authorization: null } }),
    fetch,
    maxRetries: 0, // create-provider retries, with the caller's limits
    logLevel: 'off', // the SDK logs to the console, which would tear the TUI
  });
}

async function* streamOnce(
  target: ProviderTarget,
  request: ChatRequest,
  transport: Transport,
): AsyncGenerator<ProtocolEvent, void, undefined> {
  const params: ChatCompletionCreateParamsStreaming = {
    model: request.model,
    messages: [
      ...(request.system ? [{ role: 'system' as const, content: request.system }] : []),
      ...request.messages,
    ],
    stream: true,
    stream_options: { include_usage: true },
    ...maxTokens(target.baseUrl, request.maxTokens),
    ...(request.temperature !== undefined && { temperature: request.temperature }),
  };
  const { data: stream, response } = await client(target, transport)
    .chat.completions.create(params, { signal: transport.signal })
    .withResponse();
  expectEventStream(response);
  for await (const chunk of stream) {
    // Usage comes in a chunk of its own after the finish (OpenAI), on the finish chunk
    // (llama.cpp), or not at all (Ollama without stream_options support).
    if (chunk.usage) {
      yield {
        type: 'usage',
        usage: {
          inputTokens: chunk.usage.prompt_tokens,
          outputTokens: chunk.usage.completion_tokens,
        },
      };
    }
    // Some servers send chunks without `choices` (a keep-alive, a usage-only chunk).
    const choice = chunk.choices?.[0];
    // The first delta may carry `content: null` (llama.cpp) or `""` (OpenAI).
    if (choice?.delta?.content) yield { type: 'text', text: choice.delta.content };
    if (choice?.finish_reason) yield { type: 'done', stopReason: choice.finish_reason };
  }
}

/**
 * OpenAI's own API rejects `max_tokens` for its reasoning models and wants
 * `max_completion_tokens`, which many compatible servers do not know yet.
 */
function maxTokens(baseUrl: string, value: number) {
  return isOpenAI(baseUrl) ? { max_completion_tokens: value } : { max_tokens: value };
}

function isOpenAI(baseUrl: string): boolean {
  try {
    return new URL(baseUrl).hostname === 'api.openai.com';
  } catch {
    return false;
  }
}

/** More pages than any server has models for: a stop for one that ignores `after`. */
const MAX_MODEL_PAGES = 100;

/**
 * OpenAI sends one page (`{data: [...]}`); servers that paginate add `has_more` and take
 * `?after=<last id>`; some (Together) send a bare array. A page that brings no new model
 * ends the list, so a server that ignores `after` cannot keep it going.
 */
async function listModels(target: ProviderTarget, transport: Transport): Promise<RemoteModel[]> {
  const api = client(target, transport);
  const seen = new Set<string>();
  let after: string | undefined;
  for (let page = 0; page < MAX_MODEL_PAGES; page++) {
    const body = await api.get<ModelPage | Model[]>('/models', {
      ...(after !== undefined && { query: { after } }),
      signal: transport.signal,
    });
    const list = Array.isArray(body) ? body : (body.data ?? []);
    const fresh = list.filter((model) => !seen.has(model.id));
    for (const model of fresh) seen.add(model.id);
    if (Array.isArray(body) || !body.has_more || fresh.length === 0) break;
    after = list.at(-1)!.id;
  }
  return [...seen].map((id) => ({ id }));
}

interface ModelPage {
  data?: Model[];
  has_more?: boolean;
}
