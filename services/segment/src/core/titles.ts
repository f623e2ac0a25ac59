import { backgroundSurprise } from './background.ts';
import { TOPIC_SHIFT, announcedTopic, endsOnMarker, findPhrase } from './cues.ts';
import { collectPhrases, readsAsClause, type Phrase } from './keyphrases.ts';
import type { Sentence } from './sentences.ts';
import { DETERMINERS, NOUN_LEADS, PRESENT_S, QUESTION_OPENERS } from './closed-class.ts';
import { isStopword, normalizeWord, stem, titleCase } from './text.ts';

/** How far into a chapter its host names the new topic ("okay, shipping", "let's talk about birds"), in seconds. */
const OPENING_SEC = 25;
/** Content words a topic noun phrase holds at most, and words in all (with its joiners and articles). */
const LONGEST_TOPIC_WORDS = 4;
const LONGEST_TOPIC_SPAN = 6;
/** Words that may sit between a topic cue and the topic it names. */
const LEADS = new Set(['about', 'the', 'a', 'an', 'to', 'on', 'with', 'is', 'now']);
/** Words that open a sentence and may name the topic right after them ("Okay shipping, my favorite…"). */
const OPENERS = new Set(['okay', 'ok', 'so', 'right', 'alright', 'now']);
/** Words inside a topic noun phrase that are not content words themselves: "of"/"for" complements, places, means. */
const JOINERS = new Set(['of', 'for', 'in', 'and', 'on', 'at', 'from', 'with']);
/** Words a joiner may bring along before the next content word ("fine-tuning on a single GPU"). */
const AFTER_JOINER = new Set(['a', 'an', 'the', 'one', 'two', 'three']);

/**
 * A noun phrase as written, starting at word position `from`: content words, with "of"/"on"/… and an article between
 * them, up to punctuation. A joiner is kept only when a content word follows it ("Fine-tuning on a Single GPU").
 */
function nounPhraseAt(s: Sentence, from: number): string[] {
  let p = from;
  while (p < s.words.length && LEADS.has(s.words[p]!)) p++;
  const out: string[] = [];
  let content = 0;
  let pending: string[] = [];
  const clean = (t: string) => t.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
  for (; p < s.words.length && content < LONGEST_TOPIC_WORDS && out.length + pending.length < LONGEST_TOPIC_SPAN; p++) {
    const w = s.words[p]!;
    const text = s.texts[p]!;
    if (out.length > 0 && pending.length === 0 && JOINERS.has(w)) pending.push(clean(text));
    else if (pending.length > 0 && pending.length < 2 && AFTER_JOINER.has(w)) pending.push(clean(text));
    else if (isStopword(w) && !/^\p{N}/u.test(w)) break;
    // "the AI fund helps AI startups": the phrase ends where its verb comes
    else if (out.length > 0 && PRESENT_S.has(w)) break;
    else {
      out.push(...pending, clean(text));
      pending = [];
      content++;
    }
    if (/[,;:.?!]$/u.test(text)) break;
  }
  return out;
}

/**
 * The topic a chapter's opening names, when the chapter goes on to talk about it: the noun phrase after a topic cue
 * ("let's talk about birds", "last topic: fine-tuning") when one of its words is `recurring` in the chapter, or after
 * an opening "okay"/"so" — a weaker sign, so only when one of its words is among the chapter's `salient` ones.
 */
export function openingTopic(sentences: Sentence[], indices: number[], recurring: Set<string>, salient: Set<string> = recurring, previewed: Set<string> = new Set()): string | null {
  const start = sentences[indices[0]!]?.start ?? 0;
  for (const k of indices) {
    const s = sentences[k]!;
    if (s.start - start > OPENING_SEC) break;
    const positions: { at: number; words: Set<string> }[] = [];
    // an opening "okay"/"so"; one said on its own ("…later. Okay. Shipping.") moves on like a topic cue
    s.words.forEach((w, p) => {
      if (!OPENERS.has(w) || (p > 0 && !/[.?!]$/u.test(s.texts[p - 1]!))) return;
      positions.push({ at: p + 1, words: /^\p{L}+[.!]$/u.test(s.texts[p]!) ? recurring : salient });
    });
    // the chapter opens right after a marker said alone at the end of the one before ("…later. Okay. | Compost."), or
    // on a bare topic behind a marker that the host's preview named ("Okay taxes.", "Now, Norway."): a cue phrase
    const before = sentences[k - 1];
    const afterMarker = k === indices[0] && !!before && endsOnMarker(before.texts, before.words);
    const announced = announcedTopic(s.texts, s.words, afterMarker);
    if (announced?.led && (afterMarker || announced.words.some((w) => previewed.has(stem(w))))) positions.push({ at: announced.at, words: recurring });
    for (const phrase of TOPIC_SHIFT) {
      const at = findPhrase(s.words, phrase);
      if (at >= 0) positions.push({ at: at + phrase.length, words: recurring });
    }
    for (const { at, words } of positions.sort((a, b) => a.at - b.at)) {
      // a cue that ends its sentence ("Last topic. Fine-tuning.") names the topic at the start of the next one
      const next = sentences[k + 1];
      const phrase = at >= s.words.length && next ? nounPhraseAt(next, 0) : nounPhraseAt(s, at);
      if (phrase.length && phrase.some((w) => words.has(stem(w.toLowerCase())))) return titleCase(phrase.join(' '));
    }
  }
  return null;
}

