import { sql, type Transaction } from 'kysely';
import type { DB } from '@podpipe/shared/db/schema';
import { hashJson, sourceTreeHash } from '@podpipe/shared/hash';
import { loadTranscript, saveTranscript } from '@podpipe/shared/transcript-store';
import type { StageContext, StageDefinition } from '@podpipe/shared/stage';
import { sharedCpuPool } from '@podpipe/shared/cpu-pool';
import { EpisodeMeta, type Edit, type FixedWord } from '@podpipe/shared/transcript';
import type { FixResult, VocabularyEntry } from './fix/index.ts';
import { llmPolish } from './fix/llm.ts';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { applicableGlossary, glossaryRows, pickCandidates, type GlossaryRow } from './glossary.ts';

/** The module the CPU pool runs the fixer from (its exports: fixTranscript, warmUp). */
const CPU_TASKS = new URL('./cpu-tasks.ts', import.meta.url).href;

interface FixInput {
  /** The transcribe stage's words with times (recognized, aligned, or as the drop brought them). */
  timed: Awaited<ReturnType<typeof loadTranscript<'timed'>>>;
  meta: EpisodeMeta;
  showId: string | null;
  glossary: VocabularyEntry[];
  removeFillers: boolean;
  llm: { baseUrl: string; model: string; apiKey?: string } | null;
}

/**
 * Whether the gaps between the words' times are real pauses: a recognizer's own times, or a plain text placed word
 * by word in the audio by the forced aligner. Proportional placement between silences and nominal-rate estimates
 * put their gaps in the wrong places, so there they say nothing.
 */
export function pausesMeasured(timed: Pick<FixInput['timed'], 'timing' | 'source'>): boolean {
  return timed.timing === 'provider' || timed.source?.kind === 'aligned';
}

interface FixOutput {
  words: FixedWord[];
  edits: Edit[];
  timing: 'provider' | 'audio' | 'estimated';
  learned: { term: string; heard: string; kind: string; occurrences: number; fromGlossary: boolean }[];
}

/** Counts each learned (heard → term) correction, for the show's glossary, noting which the glossary handed in. */
function countLearned(learned: { term: string; heard: string }[], vocabulary: VocabularyEntry[], glossary: VocabularyEntry[]): FixOutput['learned'] {
  const kindOf = new Map(vocabulary.map((v) => [v.term, v.kind] as const));
  const handedIn = new Set(glossary.flatMap((g) => (g.heard ?? []).map((heard) => `${g.term}\u0000${heard}`)));
  const counts = new Map<string, FixOutput['learned'][number]>();
  for (const l of learned) {
    const key = `${l.term}\u0000${l.heard}`;
    const seen = counts.get(key);
    if (seen) seen.occurrences++;
    else counts.set(key, { term: l.term, heard: l.heard, kind: kindOf.get(l.term) ?? 'term', occurrences: 1, fromGlossary: handedIn.has(key) });
  }
  return [...counts.values()];
}

async function removeFillers(ctx: StageContext, showId: string | null): Promise<boolean> {
  if (!showId) return false;
  const show = await ctx.db.selectFrom('shows').select(['remove_fillers']).where('id', '=', showId).executeTakeFirst();
  return show?.remove_fillers ?? false;
}

/** The LLM settings that change the output (never the key). */
function llmKey(llm: FixInput['llm'] | undefined) {
  return llm ? { baseUrl: llm.baseUrl, model: llm.model } : null;
}

