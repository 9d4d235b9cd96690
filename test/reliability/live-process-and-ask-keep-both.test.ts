import { afterAll, beforeAll, expect, test } from 'vitest';
import { chatSetup, type ChatSetup } from '../helpers/chat-setup.js';
import { liveAndAsk } from './families.js';

let setup: ChatSetup;
beforeAll(async () => {
  setup = await chatSetup('anthropic');
});
afterAll(() => setup.cleanup());

test('a long-lived writer (as a TUI) and aichat ask --continue on the same chat keep both their changes', async () => {
  const outcome = await liveAndAsk(setup, 3);
  expect(outcome.failures).toEqual([]);
  expect(outcome.lost).toBe(0);
  // Both really wrote while the other did: the worker added messages during the asks.
  expect(outcome.workerMessages).toBeGreaterThan(10);
}, 60_000);
