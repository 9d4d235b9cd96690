import { expect } from 'vitest';
import { AichatError } from '../../src/core/errors.js';
import { activePath, addMessage, checkTree, emptyTree } from '../../src/core/tree.js';
import type { Id, MessageTree, Role } from '../../src/core/types.js';

/** Freezes a tree all the way down, so any mutation by the code under test throws. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/**
 * Adds messages one under the other, starting under `parentId`; roles alternate starting with
 * user when the parent is null or an assistant message. Timestamps are the message's position.
 */
export function chain(tree: MessageTree, parentId: Id | null, ids: Id[]): MessageTree {
  let parent = parentId;
  let role: Role =
    parentId === null || tree.nodes[parentId]?.role === 'assistant' ? 'user' : 'assistant';
  for (const id of ids) {
    tree = addMessage(tree, {
      id,
      parentId: parent,
      role,
      content: `text of ${id}`,
      status: 'complete',
      createdAt: 1,
    });
    parent = id;
    role = role === 'user' ? 'assistant' : 'user';
  }
  return tree;
}

/** u1 → a1 → u2 → a2, one branch. */
export const linear = () => chain(emptyTree(), null, ['u1', 'a1', 'u2', 'a2']);

export const ids = (nodes: { id: Id }[]) => nodes.map((node) => node.id);

/** Checks everything the tree functions promise about a tree they produced. */
export function expectSound(tree: MessageTree): void {
  expect(checkTree(tree)).toEqual([]);
  for (const node of Object.values(tree.nodes)) {
    // Our edits never leave a node with children but no active child.
    expect(node.activeChildId === null).toBe(node.children.length === 0);
    for (const child of node.children) expect(tree.nodes[child]?.parentId).toBe(node.id);
  }
  expect(tree.activeRootId === null).toBe(tree.rootIds.length === 0);
  const path = activePath(tree);
  path.forEach((node, k) => {
    if (k === 0) expect(node.parentId).toBeNull();
    else expect(node.parentId).toBe(path[k - 1]?.id);
  });
  expect(path.at(-1)?.activeChildId ?? null).toBeNull();
}

export function expectError(fn: () => unknown, kind: AichatError['kind']): void {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AichatError);
    expect((err as AichatError).kind).toBe(kind);
    return;
  }
  expect.fail(`expected an AichatError of kind ${kind}`);
}
