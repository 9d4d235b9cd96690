/** `aichat endpoint add|list|edit|rm|test`. */
import { Command, Option } from 'commander';
import { usageError } from '../core/errors.js';
import {
  addEndpoint,
  editEndpoint,
  listEndpoints,
  removeEndpoint,
  type EndpointChange,
  type KeySource,
} from '../services/endpoints.js';
import { testEndpoint, testSteps } from '../services/endpoint-test.js';
import { defaultEndpointName } from '../services/models.js';
import type { App } from './app.js';
import { run } from './app.js';
import { readStdinLine } from './input.js';
import { note, printJson, printLine, printTable, warn } from './output.js';

interface KeyOptions {
  keyStdin?: boolean;
  keyEnv?: string;
  noKey?: boolean;
}

async function keySource(opts: KeyOptions): Promise<KeySource | undefined> {
  const given = [opts.keyStdin, opts.keyEnv !== undefined, opts.noKey].filter(Boolean).length;
  if (given > 1) throw usageError('use only one of --key-stdin, --key-env and --no-key');
  if (opts.keyStdin) return { key: await readStdinLine('API key') };
  if (opts.keyEnv !== undefined) return { keyEnv: opts.keyEnv };
  if (opts.noKey) return { none: true };
  return undefined;
}

const keyOptions = (command: Command) =>
  command
    .option('--key-stdin', 'read the API key from the first line of stdin (stored)')
    .option(
      '--key-env <VAR>',
      'read the API key from this environment variable at each request (not stored)',
    );

function report(change: EndpointChange, verb: string) {
  note(
    `${verb} endpoint ${change.endpoint.name} (${change.endpoint.provider}, ${change.endpoint.baseUrl}, key: ${change.endpoint.key})`,
  );
  for (const w of change.warnings) warn(w);
}

export function endpointCommand(app: App): Command {
  const endpoint = new Command('endpoint').description(
    'manage AI endpoints (where models are served)',
  );

  keyOptions(
    endpoint
      .command('add')
      .description('add an endpoint')
      .argument('<name>', 'a name for it')
      .addOption(
        new Option('--provider <provider>', 'protocol it speaks')
          .choices(['anthropic', 'openai'])
          .makeOptionMandatory(),
      )
      .requiredOption(
        '--url <url>',
        'base URL, e.g. https://api.anthropic.com or http://localhost:11434/v1',
      ),
  ).action(
    run(async (name: string, opts: KeyOptions & { provider: string; url: string }) => {
      const key = await keySource(opts);
      const change = await addEndpoint(await app.context(), {
        name,
        provider: opts.provider,
        url: opts.url,
        ...(key ? { key } : {}),
      });
      report(change, 'added');
    }),
  );

  endpoint
    .command('list')
    .description('list your endpoints (keys masked)')
    .option('--json', 'print JSON')
    .action(
      run(async (opts: { json?: boolean }) => {
        const endpoints = await listEndpoints(await app.context());
        if (opts.json) return printJson(endpoints);
        printTable(
          ['NAME', 'PROVIDER', 'URL', 'KEY'],
          endpoints.map((e) => [e.name, e.provider, e.baseUrl, e.key]),
        );
      }),
    );

  keyOptions(
    endpoint
      .command('edit')
      .description('change an endpoint')
      .argument('<name>', 'endpoint name or id')
      .option('--url <url>', 'new base URL')
      .option('--name <new>', 'new name')
      .option('--no-key', 'forget the key (for servers that need none)'),
  ).action(
    run(async (name: string, opts: KeyOptions & { url?: string; name?: string; key?: boolean }) => {
      // Commander turns --no-key into key: false.
      const noKey = opts.key === false;
      const key = await keySource({ ...opts, noKey });
      const change = await editEndpoint(await app.context(), name, {
        ...(opts.url !== undefined ? { url: opts.url } : {}),
        ...(opts.name !== undefined ? { name: opts.name } : {}),
        ...(key ? { key } : {}),
      });
      report(change, 'changed');
    }),
  );

  endpoint
    .command('rm')
    .description('remove an endpoint (its models must be removed first)')
    .argument('<name>', 'endpoint name or id')
    .action(
      run(async (name: string) => {
        const removed = await removeEndpoint(await app.context(), name);
        note(`removed endpoint ${removed.name}`);
      }),
    );

  endpoint
    .command('test')
    .description('check an endpoint step by step: reach, key, models, a reply, a stream')
    .argument('[name]', 'endpoint name or id (default: the one your default model uses)')
    .option('--json', 'print JSON')
    .action(
      run(async (name: string | undefined, opts: { json?: boolean }) => {
        const ctx = await app.context();
        const ref = name ?? (await defaultEndpointName(ctx));
        const width = Math.max(...testSteps.map((s) => s.length));
        const result = await testEndpoint(ctx, ref, {
          onStep: (step) => {
            if (opts.json) return;
            const mark = step.ok ? 'ok  ' : 'FAIL';
            printLine(
              `${mark} ${step.step.padEnd(width)} ${String(step.ms).padStart(6)} ms  ${step.detail}`,
            );
          },
        });
        if (opts.json) printJson(result);
        if (!result.ok) process.exitCode = 1;
      }),
    );

  return endpoint;
}
