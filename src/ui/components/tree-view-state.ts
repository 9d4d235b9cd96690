/**
 * The tree view's cursor and unfolded chains. Rows come from core `treeRows`; the cursor
 * remembers a row by kind and id, so rows changing under it keep it in place.
 */
import type { TreeRow } from '../../core/tree.js';
import type { Id } from '../../core/types.js';

export interface TreeViewState {
  cursorKey: string | null;
  expanded: ReadonlySet<Id>;
}

export type TreeViewAction =
  { type: 'move'; delta: number; rows: readonly TreeRow[] } | { type: 'unfold'; id: Id };

export const treeRowKey = (row: Pick<TreeRow, 'kind' | 'id'>) => `${row.kind}:${row.id}`;

export function initialTreeView(rows: readonly TreeRow[]): TreeViewState {
  const leaf = rows.find((r) => r.isActiveLeaf) ?? rows.at(-1);
  return { cursorKey: leaf ? treeRowKey(leaf) : null, expanded: new Set() };
}

export function treeCursor(state: TreeViewState, rows: readonly TreeRow[]): number {
  const at = rows.findIndex((r) => treeRowKey(r) === state.cursorKey);
  return at >= 0 ? at : rows.length > 0 ? 0 : -1;
}

export function treeViewReducer(state: TreeViewState, action: TreeViewAction): TreeViewState {
  switch (action.type) {
    case 'move': {
      const at = treeCursor(state, action.rows);
      const row = action.rows[Math.max(0, Math.min(action.rows.length - 1, at + action.delta))];
      const key = row ? treeRowKey(row) : null;
      return key === state.cursorKey ? state : { ...state, cursorKey: key };
    }
    case 'unfold': {
      if (state.expanded.has(action.id)) return state;
      // The fold's first hidden message takes the cursor once it shows.
      return {
        cursorKey: treeRowKey({ kind: 'message', id: action.id }),
        expanded: new Set([...state.expanded, action.id]),
      };
    }
  }
}
