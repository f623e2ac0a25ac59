/** The shipped casing lexicon (lowercase word → written form), built by training/casing.ts. */
import fs from 'node:fs';
import { z } from 'zod';

const CasingLexicon = z.object({ words: z.record(z.string(), z.string()), pairs: z.record(z.string(), z.string()) });

/** Lowercase word → written form, and lowercase "a b" word pair → written form. */
export interface Casing {
  words: ReadonlyMap<string, string>;
  pairs: ReadonlyMap<string, string>;
}

const LEXICON_URL = new URL('./casing-lexicon.json', import.meta.url);
let cached: Casing | undefined;

/** The casing lexicon, read and validated once per process. */
export function casingLexicon(): Casing {
  if (!cached) {
    const raw = CasingLexicon.parse(JSON.parse(fs.readFileSync(LEXICON_URL, 'utf8')));
    cached = { words: new Map(Object.entries(raw.words)), pairs: new Map(Object.entries(raw.pairs)) };
  }
  return cached;
}
