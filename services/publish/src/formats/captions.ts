import type { Cue } from './cues.ts';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * A caption timestamp, `hh:mm:ss.mmm` (WebVTT) or `hh:mm:ss,mmm` (SRT). Hours count on past 24 and past 99 (WebVTT
 * allows more digits; SRT readers take them too): the `subtitle` library's writer formats through a Date and wraps
 * at 24 h, which put the cues of a long episode out of order.
 */
export function captionTime(seconds: number, separator: '.' | ','): string {
  const ms = Math.max(0, Math.round(seconds * 1000));
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}${separator}${pad(ms % 1000, 3)}`;
}

/** Escapes the three characters WebVTT cue text reserves. */
export function escapeVtt(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// SRT has no escaping; an arrow inside text would read as a timing line to some players.
function cleanSrt(text: string): string {
  return text.replace(/-->/g, '→');
}

/** Numbered cue blocks separated by blank lines, one string per cue (so a writer can stream them). */
function* cueBlocks(cues: Iterable<Cue>, separator: '.' | ',', text: (cue: Cue) => string): Generator<string> {
  let index = 0;
  for (const cue of cues) {
    index++;
    yield `${index > 1 ? '\n' : ''}${index}\n${captionTime(cue.start, separator)} --> ${captionTime(cue.end, separator)}\n${text(cue)}\n`;
  }
}

/** `transcript.vtt` piece by piece: WebVTT captions with the speaker as a voice span (`<v Name>`). */
export function* captionsVttChunks(cues: Iterable<Cue>): Generator<string> {
  yield 'WEBVTT\n\n';
  yield* cueBlocks(cues, '.', (cue) => {
    const text = cue.lines.map(escapeVtt).join('\n');
    return cue.speaker ? `<v ${escapeVtt(cue.speaker)}>${text}` : text;
  });
}

/** `transcript.srt` piece by piece: SubRip captions (no speaker markup; SRT has none). */
export function* captionsSrtChunks(cues: Iterable<Cue>): Generator<string> {
  yield* cueBlocks(cues, ',', (cue) => cue.lines.map(cleanSrt).join('\n'));
}

/** `transcript.vtt` whole. */
export const captionsVtt = (cues: Iterable<Cue>): string => [...captionsVttChunks(cues)].join('');
/** `transcript.srt` whole. */
export const captionsSrt = (cues: Iterable<Cue>): string => [...captionsSrtChunks(cues)].join('');
