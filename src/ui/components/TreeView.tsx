import { Text } from 'ink';
import { memo } from 'react';
import { truncate } from '../../core/text.js';
import type { TreeRow } from '../../core/tree.js';
import { theme } from '../theme.js';
import { Pane } from './Pane.js';
import { treeRowKey } from './tree-view-state.js';

export interface TreeViewProps {
  rows: readonly TreeRow[];
  cursor: number;
  width: number;
  height: number;
}

function label(row: TreeRow, width: number): string {
  const indent = '  '.repeat(row.depth);
  if (row.kind === 'fold') return truncate(`${indent}┆ … ${row.preview} (Enter unfolds)`, width);
  const marker = row.isActiveLeaf ? '◆' : row.isActivePath ? '●' : '○';
  const who = row.role === 'user' ? 'You' : 'AI ';
  const branch = row.branch.n > 1 ? ` ${row.branch.i}/${row.branch.n}` : '';
  const status = row.status === 'complete' ? '' : ` [${row.status}]`;
  return truncate(`${indent}${marker} ${who}${branch}${status} ${row.preview}`, width);
}

/** Every branch of the chat, one row per message; previews come sanitized from core. */
export const TreeView = memo(function TreeView({ rows, cursor, width, height }: TreeViewProps) {
  const listHeight = Math.max(1, height - 1);
  const start = Math.max(
    0,
    Math.min(cursor - Math.floor(listHeight / 2), rows.length - listHeight),
  );
  return (
    <Pane width={width} height={height}>
      <Text bold color={theme.focus} wrap="truncate">
        Tree: ● active path ◆ current message ○ other branches
      </Text>
      {rows.slice(start, start + listHeight).map((row, k) => (
        <Text
          key={treeRowKey(row)}
          wrap="truncate"
          inverse={start + k === cursor}
          {...(row.isActivePath ? {} : { color: theme.muted })}
        >
          {label(row, width)}
        </Text>
      ))}
    </Pane>
  );
});
