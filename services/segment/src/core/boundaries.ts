import { depthScores, gapSimilarities, introductionScores } from './cohesion.ts';
import { ASKS, TOPIC_SHIFT, WEAK_OPENERS, announcedTopic, announcesList, endsOnMarker, opensAddressing, opensOnTimeJump, opensWith } from './cues.ts';
import { isStopword, stem } from './text.ts';
import { backgroundSurprise } from './background.ts';
import type { Sentence } from './sentences.ts';

/** How strongly each signal says "a new chapter starts at this sentence", each 0..1, and their blend. */
export interface BoundaryEvidence {
  pause: Float64Array;
  lexical: Float64Array;
  introduction: Float64Array;
  cue: Float64Array;
  speaker: Float64Array;
  /** 1 where the sentence opens by addressing the other speaker (an interviewer's new question). */
  address: Float64Array;
  /** 1 where the sentence opens on a question or request handed to the other speaker (cues.ts ASKS). */
  ask: Float64Array;
  /** 1 where the talk gets to a topic the host's preview announced ("Okay, <previewed topic>."; see announcementSalience). */
  announce: Float64Array;
  /** 1 where a narrator turns the story to its next part: a jump of months or years, or a list announced and begun (cues.ts). */
  turn: Float64Array;
  total: Float64Array;
}

/**
 * How much each signal counts. Chapter starts come from the words (the dip in cohesion, the new vocabulary a topic
 * brings, a cue phrase); pauses count less: a long one often sits inside a topic, and stretches whose word times are
 * interpolated show pauses that were never there. A sentence that opens by addressing the other speaker ("you were a
 * proponent of…", "so your life…") is where an interviewer without speaker labels starts a new question: 0.23 (lex
 * 0.467 → 0.600 on the development set; 0.22–0.25 give the same table, 0.2 and 0.27 lose one episode's boundary).
 * Getting to a topic the host's preview announced: 0.4 (short episodes 0.640 → 0.726; 0.3–0.7 give the same table,
 * 0.2–0.25 lose one boundary, and it only ever fires after a preview).
 * The host handing a question or request to the guest ("Let me ask you…", "Give us the history.", cues.ts ASKS) within
 * the sentence's first three words: 0.4 on top of its topic-shift cue (lex 0.667 → 0.733, field-guide 0.857 → 0.933;
 * 0.3–0.6 give the same table, 0.25 loses field-guide's; "first question" / "next question" are list items, not asks).
 * A narrator turning the story to its next part (cues.ts `opensOnTimeJump`, `announcesList`: "Then for almost eight
 * years nothing.", "There are three main theories, the first …") is where a story-shaped episode with no host, no
 * questions and no preview moves on: 0.5, just above the chapter cost, so the turn alone may pay for a chapter where
 * the lengths allow one (case-file 0.364 → 0.667; 0.45–1.0 give the same table, 0.4 loses the list's start; it fires
 * nowhere else on the development set).
 */
const WEIGHTS = { pause: 0.3, lexical: 0.4, introduction: 0.1, cue: 0.15, speaker: 0.05, address: 0.23, announce: 0.4, ask: 0.4, turn: 0.5 };

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
export function boundaryEvidence(sentences: Sentence[], preview: Set<number> = new Set(), ads: Set<number> = new Set()): BoundaryEvidence {
  const pause = pauseSalience(sentences);
  const lexical = lexicalSalience(sentences);
  const introduction = introductionSalience(sentences);
  const cue = Float64Array.from(sentences, cueSalience);
  const speaker = Float64Array.from(sentences, (s, i) => (i > 0 && s.speaker !== sentences[i - 1]!.speaker ? 1 : 0));
  const address = Float64Array.from(sentences, (s, i) => (i > 0 && opensAddressing(s.words) ? 1 : 0));
  const announce = announcementSalience(sentences, preview, ads);
  const ask = Float64Array.from(sentences, (s) => (opensWith(s.words, ASKS, 2) ? 1 : 0));
  const turn = Float64Array.from(sentences, (s, i) => (i > 0 && (opensOnTimeJump(s.words) || announcesList(s.words, sentences[i + 1]?.words)) ? 1 : 0));
  const total = Float64Array.from(
    sentences,
    (_, i) =>
      WEIGHTS.pause * pause[i]! +
      WEIGHTS.lexical * lexical[i]! +
      WEIGHTS.introduction * introduction[i]! +
      WEIGHTS.cue * cue[i]! +
      WEIGHTS.speaker * speaker[i]! +
      WEIGHTS.address * address[i]! +
      WEIGHTS.announce * announce[i]! +
      WEIGHTS.ask * ask[i]! +
      WEIGHTS.turn * turn[i]!,
  );
  return { pause, lexical, introduction, cue, speaker, address, announce, ask, turn, total };
}

/** Background surprise (nats) from which a previewed word is specific enough to mark its topic's return ("comets", not "broke"). */
const RETURN_SURPRISE = 11;

/** One stem stands for another: equal, or one a longer form of the other ("telescop", "telescopic"). */
const sameStem = (a: string, b: string) => a === b || (Math.min(a.length, b.length) >= 5 && (a.startsWith(b) || b.startsWith(a)));

/**
 * Where the talk gets to a topic the host's preview announced (`preview`: its sentences; `ads`: sponsor reads, which
 * neither announce nor return): 1 at a sentence that opens on a bare topic behind a discourse marker naming a previewed
 * topic ("So, tides.", "Right. Sourdough.", "Last topic. Telescopes."), or at a topic-shift cue whose sentence says a
 * specific previewed word for the first time since the preview ("Let's talk about the sky, … the comets"). A bare topic
 * the preview did not name is most often a sub-topic ("So, costs.", "Okay, knots."), and without a preview nothing is
 * announced.
 */
export function announcementSalience(sentences: Sentence[], preview: Set<number> = new Set(), ads: Set<number> = new Set()): Float64Array {
  const out = new Float64Array(sentences.length);
  if (preview.size === 0) return out;
  const previewed = [...new Set([...preview].flatMap((k) => sentences[k]!.stems))];
  // previewed words not said again since the preview
  const waiting = new Set(previewed);
  const lastPreview = Math.max(...preview);
  sentences.forEach((s, k) => {
    if (k <= lastPreview || ads.has(k)) return;
    const returning = s.words.some((w) => !isStopword(w) && waiting.has(stem(w)) && backgroundSurprise(w) >= RETURN_SURPRISE);
    for (const st of s.stems) waiting.delete(st);
    if (returning && opensWith(s.words, TOPIC_SHIFT, 3)) {
      out[k] = 1;
      return;
    }
    const before = sentences[k - 1]!;
    const found = announcedTopic(s.texts, s.words, endsOnMarker(before.texts, before.words));
    if (found?.led && found.words.some((w) => previewed.some((p) => sameStem(p, stem(w))))) out[k] = 1;
  });
  return out;
}
