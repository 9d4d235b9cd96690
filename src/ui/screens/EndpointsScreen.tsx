import { Box, Text } from 'ink';
import { useCallback, useEffect, useState } from 'react';
import { oneLine } from '../../core/errors.js';
import { windowStart } from '../../core/lists.js';
import { padColumns, sanitize, truncate } from '../../core/text.js';
import type { EndpointView } from '../../services/endpoints.js';
import type { StepResult } from '../../services/endpoint-test.js';
import type { ModelView } from '../../services/models.js';
import { Pane } from '../components/Pane.js';
import { useServices } from '../contexts.js';
import type { DialogApi } from '../hooks/useDialogs.js';
import { useListCursor } from '../hooks/useListCursor.js';
import { actionFor, hints } from '../keys.js';
import type { Services } from '../services.js';
import { theme } from '../theme.js';
import { useKeys } from '../hooks/useKeys.js';
import type { PaneScreenProps } from './pane-screen.js';

interface TestRun {
  endpoint: string;
  steps: StepResult[];
  done: boolean;
}

const DEFAULT_URLS = {
  anthropic: 'https://api.anthropic.com',
  openai: 'https://api.openai.com/v1',
} as const;

/** Asks where an endpoint's key comes from; undefined when cancelled. */
async function askKey(ui: DialogApi) {
  const source = await ui.pick('API key', [
    { label: 'Type or paste the key', value: 'key' as const },
    { label: 'Read it from an environment variable', value: 'env' as const },
    { label: 'No key (local server)', value: 'none' as const },
  ]);
  if (source === 'none') return { none: true as const };
  if (source === 'env') {
    const keyEnv = await ui.prompt('Environment variable', 'OPENAI_API_KEY');
    return keyEnv ? { keyEnv } : undefined;
  }
  if (source === 'key') {
    const key = await ui.prompt('API key', '', { mask: true });
    return key ? { key } : undefined;
  }
  return undefined;
}

async function addEndpoint(services: Services, ui: DialogApi): Promise<string | undefined> {
  const name = await ui.prompt('Endpoint name', '');
  if (!name) return undefined;
  const provider = await ui.pick('Provider', [
    { label: 'anthropic', value: 'anthropic' as const, detail: 'Anthropic Messages API' },
    {
      label: 'openai',
      value: 'openai' as const,
      detail: 'OpenAI and compatible: Ollama, vLLM, OpenRouter…',
    },
  ]);
  if (!provider) return undefined;
  const url = await ui.prompt('Base URL', DEFAULT_URLS[provider]);
  if (!url) return undefined;
  const key = await askKey(ui);
  if (!key) return undefined;
  const { endpoint, warnings } = await services.addEndpoint({ name, provider, url, key });
  return [`endpoint ${endpoint.name} added`, ...warnings].join(' · ');
}

async function editEndpoint(
  services: Services,
  ui: DialogApi,
  e: EndpointView,
): Promise<string | undefined> {
  const field = await ui.pick(`Edit ${e.name}`, [
    { label: 'URL', value: 'url' as const, detail: e.baseUrl },
    { label: 'Key', value: 'key' as const, detail: e.key },
    { label: 'Name', value: 'name' as const, detail: e.name },
  ]);
  if (field === 'key') {
    const key = await askKey(ui);
    if (!key) return undefined;
    const { warnings } = await services.editEndpoint(e.id, { key });
    return ['key changed', ...warnings].join(' · ');
  }
  if (!field) return undefined;
  const value = await ui.prompt(
    field === 'url' ? 'Base URL' : 'Name',
    field === 'url' ? e.baseUrl : e.name,
  );
  if (!value) return undefined;
  await services.editEndpoint(e.id, field === 'url' ? { url: value } : { name: value });
  return `endpoint ${field} changed`;
}

