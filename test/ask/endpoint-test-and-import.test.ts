import { afterEach, describe, expect, test } from 'vitest';
import { chatSetup, TEST_KEY, type ChatSetup } from '../helpers/chat-setup.js';
import { startProviderServer } from '../helpers/provider-server.js';

let setup: ChatSetup;
afterEach(() => setup.cleanup());

describe.each(['anthropic', 'openai'] as const)('%s endpoints', (protocol) => {
  test('endpoint test passes every step against a working server', async () => {
    setup = await chatSetup(protocol);
    const result = await setup.home.run(['endpoint', 'test', 'test']);
    expect(result.code, result.stderr).toBe(0);
    const steps = result.stdout.trim().split('\n');
    expect(steps.map((line) => line.split(/\s{2,}|\s(?=\S)/)[0])).toEqual([
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
    ]);
    expect(result.stdout).toMatch(/reach .* ms {2}HTTP \d+ from/);
    expect(result.stdout).toMatch(/list models .* ms {2}\d+ models?/);
    expect(result.stdout).toMatch(/streamed reply .* first token after \d+ ms/);
  });

  test('endpoint test stops at a bad key with its cause, exit 1, and never shows the key', async () => {
    setup = await chatSetup(protocol);
    await setup.home.run(['endpoint', 'edit', 'test', '--key-stdin'], {
      stdin: 'sk-wrong-key-9999999999\n',
    });
    const result = await setup.home.run(['endpoint', 'test']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^ok {3}reach/m);
    expect(result.stdout).toMatch(/^FAIL authenticate .*endpoint "test": .*key/m);
    expect(result.stdout).not.toMatch(/list models|one-token/);
    expect(result.stdout + result.stderr).not.toContain('9999999999');
    expect(result.stdout + result.stderr).not.toContain(TEST_KEY);
  });

  test('endpoint test fails a streamed reply that holds no text', async () => {
    setup = await chatSetup(protocol);
    setup.server.script({ text: '' });
    const result = await setup.home.run(['endpoint', 'test', 'test']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^ok {3}one-token reply/m);
    expect(result.stdout).toMatch(/^FAIL streamed reply .*ended its reply without any text/m);
    expect(result.stdout).not.toMatch(/first token after/);
  });

  test('endpoint test failing on an unknown model points to model import, not back to itself', async () => {
    setup = await chatSetup(protocol);
    setup.server.script({ fault: { kind: 'status', status: 404 } });
    const result = await setup.home.run(['endpoint', 'test', 'test']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /^FAIL one-token reply .*unknown model "test-model-1" \(404\) — check its id \(aichat model list\), or add the ones it serves: aichat model import test$/m,
    );
    expect(result.stdout).not.toContain('aichat endpoint test');
  });

  test('endpoint test names an unreachable server', async () => {
    setup = await chatSetup(protocol);
    await setup.home.run(['endpoint', 'edit', 'test', '--url', 'http://127.0.0.1:9/v1']);
    const result = await setup.home.run(['endpoint', 'test', 'test']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^FAIL reach .*unreachable at .*connection refused/m);
  });

  test('endpoint test waits the timeout setting for the model list, and a timeout does not pass the key', async () => {
    setup = await chatSetup(protocol, { settings: { timeout: '1' } });
    setup.server.script({ fault: { kind: 'hang' }, faultOn: 'models' });
    const started = Date.now();
    const result = await setup.home.run(['endpoint', 'test', 'test']);
    const took = Date.now() - started;
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^ok {3}reach/m);
    expect(result.stdout).toMatch(
      /^FAIL authenticate .*not known, the model list got no answer: endpoint "test": timed out: no data for 1 s/m,
    );
    expect(result.stdout).not.toMatch(/key was not refused|list models/);
    // The default would have waited 15 s.
    expect(took).toBeLessThan(8_000);
  });

  test('model import adds every listed model once, following pagination', async () => {
    setup = await chatSetup(protocol);
    const first = await setup.home.run(['model', 'import', 'test']);
    expect(first.code, first.stderr).toBe(0);
    const added = first.stdout.trim().split('\n');
    expect(added.length).toBeGreaterThan(1);
    const again = await setup.home.run(['model', 'import', 'test']);
    expect(again.stderr).toMatch(/added 0 model\(s\); (\d+) were there already/);
    // The models already there, plus `tester` (test-model-1), which the list does not hold.
    expect(Number(/(\d+) were there/.exec(again.stderr)![1])).toBe(added.length);
    const models = JSON.parse((await setup.home.run(['model', 'list', '--json'])).stdout) as {
      name: string;
    }[];
    expect(models.map((m) => m.name)).toEqual(expect.arrayContaining(added));
  });

  test('model import names what it left out because its names are taken', async () => {
    setup = await chatSetup(protocol);
    const first = await setup.home.run(['model', 'import', 'test']);
    const [id] = first.stdout.trim().split('\n');
    // Both names import would give the model are taken by models of another endpoint.
    await setup.home.run(['model', 'rm', id!]);
    await setup.home.run([
      'endpoint',
      'add',
      'other',
      '--provider',
      protocol,
      '--url',
      'http://127.0.0.1:9',
    ]);
    for (const name of [id!, `test/${id!}`])
      await setup.home.run(['model', 'add', name, '--endpoint', 'other', '--id', 'x']);
    const again = await setup.home.run(['model', 'import', 'test']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/added 0 model\(s\)/);
    expect(again.stderr).toContain(`left out ${id!}: a model already has that name`);
  });

  test('the first exchange titles the chat; a manual title is kept; --regenerate replaces it', async () => {
    setup = await chatSetup(protocol);
    setup.server.script({ text: 'An answer.' });
    await setup.home.run(['ask', 'what is a monad']);
    setup.server.script({ text: '"Monads Explained."' });
    const list = JSON.parse((await setup.home.run(['chat', 'list', '--json'])).stdout) as {
      id: string;
      title: string;
    }[];
    // The title request followed the answer, so the title came from the first script.
    expect(list[0]!.title).toBe('An answer');
    await setup.home.run(['chat', 'rename', list[0]!.id, 'Mine']);
    await setup.home.run(['ask', '--continue', 'more']);
    expect((await setup.home.run(['chat', 'title', list[0]!.id])).stdout.trim()).toBe('Mine');
    const regenerated = await setup.home.run(['chat', 'title', list[0]!.id, '--regenerate']);
    expect(regenerated.stdout.trim()).toBe('Monads Explained');
  });
});

