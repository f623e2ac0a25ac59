import { z } from 'zod';
import { roundTime, type Chapter } from './model.ts';

/** Podcasting 2.0 chapters file (podcast namespace, chapters.md, version 1.2.0). */
export const ChaptersJson = z.object({
  version: z.literal('1.2.0'),
  chapters: z.array(
    z.object({
      startTime: z.number().nonnegative(),
      endTime: z.number().nonnegative().optional(),
      title: z.string().min(1),
      toc: z.literal(false).optional(),
    }),
  ),
});
export type ChaptersJson = z.infer<typeof ChaptersJson>;

/** Sorts chapters, starts the first at 0, and clamps every end to [start, next start] and the episode duration. */
export function normalizeChapters(chapters: Chapter[], durationSec: number): Chapter[] {
  const sorted = [...chapters].sort((a, b) => a.start - b.start);
  return sorted.map((chapter, index) => {
    const start = index === 0 ? 0 : chapter.start;
    const next = sorted[index + 1]?.start ?? (durationSec > start ? durationSec : Math.max(chapter.end, start));
    const end = Math.min(Math.max(chapter.end, start), next);
    return { ...chapter, start: roundTime(start), end: roundTime(end) };
  });
}

/** The chapters file as data; ad chapters stay seekable but are kept out of the table of contents (`toc: false`). */
export function chaptersDocument(chapters: Chapter[], durationSec: number): ChaptersJson {
  return {
    version: '1.2.0',
    chapters: normalizeChapters(chapters, durationSec).map((chapter) => ({
      startTime: chapter.start,
      endTime: chapter.end,
      title: chapter.title,
      ...(chapter.kind === 'ad' ? { toc: false as const } : {}),
    })),
  };
}

/** `chapters.json`: Podcasting 2.0 chapters, pretty-printed. */
export function chaptersJson(chapters: Chapter[], durationSec: number): string {
  return `${JSON.stringify(chaptersDocument(chapters, durationSec), null, 2)}\n`;
}
