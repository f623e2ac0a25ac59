// The CMU Pronouncing Dictionary in a compact form made at build time (services/control/build.mjs writes it to
// dist/cmu-dictionary.tsv): one "word<TAB>phonemes" line per entry, sorted by the words' UTF-16 code units, read as
// one string and searched by halves. The package itself is a 4.7 MB JavaScript module whose 135k-key object literal
// every CPU pool thread compiled and built at its first phoneme lookup (~0.2 s of CPU and ~25 MB per thread, in every
// worker process); the compact file loads in ~15 ms and answers the same for every word. Plain JavaScript, so
// build.mjs can use it without a TypeScript loader.

/** The dictionary (word → ARPABET with stress digits) as the compact text. */
export function encodeCmu(dictionary) {
  const words = Object.keys(dictionary).sort();
  for (const w of words) if (/[\t\n]/.test(w) || /[\t\n]/.test(dictionary[w])) throw new Error(`cmu: entry ${JSON.stringify(w)} holds a tab or newline`);
  return words.map((w) => `${w}\t${dictionary[w]}\n`).join('');
}

/** A lookup over the compact text: the entry's ARPABET, or undefined for a word it lacks. */
export function compactLookup(text) {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  const starts = new Int32Array(count);
  for (let k = 0, i = 0; k < count; k++) {
    starts[k] = i;
    i = text.indexOf('\n', i) + 1;
  }
  return (word) => {
    let lo = 0;
    let hi = count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const start = starts[mid];
      const tab = text.indexOf('\t', start);
      const key = text.slice(start, tab);
      if (key === word) return text.slice(tab + 1, text.indexOf('\n', tab));
      if (key < word) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  };
}
