/**
 * Scores punctuate + truecase alone on the development samples: raw words (times 0) in, transcript.json out,
 * then ../shared/eval/score.mjs. Development measurement only — the samples are never training data.
 *
 *   npx tsx services/transcribe-fix/training/score-dev.ts [--bias '{"end":2,"comma":1.5}'] [--keep]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import type { Token } from '../src/fix/token.ts';
import { punctuate, SPOKEN_BIAS } from '../src/fix/punctuate.ts';
import { truecase } from '../src/fix/truecase.ts';

const { values: opts } = parseArgs({
  options: {
    bias: { type: 'string', default: '{}' },
    keep: { type: 'boolean', default: false },
  },
});
const bias = { ...SPOKEN_BIAS, ...(JSON.parse(opts.bias) as Partial<typeof SPOKEN_BIAS>) };

const SHARED = path.resolve(new URL('../../../../shared', import.meta.url).pathname);
const SAMPLES = [
  { name: 'lex-fridman-73', raw: 'lex-fridman-73/opening.raw.txt', gold: 'lex-fridman-73/opening.gold.json' },
  { name: 'kitchen-table', raw: 'kitchen-table/episode.raw.txt', gold: 'kitchen-table/episode.gold.json' },
];

/** Raw words as the fixer receives them from a transcript without audio: lowercase, times 0. */
function rawTokens(text: string): Token[] {
  return text.split(/\s+/).filter(Boolean).map((w, i) => ({ text: w, from: [i, i + 1], start: 0, end: 0, punct: '' }));
}

/** Joins tokens into sentence-sized transcript segments. */
function segments(tokens: Token[]): Array<{ startTime: number; endTime: number; body: string }> {
  const out: Array<{ startTime: number; endTime: number; body: string }> = [];
  let words: string[] = [];
  for (const t of tokens) {
    words.push(t.text + t.punct);
    if (t.punct === '.' || t.punct === '?' || t.punct === '!') {
      out.push({ startTime: 0, endTime: 0, body: words.join(' ') });
      words = [];
    }
  }
  if (words.length) out.push({ startTime: 0, endTime: 0, body: words.join(' ') });
  return out;
}

for (const s of SAMPLES) {
  const tokens = rawTokens(fs.readFileSync(path.join(SHARED, 'samples', s.raw), 'utf8'));
  const t0 = performance.now();
  const fixed = truecase(punctuate(tokens, bias));
  const ms = performance.now() - t0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `score-${s.name}-`));
  fs.writeFileSync(path.join(dir, 'transcript.json'), JSON.stringify({ version: '1.0.0', segments: segments(fixed) }));
  const report = JSON.parse(
    execFileSync('node', [path.join(SHARED, 'eval/score.mjs'), '--gold', path.join(SHARED, 'samples', s.gold), '--out', dir, '--json'], { encoding: 'utf8' }),
  );
  const t = report.text;
  const f = (m: { p: number; r: number; f1: number }): string => `f1=${m.f1} (p=${m.p} r=${m.r})`;
  console.log(`${s.name} [${tokens.length} words, ${ms.toFixed(0)} ms]\n  sentence_end ${f(t.sentence_end)}\n  comma        ${f(t.comma)}\n  capital      ${f(t.capitalization)}`);
  if (opts.keep) console.log(`  kept ${dir}`);
  else fs.rmSync(dir, { recursive: true });
}
