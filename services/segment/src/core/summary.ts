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

/** Discourse markers a producer drops from the start of a quoted sentence ("So, um, we moved…" → "We moved…"). */
const OPENING_FILLERS = new Set(['and', 'but', 'so', 'well', 'okay', 'ok', 'alright', 'now', 'um', 'uh', 'uhm', 'erm', 'oh', 'look', 'anyway', 'yeah', 'like']);
/** Two-word markers dropped at the start, and anywhere between commas. */
const FILLER_PAIRS = [['you', 'know'], ['i', 'mean']];
/** Short words said twice in a row only by a stutter ("the the"; "that that" and "had had" can be grammar). */
const STUTTERED = new Set(['i', 'a', 'an', 'the', 'we', 'you', 'it', 'he', 'she', 'they', 'to', 'of', 'in', 'and', 'is', 'my', 'our']);
/** Words of a fragment that opens a sentence and ends before it goes on ("Last year. DHL's surcharge…"). */
const LEADING_FRAGMENT = 3;
/** Hesitations dropped anywhere. */
const HESITATIONS = new Set(['um', 'uh', 'uhm', 'erm', 'er', 'hmm']);

/**
 * A sentence as show notes quote it: opening discourse markers, hesitations, ", you know," asides and stuttered
 * repeats ("I, I think") dropped. Returns the kept tokens' indexes into `texts`/`words` (the last word always kept).
 */
export function compactIndexes(texts: string[], words: string[]): number[] {
  const n = words.length;
  let from = 0;
  // a fragment of one to three words the sentence split left in front ("Slower. Keep Etsy running…")
  for (let j = 0; j < Math.min(LEADING_FRAGMENT, n - 1); j++) if (ENDS_SENTENCE.test(texts[j]!)) from = j + 1;
  for (;;) {
    if (from < n - 1 && OPENING_FILLERS.has(words[from]!)) from += 1;
    else if (from < n - 2 && FILLER_PAIRS.some(([a, b]) => words[from] === a && words[from + 1] === b && /,$/u.test(texts[from + 1]!))) from += 2;
    else break;
  }
  const kept: number[] = [];
  for (let i = from; i < n; i++) {
    const last = i === n - 1;
    if (!last && HESITATIONS.has(words[i]!)) continue;
    const prior = kept[kept.length - 1];
    // ", you know," / ", I mean," between commas
    if (!last && i + 2 < n && prior !== undefined && /,$/u.test(texts[prior]!) && FILLER_PAIRS.some(([a, b]) => words[i] === a && words[i + 1] === b && /,$/u.test(texts[i + 1]!))) {
      i += 1;
      continue;
    }
    // a stutter: the same word again ("I, I think", "the the")
    if (!last && words[i] === words[i + 1] && (/,$/u.test(texts[i]!) || STUTTERED.has(words[i]!))) continue;
    kept.push(i);
  }
  return kept;
}

