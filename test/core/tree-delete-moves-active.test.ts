import { describe, expect, it } from 'vitest';
import {
  activePath,
  countMessages,
  deleteSubtree,
  getMessage,
  hasMessage,
  switchBranch,
} from '../../src/core/tree.js';
import { chain, deepFreeze, expectError, expectSound, ids, linear } from './tree-helpers.js';

/** u1 → a1 → (u2 → a2 | u2b → a2b | u2c → a2c), with u2c active. */
const threeBranches = () =>
  deepFreeze(chain(chain(linear(), 'a1', ['u2b', 'a2b']), 'a1', ['u2c', 'a2c']));

describe('deleteSubtree', () => {
  it('removes the message and everything under it', () => {
    const tree = deleteSubtree(threeBranches(), 'u2c');
    expect(hasMessage(tree, 'u2c')).toBe(false);
    expect(hasMessage(tree, 'a2c')).toBe(false);
    expect(countMessages(tree)).toBe(6);
    expect(getMessage(tree, 'a1').children).toEqual(['u2', 'u2b']);
    expectSound(tree);
  });

  it('moves the active child to the previous sibling', () => {
    const tree = deleteSubtree(threeBranches(), 'u2c');
    expect(getMessage(tree, 'a1').activeChildId).toBe('u2b');
    expect(ids(activePath(tree))).toEqual(['u1', 'a1', 'u2b', 'a2b']);
  });

  it('prefers the previous sibling to the next one', () => {
    const middle = switchBranch(threeBranches(), 'u2c', -1);
    expect(getMessage(middle, 'a1').activeChildId).toBe('u2b');
    const tree = deleteSubtree(middle, 'u2b');
    expect(getMessage(tree, 'a1')).toMatchObject({ children: ['u2', 'u2c'], activeChildId: 'u2' });
    expectSound(tree);
  });

  it('moves it to the next sibling when the first one is deleted', () => {
    const first = switchBranch(switchBranch(threeBranches(), 'u2c', -1), 'u2b', -1);
    expect(getMessage(first, 'a1').activeChildId).toBe('u2');
    const tree = deleteSubtree(first, 'u2');
    expect(getMessage(tree, 'a1').activeChildId).toBe('u2b');
    expectSound(tree);
  });

  it('leaves no active child when the only child is deleted', () => {
    const tree = deleteSubtree(deepFreeze(linear()), 'a2');
    expect(getMessage(tree, 'u2')).toMatchObject({ children: [], activeChildId: null });
    expect(ids(activePath(tree))).toEqual(['u1', 'a1', 'u2']);
    expectSound(tree);
  });

  it('keeps the active child when an inactive sibling is deleted', () => {
    const tree = deleteSubtree(threeBranches(), 'u2');
    expect(getMessage(tree, 'a1')).toMatchObject({
      children: ['u2b', 'u2c'],
      activeChildId: 'u2c',
    });
    expectSound(tree);
  });

  it('deletes roots the same way', () => {
    const roots = deepFreeze(chain(chain(linear(), null, ['r2', 'r2a']), null, ['r3']));
    let tree = deleteSubtree(roots, 'r3');
    expect(tree).toMatchObject({ rootIds: ['u1', 'r2'], activeRootId: 'r2' });
    tree = deleteSubtree(tree, 'u1');
    expect(tree).toMatchObject({ rootIds: ['r2'], activeRootId: 'r2' });
    expect(countMessages(tree)).toBe(2);
    tree = deleteSubtree(tree, 'r2');
    expect(tree).toEqual({ nodes: {}, rootIds: [], activeRootId: null });
  });

  it('shares the nodes it keeps and refuses unknown ids', () => {
    const before = threeBranches();
    const tree = deleteSubtree(before, 'a2b');
    expect(tree.nodes.u1).toBe(before.nodes.u1);
    expect(tree.nodes.a2c).toBe(before.nodes.a2c);
    expectError(() => deleteSubtree(before, 'nope'), 'not_found');
  });
});
