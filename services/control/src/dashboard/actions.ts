/**
 * What an operator can do from the dashboard or the API; every action leaves an audit line. Each returns a short
 * outcome for the page, or throws ActionError (with an HTTP status) when it cannot apply.
 */
import { z } from 'zod';
import { reprocessEpisodes } from '@podpipe/ingest/register';
import { StageName, WEBHOOKS, webhookJobId } from '@podpipe/shared/jobs';
import { enqueueWebhook } from '@podpipe/shared/queues';
import type { Runtime } from '@podpipe/shared/runtime';
import { addGlossaryTerm, removeGlossaryTerm } from '../shows.ts';
import { recordAudit, type Actor } from './audit.ts';

export class ActionError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

/** Checkbox and JSON spellings of a flag: true, 'true', 'on', '1'. */
const flag = z.union([z.boolean(), z.enum(['true', 'on', '1', 'false', 'off', '0', '']).transform((v) => ['true', 'on', '1'].includes(v))]).default(false);

export const ReprocessRequest = z.object({ fromStage: StageName.default('ingest'), force: flag });
export type ReprocessRequest = z.infer<typeof ReprocessRequest>;

/** Processes the episode again from a chosen stage (earlier stages' outputs stand), optionally forcing every stage to re-run. */
export async function reprocessEpisode(rt: Runtime, episodeId: string, req: ReprocessRequest, actor: Actor): Promise<{ episodeId: string; generation: number }> {
  const [requested] = await reprocessEpisodes(rt.db, { episodeIds: [episodeId], force: req.force, fromStage: req.fromStage });
  if (!requested) throw new ActionError(404, 'no such episode');
  await recordAudit(rt.db, { actor, action: 'reprocess', episodeId, details: { fromStage: req.fromStage, force: req.force, generation: requested.generation } });
  rt.outbox.kick();
  return requested;
}

/** Retries a failed episode from the stage that failed. */
export async function retryEpisode(rt: Runtime, episodeId: string, actor: Actor): Promise<{ episodeId: string; generation: number; fromStage: StageName }> {
  const episode = await rt.db.selectFrom('episodes').select(['status', 'stage']).where('id', '=', episodeId).executeTakeFirst();
  if (!episode) throw new ActionError(404, 'no such episode');
  if (episode.status !== 'failed') throw new ActionError(409, `episode is ${episode.status}, not failed; reprocess it instead`);
  const fromStage = episode.stage ?? 'ingest';
  const [requested] = await reprocessEpisodes(rt.db, { episodeIds: [episodeId], fromStage });
  if (!requested) throw new ActionError(404, 'no such episode');
  await recordAudit(rt.db, { actor, action: 'retry', episodeId, details: { fromStage, generation: requested.generation } });
  rt.outbox.kick();
  return { ...requested, fromStage };
}

/** Sends a webhook delivery again from its first attempt, whatever became of it. */
export async function redeliverWebhook(rt: Runtime, deliveryId: string, actor: Actor): Promise<{ deliveryId: string }> {
  const delivery = await rt.db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
    .select(['d.id', 'd.episode_id', 'd.event', 'w.url', 'w.active'])
    .where('d.id', '=', deliveryId)
    .executeTakeFirst();
  if (!delivery) throw new ActionError(404, 'no such delivery');
  if (!delivery.active) throw new ActionError(409, 'its webhook was removed');
  await rt.db
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', attempts: 0, last_error: null, response_status: null, finished_at: null })
    .where('id', '=', deliveryId)
    .execute();
  // The job id is deterministic: a finished or waiting job under it must go before the delivery can be queued anew.
  const old = await rt.queues[WEBHOOKS.name].getJob(webhookJobId({ deliveryId }));
  if (old && (await old.isActive())) throw new ActionError(409, 'the delivery is being attempted right now');
  await old?.remove();
  await enqueueWebhook(rt.queues, { deliveryId });
  await recordAudit(rt.db, { actor, action: 'redeliver-webhook', episodeId: delivery.episode_id, details: { url: delivery.url, event: delivery.event, deliveryId } });
  return { deliveryId };
}

export const GlossaryEdit = z.object({
  term: z.string().trim().min(1).max(200),
  heard: z.string().trim().max(200).default(''),
  kind: z.enum(['person', 'organization', 'product', 'place', 'term', 'sponsor']).default('term'),
});
export type GlossaryEdit = z.infer<typeof GlossaryEdit>;

async function showId(rt: Runtime, slug: string): Promise<string> {
  const show = await rt.db.selectFrom('shows').select('id').where('slug', '=', slug).executeTakeFirst();
  if (!show) throw new ActionError(404, `no show ${slug}`);
  return show.id;
}

/** Adds a hand-made glossary entry to a show. */
export async function addToGlossary(rt: Runtime, slug: string, edit: GlossaryEdit, actor: Actor): Promise<void> {
  const id = await showId(rt, slug);
  await addGlossaryTerm(rt.db, slug, { term: edit.term, kind: edit.kind, ...(edit.heard ? { heard: edit.heard } : {}) });
  await recordAudit(rt.db, { actor, action: 'glossary-add', showId: id, details: { term: edit.term, heard: edit.heard, kind: edit.kind } });
}

/** Removes a glossary entry (hand-made or learned) from a show. */
export async function removeFromGlossary(rt: Runtime, slug: string, edit: Pick<GlossaryEdit, 'term' | 'heard'>, actor: Actor): Promise<void> {
  const id = await showId(rt, slug);
  if (!(await removeGlossaryTerm(rt.db, slug, edit))) throw new ActionError(404, `no glossary entry "${edit.term}"${edit.heard ? ` heard as "${edit.heard}"` : ''} in ${slug}`);
  await recordAudit(rt.db, { actor, action: 'glossary-remove', showId: id, details: { term: edit.term, heard: edit.heard } });
}

/** Audit lines of a show (glossary edits), newest first. */
export async function showAudit(rt: Runtime, slug: string, limit = 50) {
  return rt.db
    .selectFrom('audit_log as a')
    .innerJoin('shows as s', 's.id', 'a.show_id')
    .select(['a.at', 'a.actor', 'a.action', 'a.details'])
    .where('s.slug', '=', slug)
    .orderBy('a.id', 'desc')
    .limit(limit)
    .execute();
}

