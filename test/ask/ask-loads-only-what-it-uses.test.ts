import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { chatSetup, type ChatSetup } from '../helpers/chat-setup.js';

let setup: ChatSetup;
afterEach(() => setup.cleanup());

// Node's built-in modules that `aichat ask` to a plain-http endpoint has no use for, each
// a few milliseconds of every start: fetch's undici and web streams (the SDKs' globals),
// TLS and zlib (needed only by https and compressed replies), child_process (Commander's
// executable subcommands) and assert (signal-exit's one check).
const UNUSED = [
  'internal/deps/undici/undici',
  'internal/webstreams/readablestream',
  'https',
  'tls',
  'zlib',
  'child_process',
  'assert',
];

describe.each(['anthropic', 'openai'] as const)('aichat ask against %s', (protocol) => {
  test('loads none of the built-in modules it does not use', async () => {
    setup = await chatSetup(protocol);
    const preload = path.join(setup.home.home, 'modules.cjs');
    const loaded = path.join(setup.home.home, 'modules.txt');
    await writeFile(
      preload,
      `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(loaded)}, process.moduleLoadList.join('\\n')));`,
    );
    setup.server.script({ text: 'Hi.' });
    const result = await setup.home.run(['ask', 'hello'], {
      env: { NODE_OPTIONS: `--require ${preload}` },
    });
    expect(result).toMatchObject({ code: 0, stdout: 'Hi.' });
    const modules = (await readFile(loaded, 'utf8'))
      .split('\n')
      .filter((line) => line.startsWith('NativeModule '))
      .map((line) => line.slice('NativeModule '.length));
    expect(modules).toContain('http');
    expect(modules.filter((name) => UNUSED.includes(name))).toEqual([]);
  });
});
