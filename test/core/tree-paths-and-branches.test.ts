import { describe, expect, it } from 'vitest';
import {
  activeLeaf,
  activePath,
  addMessage,
  branchIndex,
  countMessages,
  emptyTree,
  findMessages,
  getMessage,
  hasMessage,
  isActive,
  pathTo,
  siblingsOf,
  subtreeIds,
} from '../../src/core/tree.js';
import type { Provenance } from '../../src/core/types.js';
import { chain, deepFreeze, expectError, expectSound, ids, linear } from './tree-helpers.js';

describe('an empty tree', () => {
  it('has no path, no leaf and no messages', () => {
    const tree = emptyTree();
    expect(tree).toEqual({ nodes: {}, rootIds: [], activeRootId: null });
    expect(activePath(tree)).toEqual([]);
    expect(activeLeaf(tree)).toBeNull();
    expect(countMessages(tree)).toBe(0);
    expect(findMessages(tree, () => true)).toEqual([]);
  });

  it('is a new object each time', () => {
    expect(emptyTree()).not.toBe(emptyTree());
  });
});

describe('addMessage', () => {
  it('fills in the node and puts it at the end of the active path', () => {
    const tree = deepFreeze(linear());
    expect(ids(activePath(tree))).toEqual(['u1', 'a1', 'u2', 'a2']);
    expect(activeLeaf(tree)?.id).toBe('a2');
    expect(getMessage(tree, 'u1')).toEqual({
      id: 'u1',
      parentId: null,
      role: 'user',
      content: 'text of u1',
      children: ['a1'],
      activeChildId: 'a1',
      status: 'complete',
      createdAt: 1,
      updatedAt: 1,
    });
    expect('provenance' in getMessage(tree, 'u1')).toBe(false);
    expectSound(tree);
  });

  it('keeps provenance when given', () => {
    const provenance: Provenance = {
      endpointId: 'e',
      endpointName: 'local',
      provider: 'openai',
      modelId: 'm',
      maxTokens: 100,
    };
    const tree = addMessage(linear(), {
      id: 'a2b',
      parentId: 'u2',
      role: 'assistant',
      content: '',
      status: 'streaming',
      createdAt: 5,
      provenance,
    });
    expect(getMessage(tree, 'a2b').provenance).toBe(provenance);
    expect(getMessage(tree, 'a2b').updatedAt).toBe(5);
  });

  it('appends as the last child and makes it the active child', () => {
    const tree = chain(deepFreeze(linear()), 'u2', ['a2b']);
    expect(getMessage(tree, 'u2').children).toEqual(['a2', 'a2b']);
    expect(getMessage(tree, 'u2').activeChildId).toBe('a2b');
    expect(ids(activePath(tree))).toEqual(['u1', 'a1', 'u2', 'a2b']);
    expectSound(tree);
  });

  it('makes the whole path active when it branches off an inactive message', () => {
    // u1 → a1 → (u2 → a2 | u2b); activate nothing, then add under a2 while u2b is active.
    let tree = chain(linear(), 'a1', ['u2b']);
    expect(ids(activePath(tree))).toEqual(['u1', 'a1', 'u2b']);
    tree = chain(deepFreeze(tree), 'a2', ['u3']);
    expect(ids(activePath(tree))).toEqual(['u1', 'a1', 'u2', 'a2', 'u3']);
    expectSound(tree);
  });

  it('adds a root with a null parent and makes it the active root', () => {
    const tree = chain(deepFreeze(linear()), null, ['r2']);
    expect(tree.rootIds).toEqual(['u1', 'r2']);
    expect(tree.activeRootId).toBe('r2');
    expect(ids(activePath(tree))).toEqual(['r2']);
    expectSound(tree);
  });

  it('refuses a taken id and an unknown parent', () => {
    const tree = linear();
    const message = { role: 'user', content: 'x', status: 'complete', createdAt: 1 } as const;
    expectError(() => addMessage(tree, { ...message, id: 'a1', parentId: 'a2' }), 'conflict');
    expectError(() => addMessage(tree, { ...message, id: 'new', parentId: 'nope' }), 'not_found');
  });

  it('does not change the tree it was given', () => {
    const before = linear();
    const copy = structuredClone(before);
    chain(before, 'a1', ['u2b']);
    expect(before).toEqual(copy);
  });
});

describe('paths, siblings and branch indexes', () => {
  // u1 → a1 → (u2 → a2 | u2b | u2c → a3), u2c active
  const tree = deepFreeze(chain(chain(linear(), 'a1', ['u2b']), 'a1', ['u2c', 'a3']));

  it('pathTo runs from the root to the message', () => {
    expect(ids(pathTo(tree, 'a2'))).toEqual(['u1', 'a1', 'u2', 'a2']);
    expect(ids(pathTo(tree, 'u1'))).toEqual(['u1']);
  });

  it('siblingsOf lists the message and its siblings in creation order', () => {
    expect(siblingsOf(tree, 'u2b')).toEqual(['u2', 'u2b', 'u2c']);
    expect(siblingsOf(tree, 'a2')).toEqual(['a2']);
    expect(siblingsOf(tree, 'u1')).toEqual(['u1']);
  });

  it('branchIndex is 1-based', () => {
    expect(branchIndex(tree, 'u2')).toEqual({ i: 1, n: 3 });
    expect(branchIndex(tree, 'u2b')).toEqual({ i: 2, n: 3 });
    expect(branchIndex(tree, 'u2c')).toEqual({ i: 3, n: 3 });
    expect(branchIndex(tree, 'a1')).toEqual({ i: 1, n: 1 });
  });

  it('roots are siblings of one another', () => {
    const roots = chain(tree, null, ['r2']);
    expect(siblingsOf(roots, 'u1')).toEqual(['u1', 'r2']);
    expect(branchIndex(roots, 'r2')).toEqual({ i: 2, n: 2 });
  });

  it('isActive tells whether a message is on the active path', () => {
    expect(isActive(tree, 'a3')).toBe(true);
    expect(isActive(tree, 'a1')).toBe(true);
    expect(isActive(tree, 'u2')).toBe(false);
    expect(isActive(tree, 'a2')).toBe(false);
  });

  it('subtreeIds lists a message and its descendants depth first', () => {
    expect(subtreeIds(tree, 'a1')).toEqual(['a1', 'u2', 'a2', 'u2b', 'u2c', 'a3']);
    expect(subtreeIds(tree, 'a2')).toEqual(['a2']);
  });

  it('findMessages searches every branch, depth first', () => {
    const found = findMessages(tree, (node) => node.role === 'user');
    expect(ids(found)).toEqual(['u1', 'u2', 'u2b', 'u2c']);
    expect(countMessages(tree)).toBe(7);
  });

  it('unknown ids are not_found, including names of Object.prototype', () => {
    for (const id of ['nope', 'constructor', '__proto__', 'toString']) {
      expect(hasMessage(tree, id)).toBe(false);
      expectError(() => getMessage(tree, id), 'not_found');
      expectError(() => pathTo(tree, id), 'not_found');
      expectError(() => siblingsOf(tree, id), 'not_found');
      expectError(() => branchIndex(tree, id), 'not_found');
    }
  });

  it('the not_found message is one inert line', () => {
    expect(() => getMessage(tree, 'x\u001b]52;c;QQ==\u0007\ny')).toThrow(
      /^No message x y in this chat\.$/,
    );
  });
});
