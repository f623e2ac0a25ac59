/** The audit log: one line per operator action (reprocess, retry, redeliver, glossary edit), shown on the episode page. */
import type { Transaction } from 'kysely';
import type { Database } from '@podpipe/shared/database';
import type { DB } from '@podpipe/shared/db/schema';

/** Where an action came from: the dashboard's forms, the JSON API, or the command line. */
export type Actor = 'dashboard' | 'api' | 'cli';

export interface AuditEntry {
  actor: Actor;
  action: string;
  episodeId?: string | null;
  showId?: string | null;
  details?: Record<string, unknown>;
}

export async function recordAudit(db: Database | Transaction<DB>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({ actor: entry.actor, action: entry.action, episode_id: entry.episodeId ?? null, show_id: entry.showId ?? null, details: JSON.stringify(entry.details ?? {}) })
    .execute();
}

export interface AuditLine {
  at: Date;
  actor: string;
  action: string;
  details: Record<string, unknown>;
}

/** An episode's audit lines, newest first. */
export async function episodeAudit(db: Database, episodeId: string, limit = 100): Promise<AuditLine[]> {
  return db.selectFrom('audit_log').select(['at', 'actor', 'action', 'details']).where('episode_id', '=', episodeId).orderBy('id', 'desc').limit(limit).execute();
}

/** One audit line as words, e.g. "reprocess from segment (force) by dashboard". */
export function describeAudit(line: Pick<AuditLine, 'action' | 'actor' | 'details'>): string {
  const d = line.details;
  const parts = [line.action.replace(/-/g, ' ')];
  if (typeof d.fromStage === 'string') parts.push(`from ${d.fromStage}`);
  if (d.force === true) parts.push('(force)');
  if (typeof d.term === 'string') parts.push(`"${d.term}"${d.heard ? ` heard as "${String(d.heard)}"` : ''}`);
  if (typeof d.url === 'string') parts.push(`to ${d.url}`);
  if (typeof d.to === 'string') parts.push(`to show ${d.to}`);
  if (typeof d.generation === 'number') parts.push(`→ generation ${d.generation}`);
  parts.push(`by ${line.actor}`);
  return parts.join(' ');
}
