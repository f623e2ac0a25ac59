import { sql } from 'kysely';
import type { Database } from '@podpipe/shared/database';
import type { TranscribeProviderName } from '@podpipe/shared/db/schema';

/** Sets a show's options; returns the show as stored, or throws for an unknown show. */
export async function setShowOptions(
  db: Database,
  slug: string,
  opts: { removeFillers?: boolean; transcribeProvider?: TranscribeProviderName | null },
): Promise<{ slug: string; title: string; remove_fillers: boolean; transcribe_provider: TranscribeProviderName | null }> {
  const show = await db
    .updateTable('shows')
    .where('slug', '=', slug)
    .set({
      slug,
      ...(opts.removeFillers === undefined ? {} : { remove_fillers: opts.removeFillers }),
      ...(opts.transcribeProvider === undefined ? {} : { transcribe_provider: opts.transcribeProvider }),
    })
    .returning(['slug', 'title', 'remove_fillers', 'transcribe_provider'])
    .executeTakeFirst();
  if (!show) throw new Error(`no show ${slug}; shows are created by their first episode`);
  return show;
}

/** Adds a hand-made glossary entry (a term, optionally with a form the recognizer mishears it as). */
export async function addGlossaryTerm(db: Database, slug: string, entry: { term: string; heard?: string; kind: string }): Promise<void> {
  const show = await db.selectFrom('shows').select('id').where('slug', '=', slug).executeTakeFirst();
  if (!show) throw new Error(`no show ${slug}; shows are created by their first episode`);
  await db
    .insertInto('glossary')
    .values({ show_id: show.id, term: entry.term, heard: entry.heard?.toLowerCase() ?? '', kind: entry.kind, count: 1, by_hand: true })
    .onConflict((oc) =>
      oc.columns(['show_id', 'term', 'heard']).doUpdateSet({
        kind: entry.kind,
        // Sighted by episodes already: their count, plus one for the operator's entry.
        count: sql`case when glossary.by_hand then glossary.count else glossary.count + 1 end`,
        by_hand: true,
        updated_at: sql`now()`,
      }),
    )
    .execute();
}

/** A show's glossary as text lines, most used first. */
export async function glossaryLines(db: Database, slug: string): Promise<string[]> {
  const rows = await glossaryEntries(db, slug);
  const learned = (r: GlossaryEntry) => (r.learnedFrom.length ? `learned from ${r.learnedFrom.map((l) => `${l.title ?? l.episodeId} (${l.occurrences})`).join(', ')}` : '');
  return rows.length
    ? rows.map((r) => `${String(r.count).padStart(5)}  ${r.term.padEnd(30)} ${r.kind.padEnd(12)} ${[r.heard && `heard as "${r.heard}"`, r.byHand && '(entered by hand)', learned(r)].filter(Boolean).join(' ')}`)
    : [`no glossary for ${slug}`];
}

/**
 * Removes a glossary entry; a learned one also loses its sightings, so it stays gone until an episode learns it
 * again. Returns whether there was one.
 */
export async function removeGlossaryTerm(db: Database, slug: string, entry: { term: string; heard?: string }): Promise<boolean> {
  const heard = entry.heard?.toLowerCase() ?? '';
  return db.transaction().execute(async (trx) => {
    const show = await trx.selectFrom('shows').select('id').where('slug', '=', slug).executeTakeFirst();
    if (!show) throw new Error(`no show ${slug}; shows are created by their first episode`);
    const removed = await trx.deleteFrom('glossary').where('show_id', '=', show.id).where('term', '=', entry.term).where('heard', '=', heard).executeTakeFirst();
    await trx.deleteFrom('glossary_sightings').where('show_id', '=', show.id).where('term', '=', entry.term).where('heard', '=', heard).execute();
    return Number(removed.numDeletedRows) > 0;
  });
}

export interface GlossaryEntry {
  term: string;
  heard: string;
  kind: string;
  count: number;
  byHand: boolean;
  /** Episodes whose transcripts taught it, with their occurrences. */
  learnedFrom: { episodeId: string; title: string | null; occurrences: number }[];
}

/** A show's glossary, most used first, with where each entry was learned. */
export async function glossaryEntries(db: Database, slug: string): Promise<GlossaryEntry[]> {
  const rows = await db
    .selectFrom('glossary as g')
    .innerJoin('shows as s', 's.id', 'g.show_id')
    .select(['g.show_id', 'g.term', 'g.heard', 'g.kind', 'g.count', 'g.by_hand'])
    .where('s.slug', '=', slug)
    .orderBy('g.count', 'desc')
    .orderBy('g.term')
    .execute();
  if (!rows.length) return [];
  const sightings = await db
    .selectFrom('glossary_sightings as x')
    .innerJoin('episodes as e', 'e.id', 'x.episode_id')
    .select(['x.term', 'x.heard', 'x.episode_id', 'e.title', 'x.occurrences'])
    .where('x.show_id', '=', rows[0]!.show_id)
    .orderBy('e.created_at')
    .execute();
  return rows.map((r) => ({
    term: r.term,
    heard: r.heard,
    kind: r.kind,
    count: r.count,
    byHand: r.by_hand,
    learnedFrom: sightings.filter((s) => s.term === r.term && s.heard === r.heard).map((s) => ({ episodeId: s.episode_id, title: s.title, occurrences: s.occurrences })),
  }));
}

/** Every show with its episode and glossary counts. */
export async function listShows(db: Database): Promise<{ slug: string; title: string; episodes: number; glossary: number }[]> {
  const rows = await db
    .selectFrom('shows as s')
    .select((eb) => [
      's.slug',
      's.title',
      eb.selectFrom('episodes').select(eb.fn.countAll<string>().as('n')).whereRef('episodes.show_id', '=', 's.id').as('episodes'),
      eb.selectFrom('glossary').select(eb.fn.countAll<string>().as('n')).whereRef('glossary.show_id', '=', 's.id').as('glossary'),
    ])
    .orderBy('s.slug')
    .execute();
  return rows.map((r) => ({ slug: r.slug, title: r.title, episodes: Number(r.episodes ?? 0), glossary: Number(r.glossary ?? 0) }));
}
