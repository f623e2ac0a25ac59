import { backgroundSurprise, spokenRank } from './background.ts';
import type { Sentence } from './sentences.ts';
import { findPhrase } from './cues.ts';
import { collectPhrases, rankPhrases } from './keyphrases.ts';
import { BEFORE_ADJECTIVE, CLAUSE_WORDS, FRAGMENT_OPENERS, HESITATIONS, IRREGULAR_PAST, LEANS_BACK, MID_SENTENCE, NEGATIONS, NEVER_ENDS, OBJECT_OPENERS, PRESENT_S, QUESTION_OPENERS, RELATIVE_OPENERS } from './closed-class.ts';
import { namesTopic } from './keywords.ts';
import { isStopword, normalizeWord, stem } from './text.ts';
import { cosine, vectorOf, type Vector } from './vectors.ts';

const SHORTEST_WORDS = 8;
const LONGEST_WORDS = 45;
/** Longest sentence the introduction and the host's preview may give (they set the episode up in long sentences). */
const LONGEST_OPENING_WORDS = 70;
/** Words of the host's preview the summary quotes at most, on top of the chapters' share. */
const PREVIEW_WORDS = 60;
/** How far into the episode the host introduces a guest, and the words that do it when the name comes later. */
const GUEST_BY_SEC = 180;
const GUEST_CUES = [['my', 'guest'], ['my', 'guests'], ["today's", 'guest'], ['joining', 'me'], ['with', 'me', 'today']];

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
/** Hedging adverbs dropped anywhere, and the negations that make "really" part of what is said ("not really"). */
const HEDGES = new Set(['actually', 'basically', 'honestly', 'literally', 'really', 'definitely', 'obviously']);
/** Words after which "kind of"/"sort of" is a noun ("what kind of", "the same sort of"). */
const BEFORE_KIND = new Set(['what', 'this', 'that', 'the', 'a', 'any', 'some', 'which', 'every', 'one', 'same', 'other', 'two', 'three', 'four', 'many', 'all']);

/**
 * A sentence as show notes quote it: opening discourse markers, hesitations, ", you know," asides, hedges ("basically",
 * "kind of", an "I think" in front or between commas) and stuttered repeats ("I, I think") dropped. Returns the kept tokens' indexes into `texts`/`words` (the last word always kept).
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
    // hedges a producer cuts from a quote ("the horses are basically gardeners"; not the "really" of "not really")
    if (!last && HEDGES.has(words[i]!) && !(words[i] === 'really' && NEGATIONS.has(words[prior ?? i] ?? ''))) continue;
    // "kind of"/"sort of" as a hedge ("it's kind of slow"), not as a noun ("what kind of oven")
    if (!last && i + 2 < n && (words[i] === 'kind' || words[i] === 'sort') && words[i + 1] === 'of' && !BEFORE_KIND.has(words[i - 1] ?? '')) {
      i += 1;
      continue;
    }
    // "I think" / "I guess" opening the sentence or between commas ("…at first, I think into a fenced area…")
    if (!last && i + 2 < n && words[i] === 'i' && (words[i + 1] === 'think' || words[i + 1] === 'guess') && (prior === undefined || /,$/u.test(texts[prior]!))) {
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
const WORDS_PER_SECOND = 0.22;
const FEWEST_WORDS = 60;
const MOST_WORDS = 190;
/** How far past its share of the words a chapter's last sentence may run. */
const OVERRUN = 1.2;

/**
 * Sentences of one chapter for the episode summary, about `budget` words of them (one sentence at least): whole
 * sentences, quoted without their opening "so"/"and"/"um" (compactIndexes), each the one that names the most of what
 * the summary does not name yet (names, numbers, rare terms) per word it costs, less its overlap with those chosen.
 * `covered` holds the stems the summary already names and grows with every pick; a term counts in full once the
 * episode mentions it TOPICAL_MENTIONS times (a name said once is a detail, not a thread). `listing`: the sentences are
 * the host's preview, where "Then …" goes on listing the episode's threads ("Then our first hire, payroll, and
 * burnout.") rather than leaning on what came before.
 */
