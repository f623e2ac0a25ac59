import type { Token } from './token.ts';
import { editFor, mergeTokens, type PassResult } from './tokens.ts';
import { foldLetters } from './text.ts';
import type { AddressName } from './vocabulary/address-names.ts';

/** Top-level domains common enough in sponsor reads to be trusted after a spoken "dot". */
export const SPOKEN_TLDS = new Set([
  'com', 'org', 'net', 'io', 'ai', 'co', 'fm', 'tv', 'app', 'dev', 'me', 'us', 'uk', 'ca', 'de', 'xyz', 'info', 'shop', 'store', 'gov', 'edu',
]);

/** Words that introduce an address read out ("go to", "at", "visit"): the words between one and "dot" are its name. */
const ADDRESS_CUES = new Set(['at', 'to', 'visit']);
/** Closed-class words: never inside an address's name taken from its cue ("go to the store dot com" is no thestore.com). */
const NOT_IN_NAME = new Set([
  'a', 'an', 'the', 'and', 'or', 'of', 'to', 'in', 'for', 'on', 'at', 'by', 'with', 'from', 'is', 'are', 'was', 'my', 'your', 'our',
  'their', 'his', 'her', 'its', 'this', 'that', 'i', 'you', 'we', 'they', 'it', 'he', 'she', 'just', 'so', 'then', 'there', 'here',
]);
/** Most words of an address's name taken from its cue alone. */
const MAX_CUED_NAME_WORDS = 3;

/** Source-file endings a project is named with, spoken letter by letter ("llama dot c p p" -> llama.cpp). */
const SPOKEN_FILE_ENDINGS = new Set(['cpp', 'js', 'ts', 'py', 'rs', 'rb']);

/** The file ending spelled by the single letters from `i` on, and how many tokens it takes. */
function spelledFileEnding(tokens: Token[], i: number): { ending: string; length: number } | undefined {
  let letters = '';
  let j = i;
  while (j < tokens.length && j - i < 3 && /^[a-z]$/i.test(tokens[j]!.text) && !tokens[j]!.locked && (j === i || !tokens[j - 1]!.punct)) letters += tokens[j++]!.text.toLowerCase();
  // The longest ending the letters start with: "dot c p p g guff" is llama.cpp, then a GGUF file's letters.
  for (let n = letters.length; n >= 2; n--) if (SPOKEN_FILE_ENDINGS.has(letters.slice(0, n))) return { ending: letters.slice(0, n), length: n };
  return undefined;
}

/** Writes a project named by its source file ("llama dot c p p" -> llama.cpp, "node dot j s" -> node.js). */
export function joinFileNames(tokens: Token[]): PassResult {
  const out: Token[] = [];
  const edits: PassResult['edits'] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const before = out.at(-1);
    const file = t.text.toLowerCase() === 'dot' && !t.locked ? spelledFileEnding(tokens, i + 1) : undefined;
    if (!file || !before || before.locked || before.punct || t.punct || !/^[a-z][a-z0-9]*$/i.test(before.text)) {
      out.push(t);
      continue;
    }
    const span = [before, ...tokens.slice(i, i + 1 + file.length)];
    const text = `${before.text.toLowerCase()}.${file.ending}`;
    out.splice(out.length - 1, 1, { ...mergeTokens(span, text), locked: true });
    edits.push(editFor('web-address.file', span, text, 0.85));
    i += file.length;
  }
  return { tokens: out, edits };
}

/** Country endings spoken after a first one ("co dot uk"). */
const COUNTRY_TLDS = new Set(['uk', 'au', 'nz', 'jp', 'za', 'in', 'br', 'ie']);

/**
 * Writes spoken web addresses ("glaze and co dot com slash kitchen" -> glazeandco.com/kitchen). The name before
 * "dot" is as many words as spell a known term (isKnown on their joined letters), else as many as sound like one of
 * the show's names (soundsLike on the folded words gives its letters: "file right" -> filewright), else the one
 * word before it.
 */
