import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AlignerUnavailableError, alignTranscript } from '../src/align/aligner.ts';
import { chainGrammar, locateRun } from '../src/align/grammar.ts';
import { interpolateGaps } from '../src/align/interpolate.ts';
import { buildLexicon, dictionaryKey } from '../src/align/lexicon.ts';
import { forcedAlign } from '../src/align/forced.ts';
import { PauseMap } from '../src/align/pieces.ts';
import { ipaToCmu } from '../src/align/phones.ts';
import { DEFAULT_MODEL_DIR, loadDictionary, locateSphinx } from '../src/align/sphinx.ts';

describe('chainGrammar', () => {
  it('reads the words in order, entering and leaving only inside the given ranges', () => {
    const fsg = chainGrammar(['a', 'b', 'c'], { from: 0, to: 1 }, { from: 2, to: 3 });
    const lines = fsg.trim().split('\n');
    expect(lines.slice(0, 4)).toEqual(['FSG_BEGIN forced', 'NUM_STATES 6', 'START_STATE 0', 'FINAL_STATE 5']);
    // entries: start → positions 0 and 1 (states 1, 2); words between consecutive states; exits from positions 2, 3
    expect(lines.filter((l) => l.startsWith('TRANSITION 0 '))).toEqual(['TRANSITION 0 1 1.0', 'TRANSITION 0 2 1.0']);
    expect(lines.filter((l) => /\d [a-z]$/.test(l))).toEqual(['TRANSITION 1 2 1.0 a', 'TRANSITION 2 3 1.0 b', 'TRANSITION 3 4 1.0 c']);
    expect(lines.filter((l) => / 5 1\.0$/.test(l))).toEqual(['TRANSITION 3 5 1.0', 'TRANSITION 4 5 1.0']);
    expect(lines.at(-1)).toBe('FSG_END');
  });
});

describe('locateRun', () => {
  const keys = ['the', 'cat', 'sat', 'on', 'the', 'mat'];
  it('finds the first entry inside the range that reads the decoded words', () => {
    expect(locateRun(keys, ['the', 'mat'], { from: 0, to: 6 }, { from: 0, to: 6 })).toBe(4);
    expect(locateRun(keys, ['the'], { from: 0, to: 6 }, { from: 0, to: 6 })).toBe(0);
    expect(locateRun(keys, ['the'], { from: 1, to: 6 }, { from: 0, to: 6 })).toBe(4);
  });
  it('rejects runs that start or end outside the ranges, or do not occur', () => {
    expect(locateRun(keys, ['sat', 'on'], { from: 0, to: 1 }, { from: 0, to: 6 })).toBe(-1);
    expect(locateRun(keys, ['the', 'cat'], { from: 0, to: 6 }, { from: 5, to: 6 })).toBe(-1);
    expect(locateRun(keys, ['dog'], { from: 0, to: 6 }, { from: 0, to: 6 })).toBe(-1);
  });
});

describe('pronunciations', () => {
  it('maps espeak-ng IPA onto the model phones', () => {
    expect(ipaToCmu('kˈoːɹsɚɹə')).toEqual(['K', 'AO', 'R', 'S', 'ER', 'R', 'AH']);
    expect(ipaToCmu('bˈeɪduː')).toEqual(['B', 'EY', 'D', 'UW']);
    expect(ipaToCmu('tʃˈɜːtʃ dʒˈʌdʒ')).toEqual(['CH', 'ER', 'CH', 'JH', 'AH', 'JH']);
  });

  it('normalizes tokens to dictionary keys', () => {
    expect(dictionaryKey('Hello,')).toBe('hello');
    expect(dictionaryKey('“Don’t')).toBe("don't");
    expect(dictionaryKey('co-founded.')).toBe('co-founded');
    expect(dictionaryKey('—')).toBeNull();
  });

  it('takes cmudict first, builds compounds and possessives from parts, and asks letter-to-sound for the rest', async () => {
    const dict = new Map([
      ['hello', ['HH AH L OW', 'HH EH L OW']],
      ['co', ['K OW']],
      ['founded', ['F AW N D IH D']],
      ['graham', ['G R AE M']],
    ]);
    const asked: string[][] = [];
    const lexicon = await buildLexicon(['Hello', 'co-founded', "Graham's", 'Baidu', '...'], dict, async (words) => {
      asked.push(words);
      return words.map(() => 'bˈeɪduː');
    });
    expect(asked).toEqual([['baidu']]);
    expect(lexicon.keys).toEqual(['hello', 'co-founded', "graham's", 'baidu', null]);
    expect(lexicon.guessed).toBe(1);
    expect(lexicon.dictText.split('\n').filter(Boolean).sort()).toEqual(
      ['baidu B EY D UW', 'co-founded K OW F AW N D IH D', "graham's G R AE M Z", 'hello HH AH L OW', 'hello(2) HH EH L OW'].sort(),
    );
  });

  it('leaves a word unpronounced when letter-to-sound is unavailable', async () => {
    const lexicon = await buildLexicon(['zyzzyva'], new Map(), async () => null);
    expect(lexicon.keys).toEqual([null]);
  });
});

