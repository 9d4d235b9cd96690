import { useMemo, useReducer } from 'react';
import { treeRows } from '../../core/tree.js';
import type { Id, MessageTree } from '../../core/types.js';
import { actionFor } from '../keys.js';
import { initialTreeView, treeCursor, treeViewReducer } from './tree-view-state.js';
import { TreeView } from './TreeView.js';
import { useKeys } from '../hooks/useKeys.js';

export interface TreePanelProps {
  tree: MessageTree;
  width: number;
  height: number;
  isActive: boolean;
  /** Enter on a message: make its path active. */
  onJump: (id: Id) => void;
  onClose: () => void;
}

/** The tree view with its keys: the state reducer, the input hook and the memoised view. */
export function TreePanel({ tree, width, height, isActive, onJump, onClose }: TreePanelProps) {
  const [state, dispatch] = useReducer(treeViewReducer, null, () =>
    initialTreeView(treeRows(tree, { previewWidth: width })),
  );
  const rows = useMemo(
    () => treeRows(tree, { expanded: state.expanded, previewWidth: width }),
    [tree, state.expanded, width],
  );
  const cursor = treeCursor(state, rows);
  useKeys((input, key) => {
    switch (actionFor('tree', input, key)) {
      case 'tree.up':
        return dispatch({ type: 'move', delta: -1, rows });
      case 'tree.down':
        return dispatch({ type: 'move', delta: 1, rows });
      case 'tree.jump': {
        const row = rows[cursor];
        if (row?.kind === 'fold') dispatch({ type: 'unfold', id: row.id });
        else if (row) onJump(row.id);
        return;
      }
      case 'tree.close':
        return onClose();
      case undefined:
        if (key.pageUp) dispatch({ type: 'move', delta: -(height - 2), rows });
        if (key.pageDown) dispatch({ type: 'move', delta: height - 2, rows });
    }
  }, isActive);
  return <TreeView rows={rows} cursor={cursor} width={width} height={height} />;
}
