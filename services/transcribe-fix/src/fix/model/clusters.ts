/** The shipped word clusters (word → cluster id), built by training/clusters.ts. */
import fs from 'node:fs';

const CLUSTERS_URL = new URL('./word-clusters.json', import.meta.url);
let cached: Map<string, number> | undefined;

/** The word clusters, read and validated once per process (every CPU pool thread of every worker process). */
export function wordClusters(): ReadonlyMap<string, number> {
  cached ??= parseWordClusters(JSON.parse(fs.readFileSync(CLUSTERS_URL, 'utf8')));
  return cached;
}

/**
 * The clusters file's JSON checked as word → non-negative whole number and made into a map; throws on any other
 * shape. A plain loop: a schema library's record parse cost ~20 ms of each thread's start.
 */
export function parseWordClusters(raw: unknown): Map<string, number> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error('word clusters: not an object');
  const entries = Object.entries(raw);
  for (const [word, id] of entries) if (!Number.isSafeInteger(id) || (id as number) < 0) throw new Error(`word clusters: ${JSON.stringify(word)} has no cluster number`);
  return new Map(entries as [string, number][]);
}
