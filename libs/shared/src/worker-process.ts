import { loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { openRuntime, startStageWorkers, untilSignal, type AnyStage } from './runtime.ts';

/**
 * The whole life of a deployed worker process: config → Postgres/Redis → workers → graceful shutdown
 * (workers first so active jobs finish, then the database, then Redis).
 */
export async function runWorkerProcess(stages: AnyStage[]): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel, `podpipe-${stages.map((s) => s.name).join('+')}`);
  const rt = await openRuntime(config, log, { allowEmbedded: false, migrate: false });
  const workers = startStageWorkers(rt, stages);
  log.info({ stages: stages.map((s) => s.name), concurrency: config.concurrency }, 'workers started');
  await untilSignal(log, async () => {
    await workers.close();
    await rt.close();
  });
}
