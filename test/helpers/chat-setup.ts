/** A signed-in user whose default model is served by the provider test server. */
import { startProviderServer, type Protocol, type ProviderServer } from './provider-server.js';
import { withFirstUser, type TempHome } from './cli.js';

export const TEST_KEY = 'sk-test-key-abcdef123456';

export interface ChatSetup {
  home: TempHome;
  server: ProviderServer;
  cleanup(): Promise<void>;
}

export async function chatSetup(
  protocol: Protocol,
  options: { settings?: Record<string, string> } = {},
): Promise<ChatSetup> {
  const server = await startProviderServer({ apiKey: TEST_KEY });
  const home = await withFirstUser();
  const url = protocol === 'anthropic' ? server.anthropicUrl : server.openaiUrl;
  const steps: [string[], string?][] = [
    [
      ['endpoint', 'add', 'test', '--provider', protocol, '--url', url, '--key-stdin'],
      `${TEST_KEY}\n`,
    ],
    [
      [
        'model',
        'add',
        'tester',
        '--endpoint',
        'test',
        '--id',
        'test-model-1',
        '--temperature',
        '0.3',
        '--max-tokens',
        '256',
      ],
    ],
    [['settings', 'set', 'default-model', 'tester']],
    [['settings', 'set', 'title-model', 'tester']],
    ...Object.entries(options.settings ?? {}).map(([k, v]): [string[]] => [
      ['settings', 'set', k, v],
    ]),
  ];
  for (const [args, stdin] of steps) {
    const result = await home.run(args, stdin === undefined ? {} : { stdin });
    if (result.code !== 0) throw new Error(`${args.join(' ')}: ${result.stderr}`);
  }
  return {
    home,
    server,
    cleanup: async () => {
      await server.close();
      await home.cleanup();
    },
  };
}
