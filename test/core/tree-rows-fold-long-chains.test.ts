import { describe, expect, it } from 'vitest';
import { emptyTree, treeRows, updateMessage, type TreeRow } from '../../src/core/tree.js';
import type { MessageTree } from '../../src/core/types.js';
import { chain, deepFreeze, linear } from './tree-helpers.js';

const names = (n: number, prefix = 'm') => Array.from({ length: n }, (_, k) => `${prefix}${k + 1}`);

/** A compact picture of the rows: depth-indented ids, folds as `[+N]`, `*` on the active path. */
const picture = (rows: TreeRow[]) =>
  rows.map(
    (row) =>
      `${'  '.repeat(row.depth)}${row.kind === 'fold' ? `[+${row.hiddenCount}]` : row.id}` +
      `${row.isActivePath ? '*' : ''}${row.branch.n > 1 ? ` ${row.branch.i}/${row.branch.n}` : ''}`,
  );

describe('treeRows', () => {
  it('is empty for an empty tree', () => {
    expect(treeRows(emptyTree())).toEqual([]);
  });

  it('lists a short chat as one column with every field filled in', () => {
    const rows = treeRows(deepFreeze(linear()));
    expect(picture(rows)).toEqual(['u1*', 'a1*', 'u2*', 'a2*']);
    expect(rows[0]).toEqual({
      kind: 'message',
      id: 'u1',
      depth: 0,
      role: 'user',
      status: 'complete',
      preview: 'text of u1',
      isActivePath: true,
      isActiveLeaf: false,
      branch: { i: 1, n: 1 },
    });
    expect(rows.map((row) => row.isActiveLeaf)).toEqual([false, false, false, true]);
  });

  it('indents at branch points only, depth first, inactive branches included', () => {
    // u1 → a1 → (u2 → a2 | u2b → (a2b | a2c)), a2c active
    let tree = chain(linear(), 'a1', ['u2b', 'a2b']);
    tree = chain(tree, 'u2b', ['a2c']);
    expect(picture(treeRows(tree))).toEqual([
      'u1*',
      'a1*',
      '  u2 1/2',
      '  a2',
      '  u2b* 2/2',
      '    a2b 1/2',
      '    a2c* 2/2',
    ]);
  });

  it('puts several roots at depth 1', () => {
    const tree = chain(chain(emptyTree(), null, ['r1', 'r1a']), null, ['r2']);
    expect(picture(treeRows(tree))).toEqual(['  r1 1/2', '  r1a', '  r2* 2/2']);
  });

  it('folds a chain longer than 6 to its first and last two messages', () => {
    const tree = chain(emptyTree(), null, names(10));
    const rows = treeRows(tree);
    expect(picture(rows)).toEqual(['m1*', 'm2*', '[+6]*', 'm9*', 'm10*']);
    expect(rows[2]).toMatchObject({
      kind: 'fold',
      id: 'm3',
      hiddenCount: 6,
      preview: '6 messages folded',
      isActiveLeaf: false,
    });
  });

  it('does not fold chains of 6 or fewer', () => {
    expect(treeRows(chain(emptyTree(), null, names(6)))).toHaveLength(6);
    expect(picture(treeRows(chain(emptyTree(), null, names(7))))).toEqual([
      'm1*',
      'm2*',
      '[+3]*',
      'm6*',
      'm7*',
    ]);
  });

  it('folds each chain on its own and never hides a branch point or a branch start', () => {
    // m1..m8, then under m8 two branches: b1..b8 and c1..c3
    let tree = chain(emptyTree(), null, names(8));
    tree = chain(tree, 'm8', names(8, 'b'));
    tree = chain(tree, 'm8', names(3, 'c'));
    expect(picture(treeRows(tree))).toEqual([
      'm1*',
      'm2*',
      '[+4]*',
      'm7*',
      'm8*',
      '  b1 1/2',
      '  b2',
      '  [+4]',
      '  b7',
      '  b8',
      '  c1* 2/2',
      '  c2*',
      '  c3*',
    ]);
  });

  it('takes the fold size and the ends kept as options', () => {
    const tree = chain(emptyTree(), null, names(10));
    expect(picture(treeRows(tree, { foldLongerThan: 3, keepEnds: 1 }))).toEqual([
      'm1*',
      '[+8]*',
      'm10*',
    ]);
    expect(treeRows(tree, { foldLongerThan: Infinity })).toHaveLength(10);
    // A fold would hide a single message: not worth a row.
    expect(treeRows(chain(emptyTree(), null, names(5)), { foldLongerThan: 2 })).toHaveLength(5);
  });

  it('leaves opened folds and chains holding a revealed message unfolded', () => {
    const tree = chain(emptyTree(), null, names(10));
    expect(treeRows(tree, { expanded: new Set(['m3']) })).toHaveLength(10);
    expect(treeRows(tree, { expanded: new Set(['m4']) })).toHaveLength(5);
    expect(treeRows(tree, { reveal: new Set(['m5']) })).toHaveLength(10);
  });

  it('marks folds on inactive branches as inactive', () => {
    let tree = chain(emptyTree(), null, ['r']);
    tree = chain(tree, 'r', names(10, 'x'));
    tree = chain(tree, 'r', ['y']);
    const fold = treeRows(tree).find((row) => row.kind === 'fold');
    expect(fold).toMatchObject({ id: 'x3', depth: 1, isActivePath: false, hiddenCount: 6 });
  });

  it('previews the first non-blank line, sanitized and trimmed', () => {
    let tree = chain(emptyTree(), null, ['u1']);
    tree = updateMessage(tree, 'u1', {
      content:
        '\n  \n\t\u001b[31mred\u001b[0m \u202eevil\u001b]8;;http://x\u0007link\u001b]8;;\u0007  \nsecond',
    });
    expect(treeRows(tree)[0]?.preview).toBe('red evillink');
    tree = updateMessage(tree, 'u1', { content: 'x'.repeat(500) });
    expect(treeRows(tree, { previewWidth: 10 })[0]?.preview).toBe(`${'x'.repeat(9)}…`);
    tree = updateMessage(tree, 'u1', { content: '' });
    expect(treeRows(tree)[0]?.preview).toBe('');
  });

  it('handles a chat far deeper than the call stack', () => {
    // Built by hand: adding 20,000 messages one by one copies the node map each time.
    const ids = names(20_000);
    const nodes: MessageTree['nodes'] = {};
    ids.forEach((id, k) => {
      const next = ids[k + 1] ?? null;
      nodes[id] = {
        id,
        parentId: ids[k - 1] ?? null,
        role: k % 2 === 0 ? 'user' : 'assistant',
        content: id,
        children: next === null ? [] : [next],
        activeChildId: next,
        status: 'complete',
        createdAt: k,
        updatedAt: k,
      };
    });
    const tree: MessageTree = { nodes, rootIds: ['m1'], activeRootId: 'm1' };
    const rows = treeRows(tree);
    expect(rows).toHaveLength(5);
    expect(rows[2]?.hiddenCount).toBe(19_996);
  });
});
