/**
 * Webhook subscriptions and their delivery. Events are recorded by the pipeline (libs/shared/src/webhooks.ts);
 * here a BullMQ worker POSTs each delivery, signed, and BullMQ's retries with backoff carry a subscriber
 * through an outage. Every attempt's outcome is stored on the delivery row, for the operator.
 */
import { randomBytes } from 'node:crypto';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Database } from '@podpipe/shared/database';
import type { DeliveryStatus, EpisodeEvent } from '@podpipe/shared/db/schema';
import { WEBHOOKS, WebhookJob } from '@podpipe/shared/jobs';
import type { Logger } from '@podpipe/shared/logger';
import { workerConnection } from '@podpipe/shared/queues';
import type { Runtime } from '@podpipe/shared/runtime';
import type { Config } from '@podpipe/shared/config';
import { BlockedAddressError, checkTargetUrl } from '@podpipe/shared/net-guard';
import { decryptSecret, encryptSecret, secretKeyFrom } from '@podpipe/shared/secrets';
import { DEFAULT_EPISODE_EVENTS, EPISODE_EVENTS, signBody } from '@podpipe/shared/webhooks';
import { postGuarded } from './webhook-post.ts';

/** A subscriber gets this long to answer. */
const DELIVERY_TIMEOUT_MS = 10_000;

export const NewWebhook = z.object({
  url: z.string(),
  show: z.string().min(1).optional(),
  events: z.array(z.enum(EPISODE_EVENTS)).min(1).default([...DEFAULT_EPISODE_EVENTS]),
});

/** How webhooks are kept and sent: the key their secrets are encrypted under, and whether private targets are allowed. */
export interface WebhookSecurity {
  secretKey: Buffer | undefined;
  allowPrivate: boolean;
}

/** The webhook settings of a runtime's config. */
export function webhookSecurity(config: Pick<Config, 'secretKey' | 'webhookAllowPrivate'>): WebhookSecurity {
  return { secretKey: config.secretKey ? secretKeyFrom(config.secretKey) : undefined, allowPrivate: config.webhookAllowPrivate };
}

export class InvalidWebhookError extends Error {}

/** A subscriber URL, or an error that says what is wrong with it. */
export function parseWebhookUrl(input: string): URL {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new InvalidWebhookError(`not a URL: ${JSON.stringify(input.slice(0, 200))} (expected http://host/path or https://host/path)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidWebhookError(`webhook URLs must be http or https, not ${url.protocol.replace(/:$/, '')}`);
  if (url.username || url.password) throw new InvalidWebhookError('webhook URLs must not carry a user name or password; deliveries are signed instead');
  if (!url.hostname) throw new InvalidWebhookError(`webhook URL ${input} has no host`);
  return url;
}

/**
 * Subscribes a URL to episode events (of one show, or all); returns its id and the secret that signs its deliveries.
 * The URL's host must resolve to public addresses only; the secret is stored encrypted.
 */
export async function addWebhook(db: Database, input: z.input<typeof NewWebhook>, security: WebhookSecurity): Promise<{ id: string; secret: string }> {
  const parsed = NewWebhook.safeParse(input);
  if (!parsed.success) throw new InvalidWebhookError(`invalid webhook: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  const hook = parsed.data;
  const url = parseWebhookUrl(hook.url);
  if (!security.secretKey) throw new InvalidWebhookError('set PODPIPE_SECRET_KEY (32+ characters) first: webhook secrets are stored encrypted under it');
  await checkTargetUrl(url, security.allowPrivate).catch((err: Error) => {
    throw new InvalidWebhookError(err instanceof BlockedAddressError ? err.message : `cannot resolve ${url.hostname}: ${err.message}`);
  });
  let showId: string | null = null;
  if (hook.show) {
    const show = await db.selectFrom('shows').select('id').where('slug', '=', hook.show).executeTakeFirst();
    if (!show) throw new Error(`no show ${hook.show}; shows are created by their first episode`);
    showId = show.id;
  }
  const secret = randomBytes(24).toString('base64url');
  const row = await db
    .insertInto('webhooks')
    .values({ url: url.href, secret: encryptSecret(security.secretKey, secret), show_id: showId, events: sql<EpisodeEvent[]>`${sql.val(hook.events)}::text[]` })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, secret };
}

