import { describe, expect, it } from 'vitest';
import { frequenciesLoaded } from '../src/core/background.ts';
import { warmUp } from '../src/cpu-tasks.ts';

describe('the segment worker warm-up', () => {
  it('loads the spoken-word frequencies, so the first episode does not wait for them', () => {
    expect(frequenciesLoaded()).toBe(false);
    warmUp();
    expect(frequenciesLoaded()).toBe(true);
  });
});
