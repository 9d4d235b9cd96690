import { Box, Text } from 'ink';
import { useEffect } from 'react';
import { displayWidth, graphemeSegments, truncate, wrap } from '../../core/text.js';
import { windowStart } from '../../core/lists.js';
import { theme } from '../theme.js';
import { visibleItems, type Dialog as DialogData } from './dialog-state.js';
import { Pane } from './Pane.js';

export interface DialogProps {
  dialog: DialogData;
  width: number;
  height: number;
  /** Told how far the text view can scroll at this size: its keys do not know the width. */
  onScrollLimit?: (maxOffset: number) => void;
}

/**
 * What a one-line field of `width` columns shows: the text before the cursor, the cell
 * under it, and what fits after. Measured in grapheme clusters and terminal columns, so an
 * emoji is one cell under the cursor and CJK text scrolls by the columns it takes.
 */
export function fieldView(
  text: string,
  /** In UTF-16 units from the start of the text, as the text buffer keeps it. */
  cursor: number,
  mask: boolean,
  width: number,
): { before: string; under: string; after: string } {
  const clusters = graphemeSegments(text);
  const found = clusters.findIndex((c) => c.index >= cursor);
  const at = found < 0 ? clusters.length : found;
  // A line break (a multi-line prompt's) is shown as a mark: the field is one line.
  const cells = clusters.map((c) => (mask ? '•' : c.segment === '\n' ? '↵' : c.segment));
  const under = cells[at] ?? ' ';
  // Scrolled so the cursor cell stays inside the field: what fits before it, cell by cell
  // from the cursor (each measured once: a long prompt costs no more per key).
  let room = width - 1 - displayWidth(under);
  let start = at;
  while (start > 0 && displayWidth(cells[start - 1] ?? '') <= room)
    room -= displayWidth(cells[--start] ?? '');
  let end = at + 1;
  while (end < cells.length && displayWidth(cells[end] ?? '') <= room)
    room -= displayWidth(cells[end++] ?? '');
  return {
    before: cells.slice(start, at).join(''),
    under,
    after: cells.slice(at + 1, end).join(''),
  };
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
export function Dialog({ dialog, width, height, onScrollLimit }: DialogProps) {
  const inner = Math.max(10, width - 4);
  // No border or padding on the text view: the text is there to be selected with the mouse.
  const all = dialog.kind === 'text' ? wrap(dialog.text, width) : [];
  const maxOffset = Math.max(0, all.length - (height - 1));
  useEffect(() => {
    if (dialog.kind === 'text') onScrollLimit?.(maxOffset);
  }, [dialog.kind, maxOffset, onScrollLimit]);
  if (dialog.kind === 'text') {
    const top = Math.min(dialog.offset, maxOffset);
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
              cursor={dialog.buffer.cursor}
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
          {truncate(item.label, width)}
          {item.detail ? <Text color={theme.muted}> {item.detail}</Text> : null}
        </Text>
      ))}
      {items.length === 0 && <Text color={theme.muted}>nothing matches</Text>}
    </>
  );
}
