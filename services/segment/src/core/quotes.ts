import { LEANS_BACK } from './closed-class.ts';
import type { Sentence } from './sentences.ts';
import { vectorOf, type Vector } from './vectors.ts';

export interface QuoteSpan {
  first: number;
  last: number;
  score: number;
}

const SHORTEST = 8;
const LONGEST = 45;
/** A quote is one to three sentences. */
const MAX_SENTENCES = 3;
const ENDS_SENTENCE = /[.?!]["'”’)]*$/u;
/** Whether sentence k starts a sentence as written: a capital (or digit) after a sentence end, not a mid-sentence cut. */
const opensSentence = (sentences: Sentence[], k: number) =>
  /^["'“]?[\p{Lu}\d]/u.test(sentences[k]!.text) && (k === 0 || ENDS_SENTENCE.test(sentences[k - 1]!.text));
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
    const opener = sentences[a]!.words[0] ?? '';
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
      if (LEANS_BACK.has(opener)) score -= 0.15;
      if (/\?["'”’)]*$/u.test(sentences[b]!.text)) score -= 0.1;
      candidates.push({ first: a, last: b, score });
    }
  }
  candidates.sort((x, y) => y.score - x.score);
  const chosen: QuoteSpan[] = [];
  for (const c of candidates) {
    if (chosen.length >= limit) break;
    if (chosen.some((q) => c.first <= q.last && q.first <= c.last)) continue;
    chosen.push(c);
  }
  return chosen;
}
