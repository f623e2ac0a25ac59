import type { Database } from '@podpipe/shared/database';
import type { TranscriptSource } from '@podpipe/shared/transcript';

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
  if (source.interpolated) parts.push(`${source.interpolated} words interpolated`);
  return parts.join(', ');
}

/** A table of recent episodes, or one episode's stage runs and artifacts, as text lines. */
export async function statusLines(db: Database, episodeId?: string): Promise<string[]> {
  if (!episodeId) {
    const rows = await db.selectFrom('episodes').selectAll().orderBy('updated_at', 'desc').limit(50).execute();
    if (!rows.length) return ['no episodes yet'];
    return rows.map((e) => [e.id, e.status.padEnd(10), (e.stage ?? '-').padEnd(14), ago(e.updated_at).padEnd(9), e.title ?? '(untitled)', e.error ? `  ERROR ${e.error}` : ''].join('  '));
  }
  const e = await db.selectFrom('episodes').selectAll().where('id', '=', episodeId).executeTakeFirst();
  if (!e) throw new Error(`no episode ${episodeId}`);
  const runs = await db.selectFrom('stage_runs').selectAll().where('episode_id', '=', e.id).orderBy('id').execute();
  const artifacts = await db.selectFrom('artifacts').select(['kind', 'key', 'bytes']).where('episode_id', '=', e.id).orderBy('kind').execute();
  const timed = await db.selectFrom('transcripts').select('source').where('episode_id', '=', e.id).where('version', '=', 'timed').executeTakeFirst();
  return [
    `episode   ${e.id}  ${e.title ?? '(untitled)'}`,
    `status    ${e.status}${e.stage ? ` (${e.stage})` : ''}  generation ${e.generation}  duration ${e.duration_sec ?? '-'} s`,
    ...(e.error ? [`error     ${e.error}`] : []),
    ...(timed?.source ? [`words     ${transcriptSourceLine(timed.source)}`] : []),
    'stage runs:',
    ...runs.map((r) => `  ${r.stage.padEnd(14)} g${r.generation} #${r.attempt} ${r.status.padEnd(8)} ${String(r.duration_ms ?? '-').padStart(7)} ms  ${r.fingerprint.slice(0, 12)}${r.error ? `  ${r.error}` : ''}`),
    'artifacts:',
    ...artifacts.map((a) => `  ${a.kind.padEnd(18)} ${String(a.bytes).padStart(9)} B  ${a.key}`),
  ];
}
