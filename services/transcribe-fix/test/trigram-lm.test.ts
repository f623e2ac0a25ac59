import { describe, expect, it } from 'vitest';
import { DEBIAN_EN_US_LM, boundaryLogOdds, englishTrigramLm } from '../src/fix/model/boundary-lm.ts';
import { TrigramLm } from '../src/fix/model/trigram-lm.ts';

// Debian's pocketsphinx-en-us (installed by .ci/run) ships the model these tests read.
const lm = englishTrigramLm();

describe('TrigramLm (sphinx binary trie)', () => {
  it('finds the Debian model and its sentence-boundary tokens', () => {
    expect(lm, DEBIAN_EN_US_LM).toBeDefined();
    expect(lm!.start).toBeGreaterThanOrEqual(0);
    expect(lm!.end).toBeGreaterThanOrEqual(0);
    expect(lm!.idOf('zzqx-not-a-word')).toBe(-1);
  });

  it('gives distributions that sum to one after a one-word and a two-word history (backoffs included)', () => {
    const words = [...(lm as unknown as { ids: Map<string, number> }).ids.values()];
    const total = (h1: string, h2?: string) =>
      words.reduce((sum, w) => sum + Math.exp(lm!.logProb(w, lm!.idOf(h1), h2 === undefined ? -1 : lm!.idOf(h2))), 0);
    expect(total('the')).toBeCloseTo(1, 2);
    expect(total('you', 'thank')).toBeCloseTo(1, 2);
    expect(total('of', 'because')).toBeCloseTo(1, 2);
  });

  it('ranks likely continuations above unlikely ones', () => {
    const lp = (w: string, h1: string, h2?: string) => lm!.logProb(lm!.idOf(w), lm!.idOf(h1), h2 === undefined ? -1 : lm!.idOf(h2));
    expect(lp('york', 'new')).toBeGreaterThan(lp('banana', 'new') + 5);
    expect(lp('</s>', 'you', 'thank')).toBeGreaterThan(lp('</s>', 'the', 'of') + 2);
  });

  it('refuses a file that is not a trie model', () => {
    expect(TrigramLm.load('/nonexistent/en-us.lm.bin')).toBeUndefined();
    expect(() => TrigramLm.load(new URL(import.meta.url).pathname)).toThrow(/not a sphinx trie/);
  });
});

describe('boundaryLogOdds', () => {
  it('favours a break between two sentences over a break inside a phrase', () => {
    const words = 'thank you so much for having me it is great to be here'.split(' ');
    const odds = boundaryLogOdds(lm!, words);
    const after = (w: string) => odds[words.indexOf(w)]!;
    const inside = words.slice(0, -1).filter((w) => w !== 'me').map(after);
    expect(after('me')).toBeGreaterThan(Math.max(...inside));
    expect(after('for')).toBeLessThan(-3);
    expect(after('me')).toBeGreaterThan(after('having') + 3);
  });
});

describe('TrigramLm loading (floats copied as bytes)', () => {
  it('floatsLE reads the same floats as one readFloatLE each, at any offset', async () => {
    const { floatsLE } = await import('../src/fix/model/trigram-lm.ts');
    const buf = Buffer.alloc(4 * 1000 + 3);
    for (let i = 0; i < buf.length; i++) buf[i] = (i * 7919 + 13) & 0xff;
    for (const at of [0, 1, 3]) {
      const got = floatsLE(buf, at, 1000);
      let differ = 0;
      for (let i = 0; i < 1000; i++) if (!Object.is(got[i], buf.readFloatLE(at + 4 * i))) differ++;
      expect(differ).toBe(0);
    }
  });

  it('the Debian model\'s quantizer tables and unigrams are the file\'s floats, as read one by one', async () => {
    const { readFileSync } = await import('node:fs');
    const buf = readFileSync(DEBIAN_EN_US_LM);
    const inner = lm as unknown as { bigramProbs: Float32Array; trigramProbs: Float32Array; uniProbs: Float32Array; uniBackoffs: Float32Array; uniNexts: Uint32Array };
    const at = 'Trie Language Model'.length + 1 + 4 * 3 + 4;
    for (const i of [0, 1, 777, 65535]) expect(inner.bigramProbs[i]).toBe(buf.readFloatLE(at + 4 * i));
    for (const i of [0, 5, 65535]) expect(inner.trigramProbs[i]).toBe(buf.readFloatLE(at + 4 * ((2 << 16) + i)));
    const uni = at + 3 * (1 << 16) * 4;
    for (const w of [0, 1, 100, inner.uniProbs.length - 1]) {
      expect(inner.uniProbs[w]).toBe(buf.readFloatLE(uni + 12 * w));
      expect(inner.uniBackoffs[w]).toBe(buf.readFloatLE(uni + 12 * w + 4));
      expect(inner.uniNexts[w]).toBe(buf.readUInt32LE(uni + 12 * w + 8));
    }
  });
});
