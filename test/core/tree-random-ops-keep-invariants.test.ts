import { describe, expect, it } from 'vitest';
import {
  activate,
  activeLeaf,
  activePath,
  addMessage,
  countMessages,
  deleteSubtree,
  editAssistantMessage,
  editUserMessage,
  emptyTree,
  findMessages,
  getMessage,
  hasMessage,
  isActive,
  regenerate,
  requestMessages,
  siblingsOf,
  subtreeIds,
  switchBranch,
  treeRows,
  updateMessage,
} from '../../src/core/tree.js';
import type { Id, MessageTree } from '../../src/core/types.js';
import { prng } from '../helpers/prng.js';
import { deepFreeze, expectSound, ids } from './tree-helpers.js';

function expectRowsCoverTree(tree: MessageTree): void {
  const all = treeRows(tree, { foldLongerThan: Infinity });
  expect(all.map((row) => row.id).sort()).toEqual(Object.keys(tree.nodes).sort());
  expect(all.filter((row) => row.isActivePath).map((row) => row.id)).toEqual(ids(activePath(tree)));
  expect(all.filter((row) => row.isActiveLeaf).map((row) => row.id)).toEqual(
    countMessages(tree) === 0 ? [] : [activeLeaf(tree)?.id],
  );
  for (const row of all) expect(row.branch.i).toBe(siblingsOf(tree, row.id).indexOf(row.id) + 1);

  const folded = treeRows(tree, { foldLongerThan: 3, keepEnds: 1 });
  const shown = folded.reduce((sum, row) => sum + (row.hiddenCount ?? 1), 0);
  expect(shown).toBe(countMessages(tree));
  // Every branch point and every leaf stays visible.
  const visible = new Set(folded.filter((row) => row.kind === 'message').map((row) => row.id));
  for (const node of Object.values(tree.nodes)) {
    if (node.children.length !== 1) expect(visible.has(node.id)).toBe(true);
  }
}

/** Adding is listed three times so that trees grow despite deletes. */
const OPERATIONS = [
  'add',
  'add',
  'add',
  'addRoot',
  'editUser',
  'regenerate',
  'editAssistant',
  'stream',
  'delete',
  'switch',
  'activate',
] as const;

const SEEDS = Array.from({ length: 60 }, (_, k) => k + 1);

describe('random sequences of edits', () => {
  let largest = 0;

  it.each(SEEDS)('keep every invariant and never mutate their input (seed %i)', (seed) => {
    const rng = prng(seed);
    let tree = deepFreeze(emptyTree());
    let counter = 0;
    for (let step = 0; step < 80; step++) {
      const all = Object.values(tree.nodes);
      const op = rng.pick([...OPERATIONS]);
      const node = rng.pick(all);
      const newId: Id = `n${++counter}`;
      const context = `seed ${seed}, step ${step}, ${op} on ${node?.id ?? '-'}`;
      let next = tree;
      try {
        switch (op) {
          case 'add':
          case 'addRoot': {
            const parentId = op === 'add' && node ? node.id : null;
            const role = parentId !== null && node?.role === 'user' ? 'assistant' : 'user';
            const message = { id: newId, parentId, role, content: `c${counter}` } as const;
            next = addMessage(tree, { ...message, status: 'complete', createdAt: step });
            expect(activeLeaf(next)?.id).toBe(newId);
            break;
          }
          case 'editUser': {
            const user = rng.pick(all.filter((n) => n.role === 'user'));
            if (!user) continue;
            next = editUserMessage(tree, user.id, 'edited', newId, step);
            expect(activeLeaf(next)?.id).toBe(newId);
            expect(siblingsOf(next, newId)).toContain(user.id);
            break;
          }
          case 'regenerate': {
            const reply = rng.pick(all.filter((n) => n.role === 'assistant'));
            if (!reply) continue;
            next = regenerate(tree, reply.id, newId, step);
            expect(activeLeaf(next)?.id).toBe(newId);
            break;
          }
          case 'editAssistant': {
            const reply = rng.pick(
              all.filter((n) => n.role === 'assistant' && n.status !== 'streaming'),
            );
            if (!reply) continue;
            next = editAssistantMessage(tree, reply.id, 'fixed', step);
            expect(getMessage(next, reply.id).content).toBe('fixed');
            expect(ids(activePath(next))).toEqual(ids(activePath(tree)));
            break;
          }
          case 'stream': {
            if (!node) continue;
            next = updateMessage(tree, node.id, {
              content: `${node.content}+`,
              status: rng.pick(['complete', 'incomplete', 'error', 'streaming'] as const),
              updatedAt: step,
            });
            break;
          }
          case 'delete': {
            if (!node) continue;
            const gone = subtreeIds(tree, node.id);
            const siblings = siblingsOf(tree, node.id);
            const at = siblings.indexOf(node.id);
            const parentOf = (t: MessageTree) =>
              node.parentId === null ? t.activeRootId : getMessage(t, node.parentId).activeChildId;
            const wasActive = parentOf(tree) === node.id;
            next = deleteSubtree(tree, node.id);
            expect(parentOf(next)).toBe(
              wasActive ? (siblings[at - 1] ?? siblings[at + 1] ?? null) : parentOf(tree),
            );
            for (const id of gone) expect(hasMessage(next, id)).toBe(false);
            expect(countMessages(next)).toBe(all.length - gone.length);
            break;
          }
          case 'switch': {
            if (!node) continue;
            const delta = rng.pick([-1, 1] as const) ?? 1;
            const siblings = siblingsOf(tree, node.id);
            const at = siblings.indexOf(node.id) + delta;
            next = switchBranch(tree, node.id, delta);
            const target = siblings[Math.min(siblings.length - 1, Math.max(0, at))];
            const parent = node.parentId === null ? null : getMessage(next, node.parentId);
            expect(parent ? parent.activeChildId : next.activeRootId).toBe(target);
            break;
          }
          case 'activate': {
            if (!node) continue;
            next = activate(tree, node.id);
            expect(isActive(next, node.id)).toBe(true);
            expect(activate(next, node.id)).toBe(next);
            break;
          }
          case undefined:
            continue;
        }
        tree = deepFreeze(next);
        largest = Math.max(largest, countMessages(tree));
        expectSound(tree);
        expectRowsCoverTree(tree);
        expect(findMessages(tree, () => true)).toHaveLength(countMessages(tree));
        for (const message of requestMessages(tree).messages) {
          expect(message.content.trim()).not.toBe('');
        }
      } catch (err) {
        throw new Error(`${context}: ${String(err)}`, { cause: err });
      }
    }
  });

  it('grew trees of a useful size', () => {
    expect(largest).toBeGreaterThan(25);
  });
});
