import { Box, Text } from 'ink';
import { memo } from 'react';
import { theme } from '../theme.js';
import { inputPrompt, inputTextWidth, inputView } from './input-layout.js';
import type { TextBuffer } from './text-buffer.js';

export interface InputProps {
  buffer: TextBuffer;
  focused: boolean;
  width: number;
  /** Rows available for text. */
  height: number;
  /** Shown before the text, e.g. `editing` while a message is being edited. */
  label: string;
  placeholder: string;
}

/** The message being typed, with the cursor as an inverse cell. Renders only. */
export const Input = memo(function Input({
  buffer,
  focused,
  width,
  height,
  label,
  placeholder,
}: InputProps) {
  const view = inputView(buffer, inputTextWidth(width, label), height);
  const last = view.rows.length - 1;
  return (
    <Box flexDirection="column" width={width} height={height}>
      {view.rows.map((row, k) => {
        const isCursorRow = focused && k === view.cursorRow;
        const before = isCursorRow ? row.text.slice(0, view.cursorOffset) : row.text;
        const under = isCursorRow
          ? (row.text.slice(view.cursorOffset).match(/^[\s\S]/u)?.[0] ?? ' ')
          : '';
        const after = isCursorRow ? row.text.slice(view.cursorOffset + under.length) : '';
        const showPlaceholder = buffer.text === '' && k === 0;
        // Where more text is out of sight (a long paste, a long message edited), an arrow
        // says so in the prompt's place.
        const mark =
          k === 0 ? (view.above > 0 ? '↑' : '›') : k === last && view.below > 0 ? '↓' : ' ';
        const margin = inputPrompt(k === 0 ? label : ' '.repeat(label.length), mark);
        return (
          <Text key={k} wrap="truncate">
            <Text color={focused ? theme.focus : theme.muted}>{margin}</Text>
            {before}
            {isCursorRow && <Text inverse>{under === ' ' || under === '' ? ' ' : under}</Text>}
            {after}
            {showPlaceholder && <Text color={theme.muted}>{placeholder}</Text>}
          </Text>
        );
      })}
    </Box>
  );
});
