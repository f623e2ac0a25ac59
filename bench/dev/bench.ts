/** The dev bench's machinery, shared by bench/dev/score.ts and bench/holdout/score.ts. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { SHARED_DIR, type DevEpisode } from './episodes.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const scorer = path.join(SHARED_DIR, 'eval/score.mjs');
const podpipe = path.join(root, 'services/control/bin/podpipe.mjs');

/** What score.mjs prints with --json, as far as this table reads it. */
export interface Score {
  text?: {
    wer?: number;
    sentence_end?: { f1: number };
    comma?: { f1: number };
    capitalization?: { f1: number };
    entities?: { recall: number };
  };
  raw_baseline?: { wer?: number };
  timing?: { turn_start_error_median_s?: number; turn_start_error_p90_s?: number };
  chapters?: { gold: number; published: number; boundaries: { f1: number }; title_overlap?: number };
  ads?: { gold_s: number; f1: number };
  summary?: { content_recall?: number };
  keywords?: { gold: number; matched: number; published: number };
  quotes?: { published: number; whole_sentences: number; max_duration_s: number };
}

export interface Row {
  episode: DevEpisode;
  seconds: number;
  score: Score | null;
  error?: string;
}

/** One episode (`<samplesDir>/<dir>/<stem>.*`) through `podpipe process … --force`, scored by score.mjs. */
export async function scoreEpisode(ep: DevEpisode, samplesDir: string, outRoot: string, textOnly: boolean): Promise<Row> {
  const dir = path.join(samplesDir, ep.dir);
  const out = path.join(outRoot, ep.name);
  fs.rmSync(out, { recursive: true, force: true });
  const args = [podpipe, 'process'];
  if (!textOnly) args.push(path.join(dir, `${ep.stem}.mp3`));
  args.push('--transcript', path.join(dir, `${ep.stem}.raw.txt`), '--meta', path.join(dir, 'episode.meta.json'), '--out', out, '--force');
  const started = Date.now();
  try {
    await run(process.execPath, args, { cwd: root, maxBuffer: 64 << 20, env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' } });
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? String(err);
    return { episode: ep, seconds: (Date.now() - started) / 1000, score: null, error: stderr.trim().split('\n').pop() };
  }
  const seconds = (Date.now() - started) / 1000;
  const gold = path.join(dir, `${ep.stem}.gold.json`);
  const { stdout } = await run(process.execPath, [scorer, '--gold', gold, '--out', out, '--raw', path.join(dir, `${ep.stem}.raw.txt`), '--json'], { maxBuffer: 64 << 20 });
  return { episode: ep, seconds, score: JSON.parse(stdout) as Score };
}

const fmt = (v: number | undefined, digits = 3) => (v === undefined || Number.isNaN(v) ? '-' : v.toFixed(digits));
const mean = (values: (number | undefined)[]) => {
  const xs = values.filter((v): v is number => typeof v === 'number' && !Number.isNaN(v));
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : undefined;
};

/** The table: one line per episode, the means, the targets, then any extra lines (same columns). */
export function table(rows: Row[], extra: string[][] = []): string {
  const head = ['episode', 's', 'wer', '(raw)', 'end', 'comma', 'caps', 'names', 'turn med', 'turn p90', 'chap F1', 'chap n', 'title', 'ads F1', 'summary', 'keywords', 'quotes ok', 'quote max s'];
  const lines = rows.map(({ episode, seconds, score: s, error }) => {
    if (!s) return [episode.name, fmt(seconds, 0), `failed: ${error ?? ''}`];
    const hasText = s.text?.wer !== undefined;
    return [
      episode.name,
      fmt(seconds, 0),
      hasText ? fmt(s.text!.wer) : '-',
      fmt(s.raw_baseline?.wer),
      fmt(s.text?.sentence_end?.f1),
      fmt(s.text?.comma?.f1),
      fmt(s.text?.capitalization?.f1),
      fmt(s.text?.entities?.recall),
      fmt(s.timing?.turn_start_error_median_s, 2),
      fmt(s.timing?.turn_start_error_p90_s, 2),
      fmt(s.chapters?.boundaries.f1),
      s.chapters ? `${s.chapters.published}/${s.chapters.gold}` : '-',
      fmt(s.chapters?.title_overlap),
      s.ads && s.ads.gold_s > 0 ? fmt(s.ads.f1) : '-',
      fmt(s.summary?.content_recall),
      s.keywords ? `${s.keywords.matched}/${s.keywords.gold}` : '-',
      s.quotes ? `${s.quotes.whole_sentences}/${s.quotes.published}` : '-',
      s.quotes ? fmt(s.quotes.max_duration_s, 1) : '-',
    ];
  });
  const scored = rows.filter((r) => r.score);
  const pick = (f: (s: Score) => number | undefined, filter: (r: Row) => boolean = () => true) => mean(scored.filter(filter).map((r) => f(r.score!)));
  const means = [
    'mean',
    '',
    fmt(pick((s) => s.text?.wer)),
    fmt(pick((s) => s.raw_baseline?.wer)),
    fmt(pick((s) => s.text?.sentence_end?.f1)),
    fmt(pick((s) => s.text?.comma?.f1)),
    fmt(pick((s) => s.text?.capitalization?.f1)),
    fmt(pick((s) => s.text?.entities?.recall)),
    fmt(pick((s) => s.timing?.turn_start_error_median_s), 2),
    fmt(pick((s) => s.timing?.turn_start_error_p90_s), 2),
    `long ${fmt(pick((s) => s.chapters?.boundaries.f1, (r) => r.episode.long))} short ${fmt(pick((s) => s.chapters?.boundaries.f1, (r) => !r.episode.long && r.episode.name !== 'lex-opening'))}`,
    '',
    fmt(pick((s) => s.chapters?.title_overlap)),
    `min ${fmt(Math.min(...scored.filter((r) => (r.score!.ads?.gold_s ?? 0) > 0).map((r) => r.score!.ads!.f1)))}`,
    fmt(pick((s) => s.summary?.content_recall)),
    // the share of gold keywords matched, averaged over the episodes whose gold lists keywords
    fmt(pick((s) => (s.keywords ? s.keywords.matched / s.keywords.gold : undefined))),
    '',
    fmt(Math.max(...scored.map((r) => r.score!.quotes?.max_duration_s ?? 0)), 1),
  ];
  const targets = ['target', '', '', '', '0.70', '0.55', '0.85', '0.80', '0.30', '1.00', 'long 0.75 short 0.65', '', '0.40', 'min 0.90', '0.45', '', 'all', '45'];
  const all = [head, ...lines, means, targets, ...extra];
  const widths = head.map((_, i) => Math.max(...all.map((l) => (l[i] ?? '').length)));
  return all.map((l) => l.map((c, i) => (c ?? '').padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

/** What a bench script runs: the command line (`[--text-only] [--only NAME,…] [--keep DIR] [--json]`) over a set of episodes. */
export async function runBench(opts: { episodes: readonly DevEpisode[]; samplesDir: string; tmpPrefix: string; extraRows?: string[][] }): Promise<void> {
  const argv = process.argv.slice(2);
  const flag = (name: string) => argv.includes(name);
  const option = (name: string) => {
    const at = argv.indexOf(name);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const textOnly = flag('--text-only');
  const only = option('--only')?.split(',');
  const keep = option('--keep');
  const outRoot = keep ? path.resolve(keep) : fs.mkdtempSync(path.join(os.tmpdir(), opts.tmpPrefix));
  const chosen = opts.episodes.filter((e) => !only || only.includes(e.name));
  if (!chosen.length) throw new Error(`--only matched no episode; names: ${opts.episodes.map((e) => e.name).join(', ')}`);
  const rows: Row[] = [];
  for (const ep of chosen) {
    const row = await scoreEpisode(ep, opts.samplesDir, outRoot, textOnly);
    rows.push(row);
    process.stderr.write(`${ep.name}: ${row.score ? 'scored' : `failed (${row.error})`} in ${row.seconds.toFixed(0)} s\n`);
  }
  if (!keep) fs.rmSync(outRoot, { recursive: true, force: true });
  if (flag('--json')) console.log(JSON.stringify(rows.map((r) => ({ episode: r.episode.name, seconds: r.seconds, error: r.error, score: r.score })), null, 2));
  else {
    console.log(`${textOnly ? 'transcript only (times estimated)' : 'audio + raw transcript'}; ${new Date().toISOString()}`);
    console.log(table(rows, opts.extraRows));
  }
}
