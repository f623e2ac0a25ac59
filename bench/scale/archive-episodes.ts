/**
 * The archive benches' episodes: WORDS-word slices of the development transcripts, each made unique by its number,
 * registered as text-only drops of one show. archive.ts, stage-cpu.ts and fix-cpu.ts all read the same episodes.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
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
