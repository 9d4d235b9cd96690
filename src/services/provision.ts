/** What a new account starts with: an endpoint, a model on it, settings and a welcome chat. */
import { addMessage, emptyTree } from '../core/tree.js';
import type { Chat, Endpoint, Model, Settings, User } from '../core/types.js';
import { createChatFile, CHAT_VERSION } from '../store/chats.js';
import type { ServiceContext } from './context.js';
import { newId } from './ids.js';

export interface Provision {
  endpoint: Endpoint;
  model: Model;
  settings: Settings;
  chat: Chat;
}

interface DefaultEndpoint {
  name: string;
  provider: Endpoint['provider'];
  baseUrl: string;
  keyEnv?: string;
  modelId: string;
}

/**
 * Anthropic when ANTHROPIC_API_KEY is set, else OpenAI when OPENAI_API_KEY is set (the
 * key is read from the variable at request time, never copied), else a local
 * OpenAI-compatible server such as Ollama.
 */
export function defaultEndpointFor(env: NodeJS.ProcessEnv): DefaultEndpoint {
  if (env.ANTHROPIC_API_KEY) {
    return {
      name: 'anthropic',
      provider: 'anthropic',
      baseUrl: 'https://api.anthropic.com',
      keyEnv: 'ANTHROPIC_API_KEY',
      modelId: 'claude-sonnet-4-5',
    };
  }
  if (env.OPENAI_API_KEY) {
    return {
      name: 'openai',
      provider: 'openai',
      baseUrl: 'https://api.openai.com/v1',
      keyEnv: 'OPENAI_API_KEY',
      modelId: 'gpt-4o-mini',
    };
  }
  return {
    name: 'local',
    provider: 'openai',
    baseUrl: 'http://localhost:11434/v1',
    modelId: 'llama3.2',
  };
}

export const WELCOME_TITLE = 'Welcome to aichat';

export function welcomeText(endpoint: DefaultEndpoint): string {
  return [
    `# ${WELCOME_TITLE}`,
    '',
    `Your default model is **${endpoint.modelId}** on the endpoint **${endpoint.name}** (${endpoint.baseUrl}).`,
    '',
    'In the full-screen app (`aichat`):',
    '',
    '- Type a message and press **Enter** to send it.',
    '- **Tab** moves between the chat list, the conversation and the input.',
    '- Select a message in the conversation to edit it into a new branch, regenerate',
    '  a reply, or switch between branches (`< 1/2 >`).',
    '- **Esc** stops a reply that is streaming (the text so far is kept).',
    '- **?** lists every key, and `/help` every slash command.',
    '',
    'To add an endpoint of your own:',
    '',
    '```sh',
    'aichat endpoint add work --provider anthropic --url https://api.anthropic.com --key-stdin',
    'aichat endpoint test work',
    'aichat model import work',
    '```',
    '',
    'Or ask from the shell: `aichat ask "what is a monad?"`',
  ].join('\n');
}

export function provisionUser(user: User, env: NodeJS.ProcessEnv, now: number): Provision {
  const preset = defaultEndpointFor(env);
  const endpoint: Endpoint = {
    id: newId(),
    userId: user.id,
    name: preset.name,
    provider: preset.provider,
    baseUrl: preset.baseUrl,
    ...(preset.keyEnv ? { keyEnv: preset.keyEnv } : {}),
    createdAt: now,
  };
  const model: Model = {
    id: newId(),
    userId: user.id,
    name: preset.modelId,
    endpointId: endpoint.id,
    modelId: preset.modelId,
    createdAt: now,
  };
  // No title model: titles then come from each chat's own model, which is known to work.
  const settings: Settings = { userId: user.id, defaultModelId: model.id };
  const tree = addMessage(emptyTree(), {
    id: newId(),
    parentId: null,
    role: 'assistant',
    content: welcomeText(preset),
    status: 'complete',
    createdAt: now,
  });
  const chat: Chat = {
    entry: {
      id: newId(),
      userId: user.id,
      title: WELCOME_TITLE,
      titleSource: 'manual',
      folderId: null,
      modelId: model.id,
      createdAt: now,
      updatedAt: now,
    },
    tree,
  };
  return { endpoint, model, settings, chat };
}

export async function writeWelcomeChat(ctx: ServiceContext, provision: Provision) {
  const { entry, tree } = provision.chat;
  await createChatFile(
    ctx.dataDir,
    { schemaVersion: CHAT_VERSION, chatId: entry.id, userId: entry.userId, tree },
    ctx.lock,
  );
}
