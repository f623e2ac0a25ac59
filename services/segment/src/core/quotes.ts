import { LEANS_BACK, MID_SENTENCE, RELATIVE_OPENERS } from './closed-class.ts';
import type { Sentence } from './sentences.ts';
import { endsDangling, opensMidSentence, opensOnFragment, readsAsSentence } from './summary.ts';
import { vectorOf, type Vector } from './vectors.ts';

export interface QuoteSpan {
  first: number;
  last: number;
  score: number;
  /** Whether the quote stands on its own (standsAlone); such quotes come before any that does not. */
  alone: boolean;
}

const SHORTEST = 8;
const LONGEST = 45;
/** A quote is one to three sentences. */
const MAX_SENTENCES = 3;
const ENDS_SENTENCE = /[.?!]["'”’)]*$/u;
/** Whether sentence k starts a sentence as written: a capital (or digit) after a sentence end, not a mid-sentence cut. */
const opensSentence = (sentences: Sentence[], k: number) =>
  /^["'“]?[\p{Lu}\d]/u.test(sentences[k]!.text) && (k === 0 || ENDS_SENTENCE.test(sentences[k - 1]!.text));
/** Openers that point back without leaning on a sentence: discourse markers, and the possessives of "he", "she", "they". */
const POINTS_BACK: ReadonlySet<string> = new Set([...LEANS_BACK, 'so', 'well', 'his', 'their', 'its']);
/** Words that carry a sentence on when the next one opens on them ("…the cost. Which is why…", "…it failed. Because…"). */
const CARRIES_ON: ReadonlySet<string> = new Set([...MID_SENTENCE, ...RELATIVE_OPENERS, 'which', 'because', 'that', 'and', 'but', 'or', 'so']);
/** Words a quote's sentences never end on besides endsDangling's: relative "whose", prepositions and determiners that need what follows. */
const NO_END: ReadonlySet<string> = new Set(['whose', 'whom', 'into', 'onto', 'than', 'every', 'each', 'the', 'whether']);

/** Whether a sentence ends where no sentence ends: on a word that needs what follows, or on a "what's"/"there's" with nothing after it. */
function endsOpen(s: Sentence): boolean {
  const word = s.words[s.words.length - 1] ?? '';
  return endsDangling(word) || NO_END.has(word) || /^(?:what|there|here|who|where|how|he|she|it|that)['’]s\W*$/iu.test(s.texts[s.texts.length - 1] ?? '');
}

/** Conjunctions that open a subordinate clause, and the markers that may come before one ("And so when I…"). */
const SUBORDINATORS: ReadonlySet<string> = new Set(['when', 'if', 'because', 'since', 'while', 'although', 'though', 'unless', 'until', 'whereas', 'once', 'before', 'after']);
const MARKERS: ReadonlySet<string> = new Set(['and', 'but', 'or', 'so', 'then', 'well', 'um', 'uh']);

/** Whether a sentence is only a subordinate clause, its main clause in another sentence ("And so when I went in a studio."). */
function onlySubordinate(s: Sentence): boolean {
  let i = 0;
  while (i < s.words.length - 1 && MARKERS.has(s.words[i]!)) i++;
  return SUBORDINATORS.has(s.words[i] ?? '') && !s.texts.slice(i, -1).some((t) => /[,;:]$/u.test(t));
}

/**
 * Whether sentences a..b make a quote that stands on its own, with boundaries the transcript can be trusted on: no
 * sentence of it, nor the one before, ends on a word no sentence ends on ("…they'll. Tell you…" is one sentence cut in
 * two) and none after the first opens mid-sentence, the
 * first sentence neither opens mid-sentence or on a cut-off piece nor on a word that points back ("That's why…",
 * "And so…", "He…"), the first and last read as sentences and are more than a subordinate clause ("And so when I
 * went in a recording studio."), and the same speaker's
 * next sentence does not carry it on ("…the cost. Which is why…").
 */
export function standsAlone(sentences: Sentence[], a: number, b: number): boolean {
  const first = sentences[a]!;
  const last = sentences[b]!;
  const next = sentences[b + 1];
  // no sentence of the run, nor the one before it, ends where no sentence ends ("…they'll. Tell you…")
  for (let k = Math.max(0, a - 1); k <= b; k++) if (endsOpen(sentences[k]!)) return false;
  for (let k = a + 1; k <= b; k++) if (opensMidSentence(sentences[k]!.words)) return false;
  if (POINTS_BACK.has(first.words[0] ?? '') || opensMidSentence(first.words) || opensOnFragment(first.texts, first.words)) return false;
  if (!readsAsSentence(first.texts, first.words) || !readsAsSentence(last.texts, last.words)) return false;
  if (onlySubordinate(first) || onlySubordinate(last)) return false;
  return !(next && next.speaker === last.speaker && (CARRIES_ON.has(next.words[0] ?? '') || opensMidSentence(next.words) || /^\p{Ll}/u.test(next.text)));
}

/** Phrases that make a line quotable: a stance, a lesson, a strong claim. */
const QUOTABLE = [
  'i think', 'i believe', 'the key', 'the most important', 'the best', 'the biggest', 'the secret', 'my advice', 'the lesson',
  'you have to', 'you need to', 'never', 'always', 'the truth is', 'what i learned', 'i learned', 'the problem is', 'the reason',
  'if you want', 'the thing is', 'the point is', 'i realized', 'matters', 'honestly',
].map((p) => p.split(' '));

function hasPhrase(words: string[], phrase: string[]): boolean {
  outer: for (let i = 0; i + phrase.length <= words.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (words[i + j] !== phrase[j]) continue outer;
    return true;
  }
  return false;
}

/**
 * Soundbites: 8–45 s runs of one to three whole sentences by one speaker inside the given sentences, scored by how central they
 * are to the episode, how much of its key vocabulary they carry and how quotable they sound; best non-overlapping first.
 */
export function findQuotes(
  sentences: Sentence[],
  allowed: (k: number) => boolean,
  episode: Vector,
  idf: Map<string, number>,
  keyStems: Set<string>,
  limit: number,
): QuoteSpan[] {
  const punctuated = sentences.some((s) => /[.?!]$/.test(s.text));
  let episodeNorm = 0;
  for (const x of episode.values()) episodeNorm += x * x;
  episodeNorm = Math.sqrt(episodeNorm) || 1;
  // per-sentence parts of the run score, so each run is scored in O(1) from running sums
  const features = sentences.map((s) => {
    const v = vectorOf([s], idf);
    let dot = 0;
    let norm2 = 0;
    for (const [k, x] of v) {
      norm2 += x * x;
      dot += x * (episode.get(k) ?? 0);
    }
    return {
      dot,
      norm2,
      stems: s.stems.length,
      key: s.stems.filter((st) => keyStems.has(st)).length,
      quotable: QUOTABLE.filter((p) => hasPhrase(s.words, p)).length,
      question: /\?["'”’)]*$/u.test(s.text) ? 1 : 0,
    };
  });
  const candidates: QuoteSpan[] = [];
  for (let a = 0; a < sentences.length; a++) {
    if (!allowed(a) || (punctuated && !opensSentence(sentences, a))) continue;
    let dot = 0;
    let norm2 = 0;
    let stems = 0;
    let key = 0;
    let quotable = 0;
    let questions = 0;
    for (let b = a; b < sentences.length && b - a < MAX_SENTENCES && allowed(b) && sentences[b]!.speaker === sentences[a]!.speaker; b++) {
      const f = features[b]!;
      dot += f.dot;
      norm2 += f.norm2;
      stems += f.stems;
      key += f.key;
      quotable += f.quotable;
      questions += f.question;
      const length = sentences[b]!.end - sentences[a]!.start;
      if (length > LONGEST) break;
      if (length < SHORTEST || (punctuated && !ENDS_SENTENCE.test(sentences[b]!.text))) continue;
      const central = norm2 > 0 ? dot / (Math.sqrt(norm2) * episodeNorm) : 0;
      const density = stems ? key / stems : 0;
      let score = 0.45 * central + 0.3 * Math.min(1, density * 4) + 0.25 * Math.min(1, quotable / 2) - (0.3 * questions) / (b - a + 1);
      if (/\?["'”’)]*$/u.test(sentences[b]!.text)) score -= 0.1;
      candidates.push({ first: a, last: b, score, alone: standsAlone(sentences, a, b) });
    }
  }
  candidates.sort((x, y) => Number(y.alone) - Number(x.alone) || y.score - x.score);
  const chosen: QuoteSpan[] = [];
  for (const c of candidates) {
    if (chosen.length >= limit) break;
    if (chosen.some((q) => c.first <= q.last && q.first <= c.last)) continue;
    chosen.push(c);
  }
  return chosen;
}
