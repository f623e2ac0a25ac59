import { describe, expect, it } from 'vitest';
import { EpisodeMeta } from '@podpipe/shared/transcript';
import { buildVocabulary, fixTranscript, type VocabularyEntry } from '../src/fix/index.ts';
import { compileVocabulary } from '../src/fix/vocabulary/compile.ts';
import { applyVocabulary } from '../src/fix/vocabulary/match.ts';
import { phonemeDistance, phonemeSimilarity, phrasePhonemes, wordPhonemes } from '../src/fix/vocabulary/phonemes.ts';
import { wordsToTokens } from '../src/fix/tokens.ts';
import { accentedNames, builtinLexicon, builtinPhonemes, soundOnlyNames, usCitiesByState } from '../src/fix/vocabulary/lexicon.ts';
import { addressBySound, namePhonemes } from '../src/fix/vocabulary/sounds-like.ts';
import { knownNames } from '../src/fix/vocabulary/dictionary.ts';
import { closestPersonName } from '../src/fix/vocabulary/first-names.ts';
import { words } from './fix-helpers.ts';

const meta = EpisodeMeta.parse({
  show: 'Cloud Talk',
  hosts: ['Ngozi Adeyemi'],
  guests: ['Morwenna Teague'],
  sponsors: ['Nimbus Hosting', 'Filewright'],
});
const glossary: VocabularyEntry[] = [{ term: 'Kubernetes', kind: 'product', source: 'glossary' }];
const vocabulary = buildVocabulary(meta, glossary);

function corrected(text: string, voc: VocabularyEntry[] = vocabulary): string {
  return applyVocabulary(wordsToTokens(words(text)), compileVocabulary(voc)).tokens.map((t) => t.text).join(' ');
}

describe('phonemes', () => {
  it('reads CMUdict, joins dictionary words for a compound it lacks, and falls back to letter-to-sound rules', () => {
    expect(wordPhonemes('cooper')).toEqual(['K', 'UW', 'P', 'ER']);
    expect(wordPhonemes('Filewright')).toEqual([...wordPhonemes('file'), ...wordPhonemes('wright')]);
    expect(wordPhonemes('Ngozi').slice(0, 2)).toEqual(['N', 'G']);
    expect(wordPhonemes('Zieliński').length).toBeGreaterThan(4);
  });

  it('grades near sounds cheaper than unrelated ones', () => {
    const d = (a: string, b: string) => phonemeDistance(wordPhonemes(a), wordPhonemes(b));
    expect(d('bat', 'pat')).toBeLessThan(d('bat', 'mat'));
    expect(d('bit', 'bet')).toBeLessThan(d('bit', 'bus'));
    expect(phonemeSimilarity(phrasePhonemes(['cooper', 'net', 'ease']), wordPhonemes('Kubernetes'))).toBeGreaterThan(0.75);
    expect(phonemeSimilarity(wordPhonemes('table'), wordPhonemes('Kubernetes'))).toBeLessThan(0.5);
  });
});

describe('graded phonetic matching of the show’s own names', () => {
  it('takes an absorbed leading function word into the name', () => {
    expect(corrected('and then in gozi said hello')).toBe('and then Ngozi said hello');
  });

  it('finds near sounds, split words and glossary terms', () => {
    expect(corrected('brought to you by nimble’s hosting today')).toBe('brought to you by Nimbus Hosting today');
    // Ordinary words that only roughly sound like a name: taken when the mishearing recurs.
    expect(corrected('we run cooper net ease in production')).toBe('we run cooper net ease in production');
    expect(corrected('we run cooper net ease in production and cooper net ease at home')).toBe('we run Kubernetes in production and Kubernetes at home');
    expect(corrected('my guest is more wenna teeg welcome')).toBe('my guest is Morwenna Teague welcome');
  });

  it('leaves other people’s names, frequent words and weak-edged ordinary phrases alone', () => {
    expect(corrected('i met cole yesterday')).toBe('i met cole yesterday');
    expect(corrected('i think the net is fine')).toBe('i think the net is fine');
    expect(corrected('the file is right here')).toBe('the file is right here');
  });

  it('finds nothing by sound when the show has no names of its own', () => {
    expect(corrected('we run cooper net ease in production', buildVocabulary(EpisodeMeta.parse({ hosts: [], guests: [], sponsors: [] }), []))).toBe(
      'we run cooper net ease in production',
    );
  });
});

