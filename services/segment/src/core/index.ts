import { z } from 'zod';
import { ChapterKind, EpisodeMeta, Silence } from '@podpipe/shared/transcript';
import { detectAds, type AdSpan } from './ads.ts';
import { OUTRO, TOPIC_SHIFT, clauseOpenings, signsOn, turnsToGuest } from './cues.ts';
import { boundaryEvidence } from './boundaries.ts';
import { planChapters, type ChapterPlan } from './chapters.ts';
import { findEntities, type Entity } from './entities.ts';
import { collectPhrases, rankPhrases, type Phrase } from './keyphrases.ts';
import { namesTopic } from './keywords.ts';
import { findQuotes } from './quotes.ts';
import { splitSentences, type Sentence } from './sentences.ts';
import { summarize, summarizeEpisode } from './summary.ts';
import { assignTitleTopics, contentTitle, fullerFromPreview, introTitle, listenerTitle, phraseText, previewSentences, previewTopics, titleTopics } from './titles.ts';
import { normalizeWord, squash, titleCase } from './text.ts';
import { inverseFrequencies, vectorOf } from './vectors.ts';

/** What segmentation reads: corrected timed words (punctuation attached, capitals kept), silences, duration, meta. */
export const SegmentInput = z.object({
  words: z.array(z.object({ text: z.string(), start: z.number(), end: z.number(), speaker: z.string().optional() })),
  silences: z.array(Silence),
  duration: z.number().nonnegative(),
  meta: EpisodeMeta,
  /** Sponsors the show has had before. */
  knownSponsors: z.array(z.string()),
});
export type SegmentInput = z.infer<typeof SegmentInput>;

export const SegmentOptions = z.object({
  minChapterSec: z.number().positive().default(90),
  maxChapterSec: z.number().positive().default(1200),
});
export type SegmentOptions = z.infer<typeof SegmentOptions>;

export interface Chapter {
  start: number;
  end: number;
  title: string;
  kind: ChapterKind;
  summary: string;
}

export interface Segmentation {
  chapters: Chapter[];
  ads: { sponsor: string | null; start: number; end: number }[];
  summary: string;
  keywords: { phrase: string; score: number }[];
  entities: Entity[];
  quotes: { text: string; start: number; end: number; speaker?: string; score: number }[];
}

const KEYWORDS = 15;
const QUOTES = 5;
const round = (t: number) => Math.round(t * 100) / 100;


/** Words that must not become keywords or titles: the people and sponsors, who are entities instead. */
function nameWords(meta: EpisodeMeta, sponsors: string[]): Set<string> {
  const words = [...meta.hosts, ...meta.guests, ...sponsors].flatMap((n) => n.split(/[\s&]+/)).map(normalizeWord);
  return new Set(words.filter((w) => w.length > 1));
}

const rangeOf = (p: ChapterPlan) => Array.from({ length: p.last - p.first + 1 }, (_, i) => p.first + i);

