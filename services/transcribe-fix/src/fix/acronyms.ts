import type { Token } from './token.ts';
import { editFor, mergeTokens, type PassResult } from './tokens.ts';

const isLetter = (t: Token) => !t.locked && /^[a-z]$/i.test(t.text);
/** A spelled letter with a possessive ("the a m d's answer"): it ends the acronym. */
const isPossessiveLetter = (t: Token) => !t.locked && /^[a-z]['’]s$/i.test(t.text);
/** A spelled letter joined to the word after it by a hyphen ("open a i-compatible"): it ends the acronym, the word kept. */
const isHyphenedLetter = (t: Token) => !t.locked && /^[a-z]-[a-z]{2,}$/i.test(t.text);
/** Single letters that are also words ("a", "I"): a run of two containing one is left as it is. */
const LETTER_WORDS = new Set(['a', 'i']);

/**
 * Joins spelled-out letters into an acronym ("d h l" -> DHL, "a m d's" -> AMD's), keeping "a", "I" as words unless the
 * run is 3+ letters.
 * `knownSpelling` returns a vocabulary term spelled with those letters, whose casing wins ("i o s" -> iOS), or with the
 * word before and those letters ("open a i" -> OpenAI).
 */
export function joinSpelledLetters(
  tokens: Token[],
  knownSpelling: (letters: string) => string | undefined = () => undefined,
  knownPhrase: (letters: string) => string | undefined = () => undefined,
): PassResult {
  const out: Token[] = [];
  const edits: PassResult['edits'] = [];
  for (let i = 0; i < tokens.length; ) {
    const paired = pairedLetters(tokens, i);
    if (paired) {
      const span = tokens.slice(i, i + paired.length);
      out.push({ ...mergeTokens(span, paired.text), locked: true, proper: true });
      edits.push(editFor('acronym', span, paired.text, 0.85));
      i += paired.length;
      continue;
    }
    let j = i;
    const joinsRun = (k: number) => k === i || (!tokens[k - 1]!.punct && tokens[k - 1]!.speaker === tokens[k]!.speaker);
    while (j < tokens.length && isLetter(tokens[j]!) && joinsRun(j)) j++;
    const possessive = j > i && j < tokens.length && isPossessiveLetter(tokens[j]!) && joinsRun(j);
    const hyphened = !possessive && j > i && j < tokens.length && isHyphenedLetter(tokens[j]!) && joinsRun(j);
    if (possessive || hyphened) j++;
    const run = tokens.slice(i, j);
    const ending = possessive ? "'s" : hyphened ? tokens[j - 1]!.text.slice(1) : '';
    const joined = run.length >= 2 ? joinedWithWordBefore(out, run, knownSpelling, ending) : undefined;
    if (joined) {
      const span = [out.pop()!, ...run];
      out.push({ ...mergeTokens(span, joined), locked: true, proper: true });
      edits.push(editFor('acronym', span, joined, 0.85));
      i = j;
      continue;
    }
    const ambiguous = run.length === 2 && run.some((t) => LETTER_WORDS.has(t.text.toLowerCase()[0]!));
    if (run.length >= 2 && !ambiguous && !isAmPm(tokens, i, run)) {
      const letters = run.map((t) => t.text.toLowerCase()[0]!).join('');
      const text = (knownSpelling(letters) ?? letters.toUpperCase()) + ending;
      out.push({ ...mergeTokens(run, text), locked: true, proper: true });
      edits.push(editFor('acronym', run, text, 0.85));
      i = j;
      // "l m studio" -> LM Studio: the acronym and the word after it are one known name.
      const next = tokens[i];
      const phrase = !ending && next && joinsRun(i) && !next.locked && /^[a-z]{2,}$/i.test(next.text) ? knownPhrase(letters + next.text.toLowerCase()) : undefined;
      const words = phrase?.split(' ');
      if (words?.length === 2 && words[0] === text) {
        out.push({ ...next!, text: words[1]!, locked: true, proper: true });
        edits.push(editFor('acronym', [next!], words[1]!, 0.85));
        i++;
      }
      continue;
    }
    out.push(tokens[i]!);
    i++;
  }
  return { tokens: out, edits };
}

/** A known term spelled by the word before the letters and the letters ("open a i" -> OpenAI), with the run's possessive or hyphened word. */
function joinedWithWordBefore(out: Token[], run: Token[], knownSpelling: (letters: string) => string | undefined, ending: string): string | undefined {
  const before = out.at(-1);
  if (!before || before.locked || before.punct || before.speaker !== run[0]!.speaker || !/^[a-z]{2,}$/i.test(before.text)) return undefined;
  const term = knownSpelling(before.text.toLowerCase() + run.map((t) => t.text.toLowerCase()[0]!).join(''));
  return term && term + ending;
}

/** "6 a m" is a time, left to the numbers pass. */
function isAmPm(tokens: Token[], i: number, run: Token[]): boolean {
  const letters = run.map((t) => t.text.toLowerCase()).join('');
  return (letters === 'am' || letters === 'pm') && /\d|^(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)$/.test(tokens[i - 1]?.text ?? '');
}

/** A spelled letter that is no word of its own ("a", "I" are words). */
const isPlainLetter = (t: Token | undefined): t is Token => t !== undefined && isLetter(t) && !LETTER_WORDS.has(t.text.toLowerCase());
/** Whether tokens[k] follows tokens[k - 1] with no break between them. */
const unbroken = (tokens: Token[], k: number) => !tokens[k - 1]!.punct && tokens[k - 1]!.speaker === tokens[k]!.speaker;

/**
 * Two letters joined by "and" are one ampersand name ("s and p" -> S&P, "r and d" -> R&D), and a letter before "plus
 * plus" a language ("c plus plus" -> C++). Not with "a" or "I", which are words ("plan b and a"), nor across a break.
 */
function pairedLetters(tokens: Token[], i: number): { text: string; length: number } | undefined {
  const [a, b, c] = [tokens[i], tokens[i + 1], tokens[i + 2]];
  if (!isPlainLetter(a) || !b || !c || b.locked || c.locked || !unbroken(tokens, i + 1) || !unbroken(tokens, i + 2)) return undefined;
  const middle = b.text.toLowerCase();
  // The letters are not part of a longer spelled run ("a t and t" is left as heard; "a c plus plus" is "a C++").
  const before = i > 0 && unbroken(tokens, i) ? tokens[i - 1] : undefined;
  if (before && (middle === 'and' ? isLetter(before) : isPlainLetter(before))) return undefined;
  const letter = a.text.toUpperCase();
  if (middle === 'and' && isPlainLetter(c) && !(tokens[i + 3] && isLetter(tokens[i + 3]!) && unbroken(tokens, i + 3))) return { text: `${letter}&${c.text.toUpperCase()}`, length: 3 };
  if (middle === 'plus' && c.text.toLowerCase() === 'plus') return { text: `${letter}++`, length: 3 };
  return undefined;
}
