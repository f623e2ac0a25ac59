/**
 * The operator's web app, server-rendered with eta templates (ui/) and made live with htmx (served from
 * node_modules, no CDN): the pipeline view, episode pages, archive search, show glossaries, and the JSON API of the
 * same data and actions. Mounted by server.ts behind the operator token when one is set.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Eta } from 'eta';
import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { STAGES } from '@podpipe/shared/jobs';
import type { Runtime } from '@podpipe/shared/runtime';
import { glossaryEntries, listShows } from '../shows.ts';
import { listWebhooks } from '../webhooks.ts';
import { ActionError, GlossaryEdit, ReprocessRequest, addToGlossary, redeliverWebhook, removeFromGlossary, reprocessEpisode, retryEpisode, showAudit } from './actions.ts';
import { episodeAudit, type Actor } from './audit.ts';
import { episodePage } from './episode.ts';
import { PipelineFilter, JOB_STATES, pipelinePage, queueRows, showOptions, stuckEpisodes } from './pipeline.ts';
import { SearchQuery, searchArchive } from './search.ts';
import * as view from './view.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const HTMX = require.resolve('htmx.org/dist/htmx.min.js');

const Id = z.object({ id: z.uuid() });
const Slug = z.object({ slug: z.string().min(1).max(200) });

/** htmx asks for a fragment; anything else is an API client wanting JSON. */
const fromPage = (req: Request) => req.get('HX-Request') === 'true';
const actorOf = (req: Request): Actor => (fromPage(req) ? 'dashboard' : 'api');

type Handler = (req: Request, res: Response) => Promise<unknown>;
/** Runs an async handler, answering ActionErrors (and bad input) with their status: JSON for the API, a line for the page. */
const handle =
  (fn: Handler) =>
  (req: Request, res: Response, next: NextFunction): void => {
    fn(req, res).catch((err: unknown) => {
      const status = err instanceof ActionError ? err.status : err instanceof z.ZodError ? 400 : undefined;
      if (!status) return next(err);
      const message = err instanceof z.ZodError ? err.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ') : (err as Error).message;
      if (fromPage(req)) res.status(200).type('html').send(`<p class="outcome error" role="alert">${view.escape(message)}</p>`);
      else res.status(status).json({ error: message });
    });
  };

