import { describe, expect, it } from 'vitest';
import {
  activePath,
  branchIndex,
  editUserMessage,
  getMessage,
  regenerate,
} from '../../src/core/tree.js';
import { chain, deepFreeze, expectError, expectSound, ids, linear } from './tree-helpers.js';

describe('editing a user message', () => {
  it('adds an active sibling with the new text and keeps the old branch', () => {
    const before = deepFreeze(linear());
    const tree = editUserMessage(before, 'u2', 'better question', 'u2b', 50);
    expect(getMessage(tree, 'u2b')).toMatchObject({
      parentId: 'a1',
      role: 'user',
      content: 'better question',
      status: 'complete',
      children: [],
      activeChildId: null,
      createdAt: 50,
      updatedAt: 50,
    });
    expect(getMessage(tree, 'a1').children).toEqual(['u2', 'u2b']);
    expect(ids(activePath(tree))).toEqual(['u1', 'a1', 'u2b']);
    expect(branchIndex(tree, 'u2b')).toEqual({ i: 2, n: 2 });
    // The old branch is still there, whole.
    expect(getMessage(tree, 'u2')).toBe(getMessage(before, 'u2'));
    expect(getMessage(tree, 'a2')).toBe(getMessage(before, 'a2'));
    expectSound(tree);
  });

  it('adds a new root when the first message is edited', () => {
    const tree = editUserMessage(deepFreeze(linear()), 'u1', 'start over', 'u1b', 9);
    expect(tree.rootIds).toEqual(['u1', 'u1b']);
    expect(tree.activeRootId).toBe('u1b');
    expect(ids(activePath(tree))).toEqual(['u1b']);
    expectSound(tree);
  });

  it('works on a message off the active path and makes its new sibling active', () => {
    const branched = chain(linear(), 'a1', ['u2b', 'a2b']);
    const tree = editUserMessage(deepFreeze(branched), 'u2', 'third try', 'u2c', 3);
    expect(ids(activePath(tree))).toEqual(['u1', 'a1', 'u2c']);
    expect(branchIndex(tree, 'u2c')).toEqual({ i: 3, n: 3 });
  });

  it('refuses an assistant message, an unknown id and a taken new id', () => {
    const tree = linear();
    expectError(() => editUserMessage(tree, 'a1', 'x', 'n', 1), 'usage');
    expectError(() => editUserMessage(tree, 'nope', 'x', 'n', 1), 'not_found');
    expectError(() => editUserMessage(tree, 'u2', 'x', 'a2', 1), 'conflict');
  });
});

describe('regenerating a reply', () => {
  it('adds an empty streaming sibling reply and makes it active', () => {
    const tree = regenerate(deepFreeze(linear()), 'a2', 'a2b', 70);
    expect(getMessage(tree, 'a2b')).toMatchObject({
      parentId: 'u2',
      role: 'assistant',
      content: '',
      status: 'streaming',
      createdAt: 70,
    });
    expect(getMessage(tree, 'u2').children).toEqual(['a2', 'a2b']);
    expect(ids(activePath(tree))).toEqual(['u1', 'a1', 'u2', 'a2b']);
    expect(branchIndex(tree, 'a2b')).toEqual({ i: 2, n: 2 });
    expectSound(tree);
  });

  it('refuses a user message', () => {
    expectError(() => regenerate(linear(), 'u2', 'x', 1), 'usage');
  });
});
