/**
 * Saves the segment stage's input of every development episode (corrected words with times, silences, duration,
 * metadata) from the database that `bench/dev/score.ts` (or `podpipe process`) filled, so bench/segment/run.ts can
 * iterate on the segmentation core alone in seconds.
 *
 *   DATABASE_URL=… npx tsx bench/dev/score.ts   # once: runs every episode through the pipeline
 *   DATABASE_URL=… npx tsx bench/segment/inputs.ts [DIR] [--holdout]   # default DIR: /tmp/podpipe-bench-segment/inputs
 *
 * --holdout saves the held-out episodes' (after bench/holdout/score.ts) instead.
 *
 * An episode is found by its metadata title (the lex opening and the whole lex episode share one and differ in length).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createDatabase } from '@podpipe/shared/database';
import { loadTranscript } from '@podpipe/shared/transcript-store';
import { EpisodeMeta, type Silence } from '@podpipe/shared/transcript';
import type { SegmentInput } from '../../services/segment/src/core/index.ts';
import { benchEpisodes } from './episodes.ts';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL must point at the database bench/dev/score.ts filled');
const outDir = path.resolve(process.argv.slice(2).find((a) => !a.startsWith('--')) ?? '/tmp/podpipe-bench-segment/inputs');
fs.mkdirSync(outDir, { recursive: true });
const db = createDatabase(url, 2);
try {
  for (const ep of benchEpisodes(process.argv)) {
    const meta = EpisodeMeta.parse(JSON.parse(fs.readFileSync(path.join(ep.dir, 'episode.meta.json'), 'utf8')));
    const rows = await db.selectFrom('episodes').selectAll().where('meta', '@>', JSON.stringify({ title: meta.title }) as never).orderBy('created_at', 'desc').execute();
    // the lex opening and the whole lex episode share a title: the opening is the short one
    const row = rows.length > 1 ? rows.find((r) => ((r.duration_sec ?? 0) < 1800) === (ep.stem === 'opening')) : rows[0];
    if (!row) {
      console.error(`${ep.name}: not in the database; run bench/dev/score.ts first`);
      continue;
    }
    const transcript = await loadTranscript(db, row.id, 'corrected').catch((error: Error) => {
      // still running, or failed: the other episodes are saved all the same
      console.error(`${ep.name}: ${error.message}`);
      return null;
    });
    if (!transcript) continue;
    const input: SegmentInput = {
      words: transcript.words.map((w) => ({ text: w.text, start: w.start, end: w.end, ...(w.speaker ? { speaker: w.speaker } : {}) })),
      silences: (row.silences ?? []) as Silence[],
      duration: row.duration_sec ?? transcript.words.at(-1)?.end ?? 0,
      meta: EpisodeMeta.parse(row.meta),
      knownSponsors: [],
    };
    fs.writeFileSync(path.join(outDir, `${ep.name}.json`), JSON.stringify(input));
    console.log(`${ep.name}: ${input.words.length} words, ${input.silences.length} silences, ${input.duration.toFixed(0)} s`);
  }
} finally {
  await db.destroy();
}