export function joinWebAddresses(
  tokens: Token[],
  isKnown: (letters: string) => boolean,
  soundsLike: (words: string[]) => string | undefined = () => undefined,
  inShowName: (letters: string) => boolean = () => false,
): PassResult & { /** Addresses whose name was written for words that only sound like it. */ named: AddressName[] } {
  const out: Token[] = [];
  const edits: PassResult['edits'] = [];
  const named: AddressName[] = [];
  const word = (i: number) => (tokens[i] && !tokens[i]!.locked ? tokens[i]!.text.toLowerCase() : '');
  for (let i = 0; i < tokens.length; i++) {
    if (word(i) !== 'dot' || !SPOKEN_TLDS.has(word(i + 1)) || out.length === 0) {
      out.push(tokens[i]!);
      continue;
    }
    let nameLength = 1;
    let letters: string | undefined;
    for (let n = Math.min(4, out.length); n > 1; n--) {
      const name = out.slice(-n);
      if (name.every((t) => !t.locked && !t.punct) && isKnown(name.map((t) => foldLetters(t.text)).join(''))) {
        nameLength = n;
        break;
      }
    }
    if (nameLength === 1) {
      for (let n = 1; n <= Math.min(4, out.length); n++) {
        const name = out.slice(-n);
        // The cue before an address is not part of its name ("go to colonel house dot dev" keeps its "to").
        if (name.some((t) => t.locked || t.punct) || (n > 1 && ADDRESS_CUES.has(name[0]!.text.toLowerCase()))) break;
        const heard = soundsLike(name.map((t) => foldLetters(t.text)));
        if (heard) (nameLength = n), (letters = heard);
      }
    }
    // "every week at annual credit report dot com": the plain words right after an address cue are its name.
    if (nameLength === 1 && !letters) {
      const plain = (t: Token | undefined) => t !== undefined && !t.locked && !t.punct && /^[a-z]+$/i.test(t.text) && !NOT_IN_NAME.has(t.text.toLowerCase());
      for (let n = Math.min(MAX_CUED_NAME_WORDS, out.length - 1); n > 1; n--) {
        const cue = out[out.length - n - 1]!;
        if (!cue.locked && !cue.punct && ADDRESS_CUES.has(cue.text.toLowerCase()) && out.slice(-n).every(plain)) {
          nameLength = n;
          break;
        }
      }
    }
    const nameTokens = out.slice(-nameLength);
    if (nameTokens.some((t) => t.locked || t.punct || !foldLetters(t.text))) {
      out.push(tokens[i]!);
      continue;
    }
    let tld = word(i + 1);
    let end = i + 2;
    if (word(end) === 'dot' && COUNTRY_TLDS.has(word(end + 1)) && !tokens[end - 1]!.punct) (tld += `.${word(end + 1)}`), (end += 2);
    let path = '';
    while (word(end) === 'slash' && word(end + 1) && !tokens[end]!.punct) {
      let part = foldLetters(tokens[end + 1]!.text);
      end += 2;
      // "slash case file" for a show The Case File: words that together spell part of the show's own name are one.
      for (let k = end; word(k) && !tokens[k - 1]!.punct && inShowName(part + foldLetters(tokens[k]!.text)); k++) (part += foldLetters(tokens[k]!.text)), (end = k + 1);
      path += `/${part}`;
    }
    const span = [...nameTokens, ...tokens.slice(i, end)];
    const heard = nameTokens.map((t) => foldLetters(t.text));
    if (letters && letters !== heard.join('')) named.push({ heard, letters });
    const text = `${letters ?? heard.join('')}.${tld}${path}`;
    out.splice(out.length - nameLength, nameLength, { ...mergeTokens(span, text), locked: true });
    edits.push(editFor('web-address', span, text, 0.9));
    i = end - 1;
  }
  return { tokens: out, edits, named };
}
