import { describe, expect, it } from 'vitest';
import { RecognizerMissingError } from '../src/provider.ts';
import { parsePocketsphinxOutput, pocketsphinxProvider } from '../src/providers/pocketsphinx.ts';

const SAMPLE = '/usr/share/pocketsphinx/test/data/librivox/sense_and_sensibility_01_austen_64kb-0880.wav';

describe('parsePocketsphinxOutput', () => {
  it('keeps words with times and posteriors, and drops markers, noise and pronunciation variants', () => {
    const out = [
      'he was not an ill disposed young man',
      '<s> 0.000 0.140 0.999400',
      'he 0.150 0.360 0.998601',
      'was(2) 0.370 0.590 0.999800',
      '<sil> 0.600 0.700 1.000000',
      '[NOISE] 0.700 0.800 0.5',
      '++UH++ 0.800 0.900 0.5',
      'not 0.900 1.020 0.5',
      '</s> 1.050 1.080 1.000000',
    ].join('\n');
    expect(parsePocketsphinxOutput(out)).toEqual([
      { text: 'he', start: 0.15, end: 0.36, confidence: 0.998601 },
      { text: 'was', start: 0.37, end: 0.59, confidence: 0.9998 },
      { text: 'not', start: 0.9, end: 1.02, confidence: 0.5 },
    ]);
  });
});

describe('pocketsphinxProvider', () => {
  it('recognizes real recorded speech with the Debian en-us model', async () => {
    const words = await pocketsphinxProvider({ concurrency: 1, timeoutMs: 60_000 }).recognize({ path: SAMPLE, durationSec: 3 }, { prompt: '' });
    const text = words.map((w) => w.text).join(' ');
    // the recording says "he was not an ill disposed young man"
    expect(text).toMatch(/^he was not/);
    expect(words.every((w, i) => w.end >= w.start && (i === 0 || w.start >= words[i - 1]!.start))).toBe(true);
    expect(words.every((w) => w.confidence !== undefined)).toBe(true);
  });

  it('names the packages and the API alternative when the program is missing', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const err = await pocketsphinxProvider({ concurrency: 1, timeoutMs: 5000 }).recognize({ path: SAMPLE, durationSec: 3 }, { prompt: '' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RecognizerMissingError);
      expect((err as Error).message).toMatch(/pocketsphinx and pocketsphinx-en-us.*PODPIPE_TRANSCRIBE_URL/);
      expect((err as Error).message.split('\n')).toHaveLength(1);
    } finally {
      process.env.PATH = path;
    }
  });
});