describe('PauseMap', () => {
  const silences = [
    { start: 9, end: 10 },
    { start: 24, end: 25.5 },
    { start: 33, end: 33.3 },
    { start: 61, end: 62 },
  ];
  const pauses = new PauseMap(silences, 100, { targetSec: 30, minSec: 15, maxSec: 50 });
  it('cuts in the longest pause near the target length, and never past the limit', () => {
    expect(pauses.cutAfter(0, 100)).toBeCloseTo(24.75);
    expect(pauses.cutAfter(0, 40)).toBe(40);
    expect(pauses.cutAfter(70, 200)).toBe(100); // no pause left: the target length
  });
  it('measures speech without the pauses and finds the next pause', () => {
    expect(pauses.speechSec(0, 30)).toBeCloseTo(27.5);
    expect(pauses.nextPause(26)).toBeCloseTo(33.15);
  });
});

describe('interpolateGaps', () => {
  it('keeps placed words and spreads each unplaced run between its neighbours, at the pauses inside the gap', () => {
    const texts = ['one', 'two', 'three', 'four', 'five', 'six'];
    const placed = [{ start: 0, end: 0.5 }, null, null, null, null, { start: 10, end: 10.4 }];
    const out = interpolateGaps(texts, placed, 12, [{ start: 5, end: 6 }]);
    expect(out[0]).toEqual({ start: 0, end: 0.5 });
    expect(out[5]).toEqual({ start: 10, end: 10.4 });
    for (let i = 1; i < 5; i++) {
      expect(out[i]!.start).toBeGreaterThanOrEqual(0.5 - 1e-9);
      expect(out[i]!.end).toBeLessThanOrEqual(10 + 1e-9);
      expect(out[i]!.start).toBeGreaterThanOrEqual(out[i - 1]!.end - 1e-9);
    }
    // the pause at 5–6 s falls between two unplaced words, not inside one
    expect(out.slice(1, 5).some((w) => w.start > 5.5 && w.start < 6.5)).toBe(true);
    expect(out.slice(1, 5).every((w) => !(w.start < 5 && w.end > 6))).toBe(true);
  });
});

