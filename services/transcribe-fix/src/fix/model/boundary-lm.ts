/**
 * Sentence-boundary evidence from a generic English trigram model read as a hidden-event model (Stolcke &
 * Shriberg): at each gap, how much likelier the words around it are with a sentence break in between
 * (… w-1 w0 </s> <s> w1 w2 …) than without (… w-1 w0 w1 w2 …). The model is Debian's pocketsphinx-en-us
 * `en-us.lm.bin` (BSD-licensed, trained on far more modern English than the punctuation model's corpus);
 * when the package is not installed there is no such evidence and the fixer runs on its own model alone.
 */
import { TrigramLm } from './trigram-lm.ts';

/** Where pocketsphinx-en-us installs its generic trigram model. */
export const DEBIAN_EN_US_LM = '/usr/share/pocketsphinx/model/en-us/en-us.lm.bin';

let cached: TrigramLm | null | undefined;

/**
 * The shipped-with-Debian English trigram model, read once per process; undefined when it is not installed or
 * not in the format this reader knows (a later package version): the fixer then runs without its evidence
 * rather than failing every transcript. trigram-lm.test.ts fails on such a machine, so CI shows it.
 */
export function englishTrigramLm(): TrigramLm | undefined {
  if (cached === undefined) {
    try {
      cached = TrigramLm.load(DEBIAN_EN_US_LM) ?? null;
    } catch {
      cached = null;
    }
  }
  return cached ?? undefined;
}

/** The model's word for a lowercase token: multi-word names, numbers and unknown words are out of its vocabulary (-1). */
function lmId(lm: TrigramLm, word: string): number {
  if (/\s|\d/.test(word)) return -1;
  return lm.idOf(word);
}

/**
 * Log-likelihood ratio, per gap (after word i), of a sentence break there against none, over the trigram
 * window around it. `words` are lowercase. The last gap is not scored (0).
 */
export function boundaryLogOdds(lm: TrigramLm, words: readonly string[]): Float64Array {
  const n = words.length;
  const ids = Int32Array.from(words, (w) => lmId(lm, w));
  const id = (k: number) => (k >= 0 ? ids[k]! : -1);
  // Per word k: log P(w_k | w_k-2 w_k-1) running on; log P(</s> | w_k-1 w_k); log P(w_k | <s>);
  // log P(w_k | <s> w_k-1). A gap's two hypotheses are sums of these.
  const within = new Float64Array(n), closing = new Float64Array(n), opening = new Float64Array(n), second = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    within[k] = lm.logProb(ids[k]!, id(k - 1), id(k - 2));
    closing[k] = lm.logProb(lm.end, ids[k]!, id(k - 1));
    opening[k] = lm.logProb(ids[k]!, lm.start);
    if (k > 0) second[k] = lm.logProb(ids[k]!, ids[k - 1]!, lm.start);
  }
  const out = new Float64Array(n);
  for (let i = 0; i + 1 < n; i++) {
    const split = closing[i]! + opening[i + 1]! + (i + 2 < n ? second[i + 2]! : 0);
    const joined = within[i + 1]! + (i + 2 < n ? within[i + 2]! : 0);
    out[i] = split - joined;
  }
  return out;
}
