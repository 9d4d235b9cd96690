import OpenAI from 'openai';
import { CursorPage } from 'openai/pagination';
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

async function listModels(target: ProviderTarget, transport: Transport): Promise<RemoteModel[]> {
  const models: RemoteModel[] = [];
  // OpenAI sends one page; read it as a cursor page anyway so servers that paginate
  // (`has_more`, `?after=<last id>`) are followed.
  const pages = client(target, transport).getAPIList<Model, CursorPage<Model>>(
    '/models',
    CursorPage,
    {
      signal: transport.signal,
    },
  );
  for await (const model of pages) models.push({ id: model.id });
  return models;
}