async function addModel(
  services: Services,
  ui: DialogApi,
  endpoints: EndpointView[],
): Promise<string | undefined> {
  const endpoint = await ui.pick(
    'Endpoint',
    endpoints.map((e) => ({ label: e.name, value: e.name, detail: e.baseUrl })),
  );
  if (!endpoint) return undefined;
  const modelId = await ui.prompt('Model id (as the provider knows it)', '');
  if (!modelId) return undefined;
  const name = await ui.prompt('Display name', modelId);
  if (!name) return undefined;
  const temperature = await ui.prompt('Temperature', '', { hint: 'empty: the default' });
  if (temperature === undefined) return undefined;
  const maxTokens = await ui.prompt('Max tokens', '', { hint: 'empty: the default' });
  if (maxTokens === undefined) return undefined;
  const model = await services.addModel(name, {
    endpoint,
    modelId,
    ...(temperature ? { temperature } : {}),
    ...(maxTokens ? { maxTokens } : {}),
  });
  return `model ${model.name} added`;
}

async function editModel(
  services: Services,
  ui: DialogApi,
  m: ModelView,
): Promise<string | undefined> {
  const field = await ui.pick(`Edit ${m.name}`, [
    { label: 'Name', value: 'name' as const, detail: m.name },
    { label: 'Model id', value: 'modelId' as const, detail: m.modelId },
    {
      label: 'Temperature',
      value: 'temperature' as const,
      detail: String(m.temperature ?? 'default'),
    },
    { label: 'Max tokens', value: 'maxTokens' as const, detail: String(m.maxTokens ?? 'default') },
  ]);
  if (!field) return undefined;
  const value = await ui.prompt(field, String(m[field] ?? ''));
  if (!value) return undefined;
  await services.editModel(m.id, { [field]: value });
  return `model ${field} changed`;
}

function stepLine(step: StepResult): string {
  return `${step.ok ? '✓' : '✗'} ${step.step.padEnd(16)} ${String(step.ms).padStart(5)} ms  ${sanitize(step.detail)}`;
}