function pickCovering(sentences: Sentence[], candidates: number[], idf: Map<string, number>, budget: number, covered: Set<string>, mentions: Map<string, number>, longest = LONGEST_WORDS, listing = false): number[] {
  const compact = new Map(candidates.map((k) => [k, compactIndexes(sentences[k]!.texts, sentences[k]!.words)]));
  const wordsOf = (k: number) => compact.get(k)!.map((i) => sentences[k]!.words[i]!);
  const pool = candidates.filter((k) => {
    const words = wordsOf(k);
    const n = words.length;
    const cutOff = (j: number) => j >= 0 && endsDangling(sentences[j]!.words[sentences[j]!.words.length - 1]!);
    const texts = compact.get(k)!.map((i) => sentences[k]!.texts[i]!);
    return n >= SHORTEST_WORDS && n <= longest && isWhole(sentences, k) && !(LEANS_BACK.has(words[0]!) && !(listing && words[0] === 'then')) && !opensMidSentence(words) && readsAsSentence(texts, words) && !cutOff(k) && !cutOff(k - 1) && !asksCoHost(sentences[k]!.text, words) && !opensOnFragment(texts, words) && !isHousekeeping(words) && (wholeQuote(texts, words) || (listing && words[0] === 'then' && readsAsSentence(texts, words)));
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

/**
 * Whether a sentence is a question put to the others in the room rather than something the episode says: it ends on
 * a question mark, or opens as a question ("Do you want…", "What's your intuition…") with "you" in it.
 */
export function asksCoHost(text: string, words: string[]): boolean {
  if (/\?["'”’)]*$/u.test(text.trim())) return true;
  // a question tacked on at the end ("The score versus, what's the other one.")
  const tail = text.trim().split(/,\s+/u).slice(1).pop()?.toLowerCase().split(/\s+/u)[0] ?? '';
  if (TAIL_QUESTIONS.has(tail)) return true;
  // "Let me ask you …"
  if (words[0] === 'let' && words[1] === 'me' && words[2] === 'ask') return true;
  return QUESTION_OPENERS.has(words[0] ?? '') && words.some((w) => w === 'you' || w === 'your' || w === "you're");
}

/** Words that open a question, not a relative clause, after the last comma of a sentence. */
const TAIL_QUESTIONS = new Set(['what', "what's", 'how', "how's", 'why', 'right']);

/**
 * Whether a quoted sentence opens on a fragment: a preposition or conjunction the comma cuts from what follows
 * ("On, $10,000, that's roughly…"), or a bare number with nothing to count ("$3.40. So…", "10 to nine so…").
 */
export function opensOnFragment(texts: string[], words: string[]): boolean {
  const head = texts[0] ?? '';
  if ((FRAGMENT_OPENERS.has(words[0] ?? '') && /,$/u.test(head)) || RELATIVE_OPENERS.has(words[0] ?? '')) return true;
  return /^["'“]?[$€£]?\p{N}/u.test(head) && (/[,.]$/u.test(head) || /^\p{N}/u.test(texts[1] ?? '') || FRAGMENT_OPENERS.has(words[1] ?? ''));
}

/** Openings of a subject with a verb: contractions that hold one ("it's", "there's", "we'll", "they'd"). */
const SUBJECT_S = new Set(['it', 'that', 'there', 'what', 'here', 'who', 'he', 'she', 'let', 'where', 'how', 'everything', 'nothing', 'everyone', 'nobody', 'somebody', 'someone']);

/**
 * Whether a sentence reads as one, not a fragment the transcript split off: it has a finite verb — a pronoun or
 * auxiliary (CLAUSE_WORDS), a contraction that holds a verb, a past form not used as an adjective ("saw", "moved";
 * not "a converted garage"), an everyday verb's "-s" form, or an "-s" word between a noun and an object ("…email asks
 * the customer…") — and it does not open on a list's last item ("Gravel,
 * and the pricing spreadsheet…"). "In a converted garage in Pawtucket, Rhode Island." and "10 grams of kombu in a
 * litre of cold water." do not; imperatives ("Soak the shiitake…") are lost with them.
 */
export function readsAsSentence(texts: string[], words: string[]): boolean {
  for (let j = 0; j < Math.min(2, words.length - 1); j++) if (/,$/u.test(texts[j]!) && LIST_TAIL.has(words[j + 1]!)) return false;
  return words.some((w, i) => {
    if (CLAUSE_WORDS.has(w) || IRREGULAR_PAST.has(w) || PRESENT_S.has(w)) return true;
    if (/'(re|ve|ll|m|d)$/u.test(w)) return true;
    if (/'s$/u.test(texts[i]!.toLowerCase().replace(/[^\p{L}']+$/u, '')) && SUBJECT_S.has(w)) return true;
    // "…email asks the customer…": an "-s" word after a noun, before an object
    if (i > 0 && w.length > 3 && /[^su]s$/u.test(w) && !/[,;:]$/u.test(texts[i]!) && !BEFORE_ADJECTIVE.has(words[i - 1]!) && !isStopword(words[i - 1]!) && OBJECT_OPENERS.has(words[i + 1] ?? '')) return true;
    return i > 0 && w.length > 4 && /ed$/u.test(w) && !BEFORE_ADJECTIVE.has(words[i - 1]!);
  });
}

/** Words that may open a short comma-cut piece in front of a sentence's clause ("In 2019, …", "Hey, everyone, …"). */
const LEAD_IN_OPENERS = new Set([...FRAGMENT_OPENERS, 'over', 'under', 'through', 'across', 'around', 'hey', 'hi', 'hello', 'welcome', 'yes', 'no', 'okay', 'ok', 'well', 'oh', 'now', 'then', 'today', 'yesterday', 'tonight', 'here', 'there', 'again', 'still', 'after', 'before', 'during', 'since', 'until', 'when', 'while', 'once', 'last', 'next', 'this', 'every', 'quick', 'first', 'second', 'finally', 'also', 'plus', 'instead', 'meanwhile', 'sure', 'look', 'listen', 'anyway', 'honestly']);
/** Words that open the clause after a lead-in piece: a subject, a determiner in front of one, or a conjunction before it. */
const OPENS_CLAUSE = new Set([...OBJECT_OPENERS, 'i', 'we', 'you', 'he', 'she', 'they', 'there', 'here', 'what', 'and', 'but', 'so', 'because', 'or', 'if', 'when', 'which', 'who', 'one', 'two', 'three', 'some', 'all', 'most', 'no', 'nobody', 'everyone', 'everything', 'nothing', 'people', 'then', 'now', 'not', 'just', 'only', 'even', 'still']);
/** Words that open a relative clause: the verbs inside one are not the sentence's own. */
const RELATIVE_WORDS = new Set(['who', "who'd", "who's", "who've", "who'll", 'whom', 'whose', 'which']);
/** Conjunctions a verb follows when it shares the subject of a clause before it. */
const SUBJECTLESS_AFTER = new Set(['and', 'or', 'but']);
/** Verbs (not pronouns) among the clause words: after a bare "and" they have no subject of their own. */
const AUX_VERBS = new Set(['is', 'are', 'was', 'were', 'be', 'been', 'has', 'have', 'had', 'do', 'does', 'did', 'will', 'would', 'can', 'could', 'should', 'must', 'may', 'might']);
/** Verbs after which a wh-word opens an embedded question, not a relative clause. */
const EMBEDDING_VERBS = new Set(['know', 'knew', 'think', 'see', 'saw', 'ask', 'asked', 'wonder', 'tell', 'told', 'remember', 'decide', 'explain', 'show', 'guess', 'matter', 'matters', 'care', 'imagine', 'learn', 'learned', 'figure', 'check', 'choose', 'pick', 'about']);
/** Words of a comma-cut piece that count as a list item at most. */
const LIST_ITEM_WORDS = 3;

/** A comma-cut piece of a sentence has a clause of its own: a pronoun, an auxiliary, a contraction with a verb, a past form or an everyday verb's "-s" form. */
const pieceHasVerb = (texts: string[], words: string[]) => readsAsSentence(texts, words);

/**
 * Whether a quoted sentence is not a whole sentence though it starts with a capital and ends on a full stop — the
 * raw recognizer's run the sentence split left as one: it opens on a list of short verbless items ("AI, landing AI,
 * and the AI fund, and was the chief scientist…", "India, China, South America, everywhere…", "Plates, bowls, the
 * occasional…"), or every verb it has sits in a relative clause ("Priya, Nathan, who'd been taking …, and who was
 * finishing …": a name with what is said about it, no main clause). `texts`/`words` as compactIndexes keeps them.
 */
export function isFragmentRun(texts: string[], words: string[]): boolean {
  // the comma-cut pieces, as [from, to) word ranges
  const pieces: [number, number][] = [];
  let from = 0;
  texts.forEach((t, i) => {
    if (/[,;:]$/u.test(t) || i === texts.length - 1) {
      pieces.push([from, i + 1]);
      from = i + 1;
    }
  });
  const verbless = ([a, b]: [number, number]) => !pieceHasVerb(texts.slice(a, b), words.slice(a, b));
  const listItem = (p: [number, number]) => p[1] - p[0] <= LIST_ITEM_WORDS && verbless(p) && !LEAD_IN_OPENERS.has(words[p[0]]!) && !/ly$/u.test(words[p[0]]!);
  // a verb's past form with its object and no subject: the sentence split cut the subject off ("Typed that program into my computer…")
  if (words.length > 1 && (IRREGULAR_PAST.has(words[0]!) || (words[0]!.length > 4 && /ed$/u.test(words[0]!))) && OBJECT_OPENERS.has(words[1]!)) return true;
  // the first verb follows "and"/"or"/"but" with no subject before it: the subject was in the sentence before ("…, and the AI fund, and was the chief scientist at Baidu")
  const firstVerb = words.findIndex((w) => CLAUSE_WORDS.has(w) || IRREGULAR_PAST.has(w) || PRESENT_S.has(w) || /'(?:re|ve|ll|m|d|s)$/u.test(w));
  if (firstVerb > 0 && SUBJECTLESS_AFTER.has(words[firstVerb - 1]!) && AUX_VERBS.has(words[firstVerb]!) && !/[.?!]$/u.test(texts[firstVerb - 2] ?? '')) return true;
  // a list opens the sentence: two short verbless items in a row before any clause
  if (pieces.length >= 3 && listItem(pieces[0]!) && listItem(pieces[1]!)) return true;
  // one bare word cut off in front, the tail of the sentence before ("AI, he has helped educate…", "Singapore, I started…")
  if (pieces.length >= 2 && pieces[0]![1] === 1 && listItem(pieces[0]!) && !/^["'“(]?[$€£]?\p{N}/u.test(texts[0]!)) return true;
  // a bare list item, then a piece with no subject of its own ("Wacom tablet, make sure my mic was on…", "Packaging, with the double boxing, we…")
  if (pieces.length >= 2 && listItem(pieces[0]!) && !OPENS_CLAUSE.has(words[pieces[1]![0]]!) && !/'(?:s|d|ll|re|ve|m)$|^\p{N}/u.test(words[pieces[1]![0]]!) && !/^["'“(]?\p{Lu}/u.test(texts[pieces[1]![0]]!)) return true;
  // the verbs outside relative clauses: a relative clause runs from its pronoun to the next comma
  const main: number[] = [];
  let inRelative = false;
  words.forEach((w, i) => {
    // after a verb of knowing or asking, "who"/"which" opens what is known or asked ("Think who he played for"), not a relative clause
    if (RELATIVE_WORDS.has(w) && i > 0 && !EMBEDDING_VERBS.has(words[i - 1]!)) inRelative = true;
    if (!inRelative) main.push(i);
    if (inRelative && /[,;:]$/u.test(texts[i]!)) inRelative = false;
  });
  if (main.length === words.length) return false;
  return !pieceHasVerb(main.map((i) => texts[i]!), main.map((i) => words[i]!));
}

/** Words that open a wh-question or a subordinate clause, and the auxiliaries whose place after them tells the two apart. */
const WH_WORDS = new Set(['what', 'which', 'how', 'why', 'where', 'when', 'who']);
const AUXILIARIES = new Set(['is', 'are', 'was', 'were', 'do', 'does', 'did', 'can', 'could', 'would', 'will', 'should', 'have', 'has', 'had', 'might', 'must']);
/** Words after a wh-word that make it the subject clause of a statement ("What we found…", "How the press works…"). */
const SUBJECT_AFTER_WH = new Set([...OBJECT_OPENERS, 'i', 'we', 'you', 'he', 'she', 'they', 'people']);

/**
 * Whether a sentence is a question the transcript ended on a full stop: a wh-word, not a subject after it, and an
 * auxiliary within the next words before any comma ("What percentage of our developers would be AI developers.",
 * "How many late goals are we talking about."); "What we found was…" and "When I started, it was…" are statements.
 */
export function readsAsQuestion(texts: string[], words: string[]): boolean {
  if (!WH_WORDS.has(words[0] ?? '') || SUBJECT_AFTER_WH.has(words[1] ?? '') || /'/u.test(words[1] ?? '')) return false;
  for (let i = 1; i < Math.min(words.length, 6); i++) {
    if (AUXILIARIES.has(words[i]!)) return true;
    if (/[,;:.]$/u.test(texts[i]!)) return false;
  }
  return false;
}

/** Words of the show's own housekeeping, not of what the episode covers ("subscribe on YouTube, …, support it on Patreon"). */
const HOUSEKEEPING = new Set(['subscribe', 'subscribed', 'patreon', 'unsubscribe']);

/** Whether a sentence asks the listener to subscribe, rate or support the show rather than saying what the episode covers. */
export function isHousekeeping(words: string[]): boolean {
  const atMe = words.some((w, i) => (w === 'connect' || w === 'follow') && (words[i + 1] === 'me' || words[i + 1] === 'us' || words[i + 2] === 'me' || words[i + 2] === 'us'));
  return atMe || words.some((w) => HOUSEKEEPING.has(w)) || (words.includes('stars') && words.includes('five')) || (words.includes('review') && (words.includes('leave') || words.includes('rate')));
}

/**
 * Whether a quote is whole sentences through: a quote the sentence split left holding a sentence end inside ("…teachers,
 * great. And guess what, zero people use it.") is whole only when every sentence in it reads as one (readsAsSentence,
 * isFragmentRun) and none after the first leans on the one before with an opening "and", "but", "so" or "or".
 */
export function wholeQuote(texts: string[], words: string[]): boolean {
  const parts: [number, number][] = [];
  let from = 0;
  texts.forEach((t, i) => {
    if ((ENDS_SENTENCE.test(t) && i > from) || i === texts.length - 1) {
      parts.push([from, i + 1]);
      from = i + 1;
    }
  });
  return parts.every(([a, b], j) => {
    const t = texts.slice(a, b);
    const w = words.slice(a, b);
    if (j > 0 && ['and', 'but', 'so', 'or'].includes(w[0] ?? '')) return false;
    return readsAsSentence(t, w) && !isFragmentRun(t, w) && !readsAsQuestion(t, w);
  });
}

/** Words after a comma near the start that make the sentence a list's tail ("Gravel, and…", "Lama, and which…"). */
const LIST_TAIL = new Set(['and', 'or', 'plus', 'because', 'which']);

/** Whether a sentence ends on a word no sentence ends on (NEVER_ENDS), or a contraction that needs what follows ("…email, I'll.", "…that hadn't."). */
export const endsDangling = (word: string) => NEVER_ENDS.has(word) || /(?:'(?:ll|ve|d|re|m)|n't)$/u.test(word);

/** Words after a bare noun that make it the cut-off head of a phrase ("Moment for me…", "Type of education…"); not "Breakage is…". */
const AFTER_CUT_NOUN = new Set(['of', 'for', 'to']);
/** Words that never follow an article. */
const ARTICLE_CUT = new Set(['that', 'which', 'who', 'of', 'to', 'and', 'is', 'was', 'the', 'a', 'an', 'it', 'i', 'you', 'we']);
/** Bare words that do open sentences before "of"/"for"/"to": months ("October for the cranes…") and "instead of". */
const OPENS_BEFORE_OF = new Set(['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december', 'instead', 'because']);

/**
 * Whether a sentence opens where the transcript cut one in two: on a word that only continues a sentence
 * (MID_SENTENCE), on an everyday verb's "-s" form ("Makes the programmer…"), or on a bare singular word of everyday
 * English followed by "of"/"for"/"to" ("Moment for me…", "Type of education…"): English opens a sentence with an article,
 * a pronoun, a name, an adverb or a plural, hardly ever with that. (An imperative, "Soak the kombu", is left alone.)
 */
export function opensMidSentence(words: string[]): boolean {
  const [first, second] = words;
  if (!first) return false;
  if (MID_SENTENCE.has(first) || PRESENT_S.has(first)) return true;
  // an article with no noun after it: "The that fills you…"
  if ((first === 'the' || first === 'a' || first === 'an') && ARTICLE_CUT.has(second ?? '')) return true;
  const bareNoun = !isStopword(first) && !OPENS_BEFORE_OF.has(first) && /^\p{L}+$/u.test(first) && !/(?:s|ing|ly|ed)$/u.test(first) && spokenRank(first) < Number.MAX_SAFE_INTEGER;
  return bareNoun && AFTER_CUT_NOUN.has(second ?? '');
}

/** Words (SUBTLEX rank) English speech uses often enough that a capital on them only opens a sentence. */
const EVERYDAY_RANK = 30_000;
/** Words a joined sentence holds at most: past it a fragment stays out rather than make a run-on. */
const LONGEST_JOINED = 60;

/**
 * The sentences with every fragment the transcript split off a sentence joined back to the one before it, for
 * quoting: a piece that does not read as a sentence (readsAsSentence: no verb, or a list's tail — "We make stoneware,
 * mugs." + "In a converted garage in Pawtucket." → "We make stoneware, mugs, in a converted garage in Pawtucket.")
 * joins the sentence before it in the same chapter when that one ended on a full stop and the two stay short.
 * Returns the joined sentences, each chapter's joined sentences' indexes, and where each input sentence went (`at`).
 */
export function joinFragments(sentences: Sentence[], chapters: { kind: string; sentences: number[] }[]): { sentences: Sentence[]; chapters: { kind: string; sentences: number[] }[]; at: number[] } {
  const at = sentences.map((_, k) => k);
  // words the episode capitalizes inside a sentence are names: a joined fragment keeps their capital
  const named = new Set<string>();
  for (const s of sentences) s.texts.forEach((t, i) => i > 0 && /^["'“(]?\p{Lu}/u.test(t) && !/[.?!:]$/u.test(s.texts[i - 1]!) && named.add(s.words[i]!));
  const out: Sentence[] = [];
  const outChapters = chapters.map((c) => {
    const own: number[] = [];
    let prior: number | undefined;
    for (const k of c.sentences) {
      const s = sentences[k]!;
      const last = prior === undefined ? undefined : out[prior]!;
      const fragment = !readsAsSentence(s.texts, s.words) && !/^["'“]?\p{Lu}\p{Lu}/u.test(s.texts[0] ?? '');
      if (last && fragment && /[^.]\.$/u.test(last.texts[last.texts.length - 1]!) && last.words.length + s.words.length <= LONGEST_JOINED && (last.speaker ?? '') === (s.speaker ?? '')) {
        const head = s.texts[0]!;
        const word = normalizeWord(head);
        const lower = !named.has(word) && spokenRank(word) < EVERYDAY_RANK && !/^I('|$)/u.test(head) ? head.charAt(0).toLowerCase() + head.slice(1) : head;
        const texts = [...last.texts.slice(0, -1), last.texts[last.texts.length - 1]!.replace(/\.$/u, ','), lower, ...s.texts.slice(1)];
        at[k] = prior!;
        out[prior!] = { ...last, last: s.last, end: s.end, text: texts.join(' '), texts, words: [...last.words, ...s.words], wordIndex: [...last.wordIndex, ...s.wordIndex], stems: [...last.stems, ...s.stems] };
        continue;
      }
      prior = out.length;
      at[k] = prior;
      out.push(s);
      own.push(prior);
    }
    return { kind: c.kind, sentences: own };
  });
  return { sentences: out, chapters: outChapters, at };
}

/**
 * The episode summary: who is on it and the topics its title lists (from the metadata), then, in time order, whole
 * sentences — fragments the transcript split off joined back (joinFragments), none that does not read as a sentence —
 * from the host's preview of the episode (`preview`, sentence indexes: up to PREVIEW_WORDS), the introduction (one)
 * and every content chapter (its share of WORDS_PER_SECOND words), each picked for naming most per word of what the
 * summary has not named yet. Sponsor reads and the goodbye never contribute. It closes on the names the episode keeps
 * coming back to that those sentences left out.
 */
export function summarizeEpisode(
  split: Sentence[],
  planned: { kind: string; sentences: number[] }[],
  idf: Map<string, number>,
  meta: { show?: string | undefined; hosts: string[]; guests: string[] },
  topics: string[] = [],
  names: { name: string; count: number }[] = [],
  preview: number[] = [],
  exclude: Set<string> = new Set(),
  titles: string[] = [],
): string {
  const { sentences, chapters, at } = joinFragments(split, planned);
  const titleOf = new Map(chapters.map((c, i) => [c, titles[i]]));
  const lead = peopleLine(meta, topics);
  const leadTexts = lead?.split(/\s+/) ?? [];
  const covered = new Set(termsOf(leadTexts, leadTexts.map(normalizeWord)).keys());
  const mentions = new Map<string, number>();
  for (const k of chapters.filter((c) => c.kind === 'content' || c.kind === 'intro').flatMap((c) => c.sentences)) for (const st of sentences[k]!.stems) mentions.set(st, (mentions.get(st) ?? 0) + 1);
  const parts = chapters.filter((c) => (c.kind === 'content' || c.kind === 'intro') && c.sentences.length > 0);
  const secondsOf = (c: { sentences: number[] }) => sentences[c.sentences[c.sentences.length - 1]!]!.end - sentences[c.sentences[0]!]!.start;
  const contentSeconds = parts.reduce((sum, c) => sum + (c.kind === 'content' ? secondsOf(c) : 0), 0);
  const budget = Math.min(MOST_WORDS, Math.max(FEWEST_WORDS, Math.round(contentSeconds * WORDS_PER_SECOND)));
  // the host's own preview of the episode lists its threads: up to PREVIEW_WORDS of its sentences that name something
  const picked = pickCovering(sentences, [...new Set(preview.map((k) => at[k]!))], idf, PREVIEW_WORDS, covered, mentions, LONGEST_OPENING_WORDS, true);
  // who each guest is, in the host's words ("My guest today is a certified financial planner, a former debt collector…"):
  // one sentence per guest from the opening that names them or introduces "my guest", on top of the chapters' share
  const firstContent = parts.find((c) => c.kind === 'content');
  const opening = parts.filter((c) => c.kind === 'intro' || c === firstContent).flatMap((c) => c.sentences).filter((k) => sentences[k]!.start <= GUEST_BY_SEC);
  for (const guest of meta.guests) {
    const own = guest.split(/[\s-]+/u).map(normalizeWord).filter((w) => w.length > 1);
    const about = opening.filter((k) => !picked.includes(k) && (sentences[k]!.words.some((w) => own.includes(w.replace(/'s$/u, ''))) || GUEST_CUES.some((cue) => findPhrase(sentences[k]!.words, cue) >= 0)));
    picked.push(...pickCovering(sentences, about, idf, 0, covered, mentions, LONGEST_OPENING_WORDS));
  }
  for (const c of parts) {
    // the introduction gives one sentence (up to LONGEST_OPENING_WORDS: a cold open tells the story in one breath);
    // a content chapter its share of the words, one sentence at least
    const words = c.kind === 'intro' ? 0 : (budget * secondsOf(c)) / Math.max(1, contentSeconds);
    picked.push(...pickCovering(sentences, c.sentences, idf, words, covered, mentions, c.kind === 'intro' ? LONGEST_OPENING_WORDS : LONGEST_WORDS));
  }
  const chosen = [...new Set(picked)].sort((a, b) => a - b);
  const body = chosen.map((k) => asPublished(thenAsClause(compactText(sentences[k]!.texts, sentences[k]!.words))));
  // one composed sentence per content chapter: the key phrases and names it comes back to that no quote holds yet
  const placed: { at: number; text: string }[] = chosen.map((k, j) => ({ at: k, text: body[j]! }));
  const said = new Set([lead ?? '', ...body].join(' ').split(/\s+/u).map(normalizeWord).filter((w) => !isStopword(w)).map(stem));
  // the longest content chapters get a line, at most CHAPTER_LINES of them
  const longest = parts.filter((c) => c.kind === 'content').sort((a, b) => secondsOf(b) - secondsOf(a)).slice(0, CHAPTER_LINES);
  const lined = new Set(longest);
  // a long chapter holds more than one thread: one line per PART_SECONDS of it (MOST_LINE_PARTS at most), the
  // longest chapters first, MOST_LINES in all (a long interview's summary does not grow with it)
  const piecesOf = new Map(longest.map((c) => [c, 1]));
  let lines = longest.length;
  for (const c of longest) {
    const want = Math.max(1, Math.min(MOST_LINE_PARTS, Math.round(secondsOf(c) / PART_SECONDS)));
    const extra = Math.min(want - 1, Math.max(0, MOST_LINES - lines));
    piecesOf.set(c, 1 + extra);
    lines += extra;
  }
  // the lines' openings are set once all are known, by their place among the lines the summary keeps: "The first
  // part covers …", "The second part turns to …", …, "The last part covers …"; a chapter's later line "It then moves on to …"
  const composed: { at: number; text: string; later: boolean }[] = [];
  for (const c of parts) {
    if (!lined.has(c)) continue;
    // each part of the chapter gets its line, the first with the title
    const pieces = piecesOf.get(c)!;
    const start = sentences[c.sentences[0]!]!.start;
    let had = false;
    for (let part = 0; part < pieces; part++) {
      const own = pieces === 1 ? c.sentences : c.sentences.filter((k) => Math.min(pieces - 1, Math.floor(((sentences[k]!.start - start) * pieces) / secondsOf(c))) === part);
      if (own.length === 0) continue;
      const line = chapterLine(sentences, own, said, exclude, part === 0 ? titleOf.get(c) : undefined, OPENING_SLOT);
      // the line opens its part, ahead of the part's quotes
      if (line) composed.push({ at: own[0]! - 0.5, text: line, later: had });
      had ||= line !== null;
    }
  }
  const firsts = composed.filter((l) => !l.later);
  let laterLines = 0;
  for (const l of composed) {
    const opening = l.later ? LATER_OPENINGS[laterLines++ % LATER_OPENINGS.length]! : lineOpening(firsts.indexOf(l), firsts.length);
    placed.push({ at: l.at, text: l.text.replace(OPENING_SLOT, opening) });
  }
  const texts = placed.sort((a, b) => a.at - b.at).map((p) => p.text);
  const mentioned = mentionsLine(names, [lead ?? '', ...texts].join(' '));
  return [...(lead ? [lead] : []), ...texts, ...(mentioned ? [mentioned] : [])].join(' ');
}

/**
 * The host's preview going on with a verbless "Then …" ("Then our first hire, payroll, and burnout.") as a whole
 * sentence: "Then the episode turns to our first hire, payroll, and burnout." Any other text is returned as it is.
 */
export function thenAsClause(text: string): string {
  const texts = text.split(/\s+/u);
  const words = texts.map(normalizeWord);
  if (words[0] !== 'then' || texts.length < 2 || !isFragmentRun(texts, words)) return text;
  return `${texts[0]} the episode turns to ${texts.slice(1).join(' ')}`;
}

/** Where a chapter line's opening goes until the lines are all composed. */
const OPENING_SLOT = '\u0001';
const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];
/** Verbs the chapter lines take in turn, so that no two lines in a row open alike. */
const LINE_VERBS = ['covers', 'turns to', 'takes in'];
/** Openings of a long chapter's later lines, in turn. */
const LATER_OPENINGS = ['It then moves on to', 'Later it takes in'];

/**
 * How the line of the `position`-th described chapter (of `count`) opens, varied by its place: "The first part
 * covers", "The second part turns to", "The third part takes in", …, "The last part covers"; "The conversation covers"
 * when one chapter is described.
 */
export function lineOpening(position: number, count: number): string {
  if (count <= 1) return 'The conversation covers';
  if (position === count - 1 && position > 0) return 'The last part covers';
  const ordinal = ORDINALS[position];
  return ordinal ? `The ${ordinal} part ${LINE_VERBS[position % LINE_VERBS.length]}` : 'Then the talk turns to';
}

/**
 * Key phrases one chapter line lists at most, how many of the chapter's top phrases it looks through (names the
 * summary already holds take places among them), and the uses in the chapter that make a phrase one of its threads.
 */
const LINE_PHRASES = 4;
/** Lone everyday words a titleless line needs at least to say something a reader can place. */
const WEAK_LINE = 3;
const RANKED_PHRASES = 20;
const LINE_MENTIONS = 2;
/** Uses in the chapter that let a lone name into its line. */
const NAME_IN_LINE = 3;
/** Content chapters that get a line at most (a long interview has a dozen). */
const CHAPTER_LINES = 6;
/** Seconds of a chapter per line it gets, and the most lines one chapter gets. */
const PART_SECONDS = 180;
const MOST_LINE_PARTS = 2;
/** Chapter lines a summary holds at most. */
const MOST_LINES = 6;

/**
 * "<opening> A, B and C.": at most LINE_PHRASES of the chapter's top key phrases (keyphrases.ts, said LINE_MENTIONS
 * times in it) that the summary does not name yet and that name a thing, written as the transcript spells them, none a
 * misheard syllable run; `said` (stems) grows with them. With the chapter's `title`, when it names something the
 * summary does not yet (and is not a question), the line is about it: "<opening> partial DNA profile, including tape.",
 * "<opening> pricing: A, B and C." `opening` starts the sentence ("The first part covers", "It then moves on to"; see
 * lineOpening). Null when there is nothing to say.
 */
export function chapterLine(sentences: Sentence[], chapter: number[], said: Set<string>, exclude: Set<string> = new Set(), title?: string, opening = 'The conversation covers'): string | null {
  // a title's capitalized words are all significant ("Mistral Small 3"), whatever a stopword list says
  const titleWords = (title ?? '').split(/\s+/u).filter((t) => /^\p{Lu}\p{L}|\p{N}/u.test(t)).map(normalizeWord).filter(Boolean);
  const topic = title && !/\?$/u.test(title) && titleWords.some((w) => !said.has(stem(w))) ? titleInProse(title, sentences) : null;
  for (const w of titleWords) said.add(stem(w));
  const ranked = rankPhrases(collectPhrases(sentences, chapter), { limit: RANKED_PHRASES, minCount: LINE_MENTIONS, exclude });
  const fresh: string[] = [];
  for (const r of ranked) {
    if (fresh.length >= LINE_PHRASES) break;
    if (r.phrase.stems.every((st) => said.has(st)) || !namesTopic(r.phrase, sentences, true) || soundsMisheard(r.phrase.words, r.phrase.surface)) continue;
    // a lone name said only in passing ("Helsinki", "Columbus") means nothing out of its sentence: it needs NAME_IN_LINE uses
    if (r.phrase.words.length === 1 && /^\p{Lu}\p{Ll}/u.test(r.phrase.surface) && r.phrase.count < NAME_IN_LINE) continue;
    fresh.push(r.phrase.surface === r.phrase.surface.toLowerCase() ? r.phrase.words.join(' ') : r.phrase.surface);
    for (const st of r.phrase.stems) said.add(st);
  }
  // a title and one thing it holds: "…covers partial DNA profile, including tape"; two or more are listed after a colon
  if (topic) return fresh.length > 1 ? `${opening} ${topic}: ${listOf(fresh)}.` : fresh.length ? `${opening} ${topic}, including ${fresh[0]}.` : `${opening} ${topic}.`;
  // without a title, a line of one or two lone everyday words ("data and source") says nothing a reader can place
  if (fresh.length < WEAK_LINE && fresh.every((f) => /^\p{Ll}+$/u.test(f))) return null;
  return fresh.length ? `${opening} ${listOf(fresh)}.` : null;
}

/**
 * A chapter title as a phrase inside a sentence: its words lowercased unless they are names (capitalized inside a
 * sentence of the episode), acronyms or numbers, and a "Kind: topic" title read as "kind about topic"
 * ("A Listener's Question: Fine-tuning on a Single GPU" → "a listener's question about fine-tuning on a single GPU").
 */
export function titleInProse(title: string, sentences: Sentence[]): string {
  const named = new Set<string>();
  for (const s of sentences) s.texts.forEach((t, i) => i > 0 && /^["'“(]?\p{Lu}/u.test(t) && !/[.?!:]$/u.test(s.texts[i - 1]!) && named.add(s.words[i]!));
  return title
    .replace(/:\s+/u, ' about ')
    .split(/\s+/u)
    .map((t) => {
      const w = normalizeWord(t);
      // numbers, acronyms ("GPU", "DNA", "ROCm"), inner capitals ("DeepSeek"), "I", and the episode's names
      const keep = /\p{N}/u.test(t) || /^[\p{Lu}\p{N}]{2}|\p{Ll}\p{Lu}/u.test(t) || /^I('|$)/u.test(t) || (named.has(w) && !isStopword(w));
      return keep ? t : t.toLowerCase();
    })
    .join(' ');
}

/** Letters of a syllable-sized word, and the most letters a misheard run's words average. */
const SYLLABLE_LETTERS = 4;
const SYLLABLE_MEAN = 3.5;

/**
 * Whether a phrase is a name the recognizer heard as a run of syllables ("goo yash", "eck wuss", "shuv al ski"): two
 * words or more, each syllable-sized and short on average, one of them no English word at all, none an acronym as
 * written ("deep RL"). "Red wine", "tax break" and "fat buds" are English.
 */
export function soundsMisheard(words: string[], surface = ''): boolean {
  if (words.length < 2 || words.some((w) => w.length > SYLLABLE_LETTERS) || /\b\p{Lu}{2,}\b/u.test(surface)) return false;
  const letters = words.reduce((n, w) => n + w.length, 0) / words.length;
  return letters <= SYLLABLE_MEAN && words.some((w) => spokenRank(w) === Number.MAX_SAFE_INTEGER);
}