/** The compacted text of a sentence (see compactIndexes): "So, um, we, we moved" → "we moved". */
export function compactText(texts: string[], words: string[]): string {
  const kept = compactIndexes(texts, words);
  return kept
    .map((i, j) => {
      const t = texts[i]!;
      // the comma before a dropped aside that closed on one of its own ("we, um, moved" → "we moved")
      const next = kept[j + 1];
      const dropped = next !== undefined && next !== i + 1;
      return dropped && /,$/u.test(t) && /,$/u.test(texts[next - 1]!) ? t.slice(0, -1) : t;
    })
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
function termsOf(texts: string[], words: string[], kept?: number[]): Map<string, number> {
  const terms = new Map<string, number>();
  const keep = kept ? new Set(kept) : undefined;
  words.forEach((w, i) => {
    if (isStopword(w) || (keep && !keep.has(i))) return;
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

/** Summary words per second of content, shared out over the content chapters by their length; bounds on the total. */
const WORDS_PER_SECOND = 0.27;
const FEWEST_WORDS = 60;
const MOST_WORDS = 220;
/** How far past its share of the words a chapter's last sentence may run. */
const OVERRUN = 1.2;

/**
 * Sentences of one chapter for the episode summary, about `budget` words of them (one sentence at least): whole
 * sentences, quoted without their opening "so"/"and"/"um" (compactIndexes), each the one that names the most of what
 * the summary does not name yet (names, numbers, rare terms) per word it costs, less its overlap with those chosen.
 * `covered` holds the stems the summary already names and grows with every pick; a term counts in full once the
 * episode mentions it TOPICAL_MENTIONS times (a name said once is a detail, not a thread).
 */
function pickCovering(sentences: Sentence[], candidates: number[], idf: Map<string, number>, budget: number, covered: Set<string>, mentions: Map<string, number>): number[] {
  const compact = new Map(candidates.map((k) => [k, compactIndexes(sentences[k]!.texts, sentences[k]!.words)]));
  const wordsOf = (k: number) => compact.get(k)!.map((i) => sentences[k]!.words[i]!);
  const pool = candidates.filter((k) => {
    const words = wordsOf(k);
    const n = words.length;
    const list = !words.some((w) => CLAUSE_WORDS.has(w)) && (sentences[k]!.text.match(/,/g)?.length ?? 0) >= 2;
    const cutOff = (j: number) => j >= 0 && DANGLING.has(sentences[j]!.words[sentences[j]!.words.length - 1]!);
    return n >= SHORTEST_WORDS && n <= LONGEST_WORDS && isWhole(sentences, k) && !LEANS_BACK.has(words[0]!) && !MID_SENTENCE.has(words[0]!) && !list && !cutOff(k) && !cutOff(k - 1);
  });
  if (pool.length === 0) return [];
  const vectors = new Map<number, Vector>(pool.map((k) => [k, vectorOf([sentences[k]!], idf)]));
  const terms = new Map(pool.map((k) => [k, termsOf(sentences[k]!.texts, sentences[k]!.words, compact.get(k))]));
  const chosen: number[] = [];
  let used = 0;
  while (chosen.length === 0 || used < budget) {
    const fits = (k: number) => chosen.length === 0 || used + compact.get(k)!.length <= budget * OVERRUN;
    const gain = new Map(pool.filter(fits).map((k) => {
      let g = 0;
      for (const [st, w] of terms.get(k)!) if (!covered.has(st)) g += w * Math.min(1, (mentions.get(st) ?? 0) / TOPICAL_MENTIONS);
      return [k, g / compact.get(k)!.length];
    }));
    const mostGain = Math.max(0, ...gain.values());
    if (mostGain <= 0) break;
    let best = -1;
    let bestScore = -Infinity;
    for (const k of gain.keys()) {
      if (chosen.includes(k)) continue;
      const redundancy = chosen.reduce((m, c) => Math.max(m, cosine(vectors.get(k)!, vectors.get(c)!)), 0);
      const score = gain.get(k)! / mostGain - 0.3 * redundancy;
      if (score > bestScore) [best, bestScore] = [k, score];
    }
    if (best < 0) break;
    chosen.push(best);
    used += compact.get(best)!.length;
    for (const st of terms.get(best)!.keys()) covered.add(st);
  }
  return chosen;
}

/** Pronouns and auxiliaries: a sentence of comma-separated parts with none of them is a list, not a clause. */
const CLAUSE_WORDS = new Set(['i', 'you', 'we', 'he', 'she', 'they', 'it', 'is', 'are', 'was', 'were', 'be', 'been', 'has', 'have', 'had', 'do', 'does', 'did', 'will', 'would', 'can', 'could', 'should', 'must', 'may', 'might', "it's", "that's", "there's", "i'm", "we're", "you're", "they're", "he's", "she's", "we've", "i've", "they've", "you've"]);

/**
 * Words no sentence ends on: a full stop after one is the transcript cutting a sentence in two ("…in the admin, it.
 * Takes 10 minutes."), so neither half is a whole sentence.
 */
const DANGLING = new Set(['you', 'a', 'an', 'the', 'and', 'or', 'but', 'of', 'to', 'for', 'with', 'from', 'in', 'on', 'at', 'by', 'my', 'our', 'your', 'their', 'his', 'its', 'is', 'are', 'was', 'were', 'which', 'who', 'because', 'if', 'than', 'so', 'it', 'i', 'we', 'they', 'he', 'she', 'um', 'uh', "it's", "that's", "i'm", "we're", "they're"]);

/** Words that open only the rest of a sentence the transcript cut ("Of learning math…", "Has tremendous impact…"). */
const MID_SENTENCE = new Set(['of', 'into', 'to', 'than', 'about', 'has', 'have', 'had', 'is', 'was', 'were', 'are', 'know', 'whether', 'though']);

/** Words that make a sentence lean on the one before it when they open it. */
const LEANS_BACK = new Set(['and', 'but', 'or', 'because', 'which', 'that', 'it', 'this', 'they', 'he', 'she', 'them', 'those', 'these', 'also', 'then', 'yeah', 'yes', 'no', 'right', 'exactly', 'um', 'uh', 'mm', 'oh']);

/**
 * The episode summary: who is on it and the topics its title lists (from the metadata), then, in time order, whole
 * sentences from the introduction (one) and every content chapter (its share of WORDS_PER_SECOND words), each picked
 * for naming most per word of what the summary has not named yet. Sponsor reads and the goodbye never
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
  const budget = Math.min(MOST_WORDS, Math.max(FEWEST_WORDS, Math.round(contentSeconds * WORDS_PER_SECOND)));
  const picked: number[] = [];
  for (const c of parts) {
    // the introduction gives one sentence (any length); a content chapter its share of the words, one sentence at least
    const words = c.kind === 'intro' ? 0 : (budget * secondsOf(c)) / Math.max(1, contentSeconds);
    picked.push(...pickCovering(sentences, c.sentences, idf, words, covered, mentions));
  }
  const body = [...new Set(picked)].sort((a, b) => a - b).map((k) => asPublished(compactText(sentences[k]!.texts, sentences[k]!.words)));
  const mentioned = mentionsLine(names, [lead ?? '', ...body].join(' '));
  return [...(lead ? [lead] : []), ...body, ...(mentioned ? [mentioned] : [])].join(' ');
}
