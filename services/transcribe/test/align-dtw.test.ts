import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { placeByDtw, unplacedGaps } from '../src/align/dtw-placement.ts';
import { bandedDtw, type Frames } from '../src/align/dtw.ts';
import type { PlacedTime } from '../src/align/forced.ts';
import { PCM_RATE, pcmPath } from '../src/align/pcm.ts';
import { synthesizeRuns } from '../src/align/synthesize.ts';
import { unplacedRuns } from '../src/align/unplaced-runs.ts';

/** A sequence of piecewise-constant frames: segment k lasts lengths[k] frames and has its own direction in feature space. */
function segments(lengths: number[], dim = 13): { frames: Frames; starts: number[] } {
  const count = lengths.reduce((a, b) => a + b, 0);
  const data = new Float32Array(count * dim);
  const starts: number[] = [];
  let at = 0;
  lengths.forEach((length, k) => {
    starts.push(at);
    for (let f = at; f < at + length; f++) for (let d = 1; d < dim; d++) data[f * dim + d] = Math.sin((k + 1) * d * 1.7) + (d === (k % (dim - 1)) + 1 ? 2 : 0);
    at += length;
  });
  return { frames: { data, dim, count }, starts };
}

describe('bandedDtw', () => {
  it('maps each segment of a sequence onto the same segment of an unevenly time-stretched copy', () => {
    const lengths = [5, 9, 4, 12, 7, 3, 10, 6];
    const target = segments(lengths);
    // the copy is stretched by different factors per segment (0.6× to 2.5×): the warp must follow, not the diagonal
    const factors = [1, 2.5, 0.6, 1.5, 2, 1, 0.8, 1.4];
    const source = segments(lengths.map((l, k) => Math.max(1, Math.round(l * factors[k]!))));
    const warp = bandedDtw(source.frames, target.frames, 20);
    target.starts.forEach((start, k) => expect(warp.first[start]).toBe(source.starts[k]));
    for (let j = 1; j < target.frames.count; j++) expect(warp.first[j]!).toBeGreaterThanOrEqual(warp.last[j - 1]!);
    expect(warp.first[0]).toBe(0);
    expect(warp.last[target.frames.count - 1]).toBe(source.frames.count - 1);
  });

  it('keeps the path inside the band around the diagonal', () => {
    const target = segments([30, 30]);
    // the boundary sits far off the diagonal (frame 10 of 60 instead of 30): a narrow band cannot reach it
    const source = segments([10, 50]);
    expect(bandedDtw(source.frames, target.frames, 60).first[30]).toBe(10);
    expect(bandedDtw(source.frames, target.frames, 5).first[30]).toBeGreaterThan(20);
  });
});

describe('unplacedRuns', () => {
  it('finds every run of words without a time, at the ends too', () => {
    const w = { start: 0, end: 1 };
    expect(unplacedRuns([null, null, w, null, w, w, null])).toEqual([
      { first: 0, end: 2 },
      { first: 3, end: 4 },
      { first: 6, end: 7 },
    ]);
    expect(unplacedRuns([w, w])).toEqual([]);
    expect(unplacedRuns([])).toEqual([]);
  });
});

describe('unplacedGaps', () => {
  it('spans each run of unplaced words from its placed neighbours (or the audio ends), skipping runs with no audio to match', () => {
    const w = (start: number, end: number) => ({ start, end });
    const times = [null, w(1, 1.5), null, null, w(4, 4.5), null, w(4.6, 5), null];
    expect(unplacedGaps(times, 8)).toEqual([
      { first: 0, end: 1, from: 0, to: 1 },
      { first: 2, end: 4, from: 1.5, to: 4 },
      // word 5 (0.1 s between 4.5 and 4.6) is left to interpolation
      { first: 7, end: 8, from: 5, to: 8 },
    ]);
  });
});

describe('synthesizeRuns', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'align-synth-test-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('finds every word of every run in espeak-ng output, words in order', async () => {
    const runs = [['a', 'cup', 'of', 'tea'], ['', '...'], ['twenty-four', 'dollars']];
    const out = await synthesizeRuns(runs, path.join(dir, 'runs'));
    expect(out.runs.map((r) => r?.map((s) => s !== null))).toEqual([[true, true, true, true], [false, false], [true, true]]);
    const spans = out.runs.flatMap((r) => r ?? []).filter((s) => s !== null);
    for (const s of spans) expect(s.end - s.start).toBeGreaterThan(0.05 * out.rate);
    for (let k = 1; k < spans.length; k++) expect(spans[k]!.start).toBeGreaterThan(spans[k - 1]!.end);
  });
});

describe('placeByDtw', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'align-dtw-test-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('places words of speech in another voice and speed between two anchors (starts within 0.25 s)', async () => {
    const text =
      'the ferry left the harbour before dawn carrying fishermen teachers and a brass band that played all the way across the bay while gulls followed the wake'.split(' ');
    // the "recording": each word spoken by a British voice at 140 words a minute, words joined with short pauses
    const spoken = await synthesizeRuns([text], path.join(dir, 'voice'), { voice: 'en-gb', wordsPerMinute: 140 });
    const spans = spoken.runs[0]!;
    const pauses = text.map((_, k) => (k % 7 === 6 ? 0.4 : 0.03));
    const parts: Int16Array[] = [];
    const truth: PlacedTime[] = [];
    const silences: { start: number; end: number }[] = [];
    let t = 0;
    spans.forEach((span, k) => {
      const word = spoken.samples.subarray(span!.start, span!.end);
      truth.push({ start: t, end: t + word.length / spoken.rate });
      parts.push(word, new Int16Array(Math.round(pauses[k]! * spoken.rate)));
      t += word.length / spoken.rate;
      if (pauses[k]! > 0.3) silences.push({ start: t, end: t + pauses[k]! });
      t += pauses[k]!;
    });
    const joined = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((at, p) => (joined.set(p, at), at + p.length), 0);
    const raw = path.join(dir, 'voice.raw');
    fs.writeFileSync(raw, joined);
    const pcm = { dir, stem: 'audio' };
    execFileSync('sox', ['-t', 'raw', '-r', String(spoken.rate), '-e', 'signed', '-b', '16', '-c', '1', raw, '-r', String(PCM_RATE), '-t', 'raw', pcmPath(pcm)]);
    // the first and last words are anchors; the 24 between them are left to DTW against en-us speech at 175 words a minute
    const times = truth.map((w, k) => (k === 0 || k === truth.length - 1 ? w : null));
    const out = await placeByDtw(pcm, text, times, { duration: t, silences });
    expect(out.placed).toEqual(text.map((_, k) => k).slice(1, -1));
    const errors = out.placed.map((k) => Math.abs(out.times[k]!.start - truth[k]!.start));
    expect(errors.filter((e) => e < 0.25).length).toBeGreaterThanOrEqual(Math.ceil(0.9 * errors.length));
    for (let k = 1; k < out.times.length; k++) expect(out.times[k]!.start).toBeGreaterThanOrEqual(out.times[k - 1]!.end - 1e-9);
  }, 30_000);
});
