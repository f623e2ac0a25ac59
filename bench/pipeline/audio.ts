/**
 * Audio analysis bench: analyzeAudio (silencedetect + ebur128 in one decode) against the bare ffmpeg command it
 * wraps, run as a child process with the same arguments, in turns, median of N each. The ratio is the wrapper's
 * overhead (fluent-ffmpeg spawn, stderr capture, parsing). CPU seconds (ffmpeg child + this process) are printed
 * beside wall time because they hold steady on a busy machine where wall time does not.
 *   npx tsx bench/pipeline/audio.ts [file.mp3] [runs]
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeAudio, probeAudio } from '../../services/ingest/src/audio/audio.ts';
import { analyzeCommand } from '../../services/ingest/src/audio/commands.ts';

const file = process.argv[2] ?? path.resolve(import.meta.dirname, '../../../shared/samples/lex-fridman-73/episode.mp3');
const runs = Number(process.argv[3] ?? 3);

function bareFfmpeg(path: string): Promise<void> {
  const { inputOptions, outputOptions, output } = analyzeCommand();
  return new Promise((resolve, reject) => {
    const child = spawn('ffmpeg', [...inputOptions, '-i', path, '-y', ...outputOptions, output], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited with ${code}`))));
  });
}

// Linux: user+system seconds of reaped children (fields 16-17 of /proc/self/stat, in clock ticks of 1/100 s).
function childCpuSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

function ownCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

async function measure(task: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  const started = performance.now();
  const cpuBefore = childCpuSeconds() + ownCpuSeconds();
  await task();
  return { wall: (performance.now() - started) / 1000, cpu: childCpuSeconds() + ownCpuSeconds() - cpuBefore };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const facts = await probeAudio(file);
const wrapped: { wall: number; cpu: number }[] = [];
const bare: { wall: number; cpu: number }[] = [];
let summary = '';
for (let i = 0; i < runs; i++) {
  wrapped.push(
    await measure(async () => {
      const { silences, loudness } = await analyzeAudio(file, { durationSec: facts.durationSec });
      summary = `${silences.length} silences, ${loudness.inputI} LUFS, ${loudness.inputTP} dBTP, LRA ${loudness.inputLRA}`;
    }),
  );
  bare.push(await measure(() => bareFfmpeg(file)));
}
const line = (name: string, runs: { wall: number; cpu: number }[]): string =>
  `${name}  wall median ${median(runs.map((r) => r.wall)).toFixed(2)} s (${runs.map((r) => r.wall.toFixed(2)).join(' ')})` +
  `  cpu median ${median(runs.map((r) => r.cpu)).toFixed(2)} s`;
const ratio = (pick: (r: { wall: number; cpu: number }) => number): string =>
  (median(wrapped.map(pick)) / median(bare.map(pick))).toFixed(3);
console.log(`file: ${file} (${(facts.durationSec / 60).toFixed(1)} min); ${summary}`);
console.log(line('analyzeAudio', wrapped));
console.log(line('bare ffmpeg ', bare));
console.log(`ratio analyzeAudio/bare: wall ${ratio((r) => r.wall)}, cpu ${ratio((r) => r.cpu)}`);
