import { sharedCpuPool } from '@podpipe/shared/cpu-pool';
import { hashJson, sourceTreeHash } from '@podpipe/shared/hash';
import { loadTranscript } from '@podpipe/shared/transcript-store';
import type { StageContext, StageDefinition } from '@podpipe/shared/stage';
import { sql, type Expression } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Database } from '@podpipe/shared/database';
import type { Episode } from '@podpipe/shared/db/schema';
import { EpisodeMeta, type Silence } from '@podpipe/shared/transcript';
import type { SegmentInput, Segmentation } from './core/index.ts';
import { llmTitles } from './llm.ts';

/** The module the CPU pool runs segmentation from (its exports: segmentEpisode, warmUp). */
const CPU_TASKS = new URL('./cpu-tasks.ts', import.meta.url).href;

interface SegmentStageInput {
  input: SegmentInput;
  transcriptHash: string;
  llm: { baseUrl: string; model: string; apiKey?: string } | null;
  bounds: { minChapterSec: number; maxChapterSec: number };
}

/** The sponsors named in chapters of the show's other episodes; show and episode may be columns of an outer query. */
function sponsorRows(db: Database, showId: string | Expression<string | null>, episodeId: string | Expression<string>) {
  return db
    .selectFrom('chapters')
    .innerJoin('episodes as other', 'other.id', 'chapters.episode_id')
    .select('chapters.sponsor')
    .distinct()
    .where('other.show_id', '=', showId)
    .where('other.id', '!=', episodeId)
    .where('chapters.sponsor', 'is not', null)
    .orderBy('chapters.sponsor');
}

const sponsorsOf = (rows: { sponsor: string | null }[]) => rows.map((r) => r.sponsor!);

/** Sponsors the show's other episodes have read: they help find this episode's reads. */
async function knownSponsors(ctx: StageContext, episode: Episode): Promise<string[]> {
  if (!episode.show_id) return [];
  return sponsorsOf(await sponsorRows(ctx.db, episode.show_id, episode.id).execute());
}

/** Segment: chapters, sponsor reads, summary, keywords, entities and quotes from the corrected transcript. */
export const segmentStage: StageDefinition<SegmentStageInput, Segmentation> = {
  name: 'segment',
  version: sourceTreeHash(import.meta.url),
  // The corrected transcript and the silences are upstream outputs (runStage adds their hashes).
  inputReads: (db) => ({ knownSponsors: jsonArrayFrom(sponsorRows(db, sql.ref<string | null>('episodes.show_id'), sql.ref<string>('episodes.id'))) }),
  inputKey: (ctx, episode, reads) => ({
    meta: episode.meta,
    duration: episode.duration_sec,
    bounds: ctx.config.chapters,
    llm: ctx.config.llm ? { baseUrl: ctx.config.llm.baseUrl, model: ctx.config.llm.model } : null,
    knownSponsors: sponsorsOf(reads.knownSponsors as { sponsor: string | null }[]),
  }),
  warmUp: (config) => sharedCpuPool(config).warm({ module: CPU_TASKS, fn: 'warmUp', args: [] }),
  async load(ctx, episode) {
    const transcript = await loadTranscript(ctx.db, episode.id, 'corrected');
    const words = transcript.words;
    const last = words.at(-1);
    return {
      transcriptHash: transcript.contentHash,
      llm: ctx.config.llm ?? null,
      bounds: ctx.config.chapters,
      input: {
        words,
        silences: (episode.silences ?? []) as Silence[],
        duration: episode.duration_sec ?? last?.end ?? 0,
        meta: EpisodeMeta.parse(episode.meta),
        knownSponsors: await knownSponsors(ctx, episode),
      },
    };
  },
  fingerprint: ({ input, transcriptHash, llm, bounds }) => ({
    bounds,
    llm: llm ? { baseUrl: llm.baseUrl, model: llm.model } : null,
    transcript: transcriptHash,
    silences: hashJson(input.silences),
    duration: input.duration,
    meta: input.meta,
    knownSponsors: input.knownSponsors,
  }),
  async compute({ input, llm, bounds }, ctx) {
    await ctx.report.step(`segmenting ${input.words.length} words into chapters`);
    // Segmentation runs in a pool thread, so the event loop keeps renewing the job's lock meanwhile.
    let result = await sharedCpuPool(ctx.config).run<Segmentation>({ module: CPU_TASKS, fn: 'segmentEpisode', args: [input, bounds] });
    await ctx.report.progress(llm ? 0.5 : 0.9);
    if (llm) {
      await ctx.report.step('titles and summaries from the LLM');
      const polished = await llmTitles(result, input.words, llm);
      ctx.log.info({ accepted: polished.accepted, rejected: polished.rejected }, 'LLM titles and summaries');
      result = polished.segmentation;
    }
    ctx.log.info({ chapters: result.chapters.length, ads: result.ads.length, quotes: result.quotes.length }, 'episode segmented');
    return result;
  },
  async save(trx, episode, out) {
    await trx.deleteFrom('chapters').where('episode_id', '=', episode.id).execute();
    await trx.deleteFrom('quotes').where('episode_id', '=', episode.id).execute();
    const sponsorAt = (start: number, end: number) => out.ads.find((a) => a.start < end && a.end > start)?.sponsor ?? null;
    if (out.chapters.length) {
      await trx
        .insertInto('chapters')
        .values(
          out.chapters.map((c, idx) => ({
            episode_id: episode.id,
            idx,
            start_sec: c.start,
            end_sec: c.end,
            title: c.title,
            kind: c.kind,
            summary: c.summary || null,
            sponsor: c.kind === 'ad' ? sponsorAt(c.start, c.end) : null,
          })),
        )
        .execute();
    }
    if (out.quotes.length) {
      await trx
        .insertInto('quotes')
        .values(out.quotes.map((q, idx) => ({ episode_id: episode.id, idx, text: q.text, start_sec: q.start, end_sec: q.end, speaker: q.speaker ?? null, score: q.score })))
        .execute();
    }
    await trx
      .insertInto('summaries')
      .values({ episode_id: episode.id, summary: out.summary, keywords: JSON.stringify(out.keywords), entities: JSON.stringify(out.entities) })
      .onConflict((oc) =>
        oc.column('episode_id').doUpdateSet((eb) => ({ summary: eb.ref('excluded.summary'), keywords: eb.ref('excluded.keywords'), entities: eb.ref('excluded.entities') })),
      )
      .execute();
    return hashJson(out);
  },
};
