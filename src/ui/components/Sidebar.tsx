import { Text } from 'ink';
import { memo } from 'react';
import { sanitize, truncate } from '../../core/text.js';
import { theme } from '../theme.js';
import { Pane } from './Pane.js';
import type { SidebarRow } from './sidebar-state.js';

export interface SidebarProps {
  rows: readonly SidebarRow[];
  cursor: number;
  focused: boolean;
  width: number;
  height: number;
}

function rowText(row: SidebarRow, width: number): string {
  if (row.kind === 'folder') {
    const label = `${row.collapsed ? '▸' : '▾'} ${sanitize(row.name)} (${row.count})`;
    return truncate(label, width);
  }
  const title = sanitize(row.title).replace(/\s+/g, ' ').trim() || '(untitled)';
  const indent = row.folderId === null ? '' : '  ';
  return truncate(`${indent}${row.current ? '● ' : '  '}${title}`, width);
}

/**
 * The chat list. Memoised: it only re-renders when its rows, cursor, focus or size
 * change, never on a streaming flush.
 */
export const Sidebar = memo(function Sidebar({
  rows,
  cursor,
  focused,
  width,
  height,
}: SidebarProps) {
  const inner = width - 2;
  const listHeight = Math.max(1, height - 1);
  // Keep the cursor in view: the window starts so that the cursor sits in it.
  const start = Math.max(
    0,
    Math.min(cursor - Math.floor(listHeight / 2), rows.length - listHeight),
  );
  const visible = rows.slice(start, start + listHeight);
  return (
    <Pane width={width} height={height} paddingX={1}>
      <Text bold color={focused ? theme.focus : theme.muted} wrap="truncate">
        Chats
      </Text>
      {visible.map((row, k) => {
        const selected = start + k === cursor;
        return (
          <Text
            key={row.key}
            wrap="truncate"
            inverse={selected && focused}
            bold={row.kind === 'folder' || (row.kind === 'chat' && row.current)}
            {...(row.kind === 'folder' ? { color: theme.accent } : {})}
            {...(selected && !focused ? { underline: true } : {})}
          >
            {rowText(row, inner)}
          </Text>
        );
      })}
      {rows.length === 0 && (
        <Text color={theme.muted} wrap="truncate">
          No chats: Ctrl+N
        </Text>
      )}
    </Pane>
  );
});
