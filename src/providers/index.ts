import type { ChatProvider, ProviderTarget } from './types.js';

export type * from './types.js';
export { describeProviderError, ProviderError } from './failures.js';
export { reach } from './reach.js';

/**
 * The provider for an endpoint. Each adapter is imported only when first used, so a run
 * evaluates one SDK only, and only once it talks to a model.
 */
export async function providerFor(target: ProviderTarget): Promise<ChatProvider> {
  switch (target.provider) {
    case 'anthropic':
      return (await import('./anthropic.js')).anthropicProvider(target);
    case 'openai':
      return (await import('./openai.js')).openaiProvider(target);
  }
}