export function dashboardRouter(rt: Runtime): express.Router {
  const eta = new Eta({ views: path.join(here, 'ui'), cache: process.env.NODE_ENV === 'production' });
  const render = (res: Response, template: string, data: object) => res.type('html').send(eta.render(template, { ...data, v: view, stages: STAGES, jobStates: JOB_STATES }));
  const router = express.Router();
  // Actions take JSON bodies (parsed once: a body the service already parsed is left as it is).
  router.use('/api', express.json({ limit: '100kb' }));

  router.get('/assets/htmx.min.js', (_req, res) => res.sendFile(HTMX, { maxAge: '1d' }));
  router.get('/assets/:file', (req, res) => {
    const file = z.enum(['app.css', 'dashboard.js', 'episode.js']).safeParse(req.params.file);
    if (!file.success) return void res.status(404).end();
    res.sendFile(path.join(here, 'ui', file.data), { maxAge: '1h' });
  });

  // Pipeline view: the page, and the fragments htmx polls.
  router.get(
    '/',
    handle(async (req, res) => {
      const filter = PipelineFilter.parse(req.query);
      const [page, queues, shows, webhooks] = await Promise.all([pipelinePage(rt, filter), queueRows(rt), showOptions(rt), listWebhooks(rt.db)]);
      render(res, 'pipeline', { page, queues, shows, webhooks });
    }),
  );
  router.get(
    '/ui/pipeline',
    handle(async (req, res) => render(res, 'episodes', { page: await pipelinePage(rt, PipelineFilter.parse(req.query)) })),
  );
  router.get(
    '/ui/queues',
    handle(async (_req, res) => render(res, 'queues', { queues: await queueRows(rt) })),
  );

  router.get(
    '/episodes/:id',
    handle(async (req, res) => {
      const { id } = Id.parse(req.params);
      const page = await episodePage(rt, id);
      if (!page) return void res.status(404).type('html').send('<p>no such episode</p>');
      render(res, 'episode', { page });
    }),
  );
  router.get(
    '/ui/episodes/:id/live',
    handle(async (req, res) => {
      const page = await episodePage(rt, Id.parse(req.params).id);
      if (!page) return void res.status(404).end();
      render(res, 'episode-live', { page });
    }),
  );

  router.get(
    '/search',
    handle(async (req, res) => {
      const query = SearchQuery.safeParse(req.query);
      const hits = query.success ? await searchArchive(rt.db, query.data) : [];
      render(res, 'search', { q: typeof req.query.q === 'string' ? req.query.q : '', hits, invalid: !query.success && req.query.q !== undefined });
    }),
  );

  router.get(
    '/shows',
    handle(async (_req, res) => render(res, 'shows', { shows: await listShows(rt.db) })),
  );
  router.get(
    '/shows/:slug',
    handle(async (req, res) => {
      const { slug } = Slug.parse(req.params);
      const show = (await showOptions(rt)).find((s) => s.slug === slug);
      if (!show) return void res.status(404).type('html').send('<p>no such show</p>');
      render(res, 'show', { show, glossary: await glossaryEntries(rt.db, slug), audit: await showAudit(rt, slug) });
    }),
  );

  // JSON API of the same data.
  router.get(
    '/api',
    handle(async (_req, res) => {
      const [queues, stuck, counts] = await Promise.all([
        queueRows(rt),
        stuckEpisodes(rt),
        rt.db.selectFrom('episodes').select(['status', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('status').execute(),
      ]);
      res.json({
        episodes: Object.fromEntries(counts.map((c) => [c.status, Number(c.n)])),
        stuck,
        queues,
        endpoints: [
          'GET /api/pipeline?show=&status=queued|processing|done|failed|stuck&page=&size=',
          'GET /api/stuck',
          'GET /api/episodes[/ID]',
          'POST /api/episodes/ID/reprocess {fromStage?, force?}',
          'POST /api/episodes/ID/retry',
          'GET /api/episodes/ID/audit',
          'POST /api/deliveries/ID/redeliver',
          'GET /api/search?q=&limit=',
          'GET /api/shows',
          'GET|POST|DELETE /api/shows/SLUG/glossary {term, heard?, kind?} (POST .../glossary/remove {term, heard?} removes too)',
          'GET /api/queues',
          'GET /api/webhooks',
        ],
      });
    }),
  );
  router.get(
    '/api/pipeline',
    handle(async (req, res) => res.json(await pipelinePage(rt, PipelineFilter.parse(req.query)))),
  );
  router.get(
    '/api/stuck',
    handle(async (_req, res) => res.json(await stuckEpisodes(rt))),
  );
  router.get(
    '/api/queues',
    handle(async (_req, res) => res.json(await queueRows(rt))),
  );
  router.get(
    '/api/search',
    handle(async (req, res) => {
      const query = SearchQuery.safeParse(req.query);
      if (!query.success) return void res.status(400).json({ error: 'expected ?q=<at least 2 characters>[&limit=1..100]' });
      res.json(await searchArchive(rt.db, query.data));
    }),
  );
  router.get(
    '/api/episodes/:id/audit',
    handle(async (req, res) => res.json(await episodeAudit(rt.db, Id.parse(req.params).id))),
  );
  router.get(
    '/api/shows',
    handle(async (_req, res) => res.json(await listShows(rt.db))),
  );
  router.get(
    '/api/shows/:slug/glossary',
    handle(async (req, res) => res.json(await glossaryEntries(rt.db, Slug.parse(req.params).slug))),
  );

  // Actions: JSON for API clients, a line of outcome (and an event that refreshes the audit list) for the page.
  const done = (req: Request, res: Response, status: number, body: unknown, line: string) => {
    if (!fromPage(req)) return void res.status(status).json(body);
    res.set('HX-Trigger', 'audit-changed').type('html').send(`<p class="outcome ok" role="status">${view.escape(line)}</p>`);
  };
  router.post(
    '/api/episodes/:id/reprocess',
    handle(async (req, res) => {
      const { id } = Id.parse(req.params);
      const request = ReprocessRequest.parse(req.body ?? {});
      const r = await reprocessEpisode(rt, id, request, actorOf(req));
      done(req, res, 202, r, `Reprocessing from ${request.fromStage}${request.force ? ' (force)' : ''}: generation ${r.generation} queued`);
    }),
  );
  router.post(
    '/api/episodes/:id/retry',
    handle(async (req, res) => {
      const r = await retryEpisode(rt, Id.parse(req.params).id, actorOf(req));
      done(req, res, 202, r, `Retrying from ${r.fromStage}: generation ${r.generation} queued`);
    }),
  );
  router.post(
    '/api/deliveries/:id/redeliver',
    handle(async (req, res) => {
      const r = await redeliverWebhook(rt, Id.parse(req.params).id, actorOf(req));
      done(req, res, 202, r, 'Delivery queued again');
    }),
  );
  router.post(
    '/api/shows/:slug/glossary',
    handle(async (req, res) => {
      const { slug } = Slug.parse(req.params);
      const edit = GlossaryEdit.parse(req.body ?? {});
      await addToGlossary(rt, slug, edit, actorOf(req));
      if (fromPage(req)) return void res.set('HX-Refresh', 'true').send('');
      res.status(201).json(await glossaryEntries(rt.db, slug));
    }),
  );
  // DELETE for API clients; the page posts to /remove (a body-less DELETE cannot say it is JSON).
  const removeTerm = handle(async (req, res) => {
    const { slug } = Slug.parse(req.params);
    const edit = GlossaryEdit.pick({ term: true, heard: true }).parse({ ...req.query, ...(req.body ?? {}) });
    await removeFromGlossary(rt, slug, edit, actorOf(req));
    if (fromPage(req)) return void res.set('HX-Refresh', 'true').send('');
    res.json(await glossaryEntries(rt.db, slug));
  });
  router.delete('/api/shows/:slug/glossary', removeTerm);
  router.post('/api/shows/:slug/glossary/remove', removeTerm);
  return router;
}