/** Stops a subscription; its pending deliveries fail with a note instead of being sent. */
export async function removeWebhook(db: Database, id: string): Promise<boolean> {
  const res = await db.updateTable('webhooks').set({ active: false }).where('id', '=', z.uuid().parse(id)).where('active', '=', true).executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** Active subscriptions with their delivery counts, for `podpipe webhook list` and the API. */
export async function listWebhooks(db: Database) {
  const count = (status: DeliveryStatus) => sql<number>`(count(d.id) filter (where d.status = ${status}))::int`;
  return db
    .selectFrom('webhooks')
    .leftJoin('shows', 'shows.id', 'webhooks.show_id')
    .leftJoin('webhook_deliveries as d', 'd.webhook_id', 'webhooks.id')
    .select(['webhooks.id', 'webhooks.url', 'webhooks.events', 'shows.slug as show', count('delivered').as('delivered'), count('pending').as('pending'), count('failed').as('failed')])
    .where('webhooks.active', '=', true)
    .groupBy(['webhooks.id', 'shows.slug'])
    .orderBy('webhooks.created_at')
    .execute();
}

export type DeliveryOutcome = 'delivered' | 'skipped';

/**
 * Sends one delivery: POST of its JSON payload with X-Podpipe-Event / -Delivery / -Signature headers. A 2xx answer
 * marks it delivered; anything else is stored on the row and thrown, for BullMQ to retry, and on the last attempt
 * the delivery is marked failed. A delivered (or already failed) delivery is never sent again.
 */
export async function deliverWebhook(db: Database, deliveryId: string, attempt: { number: number; last: boolean }, security: WebhookSecurity): Promise<DeliveryOutcome> {
  const d = await db
    .selectFrom('webhook_deliveries')
    .innerJoin('webhooks', 'webhooks.id', 'webhook_deliveries.webhook_id')
    .select(['webhook_deliveries.id', 'webhook_deliveries.event', 'webhook_deliveries.payload', 'webhook_deliveries.status', 'webhooks.url', 'webhooks.secret', 'webhooks.active'])
    .where('webhook_deliveries.id', '=', deliveryId)
    .executeTakeFirst();
  if (!d || d.status !== 'pending') return 'skipped';
  const finish = (set: { status: 'delivered' | 'failed' | 'pending'; response_status?: number | null; last_error?: string | null }) =>
    db
      .updateTable('webhook_deliveries')
      .set({ ...set, attempts: attempt.number, finished_at: set.status === 'pending' ? null : sql`now()` })
      .where('id', '=', deliveryId)
      .execute();
  if (!d.active) {
    await finish({ status: 'failed', last_error: 'webhook removed before delivery' });
    return 'skipped';
  }
  const body = JSON.stringify(d.payload);
  let status: number | null = null;
  let error: string;
  try {
    status = await postGuarded(
      parseWebhookUrl(d.url),
      {
        'content-type': 'application/json',
        'user-agent': 'podpipe-webhooks',
        'x-podpipe-event': d.event,
        'x-podpipe-delivery': d.id,
        'x-podpipe-signature': signBody(decryptSecret(security.secretKey, d.secret), body),
      },
      body,
      { timeoutMs: DELIVERY_TIMEOUT_MS, allowPrivate: security.allowPrivate },
    );
    if (status >= 200 && status < 300) {
      await finish({ status: 'delivered', response_status: status, last_error: null });
      return 'delivered';
    }
    error = status >= 300 && status < 400 ? `HTTP ${status} (redirects are not followed)` : `HTTP ${status}`;
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  await finish({ status: attempt.last ? 'failed' : 'pending', response_status: status, last_error: error });
  throw new Error(`webhook ${d.url}: ${error}`);
}

/** The webhook delivery worker (run by `podpipe serve` and `podpipe up`); close() it on shutdown. */
export function startWebhookWorker(rt: Runtime, log: Logger = rt.log): Worker {
  const security = webhookSecurity(rt.config);
  const connection = workerConnection(rt.redisUrl);
  connection.on('error', (err) => log.warn({ err: err.message }, 'webhook worker redis connection error'));
  const worker = new Worker(
    WEBHOOKS.name,
    async (job: Job) => {
      const parsed = WebhookJob.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`malformed webhook job ${job.id}: ${parsed.error.message}`);
      const attempts = job.opts.attempts ?? 1;
      return deliverWebhook(rt.db, parsed.data.deliveryId, { number: job.attemptsMade + 1, last: job.attemptsMade + 1 >= attempts }, security);
    },
    { connection, prefix: rt.config.queuePrefix, concurrency: 8 },
  );
  worker.on('failed', (job, err) => log.warn({ jobId: job?.id, err: err.message }, 'webhook delivery failed'));
  worker.on('error', (err) => log.error({ err }, 'webhook worker error'));
  worker.on('closed', () => connection.disconnect());
  return worker;
}