/** Endpoints and models: add, edit, delete, and test an endpoint step by step. */
export function EndpointsScreen({
  width,
  height,
  ui,
  isActive,
  onClose,
  onError,
  storeStamp,
}: PaneScreenProps) {
  const services = useServices();
  const [endpoints, setEndpoints] = useState<EndpointView[]>([]);
  const [models, setModels] = useState<ModelView[]>([]);
  const [section, setSection] = useState<'endpoints' | 'models'>('endpoints');
  const [message, setMessage] = useState<{ text: string; failed: boolean }>();
  const [test, setTest] = useState<TestRun | null>(null);
  const [cursor, move] = useListCursor(section === 'endpoints' ? endpoints.length : models.length);

  const load = useCallback(
    () =>
      Promise.all([services.listEndpoints(), services.listModels()]).then(([e, m]) => {
        setEndpoints(e);
        setModels(m);
      }, onError),
    [services, onError],
  );
  // Again when the store changes: another aichat may have changed what is listed.
  useEffect(() => {
    void load();
  }, [load, storeStamp]);

  const act = (action: () => Promise<string | undefined>) => {
    void action()
      .then(
        (text) => text !== undefined && setMessage({ text, failed: false }),
        (err: unknown) => setMessage({ text: oneLine(err), failed: true }),
      )
      .then(load);
  };

  const runTest = (endpoint: EndpointView) => {
    const run: TestRun = { endpoint: endpoint.name, steps: [], done: false };
    setTest(run);
    void services
      .testEndpoint(endpoint.id, {
        onStep: (step) =>
          setTest((t) =>
            t && t.endpoint === run.endpoint ? { ...t, steps: [...t.steps, step] } : t,
          ),
      })
      .then(
        (result) => {
          setTest((t) => (t ? { ...t, done: true } : t));
          setMessage({
            text: result.ok ? `${endpoint.name} works` : `${endpoint.name} failed`,
            failed: !result.ok,
          });
        },
        (err: unknown) => {
          setTest((t) => (t ? { ...t, done: true } : t));
          setMessage({ text: oneLine(err), failed: true });
        },
      );
  };

  const remove = (label: string, run: () => Promise<unknown>) =>
    act(async () =>
      (await ui.confirm(`Delete ${label}`, `Delete ${label}?`))
        ? (await run(), `${label} deleted`)
        : undefined,
    );

  useKeys((input, key) => {
    const endpoint = section === 'endpoints' ? endpoints[cursor] : undefined;
    const model = section === 'models' ? models[cursor] : undefined;
    switch (actionFor('screen', input, key)) {
      case 'screen.up':
        return move(-1);
      case 'screen.down':
        return move(1);
      case 'screen.switch':
        return setSection((s) => (s === 'endpoints' ? 'models' : 'endpoints'));
      case 'screen.add':
        return act(() =>
          section === 'endpoints' ? addEndpoint(services, ui) : addModel(services, ui, endpoints),
        );
      case 'screen.edit':
        if (endpoint) act(() => editEndpoint(services, ui, endpoint));
        if (model) act(() => editModel(services, ui, model));
        return;
      case 'screen.delete':
        if (endpoint)
          remove(`endpoint ${endpoint.name}`, () => services.removeEndpoint(endpoint.id));
        if (model) remove(`model ${model.name}`, () => services.removeModel(model.id));
        return;
      case 'screen.test':
        if (endpoint) runTest(endpoint);
        else if (model) {
          const of = endpoints.find((e) => e.name === model.endpoint);
          if (of) runTest(of);
        }
        return;
      case 'screen.close':
        return onClose();
      case undefined:
        return;
    }
  }, isActive);

  const row = (text: string, selected: boolean, k: number) => (
    <Text key={k} wrap="truncate" inverse={selected}>
      {truncate(text, width)}
    </Text>
  );
  const pending = test && !test.done ? services.testSteps.slice(test.steps.length) : [];
  // The two lists share what the headings, the test and the message line leave, each
  // scrolled to keep its cursor in sight: an imported model list can be long.
  const testRows = test ? 2 + test.steps.length + pending.length : 0;
  const listRows = Math.max(2, height - 3 - testRows);
  const endpointRows = Math.min(
    endpoints.length,
    Math.max(Math.ceil(listRows / 3), listRows - models.length),
  );
  const windowOf = <T,>(items: T[], rows: number, active: boolean) => {
    const start = active ? windowStart(items.length, cursor, rows) : 0;
    return items.slice(start, start + rows).map((item, k) => ({ item, k: start + k }));
  };
  return (
    <Pane width={width} height={height}>
      <Text bold color={section === 'endpoints' ? theme.focus : theme.muted}>
        Endpoints
      </Text>
      {windowOf(endpoints, endpointRows, section === 'endpoints').map(({ item: e, k }) =>
        row(
          `${padColumns(sanitize(e.name), 16)} ${e.provider.padEnd(10)} ${sanitize(e.baseUrl)}  ${sanitize(e.key)}`,
          section === 'endpoints' && k === cursor,
          k,
        ),
      )}
      <Text bold color={section === 'models' ? theme.focus : theme.muted}>
        Models
      </Text>
      {windowOf(models, Math.max(1, listRows - endpointRows), section === 'models').map(
        ({ item: m, k }) =>
          row(
            `${m.default ? '*' : ' '}${padColumns(sanitize(m.name), 20)} ${padColumns(sanitize(m.modelId), 24)} on ${sanitize(m.endpoint)}`,
            section === 'models' && k === cursor,
            k,
          ),
      )}
      {test && (
        <Box flexDirection="column" marginTop={1}>
          <Text bold>Test of {sanitize(test.endpoint)}</Text>
          {test.steps.map((step) => (
            <Text key={step.step} color={step.ok ? theme.success : theme.error} wrap="truncate">
              {stepLine(step)}
            </Text>
          ))}
          {pending.map((step, k) => (
            <Text key={step} color={theme.muted}>
              {k === 0 ? `… ${step}` : `  ${step}`}
            </Text>
          ))}
        </Box>
      )}
      <Text
        color={message ? (message.failed ? theme.error : theme.success) : theme.muted}
        wrap="truncate"
      >
        {message?.text ??
          hints([
            'screen.add',
            'screen.edit',
            'screen.delete',
            'screen.test',
            'screen.switch',
            'screen.close',
          ]).join(' · ')}
      </Text>
    </Pane>
  );
}
