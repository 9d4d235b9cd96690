import { afterAll, beforeAll, expect, test } from 'vitest';
import { withFirstUser, type TempHome } from '../helpers/cli.js';

let home: TempHome;
beforeAll(async () => {
  home = await withFirstUser();
});
afterAll(() => home.cleanup());

const cases: [string[], number, RegExp][] = [
  [
    ['endpoint', 'add', 'x', '--provider', 'openai', '--url', 'javascript:alert(1)'],
    2,
    /is not an http:\/\/ or https:\/\/ URL/,
  ],
  [['endpoint', 'add', 'x', '--provider', 'openai', '--url', 'notaurl'], 2, /is not a URL/],
  [
    ['endpoint', 'add', 'x', '--provider', 'openai', '--url', 'https://a.io/v1  http://b.io'],
    2,
    /^aichat: a URL has no spaces in it: give one, like https:\/\/api.example.com\/v1\n$/,
  ],
  [
    ['endpoint', 'add', 'x', '--provider', 'openai', '--url', 'https://a.io/v1https://b.io/v1'],
    2,
    /^aichat: that is two URLs run together: give one, like https:\/\/api.example.com\/v1\n$/,
  ],
  [
    ['endpoint', 'add', 'x', '--provider', 'mistral', '--url', 'https://x.io'],
    2,
    /Allowed choices are anthropic, openai/,
  ],
  [
    ['endpoint', 'add', 'x', '--url', 'https://x.io'],
    2,
    /required option '--provider <provider>' not specified/,
  ],
  [
    ['model', 'add', 'm', '--endpoint', 'nope'],
    2,
    /no endpoint "nope" \(see: aichat endpoint list\)/,
  ],
  [
    ['model', 'add', 'm', '--endpoint', 'local', '--temperature', '3'],
    2,
    /temperature must be a number from 0 to 2/,
  ],
  [
    ['model', 'add', 'm', '--endpoint', 'local', '--max-tokens', '1.5'],
    2,
    /max tokens must be a whole number/,
  ],
  [['chat', 'show', 'nope'], 2, /no chat "nope" \(see: aichat chat list\)/],
  [['chat', 'new', '--folder', 'nope'], 2, /no folder "nope"/],
  [['chat', 'export', 'Welcome to aichat', '--format', 'pdf'], 2, /unknown export format "pdf"/],
  [['chat', 'import', '/nonexistent/file.json'], 2, /cannot read \/nonexistent\/file.json/],
  [['settings', 'set', 'colour', 'blue'], 2, /unknown setting "colour"/],
  // Names every object has: not settings either.
  [['settings', 'get', 'toString'], 2, /unknown setting "toString"/],
  [['settings', 'set', 'constructor', 'x'], 2, /unknown setting "constructor"/],
  [['chat', 'show', ''], 2, /name a chat by id or name; "" is empty/],
  [['model', 'add', 'm', '--endpoint', 'local', '--id', ' '], 2, /a model id cannot be empty/],
  [
    ['chat', 'export', 'Welcome to aichat', '--output', '/nonexistent/dir/x.md'],
    2,
    /^aichat: cannot write \/nonexistent\/dir\/x.md: ENOENT[^\n]*\n$/,
  ],
  [['folder', 'add', ' '], 2, /a folder name cannot be empty/],
  [
    ['endpoint', 'add', '', '--provider', 'openai', '--url', 'https://x.io'],
    2,
    /^aichat: an endpoint name cannot be empty\n$/,
  ],
  [['endpoint', 'rm', ''], 2, /^aichat: name an endpoint by id or name; "" is empty\n$/],
  [['nonsense'], 2, /unknown command 'nonsense'/],
  [[], 2, /^aichat: the chat screen needs a terminal: run aichat in one/],
];

test.each(cases)('aichat %j exits %i with one clear line', async (args, code, message) => {
  const result = await home.run(args);
  expect(result.code).toBe(code);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).toMatch(/^aichat: [^\n]*\n$/);
  expect(result.stdout).toBe('');
});