/** Stems that the sentences use as nouns at least once: right after a determiner, a preposition or a number. */
function nounLike(sentences: Sentence[], indices: number[]): Set<string> {
  const nouns = new Set<string>();
  for (const k of indices) {
    const { words } = sentences[k]!;
    for (let i = 1; i < words.length; i++) if (NOUN_LEADS.has(words[i - 1]!) || /^\d/.test(words[i - 1]!)) nouns.add(stem(words[i]!));
  }
  return nouns;
}

/**
 * A one-word phrase the chapter only uses to modify a noun ("a partial DNA profile", "partial, they tell me"): every
 * time it follows a determiner, a preposition or a number, another content word follows it with no pause between. An
 * adjective alone is no title; returns the noun phrase it opens the first such time ("Partial DNA Profile"), or an
 * empty list when that phrase is the word alone. Null when the word heads a noun phrase, or never follows such a word.
 */
export function modifiedPhrase(p: Phrase, sentences: Sentence[]): string[] | null {
  if (p.stems.length !== 1) return null;
  let first: string[] | null = null;
  for (const k of new Set(p.sentences)) {
    const { words, texts } = sentences[k]!;
    for (let i = 1; i < words.length; i++) {
      if (stem(words[i]!) !== p.stems[0] || !(NOUN_LEADS.has(words[i - 1]!) || /^\d/.test(words[i - 1]!))) continue;
      const next = words[i + 1];
      if (next === undefined || /[,;:.?!]$/u.test(texts[i]!) || isStopword(next)) return null;
      first ??= nounPhraseAt(sentences[k]!, i);
    }
  }
  return first && (first.length > 1 ? first : []);
}

/** Share of the top phrase's uses a longer phrase holding it needs to title the chapter instead. */
const FULLER_SHARE = 0.5;

/** Stretches a long chapter is cut into, and the sentences that make a chapter long enough to cut. */
const SPREAD_PARTS = 4;
const SPREAD_FROM = 20;

/** Share of a long chapter's stretches a phrase is said in: its topic runs through it, a detail bursts in one place. */
function spread(p: Phrase, indices: number[]): number {
  if (indices.length < SPREAD_FROM) return 1;
  const first = indices[0]!;
  const parts = new Set(p.sentences.map((k) => Math.min(SPREAD_PARTS - 1, Math.floor(((k - first) * SPREAD_PARTS) / indices.length))));
  return parts.size / SPREAD_PARTS;
}

/** Uses in a chapter that make a word one it goes on about. */
const RECURS = 3;

/** Background surprise (nats) of a phrase's rarest word below which it is everyday wording, and the span to fully specific. */
const EVERYDAY = 8;
const SPECIFIC_SPAN = 6;

/** How specific a phrase is against everyday speech (0.2–1): its rarest word decides ("dashi" over "wetter"). */
function specificity(p: Phrase): number {
  const rarest = Math.max(...p.words.map(backgroundSurprise));
  return Math.min(1, Math.max(0.2, (rarest - EVERYDAY) / SPECIFIC_SPAN));
}

/** Share of a long chapter's stretches a phrase is said in for it to run through the chapter (spread). */
const THROUGH = 0.75;
/** Share of a chapter before a phrase's first use from which it is an aside rather than the topic the chapter opened on. */
const ASIDE_FROM = 0.5;

/** Endings of words that modify the noun after them rather than act on it ("established companies", "digital tools"). */
const ADJECTIVE_END = /(?:ed|al|ic|ive|ous|ful|less|able|ible|ary|ern)$/u;

/**
 * The noun phrase an opening sentence names a chapter phrase with: the phrase as said at word `at`, with the words
 * before it that modify it ("already established companies" → "established companies") or join another topic word
 * to it ("a marker and whiteboard" → "marker and whiteboard"). A word before it counts when it looks like an adjective
 * after a determiner or an adverb (not a verb: "we trained networks"), or is a noun the chapter says again (`own`);
 * a word joined by "and" counts when the chapter says it again (`said`).
 */
function namedAt(s: Sentence, at: number, length: number, own: Set<string>, said: Set<string>): string {
  const clean = (t: string) => t.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
  let from = at;
  const open = (q: number) => q >= 0 && !/[,;:.?!]$/u.test(s.texts[q]!);
  for (let q = from - 1; open(q); q--) {
    const w = s.words[q]!;
    const before = s.words[q - 1] ?? '';
    const adjective = ADJECTIVE_END.test(w) && (DETERMINERS.has(before) || /ly$/u.test(before) || before === 'already');
    if (w === 'and' && q > 0 && open(q - 1) && said.has(stem(s.words[q - 1]!)) && !isStopword(s.words[q - 1]!)) from = --q;
    else if (!isStopword(w) && /^\p{L}+$/u.test(w) && !PRESENT_S.has(w) && (adjective || own.has(stem(w)))) from = q;
    else break;
    if (at - from >= LONGEST_TOPIC_WORDS) break;
  }
  return s.texts.slice(from, at + length).map(clean).join(' ');
}