describe('graded phonetic matching of built-in names', () => {
  const none = buildVocabulary(EpisodeMeta.parse({ hosts: [], guests: [], sponsors: [] }), []);

  it('finds a built-in name heard in more pieces than it has words', () => {
    expect(corrected('we trained it in pie torch last year', none)).toBe('we trained it in PyTorch last year');
    expect(corrected('a model from and thropic came out', none)).toBe('a model from Anthropic came out');
    expect(corrected('it is a you nesco site', none)).toBe('it is a UNESCO site');
  });

  it('leaves one word, common phrases and runs framed by a weak word alone', () => {
    for (const text of ['i saw it in video form', 'the europa league', 'we ate at a tory place', 'you can’t see the road', 'he wanted a brand-new car', 'our cyber defenses', 'in bosnia now', 'and al said', 'isil and others', 'gave him bolt after bolt']) {
      expect(corrected(text, none)).toBe(text);
    }
  });
});

describe('places after a place cue, and proper nouns heard by sound only', () => {
  const none = buildVocabulary(EpisodeMeta.parse({ hosts: [], guests: [], sponsors: [] }), []);

  it('takes a city heard a little further from its name right after "in"/"of"', () => {
    expect(corrected('my sister grew up in mar say and now lives in leeds', none)).toBe('my sister grew up in Marseille and now lives in Leeds');
    expect(corrected('a zoologist at the university of debra sen who has', none)).toBe('a zoologist at the university of Debrecen who has');
  });

  it('leaves the same words alone without the cue', () => {
    for (const text of ['nothing could mar say the least', 'i met debra sen yesterday', 'share brook trout with me', 'in lieu of a land grant', 'i want to say dat again', 'starbuck aye sir he said', 'kids from more diverse backgrounds']) {
      expect(corrected(text, none)).toBe(text);
    }
  });

  it('finds a proper noun of the sound-only list heard in pieces, never a word that merely spells one', () => {
    expect(corrected('he never heard pell a tier not a shout', none)).toBe('he never heard Pelletier not a shout');
    expect(corrected('they cooked a sichuan dish', none)).toBe('they cooked a sichuan dish');
  });

  it('writes an address read out as the first word of a sponsor’s name, never a person’s', () => {
    const voc = buildVocabulary(EpisodeMeta.parse({ show: 'Wild Places', hosts: ['Henrietta Fairweather'], guests: [], sponsors: ['Lyrebird Optics'] }), []);
    const fixed = (text: string) => fixTranscript(words(text), voc, {}).words.map((w) => w.text).join(' ');
    expect(fixed('binoculars go to liar bird dot co dot uk slash wild and use the code')).toContain('lyrebird.co.uk/wild');
    const compiled = compileVocabulary(voc);
    expect(addressBySound(['liar', 'bird'], compiled)).toBe('lyrebird');
    expect(addressBySound(['fair', 'weather'], compiled)).toBeUndefined();
    expect(addressBySound(['optics'], compiled)).toBeUndefined();
  });

  it('writes the accents of a listed name of two words or more heard letter for letter, never of one word alone', () => {
    expect(corrected('yes i am in san sebastian this week', none)).toBe('yes i am in San Sebastián this week');
    expect(corrected('we flew to sao paulo on friday', none)).toBe('we flew to São Paulo on friday');
    // One listed spelling is plain ("San Jose") and one accented ("San José"): the heard letters do not say which.
    expect(corrected('a startup in san jose', none)).not.toContain('José');
    // A transliteration's macrons are not written; one word alone stays as heard.
    expect(accentedNames().has('bhairab bazar')).toBe(false);
    expect(accentedNames().has('bogota')).toBe(false);
    for (const text of ['sebastian said so', 'a class reunion']) expect(corrected(text, none)).toBe(text);
  });

  it('takes a person’s name of the people-names list heard in pieces right after a person cue, and the same pieces later', () => {
    expect(corrected('we had a cook named foo meeko make dashi and foo meeko\'s method was simple', none)).toBe(
      "we had a cook named Fumiko make dashi and Fumiko's method was simple",
    );
    // No cue, a frequent first word, a function word inside, or names of their own: speech as heard.
    for (const text of ['we ate foo meeko at lunch', 'a dog named good boy', 'his wife and kids', 'his friend anna lee came', 'said my friend gore say that', 'a man named lou seal is']) {
      expect(corrected(text, none)).toBe(text.replace('lou seal', 'Lucille'));
    }
    // Spellings that sound alike are ranked by use: "Lucille" is said far more often than "Lucile".
    expect(knownNames().indexOf('lucille')).toBeLessThan(knownNames().indexOf('lucile'));
    expect(closestPersonName(['lou', 'seal'])?.name).toBe('Lucille');
  });

  it('takes a name of the people-names list heard in pieces whose letters spell it, never ordinary words that do', () => {
    expect(corrected('nobody wants to admit grim aldo was no left-back and frim pong on the right', none)).toBe(
      'nobody wants to admit Grimaldo was no left-back and Frimpong on the right',
    );
    // English words that join into a surname, particles, two first names: speech as heard.
    for (const text of ['the white house said', 'a young man came', 'a good man', 'le gros bateau', 'his friend anna lee came', 'a black well']) {
      expect(corrected(text, none)).toBe(text);
    }
  });

  it('takes a surname of the people-names list heard as the same two pieces three times or more, possessive included', () => {
    expect(corrected('we bought the dunn away farm in june and dunn away said the roof leaks so we met at dunn away\'s barn', none)).toBe(
      "we bought the Dunaway farm in june and Dunaway said the roof leaks so we met at Dunaway's barn",
    );
    // Twice is not enough; pronouns, old ones too, and frequent words alone are speech however often they come.
    for (const text of ['we bought the dunn away farm and dunn away said so', 'hark ye men and ye men of the sea and ye men all', 'the good man and the good man and the good man']) {
      expect(corrected(text, none)).toBe(text);
    }
  });

  it('reads a French "ou" before a vowel in a surname as "w", beside the dictionary\'s reading', () => {
    // The pronouncing dictionary reads Ouellette "ah oo let"; said the French way it is "wel-let".
    expect(wordPhonemes('ouellette').slice(0, 2)).toEqual(['AA', 'UW']);
    expect(closestPersonName(['whale', 'ette'])?.name).toBe('Ouellette');
    expect(closestPersonName(['whale', 'ette'])!.similarity).toBeGreaterThanOrEqual(0.9);
  });

  it('takes a built-in name whose first vowel was heard as "oh" when the same two words come twice', () => {
    expect(corrected('we run it with oh lama on a laptop and oh lama pulls the files', none)).toBe('we run it with Ollama on a laptop and Ollama pulls the files');
    // Once is not enough; "oh" before a frequent word or a name is speech.
    for (const text of ['we run it with oh lama on a laptop', 'oh really oh really', 'oh lord oh lord', 'oh alma oh alma']) {
      expect(corrected(text, none)).toBe(text);
    }
  });

  it('takes a US city heard as one word right before its state, a city of that state only', () => {
    expect(corrected('from a very cold spare room in wooster massachusetts my guest', none)).toBe('from a very cold spare room in Worcester Massachusetts my guest');
    // An English word, a city of another state, a word that already spells a city, no state after it: as heard.
    for (const text of ['in western massachusetts', 'in wooster ohio today', 'in wooster today']) {
      expect(corrected(text, none)).toBe(text.replace('massachusetts', 'Massachusetts').replace('ohio', 'Ohio'));
    }
  });

  it('punctuates around a person’s name taken from the people-names list as around a name the models know', () => {
    const text = "we watched a cook named foo meeko make stock every morning she wiped the kelp gently with a damp cloth foo meeko's method is simple ten grams of kelp per litre of water";
    const fixed = fixTranscript(words(text), none, {}).words.map((w) => w.text).join(' ');
    expect(fixed).toContain("damp cloth. Fumiko's method");
    expect(fixed).toContain('named Fumiko make');
  });

  it('takes a host’s first name heard as an ordinary word right after "writes" or "dear", and only a host’s first name', () => {
    const voc = buildVocabulary(EpisodeMeta.parse({ hosts: ['Kerrin Brandt'], guests: [], sponsors: [] }), []);
    expect(corrected('a listener in town writes caring last year i tried it', voc)).toBe('a listener in town writes Kerrin last year i tried it');
    expect(corrected('dear caring thank you', voc)).toBe('dear Kerrin thank you');
    expect(corrected('she said caring thank you', voc)).toBe('she said caring thank you');
    expect(corrected('a listener writes brand new recipes', voc)).toBe('a listener writes brand new recipes');
  });

  it('writes a name taken with evidence wherever the episode says the same pieces again, possessive included', () => {
    expect(corrected('the depot in share brook at dawn and the van left share brook at six', none)).toBe('the depot in Sherbrooke at dawn and the van left Sherbrooke at six');
    expect(corrected('he never heard pell a tier not a shout then he pulled pell a tier\'s phone records', none)).toBe("he never heard Pelletier not a shout then he pulled Pelletier's phone records");
    // Without the first, cued sighting the pieces stay as heard; and a break inside them is no name.
    expect(corrected('the van left share brook at six', none)).toBe('the van left share brook at six');
    const broken = applyVocabulary(wordsToTokens(words('the depot in share brook at dawn the van left share brook at six')).map((t, i) => (i === 10 ? { ...t, punct: ',' } : t)), compileVocabulary(none));
    expect(broken.tokens.map((t) => t.text).join(' ')).toBe('the depot in Sherbrooke at dawn the van left share brook at six');
  });

  it('keeps the show’s own name heard over more words before a built-in name of its first word', () => {
    const voc = buildVocabulary(EpisodeMeta.parse({ hosts: [], guests: [], sponsors: ['Hinokiya'] }), []);
    expect(corrected('my knife is from hino kia in osaka', voc)).toBe('my knife is from Hinokiya in Osaka');
  });

  it('stores each built-in name’s phonemes as the matcher reads the name (regenerate data/ after changing phonemes.ts)', () => {
    const entries = [...builtinLexicon(), ...soundOnlyNames()];
    for (let i = 0; i < entries.length; i += 97) {
      const entry = entries[i]!;
      expect(builtinPhonemes(entry), entry.term).toEqual(namePhonemes(entry.term));
    }
    const cities = [...usCitiesByState().values()].flat();
    expect(cities.length).toBeGreaterThan(900);
    for (let i = 0; i < cities.length; i += 37) expect(cities[i]!.phonemes, cities[i]!.city).toEqual(namePhonemes(cities[i]!.city));
  });
});

