/**
 * A compact SRT/WebVTT cue reader: one pass over the lines, a cue kept as its times and text only. A block whose
 * timing line does not parse ("99:99:99,999 --> aa:bb") is not speech: it is dropped and counted, never read as
 * words. Stops with a clear error past `maxCues`.
 */
import { BadInputError } from '@podpipe/shared/errors';

export interface Cue {
  start: number;
  end: number;
  text: string;
}

/** `hh:mm:ss.mmm`, `mm:ss.mmm` (WebVTT) or `hh:mm:ss,mmm` (SRT), in seconds; undefined when out of range or malformed. */
export function parseTimestamp(value: string): number | undefined {
  const m = /^(?:(\d{1,3}):)?([0-5]\d):([0-5]\d)[.,](\d{1,3})$/.exec(value.trim());
  if (!m) return undefined;
  return Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]) + Number(m[4]!.padEnd(3, '0')) / 1000;
}

const TIMING = /^\s*(\S+)\s+-->\s+(\S+)(?:\s.*)?$/;

/** The cues of a subtitle file and how many blocks were dropped as broken. */
export function parseCues(text: string, maxCues: number): { cues: Cue[]; dropped: number } {
  const cues: Cue[] = [];
  let dropped = 0;
  let current: Cue | undefined;
  let skipping = false; // inside a broken cue, a NOTE/STYLE/REGION block, or the header
  let lines: string[] = [];
  const close = () => {
    if (current) {
      current.text = lines.join('\n').trim();
      if (current.text) cues.push(current);
    }
    current = undefined;
    lines = [];
    skipping = false;
  };
  let from = 0;
  while (from <= text.length) {
    let to = text.indexOf('\n', from);
    if (to < 0) to = text.length;
    const line = text.slice(from, to).replace(/\r$/, '');
    from = to + 1;
    if (!line.trim()) {
      close();
      continue;
    }
    if (line.includes('-->')) {
      // A timing line opens a cue, even without a blank line before it (sloppy SRT: drop the sequence number).
      if (lines.length && /^\d+$/.test(lines[lines.length - 1]!.trim())) lines.pop();
      close();
      const t = TIMING.exec(line);
      const start = t ? parseTimestamp(t[1]!) : undefined;
      const end = t ? parseTimestamp(t[2]!) : undefined;
      if (start === undefined || end === undefined || end < start) {
        dropped++;
        skipping = true;
        continue;
      }
      if (cues.length >= maxCues) throw new BadInputError(`subtitle file has more than ${maxCues} cues (PODPIPE_MAX_CUES)`);
      current = { start, end, text: '' };
      continue;
    }
    if (current && !skipping) lines.push(line);
    // Lines outside a cue: the WEBVTT header, SRT sequence numbers, NOTE/STYLE/REGION blocks — none of it speech.
  }
  close();
  return { cues, dropped };
}
