import { execFile } from 'node:child_process';
import fs from 'node:fs';

/** A word's samples in the synthesized audio: [start, end). */
export interface SampleSpan {
  start: number;
  end: number;
}

/** Synthesized speech for runs of words, each word spoken alone and its samples located. */
export interface SynthesizedRuns {
  samples: Int16Array;
  rate: number;
  /** Per run: per word its span (null for a word with nothing to say), or null when the run's words could not be told apart. */
  runs: ((SampleSpan | null)[] | null)[];
}

export interface SynthesisOptions {
  /** espeak-ng voice (default en-us). */
  voice?: string;
  /** Speaking rate (espeak-ng's default 175). */
  wordsPerMinute?: number;
  signal?: AbortSignal;
}

/** Pauses put between words and between runs; espeak-ng renders them as digital silence a little shorter or longer. */
const WORD_BREAK_MS = 250;
const RUN_BREAK_MS = 1200;
/** Zero runs at least RUN_GAP_SEC long separate runs; word breaks are the longest zero runs of at least PAUSE_SEC inside a run. */
const RUN_GAP_SEC = 0.9;
const PAUSE_SEC = 0.02;

/** What espeak-ng is given for one word: letters, digits, apostrophes and hyphens (punctuation would add pauses of its own). */
export function speakable(text: string): string {
  return text.replace(/[^\p{L}\p{N}'-]+/gu, ' ').trim();
}

/** The samples of a 16-bit PCM wav file (espeak-ng's output) and its rate. */
function readWav(file: string): { samples: Int16Array; rate: number } {
  const buf = fs.readFileSync(file);
  let at = 12;
  let rate = 22050;
  while (at + 8 <= buf.length) {
    const id = buf.toString('ascii', at, at + 4);
    const size = buf.readUInt32LE(at + 4);
    if (id === 'fmt ') rate = buf.readUInt32LE(at + 12);
    if (id === 'data') {
      // espeak-ng may leave the size unset; the data then runs to the end of the file
      const end = Math.min(buf.length, at + 8 + size);
      const bytes = buf.subarray(at + 8, end - ((end - at - 8) % 2));
      return { samples: new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length)), rate };
    }
    at += 8 + size + (size % 2);
  }
  throw new Error(`no audio data in ${file}`);
}

/** Runs of digital silence (zero samples) at least `minSec` long, as [start, end) sample spans. */
function silentRuns(samples: Int16Array, rate: number, minSec: number): SampleSpan[] {
  const runs: SampleSpan[] = [];
  const min = Math.max(1, Math.round(minSec * rate));
  let start = -1;
  for (let i = 0; i <= samples.length; i++) {
    if (i < samples.length && samples[i] === 0) {
      if (start < 0) start = i;
    } else {
      if (start >= 0 && i - start >= min) runs.push({ start, end: i });
      start = -1;
    }
  }
  return runs;
}

/** The span without the zero samples at its ends. */
function trimSilence(samples: Int16Array, span: SampleSpan): SampleSpan {
  let { start, end } = span;
  while (start < end && samples[start] === 0) start++;
  while (end > start && samples[end - 1] === 0) end--;
  return { start, end };
}

