import type { Token } from '../token.ts';
import { editFor, type PassResult } from '../tokens.ts';
import { foldLetters, plainWord } from '../text.ts';
import { phoneticKeys } from './compile.ts';

/** Words right before a full name in an introduction ("a conversation with", "my guest", "joined by"). */
const INTRO_CUES = [['conversation', 'with'], ['interview', 'with'], ['talking', 'with'], ['speaking', 'with'], ['my', 'guest'], ['joined', 'by'], ['please', 'welcome']];
/** Surnames at most this long are the ones a recognizer runs into a function word ("Ng" heard as "and"). */
const SHORT_SURNAME = 4;

/** The consonant skeleton of a word's sound: its Double Metaphone key without the leading vowel mark. */
const skeleton = (letters: string) => (phoneticKeys(letters)[0] ?? '').replace(/^A/, '');

function introducedAt(tokens: Token[], i: number): boolean {
  return INTRO_CUES.some((cue) => cue.every((word, k) => {
    const t = tokens[i - cue.length + k];
    return t !== undefined && !t.punct && plainWord(t.text) === word;
  }));
}

/**
 * Completes a host's or guest's short surname misheard as another word right after their first name in an
 * introduction ("a conversation with andrew and one of ..." -> Andrew Ng, for a guest Andrew Ng): the first
 * name must be exact and the heard word must start with the surname's first consonant sound. People of the
 * episode's metadata only; returns the raw word boundaries inside names, where no punctuation belongs.
 */
export function completeIntroducedNames(tokens: Token[], people: string[]): PassResult & { inside: Set<number> } {
  const names = people
    .map((p) => p.split(/\s+/))
    .filter((n): n is [string, string] => n.length === 2 && foldLetters(n[1]!).length <= SHORT_SURNAME)
    .map(([first, last]) => ({ first: foldLetters(first), last, lastKey: skeleton(foldLetters(last)) }));
  const edits: PassResult['edits'] = [];
  const inside = new Set<number>();
  if (!names.length) return { tokens, edits, inside };
  const out = [...tokens];
  for (let i = 0; i + 1 < out.length; i++) {
    const first = out[i]!;
    const heard = out[i + 1]!;
    if (first.punct || heard.locked || heard.speaker !== first.speaker) continue;
    const name = names.find((n) => n.first === foldLetters(first.text));
    if (!name || !name.lastKey || !introducedAt(out, i)) continue;
    const word = foldLetters(heard.text);
    if (word === foldLetters(name.last) || word.length > name.last.length + 2) continue;
    if (skeleton(word)[0] !== name.lastKey[0]) continue;
    out[i + 1] = { ...heard, text: name.last, locked: true, proper: true };
    edits.push(editFor('vocabulary.introduction', [heard], name.last, 0.7));
    inside.add(first.from[1]);
  }
  return { tokens: out, edits, inside };
}
