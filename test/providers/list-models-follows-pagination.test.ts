import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providerFor, ProviderError } from '../../src/providers/index.js';
import { startProviderServer, type ProviderServer } from '../helpers/provider-server.js';
import { expectOneSafeLine, KEY, targetFor } from './harness.js';

let server: ProviderServer;
beforeAll(async () => {
  server = await startProviderServer({ apiKey: KEY });
});
afterAll(() => server.close());

describe('anthropic', () => {
  it('follows has_more / last_id with after_id across pages', async () => {
    const paged = await startProviderServer({ apiKey: KEY, modelsPageSize: 3 });
    try {
      const models = await (await providerFor(targetFor(paged, 'anthropic'))).listModels();
      expect(models).toEqual([
        { id: 'claude-sonnet-4-5-20250929', displayName: 'Claude Sonnet 4.5' },
        { id: 'claude-haiku-4-5-20251001', displayName: 'Claude Haiku 4.5' },
        { id: 'claude-opus-4-1-20250805', displayName: 'Claude Opus 4.1' },
        { id: 'claude-3-opus-latest', displayName: 'Claude Opus 3' },
      ]);
      expect(paged.requests.map((r) => r.path)).toEqual([
        '/v1/models?limit=1000',
        '/v1/models?limit=1000&after_id=claude-opus-4-1-20250805',
      ]);
    } finally {
      await paged.close();
    }
  });
});

describe('openai', () => {
  it('reads the single page OpenAI sends', async () => {
    const models = await (await providerFor(targetFor(server, 'openai'))).listModels();
    expect(models.map((m) => m.id)).toEqual([
      'gpt-4o-2024-08-06',
      'gpt-4o',
      'gpt-4o-mini',
      'text-embedding-3-large',
    ]);
  });

  it('follows has_more with after=<last id> on servers that paginate', async () => {
    const ids = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7'];
    const paged = await startProviderServer({ models: ids, modelsPageSize: 3 });
    try {
      const models = await (await providerFor(targetFor(paged, 'openai'))).listModels();
      expect(models.map((m) => m.id)).toEqual(ids);
      expect(paged.requests.map((r) => r.path)).toEqual([
        '/v1/models',
        '/v1/models?after=m3',
        '/v1/models?after=m6',
      ]);
    } finally {
      await paged.close();
    }
  });
});

describe.each(['anthropic', 'openai'] as const)('%s failures', (provider) => {
  it('a bad key throws a ProviderError with one safe line', async () => {
    const list = (
      await providerFor(targetFor(server, provider, { apiKey: 'sk-bad-000000000000' }))
    ).listModels();
    const err = await list.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    const failure = err as ProviderError;
    expect(failure.kind).toBe('provider');
    expect(failure.reason).toBe('auth');
    expect(failure.status).toBe(401);
    expectOneSafeLine(failure.message, 'bad API key (401)');
    expect(failure.message).not.toContain('sk-bad');
  });

  it('an unreachable server throws unreachable', async () => {
    const gone = await startProviderServer();
    await gone.close();
    const baseUrl = provider === 'anthropic' ? gone.anthropicUrl : gone.openaiUrl;
    const err = await (
      await providerFor(targetFor(server, provider, { baseUrl }))
    )
      .listModels()
      .catch((e: unknown) => e);
    expect((err as ProviderError).reason).toBe('unreachable');
    expectOneSafeLine((err as ProviderError).message, 'connection refused');
  });

  it('a server error is reported, not retried', async () => {
    server.script({ fault: { kind: 'status', status: 500 }, faultOn: 'models' });
    const err = await (
      await providerFor(targetFor(server, provider))
    )
      .listModels()
      .catch((e: unknown) => e);
    expect((err as ProviderError).reason).toBe('server');
    expectOneSafeLine((err as ProviderError).message, 'server error (500)');
  });

  it('a server that never answers times out', async () => {
    server.script({ fault: { kind: 'hang' }, faultOn: 'models' });
    const err = await (
      await providerFor(targetFor(server, provider))
    )
      .listModels({ idleTimeoutMs: 200 })
      .catch((e: unknown) => e);
    expect((err as ProviderError).reason).toBe('timeout');
    expectOneSafeLine((err as ProviderError).message, 'timed out: no data for 200 ms');
  });

  it('an abort rejects as cancelled', async () => {
    server.script({ fault: { kind: 'hang' }, faultOn: 'models' });
    const err = await (
      await providerFor(targetFor(server, provider))
    )
      .listModels({ signal: AbortSignal.timeout(100) })
      .catch((e: unknown) => e);
    expect((err as ProviderError).reason).toBe('cancelled');
  });
});