/**
 * The topic a chapter's opening names when the chapter goes on about it: the best-scored of its `top` phrases that is
 * said RECURS times or more, all through the chapter (THROUGH of its stretches), and in a sentence of its first
 * OPENING_SEC — the host's question or framing sentence ("how does a large company… already established companies")
 * — as the opening says it. A phrase bursting in one stretch (an anecdote's "Google Maps") names no chapter here.
 */
export function openingNamed(top: { p: Phrase; score: number }[], sentences: Sentence[], indices: number[], own: Set<string>, said: Set<string>): string | null {
  for (const { p } of top) {
    if (p.count < RECURS || spread(p, indices) < THROUGH) continue;
    const named = openingForm(p, sentences, indices, own, said);
    if (named) return named;
  }
  return null;
}

/** A phrase as the chapter's opening (its first OPENING_SEC) names it (namedAt), title-cased; null when the opening does not say it. */
function openingForm(p: Phrase, sentences: Sentence[], indices: number[], own: Set<string>, said: Set<string>): string | null {
  const start = sentences[indices[0]!]?.start ?? 0;
  for (const k of indices) {
    const s = sentences[k]!;
    if (s.start - start > OPENING_SEC) break;
    const at = s.words.findIndex((_, q) => p.stems.every((st, j) => s.words[q + j] !== undefined && stem(s.words[q + j]!) === st));
    if (at >= 0) return titleCase(namedAt(s, at, p.stems.length, own, said));
  }
  return null;
}

/** A phrase as published: the transcript's casing when it is cased (names, acronyms), else lowercase. */
export const phraseText = (p: Phrase) => (p.surface === p.surface.toLowerCase() ? p.words.join(' ') : p.surface);

/**
 * A content chapter's title: the episode-title topic it holds (`fromTitle`, completed by the version or year its opening
 * says, numberedName), else the topic its opening names, else the host's short opening question when nothing recurs,
 * else its most distinctive key phrase (frequent in the chapter, rare in the others, rare in everyday speech, said all
 * through a long chapter) not `taken` by an earlier chapter, as the opening names it when it does ("Marker and
 * Whiteboard") — a noun phrase, or two when the chapter goes from one topic to another as distinctive (secondTopic),
 * never two phrases of one stretch joined nor two talked about in turns. A late aside (openingNamed) names no chapter.
 * `previewed`: the stems of the host's preview, whose topics the opening may name behind a bare "okay"/"so".
 * `resumes`: the title of the content chapter a sponsor read just interrupted; this chapter goes on with it when it
 * names no topic of its own and says one of its words.
 */
