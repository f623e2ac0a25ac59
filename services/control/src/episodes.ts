import path from 'node:path';
import type { Buckets } from '@podpipe/shared/buckets';
import type { Database } from '@podpipe/shared/database';
import type { Episode } from '@podpipe/shared/db/schema';

/** Polls Postgres until the episode's request (this generation or a newer one) is done or failed. */
export async function waitForEpisode(db: Database, episodeId: string, generation: number, opts: { timeoutMs: number; pollMs?: number }): Promise<Episode> {
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    const episode = await db.selectFrom('episodes').selectAll().where('id', '=', episodeId).executeTakeFirstOrThrow();
    if (episode.generation >= generation && (episode.status === 'done' || episode.status === 'failed')) return episode;
    if (Date.now() > deadline) throw new Error(`timed out after ${Math.round(opts.timeoutMs / 1000)} s waiting for episode ${episodeId} (status ${episode.status}, stage ${episode.stage ?? '-'})`);
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 200));
  }
}

/** Copies an episode's published artifacts into a directory; returns the written paths. */
export async function exportArtifacts(db: Database, buckets: Buckets, episodeId: string, outDir: string): Promise<string[]> {
  const artifacts = await db.selectFrom('artifacts').select(['kind', 'key']).where('episode_id', '=', episodeId).orderBy('kind').execute();
  const written: string[] = [];
  for (const a of artifacts) {
    const target = path.join(outDir, a.kind);
    await buckets.publish.download(a.key, target);
    written.push(target);
  }
  return written;
}
