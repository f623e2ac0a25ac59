import type { Server } from 'node:http';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import express, { type Request, type Response } from 'express';
import helmet from 'helmet';
import { sql } from 'kysely';
import { z } from 'zod';
import { QUEUE_NAMES } from '@podpipe/shared/jobs';
import type { Runtime } from '@podpipe/shared/runtime';
import { dashboardRouter } from './dashboard/routes.ts';
import { publishedFilesRouter } from './files.ts';
import { requireOperatorToken } from './auth.ts';
import { isLoopbackHost, stateChangeGuard } from './guards.ts';
import { pipelineMetrics } from './metrics.ts';
import { episodeProgress, transcriptSource } from './episodes.ts';
import { listWebhooks } from './webhooks.ts';

const EpisodeParams = z.object({ id: z.uuid() });
const ListQuery = z.object({ status: z.enum(['queued', 'processing', 'done', 'failed']).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) });

/** The operator service: dashboard, JSON API, Bull Board and the publish bucket's files. */
export function createApp(rt: Runtime): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // CSP (no inline script, no framing), nosniff, no referrer: the dashboard and Bull Board need nothing more.
  app.use(helmet({ contentSecurityPolicy: { directives: { 'upgrade-insecure-requests': null } }, hsts: false }));

  // Probes: alive while the process serves; ready while Postgres and Redis answer. Open, like the published files.
  app.get('/healthz', (_req, res) => void res.json({ ok: true }));
  app.get('/readyz', async (_req, res) => {
    // A probe must answer even while a server hangs rather than refuses: each check gets 2 s.
    const check = async (fn: () => Promise<unknown>) =>
      Promise.race([fn(), new Promise((_, reject) => setTimeout(() => reject(new Error('no answer within 2 s')), 2000).unref())]).then(
        () => 'ok',
        (err: unknown) => (err instanceof Error ? err.message : String(err)),
      );
    const [postgres, redis] = await Promise.all([check(() => sql`select 1`.execute(rt.db)), check(() => rt.redis.ping())]);
    res.status(postgres === 'ok' && redis === 'ok' ? 200 : 503).json({ postgres, redis });
  });

  // Published files, from whichever bucket publishes (a directory or S3), served like a CDN would.
  app.use('/files', publishedFilesRouter(rt.buckets.publish, { publicBaseUrl: rt.config.publicBaseUrl }));

  // Everything below is the operator's: behind the token when one is configured.
  if (rt.config.operatorToken) app.use(requireOperatorToken(rt.config.operatorToken));

  // Bull Board can pause queues and remove jobs: only for an operator who proved the token; read-only otherwise.
  const board = new ExpressAdapter();
  board.setBasePath('/queues');
  const readOnlyMode = !rt.config.operatorToken;
  createBullBoard({ queues: QUEUE_NAMES.map((q) => new BullMQAdapter(rt.queues[q], { readOnlyMode })), serverAdapter: board });
  app.use('/queues', stateChangeGuard({ jsonOnly: false }), board.getRouter());

  // Bodies are parsed only past the token, small, and for JSON only.
  app.use('/api', stateChangeGuard({ jsonOnly: true }), express.json({ limit: '100kb' }));

  const metrics = pipelineMetrics(rt);
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.contentType).send(await metrics.metrics());
  });

  app.use(dashboardRouter(rt));

  app.get('/api/webhooks', async (_req, res) => {
    res.json(await listWebhooks(rt.db));
  });

  app.get('/api/episodes', async (req, res) => {
    const query = ListQuery.safeParse(req.query);
    if (!query.success) return void res.status(400).json({ error: query.error.issues.map((i) => i.message).join('; ') });
    let q = rt.db.selectFrom('episodes').select(['id', 'title', 'status', 'stage', 'error', 'generation', 'duration_sec', 'created_at', 'updated_at']).orderBy('updated_at', 'desc').limit(query.data.limit);
    if (query.data.status) q = q.where('status', '=', query.data.status);
    res.json(await q.execute());
  });

  app.get('/api/episodes/:id', async (req, res) => {
    const params = EpisodeParams.safeParse(req.params);
    if (!params.success) return void res.status(400).json({ error: 'episode id must be a UUID' });
    const episode = await rt.db.selectFrom('episodes').selectAll().where('id', '=', params.data.id).executeTakeFirst();
    if (!episode) return void res.status(404).json({ error: 'no such episode' });
    const [runs, chapters, summary, artifacts, deliveries] = await Promise.all([
      rt.db.selectFrom('stage_runs').selectAll().where('episode_id', '=', episode.id).orderBy('id').execute(),
      rt.db.selectFrom('chapters').selectAll().where('episode_id', '=', episode.id).orderBy('idx').execute(),
      rt.db.selectFrom('summaries').selectAll().where('episode_id', '=', episode.id).executeTakeFirst(),
      rt.db.selectFrom('artifacts').selectAll().where('episode_id', '=', episode.id).orderBy('kind').execute(),
      rt.db
        .selectFrom('webhook_deliveries as d')
        .innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
        .select(['d.id', 'd.event', 'd.generation', 'd.status', 'd.attempts', 'd.response_status', 'd.last_error', 'd.created_at', 'd.finished_at', 'w.url'])
        .where('d.episode_id', '=', episode.id)
        .orderBy('d.created_at')
        .execute(),
    ]);
    const { silences: _omit, ...rest } = episode;
    const [progress, transcript] = await Promise.all([episodeProgress(rt.queues, episode), transcriptSource(rt.db, episode.id)]);
    res.json({ ...rest, progress, transcriptSource: transcript, stageRuns: runs, chapters, summary: summary ?? null, artifacts: artifacts.map((a) => ({ ...a, url: `/files/${a.key}` })), webhookDeliveries: deliveries });
  });

  app.use((err: unknown, _req: Request, res: Response, _next: express.NextFunction) => {
    // body-parser's own refusals (413 too large, 400 malformed JSON, 415 charset) keep their status and say why.
    const status = (err as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return void res.status(status).json({ error: status === 413 ? 'request body too large (limit 100 kB)' : (err as Error).message });
    }
    rt.log.error({ err }, 'operator API error');
    res.status(500).json({ error: 'internal error' });
  });
  return app;
}

/** Thrown when the service would be reachable from other machines without a token. */
export class UnsafeBindError extends Error {}

/**
 * Starts the operator service on a port (0 for any free one) and host (HOST, default 127.0.0.1). It refuses a
 * non-loopback host without PODPIPE_OPERATOR_TOKEN: anyone who can reach the port could reprocess episodes.
 */
export function serve(rt: Runtime, port: number, host: string = rt.config.host): Promise<Server> {
  if (!isLoopbackHost(host) && !rt.config.operatorToken) {
    return Promise.reject(
      new UnsafeBindError(`refusing to serve on ${host} without PODPIPE_OPERATOR_TOKEN: set a token (16+ characters), or HOST=127.0.0.1 to serve this machine only`),
    );
  }
  const app = createApp(rt);
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, () => resolve(server));
    server.once('error', reject);
  });
}
