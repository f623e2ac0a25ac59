import type { FixedWord } from '@podpipe/shared/transcript';

/** One line of the episode page's transcript: a sentence (or a speaker's turn, or at most maxWords words) with its time span. */
export interface TranscriptLine {
  start: number;
  end: number;
  speaker: string | null;
  text: string;
}

const SENTENCE_END = /[.?!…]["')\]]*$/;

/** Groups corrected words into lines: a new line at each sentence end, speaker change, or after maxWords words. */
export function transcriptLines(words: Pick<FixedWord, 'text' | 'start' | 'end' | 'speaker'>[], maxWords = 40): TranscriptLine[] {
  const lines: TranscriptLine[] = [];
  let current: { words: typeof words; speaker: string | null } | undefined;
  let speaker: string | null = null;
  const flush = () => {
    if (!current?.words.length) return;
    const first = current.words[0]!;
    const last = current.words[current.words.length - 1]!;
    lines.push({ start: first.start, end: last.end, speaker: current.speaker, text: current.words.map((w) => w.text).join(' ') });
    current = undefined;
  };
  for (const w of words) {
    speaker = w.speaker ?? speaker;
    if (current && (speaker !== current.speaker || current.words.length >= maxWords)) flush();
    current ??= { words: [], speaker };
    current.words.push(w);
    if (SENTENCE_END.test(w.text)) flush();
  }
  flush();
  return lines;
}