// What Commander finds wrong reads as what aichat finds wrong: one line, and where to look.
test.each([
  [['ask', '--bogus', 'hi'], "unknown option '--bogus' (see aichat ask --help)"],
  [['--bogus'], "unknown option '--bogus' (see aichat --help)"],
  [
    ['chat', 'list', 'extra'],
    "too many arguments for 'list'. Expected 0 arguments but got 1 (see aichat chat list --help)",
  ],
  [['chat', 'lst'], "unknown command 'lst'; did you mean list? (see aichat chat --help)"],
  [
    ['user', 'add', 'x', '--pasword-stdin'],
    "unknown option '--pasword-stdin'; did you mean --password-stdin? (see aichat user add --help)",
  ],
  [['ask', '--temperature'], "option '--temperature <t>' argument missing (see aichat ask --help)"],
])('aichat %j: a usage error from Commander is one aichat line, exit 2', async (args, line) => {
  const result = await home.run(args);
  expect(result).toEqual({ code: 2, stdout: '', stderr: `aichat: ${line}\n` });
});

// Number() takes all of these; a person typing a number means none of them.
const notDecimal = ['0x1', ' 1 ', '1e3', 'Infinity', '', '1_000'];
const numberOptions: [string, (value: string) => string[], RegExp][] = [
  ['ask --temperature', (v) => ['ask', '--temperature', v, 'hi'], /temperature must be/],
  ['ask --max-tokens', (v) => ['ask', '--max-tokens', v, 'hi'], /max tokens must be/],
  [
    'model add --temperature',
    (v) => ['model', 'add', 'm', '--endpoint', 'local', '--temperature', v],
    /temperature must be/,
  ],
  [
    'model edit --max-tokens',
    (v) => ['model', 'edit', 'llama3.2', '--max-tokens', v],
    /max tokens must be/,
  ],
  ['settings set temperature', (v) => ['settings', 'set', 'temperature', v], /temperature must be/],
  ['settings set timeout', (v) => ['settings', 'set', 'timeout', v], /timeout must be/],
];
test.each(
  numberOptions.flatMap(([name, args, message]) =>
    notDecimal.map((v) => [name, v, args, message] as const),
  ),
)('%s %j is refused with one line, exit 2', async (_name, value, args, message) => {
  const result = await home.run(args(value));
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).toMatch(/^aichat: [^\n]*\n$/);
  expect(result.stdout).toBe('');
});

test('numbers in plain decimals are taken', async () => {
  for (const [key, value] of [
    ['temperature', '.5'],
    ['temperature', '1.25'],
    ['timeout', '0.5'],
    ['timeout', '3600'],
  ]) {
    const result = await home.run(['settings', 'set', key!, value!]);
    expect(result.code, result.stderr).toBe(0);
  }
  expect((await home.run(['settings', 'get', 'timeout'])).stdout).toBe('3600\n');
});

test('a timeout of 0 is refused in words that match the rule', async () => {
  const result = await home.run(['settings', 'set', 'timeout', '0']);
  expect(result.code).toBe(2);
  expect(result.stderr).toBe(
    'aichat: timeout must be a number of seconds more than 0 and at most 3600, not "0"\n',
  );
});

test('a name that is taken is refused', async () => {
  await home.run(['folder', 'add', 'dup']);
  const result = await home.run(['folder', 'add', 'dup']);
  expect(result.code).toBe(2);
  expect(result.stderr).toBe('aichat: folder "dup" already exists\n');
});

test('a name with a line break, or that is another one’s id, is refused: it could not be used', async () => {
  const broken = await home.run(['folder', 'add', 'two\nlines']);
  expect(broken).toEqual({
    code: 2,
    stdout: '',
    stderr: 'aichat: a folder name is one line of text, with no control characters\n',
  });
  await home.run(['folder', 'add', 'Original']);
  const folders = JSON.parse((await home.run(['folder', 'list', '--json'])).stdout) as {
    id: string;
    name: string;
  }[];
  const id = folders.find((f) => f.name === 'Original')!.id;
  const taken = await home.run(['folder', 'add', id]);
  expect(taken).toEqual({
    code: 2,
    stdout: '',
    stderr: `aichat: "${id}" is the id of another folder: choose another name\n`,
  });
  expect((await home.run(['folder', 'list'])).stdout).not.toContain('two');
});

