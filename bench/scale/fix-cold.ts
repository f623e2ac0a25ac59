/**
 * Where the fixer's cold work goes: the archive episodes (as fix-cpu.ts reads them) through `correctTranscript` twice
 * in one thread after warmUp, each pass under the inspector's profiler; prints, for the first pass (caches cold)
 * and the second (warm), the inclusive CPU of the functions that own the fixer's per-thread caches, and the rest.
 * The first pass minus the second is what a thread pays for not having seen the corpus before.
 *   npx tsx bench/scale/fix-cold.ts [episodes] [words] [outDir]
 * FIX_CPU_SHARD=k/n as in fix-cpu.ts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { correctTranscript, warmUp } from '../../services/transcribe-fix/src/cpu-tasks.ts';
import { fixerArchiveEpisodes } from './archive-episodes.ts';
import { profiledCpuMs } from './bench-env.ts';

const count = Number(process.argv[2] ?? 100);
const words = Number(process.argv[3] ?? 200);
const outDir = process.argv[4] ?? '/tmp';
const [shard, shards] = (process.env.FIX_CPU_SHARD ?? '0/1').split('/').map(Number) as [number, number];
const episodes = fixerArchiveEpisodes(count, words, [shard, shards]);
warmUp();

/** Functions whose inclusive time is reported (each counted once per sample even when it recurses). */
const TRACKED = ['closestBuiltinBySound', 'builtinBySound', 'namesWithin', 'sortedNames', 'builtinSoundBuckets', 'closestPersonName', 'readingsOf', 'namesStartingWith', 'fromCompound', 'fromDictionary', 'fromPlural', 'closestBySound', 'wordPhonemes', 'phonemeDistanceWithin', 'phonemesWithin', 'wordKeys', 'candidateAt', 'applyVocabulary', 'fixTranscript', 'correctTranscript'];

interface Node { id: number; callFrame: { functionName: string }; children?: number[] }
function inclusive(file: string): Map<string, number> {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const out = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const seen = new Set<string>();
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
      const name = byId.get(n)!.callFrame.functionName;
      if (TRACKED.includes(name) && !seen.has(name)) {
        seen.add(name);
        out.set(name, (out.get(name) ?? 0) + ms);
      }
    }
    out.set('(all samples)', (out.get('(all samples)') ?? 0) + ms);
  });
  return out;
}

const passes: Map<string, number>[] = [];
const cpu: number[] = [];
for (const pass of ['cold', 'warm']) {
  const file = path.join(outDir, `fix-${pass}-${shard}of${shards}.cpuprofile`);
  cpu.push(await profiledCpuMs(file, 500, async () => {
    for (const e of episodes) correctTranscript(e.words, e.meta, [], { removeFillers: false, pauses: false });
  }));
  passes.push(inclusive(file));
}
console.log(`${episodes.length} episodes${shards > 1 ? ` (shard ${shard}/${shards})` : ''}: CPU ms cold ${cpu[0]!.toFixed(0)}, warm ${cpu[1]!.toFixed(0)}, cold - warm ${(cpu[0]! - cpu[1]!).toFixed(0)}`);
console.log('inclusive profiled ms: function, cold, warm, cold - warm');
for (const name of ['(all samples)', ...TRACKED]) {
  const [c, w] = [passes[0]!.get(name) ?? 0, passes[1]!.get(name) ?? 0];
  if (c + w > 0) console.log(`  ${name.padEnd(24)} ${c.toFixed(0).padStart(7)} ${w.toFixed(0).padStart(7)} ${(c - w).toFixed(0).padStart(7)}`);
}