/** Times, title and summary of every planned chapter; chapters run back to back from 0 to the episode's end. */
function describeChapters(sentences: Sentence[], plans: ChapterPlan[], duration: number, idf: Map<string, number>, exclude: Set<string>, meta: EpisodeMeta): Chapter[] {
  const startOf = (i: number) => (i === 0 ? 0 : round(sentences[plans[i]!.first]!.start));
  const endOf = (i: number) => (i + 1 < plans.length ? startOf(i + 1) : round(duration));
  // how many content chapters each phrase appears in, so titles prefer what sets a chapter apart
  const content = plans.filter((p) => p.kind === 'content');
  const chapterPhrases = new Map(content.map((p) => [p, collectPhrases(sentences, rangeOf(p))]));
  const chapterFrequency = new Map<string, number>();
  for (const phrases of chapterPhrases.values()) for (const key of phrases.keys()) chapterFrequency.set(key, (chapterFrequency.get(key) ?? 0) + 1);
  // the topics the episode's own title lists name the chapters that hold them
  // the host's preview of the episode lists every topic at once: it places none, and it names them as the host does
  const opening = plans.filter((p) => p.kind === 'intro' || p === content[0]).flatMap(rangeOf);
  const preview = new Set(previewSentences(sentences, opening));
  const previewed = previewTopics(sentences, [...preview]);
  const previewStems = new Set([...preview].flatMap((k) => sentences[k]!.stems));
  const fromTitle = assignTitleTopics(sentences, content.map(rangeOf), titleTopics(meta.title, [...meta.hosts, ...meta.guests], true), preview);
  const taken = new Set<string>();
  const titles: string[] = [];
  return plans.map((p, i) => {
    const long = endOf(i) - startOf(i) >= 240;
    let title: string;
    if (p.kind === 'ad') title = p.sponsor ? `Sponsor: ${p.sponsor}` : 'Sponsor';
    else if (p.kind === 'intro') title = fullerFromPreview(introTitle(sentences, rangeOf(p), chapterFrequency, content.length, exclude, taken), previewed, sentences, rangeOf(p), preview);
    else if (p.kind === 'outro') title = 'Closing';
    else {
      // the chapter before a sponsor read that this one follows (its title already final)
      const resumes = plans[i - 1]?.kind === 'ad' && plans[i - 2]?.kind === 'content' ? titles[i - 2] : undefined;
      title = listenerTitle(fullerFromPreview(contentTitle(sentences, rangeOf(p), chapterPhrases.get(p)!, chapterFrequency, content.length, exclude, fromTitle.get(content.indexOf(p)), taken, previewStems, resumes), previewed, sentences, rangeOf(p), preview), sentences, rangeOf(p));
    }
    taken.add(title);
    titles.push(title);
    const summary = p.kind === 'ad' ? `Sponsor read${p.sponsor ? ` for ${p.sponsor}` : ''}.` : summarize(sentences, rangeOf(p), idf, long ? 2 : 1);
    return { start: startOf(i), end: endOf(i), title, kind: p.kind, summary };
  });
}

/** Sentences with every sponsor read starting and ending on a sentence edge, and the reads over them. */
function sentencesAndAds(input: SegmentInput, sponsors: string[]): { sentences: Sentence[]; ads: AdSpan[] } {
  const rough = splitSentences(input.words, input.silences);
  const found = detectAds(rough, sponsors);
  // a topic change or a goodbye that opens a clause mid-sentence starts a sentence of its own
  const openings = rough.flatMap((s) => clauseOpenings(s.texts, s.words, [TOPIC_SHIFT, OUTRO]).map((p) => s.wordIndex[p]!));
  const cuts = new Set([...found.flatMap((a) => [a.startWord, a.endWord + 1]), ...openings]);
  if (cuts.size === 0) return { sentences: rough, ads: [] };
  const sentences = splitSentences(input.words, input.silences, cuts);
  const at = (word: number) => sentences.findIndex((s) => s.first <= word && word <= s.last);
  return { sentences, ads: found.map((a) => ({ ...a, first: at(a.startWord), last: at(a.endWord) })) };
}

