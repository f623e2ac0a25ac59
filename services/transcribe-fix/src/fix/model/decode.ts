/**
 * Decoding of gap labels. The model scores every gap once (log-probabilities of none / comma / end);
 * acoustic cues (pauses, speaker changes) shift those scores; then a dynamic program picks the sentence
 * ends that maximize the summed end evidence plus a sentence-length prior — so two weak ends a word apart
 * collapse into the better one, and run-on sentences get split where the evidence is strongest.
 */
import { MAX_FEATURES, NUM_LABELS, gapFeatures, type Label, type Prepared } from './features.ts';
import { score, type WeightTable } from './weights.ts';

/** What the audio (or an earlier pass) says about one gap: added to the model's log-odds. */
export interface GapCue {
  /** Must be a sentence end (e.g. the speaker changes). */
  forceEnd?: boolean;
  /** Added to the sentence-end log-odds (pause evidence, spoken openers); may be negative. */
  endBonus?: number;
  /** Added to the comma log-odds. */
  commaBonus?: number;
}

/** Offsets that move the precision/recall balance of the learned model, and the sentence-length prior. */
export interface DecodeBias {
  comma: number;
  end: number;
  /** Added to the question-vs-period log-odds of a sentence end. */
  question: number;
  /** Sentence length (words) beyond which each further word costs `perWord`. */
  longAfter: number;
  perWord: number;
  /** Cost of a sentence shorter than `shortUnder` words, per missing word. */
  shortUnder: number;
  perShortWord: number;
  /** Added to the end log-odds before a word that typically opens a spoken sentence (see punctuate.ts). */
  opener: number;
  /** Added to the comma log-odds before a preposition (see punctuate.ts). */
  beforePreposition: number;
}

export const DEFAULT_BIAS: DecodeBias = { comma: 0, end: 0, question: 0, longAfter: 40, perWord: 0.2, shortUnder: 1, perShortWord: 0, opener: 0, beforePreposition: 0 };

/** Hard cap on sentence length: nobody publishes a 120-word sentence. */
const MAX_SENTENCE = 80;

/** Label log-probabilities of every gap, as [none, comma, period, question] per gap. */
export function gapLogProbs(words: Prepared, table: WeightTable): Float64Array {
  const out = new Float64Array(words.length * NUM_LABELS);
  const feats = new Uint32Array(MAX_FEATURES);
  const s = new Float64Array(NUM_LABELS);
  for (let i = 0; i < words.length; i++) {
    s.fill(0);
    score(table, feats, gapFeatures(words, i, feats), s);
    let m = -Infinity;
    for (let k = 0; k < NUM_LABELS; k++) m = Math.max(m, s[k]!);
    let z = 0;
    for (let k = 0; k < NUM_LABELS; k++) z += Math.exp(s[k]! - m);
    const lz = m + Math.log(z);
    for (let k = 0; k < NUM_LABELS; k++) out[i * NUM_LABELS + k] = s[k]! - lz;
  }
  return out;
}

function logAdd(a: number, b: number): number {
  const m = Math.max(a, b);
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

function lengthCost(len: number, bias: DecodeBias): number {
  return bias.perWord * Math.max(0, len - bias.longAfter) + bias.perShortWord * Math.max(0, bias.shortUnder - len);
}

/** Chooses a label for the gap after every word; the last word always ends a sentence. */
export function decodeGaps(
  words: Prepared,
  table: WeightTable,
  cues: ReadonlyArray<GapCue | undefined> = [],
  bias: DecodeBias = DEFAULT_BIAS,
): Label[] {
  const n = words.length;
  if (n === 0) return [];
  const lp = gapLogProbs(words, table);
  // End evidence per gap: log-odds of "sentence ends here" against "it goes on".
  const endOdds = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * NUM_LABELS;
    endOdds[i] = logAdd(lp[o + 2]!, lp[o + 3]!) - logAdd(lp[o]!, lp[o + 1]!) + bias.end + (cues[i]?.endBonus ?? 0);
  }
  // best[j]: best score of words [0, j) split into whole sentences; from[j]: where the last one starts.
  const best = new Float64Array(n + 1).fill(-Infinity);
  const from = new Int32Array(n + 1);
  best[0] = 0;
  let earliest = 0; // a sentence may not run across a forced end
  for (let j = 1; j <= n; j++) {
    const gain = j === n ? 0 : endOdds[j - 1]!;
    for (let start = Math.max(earliest, j - MAX_SENTENCE); start < j; start++) {
      const v = best[start]! + gain - lengthCost(j - start, bias);
      if (v > best[j]!) { best[j] = v; from[j] = start; }
    }
    if (best[j] === -Infinity) { best[j] = best[j - 1]! + gain; from[j] = j - 1; }
    if (cues[j - 1]?.forceEnd) earliest = j;
  }
  const labels: Label[] = new Array<Label>(n);
  for (let i = 0; i < n; i++) {
    const o = i * NUM_LABELS;
    labels[i] = lp[o + 1]! + bias.comma + (cues[i]?.commaBonus ?? 0) > lp[o]! ? ',' : '';
  }
  for (let j = n; j > 0; j = from[j]!) {
    const o = (j - 1) * NUM_LABELS;
    labels[j - 1] = lp[o + 3]! + bias.question > lp[o + 2]! ? '?' : '.';
  }
  return labels;
}
