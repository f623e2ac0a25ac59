/**
 * Times punctuate + truecase on the longest development transcript (16k words), after one warm-up run that
 * also loads the model. Reports wall and CPU time (the CPU figure is the fair one on a shared machine).
 *
 *   npx tsx services/transcribe-fix/training/bench.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Token } from '../src/fix/token.ts';
import { punctuate } from '../src/fix/punctuate.ts';
import { truecase } from '../src/fix/truecase.ts';

const RAW = path.resolve(new URL('../../../../shared/samples/lex-fridman-73/episode.raw.txt', import.meta.url).pathname);
const words = fs.readFileSync(RAW, 'utf8').split(/\s+/).filter(Boolean);
const tokens: Token[] = words.map((w, i) => ({ text: w, from: [i, i + 1], start: i * 0.3, end: i * 0.3 + 0.25, punct: '' }));

let t = performance.now();
truecase(punctuate(tokens.slice(0, 20)));
console.log(`model load (once per process): ${(performance.now() - t).toFixed(0)} ms`);
for (let run = 1; run <= 5; run++) {
  const cpu = process.cpuUsage();
  t = performance.now();
  const punctuated = punctuate(tokens);
  const mid = performance.now();
  truecase(punctuated);
  const wall = performance.now() - t;
  const used = process.cpuUsage(cpu);
  console.log(
    `run ${run}: ${tokens.length} words — punctuate ${(mid - t).toFixed(0)} ms, truecase ${(wall - (mid - t)).toFixed(0)} ms, ` +
      `wall ${wall.toFixed(0)} ms, cpu ${((used.user + used.system) / 1000).toFixed(0)} ms`,
  );
}
console.log(`rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
