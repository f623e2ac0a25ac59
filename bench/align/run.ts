/**
 * Caption sync for an untimed transcript with audio: words are aligned to the audio's speech regions
 * (services/transcribe-fix/src/align), and each speaker turn's first word is compared with the turn start the
 * gold gives. Baseline in the same run: the nominal-rate estimate used without audio. Turns whose first five
 * words occur once in the raw transcript are measured.
 * Run: npx tsx bench/align/run.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Word } from '@podpipe/shared/transcript';
import { analyzeAudio, probeAudio } from '../../services/ingest/src/audio/audio.ts';
import { DEFAULT_SILENCE } from '../../services/ingest/src/audio/commands.ts';
import { alignToAudio, estimateTimings } from '../../services/transcribe/src/align/index.ts';

const shared = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/samples');
const samples = [
  { name: 'lex-fridman-73 opening', dir: 'lex-fridman-73', raw: 'opening.raw.txt', gold: 'opening.gold.json', audio: 'opening.mp3' },
  { name: 'kitchen-table', dir: 'kitchen-table', raw: 'episode.raw.txt', gold: 'episode.gold.json', audio: 'episode.mp3' },
];
const norm = (w: string) => w.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
const fmt = (xs: number[]) => {
  const s = xs.map(Math.abs).sort((a, b) => a - b);
  return `median ${s[s.length >> 1]!.toFixed(2)} s, p90 ${s[Math.floor(s.length * 0.9)]!.toFixed(2)} s, max ${s.at(-1)!.toFixed(2)} s`;
};

for (const sample of samples) {
  const dir = path.join(shared, sample.dir);
  const gold = JSON.parse(fs.readFileSync(path.join(dir, sample.gold), 'utf8')) as { turns: { start: number; text: string }[] };
  const raw = fs.readFileSync(path.join(dir, sample.raw), 'utf8').split(/\s+/).filter(Boolean);
  const rawNorm = raw.map(norm);
  // raw index of each turn's first word, where its first five words occur exactly once
  const anchors = gold.turns.flatMap((t) => {
    const head = t.text.split(/\s+/).map(norm).filter(Boolean).slice(0, 5);
    const hits = rawNorm.flatMap((_, i) => (head.every((w, k) => rawNorm[i + k] === w) ? [i] : []));
    return hits.length === 1 ? [{ at: hits[0]!, start: t.start }] : [];
  });
  const errors = (words: Word[]) => anchors.map((a) => words[a.at]!.start - a.start);
  const audio = path.join(dir, sample.audio);
  const duration = (await probeAudio(audio)).durationSec;
  console.log(`${sample.name}: ${anchors.length} of ${gold.turns.length} turn starts measured`);
  console.log(`  no audio (nominal speaking rate):        ${fmt(errors(estimateTimings(raw)))}`);
  for (const minSec of [0.3, DEFAULT_SILENCE.minSec]) {
    const { silences } = await analyzeAudio(audio, { minSec, durationSec: duration });
    const label = `aligned, silences >= ${minSec} s${minSec === DEFAULT_SILENCE.minSec ? ' (shipped)' : ''}`;
    console.log(`  ${`${label}:`.padEnd(40)} ${fmt(errors(alignToAudio(raw, { duration, silences })))}  [${silences.length} silences]`);
  }
}
