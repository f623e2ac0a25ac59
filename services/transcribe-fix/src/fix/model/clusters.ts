/** The shipped word clusters (word → cluster id), built by training/clusters.ts. */
import fs from 'node:fs';
import { z } from 'zod';

const WordClusters = z.record(z.string(), z.number().int().nonnegative());

const CLUSTERS_URL = new URL('./word-clusters.json', import.meta.url);
let cached: Map<string, number> | undefined;

/** The word clusters, read and validated once per process. */
export function wordClusters(): ReadonlyMap<string, number> {
  cached ??= new Map(Object.entries(WordClusters.parse(JSON.parse(fs.readFileSync(CLUSTERS_URL, 'utf8')))));
  return cached;
}