/** Transcribe-fix: corrects the timed words' names, numbers, disfluencies, punctuation and capitals. */
export const transcribeFixStage: StageDefinition<FixInput, FixOutput> = {
  name: 'transcribe-fix',
  version: sourceTreeHash(import.meta.url),
  // The timed words are the transcribe stage's output (runStage adds its hash); the show's filler setting and the
  // glossary entries that could apply, before narrowing them to what the words contain, read with the episode.
  inputReads: (db) => ({
    removeFillers: db.selectFrom('shows').select('remove_fillers').where('shows.id', '=', sql.ref<string | null>('episodes.show_id')),
    glossary: jsonArrayFrom(glossaryRows(db, sql.ref<string | null>('episodes.show_id'), sql.ref<string>('episodes.id'))),
  }),
  inputKey: (ctx, episode, reads) => ({
    meta: episode.meta,
    removeFillers: (reads.removeFillers as boolean | null) ?? false,
    glossary: pickCandidates(reads.glossary as GlossaryRow[], ctx.config.glossaryMinCount),
    llm: llmKey(ctx.config.llm),
  }),
  warmUp: (config) => sharedCpuPool(config).warm({ module: CPU_TASKS, fn: 'warmUp', args: [] }),
  async load(ctx, episode) {
    const timed = await loadTranscript(ctx.db, episode.id, 'timed');
    const glossary = episode.show_id ? await applicableGlossary(ctx.db, episode.show_id, episode.id, timed.words, ctx.config.glossaryMinCount) : [];
    return {
      timed,
      meta: EpisodeMeta.parse(episode.meta),
      showId: episode.show_id,
      glossary,
      removeFillers: await removeFillers(ctx, episode.show_id),
      llm: ctx.config.llm ?? null,
    };
  },
  fingerprint: (input) => ({
    timed: input.timed.contentHash,
    meta: input.meta,
    glossary: input.glossary,
    removeFillers: input.removeFillers,
    llm: llmKey(input.llm),
  }),
  async compute(input, ctx) {
    await ctx.report.step(`correcting ${input.timed.words.length} words (${input.glossary.length} glossary entries)`);
    const words = input.timed.words;
    const timing: FixOutput['timing'] = input.timed.timing === 'provider' ? 'provider' : input.timed.timing === 'estimated' ? 'estimated' : 'audio';
    // The correction runs in a pool thread, so the event loop keeps renewing the job's lock meanwhile (and this
    // thread never loads the fixer's models).
    const { vocabulary, ...fixed } = await sharedCpuPool(ctx.config).run<FixResult & { vocabulary: VocabularyEntry[] }>({
      module: CPU_TASKS,
      fn: 'correctTranscript',
      args: [words, input.meta, input.glossary, { removeFillers: input.removeFillers, pauses: pausesMeasured(input.timed) }],
    });
    let result = { words: fixed.words, edits: fixed.edits };
    await ctx.report.progress(input.llm ? 0.5 : 0.9);
    if (input.llm) {
      await ctx.report.step('polishing with the LLM');
      const polished = await llmPolish(fixed.words, { ...input.llm });
      if (polished.rejectedChunks) ctx.log.warn({ rejected: polished.rejectedChunks }, 'LLM pass: some chunks were rejected by the guard and kept as they were');
      result = { words: polished.words, edits: [...fixed.edits, ...polished.edits] };
    }
    ctx.log.info({ words: words.length, edits: result.edits.length, timing }, 'transcript corrected');
    return { ...result, timing, learned: countLearned(fixed.learned, vocabulary, input.glossary) };
  },
  async save(trx, episode, out) {
    const contentHash = hashJson(out.words);
    await saveTranscript(trx, { episodeId: episode.id, version: 'corrected', words: out.words, edits: out.edits, timing: out.timing, contentHash });
    if (episode.show_id) await recordSightings(trx, episode.show_id, episode.id, out.learned);
    return contentHash;
  },
};

/**
 * Replaces this episode's glossary sightings and recomputes the show's glossary from all its episodes' sightings:
 * each (term, heard) counts its occurrences, plus one when an operator entered it; a learned form that no episode
 * sights any more (the episode was re-corrected without it) leaves the glossary, a hand-made entry stays.
 */
export async function recordSightings(trx: Transaction<DB>, showId: string, episodeId: string, learned: FixOutput['learned']) {
  await trx.deleteFrom('glossary_sightings').where('episode_id', '=', episodeId).execute();
  if (learned.length) {
    await trx
      .insertInto('glossary_sightings')
      .values(learned.map((l) => ({ show_id: showId, episode_id: episodeId, term: l.term, heard: l.heard, kind: l.kind, occurrences: l.occurrences, from_glossary: l.fromGlossary })))
      .execute();
  }
  await sql`
    with sighted as (
      select term, heard, max(kind) as kind, sum(occurrences)::int as occurrences
      from glossary_sightings where show_id = ${showId} group by term, heard
    ), gone as (
      delete from glossary g where g.show_id = ${showId} and not g.by_hand
        and not exists (select 1 from sighted s where s.term = g.term and s.heard = g.heard)
    ), unsighted as (
      update glossary g set count = 1, updated_at = now() where g.show_id = ${showId} and g.by_hand and g.count <> 1
        and not exists (select 1 from sighted s where s.term = g.term and s.heard = g.heard)
    )
    insert into glossary (show_id, term, heard, kind, count)
    select ${showId}, term, heard, kind, occurrences from sighted
    on conflict (show_id, term, heard) do update
      set count = excluded.count + (case when glossary.by_hand then 1 else 0 end), updated_at = now(),
          kind = case when glossary.by_hand then glossary.kind else excluded.kind end
      where glossary.count is distinct from excluded.count + (case when glossary.by_hand then 1 else 0 end)`.execute(trx);
}
