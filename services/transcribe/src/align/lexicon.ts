import { ipaToCmu } from './phones.ts';

/** The spoken form of a transcript token as a dictionary key: lower case, letters, digits, inner apostrophes and hyphens; null when nothing is left. */
export function dictionaryKey(text: string): string | null {
  const key = text
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/[^\p{L}\p{N}'-]+/gu, '')
    .replace(/^['-]+|['-]+$/g, '');
  return key && /[\p{L}\p{N}]/u.test(key) ? key : null;
}

/** Pronunciations for every word of a transcript, and the dictionary file the decoder reads. */
export interface Lexicon {
  /** Per transcript word: its dictionary key, or null when it cannot be pronounced (it is then interpolated). */
  keys: (string | null)[];
  /** Sphinx dictionary text with every key used. */
  dictText: string;
  /** How many distinct keys came from letter-to-sound (espeak-ng) rather than cmudict. */
  guessed: number;
}

/** Pronunciations built from parts the dictionary knows: hyphenated compounds and possessives. */
function fromParts(key: string, dict: Map<string, string[]>): string | null {
  const parts = key.split('-').filter(Boolean);
  if (parts.length > 1 && parts.every((p) => dict.has(p))) return parts.map((p) => dict.get(p)![0]).join(' ');
  if (key.endsWith("'s") && dict.has(key.slice(0, -2))) return `${dict.get(key.slice(0, -2))![0]} Z`;
  return null;
}

/**
 * Looks every word up in cmudict; the rest get espeak-ng's pronunciation mapped to the model's phones
 * (`speak` returns one IPA string per word, or null when espeak-ng is unavailable).
 */
export async function buildLexicon(
  texts: string[],
  dict: Map<string, string[]>,
  speak: (words: string[]) => Promise<string[] | null>,
): Promise<Lexicon> {
  const keys = texts.map(dictionaryKey);
  const entries = new Map<string, string[]>();
  const unknown: string[] = [];
  for (const key of new Set(keys)) {
    if (key === null) continue;
    const known = dict.get(key);
    if (known) entries.set(key, known);
    else {
      const built = fromParts(key, dict);
      if (built) entries.set(key, [built]);
      else unknown.push(key);
    }
  }
  const ipa = unknown.length > 0 ? await speak(unknown.map((k) => k.replace(/-/g, ' '))) : [];
  let guessed = 0;
  unknown.forEach((key, i) => {
    const phones = ipa ? ipaToCmu(ipa[i] ?? '') : [];
    if (phones.length > 0) {
      entries.set(key, [phones.join(' ')]);
      guessed++;
    }
  });
  const lines: string[] = [];
  for (const [key, prons] of entries) prons.forEach((pron, k) => lines.push(`${k === 0 ? key : `${key}(${k + 1})`} ${pron}`));
  return { keys: keys.map((k) => (k !== null && entries.has(k) ? k : null)), dictText: `${lines.join('\n')}\n`, guessed };
}
