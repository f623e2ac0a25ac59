/**
 * Episode events for downstream systems. An event is written in the same transaction as the state change it
 * reports: one delivery row per subscribed webhook, handed to the webhook queue through the outbox — so an
 * event is never announced for a change that rolled back, nor lost for one that committed.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Database } from './database.ts';
import type { DB, EpisodeEvent } from './db/schema.ts';
import { addWebhooksToOutbox } from './outbox.ts';

export { DEFAULT_EPISODE_EVENTS, EPISODE_EVENTS } from './events.ts';
/** Version of the event payload; a breaking change bumps the major (1.1: episode.moved with movedFrom). */
export const EVENT_SCHEMA_VERSION = '1.1.0';
/** The events that announce a (re)publication and carry the artifacts. */
export type PublicationEvent = 'episode.published' | 'episode.updated' | 'episode.reprocessed';

/** What a subscriber receives (the JSON body of the POST). */
export interface EpisodeEventBody {
  schemaVersion: string;
  event: EpisodeEvent;
  occurredAt: string;
  episode: {
    id: string;
    generation: number;
    show: string | null;
    title: string | null;
    status: string;
    durationSec: number | null;
    /** Set for episode.failed: the stage and the reason. */
    error: string | null;
  };
  /** Set for the publication events: every published file with its public URL. */
  artifacts: { kind: string; url: string; sha256: string; bytes: number }[];
  /** Set for episode.moved: the slug of the show it left (`episode.show` is where it is now). */
  movedFrom?: string | null;
}

/**
 * Records an episode event for every active webhook subscribed to it (all shows, or the episode's show — for
 * episode.moved also the show it left), inside the caller's transaction. Repeating it for the same episode
 * generation adds nothing. Returns the deliveries made.
 */
export async function recordEpisodeEvent(
  trx: Transaction<DB> | Database,
  args: { episodeId: string; generation: number } & (
    | { event: PublicationEvent; publicBaseUrl: string }
    | { event: 'episode.failed' }
    | { event: 'episode.moved'; from: { showId: string | null; slug: string | null } }
  ),
): Promise<number> {
  const episode = await trx
    .selectFrom('episodes')
    .leftJoin('shows', 'shows.id', 'episodes.show_id')
    .select(['episodes.id', 'episodes.show_id', 'episodes.title', 'episodes.status', 'episodes.error', 'episodes.duration_sec', 'shows.slug'])
    .where('episodes.id', '=', args.episodeId)
    .executeTakeFirst();
  if (!episode) return 0;
  const hooks = await trx
    .selectFrom('webhooks')
    .select('id')
    .where('active', '=', true)
    .where((eb) => eb.or([eb('show_id', 'is', null), eb('show_id', '=', episode.show_id), ...(args.event === 'episode.moved' && args.from.showId ? [eb('show_id', '=', args.from.showId)] : [])]))
    .where(sql<boolean>`events @> array[${args.event}]::text[]`)
    .execute();
  if (!hooks.length) return 0;
  const artifacts =
    'publicBaseUrl' in args
      ? (await trx.selectFrom('artifacts').select(['kind', 'key', 'sha256', 'bytes']).where('episode_id', '=', episode.id).orderBy('kind').execute()).map((a) => ({
          kind: a.kind,
          url: `${args.publicBaseUrl}/${a.key}`,
          sha256: a.sha256,
          bytes: a.bytes,
        }))
      : [];
  const body: EpisodeEventBody = {
    schemaVersion: EVENT_SCHEMA_VERSION,
    event: args.event,
    occurredAt: new Date().toISOString(),
    episode: {
      id: episode.id,
      generation: args.generation,
      show: episode.slug,
      title: episode.title,
      status: episode.status,
      durationSec: episode.duration_sec,
      error: args.event === 'episode.failed' ? episode.error : null,
    },
    artifacts,
    ...(args.event === 'episode.moved' ? { movedFrom: args.from.slug } : {}),
  };
  const created = await trx
    .insertInto('webhook_deliveries')
    .values(hooks.map((h) => ({ webhook_id: h.id, event: args.event, episode_id: episode.id, generation: args.generation, payload: JSON.stringify(body) })))
    .onConflict((oc) => oc.constraint('webhook_deliveries_once').doNothing())
    .returning('id')
    .execute();
  await addWebhooksToOutbox(trx, created.map((d) => ({ deliveryId: d.id })));
  return created.length;
}

/**
 * The X-Podpipe-Signature header value, Stripe style: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` under
 * the webhook's secret. The signed timestamp lets a receiver reject old (replayed) deliveries.
 */
export function signBody(secret: string, body: string, at: Date = new Date()): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

/** Checks a signature header against a body: the HMAC matches and its timestamp is within `toleranceSec` of now. */
export function verifySignature(secret: string, body: string, header: string, toleranceSec = 300, now: Date = new Date()): boolean {
  const parts = Object.fromEntries(header.split(',').map((kv) => kv.split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1 || Math.abs(now.getTime() / 1000 - t) > toleranceSec) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(`${t}.${body}`).digest('hex'));
  const given = Buffer.from(parts.v1);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
