import type { Word } from '@podpipe/shared/transcript';

/** Raw words from a sentence, one second each, so times can be checked. */
export function words(text: string): Word[] {
  return text.split(/\s+/).filter(Boolean).map((t, i) => ({ text: t, start: i, end: i + 0.5 }));
}
