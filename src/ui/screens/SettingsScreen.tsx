import { Box, Text } from 'ink';
import { useCallback, useEffect, useState } from 'react';
import { oneLine } from '../../core/errors.js';
import { sanitize, truncate } from '../../core/text.js';
import { windowStart } from '../../core/lists.js';
import { Pane } from '../components/Pane.js';
import { useServices } from '../contexts.js';
import { useListCursor } from '../hooks/useListCursor.js';
import { actionFor, hints } from '../keys.js';
import { theme } from '../theme.js';
import { useKeys } from '../hooks/useKeys.js';
import type { PaneScreenProps } from './pane-screen.js';

type Values = Record<string, string | number | null>;

const MODEL_SETTINGS = new Set(['default-model', 'title-model']);

/** The user's settings (default model, system prompt, temperature, title model), editable. */
export function SettingsScreen({
  width,
  height,
  ui,
  isActive,
  onClose,
  onError,
  storeStamp,
}: PaneScreenProps) {
  const services = useServices();
  const names = Object.keys(services.settingKeys);
  const [values, setValues] = useState<Values>({});
  const [message, setMessage] = useState<{ text: string; failed: boolean }>();
  const [cursor, move] = useListCursor(names.length);

  const load = useCallback(
    () => services.getSettings().then(setValues, onError),
    [services, onError],
  );
  // Again when the store changes: another aichat may have changed what is listed.
  useEffect(() => {
    void load();
  }, [load, storeStamp]);

  const edit = async (name: string) => {
    let value: string | undefined | null;
    if (MODEL_SETTINGS.has(name)) {
      const models = await services.listModels();
      value = await ui.pick<string | null>(
        name,
        [
          ...models.map((m) => ({
            label: m.name,
            value: m.name,
            detail: `${m.modelId} on ${m.endpoint}`,
          })),
          { label: '(none)', value: null },
        ],
        (values[name] as string | null) ?? null,
      );
    } else {
      value = await ui.prompt(
        name,
        String(values[name] ?? ''),
        services.settingKeys[name]?.multiline
          ? { multiline: true, hint: 'Ctrl+J new line · empty unsets it' }
          : { hint: 'empty unsets it' },
      );
    }
    if (value === undefined) return;
    try {
      // Spaces and line breaks around what was typed (a pasted line's newline) are not part
      // of the value.
      const typed = value?.trim();
      await services.setSetting(name, typed ? typed : undefined);
      setMessage({ text: `${name} saved`, failed: false });
    } catch (err) {
      setMessage({ text: oneLine(err), failed: true });
    }
    await load();
  };

  useKeys((input, key) => {
    switch (actionFor('screen', input, key)) {
      case 'screen.up':
        return move(-1);
      case 'screen.down':
        return move(1);
      case 'screen.edit': {
        const name = names[cursor];
        if (name) void edit(name);
        return;
      }
      case 'screen.close':
        return onClose();
      case 'screen.add':
      case 'screen.delete':
      case 'screen.test':
      case 'screen.switch':
      case undefined:
        return;
    }
  }, isActive);

  const labelWidth = 16;
  const describe = (name: string | undefined) =>
    `${' '.repeat(labelWidth)} ${(name && services.settingKeys[name]?.describe) ?? ''}`;
  // Each setting over its description when there is room (title, blank, message: 3 rows);
  // else one line each, scrolled to the cursor, and the selected one described below.
  const described = height >= 3 + names.length * 2;
  const rows = Math.max(1, height - 4);
  const start = described ? 0 : windowStart(names.length, cursor, rows);
  const shown = described ? names : names.slice(start, start + rows);
  return (
    <Pane width={width} height={height}>
      <Text bold color={theme.focus}>
        Settings
      </Text>
      {shown.map((name, k) => (
        <Box key={name} flexDirection="column">
          <Text inverse={start + k === cursor} wrap="truncate">
            {`${name.padEnd(labelWidth)} ${truncate(sanitize(String(values[name] ?? '(not set)')).replace(/\s+/g, ' '), Math.max(4, width - labelWidth - 2))}`}
          </Text>
          {described && (
            <Text color={theme.muted} wrap="truncate">
              {describe(name)}
            </Text>
          )}
        </Box>
      ))}
      <Text color={theme.muted} wrap="truncate">
        {described ? ' ' : describe(names[cursor])}
      </Text>
      <Text
        color={message ? (message.failed ? theme.error : theme.success) : theme.muted}
        wrap="truncate"
      >
        {message?.text ?? hints(['screen.edit', 'screen.close']).join(' · ')}
      </Text>
    </Pane>
  );
}