/** Chapters, sponsor reads, summary, keywords, entities and quotes of one episode. Pure and synchronous. */
export function segmentEpisode(input: SegmentInput, options?: Partial<SegmentOptions>): Segmentation {
  const bounds = SegmentOptions.parse(options ?? {});
  const duration = Math.max(input.duration, input.words[input.words.length - 1]?.end ?? 0);
  const sponsors = [...new Set([...input.meta.sponsors, ...input.knownSponsors])];
  const { sentences, ads: adSpans } = sentencesAndAds(input, sponsors);
  if (sentences.length === 0) {
    return { chapters: [{ start: 0, end: round(duration), title: 'Episode', kind: 'content', summary: '' }], ads: [], summary: '', keywords: [], entities: [], quotes: [] };
  }
  // the host's preview lists the episode's topics: a chapter that names one of them as it opens starts a topic
  const inAd = (k: number) => adSpans.some((a) => k >= a.first && k <= a.last);
  const talk = sentences.map((_, k) => k).filter((k) => !inAd(k));
  const hostPreview = previewSentences(sentences, talk);
  const evidence = boundaryEvidence(sentences, new Set(hostPreview), new Set(sentences.map((_, k) => k).filter(inAd)));
  const where = (test: (s: Sentence) => boolean) => new Set(sentences.flatMap((s, k) => (test(s) ? [k] : [])));
  const marks = { preview: hostPreview, signOn: where((s) => signsOn(s.words, input.meta.show, input.meta.hosts)), toGuest: where((s) => turnsToGuest(s.texts, s.words, input.meta.guests)) };
  const plans = planChapters(sentences, evidence, adSpans, duration, bounds, marks);
  const idf = inverseFrequencies(sentences);
  const exclude = nameWords(input.meta, sponsors);
  const chapters = describeChapters(sentences, plans, duration, idf, exclude, input.meta);

  const spoken = plans.filter((p) => p.kind === 'content' || p.kind === 'intro').flatMap(rangeOf);
  // topics as the title writes them (its capitals cannot tell names from title case)
  const topics = titleTopics(input.meta.title, [...input.meta.hosts, ...input.meta.guests]);
  // the names the talk itself comes back to (not the people on the show, who lead the summary, nor the sponsors)
  const onShow = new Set([...input.meta.hosts, ...input.meta.guests, ...sponsors, input.meta.show ?? ''].map(squash));
  const talked = findEntities(spoken.map((k) => sentences[k]!), input.meta, sponsors).filter((e) => !onShow.has(squash(e.name)));
  const firstContent = plans.find((p) => p.kind === 'content');
  const preview = previewSentences(sentences, plans.filter((p) => p.kind === 'intro' || p === firstContent).flatMap(rangeOf));
  const summary = summarizeEpisode(sentences, plans.map((p) => ({ kind: p.kind, sentences: rangeOf(p) })), idf, input.meta, topics, talked, preview, exclude, chapters.map((c) => (c.kind === 'content' ? c.title : '')));
  // keywords are the episode's topics and names, never an action ("launched", "inspire millions")
  const ranked = rankPhrases(collectPhrases(sentences, spoken), { limit: KEYWORDS, minCount: 2, exclude, keep: (p) => namesTopic(p, sentences) });
  const topScore = ranked[0]?.score ?? 1;
  const keywords = ranked.map((r) => ({ phrase: phraseText(r.phrase), score: Math.round((r.score / topScore) * 1000) / 1000 }));

  const kindOf = new Array<string>(sentences.length);
  plans.forEach((p) => rangeOf(p).forEach((k) => (kindOf[k] = p.kind)));
  const keyStems = new Set(ranked.flatMap((r) => r.phrase.stems));
  const episodeVector = vectorOf(spoken.map((k) => sentences[k]!), idf);
  const quotes = findQuotes(sentences, (k) => kindOf[k] === 'content', episodeVector, idf, keyStems, QUOTES).map((q) => {
    const first = sentences[q.first]!;
    const quote: Segmentation['quotes'][number] = {
      text: sentences.slice(q.first, q.last + 1).map((s) => s.text).join(' '),
      start: round(first.start),
      end: round(sentences[q.last]!.end),
      score: Math.round(q.score * 1000) / 1000,
    };
    if (first.speaker !== undefined) quote.speaker = first.speaker;
    return quote;
  });

  return {
    chapters,
    ads: plans.flatMap((p, i) => (p.kind === 'ad' ? [{ sponsor: p.sponsor ?? null, start: chapters[i]!.start, end: chapters[i]!.end }] : [])),
    summary,
    keywords,
    entities: findEntities(sentences, input.meta, sponsors),
    quotes,
  };
}