describe('alignTranscript (pocketsphinx)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'align-test-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('throws AlignerUnavailableError when the decoder or model is missing', async () => {
    expect(() => locateSphinx({ decoder: 'no-such-pocketsphinx' })).toThrow(AlignerUnavailableError);
    expect(() => locateSphinx({ modelDir: dir })).toThrow(/pocketsphinx-en-us/);
    await expect(
      alignTranscript({ audioPath: 'none.wav', durationSec: 1, silences: [], words: [{ text: 'hi', start: 0, end: 0 }] }, { sphinx: { decoder: 'no-such-pocketsphinx' } }),
    ).rejects.toBeInstanceOf(AlignerUnavailableError);
  });

  /**
   * Sentences each synthesized alone and joined with measured silences: the truth is where each one starts. The
   * transcript is `written` when given (the same words as a transcript writes them, e.g. numbers in digits).
   */
  function sentenceAudio(sentences: string[], gaps: number[], written: string[] = sentences) {
    const parts: string[] = [];
    const truth: number[] = [];
    const silences: { start: number; end: number }[] = [];
    let t = 0;
    sentences.forEach((text, k) => {
      const wav = path.join(dir, `s${k}.wav`);
      execFileSync('espeak-ng', ['-v', 'en-us', '-s', '165', '-w', wav, text]);
      // trim espeak's own leading and trailing silence so the sentence starts at its first sample
      const trimmed = path.join(dir, `t${k}.wav`);
      execFileSync('sox', [wav, '-r', '16000', trimmed, 'silence', '1', '0.01', '0.5%', 'reverse', 'silence', '1', '0.01', '0.1%', 'reverse']);
      const seconds = Number(execFileSync('soxi', ['-D', trimmed]).toString());
      truth.push(t);
      parts.push(trimmed);
      t += seconds;
      if (k < gaps.length) {
        const gap = path.join(dir, `g${k}.wav`);
        execFileSync('sox', ['-n', '-r', '16000', '-c', '1', gap, 'trim', '0', String(gaps[k])]);
        parts.push(gap);
        silences.push({ start: t, end: t + gaps[k]! });
        t += gaps[k]!;
      }
    });
    const audio = path.join(dir, `episode-${sentences.length}.wav`);
    execFileSync('sox', [...parts, audio]);
    const words = written.join(' ').split(' ').map((text) => ({ text, start: 0, end: 0, speaker: 'A' }));
    return { audio, duration: t, truth, silences, words };
  }

  it('places every sentence of synthesized speech at its start (within 0.15 s), read in several pieces by two decoders', async () => {
    const sentences = [
      'the quick brown fox jumps over the lazy dog near the river bank',
      'podcasts are recorded in a kitchen and edited late at night by volunteers',
      'every caption should appear when the speaker starts the sentence and leave at the end',
    ];
    const { audio, duration: t, truth, silences, words } = sentenceAudio(sentences, [0.8, 1.3]);
    const progress: number[] = [];
    const out = await alignTranscript({ audioPath: audio, durationSec: t, silences, words }, {
      onProgress: (f) => void progress.push(f),
      pieces: { targetSec: 5, minSec: 2, maxSec: 9 },
      concurrency: 2,
      // every second decoded: this is the decoder's own accuracy
      skipSec: 0,
    });
    expect(out.words.map((w) => w.text)).toEqual(words.map((w) => w.text));
    expect(out.words.every((w) => w.speaker === 'A')).toBe(true);
    expect(out.unplaced).toBe(0);
    expect(out.dtwPlaced).toBe(0);
    expect(out.method).toBe('pocketsphinx-fsg');
    let first = 0;
    sentences.forEach((s, k) => {
      expect(Math.abs(out.words[first]!.start - truth[k]!)).toBeLessThan(0.15);
      first += s.split(' ').length;
    });
    for (let i = 1; i < out.words.length; i++) expect(out.words[i]!.start).toBeGreaterThanOrEqual(out.words[i - 1]!.end - 1e-6);
    expect(progress.at(-1)).toBeCloseTo(1, 1);
  }, 60_000);

  it('follows numbers however they are said (years in pairs, in full, money, percent), placing the words after them (within 0.15 s)', async () => {
    // the speaker's words, cut after each number with a short pause, and the transcript's, with digits
    const spoken = [
      'in eighteen forty', 'a newspaper called the beacon started printing letters and stories',
      'after he died in one thousand eight hundred seventeen', 'his partners paid four dollars and ninety nine cents', 'for a map of the river',
      'during the eighteen forties about twenty seven percent', 'of the workers lived on the fourth floor',
    ];
    const written = [
      'in 1840', 'a newspaper called the beacon started printing letters and stories',
      'after he died in 1817', 'his partners paid $4.99', 'for a map of the river',
      'during the 1840s about 27%', 'of the workers lived on the 4th floor',
    ];
    const { audio, duration: t, truth, silences, words } = sentenceAudio(spoken, [0.3, 0.9, 0.35, 0.3, 1.0, 0.3], written);
    const out = await alignTranscript({ audioPath: audio, durationSec: t, silences, words }, { pieces: { targetSec: 12, minSec: 6, maxSec: 20 }, concurrency: 1, skipSec: 0 });
    expect(out.words.map((w) => w.text)).toEqual(words.map((w) => w.text));
    expect(out.unplaced).toBe(0);
    // the decoder read every word, the 2.1 s "one thousand eight hundred seventeen" too
    expect(out.dtwPlaced).toBe(0);
    let first = 0;
    written.forEach((s, k) => {
      expect(Math.abs(out.words[first]!.start - truth[k]!), `"${s}" at ${truth[k]!.toFixed(2)} s`).toBeLessThan(0.15);
      first += s.split(' ').length;
    });
  }, 60_000);

  it('reads anchor pieces and skips the audio between them, placing the skipped words by DTW at their sentence starts (within 0.2 s)', async () => {
    const sentences = [
      'the quick brown fox jumps over the lazy dog near the river bank',
      'podcasts are recorded in a kitchen and edited late at night by volunteers',
      'every caption should appear when the speaker starts the sentence and leave at the end',
      'the ferry left the harbour before dawn carrying fishermen teachers and a brass band',
      'a good transcript keeps every word in order and every speaker in their place',
    ];
    const { audio, duration: t, truth, silences, words } = sentenceAudio(sentences, [0.9, 1.2, 0.7, 1.0]);
    const trace: string[] = [];
    const out = await alignTranscript({ audioPath: audio, durationSec: t, silences, words }, {
      concurrency: 1,
      anchorSec: 3,
      skipSec: 6,
      trace: (line) => void trace.push(line),
    });
    const pieces = trace.filter((l) => / s, words /.test(l));
    const decodedSec = pieces.reduce((sum, l) => {
      const [from, to] = l.split(' s,')[0]!.split('-').map(Number);
      return sum + to! - from!;
    }, 0);
    // less than half the audio went through the decoder; DTW placed the words in the rest
    expect(decodedSec).toBeLessThan(t / 2);
    expect(out.dtwPlaced).toBeGreaterThan(words.length / 3);
    expect(out.unplaced).toBe(0);
    let first = 0;
    sentences.forEach((s, k) => {
      expect(Math.abs(out.words[first]!.start - truth[k]!)).toBeLessThan(0.2);
      first += s.split(' ').length;
    });
    for (let i = 1; i < out.words.length; i++) expect(out.words[i]!.start).toBeGreaterThanOrEqual(out.words[i - 1]!.end - 1e-6);
  }, 60_000);
});

