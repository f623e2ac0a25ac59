import { z } from 'zod';

/** What sort of name a vocabulary entry is. */
export const VocabularyKind = z.enum(['person', 'organization', 'product', 'place', 'term', 'sponsor', 'show']);
export type VocabularyKind = z.infer<typeof VocabularyKind>;

/**
 * A name or term the fixer may write. `heard` lists raw forms known to stand for it (learned from earlier
 * episodes of the show): those are matched verbatim with high confidence, even when made of ordinary words.
 */
export const VocabularyEntry = z.object({
  term: z.string().trim().min(1),
  kind: VocabularyKind,
  source: z.enum(['meta', 'glossary', 'builtin']),
  heard: z.array(z.string().trim().min(1)).optional(),
  count: z.number().int().nonnegative().optional(),
});
export type VocabularyEntry = z.infer<typeof VocabularyEntry>;
