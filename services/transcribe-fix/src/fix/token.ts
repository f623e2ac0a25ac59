/**
 * The fixer's working unit. Every pass of the fixer takes Token[] and returns Token[]; a token always
 * knows which raw words it came from (`from`, half-open) and keeps their time span, so captions stay in sync.
 */
export type Punct = '' | ',' | '.' | '?' | '!';

export interface Token {
  /** Current surface form (lowercase until a casing pass runs, unless a vocabulary match set its cased form). */
  text: string;
  /** Raw word indices [start, end) this token was made from. */
  from: [number, number];
  start: number;
  end: number;
  speaker?: string;
  /** Punctuation written after the token. */
  punct: Punct;
  /** Set by a vocabulary/name match: the casing is authoritative and must not be changed by later passes. */
  locked?: boolean;
  /** Known proper noun / name (from the vocabulary or a lexicon): later passes capitalize it, never lowercase it. */
  proper?: boolean;
}