export function contentTitle(
  sentences: Sentence[],
  indices: number[],
  phrases: Map<string, Phrase>,
  chapterFrequency: Map<string, number>,
  chapters: number,
  exclude: Set<string>,
  fromTitle?: string,
  taken: Set<string> = new Set(),
  previewed: Set<string> = new Set(),
  resumes?: string,
): string {
  // TF-IDF over the chapters: said often here, in few other chapters; a recurring two-word phrase beats its head word
  const nouns = nounLike(sentences, indices);
  const scored = [...phrases.values()]
    .filter((p) => p.count >= 2 && !readsAsClause(p) && !p.words.some((w) => exclude.has(w)) && (nouns.has(p.stems[0]!) || p.surface !== p.surface.toLowerCase()))
    .map((p) => ({ p, score: p.count * p.words.length * Math.log((chapters + 1) / ((chapterFrequency.get(p.key) ?? 1) - 0.5)) * specificity(p) * spread(p, indices) }))
    .sort((a, b) => b.score - a.score);
  const ranked = scored.slice(0, 5).map((r) => ({ phrase: r.p }));
  const salient = new Set(ranked.flatMap((r) => r.phrase.stems));
  const recurring = new Set([...salient, ...[...phrases.values()].filter((p) => p.stems.length === 1 && p.count >= RECURS).map((p) => p.key)]);
  const opening = openingTopic(sentences, indices, recurring, salient, previewed);
  // the opening's own words say where a topic starts; an episode-title topic is placed by word counts only, so it
  // names the chapter when the opening names nothing or names the same thing (its words are the producer's)
  const sameTopic = (a: string, b: string) => contentStems(a).some((st) => contentStems(b).includes(st));
  // a longer phrase around a top phrase names its topic more fully ("breakage rate" for "breakage") when it holds
  // a good share of its uses (not a clause now and then: "loss rate fell")
  const nameOf = (top: Phrase) => {
    const fuller = scored.find((r) => r.p.stems.length > top.stems.length && top.stems.every((st) => r.p.stems.includes(st)) && r.p.count >= FULLER_SHARE * top.count);
    if (fuller) return titleCase(phraseText(fuller.p));
    // an adjective alone names nothing: the phrase it modifies does ("Partial" → "Partial DNA Profile")
    const modified = modifiedPhrase(top, sentences);
    return modified?.length ? titleCase(modified.join(' ')) : titleCase(phraseText(top));
  };
  const named = opening && fromTitle && !sameTopic(opening, fromTitle) ? opening : (fromTitle ?? opening);
  if (named) {
    const title = named === fromTitle ? (numberedName(fromTitle, sentences, indices) ?? namedInFull(fromTitle, sentences, indices)) : named;
    // a chapter that goes on from its named topic to others lists them
    return withLaterTopics(title, mentionsOf(named, phrases), scored, sentences, indices, nameOf);
  }
  // a chapter that follows a sponsor read without naming a topic of its own picks up the one the read broke into
  // ("…pause the ossobuco right here… | And we're back. The shanks go back into the pot…"): its title again
  if (resumes && contentStems(resumes).some((st) => phrases.has(st))) return resumes;
  // nothing the chapter says recurs enough to name it: the host's opening question sets its topic
  // ("How does a debt collector become a financial planner?" over a "yacht" said twice)
  const asked = (scored[0]?.p.count ?? 0) < RECURS ? openingQuestion(sentences, indices) : null;
  if (asked) return asked;
  // the most distinctive phrase is an aside the chapter gets to late and says in one stretch ("Google Maps" in a talk
  // about established companies): a topic said all through the chapter that its opening names titles it instead
  const said = new Set([...phrases.values()].filter((p) => p.stems.length === 1 && p.count >= 2).map((p) => p.key));
  const own = new Set([...said].filter((st) => nouns.has(st)));
  const aside = scored[0] && spread(scored[0].p, indices) < THROUGH && (scored[0].p.sentences[0]! - indices[0]!) / indices.length >= ASIDE_FROM;
  const framed = aside ? openingNamed(scored.slice(0, 5), sentences, indices, own, said) : null;
  if (framed && !taken.has(framed)) return framed;
  // an earlier chapter's title is not this one's, nor is its fuller form ("Reinforcement" would grow into it again):
  // the next most distinctive phrase names what sets this chapter apart
  const titles = ranked.map((r) => nameOf(r.phrase));
  const at = Math.max(0, titles.findIndex((t) => !taken.has(t)));
  const bare = titles[at];
  if (!bare) return 'Conversation';
  // the opening's fuller naming of it: the topic it is asked about with ("a marker and whiteboard")
  const asOpened = phraseText(ranked[at]!.phrase) === bare.toLowerCase() ? openingForm(ranked[at]!.phrase, sentences, indices, own, said) : null;
  const title = asOpened && asOpened.split(' ').length > bare.split(' ').length && !taken.has(asOpened) ? asOpened : bare;
  // a chapter that goes from one topic to another as distinctive names both, in the order it gets to them
  const top = ranked[at]!.phrase;
  const second = secondTopic(scored, top, indices);
  if (!second) return withLaterTopics(title, top.sentences, scored, sentences, indices, nameOf);
  // the chapter talks about one of them all along, the other comes and goes inside it: the one said all through
  // names the chapter ("Machine Learning", not "Developers and Machine Learning")
  if (interleaved(top, second)) return spread(second, indices) > spread(top, indices) ? nameOf(second) : title;
  const [a, b] = second.sentences[0]! < top.sentences[0]! ? [nameOf(second), title] : [title, nameOf(second)];
  const [aw, bw] = [a.split(' '), b.split(' ')];
  // two kinds of one thing share its name: "Reinforcement and Unsupervised Learning"
  if (aw.length === 2 && bw.length === 2 && stem(aw[1]!.toLowerCase()) === stem(bw[1]!.toLowerCase())) return `${aw[0]} and ${b}`;
  return contentStems(a).some((st) => contentStems(b).includes(st)) ? title : `${a} and ${b}`;
}

/** Where in a chapter (share of its sentences) a later topic may start at the earliest, the share of the chapter's best score it needs. */
const LATER_FROM = 1 / 3;
const LATER_SHARE = 0.3;

/** The sentences a chapter names a topic in: its phrase's, else those of each of its content words. */
function mentionsOf(topic: string, phrases: Map<string, Phrase>): number[] {
  const stems = contentStems(topic);
  const whole = phrases.get(stems.join(' '));
  if (whole) return whole.sentences;
  return [...new Set(stems.flatMap((st) => phrases.get(st)?.sentences ?? []))].sort((a, b) => a - b);
}

/**
 * A chapter whose talk goes from its topic on to others, one after another, lists them in its title in that order
 * ("Employer Match, Roth IRA and HSA"; producers title such chapters with a list): a later topic is the most distinctive
 * phrase (LATER_SHARE of the chapter's best score at least) said RECURS times or more, every time after the previous
 * topic's last mention and past LATER_FROM of the chapter, sharing no word with the title, and heading a noun phrase
 * rather than only modifying one ("a Roth IRA" says "IRA"). A third one is said between the two or after the second,
 * the more distinctive of those. A title that already joins two topics, or asks a question, stays as it is.
 */
