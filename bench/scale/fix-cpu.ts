/**
 * The fixer's CPU per archive episode, alone: the archive bench's episodes (WORDS-word slices of the development
 * transcripts, made unique the same way) through `correctTranscript` (what the transcribe-fix stage runs in its pool
 * thread) in one thread, after warmUp. Prints CPU ms per episode (min / median of ROUNDS passes) and a hash of every
 * output, so a change that should not change what the fixer writes can be checked byte for byte.
 *   npx tsx bench/scale/fix-cpu.ts [episodes] [words] [rounds]
 * FIX_CPU_SHARD=k/n takes only episodes i with i % n = k, as one of n worker processes' pool threads sees them (the
 * archive's jobs alternate between processes): n shards' CPU against one thread's over all shows what per-thread
 * caches cost a second process.
 * FIX_CPU_WINDOW=w also prints the first pass's CPU ms per episode over each w episodes in turn: how fast the thread's
 * cold work (sound matches, phonemes of words not yet seen) dies away along the corpus.
 */
import { createHash } from 'node:crypto';
import { correctTranscript, warmUp } from '../../services/transcribe-fix/src/cpu-tasks.ts';
import { fixerArchiveEpisodes } from './archive-episodes.ts';
import { median, min } from './bench-env.ts';

const count = Number(process.argv[2] ?? 100);
const words = Number(process.argv[3] ?? 200);
const rounds = Number(process.argv[4] ?? 3);
const [shard, shards] = (process.env.FIX_CPU_SHARD ?? '0/1').split('/').map(Number) as [number, number];
const episodes = fixerArchiveEpisodes(count, words, [shard, shards]);

// What a new pool thread pays before its first episode (loads: dictionaries, lexicons, models). Under the built CLI the
// thread runs with PODPIPE_BUILT_DIR set; set it here (to services/control/dist) to measure the built data files' path.
const warm0 = process.cpuUsage();
warmUp();
const warm = process.cpuUsage(warm0);
const perEpisode: number[] = [];
const window = Number(process.env.FIX_CPU_WINDOW ?? 0);
const windows: string[] = [];
let digest = '';
for (let r = 0; r < rounds; r++) {
  const hash = createHash('sha256');
  const cpu0 = process.cpuUsage();
  let w0 = process.cpuUsage();
  for (const [k, e] of episodes.entries()) {
    const out = correctTranscript(e.words, e.meta, [], { removeFillers: false, pauses: false });
    if (r === 0) hash.update(JSON.stringify(out));
    if (r === 0 && window && (k + 1) % window === 0) {
      const w = process.cpuUsage(w0);
      windows.push(((w.user + w.system) / 1000 / window).toFixed(1));
      w0 = process.cpuUsage();
    }
  }
  const c = process.cpuUsage(cpu0);
  perEpisode.push((c.user + c.system) / 1000 / episodes.length);
  if (r === 0) digest = hash.digest('hex');
}
// The first pass fills the thread's caches (phonemes, sound matches): what every further process's pool thread pays.
console.log(`${episodes.length} episodes of ~${words} words${shards > 1 ? ` (shard ${shard}/${shards})` : ''}: warm-up CPU ${((warm.user + warm.system) / 1000).toFixed(0)} ms; fixer CPU s first pass ${((perEpisode[0]! * episodes.length) / 1000).toFixed(2)}; ms/episode first pass ${perEpisode[0]!.toFixed(2)}, min ${min(perEpisode).toFixed(2)} median ${median(perEpisode).toFixed(2)}; output sha256 ${digest.slice(0, 16)}`);
if (windows.length) console.log(`first pass, CPU ms / episode by ${window} episodes: ${windows.join(' ')}`);
