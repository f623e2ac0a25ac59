import path from 'node:path';

const AUDIO = new Set(['.mp3', '.m4a', '.mp4', '.aac', '.wav', '.flac', '.ogg', '.opus', '.webm']);
const TRANSCRIPT = new Set(['.txt', '.json', '.srt', '.vtt']);

export interface DropFiles {
  stem: string;
  audio?: string;
  transcript?: string;
  meta?: string;
}

/** What role a dropped file plays, by name: `<stem>.mp3`, `<stem>.txt|.json|.srt|.vtt`, `<stem>.meta.json`. */
export function classifyDropFile(file: string): { stem: string; role: 'audio' | 'transcript' | 'meta' } | null {
  const base = path.basename(file);
  if (base.startsWith('.') || base.endsWith('.tmp') || base.endsWith('.part')) return null;
  if (base.toLowerCase().endsWith('.meta.json')) return { stem: base.slice(0, -'.meta.json'.length), role: 'meta' };
  const ext = path.extname(base).toLowerCase();
  const stem = base.slice(0, base.length - ext.length);
  if (AUDIO.has(ext)) return { stem, role: 'audio' };
  if (TRANSCRIPT.has(ext)) return { stem, role: 'transcript' };
  return null;
}

/** Groups the files of a drop directory into episodes by stem. */
export function groupDrops(files: string[]): DropFiles[] {
  const drops = new Map<string, DropFiles>();
  for (const file of files) {
    const c = classifyDropFile(file);
    if (!c) continue;
    const d = drops.get(c.stem) ?? { stem: c.stem };
    d[c.role] = file;
    drops.set(c.stem, d);
  }
  return [...drops.values()].filter((d) => d.audio || d.transcript);
}