/** The sounding stretches between the given silences inside [from, to). */
function between(silences: SampleSpan[], from: number, to: number): SampleSpan[] {
  const spans: SampleSpan[] = [];
  let at = from;
  for (const s of silences) {
    if (s.start > at) spans.push({ start: at, end: s.start });
    at = Math.max(at, s.end);
  }
  if (to > at) spans.push({ start: at, end: to });
  return spans;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

type Located = (SampleSpan | null)[] | null;

/** Each run's words in espeak-ng's output for a batch of runs, or null when the run breaks cannot be told apart. */
function locateRuns(samples: Int16Array, rate: number, said: string[][]): Located[] | null {
  const silences = silentRuns(samples, rate, PAUSE_SEC);
  // the runs are the sounding stretches between the long silences; a batch of one run is one stretch whatever it holds
  const runBreaks = said.length > 1 ? silences.filter((s) => s.end - s.start >= RUN_GAP_SEC * rate) : [];
  const groups = between(runBreaks, 0, samples.length)
    .map((g) => trimSilence(samples, g))
    .filter((g) => g.end > g.start);
  if (groups.length !== said.filter((words) => words.some(Boolean)).length) return null;
  let g = 0;
  return said.map((words) => {
    if (!words.some(Boolean)) return words.map(() => null);
    const group = groups[g++]!;
    // the word breaks are the longest silences inside the run: espeak-ng's own closures are shorter
    const breaks = words.filter(Boolean).length - 1;
    const inner = silences.filter((s) => s.start > group.start && s.end < group.end);
    if (inner.length < breaks) return null;
    const chosen = [...inner].sort((x, y) => y.end - y.start - (x.end - x.start)).slice(0, breaks).sort((x, y) => x.start - y.start);
    const spans = between(chosen, group.start, group.end).map((span) => trimSilence(samples, span));
    let k = 0;
    return words.map((w) => (w ? spans[k++]! : null));
  });
}

/** espeak-ng's speech for a batch of runs: a short break between words and a longer one between runs. */
async function speakBatch(said: string[][], wavPath: string, options: SynthesisOptions): Promise<{ samples: Int16Array; rate: number }> {
  const ssml = said
    .map((words) => words.filter(Boolean).map(escapeXml).join(` <break time="${WORD_BREAK_MS}ms"/> `))
    .join(` <break time="${RUN_BREAK_MS}ms"/> `);
  await new Promise<void>((resolve, reject) => {
    const args = ['-m', '-v', options.voice ?? 'en-us', '-s', String(options.wordsPerMinute ?? 175), '-w', wavPath];
    const child = execFile('espeak-ng', args, { signal: options.signal, maxBuffer: 16 << 20 }, (err) => (err ? reject(err) : resolve()));
    child.stdin?.end(`<speak> ${ssml} </speak>\n`);
  });
  try {
    return readWav(wavPath);
  } finally {
    fs.rmSync(wavPath, { force: true });
  }
}

/** Two batches' speech back to back. */
function joined(a: SynthesizedRuns, b: SynthesizedRuns): SynthesizedRuns {
  const samples = new Int16Array(a.samples.length + b.samples.length);
  samples.set(a.samples);
  samples.set(b.samples, a.samples.length);
  const shift = (run: Located) => run?.map((s) => s && { start: s.start + a.samples.length, end: s.end + a.samples.length }) ?? null;
  return { samples, rate: a.rate, runs: [...a.runs, ...b.runs.map(shift)] };
}

/**
 * Speaks runs of words with espeak-ng, each word alone: a short break between words and a longer one between runs,
 * so each word's samples are found again at the digital silences espeak-ng puts in the breaks (inside a run, the
 * longest ones: espeak-ng shortens a break now and then, but its own closures inside a word are shorter still).
 * espeak-ng now and then drops a break between runs too: a batch whose runs cannot be told apart is spoken again in
 * halves. Two processes share the runs. A run with fewer silences than word breaks is returned as null.
 */
export async function synthesizeRuns(runs: string[][], wavStem: string, options: SynthesisOptions = {}): Promise<SynthesizedRuns> {
  const said = runs.map((words) => words.map(speakable));
  let serial = 0;
  const speak = async (lo: number, hi: number): Promise<SynthesizedRuns> => {
    const batch = said.slice(lo, hi);
    const { samples, rate } = await speakBatch(batch, `${wavStem}-${serial++}.wav`, options);
    const located = locateRuns(samples, rate, batch);
    if (located) return { samples, rate, runs: located };
    if (hi - lo === 1) return { samples, rate, runs: [null] };
    const mid = (lo + hi) >> 1;
    return joined(await speak(lo, mid), await speak(mid, hi));
  };
  if (runs.length < 2) return speak(0, runs.length);
  const mid = runs.length >> 1;
  const [a, b] = await Promise.all([speak(0, mid), speak(mid, runs.length)]);
  return joined(a, b);
}
