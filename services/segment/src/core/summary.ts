import { backgroundSurprise } from './background.ts';
import type { Sentence } from './sentences.ts';
import { isStopword, normalizeWord, stem } from './text.ts';
import { cosine, vectorOf, type Vector } from './vectors.ts';

const SHORTEST_WORDS = 8;
const LONGEST_WORDS = 45;

/** Text of a sentence ready to publish: capitalized first letter, closing full stop when it has none. */
export function asPublished(text: string): string {
  const t = text.trim();
  const capital = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.?!…]["'”’)]*$/u.test(capital) ? capital : `${capital}.`;
}

const ENDS_SENTENCE = /[.?!…]["'”’)]*$/u;

/** Whether sentence k is a whole sentence as written: opens with a capital after a sentence end and ends one. */
export function isWhole(sentences: Sentence[], k: number): boolean {
  const s = sentences[k]!;
  return /^["'“]?[\p{Lu}\d]/u.test(s.text) && ENDS_SENTENCE.test(s.text) && (k === 0 || ENDS_SENTENCE.test(sentences[k - 1]!.text));
}

/**
 * Picks `count` representative sentences in time order: central to the centroid of the candidates, a little
 * favoured early on, and not repeating each other (maximal marginal relevance).
 */
export function pickSentences(sentences: Sentence[], candidates: number[], idf: Map<string, number>, count: number, bonus: (k: number) => number = () => 0): number[] {
  const usable = candidates.filter((k) => {
    const n = sentences[k]!.words.length;
    return n >= SHORTEST_WORDS && n <= LONGEST_WORDS && isWhole(sentences, k);
  });
  const pool = usable.length ? usable : candidates;
  if (pool.length === 0) return [];
  const centroid = vectorOf(pool.map((k) => sentences[k]!), idf);
  const vectors = new Map<number, Vector>(pool.map((k) => [k, vectorOf([sentences[k]!], idf)]));
  const first = pool[0]!;
  const span = Math.max(1, pool[pool.length - 1]! - first);
  const relevance = new Map<number, number>(
    pool.map((k) => [k, cosine(vectors.get(k)!, centroid) * (1.15 - (0.3 * (k - first)) / span) + bonus(k)]),
  );
  const chosen: number[] = [];
  while (chosen.length < count && chosen.length < pool.length) {
    let best = -1;
    let bestScore = -Infinity;
    for (const k of pool) {
      if (chosen.includes(k)) continue;
      const redundancy = chosen.reduce((m, c) => Math.max(m, cosine(vectors.get(k)!, vectors.get(c)!)), 0);
      const score = 0.7 * relevance.get(k)! - 0.3 * redundancy;
      if (score > bestScore) {
        bestScore = score;
        best = k;
      }
    }
    if (best < 0) break;
    chosen.push(best);
  }
  return chosen.sort((a, b) => a - b);
}

/** A summary made of picked sentences. */
export function summarize(sentences: Sentence[], candidates: number[], idf: Map<string, number>, count: number): string {
  return pickSentences(sentences, candidates, idf, count)
    .map((k) => asPublished(sentences[k]!.text))
    .join(' ');
}

/** A list as prose: "A", "A and B", "A, B and C". */
const listOf = (names: string[]) => (names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`);

/** Who the episode is with and what it is about, from its metadata: "Ann talks with Bo on Show about X, Y and Z." or null. */
export function peopleLine(meta: { show?: string | undefined; hosts: string[]; guests: string[] }, topics: string[] = []): string | null {
  const on = meta.show ? ` on ${meta.show}` : '';
  const about = topics.length ? ` about ${listOf(topics)}` : '';
  if (meta.hosts.length && meta.guests.length) return `${listOf(meta.hosts)} ${meta.hosts.length > 1 ? 'talk' : 'talks'} with ${listOf(meta.guests)}${on}${about}.`;
  if (meta.hosts.length) return `${listOf(meta.hosts)} ${meta.hosts.length > 1 ? 'talk' : 'talks'}${on}${about || ' in this episode'}.`;
  if (meta.guests.length) return `With ${listOf(meta.guests)}${on}${about}.`;
  return topics.length ? `This episode is about ${listOf(topics)}.` : null;
}

/** A word that tells a reader what an episode covers: a name, a number, or a term rare in everyday speech (0–1). */
export function termWeight(text: string, word: string, position: number): number {
  if (/\p{N}/u.test(text)) return 1;
  if (position > 0 && /^["'“(]?\p{Lu}/u.test(text) && !/^I('|$)/u.test(text)) return 1;
  return Math.min(1, Math.max(0, (backgroundSurprise(word) - RARE_FROM) / RARE_SPAN));
}

/** Background surprise (nats) where a word starts to name a topic, and how much more makes it fully topical. */
const RARE_FROM = 9;
const RARE_SPAN = 5;

/** The informative stems of a sentence with their weights (the highest weight a stem's uses get). */
function termsOf(texts: string[], words: string[]): Map<string, number> {
  const terms = new Map<string, number>();
  words.forEach((w, i) => {
    if (isStopword(w)) return;
    const weight = termWeight(texts[i]!, w, i);
    if (weight <= 0) return;
    const st = stem(w);
    terms.set(st, Math.max(terms.get(st) ?? 0, weight));
  });
  return terms;
}

/** Mentions that make a name one the episode comes back to, and how many such names the summary lists at most. */
const NAME_MENTIONS = 2;
const MENTIONED_NAMES = 6;

/**
 * "It also mentions A, B and C.": the most mentioned `names` (people, places, firms, products of the episode's talk)
 * that the summary's `text` does not hold yet, or null. A reader scanning for what the episode covers looks for them.
 */
export function mentionsLine(names: { name: string; count: number }[], text: string): string | null {
  const said = new Set(text.toLowerCase().split(/[^\p{L}\p{N}]+/u));
  const fresh = names
    .filter((n) => n.count >= NAME_MENTIONS && !n.name.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean).every((w) => said.has(w)))
    .sort((a, b) => b.count - a.count)
    .slice(0, MENTIONED_NAMES)
    .map((n) => n.name);
  return fresh.length ? `It also mentions ${listOf(fresh)}.` : null;
}

/** Mentions in the episode that make a term one of its threads. */
const TOPICAL_MENTIONS = 3;

/** Seconds of content per summary sentence, shared out over the content chapters by their length; bounds on the total. */
const SECONDS_PER_SENTENCE = 75;
const FEWEST_SENTENCES = 3;
const MOST_SENTENCES = 10;

/**
 * Sentences of one chapter for the episode summary: whole, and each the best mix of being central to the chapter
 * and naming what the summary does not name yet (names, numbers, rare terms), less its overlap with those chosen.
 * `covered` holds the stems the summary already names and grows with every pick; a term counts in full once the
 * episode mentions it TOPICAL_MENTIONS times (a name said once is a detail, not a thread).
 */
function pickCovering(sentences: Sentence[], candidates: number[], idf: Map<string, number>, count: number, covered: Set<string>, mentions: Map<string, number>): number[] {
  const pool = candidates.filter((k) => {
    const n = sentences[k]!.words.length;
    const { words, text } = sentences[k]!;
    const list = !words.some((w) => CLAUSE_WORDS.has(w)) && (text.match(/,/g)?.length ?? 0) >= 2;
    return n >= SHORTEST_WORDS && n <= LONGEST_WORDS && isWhole(sentences, k) && !LEANS_BACK.has(words[0]!) && !list;
  });
  if (pool.length === 0) return [];
  const centroid = vectorOf(pool.map((k) => sentences[k]!), idf);
  const vectors = new Map<number, Vector>(pool.map((k) => [k, vectorOf([sentences[k]!], idf)]));
  const central = new Map(pool.map((k) => [k, cosine(vectors.get(k)!, centroid)]));
  const mostCentral = Math.max(...central.values()) || 1;
  const terms = new Map(pool.map((k) => [k, termsOf(sentences[k]!.texts, sentences[k]!.words)]));
  const chosen: number[] = [];
  while (chosen.length < count) {
    const gain = new Map(pool.map((k) => {
      let g = 0;
      for (const [st, w] of terms.get(k)!) if (!covered.has(st)) g += w * Math.min(1, (mentions.get(st) ?? 0) / TOPICAL_MENTIONS);
      return [k, g / Math.sqrt(sentences[k]!.words.length)];
    }));
    const mostGain = Math.max(...gain.values());
    if (mostGain <= 0) break;
    let best = -1;
    let bestScore = -Infinity;
    for (const k of pool) {
      if (chosen.includes(k)) continue;
      const redundancy = chosen.reduce((m, c) => Math.max(m, cosine(vectors.get(k)!, vectors.get(c)!)), 0);
      const score = 0.2 * (central.get(k)! / mostCentral) + 0.8 * (gain.get(k)! / mostGain) - 0.3 * redundancy;
      if (score > bestScore) [best, bestScore] = [k, score];
    }
    if (best < 0) break;
    chosen.push(best);
    for (const st of terms.get(best)!.keys()) covered.add(st);
  }
  return chosen;
}

/** Pronouns and auxiliaries: a sentence of comma-separated parts with none of them is a list, not a clause. */
const CLAUSE_WORDS = new Set(['i', 'you', 'we', 'he', 'she', 'they', 'it', 'is', 'are', 'was', 'were', 'be', 'been', 'has', 'have', 'had', 'do', 'does', 'did', 'will', 'would', 'can', 'could', 'should', 'must', 'may', 'might', "it's", "that's", "there's", "i'm", "we're", "you're", "they're", "he's", "she's", "we've", "i've", "they've", "you've"]);

/** Words that make a sentence lean on the one before it when they open it. */
const LEANS_BACK = new Set(['and', 'but', 'or', 'because', 'which', 'that', 'it', 'this', 'they', 'he', 'she', 'them', 'those', 'these', 'also', 'then', 'yeah', 'yes', 'no', 'right', 'exactly', 'um', 'uh', 'mm', 'oh']);

/**
 * The episode summary: who is on it and the topics its title lists (from the metadata), then, in time order, whole
 * sentences from the introduction and every content chapter (one per SECONDS_PER_SENTENCE of it), each picked for
 * being central to its chapter and naming what the summary has not named yet. Sponsor reads and the goodbye never
 * contribute. It closes on the names the episode keeps coming back to that those sentences left out.
 */
export function summarizeEpisode(
  sentences: Sentence[],
  chapters: { kind: string; sentences: number[] }[],
  idf: Map<string, number>,
  meta: { show?: string | undefined; hosts: string[]; guests: string[] },
  topics: string[] = [],
  names: { name: string; count: number }[] = [],
): string {
  const lead = peopleLine(meta, topics);
  const leadTexts = lead?.split(/\s+/) ?? [];
  const covered = new Set(termsOf(leadTexts, leadTexts.map(normalizeWord)).keys());
  const mentions = new Map<string, number>();
  for (const k of chapters.filter((c) => c.kind === 'content' || c.kind === 'intro').flatMap((c) => c.sentences)) for (const st of sentences[k]!.stems) mentions.set(st, (mentions.get(st) ?? 0) + 1);
  const parts = chapters.filter((c) => (c.kind === 'content' || c.kind === 'intro') && c.sentences.length > 0);
  const secondsOf = (c: { sentences: number[] }) => sentences[c.sentences[c.sentences.length - 1]!]!.end - sentences[c.sentences[0]!]!.start;
  const contentSeconds = parts.reduce((sum, c) => sum + (c.kind === 'content' ? secondsOf(c) : 0), 0);
  const budget = Math.min(MOST_SENTENCES, Math.max(FEWEST_SENTENCES, Math.round(contentSeconds / SECONDS_PER_SENTENCE)));
  const picked: number[] = [];
  for (const c of parts) {
    const count = c.kind === 'intro' ? 1 : Math.max(1, Math.round((budget * secondsOf(c)) / Math.max(1, contentSeconds)));
    picked.push(...pickCovering(sentences, c.sentences, idf, count, covered, mentions));
  }
  const body = [...new Set(picked)].sort((a, b) => a - b).map((k) => asPublished(sentences[k]!.text));
  const mentioned = mentionsLine(names, [lead ?? '', ...body].join(' '));
  return [...(lead ? [lead] : []), ...body, ...(mentioned ? [mentioned] : [])].join(' ');
}