function withLaterTopics(title: string, mentions: number[], scored: { p: Phrase; score: number }[], sents: Sentence[], indices: number[], nameOf: (p: Phrase) => string): string {
  if (!mentions.length || /\s(?:and|&)\s/u.test(title) || /\?$/u.test(title)) return title;
  const first = indices[0]!;
  const best = scored[0]?.score ?? 0;
  const own = new Set(contentStems(title));
  // the most distinctive phrase said only between two sentences, past LATER_FROM of the chapter, of a topic of its own
  const pick = (after: number, before: number, not: Set<string>) =>
    scored.find(
      (r) =>
        r.p.count >= RECURS &&
        r.score >= LATER_SHARE * best &&
        r.p.sentences[0]! > after &&
        r.p.sentences[r.p.sentences.length - 1]! < before &&
        (r.p.sentences[0]! - first) / indices.length >= LATER_FROM &&
        !r.p.stems.some((st) => not.has(st)) &&
        modifiedPhrase(r.p, sents) === null,
    );
  const last = mentions[mentions.length - 1]!;
  const next = pick(last, Infinity, own);
  if (!next) return title;
  const not = new Set([...own, ...next.p.stems]);
  // a third: talked about between the two, or after the second, whichever is the more distinctive
  const between = pick(last, next.p.sentences[0]!, not);
  const after = pick(next.p.sentences[next.p.sentences.length - 1]!, Infinity, not);
  const later = between && (!after || between.score >= after.score) ? [between.p, next.p] : after ? [next.p, after.p] : [next.p];
  const names = [title, ...later.map(nameOf)];
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** Share of the earlier topic's mentions that may still come once the later one is talked about, for the talk to go from one to the other. */
const STILL_SAID = 0.5;

/** Whether two topics are talked about in turns rather than one after the other: the earlier is still said, mostly, after the later starts. */
function interleaved(a: Phrase, b: Phrase): boolean {
  const [earlier, later] = a.sentences[0]! <= b.sentences[0]! ? [a, b] : [b, a];
  return earlier.sentences.filter((k) => k > later.sentences[0]!).length > STILL_SAID * earlier.sentences.length;
}

/** Share of the top phrase's score a chapter's second topic reaches, and how far apart in the chapter the two are talked about. */
const SECOND_SHARE = 0.8;
const SECOND_APART = 0.2;

/**
 * A chapter's second topic, when it has one: the best-scored phrase sharing no word with the `top` one, said as often
 * as a topic is (RECURS, both of them), nearly as distinctive (SECOND_SHARE of its score), and talked about in another
 * stretch of the chapter (their middle mentions SECOND_APART of its sentences apart): the cranes, then the bustards.
 */
function secondTopic(scored: { p: Phrase; score: number }[], top: Phrase, indices: number[]): Phrase | undefined {
  const best = scored.find((r) => r.p === top);
  const other = scored.find((r) => r.p !== top && !r.p.stems.some((st) => top.stems.includes(st)));
  if (!best || !other || top.count < RECURS || other.p.count < RECURS || other.score < SECOND_SHARE * best.score) return undefined;
  const first = indices[0]!;
  const middle = (p: Phrase) => (p.sentences[p.sentences.length >> 1]! - first) / indices.length;
  return Math.abs(middle(other.p) - middle(top)) >= SECOND_APART ? other.p : undefined;
}

/** What a listener sent, as the host announces it in a chapter's opening ("First, a letter.", "A listener, Tige in Cork, asks"). */
const LISTENER_CUES: { cue: string[]; kind: string }[] = [
  { cue: ['a', 'letter'], kind: 'Letter' },
  { cue: ['an', 'email'], kind: 'Letter' },
  { cue: ['listener', 'question'], kind: 'Question' },
  { cue: ['a', 'listener'], kind: 'Question' },
];

/**
 * A chapter that answers what a listener sent says so in its title: "A Listener's Letter: Boo Ya Base" when its
 * opening announces a letter, an email or a listener's question, unless the title already says it.
 */
export function listenerTitle(title: string, sentences: Sentence[], indices: number[]): string {
  if (/\b(?:letter|email|question|listener|mailbag)s?\b/iu.test(title) || title.endsWith('?')) return title;
  const start = sentences[indices[0]!]?.start ?? 0;
  for (const k of indices) {
    const s = sentences[k]!;
    if (s.start - start > OPENING_SEC) break;
    const found = LISTENER_CUES.find(({ cue }) => findPhrase(s.words, cue) >= 0);
    if (found) return `A Listener's ${found.kind}: ${title}`;
  }
  return title;
}

/** Words that may sit between a topic's name and the number that completes it ("Mistral small 3"), and words that never do. */
const BEFORE_NUMBER = 2;
const NOT_IN_NAME = new Set(['is', 'are', 'was', 'were', 'be', 'has', 'have', 'had', 'will', 'would', 'can', 'could', 'do', 'did', 'does', 'the', 'a', 'an', 'and', 'or', 'but', 'of', 'to', 'in', 'on', 'at', 'for', 'with', 'by', 'from', 'it', 'that', 'this', 'than', 'about', 'over', 'under', 'times', 'percent', 'per', 'up', 'down', 'out']);

/**
 * An episode-title topic as the chapter's opening names it in full, with the number that sets it apart: a version or
 * a year right after the topic's words ("A New Mistral" → "Mistral Small 3", "the Black Friday We Don't Talk About"
 * → "Black Friday 2024"). Null when the opening says no such thing.
 */
export function numberedName(topic: string, sentences: Sentence[], indices: number[]): string | null {
  if (/\sand\s/u.test(topic)) return null;
  const own = contentStems(topic);
  if (!own.length) return null;
  const start = sentences[indices[0]!]?.start ?? 0;
  const clean = (t: string) => t.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}.]+$/gu, '').replace(/\.$/u, '');
  for (const k of indices) {
    const s = sentences[k]!;
    if (s.start - start > OPENING_SEC) break;
    for (let p = 0; p + own.length < s.words.length; p++) {
      if (!own.every((st, j) => stem(s.words[p + j]!) === st)) continue;
      const end = p + own.length;
      if (/[;:.?!]$/u.test(s.texts[end - 1]!)) continue;
      // the topic's words, then up to BEFORE_NUMBER words ending on a number, within one phrase
      for (let q = end; q < Math.min(s.words.length, end + BEFORE_NUMBER + 1); q++) {
        if (/^\d/u.test(s.words[q]!)) return titleCase(s.texts.slice(p, q + 1).map(clean).join(' '));
        if (/[;:.?!]$/u.test(s.texts[q]!) || (q > end && /,$/u.test(s.texts[q - 1]!)) || NOT_IN_NAME.has(s.words[q]!) || PRESENT_S.has(s.words[q]!) || /ed$/u.test(s.words[q]!)) break;
      }
    }
  }
  return null;
}

