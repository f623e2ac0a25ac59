/**
 * espeak-ng's IPA (en-us voice) mapped onto the CMU phone set of pocketsphinx's en-us model, so words missing from
 * cmudict still get a pronunciation. Longest symbol first; stress and length marks are dropped.
 */
const IPA_TO_CMU: [string, string[]][] = [
  ['tʃ', ['CH']],
  ['dʒ', ['JH']],
  ['eɪ', ['EY']],
  ['aɪ', ['AY']],
  ['aʊ', ['AW']],
  ['ɔɪ', ['OY']],
  ['oʊ', ['OW']],
  ['əʊ', ['OW']],
  ['iə', ['IY', 'AH']],
  ['ɪə', ['IH', 'R']],
  ['ɛə', ['EH', 'R']],
  ['ʊə', ['UH', 'R']],
  ['ɜː', ['ER']],
  ['ɝ', ['ER']],
  ['ɚ', ['ER']],
  ['ɜ', ['ER']],
  ['iː', ['IY']],
  ['i', ['IY']],
  ['ɪ', ['IH']],
  ['ᵻ', ['IH']],
  ['ɨ', ['IH']],
  ['e', ['EH']],
  ['ɛ', ['EH']],
  ['æ', ['AE']],
  ['a', ['AA']],
  ['ɑː', ['AA']],
  ['ɑ', ['AA']],
  ['ɒ', ['AA']],
  ['ɔː', ['AO']],
  ['ɔ', ['AO']],
  ['oː', ['AO']],
  ['o', ['OW']],
  ['ʊ', ['UH']],
  ['uː', ['UW']],
  ['u', ['UW']],
  ['ʌ', ['AH']],
  ['ə', ['AH']],
  ['ɐ', ['AH']],
  ['p', ['P']],
  ['b', ['B']],
  ['t', ['T']],
  ['d', ['D']],
  ['ɾ', ['D']],
  ['ʔ', ['T']],
  ['k', ['K']],
  ['g', ['G']],
  ['ɡ', ['G']],
  ['x', ['K']],
  ['f', ['F']],
  ['v', ['V']],
  ['θ', ['TH']],
  ['ð', ['DH']],
  ['s', ['S']],
  ['z', ['Z']],
  ['ʃ', ['SH']],
  ['ʒ', ['ZH']],
  ['h', ['HH']],
  ['ç', ['HH']],
  ['m', ['M']],
  ['n', ['N']],
  ['ŋ', ['NG']],
  ['l', ['L']],
  ['ɫ', ['L']],
  ['ɹ', ['R']],
  ['r', ['R']],
  ['w', ['W']],
  ['j', ['Y']],
];

/** CMU phones for one word's espeak-ng IPA; symbols the model has no phone for are skipped. */
export function ipaToCmu(ipa: string): string[] {
  const phones: string[] = [];
  let at = 0;
  while (at < ipa.length) {
    const match = IPA_TO_CMU.find(([symbol]) => ipa.startsWith(symbol, at));
    if (match) {
      phones.push(...match[1]);
      at += match[0].length;
      continue;
    }
    at += 1; // stress, length, ties, spaces, and symbols the model has no phone for
  }
  return phones;
}
