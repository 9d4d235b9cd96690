/** `aichat model add|list|edit|rm|import`. */
import { Command } from 'commander';
import {
  addModel,
  editModel,
  importModels,
  listModels,
  removeModel,
  type ModelView,
} from '../services/models.js';
import type { App } from './app.js';
import { run } from './app.js';
import { note, printJson, printLine, printTable } from './output.js';

interface ParamOptions {
  temperature?: string;
  maxTokens?: string;
}

const paramOptions = (command: Command) =>
  command
    .option('--temperature <t>', 'default temperature, 0 to 2')
    .option('--max-tokens <n>', 'default limit on the reply length');

const describe = (m: ModelView) =>
  `${m.name} (${m.modelId} on ${m.endpoint}${m.temperature !== undefined ? `, temperature ${m.temperature}` : ''}${m.maxTokens !== undefined ? `, max tokens ${m.maxTokens}` : ''})`;

export function modelCommand(app: App): Command {
  const model = new Command('model').description('manage models on your endpoints');

  paramOptions(
    model
      .command('add')
      .description('add a model')
      .argument('<name>', 'display name')
      .requiredOption('--endpoint <endpoint>', 'endpoint name or id')
      .option('--id <model-id>', 'the id the provider uses (default: the name)'),
  ).action(
    run(async (name: string, opts: ParamOptions & { endpoint: string; id?: string }) => {
      const added = await addModel(await app.context(), name, {
        endpoint: opts.endpoint,
        ...(opts.id !== undefined ? { modelId: opts.id } : {}),
        ...params(opts),
      });
      note(`added model ${describe(added)}${added.default ? '; it is your default model' : ''}`);
    }),
  );

  model
    .command('list')
    .description('list your models')
    .option('--json', 'print JSON')
    .action(
      run(async (opts: { json?: boolean }) => {
        const models = await listModels(await app.context());
        if (opts.json) return printJson(models);
        printTable(
          ['NAME', 'ENDPOINT', 'MODEL ID', 'TEMP', 'MAX TOKENS', 'DEFAULT'],
          models.map((m) => [
            m.name,
            m.endpoint,
            m.modelId,
            m.temperature,
            m.maxTokens,
            m.default ? '*' : '',
          ]),
        );
      }),
    );

  paramOptions(
    model
      .command('edit')
      .description('change a model')
      .argument('<name>', 'model name or id')
      .option('--name <new>', 'new display name')
      .option('--endpoint <endpoint>', 'move it to another endpoint')
      .option('--id <model-id>', 'the id the provider uses'),
  ).action(
    run(
      async (
        name: string,
        opts: ParamOptions & { name?: string; endpoint?: string; id?: string },
      ) => {
        const changed = await editModel(await app.context(), name, {
          ...(opts.name !== undefined ? { name: opts.name } : {}),
          ...(opts.endpoint !== undefined ? { endpoint: opts.endpoint } : {}),
          ...(opts.id !== undefined ? { modelId: opts.id } : {}),
          ...params(opts),
        });
        note(`changed model ${describe(changed)}`);
      },
    ),
  );

  model
    .command('rm')
    .description('remove a model')
    .argument('<name>', 'model name or id')
    .action(
      run(async (name: string) => {
        const { model, unset, chats } = await removeModel(await app.context(), name);
        note(`removed model ${model.name}`);
        for (const setting of unset) {
          note(
            `it was your ${setting}, now unset: set another with aichat settings set ${setting} NAME`,
          );
        }
        if (chats > 0) {
          const which = unset.includes('default-model')
            ? 'the default model you set next'
            : 'your default model';
          note(`${chats} chat(s) used it; they will use ${which}`);
        }
      }),
    );

  model
    .command('import')
    .description('add every model an endpoint lists')
    .argument('<endpoint>', 'endpoint name or id')
    .action(
      run(async (endpoint: string) => {
        const result = await importModels(await app.context(), endpoint);
        for (const m of result.added) printLine(m.name);
        note(`added ${result.added.length} model(s); ${result.existing} were there already`);
        if (result.unusable) {
          note(
            `left out ${result.unusable} listed id(s) that are empty or hold control characters`,
          );
        }
        if (result.nameTaken.length) {
          note(
            `left out ${result.nameTaken.join(', ')}: a model already has that name (add it with aichat model add NAME --endpoint ${endpoint} --id ID)`,
          );
        }
      }),
    );

  return model;
}

function params(opts: ParamOptions) {
  return {
    ...(opts.temperature !== undefined ? { temperature: opts.temperature } : {}),
    ...(opts.maxTokens !== undefined ? { maxTokens: opts.maxTokens } : {}),
  };
}