/** Times the episode must say a name's fuller form for a chapter title to take it. */
const FULL_NAME_USES = 2;

/**
 * An episode-title topic with the word its name starts with as the chapter's opening says it: a title shortens names
 * ("Sociedad's Press" for the chapter that opens "Javier, real Sociedad."). When the topic's first word is a name (the
 * transcript capitalizes it mid-sentence, not "wild horses"), the word right before it in an opening sentence, with no
 * punctuation between, not a function word, and said before that word
 * FULL_NAME_USES times or more in the episode (so a verb that happens to precede it once, "released Mistral", is no
 * part of the name). Else the topic unchanged.
 */
export function namedInFull(topic: string, sentences: Sentence[], indices: number[]): string {
  const words = topic.split(/\s+/);
  const at = words.findIndex((w) => !isStopword(normalizeWord(w)));
  if (at < 0) return topic;
  const head = normalizeWord(words[at]!);
  const start = sentences[indices[0]!]?.start ?? 0;
  for (const k of indices) {
    const s = sentences[k]!;
    if (s.start - start > OPENING_SEC) break;
    for (let p = 1; p < s.words.length; p++) {
      const before = s.words[p - 1]!;
      if (s.words[p] !== head || !/^\p{Lu}/u.test(s.texts[p]!) || isStopword(before) || /[,;:.?!]$/u.test(s.texts[p - 1]!) || !/^\p{L}+$/u.test(before)) continue;
      const uses = sentences.reduce((n, x) => n + x.words.filter((w, q) => w === head && x.words[q - 1] === before && !/[,;:.?!]$/u.test(x.texts[q - 1]!)).length, 0);
      if (uses < FULL_NAME_USES) continue;
      const written = s.texts[p - 1]!.replace(/^[^\p{L}]+/u, '');
      return [...words.slice(0, at), written.charAt(0).toUpperCase() + written.slice(1), ...words.slice(at)].join(' ');
    }
  }
  return topic;
}

/** Words a question title holds at most, and content words at least. */
const LONGEST_QUESTION = 12;
const QUESTION_CONTENT = 2;

/**
 * The question that opens a chapter, when the host sets its topic by asking one: a whole sentence in the chapter's
 * first OPENING_SEC, a short wh- or yes/no question with content words of its own, title-cased. Null otherwise.
 */
export function openingQuestion(sentences: Sentence[], indices: number[]): string | null {
  const start = sentences[indices[0]!]?.start ?? 0;
  for (const k of indices) {
    const s = sentences[k]!;
    if (s.start - start > OPENING_SEC) break;
    // the sentence split may leave a short lead-in in front ("So quickly. How does…?"): the question after it
    let from = 0;
    for (let p = 0; p + 1 < s.texts.length; p++) if (/[.?!]$/u.test(s.texts[p]!)) from = p + 1;
    const texts = s.texts.slice(from);
    const words = s.words.slice(from);
    const before = from > 0 ? s.texts[from - 1] : sentences[k - 1]?.text;
    const whole = /^\p{Lu}/u.test(texts[0] ?? '') && /\?$/u.test(s.text) && (!before || /[.?!]$/u.test(before));
    const content = words.filter((w) => !isStopword(w)).length;
    if (whole && QUESTION_OPENERS.has(words[0]!) && words.length <= LONGEST_QUESTION && content >= QUESTION_CONTENT && !texts.some((t) => /,$/u.test(t))) return titleCase(texts.join(' '));
  }
  return null;
}

/** Seconds past which an introduction holds more than the welcome and a preview (a 91 s welcome + preview stays "Introduction"; a 103 s one that goes on to the guest's story does not). */
const LONG_INTRO_SEC = 100;

/**
 * An introduction's title: "Introduction", or, when it runs on into the first topic (no cue split them), the topic it
 * gets into as well ("Introduction: Emergency Fund"), picked as a content chapter's title is.
 */
export function introTitle(sentences: Sentence[], indices: number[], chapterFrequency: Map<string, number>, chapters: number, exclude: Set<string>, taken?: Set<string>): string {
  const first = sentences[indices[0]!];
  const last = sentences[indices[indices.length - 1]!];
  if (!first || !last || last.end - first.start < LONG_INTRO_SEC) return 'Introduction';
  return `Introduction: ${contentTitle(sentences, indices, collectPhrases(sentences, indices), chapterFrequency, chapters, exclude, undefined, taken)}`;
}

