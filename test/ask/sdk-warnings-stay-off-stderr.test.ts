import { afterEach, expect, test } from 'vitest';
import { chatSetup, type ChatSetup } from '../helpers/chat-setup.js';

// On the Anthropic SDK's hard-coded deprecation list, which makes it warn on the console.
const DEPRECATED_ID = 'claude-sonnet-4-5-20250929';

let setup: ChatSetup;
afterEach(() => setup.cleanup());

test('ask with a model the SDK calls deprecated leaves stderr to aichat (reply and title)', async () => {
  setup = await chatSetup('anthropic');
  expect((await setup.home.run(['model', 'edit', 'tester', '--id', DEPRECATED_ID])).code).toBe(0);
  const result = await setup.home.run(['ask', 'hello']);
  expect(result.code, result.stderr).toBe(0);
  expect(result.stdout).toBe('Hello from the test server.');
  // Both the reply and the title request went out with that id.
  expect(setup.server.requests.filter((r) => r.body?.model === DEPRECATED_ID)).toHaveLength(2);
  expect(result.stderr).toBe('');
});

test('endpoint test with a model the SDK calls deprecated prints no SDK warning', async () => {
  setup = await chatSetup('anthropic');
  await setup.home.run(['model', 'edit', 'tester', '--id', DEPRECATED_ID]);
  const result = await setup.home.run(['endpoint', 'test', 'test']);
  expect(result.code, result.stderr).toBe(0);
  expect(result.stdout).toContain(`${DEPRECATED_ID} answered`);
  expect(result.stderr).toBe('');
});
