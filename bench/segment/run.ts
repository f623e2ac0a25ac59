/**
 * Segmentation bench: the segment core alone on every development episode's saved input (the fixer's corrected,
 * timed words; see bench/segment/inputs.ts), scored by ../shared/eval/score.mjs. Seconds per run, so changes to the
 * core can be judged on the whole development set at once. Never reads the gold except to score.
 *
 *   npx tsx bench/segment/run.ts [--inputs DIR] [--out DIR] [--only NAME,…] [--min-chapter SEC] [--speed] [--show] [--holdout]
 *
 * "text F1" places chapter starts by their words rather than their times (bench/segment/text-starts.ts), for gold that
 * gives each chapter's opening words (the lex episode): it separates boundary choice from bad word times.
 * --show prints each episode's chapters, ads, summary, keywords and quotes; --speed times segmentEpisode on the
 * longest episode; --holdout runs the held-out episodes (inputs saved with `inputs.ts DIR --holdout`).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { segmentEpisode, SegmentInput } from '../../services/segment/src/core/index.ts';
import { splitSentences } from '../../services/segment/src/core/sentences.ts';
import { SCORER } from '../dev/episodes.ts';
import { benchEpisodes } from './episodes.ts';
import { GoldStarts, textStartF1 } from './text-starts.ts';

const scorer = SCORER;
const argv = process.argv.slice(2);
const option = (name: string) => {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : undefined;
};
const inputsDir = path.resolve(option('--inputs') ?? '/tmp/podpipe-bench-segment/inputs');
// a run of one's own needs its own --out: helpers benching side by side would overwrite each other's artifacts
const outRoot = path.resolve(option('--out') ?? '/tmp/podpipe-bench-segment/out');
const only = option('--only')?.split(',');
const minChapter = option('--min-chapter');
const options = minChapter ? { minChapterSec: Number(minChapter) } : {};

interface Score {
  chapters?: { gold: number; published: number; boundaries: { f1: number; p: number; r: number }; title_overlap?: number };
  ads?: { gold_s: number; flagged_s: number; f1: number };
  summary?: { content_recall: number; words: number };
  quotes?: { published: number; whole_sentences: number; max_duration_s: number | null };
  keywords?: { gold: number; matched: number };
}

const fmt = (v: number | undefined | null, digits = 3) => (v === undefined || v === null || Number.isNaN(v) ? '-' : v.toFixed(digits));
const mean = (xs: (number | undefined)[]) => {
  const ys = xs.filter((x): x is number => typeof x === 'number');
  return ys.length ? ys.reduce((a, b) => a + b, 0) / ys.length : undefined;
};

const rows: { name: string; long: boolean; score: Score; textF1: number | undefined }[] = [];
for (const ep of benchEpisodes(argv).filter((e) => !only || only.includes(e.name))) {
  const file = path.join(inputsDir, `${ep.name}.json`);
  if (!fs.existsSync(file)) {
    console.error(`${ep.name}: no saved input at ${file}; run bench/segment/inputs.ts first`);
    continue;
  }
  const input = SegmentInput.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  const result = segmentEpisode(input, options);
  const out = path.join(outRoot, ep.name);
  fs.mkdirSync(out, { recursive: true });
  const episode = {
    chapters: result.chapters,
    keywords: result.keywords.map((k) => k.phrase),
    summary: result.summary,
    ads: result.ads,
    quotes: result.quotes.map((q) => ({ text: q.text, start: q.start, duration: Math.round((q.end - q.start) * 100) / 100 })),
  };
  fs.writeFileSync(path.join(out, 'episode.json'), JSON.stringify(episode, null, 2));
  fs.writeFileSync(path.join(out, 'segmentation.json'), JSON.stringify(result, null, 2));
  const gold = path.join(ep.dir, `${ep.stem}.gold.json`);
  const score = JSON.parse(execFileSync('node', [scorer, '--gold', gold, '--out', out, '--json'], { encoding: 'utf8' })) as Score;
  const goldStarts = GoldStarts.parse(JSON.parse(fs.readFileSync(gold, 'utf8')));
  const textF1 = textStartF1(goldStarts, input.words, result.chapters.map((c) => c.start), Math.max(input.duration, input.words.at(-1)?.end ?? 0));
  rows.push({ name: ep.name, long: ep.long, score, textF1 });
  if (argv.includes('--show')) {
    console.log(`\n== ${ep.name}`);
    for (const c of result.chapters) console.log(`  ${c.start.toFixed(0).padStart(5)} ${c.kind.padEnd(7)} ${c.title}`);
    console.log(`  summary: ${result.summary}`);
    console.log(`  keywords: ${episode.keywords.join(', ')}`);
    for (const q of episode.quotes) console.log(`  quote ${q.duration.toFixed(1)} s: ${q.text}`);
  }
  if (argv.includes('--speed') && input.words.length > 10_000) {
    const time = (f: () => unknown) => {
      const t = [] as number[];
      for (let i = 0; i < 7; i++) {
        const t0 = performance.now();
        f();
        t.push(performance.now() - t0);
      }
      return t.sort((a, b) => a - b)[3]!;
    };
    const full = time(() => segmentEpisode(input, options));
    const base = time(() => splitSentences(input.words, input.silences));
    console.log(`segmentEpisode on ${ep.name} (${input.words.length} words): median ${full.toFixed(1)} ms; sentence split alone ${base.toFixed(1)} ms`);
  }
}

const head = ['episode', 'chap F1', 'text F1', 'p/r', 'chap n', 'title', 'ads F1', 'ads s', 'summary', 'keywords', 'quotes ok', 'quote max s'];
const lines = rows.map(({ name, score: s, textF1 }) => [
  name,
  fmt(s.chapters?.boundaries.f1),
  fmt(textF1),
  s.chapters ? `${s.chapters.boundaries.p}/${s.chapters.boundaries.r}` : '-',
  s.chapters ? `${s.chapters.published}/${s.chapters.gold}` : '-',
  fmt(s.chapters?.title_overlap),
  s.ads && s.ads.gold_s > 0 ? fmt(s.ads.f1) : '-',
  s.ads ? `${s.ads.flagged_s}/${s.ads.gold_s}` : '-',
  fmt(s.summary?.content_recall),
  s.keywords ? `${s.keywords.matched}/${s.keywords.gold}` : '-',
  s.quotes ? `${s.quotes.whole_sentences}/${s.quotes.published}` : '-',
  fmt(s.quotes?.max_duration_s, 1),
]);
const pick = (f: (s: Score) => number | undefined, keep: (r: (typeof rows)[number]) => boolean = () => true) => mean(rows.filter(keep).map((r) => f(r.score)));
const withAds = rows.filter((r) => (r.score.ads?.gold_s ?? 0) > 0).map((r) => r.score.ads!.f1);
lines.push([
  'mean',
  `long ${fmt(pick((s) => s.chapters?.boundaries.f1, (r) => r.long))} short ${fmt(pick((s) => s.chapters?.boundaries.f1, (r) => !r.long && r.name !== 'lex-opening'))}`,
  '',
  '',
  '',
  fmt(pick((s) => s.chapters?.title_overlap)),
  `min ${fmt(withAds.length ? Math.min(...withAds) : undefined)}`,
  '',
  fmt(pick((s) => s.summary?.content_recall)),
  '',
  '',
  fmt(Math.max(...rows.map((r) => r.score.quotes?.max_duration_s ?? 0)), 1),
]);
lines.push(['target', 'long 0.75 short 0.65', '', '', '', '0.40', 'min 0.90', '', '0.45', '', 'all', '45']);
const all = [head, ...lines];
const widths = head.map((_, i) => Math.max(...all.map((l) => (l[i] ?? '').length)));
console.log(all.map((l) => l.map((c, i) => (c ?? '').padEnd(widths[i]!)).join('  ').trimEnd()).join('\n'));
