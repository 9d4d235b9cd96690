import { Box, Text } from 'ink';
import { sanitize, truncate, wrap } from '../../core/text.js';
import { theme } from '../theme.js';
import { visibleItems, type Dialog as DialogData } from './dialog-state.js';
import { Pane } from './Pane.js';
import { cursorPosition } from './text-buffer.js';

export interface DialogProps {
  dialog: DialogData;
  width: number;
  height: number;
}

/** A one-line field with the cursor drawn as an inverse cell. */
function Field({
  text,
  cursor,
  mask,
  width,
}: {
  text: string;
  cursor: number;
  mask: boolean;
  width: number;
}) {
  const shown = mask ? '•'.repeat([...text].length) : text;
  const at = mask ? [...text.slice(0, cursor)].length : cursor;
  // Scroll horizontally so the cursor stays inside the field.
  const start = Math.max(0, at - (width - 2));
  const before = shown.slice(start, at);
  const under = shown.slice(at, at + 1) || ' ';
  const after = shown.slice(at + 1, start + width);
  return (
    <Text wrap="truncate">
      {before}
      <Text inverse>{under}</Text>
      {after}
    </Text>
  );
}

/** The open dialog, drawn in the conversation's place. Renders only; keys are in dialog-state. */
export function Dialog({ dialog, width, height }: DialogProps) {
  const inner = Math.max(10, width - 4);
  if (dialog.kind === 'text') {
    // No border or padding: the text is there to be selected with the mouse as it is.
    const lines = wrap(sanitize(dialog.text), width).slice(
      dialog.offset,
      dialog.offset + height - 1,
    );
    return (
      <Pane width={width} height={height}>
        <Text color={theme.focus} wrap="truncate">
          {dialog.title} — Esc closes, ↑/↓ scroll
        </Text>
        {lines.map((line, k) => (
          <Text key={k} wrap="truncate">
            {line || ' '}
          </Text>
        ))}
      </Pane>
    );
  }
  return (
    <Pane width={width} height={height}>
      <Box
        flexDirection="column"
        borderStyle="round"
        borderColor={theme.focus}
        paddingX={1}
        width={width}
      >
        <Text bold wrap="truncate">
          {truncate(dialog.title, inner)}
        </Text>
        {dialog.kind === 'confirm' && (
          <>
            <Text wrap="wrap">{dialog.message}</Text>
            <Text color={theme.muted}>y yes · n / Esc no</Text>
          </>
        )}
        {dialog.kind === 'prompt' && (
          <>
            <Field
              text={dialog.buffer.text}
              cursor={cursorPosition(dialog.buffer).column}
              mask={dialog.mask}
              width={inner}
            />
            <Text color={theme.muted} wrap="truncate">
              {dialog.hint ? `${dialog.hint} · ` : ''}Enter ok · Esc cancel
            </Text>
          </>
        )}
        {dialog.kind === 'pick' && (
          <PickList dialog={dialog} width={inner} height={Math.max(3, height - 6)} />
        )}
      </Box>
    </Pane>
  );
}

function PickList({
  dialog,
  width,
  height,
}: {
  dialog: Extract<DialogData, { kind: 'pick' }>;
  width: number;
  height: number;
}) {
  const items = visibleItems(dialog);
  const start = Math.max(
    0,
    Math.min(dialog.cursor - Math.floor(height / 2), items.length - height),
  );
  return (
    <>
      <Text color={theme.muted} wrap="truncate">
        {dialog.filter
          ? `filter: ${dialog.filter}`
          : 'type to filter · ↑/↓ · Enter choose · Esc cancel'}
      </Text>
      {items.slice(start, start + height).map((item, k) => (
        <Text key={k} wrap="truncate" inverse={start + k === dialog.cursor}>
          {truncate(sanitize(item.label), width)}
          {item.detail ? <Text color={theme.muted}> {sanitize(item.detail)}</Text> : null}
        </Text>
      ))}
      {items.length === 0 && <Text color={theme.muted}>nothing matches</Text>}
    </>
  );
}
