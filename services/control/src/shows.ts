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
  const rows = await db
    .selectFrom('glossary')
    .innerJoin('shows', 'shows.id', 'glossary.show_id')
    .select(['glossary.term', 'glossary.heard', 'glossary.kind', 'glossary.count', 'glossary.by_hand'])
    .where('shows.slug', '=', slug)
    .orderBy('glossary.count', 'desc')
    .orderBy('glossary.term')
    .execute();
  return rows.length ? rows.map((r) => `${String(r.count).padStart(5)}  ${r.term.padEnd(30)} ${r.kind.padEnd(12)} ${[r.heard && `heard as "${r.heard}"`, r.by_hand && '(entered by hand)'].filter(Boolean).join(' ')}`) : [`no glossary for ${slug}`];
}
