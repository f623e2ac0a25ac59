import type { Token } from './token.ts';
import { editFor, mergeTokens, type PassResult } from './tokens.ts';

/**
 * Place-name endings that are no English word on their own, heard as a word of their own after the place's first
 * part: "lennox ville" is Lennoxville, "jackson ville" Jacksonville.
 */
const PLACE_SUFFIXES = new Set(['ville']);
/** Words that never start a place joined to its ending ("the ville", "in ville"). */
const NOT_A_PLACE_START = new Set([
  'a', 'an', 'the', 'and', 'or', 'of', 'to', 'in', 'at', 'on', 'by', 'for', 'from', 'with', 'near', 'into', 'my', 'your', 'our',
  'his', 'her', 'their', 'its', 'this', 'that', 'de', 'la', 'le', 'du',
]);

/** Joins a place's first part and its ending heard apart ("lennox ville" -> Lennoxville), written as a name. */
export function joinPlaceSuffixes(tokens: Token[]): PassResult {
  const out: Token[] = [];
  const edits: PassResult['edits'] = [];
  for (const t of tokens) {
    const before = out.at(-1);
    const suffix = t.text.toLowerCase();
    if (
      !PLACE_SUFFIXES.has(suffix) ||
      t.locked ||
      !before ||
      before.locked ||
      before.punct ||
      before.speaker !== t.speaker ||
      !/^[a-z]{3,}$/i.test(before.text) ||
      NOT_A_PLACE_START.has(before.text.toLowerCase())
    ) {
      out.push(t);
      continue;
    }
    const text = `${before.text[0]!.toUpperCase()}${before.text.slice(1).toLowerCase()}${suffix}`;
    out.splice(out.length - 1, 1, { ...mergeTokens([before, t], text), locked: true, proper: true });
    edits.push(editFor('vocabulary.place-suffix', [before, t], text, 0.8));
  }
  return { tokens: out, edits };
}