/**
 * The topics an episode title lists ("Leaving Etsy, Broken Mugs and the Black Friday …"): its parts, minus people.
 * `forChapters`: only the parts that can name one chapter — what a guest speaks "on" ("Ann Lee on the Great Plain")
 * is the whole episode's subject, said in every chapter, and names none of them.
 */
export function titleTopics(title: string | undefined, people: string[], forChapters = false): string[] {
  if (!title) return [];
  const nameWords = new Set(people.flatMap((p) => p.split(/\s+/)).map((w) => normalizeWord(w)));
  return title
    .split(/[,:;]|\s+(?:and|with|&)\s+/iu)
    .map((part) => part.trim().replace(/^(?:and|with)\s+/iu, ''))
    .map((part) => [part, withoutSpeaker(part, nameWords)] as const)
    .filter(([part, topic]) => !forChapters || topic === part)
    .map(([, topic]) => topic)
    .filter((part) => contentStems(part).length > 0 && !part.split(/\s+/).every((w) => nameWords.has(normalizeWord(w)) || isStopword(normalizeWord(w))));
}

/** A title part with the person who speaks on it dropped: "Ann Lee on the Great Plain" -> "the Great Plain". */
function withoutSpeaker(part: string, nameWords: Set<string>): string {
  const words = part.split(/\s+/);
  let k = 0;
  while (k < words.length && nameWords.has(normalizeWord(words[k]!))) k++;
  return k > 0 && k + 1 < words.length && /^(?:on|about|talks|explains)$/iu.test(words[k]!) ? words.slice(k + 1).join(' ') : part;
}

const contentStems = (text: string) =>
  text
    .split(/\s+/)
    .map(normalizeWord)
    .filter((w) => w && !isStopword(w))
    .map(stem);

/** An episode-title topic as a chapter title: without its article, capitalized ("the Employer Match" → "Employer Match"). */
const titleTopic = (topic: string) => topic.replace(/^(the|a|an)\s+/iu, '').replace(/^\p{Ll}/u, (c) => c.toUpperCase());

/** Share of its mentions a chapter must hold for an episode-title topic to name it. */
const TOPIC_SHARE = 0.4;

/**
 * Which content chapter each episode-title topic names: the one holding most of the topic's words (at least two
 * mentions and TOPIC_SHARE of the episode's, the `skip`ped preview not counted); each topic names one chapter, and a
 * chapter at most two (joined with "and", when a second topic's best chapter is already named). Keyed by the position in `chapters`.
 */
export function assignTitleTopics(sentences: Sentence[], chapters: number[][], topics: string[], skip: Set<number> = new Set()): Map<number, string> {
  const counts = new Map<string, number[]>();
  chapters.forEach((indices, c) => {
    for (const k of indices) {
      if (skip.has(k)) continue;
      for (const st of sentences[k]!.stems) {
        let row = counts.get(st);
        if (!row) counts.set(st, (row = new Array<number>(chapters.length).fill(0)));
        row[c]!++;
      }
    }
  });
  const pairs: { topic: string; chapter: number; share: number }[] = [];
  for (const topic of topics) {
    const stems = contentStems(topic);
    const hits = chapters.map((_, c) => stems.reduce((n, st) => n + (counts.get(st)?.[c] ?? 0), 0));
    const total = hits.reduce((a, b) => a + b, 0);
    hits.forEach((h, c) => {
      if (h >= 2 && h / total >= TOPIC_SHARE) pairs.push({ topic, chapter: c, share: h / total });
    });
  }
  pairs.sort((a, b) => b.share - a.share);
  const named = new Map<number, string>();
  const used = new Set<string>();
  // the topic that named each chapter first, and the chapters that already name two
  const firstTopic = new Map<number, string>();
  const joined = new Set<number>();
  for (const p of pairs) {
    if (used.has(p.topic)) continue;
    const held = named.get(p.chapter);
    const first = firstTopic.get(p.chapter);
    if (held === undefined) {
      named.set(p.chapter, titleTopic(p.topic));
      firstTopic.set(p.chapter, p.topic);
    }
    // a topic whose own best chapter another topic already names is that chapter's second topic, as the episode
    // title joins them ("Sociedad's Press and the Full-Back Who Isn't"): the chapter covers both; a third makes no title
    else if (first !== undefined && !joined.has(p.chapter) && pairs.find((q) => q.topic === p.topic) === p) {
      // in the episode title's order, which is the talk's
      named.set(p.chapter, topics.indexOf(first) < topics.indexOf(p.topic) ? `${held} and ${p.topic}` : `${titleTopic(p.topic)} and ${first}`);
      joined.add(p.chapter);
    } else continue;
    used.add(p.topic);
  }
  return named;
}

/** Words that open the host's preview of the episode ("Okay, today's a big one. We're doing …", "So today, …"). */
const PREVIEW_CUES = [['today', 'episode'], ['this', 'episode'], ['today', 'show']];
/** The same said within a sentence's first two words ("Today, three things…", "So today, …"; not "my guest today"). */
const PREVIEW_OPENS = [['today'], ['this', 'week']];
const previewCue = (words: string[]) =>
  PREVIEW_CUES.some((cue) => findPhrase(words, cue) >= 0) || PREVIEW_OPENS.some((cue) => findPhrase(words.slice(0, cue.length + 1), cue) >= 0);
