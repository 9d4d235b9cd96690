import { describe, expect, it } from 'vitest';
import {
  activate,
  activeLeaf,
  activePath,
  getMessage,
  setActiveLeaf,
  switchBranch,
} from '../../src/core/tree.js';
import { chain, deepFreeze, expectError, expectSound, ids, linear } from './tree-helpers.js';

/**
 * u1 → a1 → u2 → a2 → (u3 | u3b)       u3b active below a2
 *           u2b → a2b                   u2b active below a1
 */
const tree = deepFreeze(
  chain(chain(chain(linear(), 'a2', ['u3']), 'a2', ['u3b']), 'a1', ['u2b', 'a2b']),
);

describe('switchBranch', () => {
  it('moves to the previous and next sibling', () => {
    const left = switchBranch(tree, 'u2b', -1);
    expect(getMessage(left, 'a1').activeChildId).toBe('u2');
    const right = switchBranch(left, 'u2', 1);
    expect(getMessage(right, 'a1').activeChildId).toBe('u2b');
    expectSound(left);
    expectSound(right);
  });

  it('keeps the choices made inside the branch it moves to', () => {
    const left = switchBranch(tree, 'u2b', -1);
    expect(ids(activePath(left))).toEqual(['u1', 'a1', 'u2', 'a2', 'u3b']);
  });

  it('returns the same tree at either end', () => {
    expect(switchBranch(tree, 'u2b', 1)).toBe(tree);
    const left = switchBranch(tree, 'u2b', -1);
    expect(switchBranch(left, 'u2', -1)).toBe(left);
    expect(switchBranch(tree, 'u1', 1)).toBe(tree);
    expect(switchBranch(tree, 'a1', -1)).toBe(tree);
  });

  it('switches between roots', () => {
    const roots = chain(tree, null, ['r2']);
    const back = switchBranch(roots, 'r2', -1);
    expect(back.activeRootId).toBe('u1');
    expect(activeLeaf(back)?.id).toBe('a2b');
  });

  it('refuses unknown ids', () => {
    expectError(() => switchBranch(tree, 'nope', 1), 'not_found');
  });
});

describe('activate', () => {
  it('makes the path to a message active and keeps the choices below it', () => {
    const jumped = activate(tree, 'u2');
    expect(ids(activePath(jumped))).toEqual(['u1', 'a1', 'u2', 'a2', 'u3b']);
    expectSound(jumped);
  });

  it('makes a leaf the active leaf', () => {
    const jumped = activate(tree, 'u3');
    expect(activeLeaf(jumped)?.id).toBe('u3');
    expect(getMessage(jumped, 'a2').activeChildId).toBe('u3');
  });

  it('returns the same tree when the path was already active', () => {
    expect(activate(tree, 'a2b')).toBe(tree);
    expect(activate(tree, 'u1')).toBe(tree);
  });

  it('activates across roots', () => {
    const roots = chain(tree, null, ['r2']);
    const jumped = activate(roots, 'a2');
    expect(jumped.activeRootId).toBe('u1');
    expect(activeLeaf(jumped)?.id).toBe('u3b');
  });

  it('is also exported under the name setActiveLeaf', () => {
    expect(setActiveLeaf).toBe(activate);
  });

  it('refuses unknown ids', () => {
    expectError(() => activate(tree, 'nope'), 'not_found');
  });
});
