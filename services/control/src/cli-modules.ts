// Everything the CLI's commands run, imported only when a command runs (see heavy() in cli.ts): `podpipe --help`
// and argument errors load none of it, so they start about as fast as Node itself.

export { moveEpisode, MoveError, reprocessEpisodes } from '@podpipe/ingest/register';
export { refreshShowFeed } from '@podpipe/publish/show-feed';
export { watchS3Drops } from '@podpipe/ingest/s3-drops';
export { watchDrops } from '@podpipe/ingest/watch';
export { createDatabase, migrateToLatest } from '@podpipe/shared/database';
export { openRuntime, startStageWorkers, untilSignal } from '@podpipe/shared/runtime';
export { runWorkerProcess } from '@podpipe/shared/worker-process';
export { processEpisode } from './process-episode.ts';
// Loaded by the commands that use them: Express, Bull Board and the AWS SDK were a third of every worker process's
// start-up (and of `podpipe process`'s, before its audio pass could start).
export const serve: typeof import('./server.ts').serve = async (...args) => (await import('./server.ts')).serve(...args);
export const loadS3 = () => import('@podpipe/shared/s3-bucket');
export { addToGlossary, GlossaryEdit, removeFromGlossary } from './dashboard/actions.ts';
export { glossaryLines, listShows, setShowOptions } from './shows.ts';
export { addWebhook, listWebhooks, removeWebhook, startWebhookWorker, webhookSecurity } from './webhooks.ts';
export { STAGE_DEFINITIONS } from './stages.ts';
export { statusLines } from './status.ts';
