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

/** Numbered cue blocks separated by blank lines. */
function cueBlocks(cues: readonly Cue[], separator: '.' | ',', text: (cue: Cue) => string): string {
  return cues.map((cue, i) => `${i + 1}\n${captionTime(cue.start, separator)} --> ${captionTime(cue.end, separator)}\n${text(cue)}\n`).join('\n');
}

/** `transcript.vtt`: WebVTT captions with the speaker as a voice span (`<v Name>`). */
export function captionsVtt(cues: readonly Cue[]): string {
  const blocks = cueBlocks(cues, '.', (cue) => {
    const text = cue.lines.map(escapeVtt).join('\n');
    return cue.speaker ? `<v ${escapeVtt(cue.speaker)}>${text}` : text;
  });
  return `WEBVTT\n\n${blocks}`;
}

/** `transcript.srt`: SubRip captions (no speaker markup; SRT has none). */
export function captionsSrt(cues: readonly Cue[]): string {
  return cueBlocks(cues, ',', (cue) => cue.lines.map(cleanSrt).join('\n'));
}
