import type { Silence } from '@podpipe/shared/transcript';

/** A stretch of speech between two silences (seconds). */
export interface SpeechRegion {
  start: number;
  end: number;
}

/** The complement of the silences within [0, duration]: sorted, merged, clipped, without empty regions. */
export function speechRegions(duration: number, silences: Silence[]): SpeechRegion[] {
  const sorted = silences
    .map((s) => ({ start: Math.max(0, s.start), end: Math.min(duration, s.end) }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start);
  const regions: SpeechRegion[] = [];
  let cursor = 0;
  for (const s of sorted) {
    if (s.start > cursor) regions.push({ start: cursor, end: s.start });
    cursor = Math.max(cursor, s.end);
  }
  if (duration > cursor) regions.push({ start: cursor, end: duration });
  return regions.filter((r) => r.end - r.start > 1e-3);
}
