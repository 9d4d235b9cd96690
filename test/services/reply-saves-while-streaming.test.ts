import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { ChatProvider, StreamEvent } from '../../src/providers/types.js';
import type { ServiceContext } from '../../src/services/context.js';
import { streamReply, type ResolvedModel } from '../../src/services/model-call.js';

// A provider under the test's control: the events it is given, then silence until the
// test sends more; `done` ends the stream. (The real adapters are tested against the HTTP test server.)
function scriptedProvider() {
  const queue: StreamEvent[] = [];
  let wake = () => {};
  const provider: ChatProvider = {
    async *stream() {
      for (;;) {
        while (queue.length) {
          const event = queue.shift()!;
          yield event;
          if (event.type === 'done') return;
        }
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
    listModels: () => Promise.resolve([]),
  };
  return {
    provider,
    send(...events: StreamEvent[]) {
      queue.push(...events);
      wake();
    },
  };
}

const ctx = { now: () => Date.now() } as ServiceContext;

function start(provider: ChatProvider) {
  const saved: string[] = [];
  const resolved = { provider: Promise.resolve(provider) } as ResolvedModel;
  const request = { model: 'm', messages: [], maxTokens: 10 };
  const outcome = streamReply(ctx, resolved, request, {}, (text) => {
    saved.push(text);
    return Promise.resolve();
  });
  return { saved, outcome };
}

/** Lets the stream's awaits run between timer steps. */
const settle = () => vi.advanceTimersByTimeAsync(0);

describe('a reply is saved while it streams', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  test('new text within a second, even when nothing follows it', async () => {
    const script = scriptedProvider();
    const { saved, outcome } = start(script.provider);
    script.send({ type: 'text', text: 'first ' });
    await settle();
    expect(saved).toEqual([]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(saved).toEqual(['first ']);
    script.send({ type: 'text', text: 'second' }, { type: 'done', stopReason: 'end_turn' });
    expect(await outcome).toMatchObject({ status: 'complete', text: 'first second' });
  });

  test('text arriving steadily is saved once a second, not at every chunk', async () => {
    const script = scriptedProvider();
    const { saved, outcome } = start(script.provider);
    for (let i = 0; i < 25; i++) {
      script.send({ type: 'text', text: `${i} ` });
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(saved.length).toBeGreaterThanOrEqual(2);
    expect(saved.length).toBeLessThanOrEqual(3);
    expect(saved.at(-1)).toMatch(/^0 1 2 .*19 $/);
    script.send({ type: 'done', stopReason: 'end_turn' });
    await outcome;
  });

  test('a silent stream is saved once a minute, so it is never taken for abandoned', async () => {
    const script = scriptedProvider();
    const { saved, outcome } = start(script.provider);
    await vi.advanceTimersByTimeAsync(59_000);
    expect(saved).toEqual([]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(saved).toEqual(['']);
    script.send({ type: 'text', text: 'late' });
    await vi.advanceTimersByTimeAsync(1_000);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(saved).toEqual(['', 'late', 'late']);
    script.send({ type: 'done', stopReason: 'end_turn' });
    await outcome;
  });

  test('a reply that ends at once is left to the final save, and nothing is saved after', async () => {
    const script = scriptedProvider();
    const { saved, outcome } = start(script.provider);
    script.send({ type: 'text', text: 'instant' }, { type: 'done', stopReason: 'end_turn' });
    expect(await outcome).toMatchObject({ status: 'complete', text: 'instant' });
    await vi.advanceTimersByTimeAsync(120_000);
    expect(saved).toEqual([]);
  });
});
