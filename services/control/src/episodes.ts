import path from 'node:path';
import type { Buckets } from '@podpipe/shared/buckets';
import type { Database } from '@podpipe/shared/database';
import type { Episode } from '@podpipe/shared/db/schema';
import type { TranscriptSource } from '@podpipe/shared/transcript';
import { stageJobId } from '@podpipe/shared/jobs';
import type { StageQueues } from '@podpipe/shared/queues';

/**
 * Polls Postgres until the episode's request (this generation or a newer one) is done or failed. `wake` subscribes to
 * what may mean it just finished (this process's workers ending a job) and returns the unsubscribe: the next look is
 * then at once instead of at the next poll.
 */
export async function waitForEpisode(
  db: Database,
  episodeId: string,
  generation: number,
  opts: { timeoutMs: number; pollMs?: number; onPoll?: (episode: Episode) => Promise<void>; wake?: (notify: () => void) => () => void },
): Promise<Episode> {
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    const episode = await db.selectFrom('episodes').selectAll().where('id', '=', episodeId).executeTakeFirstOrThrow();
    if (episode.generation >= generation && (episode.status === 'done' || episode.status === 'failed')) return episode;
    await opts.onPoll?.(episode);
    if (Date.now() > deadline) throw new Error(`timed out after ${Math.round(opts.timeoutMs / 1000)} s waiting for episode ${episodeId} (status ${episode.status}, stage ${episode.stage ?? '-'})`);
    await new Promise<void>((resolve) => {
      let unsubscribe: (() => void) | undefined;
      let woken = false;
      const next = () => {
        if (woken) return;
        woken = true;
        clearTimeout(timer);
        unsubscribe?.();
        resolve();
      };
      const timer = setTimeout(next, opts.pollMs ?? 200);
      unsubscribe = opts.wake?.(next);
      if (woken) unsubscribe?.();
    });
  }
}

/** Copies an episode's published artifacts into a directory; returns the written paths. */
export async function exportArtifacts(db: Database, buckets: Buckets, episodeId: string, outDir: string): Promise<string[]> {
  const artifacts = await db.selectFrom('artifacts').select(['kind', 'key']).where('episode_id', '=', episodeId).orderBy('kind').execute();
  // At once: the end of `podpipe process` waits on the slowest copy, not on their sum.
  return Promise.all(
    artifacts.map(async (a) => {
      const target = path.join(outDir, a.kind);
      await buckets.publish.download(a.key, target);
      return target;
    }),
  );
}

/** The running stage of an episode and its BullMQ job progress (0–100), for `podpipe process` and the dashboard. */
export async function episodeProgress(queues: StageQueues, episode: Pick<Episode, 'id' | 'generation' | 'stage' | 'status'>): Promise<{ stage: string; percent: number } | null> {
  if (episode.status !== 'processing' || !episode.stage) return null;
  const job = await queues[episode.stage].getJob(stageJobId(episode.stage, { episodeId: episode.id, generation: episode.generation }));
  const percent = typeof job?.progress === 'number' ? job.progress : 0;
  return { stage: episode.stage, percent };
}

/** Where an episode's timed transcript came from (recognizer, model, mean confidence), or null before transcribe ran. */
export async function transcriptSource(db: Database, episodeId: string): Promise<TranscriptSource | null> {
  const row = await db.selectFrom('transcripts').select('source').where('episode_id', '=', episodeId).where('version', '=', 'timed').executeTakeFirst();
  return row?.source ?? null;
}
