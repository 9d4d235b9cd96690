import { describe, expect, it } from 'vitest';
import { activePath, checkTree, emptyTree, pathTo } from '../../src/core/tree.js';
import type { MessageTree } from '../../src/core/types.js';
import { linear } from './tree-helpers.js';

/** A copy of the linear tree with one change made to it. */
function broken(change: (tree: MessageTree) => void): MessageTree {
  const tree = structuredClone(linear());
  change(tree);
  return tree;
}

describe('checkTree', () => {
  it('finds nothing wrong with sound trees', () => {
    expect(checkTree(emptyTree())).toEqual([]);
    expect(checkTree(linear())).toEqual([]);
  });

  it.each([
    ['a key that differs from the id', (t: MessageTree) => void (t.nodes.a1!.id = 'zz'), 'has id'],
    [
      'a missing parent',
      (t: MessageTree) => void (t.nodes.a2!.parentId = 'gone'),
      'missing parent',
    ],
    [
      'a missing child',
      (t: MessageTree) => void t.nodes.u2!.children.push('gone'),
      'missing child',
    ],
    ['a child listed twice', (t: MessageTree) => void t.nodes.u2!.children.push('a2'), 'twice'],
    ['an orphan', (t: MessageTree) => void (t.nodes.u2!.children = []), 'not among'],
    [
      'an active child that is not a child',
      (t: MessageTree) => void (t.nodes.u1!.activeChildId = 'u2'),
      'not its child',
    ],
    ['a missing root', (t: MessageTree) => void t.rootIds.push('gone'), 'root gone is missing'],
    ['a root with a parent', (t: MessageTree) => void t.rootIds.push('a1'), 'has a parent'],
    ['an unlisted root', (t: MessageTree) => void (t.rootIds = []), 'not a root'],
    ['a bad active root', (t: MessageTree) => void (t.activeRootId = 'a1'), 'active root'],
  ])('reports %s', (_name, change, expected) => {
    const problems = checkTree(broken(change));
    expect(problems.join('\n')).toContain(expected);
  });

  it('reports an orphan whose parent has other faults too', () => {
    const problems = checkTree(broken((t) => void (t.nodes.u2!.children = ['gone', 'gone'])));
    expect(problems).toEqual(
      expect.arrayContaining([
        'node u2 lists a child twice',
        'node u2 has a missing child gone',
        "node a2 is not among its parent's children",
      ]),
    );
  });

  it('reports a cycle cut off from the roots', () => {
    const tree = broken((t) => {
      t.nodes.x = { ...t.nodes.a2!, id: 'x', parentId: 'y', children: ['y'], activeChildId: 'y' };
      t.nodes.y = { ...t.nodes.a2!, id: 'y', parentId: 'x', children: ['x'], activeChildId: 'x' };
    });
    expect(checkTree(tree)).toEqual([
      'node x is not reachable from a root',
      'node y is not reachable from a root',
    ]);
  });

  it('activePath and pathTo stop on a loop instead of hanging', () => {
    const tree = broken((t) => {
      t.nodes.a2!.activeChildId = 'u1';
      t.nodes.u1!.parentId = 'a2';
    });
    expect(activePath(tree).map((n) => n.id)).toEqual(['u1', 'a1', 'u2', 'a2']);
    expect(pathTo(tree, 'a2').map((n) => n.id)).toEqual(['u1', 'a1', 'u2', 'a2']);
  });
});
