import { sql, type Expression } from 'kysely';
import type { Database } from '@podpipe/shared/database';
import type { Word } from '@podpipe/shared/transcript';
import type { VocabularyEntry } from './fix/index.ts';
import { foldLetters } from './fix/text.ts';

/** A value, or an expression of the enclosing query (sql.ref('episodes.id')). */
type OperandValue<T> = T | Expression<T>;

/**
 * The part of a show's glossary that can change this episode's correction, and nothing more, so that the fixer's
 * fingerprint moves only when its output could:
 * - every entry an operator made by hand;
 * - a learned (heard → term) form only when the episode's raw words contain it, the show's other episodes have heard
 *   it at least `minCount` times (one stray sighting does not spread), and the episode did not already find that
 *   correction on its own (an episode learns nothing from what it taught).
 * Counts are left out: the fixer does not read them, and they grow with every episode of the show.
 */
export async function applicableGlossary(db: Database, showId: string, episodeId: string, raw: Pick<Word, 'text'>[], minCount: number): Promise<VocabularyEntry[]> {
  const spoken = ` ${raw.map((w) => foldLetters(w.text)).filter(Boolean).join(' ')} `;
  const candidates = await glossaryCandidates(db, showId, episodeId, minCount);
  return toEntries(candidates.filter((c) => c.byHand || spoken.includes(` ${c.heard} `)));
}

/** One glossary row that may apply to an episode: a hand-made entry, or a learned form past the threshold. */
export interface GlossaryCandidate {
  term: string;
  heard: string;
  kind: string;
  byHand: boolean;
}

/** A show's glossary rows with what the candidate filter needs; the show and episode may be columns of an outer query. */
export function glossaryRows(db: Database, showId: OperandValue<string | null>, episodeId: OperandValue<string>) {
  return db
    .selectFrom('glossary as g')
    .leftJoin('glossary_sightings as s', (join) =>
      join.onRef('s.show_id', '=', 'g.show_id').onRef('s.term', '=', 'g.term').onRef('s.heard', '=', 'g.heard').on('s.episode_id', '=', episodeId),
    )
    .select(['g.term', 'g.heard', 'g.kind', 'g.by_hand', sql<number>`g.count - coalesce(s.occurrences, 0)`.as('others'), sql<boolean>`coalesce(not s.from_glossary, false)`.as('foundAlone')])
    .where('g.show_id', '=', showId)
    .orderBy('g.term')
    .orderBy('g.heard');
}

export type GlossaryRow = Awaited<ReturnType<ReturnType<typeof glossaryRows>['execute']>>[number];

/** The rows of glossaryRows that could apply to the episode whatever its raw words say. */
export function pickCandidates(rows: GlossaryRow[], minCount: number): GlossaryCandidate[] {
  return rows
    .filter((row) => row.by_hand || (row.heard !== '' && !row.foundAlone && row.others >= minCount))
    .map((row) => ({ term: row.term, heard: row.heard, kind: row.kind, byHand: row.by_hand }));
}

/**
 * The glossary rows that could apply to the episode whatever its raw words say: applicableGlossary before the check
 * that the heard form occurs. Cheap (no transcript); the fixer's input key reads the same rows with the episode.
 */
export async function glossaryCandidates(db: Database, showId: string, episodeId: string, minCount: number): Promise<GlossaryCandidate[]> {
  return pickCandidates(await glossaryRows(db, showId, episodeId).execute(), minCount);
}

function toEntries(candidates: GlossaryCandidate[]): VocabularyEntry[] {
  const entries = new Map<string, VocabularyEntry>();
  for (const c of candidates) {
    const entry = entries.get(c.term) ?? { term: c.term, kind: c.kind as VocabularyEntry['kind'], source: 'glossary' as const, heard: [] };
    if (c.heard) entry.heard!.push(c.heard);
    entries.set(c.term, entry);
  }
  return [...entries.values()].sort((a, b) => a.term.localeCompare(b.term));
}
