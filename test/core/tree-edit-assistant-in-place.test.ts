import { describe, expect, it } from 'vitest';
import {
  activePath,
  editAssistantMessage,
  getMessage,
  regenerate,
  updateMessage,
} from '../../src/core/tree.js';
import type { Provenance } from '../../src/core/types.js';
import { deepFreeze, expectError, expectSound, ids, linear } from './tree-helpers.js';

const provenance: Provenance = {
  endpointId: 'e1',
  endpointName: 'local',
  provider: 'anthropic',
  modelId: 'claude',
  maxTokens: 1024,
  usage: { inputTokens: 3, outputTokens: 4 },
};

describe('editing an assistant message', () => {
  it('changes the text in place, keeping children, branches and provenance', () => {
    const before = deepFreeze(updateMessage(linear(), 'a1', { provenance }));
    const tree = editAssistantMessage(before, 'a1', 'fixed reply', 99);
    expect(getMessage(tree, 'a1')).toEqual({
      ...getMessage(before, 'a1'),
      content: 'fixed reply',
      updatedAt: 99,
    });
    expect(getMessage(tree, 'a1').provenance).toBe(provenance);
    expect(ids(activePath(tree))).toEqual(ids(activePath(before)));
    expectSound(tree);
  });

  it('marks an error or incomplete reply complete, since its text is now wanted', () => {
    for (const status of ['error', 'incomplete'] as const) {
      const tree = editAssistantMessage(updateMessage(linear(), 'a2', { status }), 'a2', 'ok', 5);
      expect(getMessage(tree, 'a2').status).toBe('complete');
    }
  });

  it('refuses user messages, streaming replies and unknown ids', () => {
    expectError(() => editAssistantMessage(linear(), 'u1', 'x', 1), 'usage');
    const streaming = regenerate(linear(), 'a2', 'a2b', 1);
    expectError(() => editAssistantMessage(streaming, 'a2b', 'x', 1), 'conflict');
    expectError(() => editAssistantMessage(linear(), 'nope', 'x', 1), 'not_found');
  });
});

describe('updateMessage (streaming)', () => {
  it('applies content, status, provenance and updatedAt', () => {
    let tree = deepFreeze(regenerate(linear(), 'a2', 'r', 10));
    tree = updateMessage(tree, 'r', { content: 'Hel', updatedAt: 11 });
    tree = updateMessage(deepFreeze(tree), 'r', { content: 'Hello', updatedAt: 12 });
    tree = updateMessage(deepFreeze(tree), 'r', { status: 'complete', provenance, updatedAt: 13 });
    expect(getMessage(tree, 'r')).toMatchObject({
      content: 'Hello',
      status: 'complete',
      provenance,
      createdAt: 10,
      updatedAt: 13,
    });
    expectSound(tree);
  });

  it('shares untouched nodes and returns the same tree when nothing changes', () => {
    const before = deepFreeze(linear());
    const after = updateMessage(before, 'a2', { content: 'new' });
    expect(after.nodes.u1).toBe(before.nodes.u1);
    expect(after.rootIds).toBe(before.rootIds);
    expect(updateMessage(before, 'a2', {})).toBe(before);
    expect(updateMessage(before, 'a2', { content: 'text of a2', status: 'complete' })).toBe(before);
    expect(updateMessage(before, 'a2', { content: undefined })).toBe(before);
  });

  it('cannot touch other fields and refuses unknown ids', () => {
    const patch = { content: 'x', parentId: 'u1', children: ['zz'] } as unknown as {
      content: string;
    };
    const tree = updateMessage(linear(), 'a2', patch);
    expect(getMessage(tree, 'a2')).toMatchObject({ content: 'x', parentId: 'u2', children: [] });
    expectError(() => updateMessage(linear(), 'nope', { content: 'x' }), 'not_found');
  });
});
