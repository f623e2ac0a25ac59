/**
 * How often runs of 1–4 words repeat in the archive benches' episodes (the unit the fixer's per-thread caches key on):
 * total runs, distinct runs and total / distinct, over all episodes and over one of two halves (every other episode,
 * as one of two worker processes sees them). ARCHIVE_CORPUS as in archive-episodes.ts.
 *   ARCHIVE_CORPUS=fresh npx tsx bench/scale/corpus-repeats.ts [episodes] [words]
 */
import { archiveCorpus, archiveText } from './archive-episodes.ts';

const count = Number(process.argv[2] ?? 1000);
const words = Number(process.argv[3] ?? 200);

function runs(episodes: number[], sizes = [1, 2, 3, 4]): { total: number; distinct: number } {
  const seen = new Set<string>();
  let total = 0;
  for (const i of episodes) {
    const ws = archiveText(i, words)
      .toLowerCase()
      .split(/\s+/)
      .map((w) => w.replace(/[^a-z0-9']/g, ''))
      .filter(Boolean);
    for (const n of sizes) {
      for (let k = 0; k + n <= ws.length; k++) {
        seen.add(ws.slice(k, k + n).join(' '));
        total++;
      }
    }
  }
  return { total, distinct: seen.size };
}

const all = Array.from({ length: count }, (_, i) => i);
const a = runs(all);
const half = runs(all.filter((i) => i % 2 === 0));
console.log(`corpus ${archiveCorpus}, ${count} episodes of ${words} words: runs of 1-4 words ${a.total}, distinct ${a.distinct} (${(a.total / a.distinct).toFixed(2)}x); one half (every other episode) holds ${half.distinct} distinct (${((half.distinct / a.distinct) * 100).toFixed(1)} % of all)`);
for (const n of [1, 2, 3, 4]) {
  const r = runs(all, [n]);
  console.log(`  runs of ${n}: ${r.total} total, ${r.distinct} distinct (${(r.total / r.distinct).toFixed(2)}x)`);
}
console.log(`episode 7: ${archiveText(7, 40)} …`);
