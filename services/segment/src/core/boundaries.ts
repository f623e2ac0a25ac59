import { depthScores, gapSimilarities, introductionScores } from './cohesion.ts';
import { TOPIC_SHIFT, WEAK_OPENERS, opensWith } from './cues.ts';
import type { Sentence } from './sentences.ts';

/** How strongly each signal says "a new chapter starts at this sentence", each 0..1, and their blend. */
export interface BoundaryEvidence {
  pause: Float64Array;
  lexical: Float64Array;
  introduction: Float64Array;
  cue: Float64Array;
  speaker: Float64Array;
  total: Float64Array;
  /** Whether a few outstanding pauses carry the structure (then boundaries sit on them). */
  structural: boolean;
}

/** Blend when a few pauses stand far out from the rest: they mark the structure, the text only confirms it. */
const PAUSE_LED = { pause: 0.7, lexical: 0.2, introduction: 0, cue: 0.07, speaker: 0.03 };
/** Blend when pauses say little (no outstanding ones, or outstanding everywhere): the words carry it, both the dip in
 * cohesion and the new vocabulary a topic brings. */
const TEXT_LED = { pause: 0.3, lexical: 0.4, introduction: 0.1, cue: 0.15, speaker: 0.05 };

/** Pause salience from which a pause stands out (about 1.6 times the episode's long pauses). */
const OUTSTANDING = 0.7;

/** Whether the episode's outstanding pauses are few enough to be structure: at least two, at most one a minute. */
export function pausesAreStructural(pause: Float64Array, duration: number): boolean {
  const outstanding = pause.filter((p) => p >= OUTSTANDING).length;
  return outstanding >= 2 && outstanding <= Math.max(2, duration / 60);
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/**
 * Pause salience: a pause scores by how many times longer it is than the episode's long-ish pauses (its 95th
 * percentile at sentence gaps, at least 0.5 s) — doubling that scores 1.
 */
export function pauseSalience(sentences: Sentence[]): Float64Array {
  const sorted = sentences.map((s) => s.pauseBefore).sort((a, b) => a - b);
  const typical = Math.max(0.5, quantile(sorted, 0.95));
  return Float64Array.from(sentences, (s) => Math.min(1, Math.max(0, Math.log2(s.pauseBefore / typical))));
}

/** Scores scaled so the episode's top few score about 1. */
function scaledToTop(scores: Float64Array): Float64Array {
  const sorted = [...scores].sort((a, b) => a - b);
  const top = Math.max(1e-6, quantile(sorted, 0.98));
  return scores.map((d) => Math.min(1, d / top));
}

/** Lexical-cohesion depth scaled so the episode's deepest few gaps score about 1. */
export function lexicalSalience(sentences: Sentence[], blockTokens?: number): Float64Array {
  return scaledToTop(depthScores(gapSimilarities(sentences, blockTokens)));
}

/** New recurring vocabulary after the gap, scaled so the episode's strongest few introductions score about 1. */
export function introductionSalience(sentences: Sentence[]): Float64Array {
  return scaledToTop(introductionScores(sentences));
}

/** Discourse cue at the sentence start: 1 for a topic-shift phrase, 0.4 for a bare "so"/"okay"/"now". */
export function cueSalience(sentence: Sentence): number {
  if (opensWith(sentence.words, TOPIC_SHIFT, 3)) return 1;
  return WEAK_OPENERS.has(sentence.words[0] ?? '') ? 0.4 : 0;
}

/** All boundary evidence for the gap before every sentence (index 0 is the episode start). */
export function boundaryEvidence(sentences: Sentence[]): BoundaryEvidence {
  const pause = pauseSalience(sentences);
  const duration = sentences.length ? sentences[sentences.length - 1]!.end - sentences[0]!.start : 0;
  const structural = pausesAreStructural(pause, duration);
  const WEIGHTS = structural ? PAUSE_LED : TEXT_LED;
  const lexical = lexicalSalience(sentences);
  const introduction = introductionSalience(sentences);
  const cue = Float64Array.from(sentences, cueSalience);
  const speaker = Float64Array.from(sentences, (s, i) => (i > 0 && s.speaker !== sentences[i - 1]!.speaker ? 1 : 0));
  const total = Float64Array.from(
    sentences,
    (_, i) => WEIGHTS.pause * pause[i]! + WEIGHTS.lexical * lexical[i]! + WEIGHTS.introduction * introduction[i]! + WEIGHTS.cue * cue[i]! + WEIGHTS.speaker * speaker[i]!,
  );
  return { pause, lexical, introduction, cue, speaker, total, structural };
}
