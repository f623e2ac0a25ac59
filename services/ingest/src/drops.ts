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

/** Suffixes uploaders and downloaders give a file while they write it. */
const IN_PROGRESS = /\.(part|partial|tmp|crdownload|download|uploading|filepart)$/i;

/**
 * The stem a file marks as still arriving: `ep.mp3.part`, `ep.part`, `.ep.mp3.tmp`, rsync's `.ep.mp3.Xy12Ab`.
 * Undefined for an ordinary drop file.
 */
export function inProgressStem(file: string): string | undefined {
  const base = path.basename(file);
  const hidden = base.startsWith('.');
  if (!hidden && !IN_PROGRESS.test(base)) return undefined;
  const name = base.replace(/^\./, '').replace(IN_PROGRESS, '');
  const direct = classifyDropFile(name);
  if (direct) return direct.stem;
  // rsync and some clients append a random suffix: `.ep.mp3.Xy12Ab`
  const withoutSuffix = classifyDropFile(name.slice(0, Math.max(0, name.lastIndexOf('.'))) || name);
  return withoutSuffix?.stem ?? (IN_PROGRESS.test(base) ? name.split('.')[0] : undefined);
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
