import { spokenForms } from './numerals.ts';
import { ipaToCmu } from './phones.ts';

/**
 * The spoken form of a transcript token as a dictionary key: lower case, letters, digits, inner apostrophes and
 * hyphens, and the marks that change how a number is said ("$4.99", "27%", "3:00", "30,000"); null when nothing is left.
 */
export function dictionaryKey(text: string): string | null {
  const key = text
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/[^\p{L}\p{N}'$£€%.,:-]+/gu, '')
    // number marks only where they belong to a number: a point, comma or colon between digits, a currency sign
    // before one, a percent sign after one
    .replace(/(?<!\d)[.,:]|[.,:](?!\d)/g, '')
    .replace(/[$£€](?!\d)/g, '')
    .replace(/(?<!\d)%/g, '')
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
  /** Per key: phones in its longest pronunciation (how long the word may plausibly last). */
  phones: Map<string, number>;
}

/** Pronunciations built from parts the dictionary knows: hyphenated compounds and possessives. */
function fromParts(key: string, dict: Map<string, string[]>): string | null {
  const parts = key.split('-').filter(Boolean);
  if (parts.length > 1 && parts.every((p) => dict.has(p))) return parts.map((p) => dict.get(p)![0]).join(' ');
  if (key.endsWith("'s") && dict.has(key.slice(0, -2))) return `${dict.get(key.slice(0, -2))![0]} Z`;
  return null;
}

/**
 * Pronunciations of a key with digits: one per spoken reading (spokenForms) whose words cmudict all knows, or empty.
 * The decoder takes alternative pronunciations as alternative paths, so it follows whichever reading was said.
 */
function numeralPronunciations(key: string, dict: Map<string, string[]>): string[] {
  const prons = new Set<string>();
  for (const form of spokenForms(key)) {
    if (form.every((word) => dict.has(word))) prons.add(form.map((word) => dict.get(word)![0]).join(' '));
  }
  return [...prons];
}

/**
 * Looks every word up in cmudict; numbers written in digits get every common reading (numerals.ts); the rest get
 * espeak-ng's pronunciation mapped to the model's phones (`speak` returns one IPA string per word, or null when
 * espeak-ng is unavailable).
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
    const known = dict.get(key) ?? numeralPronunciations(key, dict);
    if (known.length > 0) entries.set(key, known);
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
  const phones = new Map<string, number>();
  for (const [key, prons] of entries) {
    prons.forEach((pron, k) => lines.push(`${k === 0 ? key : `${key}(${k + 1})`} ${pron}`));
    phones.set(key, Math.max(...prons.map((pron) => pron.split(' ').length)));
  }
  return { keys: keys.map((k) => (k !== null && entries.has(k) ? k : null)), dictText: `${lines.join('\n')}\n`, guessed, phones };
}
