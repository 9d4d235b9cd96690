import { Box, Text } from 'ink';
import { displayWidth, graphemeSegments, sanitize, truncate, wrap } from '../../core/text.js';
import { windowStart } from '../../core/lists.js';
import { theme } from '../theme.js';
import { visibleItems, type Dialog as DialogData } from './dialog-state.js';
import { Pane } from './Pane.js';
import { cursorPosition } from './text-buffer.js';

export interface DialogProps {
  dialog: DialogData;
  width: number;
  height: number;
}

/**
 * What a one-line field of `width` columns shows: the text before the cursor, the cell
 * under it, and what fits after. Measured in grapheme clusters and terminal columns, so an
 * emoji is one cell under the cursor and CJK text scrolls by the columns it takes.
 */
export function fieldView(
  text: string,
  /** In UTF-16 units, as the text buffer keeps it. */
  cursor: number,
  mask: boolean,
  width: number,
): { before: string; under: string; after: string } {
  const clusters = graphemeSegments(text);
  const found = clusters.findIndex((c) => c.index >= cursor);
  const at = found < 0 ? clusters.length : found;
  const cells = clusters.map((c) => (mask ? '•' : c.segment));
  const under = cells[at] ?? ' ';
  // Scrolled so the cursor cell stays inside the field.
  const room = width - 1 - displayWidth(under);
  let start = 0;
  while (start < at && displayWidth(cells.slice(start, at).join('')) > room) start++;
  const before = cells.slice(start, at).join('');
  const after = truncate(
    cells.slice(at + 1).join(''),
    Math.max(0, room - displayWidth(before)),
    '',
  );
  return { before, under, after };
}

function Field(props: { text: string; cursor: number; mask: boolean; width: number }) {
  const { before, under, after } = fieldView(props.text, props.cursor, props.mask, props.width);
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
    const all = wrap(sanitize(dialog.text), width);
    // Scrolled no further than its last screenful (the keys do not know the width).
    const top = Math.min(dialog.offset, Math.max(0, all.length - (height - 1)));
    const lines = all.slice(top, top + height - 1);
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
  const start = windowStart(items.length, dialog.cursor, height);
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
