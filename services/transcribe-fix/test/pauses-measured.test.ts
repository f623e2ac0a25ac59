import { describe, expect, it } from 'vitest';
import { pausesMeasured } from '../src/stage.ts';

describe('pausesMeasured', () => {
  it('reads pauses from a recognizer and from the forced aligner', () => {
    expect(pausesMeasured({ timing: 'provider', source: { kind: 'provider', provider: 'openai-compatible', settings: {} } })).toBe(true);
    expect(pausesMeasured({ timing: 'audio', source: { kind: 'aligned', provider: 'pocketsphinx-fsg', settings: {} } })).toBe(true);
  });

  it('ignores the gaps of times placed in proportion or estimated', () => {
    expect(pausesMeasured({ timing: 'audio', source: { kind: 'proportional', provider: 'proportional', settings: {} } })).toBe(false);
    expect(pausesMeasured({ timing: 'estimated', source: { kind: 'estimated', provider: 'nominal-rate', settings: {} } })).toBe(false);
    expect(pausesMeasured({ timing: 'audio', source: null })).toBe(false);
  });
});
