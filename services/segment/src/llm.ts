import { z } from 'zod';
import { chatComplete, type ChatConfig } from '@podpipe/shared/chat';
import { isStopword, normalizeWord, stem } from './core/text.ts';
import type { Segmentation } from './core/index.ts';

/** Words of a chapter sent to the model: enough for its gist, bounded so a long chapter stays one cheap request. */
const CHAPTER_WORDS = 700;
const EPISODE_WORDS = 1500;

const TitleAndSummary = z.object({ title: z.string(), summary: z.string() });

const CHAPTER_PROMPT = [
  'You title podcast chapters. Given a chapter transcript, reply with JSON only: {"title": "...", "summary": "..."}.',
  'The title is a short key phrase a producer would accept (2-8 words, no quotes, no trailing period).',
  'The summary is 1-2 sentences saying what is discussed, using only facts from the transcript.',
].join(' ');
const EPISODE_PROMPT =
  'You summarize podcast episodes. Given chapter titles and transcript excerpts, reply with a 3-5 sentence summary of the episode in plain prose, using only facts from the text. No lists, no headings.';

/** Content-word stems of a text, for checking that what the model wrote is grounded in what was said. */
function contentStems(text: string): string[] {
  return text
    .split(/\s+/)
    .map(normalizeWord)
    .filter((w) => w.length > 2 && !isStopword(w))
    .map(stem);
}

/** Share of the reply's content words that occur in the source text (1 when it has none). */
export function groundedShare(reply: string, source: Set<string>): number {
  const stems = contentStems(reply);
  return stems.length ? stems.filter((s) => source.has(s)).length / stems.length : 1;
}

const sentenceCount = (text: string) => text.split(/(?<=[.!?])\s+/).filter((s) => s.trim()).length;

/** Guard for a chapter reply: the right shape and length, and mostly made of the chapter's own words. */
export function acceptChapterReply(reply: { title: string; summary: string }, source: Set<string>): boolean {
  const title = reply.title.trim();
  const words = title.split(/\s+/).length;
  return (
    words >= 2 && words <= 8 && title.length <= 70 && !/[\n"]/.test(title) &&
    sentenceCount(reply.summary) >= 1 && sentenceCount(reply.summary) <= 2 && reply.summary.length <= 400 &&
    groundedShare(title, source) >= 0.5 && groundedShare(reply.summary, source) >= 0.6
  );
}

/** Guard for the episode summary: 3–5 sentences, bounded, grounded in the transcript. */
export function acceptEpisodeSummary(summary: string, source: Set<string>): boolean {
  const n = sentenceCount(summary);
  return n >= 3 && n <= 5 && summary.length <= 1200 && !/^\s*[-*#]/m.test(summary) && groundedShare(summary, source) >= 0.6;
}

function parseJsonReply(text: string): { title: string; summary: string } | null {
  const body = text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1);
  try {
    const parsed = TitleAndSummary.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Optional LLM pass for content chapters' titles and summaries and the episode summary. Every reply is guarded
 * (shape, length, grounded in the transcript); a rejected or failed reply keeps the default. Never throws.
 */
export async function llmTitles(
  seg: Segmentation,
  words: { text: string; start: number; end: number }[],
  cfg: ChatConfig,
): Promise<{ segmentation: Segmentation; accepted: number; rejected: number }> {
  let accepted = 0;
  let rejected = 0;
  const textBetween = (start: number, end: number, limit: number) =>
    words.filter((w) => w.start >= start && w.start < end).slice(0, limit).map((w) => w.text).join(' ');
  const chapters = [];
  for (const chapter of seg.chapters) {
    if (chapter.kind !== 'content') {
      chapters.push(chapter);
      continue;
    }
    const text = textBetween(chapter.start, chapter.end, CHAPTER_WORDS);
    const reply = await chatComplete(cfg, CHAPTER_PROMPT, text).then(parseJsonReply, () => null);
    if (reply && acceptChapterReply(reply, new Set(contentStems(text)))) {
      accepted++;
      chapters.push({ ...chapter, title: reply.title.trim().replace(/\.$/, ''), summary: reply.summary.trim() });
    } else {
      rejected++;
      chapters.push(chapter);
    }
  }
  const excerpt = chapters
    .filter((c) => c.kind === 'content')
    .map((c) => `## ${c.title}\n${textBetween(c.start, c.end, Math.floor(EPISODE_WORDS / Math.max(1, chapters.length)))}`)
    .join('\n\n');
  let summary = seg.summary;
  const reply = await chatComplete(cfg, EPISODE_PROMPT, excerpt).catch(() => null);
  if (reply && acceptEpisodeSummary(reply, new Set(contentStems(words.map((w) => w.text).join(' '))))) {
    accepted++;
    summary = reply.trim();
  } else rejected++;
  return { segmentation: { ...seg, chapters, summary }, accepted, rejected };
}
