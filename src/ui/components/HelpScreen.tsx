import { Text } from 'ink';
import { memo, useState } from 'react';
import { truncate, wrap } from '../../core/text.js';
import { helpSections, matches } from '../keys.js';
import { slashHelp } from '../slash.js';
import { theme } from '../theme.js';
import { useKeys } from '../hooks/useKeys.js';
import { Pane } from './Pane.js';

interface HelpLine {
  text: string;
  heading?: boolean;
}

/** Every key and slash command, generated from the key table and the command table. */
export function helpLines(width: number): HelpLine[] {
  const lines: HelpLine[] = [];
  const keyColumn = 24;
  // Descriptions wrap in their column; where it would be too narrow, under their keys.
  const beside = width - keyColumn - 3 >= 24;
  const indent = beside ? keyColumn + 3 : 4;
  const row = (left: string, right: string) => {
    const wrapped = wrap(right, Math.max(10, width - indent));
    const first = beside ? `  ${left.padEnd(keyColumn)} ${wrapped.shift() ?? ''}` : `  ${left}`;
    for (const text of [first, ...wrapped.map((l) => ' '.repeat(indent) + l)])
      lines.push({ text: truncate(text, Math.max(10, width)) });
  };
  for (const section of helpSections()) {
    lines.push({ text: section.title, heading: true });
    for (const r of section.rows) row(r.keys, r.description);
    lines.push({ text: '' });
  }
  lines.push({ text: 'Slash commands (type in the input, Enter runs)', heading: true });
  for (const c of slashHelp()) row(c.usage, c.description);
  return lines;
}

export interface HelpScreenProps {
  width: number;
  height: number;
  onClose: () => void;
}

export const HelpScreen = memo(function HelpScreen({ width, height, onClose }: HelpScreenProps) {
  const [offset, setOffset] = useState(0);
  const lines = helpLines(width);
  const room = Math.max(1, height - 1);
  const max = Math.max(0, lines.length - room);
  useKeys((input, key) => {
    if (matches('screen.close', input, key) || matches('app.help', input, key)) onClose();
    else if (matches('screen.up', input, key)) setOffset((o) => Math.max(0, o - 1));
    else if (matches('screen.down', input, key)) setOffset((o) => Math.min(max, o + 1));
    else if (key.pageUp) setOffset((o) => Math.max(0, o - room));
    else if (key.pageDown) setOffset((o) => Math.min(max, o + room));
  });
  return (
    <Pane width={width} height={height}>
      <Text bold color={theme.focus} wrap="truncate">
        Keys and commands — ↑/↓ PgUp/PgDn scroll · Esc closes
      </Text>
      {lines.slice(offset, offset + room).map((line, k) => (
        <Text
          key={k}
          wrap="truncate"
          bold={line.heading === true}
          {...(line.heading ? { color: theme.accent } : {})}
        >
          {line.text || ' '}
        </Text>
      ))}
    </Pane>
  );
});
