import type { Database } from '@podpipe/shared/database';
import type { TranscriptSource } from '@podpipe/shared/transcript';

/**
 * Text from the outside world (titles, errors quoting input) made safe for a terminal: control characters, escape
 * sequences (ESC, CSI, OSC) and bidirectional overrides shown as U+FFFD, and cut to `max` characters.
 */
export function forTerminal(text: string, max = 200): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '\ufffd');
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

function ago(d: Date): string {
  const s = Math.round((Date.now() - new Date(d).getTime()) / 1000);
  return s < 120 ? `${s}s ago` : s < 7200 ? `${Math.round(s / 60)}m ago` : `${Math.round(s / 3600)}h ago`;
}

/** Where the words came from, in one line: a recognizer's output says it is rough and how sure it was. */
export function transcriptSourceLine(source: TranscriptSource): string {
  const who = [source.provider, source.model].filter(Boolean).join(' ');
  const parts = [`${source.kind}${who && who !== source.kind ? ` (${who})` : ''}`];
  if (source.meanConfidence !== undefined) parts.push(`mean confidence ${source.meanConfidence.toFixed(2)}`);
  if (source.kind === 'provider' && source.provider === 'pocketsphinx') parts.push('rough: offline recognizer');
  if (source.dtwPlaced) parts.push(`${source.dtwPlaced} words placed by DTW`);
  if (source.interpolated) parts.push(`${source.interpolated} words interpolated`);
  return parts.join(', ');
}

/** A table of recent episodes, or one episode's stage runs and artifacts, as text lines. */
export async function statusLines(db: Database, episodeId?: string): Promise<string[]> {
  if (!episodeId) {
    const rows = await db.selectFrom('episodes').selectAll().orderBy('updated_at', 'desc').limit(50).execute();
    if (!rows.length) return ['no episodes yet'];
    return rows.map((e) => [e.id, e.status.padEnd(10), (e.stage ?? '-').padEnd(14), ago(e.updated_at).padEnd(9), forTerminal(e.title ?? '(untitled)', 80), e.error ? `  ERROR ${forTerminal(e.error)}` : ''].join('  '));
  }
  const e = await db.selectFrom('episodes').selectAll().where('id', '=', episodeId).executeTakeFirst();
  if (!e) throw new Error(`no episode ${episodeId}`);
  const runs = await db.selectFrom('stage_runs').selectAll().where('episode_id', '=', e.id).orderBy('id').execute();
  const artifacts = await db.selectFrom('artifacts').select(['kind', 'key', 'bytes']).where('episode_id', '=', e.id).orderBy('kind').execute();
  const timed = await db.selectFrom('transcripts').select('source').where('episode_id', '=', e.id).where('version', '=', 'timed').executeTakeFirst();
  return [
    `episode   ${e.id}  ${forTerminal(e.title ?? '(untitled)')}`,
    `status    ${e.status}${e.stage ? ` (${e.stage})` : ''}  generation ${e.generation}  duration ${e.duration_sec ?? '-'} s`,
    ...(e.error ? [`error     ${forTerminal(e.error, 2000)}`] : []),
    ...e.warnings.map((w) => `warning   ${forTerminal(w, 500)}`),
    ...(timed?.source ? [`words     ${forTerminal(transcriptSourceLine(timed.source), 500)}`] : []),
    'stage runs:',
    ...runs.map((r) => `  ${r.stage.padEnd(14)} g${r.generation} #${r.attempt} ${r.status.padEnd(8)} ${String(r.duration_ms ?? '-').padStart(7)} ms  ${r.fingerprint.slice(0, 12)}${r.error ? `  ${forTerminal(r.error)}` : ''}`),
    'artifacts:',
    ...artifacts.map((a) => `  ${a.kind.padEnd(18)} ${String(a.bytes).padStart(9)} B  ${a.key}`),
  ];
}
