import { describe, expect, it } from 'vitest';
import { EpisodeMeta, Word } from '../src/transcript.ts';

describe('transcript schemas', () => {
  it('fills meta defaults and rejects a word without text', () => {
    expect(EpisodeMeta.parse({ show: 'S' })).toEqual({ show: 'S', hosts: [], guests: [], sponsors: [] });
    expect(Word.safeParse({ text: '', start: 0, end: 1 }).success).toBe(false);
  });
});
