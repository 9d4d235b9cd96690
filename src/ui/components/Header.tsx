import { Box, Text } from 'ink';
import { memo } from 'react';
import { displayWidth, sanitize, truncate } from '../../core/text.js';
import { theme } from '../theme.js';

export interface HeaderProps {
  title: string | null;
  model: string | null;
  endpoint: string | null;
  hasSystemPrompt: boolean;
  width: number;
}

/** The open chat's title, model and endpoint on one line. */
export const Header = memo(function Header({
  title,
  model,
  endpoint,
  hasSystemPrompt,
  width,
}: HeaderProps) {
  const right = [
    model ? sanitize(model) : 'no model',
    endpoint ? `@ ${sanitize(endpoint)}` : '',
    hasSystemPrompt ? '· system prompt' : '',
  ]
    .filter(Boolean)
    .join(' ');
  const rightShown = truncate(right, Math.max(10, Math.floor(width / 2)));
  const room = Math.max(1, width - displayWidth(rightShown) - 2);
  const name =
    title === null ? 'aichat' : sanitize(title).replace(/\s+/g, ' ').trim() || '(untitled)';
  return (
    <Box width={width} height={1} justifyContent="space-between">
      <Text bold wrap="truncate">
        {truncate(name, room)}
      </Text>
      <Text color={theme.muted} wrap="truncate">
        {rightShown}
      </Text>
    </Box>
  );
});