describe('a server that lists or answers oddly', () => {
  test('model import leaves out listed ids that are empty or hold control characters', async () => {
    setup = await chatSetup('anthropic');
    const odd = await startProviderServer({
      models: ['good-1', 'evil\u001b]52;c;ZXZpbA==\u0007', ' ', 'padded '],
    });
    try {
      await setup.home.run([
        'endpoint',
        'add',
        'odd',
        '--provider',
        'anthropic',
        '--url',
        odd.anthropicUrl,
      ]);
      const result = await setup.home.run(['model', 'import', 'odd']);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toBe('good-1\n');
      expect(result.stderr).toContain(
        'left out 3 listed id(s) that are empty or hold control characters',
      );
      expect(result.stdout + result.stderr).not.toContain('\u001b');
    } finally {
      await odd.close();
    }
  });

  test('ask waits for a new chat’s title a few seconds at most, then leaves it for later', async () => {
    setup = await chatSetup('anthropic');
    const slow = await startProviderServer({ script: { fault: { kind: 'hang' } } });
    try {
      await setup.home.run([
        'endpoint',
        'add',
        'slow',
        '--provider',
        'anthropic',
        '--url',
        slow.anthropicUrl,
      ]);
      await setup.home.run(['model', 'add', 'slow', '--endpoint', 'slow']);
      await setup.home.run(['settings', 'set', 'title-model', 'slow']);
      setup.server.script({ text: 'Quick answer.' });
      const started = Date.now();
      const result = await setup.home.run(['ask', 'what?']);
      const took = Date.now() - started;
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toBe('Quick answer.');
      expect(result.stderr).toMatch(
        /the chat is left untitled for now: the title model was slow \(title it with aichat chat title \w+ --regenerate\)/,
      );
      expect(took).toBeGreaterThanOrEqual(5_000);
      expect(took).toBeLessThan(15_000);
      const [chat] = JSON.parse((await setup.home.run(['chat', 'list', '--json'])).stdout) as {
        title: string;
      }[];
      expect(chat!.title).toBe('');
    } finally {
      await slow.close();
    }
  });
});
