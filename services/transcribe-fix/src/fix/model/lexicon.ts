/** The shipped casing lexicon (lowercase word → written form), built by training/casing.ts. */
import fs from 'node:fs';

/** Lowercase word → written form, and lowercase "a b" word pair → written form. */
export interface Casing {
  words: ReadonlyMap<string, string>;
  pairs: ReadonlyMap<string, string>;
}

const LEXICON_URL = new URL('./casing-lexicon.json', import.meta.url);
let cached: Casing | undefined;

/** The casing lexicon, read and validated once per process (every CPU pool thread of every worker process). */
export function casingLexicon(): Casing {
  cached ??= parseCasingLexicon(JSON.parse(fs.readFileSync(LEXICON_URL, 'utf8')));
  return cached;
}

/**
 * The lexicon file's JSON checked as `{ words: Record<string, string>, pairs: Record<string, string> }` and made into
 * maps; throws on any other shape. A plain loop: a schema library's record parse cost ~35 ms of each thread's start.
 */
export function parseCasingLexicon(raw: unknown): Casing {
  const record = (value: unknown, what: string): Map<string, string> => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`casing lexicon: ${what} is not an object`);
    const entries = Object.entries(value);
    for (const [key, written] of entries) if (typeof written !== 'string') throw new Error(`casing lexicon: ${what}[${JSON.stringify(key)}] is not a string`);
    return new Map(entries as [string, string][]);
  };
  if (typeof raw !== 'object' || raw === null) throw new Error('casing lexicon: not an object');
  const { words, pairs } = raw as { words?: unknown; pairs?: unknown };
  return { words: record(words, 'words'), pairs: record(pairs, 'pairs') };
}
