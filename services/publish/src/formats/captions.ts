import { stringifySync, type NodeList } from 'subtitle';
import type { Cue } from './cues.ts';

function toMs(seconds: number): number {
  return Math.round(seconds * 1000);
}

/** Escapes the three characters WebVTT cue text reserves. */
export function escapeVtt(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// SRT has no escaping; an arrow inside text would read as a timing line to some players.
function cleanSrt(text: string): string {
  return text.replace(/-->/g, '→');
}

/** `transcript.vtt`: WebVTT captions with the speaker as a voice span (`<v Name>`). */
export function captionsVtt(cues: Cue[]): string {
  const nodes: NodeList = [
    { type: 'header', data: 'WEBVTT' },
    ...cues.map((cue) => {
      const text = cue.lines.map(escapeVtt).join('\n');
      return {
        type: 'cue' as const,
        data: { start: toMs(cue.start), end: toMs(cue.end), text: cue.speaker ? `<v ${escapeVtt(cue.speaker)}>${text}` : text },
      };
    }),
  ];
  return stringifySync(nodes, { format: 'WebVTT' });
}

/** `transcript.srt`: SubRip captions (no speaker markup; SRT has none). */
export function captionsSrt(cues: Cue[]): string {
  const nodes: NodeList = cues.map((cue) => ({
    type: 'cue' as const,
    data: { start: toMs(cue.start), end: toMs(cue.end), text: cue.lines.map(cleanSrt).join('\n') },
  }));
  return stringifySync(nodes, { format: 'SRT' });
}
