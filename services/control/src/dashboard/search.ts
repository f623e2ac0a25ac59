/**
 * Archive search: Postgres full-text search over every episode's corrected transcript and over what the recognizer
 * heard (the raw transcript), so a name the fixer still misspells is found too. One hit per episode (episodes keep
 * only their latest version's transcripts), ranked by ts_rank, with a snippet, the show, and the second in the audio
 * where the first matching word is spoken.
 */
import { sql } from 'kysely';
import { z } from 'zod';
import type { FixedWord, Word } from '@podpipe/shared/transcript';
import type { Database } from '@podpipe/shared/database';

export const SearchQuery = z.object({ q: z.string().trim().min(2).max(200), limit: z.coerce.number().int().min(1).max(100).default(20) });
export type SearchQuery = z.infer<typeof SearchQuery>;

export interface SearchHit {
  episodeId: string;
  title: string | null;
  show: string | null;
  rank: number;
  /** ts_headline of the matching transcript, matches in <b>. */
  snippet: string;
  /** Which transcript matched best: 'corrected', or 'raw' (what the recognizer heard). */
  matched: 'corrected' | 'raw';
  /** Second in the audio of the first matching word, when the transcript is timed. */
  atSec: number | null;
}

/** Lower-case letters and digits of a word, for comparing it with a lexeme. */
const bare = (s: string) => s.toLowerCase().normalize('NFKD').replace(/[^\p{L}\p{N}]/gu, '');

/**
 * Index of the first word that is one of the lexemes or grows from it ('fermentation' from 'ferment'); English stems
 * are prefixes of their words but for a trailing 'i'/'e' ('happi' for 'happy'), which is dropped before comparing.
 */
export function firstMatchingWord(words: Pick<Word, 'text'>[], lexemes: string[]): number {
  const stems = lexemes.map((l) => bare(l).replace(/[ie]$/, '')).filter((l) => l.length >= 2);
  if (!stems.length) return -1;
  // A corrected word may hold several (a name made of two heard words).
  const matches = (part: string) => {
    const b = bare(part);
    return stems.some((s) => b.startsWith(s) && b.length <= s.length + 5);
  };
  return words.findIndex((w) => w.text.split(/\s+/).some(matches));
}

/** The corrected word's start time for a raw word index (via each corrected word's `from` range). */
export function timeOfRawWord(corrected: FixedWord[], rawIndex: number): number | null {
  const w = corrected.find((c) => c.from[0] <= rawIndex && rawIndex < Math.max(c.from[1], c.from[0] + 1)) ?? corrected.find((c) => c.from[0] >= rawIndex);
  return w ? w.start : null;
}

/** The archive's best matches for a web-search-style query. */
export async function searchArchive(db: Database, query: SearchQuery): Promise<SearchHit[]> {
  const tsquery = sql`websearch_to_tsquery('english', ${query.q})`;
  const best = db
    .selectFrom('transcripts as t')
    .select([
      't.episode_id',
      't.version',
      sql<number>`ts_rank(to_tsvector('english', t.text), ${tsquery})`.as('rank'),
      sql<string>`ts_headline('english', t.text, ${tsquery}, 'MaxFragments=2, MaxWords=25, MinWords=10')`.as('snippet'),
    ])
    .where(sql<boolean>`to_tsvector('english', t.text) @@ ${tsquery}`)
    .distinctOn('t.episode_id')
    // Per episode the better-ranked transcript; the corrected one on a tie.
    .orderBy('t.episode_id')
    .orderBy('rank', 'desc')
    .orderBy(sql`t.version = 'corrected'`, 'desc')
    .as('b');
  const rows = await db
    .selectFrom(best)
    .innerJoin('episodes as e', 'e.id', 'b.episode_id')
    .leftJoin('shows as s', 's.id', 'e.show_id')
    .select(['b.episode_id as episodeId', 'e.title', 's.title as show', 'b.rank', 'b.snippet', 'b.version as matched'])
    .orderBy('b.rank', 'desc')
    .orderBy('e.created_at', 'desc')
    .limit(query.limit)
    .execute();
  if (!rows.length) return [];
  const { rows: lexemeRows } = await sql<{ lexeme: string }>`select unnest(tsvector_to_array(to_tsvector('english', ${query.q}))) as lexeme`.execute(db);
  const lexemes = lexemeRows.map((r) => r.lexeme);
  const transcripts = await db
    .selectFrom('transcripts')
    .select(['episode_id', 'version', 'words', 'timing'])
    .where('episode_id', 'in', rows.map((r) => r.episodeId))
    .execute();
  const words = (episodeId: string, version: string) => transcripts.find((t) => t.episode_id === episodeId && t.version === version);
  return rows.map((r) => {
    const corrected = words(r.episodeId, 'corrected');
    const timed = corrected && corrected.timing !== 'none' ? (corrected.words as FixedWord[]) : undefined;
    let atSec: number | null = null;
    if (timed && r.matched === 'corrected') {
      const i = firstMatchingWord(timed, lexemes);
      atSec = i >= 0 ? timed[i]!.start : null;
    } else if (r.matched === 'raw') {
      const raw = words(r.episodeId, 'raw');
      const i = raw ? firstMatchingWord(raw.words as Word[], lexemes) : -1;
      if (i >= 0) atSec = timed ? timeOfRawWord(timed, i) : raw!.timing !== 'none' ? (raw!.words as Word[])[i]!.start : null;
    }
    return { ...r, rank: Number(r.rank), matched: r.matched as 'corrected' | 'raw', atSec: atSec === null ? null : Math.floor(atSec) };
  });
}
