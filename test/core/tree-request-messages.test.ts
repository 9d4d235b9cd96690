import { describe, expect, it } from 'vitest';
import {
  ABANDONED_AFTER_MS,
  addMessage,
  emptyTree,
  regenerate,
  requestMessages,
  settleAbandoned,
  updateMessage,
} from '../../src/core/tree.js';
import { chain, deepFreeze, expectError, linear } from './tree-helpers.js';

describe('requestMessages', () => {
  it('sends the active path by default', () => {
    expect(requestMessages(deepFreeze(linear()))).toEqual({
      messages: [
        { role: 'user', content: 'text of u1' },
        { role: 'assistant', content: 'text of a1' },
        { role: 'user', content: 'text of u2' },
        { role: 'assistant', content: 'text of a2' },
      ],
    });
  });

  it('sends the path up to a given message, on any branch', () => {
    const tree = chain(linear(), 'a1', ['u2b']);
    expect(requestMessages(tree, 'u2').messages.map((m) => m.content)).toEqual([
      'text of u1',
      'text of a1',
      'text of u2',
    ]);
  });

  it('adds a system prompt unless it is blank', () => {
    expect(requestMessages(linear(), 'u1', 'Be brief.').system).toBe('Be brief.');
    expect('system' in requestMessages(linear(), 'u1', '  \n')).toBe(false);
    expect('system' in requestMessages(linear(), 'u1')).toBe(false);
  });

  it('leaves out assistant text before the first user message (the welcome message)', () => {
    let tree = addMessage(emptyTree(), {
      id: 'w',
      parentId: null,
      role: 'assistant',
      content: 'Welcome',
      status: 'complete',
      createdAt: 0,
    });
    tree = addMessage(tree, {
      id: 'q',
      parentId: 'w',
      role: 'user',
      content: 'hi',
      status: 'complete',
      createdAt: 1,
    });
    expect(requestMessages(tree).messages).toEqual([{ role: 'user', content: 'hi' }]);
  });

  it('skips the empty reply being streamed into', () => {
    const tree = regenerate(linear(), 'a2', 'a2b', 1);
    expect(requestMessages(tree).messages.at(-1)).toEqual({ role: 'user', content: 'text of u2' });
  });

  it('skips error replies and blank replies, and keeps incomplete ones', () => {
    let tree = updateMessage(linear(), 'a1', { status: 'error', content: 'HTTP 500' });
    expect(requestMessages(tree, 'a1').messages).toEqual([{ role: 'user', content: 'text of u1' }]);
    tree = updateMessage(linear(), 'a2', { content: ' \n ', status: 'incomplete' });
    expect(requestMessages(tree).messages).toHaveLength(3);
    tree = updateMessage(linear(), 'a2', { content: 'half a rep', status: 'incomplete' });
    expect(requestMessages(tree).messages.at(-1)).toEqual({
      role: 'assistant',
      content: 'half a rep',
    });
  });

  it('joins messages of one role left next to each other', () => {
    const tree = updateMessage(linear(), 'a1', { status: 'error' });
    expect(requestMessages(tree).messages).toEqual([
      { role: 'user', content: 'text of u1\n\ntext of u2' },
      { role: 'assistant', content: 'text of a2' },
    ]);
  });

  it('is empty for an empty tree and refuses unknown ids', () => {
    expect(requestMessages(emptyTree())).toEqual({ messages: [] });
    expectError(() => requestMessages(linear(), 'nope'), 'not_found');
  });

  it('does not share message objects with the tree', () => {
    const tree = deepFreeze(updateMessage(linear(), 'a1', { status: 'error' }));
    const { messages } = requestMessages(tree);
    messages[0]!.content = 'changed';
    expect(tree.nodes.u1?.content).toBe('text of u1');
  });
});

describe('settleAbandoned', () => {
  it('marks a reply left streaming by a dead process as incomplete, keeping its text', () => {
    let tree = addMessage(emptyTree(), {
      id: 'q',
      parentId: null,
      role: 'user',
      content: 'hi',
      status: 'complete',
      createdAt: 0,
    });
    tree = addMessage(tree, {
      id: 'r',
      parentId: 'q',
      role: 'assistant',
      content: 'partial',
      status: 'streaming',
      createdAt: 0,
    });
    expect(settleAbandoned(tree, ABANDONED_AFTER_MS - 1)).toBe(tree);
    const settled = settleAbandoned(tree, ABANDONED_AFTER_MS + 1);
    expect(settled.nodes.r).toMatchObject({ status: 'incomplete', content: 'partial' });
    expect(requestMessages(settled).messages.at(-1)).toEqual({
      role: 'assistant',
      content: 'partial',
    });
  });

  it('settles at once a reply whose writer is known to be gone, and drops the writer', () => {
    const writer = { pid: 42, host: 'here' };
    const tree = addMessage(emptyTree(), {
      id: 'r',
      parentId: null,
      role: 'assistant',
      content: 'partial',
      status: 'streaming',
      createdAt: 0,
      writer,
    });
    expect(settleAbandoned(tree, 1, () => false)).toBe(tree);
    const settled = settleAbandoned(tree, 1, (w) => w === writer);
    expect(settled.nodes.r).toMatchObject({ status: 'incomplete', content: 'partial' });
    expect(settled.nodes.r?.writer).toBeUndefined();
  });
});