describe('web addresses of the show’s own names', () => {
  it('writes an address read out as a name that sounds like one of the show’s', () => {
    const out = fixTranscript(words('go to file right dot com slash ledger and save'), vocabulary, { removeFillers: false });
    expect(out.words.map((w) => w.text).join(' ')).toContain('filewright.com/ledger');
  });

  it('keeps a country ending after the first one', () => {
    const out = fixTranscript(words('visit nimble’s hosting dot co dot uk today'), vocabulary, { removeFillers: false });
    expect(out.words.map((w) => w.text).join(' ')).toContain('nimbushosting.co.uk');
  });
});

describe('context and parts of names', () => {
  const show = buildVocabulary(EpisodeMeta.parse({ hosts: ['Imogen Castelnau'], guests: [], sponsors: ['Lyrebird Optics'] }), []);

  it('takes a person’s whole name from ordinary words right after an introduction, and only there', () => {
    expect(corrected('hello i’m imagine castle no and this is the show', show)).toBe('hello i’m Imogen Castelnau and this is the show');
    expect(corrected('just imagine castle no more', show)).toBe('just imagine castle no more');
  });

  it('knows a company by its distinctive first word', () => {
    expect(corrected('everything liar bird makes is sharp', show)).toBe('everything Lyrebird makes is sharp');
  });
});

describe('consistency across the episode', () => {
  const show = buildVocabulary(EpisodeMeta.parse({ hosts: ['Ruairí Tolan'], guests: [], sponsors: [] }), []);

  it('keeps a name heard inside the whole name for the rest of the episode, and no name otherwise', () => {
    expect(corrected('hi i’m rory toll in and later thanks rory for that', show)).toBe('hi i’m Ruairí Tolan and later thanks Ruairí for that');
    expect(corrected('later thanks rory for that', show)).toBe('later thanks rory for that');
  });
});
