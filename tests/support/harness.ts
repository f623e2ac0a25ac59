import { afterAll, beforeAll } from 'vitest';
import { STAGE_DEFINITIONS } from '@podpipe/control/stages';
import type { Config } from '@podpipe/shared/config';
import { STAGES } from '@podpipe/shared/jobs';
import { createLogger } from '@podpipe/shared/logger';
import { openRuntime, startStageWorkers, type Runtime, type StageWorkers } from '@podpipe/shared/runtime';
import { isolatedEnv, type IsolatedEnv } from '@podpipe/shared/testing/context';

export interface Harness {
  env: IsolatedEnv;
  rt: Runtime;
}

/**
 * A test file's own database, queue prefix and data dir, a runtime on them, and (optionally) all four stage
 * workers in-process; everything is torn down after the file. Use the returned object inside tests.
 */
export function useHarness(opts: { workers: boolean; config?: () => Partial<Config> }): Harness {
  const h = {} as Harness;
  let workers: StageWorkers | undefined;
  beforeAll(async () => {
    h.env = await isolatedEnv();
    h.rt = await openRuntime({ ...h.env.config, ...opts.config?.() }, createLogger('silent'), { allowEmbedded: false, migrate: false });
    if (opts.workers) workers = startStageWorkers(h.rt, STAGES.map((s) => STAGE_DEFINITIONS[s]));
  });
  afterAll(async () => {
    await workers?.close();
    await Promise.all(STAGES.map((s) => h.rt?.queues[s].obliterate({ force: true })));
    await h.rt?.close();
    await h.env?.dispose();
  });
  return h;
}
