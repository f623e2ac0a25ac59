/**
 * The archive benches' episodes: WORDS-word slices of the development transcripts, each made unique by its number,
 * registered as text-only drops of one show. archive.ts, stage-cpu.ts and fix-cpu.ts all read the same episodes.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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

/**
 * ARCHIVE_CORPUS picks the episodes' text (the same for every bench that reads this module, its loop children and the
 * worker processes' drops): unset or `slices`, WORDS-word slices of the transcripts above (runs of 1–4 words repeat
 * ~9× over 1000 episodes: the per-thread caches of the fixer see mostly runs they have met); `fresh`, text that does
 * not repeat like that (freshText) — what an archive of different episodes looks like to those caches.
 */
export const archiveCorpus = process.env.ARCHIVE_CORPUS === 'fresh' ? 'fresh' : 'slices';

/** Episode i's text. */
export function archiveText(i: number, words: number): string {
  if (archiveCorpus === 'fresh') return `episode number ${i} of the archive ${freshText(i, words)}`;
  const start = (i * 997) % Math.max(1, corpus.length - words);
  return `episode number ${i} of the archive ${corpus.slice(start, start + words).join(' ')}`;
}

/** Every transcript's words in pieces of 6–14, the fresh corpus's material. */
let sentences: string[][] | undefined;
/** The transcripts' 500 most frequent words (kept as they are), and the substitutes' vocabulary. */
let common: Set<string> | undefined;
let vocabulary: string[] | undefined;

/** A seeded PRNG (mulberry32), so episode i's text is the same in every process. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Episode i's fresh text: pieces of 6–14 words drawn at random from all the transcripts (seeded by i), and in them every word
 * that is not among the transcripts' 500 most frequent, with half a chance, replaced by a word of the CMU
 * Pronouncing Dictionary's 4–12-letter words (~100k) — so function words and common phrases still repeat as in any
 * archive, but runs of content words rarely come back. bench/scale/corpus-repeats.ts prints how often runs of 1–4
 * words repeat in each corpus.
 */
function freshText(i: number, words: number): string {
  if (!sentences) {
    // The raw transcripts have no sentence marks: pieces of 6–14 words, cut where a seeded draw says.
    sentences = [];
    const cut = seeded(0);
    for (let k = 0; k < corpus.length; ) {
      const n = 6 + Math.floor(cut() * 9);
      sentences.push(corpus.slice(k, k + n));
      k += n;
    }
    const counts = new Map<string, number>();
    for (const w of corpus) counts.set(key(w), (counts.get(key(w)) ?? 0) + 1);
    common = new Set([...counts].sort((a, b) => b[1] - a[1]).slice(0, 500).map(([w]) => w));
    const { dictionary } = createRequire(import.meta.url)('cmu-pronouncing-dictionary') as { dictionary: Record<string, string> };
    vocabulary = Object.keys(dictionary)
      .filter((w) => /^[a-z]{4,12}$/.test(w))
      .sort();
  }
  const random = seeded(i + 1);
  const out: string[] = [];
  while (out.length < words) {
    for (const w of sentences[Math.floor(random() * sentences.length)]!) {
      if (out.length >= words) break;
      const k = key(w);
      if (!k || common!.has(k) || random() < 0.5) out.push(w);
      else out.push(w.replace(/[A-Za-z']+/, vocabulary![Math.floor(random() * vocabulary!.length)]!));
    }
  }
  return out.join(' ');
}

/** A word as counted: lower case, letters and apostrophes only. */
function key(word: string): string {
  return word.toLowerCase().replace(/[^a-z']/g, '');
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
