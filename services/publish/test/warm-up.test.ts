import { describe, expect, it } from 'vitest';
import type { Config } from '@podpipe/shared/config';
import { validatorsCompiled } from '../src/conformance.ts';
import { publishStage } from '../src/stage.ts';

describe('the publish worker warm-up', () => {
  it('compiles the conformance gate\'s validators before the first episode', async () => {
    expect(validatorsCompiled()).toBe(0);
    await publishStage.warmUp!({} as Config);
    expect(validatorsCompiled()).toBe(3);
  });
});
