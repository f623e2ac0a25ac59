import type { Token } from '../token.ts';
import { editFor, mergeTokens, type PassResult } from '../tokens.ts';
import { foldLetters, plainWord } from '../text.ts';

/** Words after which a speaker spells a name out letter by letter. */
const SPELL_CUES = new Set(['spelled', 'spelt', 'spell', 'spelling']);
/** Longest run of fragments a spelled name is heard as ("fri d ma n"). */
const MAX_FRAGMENTS = 12;
/** A recognizer hears a spelled name as letters and short letter clusters, never as long words. */
const isFragment = (t: Token) => !t.locked && /^[a-z]{1,3}$/i.test(t.text);

/**
 * Writes a name spelled out after "spelled" as editors do ("spelled fri d ma n" -> F-R-I-D-M-A-N) when the
 * fragments' letters spell a vocabulary term exactly (`isKnown` on the joined letters) and at least two are
 * single letters, so that ordinary words after "spelled" stay as they are.
 */
export function joinSpelledNames(tokens: Token[], isKnown: (letters: string) => boolean): PassResult {
  const out: Token[] = [];
  const edits: PassResult['edits'] = [];
  for (let i = 0; i < tokens.length; i++) {
    const cue = tokens[i]!;
    out.push(cue);
    if (!SPELL_CUES.has(plainWord(cue.text)) || cue.punct) continue;
    let end = i + 1;
    let found = 0;
    let letters = '';
    for (let j = i + 1; j < tokens.length && j - i <= MAX_FRAGMENTS && isFragment(tokens[j]!); j++) {
      if (tokens[j]!.speaker !== cue.speaker) break;
      letters += foldLetters(tokens[j]!.text);
      const singles = tokens.slice(i + 1, j + 1).filter((t) => t.text.length === 1).length;
      if (j > i + 1 && singles >= 2 && letters.length >= 3 && isKnown(letters)) (end = j + 1), (found = j - i);
      if (tokens[j]!.punct) break;
    }
    if (!found) continue;
    const span = tokens.slice(i + 1, end);
    const text = [...letters.slice(0, span.reduce((n, t) => n + foldLetters(t.text).length, 0))].join('-').toUpperCase();
    out.push({ ...mergeTokens(span, text), locked: true, proper: true });
    edits.push(editFor('spelled', span, text, 0.9));
    i = end - 1;
  }
  return { tokens: out, edits };
}
