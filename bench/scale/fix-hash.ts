/**
 * The fixer's output on every development transcript as a whole, with its own episode metadata (the show's names,
 * hosts, guests, sponsors), hashed: a change that must not change what the fixer writes is checked with this and
 * fix-cpu.ts's hash (the archive's slices, one show's metadata).
 *   npx tsx bench/scale/fix-hash.ts
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { EpisodeMeta } from '../../libs/shared/src/transcript.ts';
import { correctTranscript } from '../../services/transcribe-fix/src/cpu-tasks.ts';

const samples = path.resolve(import.meta.dirname, '../../../shared/samples');
const all = createHash('sha256');
for (const dir of readdirSync(samples).sort()) {
  const raw = path.join(samples, dir, 'episode.raw.txt');
  if (!existsSync(raw)) continue;
  const words = readFileSync(raw, 'utf8').split(/\s+/).filter(Boolean).map((text, k) => ({ text, start: k * 0.4, end: k * 0.4 + 0.3 }));
  const meta = EpisodeMeta.parse(JSON.parse(readFileSync(path.join(samples, dir, 'episode.meta.json'), 'utf8')));
  const out = JSON.stringify(correctTranscript(words, meta, [], { removeFillers: false, pauses: false }));
  all.update(out);
  console.log(`${dir.padEnd(16)} ${words.length} words  sha256 ${createHash('sha256').update(out).digest('hex').slice(0, 16)}`);
}
console.log(`all  sha256 ${all.digest('hex').slice(0, 16)}`);