/** Seconds the preview runs past the sentence that opens it, and how far into the episode it may start. */
const PREVIEW_SEC = 35;
const PREVIEW_BY_SEC = 180;
/** Background surprise (nats) from which a word is rare enough in everyday speech that saying it again makes it the topic's. */
const RARE_WORD = 12;
/** Sentence openings that end the preview: the host gets into the first topic. */
const PREVIEW_ENDS = new Set(['so', 'okay', 'ok', 'right', 'alright', "let's", 'let', 'first']);

/**
 * The sentences of the host's preview: from the first sentence of the opening `indices` that says "today"/"this week",
 * PREVIEW_SEC on. They list every topic in a few breaths, so they say nothing about which chapter holds which.
 */
export function previewSentences(sentences: Sentence[], indices: number[]): number[] {
  const at = indices.find((k) => sentences[k]!.start <= PREVIEW_BY_SEC && previewCue(sentences[k]!.words));
  if (at === undefined) return [];
  const from = sentences[at]!.start;
  const out: number[] = [];
  for (const k of indices) {
    if (k < at) continue;
    const s = sentences[k]!;
    // "So Mistral.", "Let's get into it": the talk begins
    if (s.start - from > PREVIEW_SEC || (k > at && PREVIEW_ENDS.has(s.words[0] ?? ''))) break;
    out.push(k);
  }
  return out;
}

/** A topic the preview names, as said: its words and the stems of its content words. */
export interface PreviewTopic {
  text: string;
  /** Its content words, lowercase, and their stems, in the same order. */
  words: string[];
  stems: string[];
}

/** Every noun phrase of the preview that starts after punctuation or a function word ("leaving Etsy for Shopify", "pricing spreadsheet"). */
export function previewTopics(sentences: Sentence[], preview: number[]): PreviewTopic[] {
  const out: PreviewTopic[] = [];
  for (const k of preview) {
    const s = sentences[k]!;
    for (let p = 0; p < s.words.length; p++) {
      const w = s.words[p]!;
      const before = p === 0 || /[,;:.?!]$/u.test(s.texts[p - 1]!) || isStopword(s.words[p - 1]!);
      if (!before || isStopword(w) || !/^\p{L}/u.test(w)) continue;
      const words = nounPhraseAt(s, p).filter(Boolean);
      const content = words.map(normalizeWord).filter((x) => x && !isStopword(x));
      const stems = content.map(stem);
      // "the Paris lab released Mistral" is a clause
      const clause = words.some((w, i) => i > 0 && w.length > 4 && w.toLowerCase().endsWith('ed'));
      if (stems.length && !clause) out.push({ text: words.join(' '), words: content, stems });
    }
  }
  return out;
}

/**
 * The preview's fuller name for a chapter's `title` when there is one: a previewed phrase holding every content word of
 * the title and more, each extra word said at least twice in the chapter outside the preview ("Leaving Etsy" → "Leaving
 * Etsy for Shopify", "Pricing" → "Pricing Spreadsheet"); else the title.
 */
export function fullerFromPreview(title: string, topics: PreviewTopic[], sentences: Sentence[], indices: number[], preview: Set<number>): string {
  const own = contentStems(title.replace(/^Introduction:\s*/u, ''));
  if (!own.length) return title;
  // uses of each stem, a hyphenated word's parts included ("single-gpu work" says "GPU")
  const uses = new Map<string, number>();
  const use = (st: string) => uses.set(st, (uses.get(st) ?? 0) + 1);
  for (const k of indices) {
    if (preview.has(k)) continue;
    for (const w of sentences[k]!.words) {
      if (isStopword(w)) continue;
      use(stem(w));
      if (w.includes('-')) for (const part of w.split('-')) if (part && !isStopword(part)) use(stem(part));
    }
  }
  // an everyday extra word must recur ("ships" is said once in passing), a rare one be said again
  const said = (st: string, word: string) => (uses.get(st) ?? 0) >= (backgroundSurprise(word) >= RARE_WORD ? 1 : 2);
  // the title's own words as said, not only their stems: "Shipping" is not the verb of "ship plates"
  const ownWords = title.replace(/^Introduction:\s*/u, '').split(/\s+/).map(normalizeWord).filter((w) => w && !isStopword(w));
  // never two topics of the preview's list joined ("emergency funds and the employer match")
  const fits = topics.filter(
    (t) => t.stems.length > own.length && !/\s(?:and|&)\s/iu.test(t.text) && own.every((st) => t.stems.includes(st)) && ownWords.every((w) => t.words.some((x) => x.replace(/s$/u, '') === w.replace(/s$/u, ''))) && t.words.every((w, i) => own.includes(t.stems[i]!) || said(t.stems[i]!, w)),
  );
  const best = fits.sort((a, b) => b.stems.length - a.stems.length)[0];
  return best ? `${/^Introduction:\s*/u.exec(title)?.[0] ?? ''}${titleCase(best.text)}` : title;
}
