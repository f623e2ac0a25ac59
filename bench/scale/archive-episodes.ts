/**
 * The archive benches' episodes: WORDS-word slices of the development transcripts, each made unique by its number,
 * registered as text-only drops of one show. archive.ts, stage-cpu.ts and fix-cpu.ts all read the same episodes.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EpisodeMeta } from '../../libs/shared/src/transcript.ts';
import { registerEpisode } from '../../services/ingest/src/register.ts';
import type { BenchEnv } from './bench-env.ts';

const samples = path.resolve(import.meta.dirname, '../../../shared/samples');

/** Every development transcript's words, in one list. */
const corpus = readdirSync(samples).flatMap((d) => {
  try {
    return readFileSync(path.join(samples, d, 'episode.raw.txt'), 'utf8').split(/\s+/).filter(Boolean);
  } catch {
    return [];
  }
});

/** Episode i's text. */
export function archiveText(i: number, words: number): string {
  const start = (i * 997) % Math.max(1, corpus.length - words);
  return `episode number ${i} of the archive ${corpus.slice(start, start + words).join(' ')}`;
}

/**
 * The archive episodes as the fixer's pool thread gets them (fix-cpu.ts, fix-cold.ts): the text's words at estimated
 * times (pauses off), as the drops read back through ingest. `shard` k/n keeps only episodes i with i % n = k, as one
 * of n worker processes sees them (the archive's jobs alternate between processes).
 */
export function fixerArchiveEpisodes(count: number, words: number, [shard, shards]: [number, number] = [0, 1]) {
  return Array.from({ length: count }, (_, i) => i)
    .filter((i) => i % shards === shard)
    .map((i) => ({
      words: archiveText(i, words).split(/\s+/).map((t, k) => ({ text: t, start: k * 0.4, end: k * 0.4 + 0.3 })),
      meta: EpisodeMeta.parse({ show: 'Archive Show', title: `Episode ${i}` }),
    }));
}

/** Registers episodes 0..count-1 as drops of one show and clears the outbox (each bench starts the work its own way). */
export async function registerArchive(env: BenchEnv, count: number, words: number): Promise<string[]> {
  const dir = path.join(env.config.dataDir, 'drops');
  mkdirSync(dir, { recursive: true });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const file = path.join(dir, `ep${i}.txt`);
    writeFileSync(file, archiveText(i, words));
    const reg = await registerEpisode(env.rt.db, env.rt.buckets, { transcriptPath: file, meta: { show: 'Archive Show', title: `Episode ${i}` } });
    ids.push(reg.episodeId);
  }
  await env.rt.db.deleteFrom('outbox').execute();
  return ids;
}
