import path from 'node:path';
import { readMetaFile, registerEpisode } from '@podpipe/ingest/register';
import { STAGES } from '@podpipe/shared/jobs';
import type { Runtime } from '@podpipe/shared/runtime';
import { startStageWorkers, type StageWorkers } from '@podpipe/shared/runtime';
import { BadInputError } from '@podpipe/shared/errors';
import { episodeProgress, exportArtifacts, waitForEpisode } from './episodes.ts';
import type { AudioPrefetch } from './process-prefetch.ts';
import { STAGE_DEFINITIONS } from './stages.ts';

export interface ProcessArgs {
  audio?: string;
  transcript?: string;
  meta?: string;
  out: string;
  force: boolean;
  timeoutMs: number;
  /** The audio's measurement, started before the runtime opened (prefetchForProcess); cancelled when not taken. */
  prefetch?: Promise<AudioPrefetch | undefined>;
}


/** True when every stage queue has at least one live worker somewhere (another `podpipe up` or a deployment). */
async function workersEverywhere(rt: Runtime): Promise<boolean> {
  const counts = await Promise.all(STAGES.map((s) => rt.queues[s].getWorkersCount()));
  return counts.every((n) => n > 0);
}

/** Runs one episode through the real queues (starting in-process workers if none are running) and exports its artifacts. */
export async function processEpisode(rt: Runtime, args: ProcessArgs): Promise<{ episodeId: string; files: string[] }> {
  const meta = await readMetaFile(args.meta).catch((err: Error) => {
    throw new BadInputError(`cannot read metadata ${args.meta}: ${err.message}`);
  });
  if (meta.metaError) throw new BadInputError(meta.metaError);
  const audioPath = args.audio ? path.resolve(args.audio) : undefined;
  const local = !(await workersEverywhere(rt));
  const prefetch = await args.prefetch;
  if (!local) prefetch?.cancel(); // the workers elsewhere measure on their own
  const workers: StageWorkers | null = local ? startStageWorkers(rt, STAGES.map((s) => STAGE_DEFINITIONS[s])) : null;
  rt.log.debug({ local }, 'workers started');
  try {
    const reg = await registerEpisode(rt.db, rt.buckets, {
      ...(audioPath ? { audioPath } : {}),
      // The prefetch hashed the audio as it read it: registration takes that hash while the file is unchanged.
      ...(audioPath && prefetch ? { audioDigest: prefetch.digest } : {}),
      ...(args.transcript ? { transcriptPath: path.resolve(args.transcript) } : {}),
      meta: meta.meta,
      force: args.force,
      maxTitleChars: rt.config.limits.titleChars,
    });
    if (reg.error) throw new BadInputError(reg.error);
    rt.outbox.kick();
    rt.log.info({ episodeId: reg.episodeId, generation: reg.generation, created: reg.created }, 'episode registered');
    // On a terminal, one self-overwriting line says which stage runs and how far it is (speech recognition takes a while).
    let shown = '';
    const onPoll = process.stderr.isTTY
      ? async (e: Parameters<typeof episodeProgress>[1]) => {
          const p = await episodeProgress(rt.queues, e).catch(() => null);
          const line = p ? `${p.stage} ${p.percent}%` : '';
          if (line !== shown) process.stderr.write(`\r\x1b[K${line}`);
          shown = line;
        }
      : undefined;
    // This process's workers run the episode: a job of theirs ending is when to look (the poll stays for workers elsewhere).
    const wake = workers
      ? (notify: () => void) => {
          for (const w of workers.workers) w.on('completed', notify).on('failed', notify);
          return () => workers.workers.forEach((w) => w.off('completed', notify).off('failed', notify));
        }
      : undefined;
    const episode = await waitForEpisode(rt.db, reg.episodeId, reg.generation, { timeoutMs: args.timeoutMs, pollMs: 50, ...(onPoll ? { onPoll } : {}), ...(wake ? { wake } : {}) });
    if (shown) process.stderr.write('\r\x1b[K');
    if (episode.status === 'failed') throw new Error(`episode ${episode.id} failed: ${episode.error ?? 'unknown error'}`);
    rt.log.debug({ status: episode.status }, 'episode finished');
    const files = await exportArtifacts(rt.db, rt.buckets, episode.id, path.resolve(args.out));
    rt.log.debug({ files: files.length }, 'artifacts exported');
    return { episodeId: episode.id, files };
  } finally {
    prefetch?.cancel(); // not taken: ingest skipped (inputs unchanged) or failed before it measured
    await workers?.close();
    rt.log.debug('workers closed');
  }
}
