import { describe, expect, test } from 'vitest';
import { likelyChatModel } from '../../src/core/model-rules.js';

describe('likelyChatModel: what endpoint test tries when the user has no model there', () => {
  test.each([
    [['whisper-1', 'text-embedding-3-large', 'dall-e-3', 'gpt-4o-mini'], 'gpt-4o-mini'],
    [['tts-1', 'omni-moderation-latest', 'gpt-4o-realtime-preview', 'o3-mini'], 'o3-mini'],
    [['nomic-embed-text', 'llama3.2:3b'], 'llama3.2:3b'],
    [['claude-sonnet-4-5-20250929', 'claude-haiku-4-5-20251001'], 'claude-sonnet-4-5-20250929'],
    // Nothing looks like a chat model: the first is still worth a try.
    [['text-embedding-3-small', 'whisper-1'], 'text-embedding-3-small'],
    [[], undefined],
  ])('%j → %s', (ids, chosen) => {
    expect(likelyChatModel(ids)).toBe(chosen);
  });
});
