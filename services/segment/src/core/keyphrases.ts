import { backgroundSurprise, spokenRank } from './background.ts';
import type { Sentence } from './sentences.ts';
import { isStopword, normalizeWord, stem } from './text.ts';

/** A candidate phrase: a run of 1–3 content words inside a sentence, keyed by its stems. */
export interface Phrase {
  key: string;
  stems: string[];
  /** Lowercase words of the most frequent surface form. */
  words: string[];
  /**
   * The surface form as written in the transcript: the most frequent one that writes an acronym or an inner capital
   * where the transcript does anywhere ("AI" over "ai", "DeepSeek" over "deepseek"), else the most frequent one
   * ("Shopify").
   */
  surface: string;
  count: number;
  /** Sentence indices it occurs in. */
  sentences: number[];
}

const MAX_WORDS = 3;
/** Past this, rarer is not more topical: unseen names and typos would otherwise crowd out the subject matter. */
const RARITY_CAP = 8;
/** Everyday words this common (SUBTLEX rank) say nothing about a topic. */
const COMMON_RANK = 400;

const isCandidateWord = (w: string) => !isStopword(w) && /^\p{L}[\p{L}\p{N}'-]*$/u.test(w) && w.length >= 2 && spokenRank(w) > COMMON_RANK;

interface Occurrence {
  key: string;
  stems: string[];
  surface: string;
  /** Whether the surface writes an acronym or an inner capital ("AI", "MOOCs", "DeepSeek"). */
  cased: boolean;
}


const occurrencesCache = new WeakMap<Sentence, Occurrence[]>();

/** Every candidate phrase occurrence in one sentence; a phrase never crosses punctuation or a stopword. Cached per sentence. */
function occurrences(s: Sentence): Occurrence[] {
  const cached = occurrencesCache.get(s);
  if (cached) return cached;
  const found: Occurrence[] = [];
  const raw = s.texts;
  let run: { stem: string; raw: string; cased: boolean }[] = [];
  const flush = () => {
    for (let i = 0; i < run.length; i++) {
      let key = '';
      let surface = '';
      let cased = false;
      const stems: string[] = [];
      for (let n = 0; n < MAX_WORDS && i + n < run.length; n++) {
        const part = run[i + n]!;
        key = n === 0 ? part.stem : `${key} ${part.stem}`;
        surface = n === 0 ? part.raw : `${surface} ${part.raw}`;
        cased ||= part.cased;
        stems.push(part.stem);
        found.push({ key, stems: [...stems], surface, cased });
      }
    }
    run = [];
  };
  s.words.forEach((w, i) => {
    const original = raw[i] ?? w;
    if (isCandidateWord(w)) {
      const form = original.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
      run.push({ stem: stem(w), raw: form, cased: /\p{Lu}.*\p{Lu}|\p{Ll}\p{Lu}/u.test(form) });
      if (/[,;:.?!)"]$/.test(original)) flush();
    } else flush();
  });
  flush();
  occurrencesCache.set(s, found);
  return found;
}

/** Counts every candidate phrase (a run of 1–3 content words) in the given sentences. */
export function collectPhrases(sentences: Sentence[], indices: Iterable<number>): Map<string, Phrase> {
  const phrases = new Map<string, Phrase>();
  const surfaces = new Map<string, Map<string, number>>();
  const casedForms = new Set<string>();
  for (const si of indices) {
    for (const o of occurrences(sentences[si]!)) {
      let p = phrases.get(o.key);
      if (!p) phrases.set(o.key, (p = { key: o.key, stems: o.stems, words: [], surface: '', count: 0, sentences: [] }));
      p.count++;
      if (p.sentences[p.sentences.length - 1] !== si) p.sentences.push(si);
      let forms = surfaces.get(o.key);
      if (!forms) surfaces.set(o.key, (forms = new Map<string, number>()));
      forms.set(o.surface, (forms.get(o.surface) ?? 0) + 1);
      if (o.cased) casedForms.add(o.surface);
    }
  }
  for (const [key, forms] of surfaces) {
    const p = phrases.get(key)!;
    let best = '';
    let most = 0;
    const anyCased = [...forms.keys()].some((f) => casedForms.has(f));
    for (const [form, n] of forms) if (n > most && (!anyCased || casedForms.has(form))) [best, most] = [form, n];
    p.surface = best;
    p.words = best.split(' ').map(normalizeWord);
  }
  return phrases;
}

/**
 * How unlikely the phrase is in everyday speech beyond a common word: the summed surprise of its words, less a
 * threshold that grows with length (words of a phrase are not independent), 0 for everyday wording.
 */
export function rarity(p: Phrase, cap = RARITY_CAP): number {
  const s = p.words.reduce((sum, w) => sum + backgroundSurprise(w), 0);
  return Math.min(cap, Math.max(0, s - 8 - 5 * (p.words.length - 1)));
}

/** How much more often the words occur together than apart: count(phrase) / count(rarest word alone). */
function cohesion(p: Phrase, all: Map<string, Phrase>): number {
  if (p.stems.length === 1) return 1;
  const parts = p.stems.map((s) => all.get(s)?.count ?? p.count);
  return p.count / Math.min(...parts);
}

/** Whether a phrase holds a past-tense verb after its first word ("learning helped writers"): a clause, not a name for a topic. */
export const readsAsClause = (p: Phrase) => p.words.some((w, i) => i > 0 && w.length > 4 && w.endsWith('ed'));

export interface RankedPhrase {
  phrase: Phrase;
  score: number;
}

/**
 * Ranks phrases by salience against everyday speech: frequency (damped) × rarity × a bonus for multi-word phrases
 * that hold together; keeps one phrase per topic (no phrase inside a better one) and drops excluded words (names)
 * and phrases `keep` refuses.
 */
export function rankPhrases(
  phrases: Map<string, Phrase>,
  options: { limit: number; minCount: number; exclude: Set<string>; weight?: (p: Phrase) => number; rarityCap?: number; keep?: (p: Phrase) => boolean },
): RankedPhrase[] {
  // uses of a phrase inside a longer recurring phrase count for the longer one ("learning" in "machine learning")
  const inLonger = new Map<string, number>();
  for (const p of phrases.values()) {
    if (p.stems.length < 2 || p.count < 2) continue;
    for (const part of [p.stems.slice(1).join(' '), p.stems.slice(0, -1).join(' ')]) inLonger.set(part, (inLonger.get(part) ?? 0) + p.count);
  }
  const scored: RankedPhrase[] = [];
  for (const p of phrases.values()) {
    if (p.count < options.minCount || (p.stems.length > 1 && p.count < 2)) continue;
    if (p.words.some((w) => options.exclude.has(w))) continue;
    if (readsAsClause(p)) continue;
    if (options.keep && !options.keep(p)) continue;
    const c = cohesion(p, phrases);
    if (p.stems.length > 1 && c < 0.3) continue;
    const r = rarity(p, options.rarityCap);
    if (r <= 0) continue;
    const own = Math.max(0.25 * p.count, p.count - (inLonger.get(p.key) ?? 0));
    const score = Math.pow(own, 0.7) * r * Math.min(1, 2 * c) * (options.weight ? options.weight(p) : 1);
    scored.push({ phrase: p, score });
  }
  scored.sort((a, b) => b.score - a.score);
  const chosen: RankedPhrase[] = [];
  const inside = (small: string[], big: string[]) => ` ${big.join(' ')} `.includes(` ${small.join(' ')} `);
  for (const candidate of scored) {
    if (chosen.length >= options.limit) break;
    const clash = chosen.findIndex((c) => inside(candidate.phrase.stems, c.phrase.stems) || inside(c.phrase.stems, candidate.phrase.stems));
    if (clash < 0) chosen.push(candidate);
    else {
      // a longer phrase that carries a good share of a shorter one's uses names the topic better
      const held = chosen[clash]!;
      const longer = candidate.phrase.stems.length > held.phrase.stems.length;
      if (longer && candidate.phrase.count >= 0.4 * held.phrase.count) chosen[clash] = candidate;
    }
  }
  return chosen;
}