describe('forcedAlign chains (a decoder that knows the truth)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'align-chain-test-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const decoder = path.join(import.meta.dirname, 'fixtures/fake-decoder.mjs');

  it('re-enters a stretch whose proportional start estimate is ~60 words off, instead of leaving its first minute to DTW', async () => {
    // 400 distinct cmudict words: the first 250 spoken fast (0.25 s each), the rest slowly (0.6 s), a 0.3 s pause after
    // every 10th. One speaking rate for the whole episode puts the second stretch's first word ~60 words too early.
    const pool = [...loadDictionary(DEFAULT_MODEL_DIR).keys()].filter((k) => /^[a-z]{4,}$/.test(k));
    const keys = Array.from({ length: 400 }, (_, i) => pool[(i * 257) % pool.length]!);
    expect(new Set(keys).size).toBe(keys.length);
    const truth: { key: string; start: number; end: number }[] = [];
    const silences: { start: number; end: number }[] = [];
    let t = 0.5;
    keys.forEach((key, i) => {
      const len = i < 250 ? 0.25 : 0.6;
      truth.push({ key, start: t, end: t + len - 0.02 });
      t += len;
      if (i % 10 === 9) {
        silences.push({ start: t, end: t + 0.3 });
        t += 0.3;
      }
    });
    const duration = t + 0.5;
    const truthPath = path.join(dir, 'truth.json');
    fs.writeFileSync(truthPath, JSON.stringify(truth));
    process.env.FAKE_DECODER_TRUTH = truthPath;
    const trace: string[] = [];
    const out = await forcedAlign({ dir, stem: 'audio' }, keys, { duration, silences }, {
      setup: { decoder },
      pieces: { targetSec: 8, minSec: 4, maxSec: 12 },
      concurrency: 2,
      skipSec: 0,
      trace: (line) => void trace.push(line),
    });
    // the second stretch's first piece is entered far from its estimate
    const second = trace.find((l) => !l.startsWith('0.0-') && / read at /.test(l) && Number(l.split('-')[0]) > duration / 3)!;
    expect(second).toBeDefined();
    const placed = out.times.filter(Boolean).length;
    expect(placed, trace.join('\n')).toBeGreaterThanOrEqual(keys.length - 12);
    out.times.forEach((time, i) => {
      if (time) expect(time.start).toBeCloseTo(truth[i]!.start, 1);
    });
  }, 60_000);

  it('runs the decoder with wide beams by default and narrow ones (fewer Gaussians) when asked', async () => {
    const keys = ['water', 'under', 'bridge', 'morning', 'yellow', 'garden'];
    const truth = keys.map((key, i) => ({ key, start: 0.5 + 0.4 * i, end: 0.85 + 0.4 * i }));
    const truthPath = path.join(dir, 'truth-small.json');
    fs.writeFileSync(truthPath, JSON.stringify(truth));
    process.env.FAKE_DECODER_TRUTH = truthPath;
    const argsFor = async (beams?: 'wide' | 'narrow') => {
      const argsPath = path.join(dir, `args-${beams ?? 'default'}.txt`);
      process.env.FAKE_DECODER_ARGS = argsPath;
      try {
        const out = await forcedAlign({ dir, stem: 'audio' }, keys, { duration: 3.5, silences: [] }, { setup: { decoder }, concurrency: 1, ...(beams ? { beams } : {}) });
        expect(out.times.every(Boolean)).toBe(true);
      } finally {
        delete process.env.FAKE_DECODER_ARGS;
      }
      return fs.readFileSync(argsPath, 'utf8');
    };
    for (const args of [await argsFor(), await argsFor('wide')]) {
      expect(args).toContain('-beam 1e-100 -wbeam 1e-80 -pbeam 1e-80');
      expect(args).not.toContain('-topn');
    }
    expect(await argsFor('narrow')).toContain('-beam 1e-80 -wbeam 1e-60 -pbeam 1e-60 -topn 3');
  }, 30_000);
});
