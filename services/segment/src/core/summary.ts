import type { Sentence } from './sentences.ts';
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

/** How much a sentence names and counts (names, numbers): what an editor's summary keeps. */
export function informationDensity(s: Sentence): number {
  let named = 0;
  s.texts.forEach((t, i) => {
    if (/\p{N}/u.test(t) || (i > 0 && /^\p{Lu}/u.test(t) && !/^I('|$)/u.test(t))) named++;
  });
  return Math.min(1, named / 4);
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

/**
 * The episode summary: who is on it and the topics its title lists (from the metadata), the introduction's preview of what it covers, and each
 * content chapter's most representative whole sentence, weighted towards the sentences that name and count things.
 */
export function summarizeEpisode(
  sentences: Sentence[],
  chapters: { kind: string; sentences: number[] }[],
  idf: Map<string, number>,
  meta: { show?: string | undefined; hosts: string[]; guests: string[] },
  topics: string[] = [],
): string {
  const bonus = (k: number) => 0.3 * informationDensity(sentences[k]!);
  const picked: number[] = [];
  for (const c of chapters) {
    if (c.kind !== 'content' && c.kind !== 'intro') continue;
    const long = c.sentences.length > 0 && sentences[c.sentences[c.sentences.length - 1]!]!.end - sentences[c.sentences[0]!]!.start >= 240;
    picked.push(...pickSentences(sentences, c.sentences, idf, long ? 2 : 1, bonus));
  }
  const lead = peopleLine(meta, topics);
  const body = [...new Set(picked)].sort((a, b) => a - b).map((k) => asPublished(sentences[k]!.text));
  return [...(lead ? [lead] : []), ...body].join(' ');
}
