import type { Token } from '../token.ts';
import { editFor, mergeTokens, type PassResult } from '../tokens.ts';
import { foldLetters } from '../text.ts';
import { isFrequentWord } from './dictionary.ts';

/** Words heard before "dot com" that an address of one of the show's names was written for ("kinetic" -> kinetiq.co). */
export interface AddressName {
  /** Folded raw words of the address's name. */
  heard: string[];
  /** Letters of the show's name the address was written with. */
  letters: string;
}

/** Heard words among the most frequent this many are ordinary speech elsewhere ("stub house", "notion"). */
const ORDINARY_RANK = 10_000;

/**
 * The episode is consistent: words it read out as a sponsor's or the show's name in a web address ("go to kinetic
 * dot co slash pitch") are that name where they are said alone too ("the kinetic recovery sleeves" -> Kinetiq).
 * Only words that are not all frequent English; `termOf` gives the written name for an address's letters.
 */
export function writeAddressNames(tokens: Token[], names: AddressName[], termOf: (letters: string) => string | undefined): PassResult {
  const known = new Map<string, { heard: string[]; term: string }>();
  for (const { heard, letters } of names) {
    const term = termOf(letters);
    if (term && heard.some((w) => !isFrequentWord(w, ORDINARY_RANK))) known.set(heard.join(' '), { heard, term });
  }
  if (!known.size) return { tokens, edits: [] };
  const out: Token[] = [];
  const edits: PassResult['edits'] = [];
  for (let i = 0; i < tokens.length; ) {
    const found = [...known.values()].find(({ heard }) =>
      heard.every((w, k) => {
        const t = tokens[i + k];
        return t !== undefined && !t.locked && foldLetters(t.text) === w && (k === 0 || (!tokens[i + k - 1]!.punct && tokens[i + k - 1]!.speaker === t.speaker));
      }),
    );
    if (!found) {
      out.push(tokens[i]!);
      i++;
      continue;
    }
    const span = tokens.slice(i, i + found.heard.length);
    out.push({ ...mergeTokens(span, found.term), locked: true, proper: true });
    edits.push(editFor('vocabulary.address', span, found.term, 0.8));
    i += span.length;
  }
  return { tokens: out, edits };
}
