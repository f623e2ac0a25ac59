import type { Token } from './token.ts';
import { DEFAULT_BIAS, decodeGaps, type DecodeBias, type GapCue } from './model/decode.ts';
import { modelWord, prepare } from './model/features.ts';
import { wordClusters } from './model/clusters.ts';
import { collocationGaps } from './model/collocations.ts';
import { boundaryLogOdds, englishTrigramLm } from './model/boundary-lm.ts';
import { opensLikeQuestion } from './model/questions.ts';
import { shippedWeights } from './model/weights.ts';

/**
 * What a pause between two words says about the gap, as log-odds added per second of silence beyond a point:
 * `weight × (min(pause, cap) − at)` to the sentence end and to the comma evidence; a gap shorter than `at` counts
 * against the mark. On the development samples' forced-aligned times words inside a phrase are 0.01 s apart, a
 * comma's pause is 0.15–0.3 s and a sentence end's 0.3 s and more, so the pause decides where the words alone
 * cannot tell an end from a comma. Chosen on all of them at once (`bench/fix/bias-sweep.ts --aligned 'pause.endAt=…'`).
 */
export const PAUSE_EVIDENCE = { endAt: 0.27, endWeight: 80, endCap: 2, commaAt: 0.1, commaWeight: 20, commaCap: 0.5 };

/**
 * Log-odds offsets tuned on the development episodes together: the model learned from written prose,
 * whose sentences run longer than speech, so spoken text needs both ends and commas favoured.
 */
export const SPOKEN_BIAS: DecodeBias = { ...DEFAULT_BIAS, comma: 1.5, end: 1, shortUnder: 3, perShortWord: 1, opener: 3, beforePreposition: -2 };

/**
 * How the generic trigram model's break evidence (model/boundary-lm.ts) joins the punctuation model's: its
 * log-likelihood ratio, less `offset`, times `weight`, is added to the end log-odds of every gap; less
 * `commaOffset`, times `comma`, to its comma log-odds (a break in the flow of words is where a comma goes too).
 * Chosen on all development samples at once (bench/fix/bias-sweep.ts): the ratio is a real log-likelihood, so a
 * weight above 1 says it is worth more than the punctuation model's own end evidence on spoken text. Where measured
 * pauses speak too (PAUSE_EVIDENCE), the end share is `weightWithPauses` (chosen the same way with `--aligned`).
 */
export const LM_BOUNDARY = { weight: 2, weightWithPauses: 1, offset: -1, comma: 0.2, commaOffset: -2.5 };

function hasTimes(tokens: readonly Token[]): boolean {
  return tokens.some((t) => t.end > 0);
}

/**
 * Words that open a new sentence in conversation far more often than in the written text the model learned
 * from ("okay, let's…", "so the thing is…"); a sentence end before them gets bias.opener — unless the next
 * word shows the usual other use ("so much", "so that").
 */
const SPOKEN_OPENERS = new Set(['okay', 'ok', 'yeah', 'yes', 'so', 'anyway', 'alright', 'oh', 'hi', 'hello']);
const NOT_OPENING_BEFORE = new Set(['much', 'many', 'far', 'long', 'that', 'good', 'bad', 'great', 'well', 'big', 'little', 'few', 'hard', 'easy', 'fast', 'quickly', 'important', 'sorry', 'happy', 'excited', 'cool', 'to', 'on', 'forth', 'sure']);

/**
 * Prepositions: the written prose the model learned from sets off prepositional phrases with commas far more
 * than a transcript editor does ("herders, for at least…"); a comma before one gets bias.beforePreposition.
 */
const PREPOSITIONS = new Set(['for', 'at', 'by', 'under', 'of', 'to', 'from', 'into', 'onto', 'in', 'on', 'as']);

function opensSpokenSentence(word: string, next: string | undefined): boolean {
  return SPOKEN_OPENERS.has(word) && !(next !== undefined && NOT_OPENING_BEFORE.has(next));
}

/** Evidence for the gap after each token beyond the words themselves: speaker changes, pauses, spoken openers. */
export function gapCues(tokens: readonly Token[], bias: DecodeBias = SPOKEN_BIAS, pauses = true): Array<GapCue | undefined> {
  const timed = pauses && hasTimes(tokens);
  return tokens.map((t, i) => {
    const next = tokens[i + 1];
    if (!next) return undefined;
    if (t.speaker !== undefined && next.speaker !== undefined && t.speaker !== next.speaker) return { forceEnd: true };
    if (t.punct === '.' || t.punct === '?' || t.punct === '!') return { forceEnd: true };
    const cue: GapCue = {};
    const nextWord = next.text.toLowerCase();
    if (opensSpokenSentence(nextWord, tokens[i + 2]?.text.toLowerCase())) cue.endBonus = bias.opener;
    if (PREPOSITIONS.has(nextWord) && bias.beforePreposition) cue.commaBonus = bias.beforePreposition;
    if (!timed) return cue;
    const pause = Math.max(0, next.start - t.end);
    const p = PAUSE_EVIDENCE;
    cue.endBonus = (cue.endBonus ?? 0) + p.endWeight * (Math.min(pause, p.endCap) - p.endAt);
    cue.commaBonus = (cue.commaBonus ?? 0) + p.commaWeight * (Math.min(pause, p.commaCap) - p.commaAt);
    return cue;
  });
}

/** Turns the end of every sentence that opens like a question into '?'. */
function markQuestions(tokens: Token[]): Token[] {
  let start = 0;
  return tokens.map((t, i) => {
    if (t.punct !== '.') {
      if (t.punct === '?' || t.punct === '!') start = i + 1;
      return t;
    }
    const opening = tokens.slice(start, Math.min(i + 1, start + 6)).map((w) => w.text.toLowerCase());
    start = i + 1;
    return opensLikeQuestion(opening) ? { ...t, punct: '?' } : t;
  });
}

/**
 * Sets sentence ends ('.', '?') and commas on a raw token stream, using pauses, speaker changes and a learned model.
 * `pauses: false` ignores the gaps between word times (times aligned or estimated rather than measured).
 */
export function punctuate(tokens: Token[], bias: DecodeBias = SPOKEN_BIAS, opts: { pauses?: boolean } = {}): Token[] {
  if (tokens.length === 0) return [];
  const words = prepare(tokens.map((t) => modelWord(t.text)), wordClusters());
  const timed = (opts.pauses ?? true) && hasTimes(tokens);
  const cues = gapCues(tokens, bias, timed);
  const weight = timed ? LM_BOUNDARY.weightWithPauses : LM_BOUNDARY.weight;
  const lm = weight ? englishTrigramLm() : undefined;
  if (lm) {
    const odds = boundaryLogOdds(lm, tokens.map((t) => t.text.toLowerCase()));
    cues.forEach((cue, i) => {
      if (!cue || cue.forceEnd) return;
      cue.endBonus = (cue.endBonus ?? 0) + weight * (odds[i]! - LM_BOUNDARY.offset);
      cue.commaBonus = (cue.commaBonus ?? 0) + LM_BOUNDARY.comma * (odds[i]! - LM_BOUNDARY.commaOffset);
    });
  }
  const labels = decodeGaps(words, shippedWeights(), cues, bias);
  // No comma inside a pair the episode uses as one unit ("machine, learning").
  for (const i of collocationGaps(tokens.map((t) => t.text.toLowerCase()))) if (labels[i] === ',') labels[i] = '';
  return markQuestions(tokens.map((t, i) => ({ ...t, punct: t.punct || (labels[i] ?? '') })));
}