test('an http:// key to another machine is accepted with a warning', async () => {
  const result = await home.run(
    [
      'endpoint',
      'add',
      'lan',
      '--provider',
      'openai',
      '--url',
      'http://example.com/v1',
      '--key-stdin',
    ],
    { stdin: 'sk-abcdefghijklmnop\n' },
  );
  expect(result.code).toBe(0);
  expect(result.stderr).toMatch(
    /warning: the key for http:\/\/example.com\/v1 will travel unencrypted/,
  );
  expect(result.stderr).not.toContain('abcdefghijklmnop');
});

test('an empty name (an unset shell variable) removes nothing, not even an untitled chat', async () => {
  const created = (await home.run(['chat', 'new'])).stdout.trim();
  const result = await home.run(['chat', 'rm', '']);
  expect(result.code).toBe(2);
  expect(result.stderr).toBe('aichat: name a chat by id or name; "" is empty\n');
  expect((await home.run(['chat', 'show', created])).code).toBe(0);
});

test('importing something that is not an export changes nothing', async () => {
  const before = (await home.run(['chat', 'list', '--json'])).stdout;
  const file = `${home.home}/bad.json`;
  await import('node:fs/promises').then((fs) =>
    fs.writeFile(
      file,
      '{"format":"aichat-chat","version":1,"chat":{},"tree":{"nodes":{"a":{"id":"a"}},"rootIds":["a"],"activeRootId":"a"}}',
    ),
  );
  const result = await home.run(['chat', 'import', file]);
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/has a broken message tree/);
  // A newer export says so, whatever shape it has.
  const newer = await home.run(['chat', 'import', '-'], {
    stdin: '{"format":"aichat-chat","version":2,"conversation":{}}',
  });
  expect(newer).toEqual({
    code: 2,
    stdout: '',
    stderr:
      'aichat: standard input was exported by a newer aichat (version 2): upgrade aichat to import it\n',
  });
  expect((await home.run(['chat', 'list', '--json'])).stdout).toBe(before);
});

/** An export of one user message and its reply, as chat export --format json writes it. */
const exportOf = (u: Record<string, unknown>, a: Record<string, unknown>) =>
  JSON.stringify({
    format: 'aichat-chat',
    version: 1,
    chat: { title: 'imported', titleSource: 'manual', createdAt: 1, updatedAt: 2 },
    tree: {
      nodes: {
        u: {
          id: 'u',
          parentId: null,
          role: 'user',
          content: 'q',
          children: ['a'],
          activeChildId: 'a',
          status: 'complete',
          createdAt: 1,
          ...u,
        },
        a: {
          id: 'a',
          parentId: 'u',
          role: 'assistant',
          content: 'r',
          children: [],
          activeChildId: null,
          status: 'complete',
          createdAt: 2,
          ...a,
        },
      },
      rootIds: ['u'],
      activeRootId: 'u',
    },
  });

test.each([
  [
    'an active child that is not a child',
    { activeChildId: 'nope' },
    {},
    /node u has an active child nope/,
  ],
  ['a cycle', {}, { children: ['u'], activeChildId: 'u' }, /broken message tree/],
  [
    'a message with no creation time',
    {},
    { createdAt: 'soon' },
    /message a has no content or creation time/,
  ],
])('an export with %s is refused and changes nothing', async (_, u, a, message) => {
  const before = (await home.run(['chat', 'list', '--json'])).stdout;
  const file = `${home.home}/broken.json`;
  await import('node:fs/promises').then((fs) => fs.writeFile(file, exportOf(u, a)));
  const result = await home.run(['chat', 'import', file]);
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(message);
  expect((await home.run(['chat', 'list', '--json'])).stdout).toBe(before);
});
