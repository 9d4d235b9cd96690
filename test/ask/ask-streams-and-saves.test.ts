import { afterEach, describe, expect, test } from 'vitest';
import { chatSetup, type ChatSetup } from '../helpers/chat-setup.js';

interface ShownChat {
  chat: { id: string; title: string };
  messages: {
    id: string;
    role: string;
    content: string;
    status: string;
    provenance?: Record<string, unknown>;
  }[];
}

let setup: ChatSetup;
afterEach(() => setup.cleanup());

const chatRequests = (s: ChatSetup) =>
  s.server.requests.filter(
    (r) => r.method === 'POST' && !JSON.stringify(r.body).includes('You name conversations'),
  );

describe.each(['anthropic', 'openai'] as const)('aichat ask against %s', (protocol) => {
  test('streams the reply byte for byte, saves both messages, and sends the whole active path', async () => {
    setup = await chatSetup(protocol, { settings: { 'system-prompt': 'Be terse.' } });
    const text = 'Grüße — 你好 🌍! Line one\nline two';
    setup.server.script({ text, chunks: 7, fragment: true });
    const first = await setup.home.run(['ask', 'hello', 'there']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(text);

    setup.server.script({ text: 'Second answer.' });
    const second = await setup.home.run([
      'ask',
      '--continue',
      '--temperature',
      '0.9',
      'and',
      'then?',
    ]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toBe('Second answer.');

    const [, request] = chatRequests(setup);
    const body = request!.body;
    expect(body.model).toBe('test-model-1');
    expect(body.temperature).toBe(0.9);
    expect(body.stream).toBe(true);
    const turns = [
      { role: 'user', content: 'hello there' },
      { role: 'assistant', content: text },
      { role: 'user', content: 'and then?' },
    ];
    if (protocol === 'anthropic') {
      expect(body.system).toBe('Be terse.');
      expect(body.max_tokens).toBe(256);
      expect(body.messages).toEqual(turns);
    } else {
      expect(body.max_tokens ?? body.max_completion_tokens).toBe(256);
      expect(body.messages).toEqual([{ role: 'system', content: 'Be terse.' }, ...turns]);
      expect(body.stream_options).toEqual({ include_usage: true });
    }
    expect(request!.headers.authorization ?? request!.headers['x-api-key']).toContain(
      'sk-test-key',
    );

    const list = JSON.parse((await setup.home.run(['chat', 'list', '--json'])).stdout) as {
      id: string;
      title: string;
    }[];
    const shown = JSON.parse(
      (await setup.home.run(['chat', 'show', list[0]!.id, '--json'])).stdout,
    ) as ShownChat;
    expect(shown.messages.map((m) => [m.role, m.content, m.status])).toEqual([
      ['user', 'hello there', 'complete'],
      ['assistant', text, 'complete'],
      ['user', 'and then?', 'complete'],
      ['assistant', 'Second answer.', 'complete'],
    ]);
    expect(shown.messages[1]!.provenance).toMatchObject({
      endpointName: 'test',
      provider: protocol,
      modelId: 'test-model-1',
      temperature: 0.3,
      maxTokens: 256,
      usage: { inputTokens: 10, outputTokens: 7 },
    });
    expect(shown.messages[1]!.provenance!.totalMs).toBeTypeOf('number');
    expect(shown.messages[1]!.provenance!.timeToFirstTokenMs).toBeTypeOf('number');
  });

  test('--json prints one object and --no-save stores nothing, but sends the system prompt', async () => {
    setup = await chatSetup(protocol, { settings: { 'system-prompt': 'Be terse.' } });
    const before = (await setup.home.run(['chat', 'list', '--json'])).stdout;
    setup.server.script({ text: 'Just this.' });
    const result = await setup.home.run(['ask', '--no-save', '--json', 'quick']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      text: 'Just this.',
      status: 'complete',
      model: 'tester',
      chatId: null,
      usage: { inputTokens: 10, outputTokens: 3 },
    });
    expect((await setup.home.run(['chat', 'list', '--json'])).stdout).toBe(before);
    // What a new chat would send: --no-save changes what is kept, not what is asked.
    const body = chatRequests(setup).at(-1)!.body;
    if (protocol === 'anthropic') expect(body.system).toBe('Be terse.');
    else expect(body.messages).toContainEqual({ role: 'system', content: 'Be terse.' });
  });

  test('--no-save after a prompt that got no reply still sends alternating turns', async () => {
    setup = await chatSetup(protocol);
    setup.server.script({ fault: { kind: 'status', status: 401 } });
    expect((await setup.home.run(['ask', 'first question'])).code).toBe(1);
    setup.server.script({ text: 'Answered.' });
    const result = await setup.home.run(['ask', '--continue', '--no-save', 'second']);
    expect(result.code, result.stderr).toBe(0);
    const messages = chatRequests(setup).at(-1)!.body.messages as { role: string }[];
    expect(messages.at(-1)).toMatchObject({ role: 'user', content: 'first question\n\nsecond' });
    expect(messages.map((m) => m.role)).not.toContain('assistant');
    expect(messages.filter((m) => m.role === 'user')).toHaveLength(1);
  });

  test('an ask that cannot be sent makes no chat', async () => {
    setup = await chatSetup(protocol);
    const before = (await setup.home.run(['chat', 'list', '--json'])).stdout;
    await setup.home.run(['endpoint', 'edit', 'test', '--key-env', 'AICHAT_TEST_UNSET_KEY']);
    const result = await setup.home.run(['ask', 'hello']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/AICHAT_TEST_UNSET_KEY/);
    expect((await setup.home.run(['chat', 'list', '--json'])).stdout).toBe(before);
    expect(setup.server.requests.filter((r) => r.method === 'POST')).toEqual([]);
  });
});
