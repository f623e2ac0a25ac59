import { describe, expect, it } from 'vitest';
import { collectPhrases, rankPhrases } from '../src/core/keyphrases.ts';
import { adverb, namesTopic, pastForm, usedAsNoun } from '../src/core/keywords.ts';
import type { Phrase } from '../src/core/keyphrases.ts';
import { normalizeWord } from '../src/core/text.ts';
import { splitSentences, type TimedWord } from '../src/core/sentences.ts';

const timed = (text: string): TimedWord[] => text.split(' ').map((w, i) => ({ text: w, start: i * 0.3, end: i * 0.3 + 0.25 }));
const sentencesOf = (text: string) => splitSentences(timed(text), []);

/** Whether the phrase (as its lowercase words) names a topic in the text. */
function topic(text: string, phrase: string): boolean {
  const s = sentencesOf(text);
  const p = [...collectPhrases(s, s.map((_, i) => i)).values()].find((x) => x.words.join(' ') === phrase);
  if (!p) throw new Error(`no phrase "${phrase}"`);
  return namesTopic(p, s);
}

describe('pastForm and adverb', () => {
  it('knows a past form by its English base, and an adverb by its English adjective', () => {
    expect(['typed', 'launched', 'co-founded', 'stopped', 'carried'].filter(pastForm)).toEqual(['typed', 'launched', 'co-founded', 'stopped', 'carried']);
    expect(['hundred', 'speed', 'seed', 'need'].some(pastForm)).toBe(false);
    expect(['quickly', 'genuinely', 'happily'].every(adverb)).toBe(true);
    expect(['family', 'supply', 'assembly'].some(adverb)).toBe(false);
  });
});

describe('namesTopic', () => {
  const archive = 'We wanted to digitize the archive. They digitize old letters every week. The archive holds letters from the war. I digitize maps. Our archive keeps maps too.';

  it('keeps nouns and names, drops a word the talk uses as a verb', () => {
    expect(topic(archive, 'archive')).toBe(true);
    expect(topic(archive, 'digitize')).toBe(false);
    expect(topic('Later we moved everything to Shopify. Shopify charged less.', 'shopify')).toBe(true);
  });

  it('drops a lone past form or adverb', () => {
    const text = 'She launched the bakery in May. The bakery launched again, launched twice. Prices rose steadily and steadily.';
    expect(topic(text, 'launched')).toBe(false);
    expect(topic(text, 'steadily')).toBe(false);
    expect(topic(text, 'bakery')).toBe(true);
  });

  it('drops a verb and its object: the first word said bare and in the past', () => {
    const text = 'My uncle restored furniture for decades. Dad and Mum restore furniture together, mostly oak furniture. Friends restore furniture with us. The oak furniture sells.';
    expect(topic(text, 'restore furniture')).toBe(false);
    expect(topic(text, 'oak furniture')).toBe(true);
  });

  it('drops a phrase that takes an object, keeps one said as a subject', () => {
    const text = 'When a landlord raises your rent, ask why. The landlord raises the deposit as well. A rent tribunal helps. The rent tribunal is slow.';
    expect(topic(text, 'landlord raises')).toBe(false);
    expect(topic(text, 'rent tribunal')).toBe(true);
  });

  it('drops a phrase that ends open', () => {
    expect(topic('It runs forty tokens per second. Sixty tokens per second is fast.', 'tokens per')).toBe(false);
  });

  it('keeps a gerund that names an activity', () => {
    expect(topic('Composting is easy. We talk about composting in the garden, and composting saves waste.', 'composting')).toBe(true);
  });
});

describe('rankPhrases keep', () => {
  it('leaves out the phrases keep refuses, so other topics fill the list', () => {
    const s = sentencesOf('We wanted to digitize the archive. They digitize old letters. The archive holds letters. I digitize maps. The archive keeps maps.');
    const all = s.map((_, i) => i);
    const words = (keep?: (p: Parameters<typeof namesTopic>[0]) => boolean) => rankPhrases(collectPhrases(s, all), { limit: 10, minCount: 2, exclude: new Set(), ...(keep ? { keep } : {}) }).map((r) => r.phrase.words.join(' '));
    expect(words()).toContain('digitize');
    expect(words((p) => namesTopic(p, s))).not.toContain('digitize');
    expect(words((p) => namesTopic(p, s))).toContain('archive');
  });
});

describe('namesTopic for a listed phrase', () => {
  /** The phrase as a summary line would list it, out of its sentences. */
  const listed = (surface: string) => {
    const p: Phrase = { key: surface, stems: [], words: surface.split(' ').map(normalizeWord), surface, count: 1, sentences: [] };
    return namesTopic(p, [], true);
  };

  it('lists names and things, not verbs, adjectives or open-ended pieces', () => {
    expect(['Royal Mail', 'context window', 'spoon'].every(listed)).toBe(true);
    expect(['bits per', 'flavourful', 'typed', 'enforces', 'approaching', 'tige'].some(listed)).toBe(false);
    // plain everyday words, superlatives, "-ize" verbs, two-letter pieces and an adverb's phrase name no thread
    expect(['week', 'lowest', 'customize', 'et', 'genuinely wild'].some(listed)).toBe(false);
    // nouns with an adjective's ending, hyphenated compounds, and "-est" nouns
    expect(['retrieval', 'inquiry', 'man-to-man', 'forest'].every(listed)).toBe(true);
  });

  it('lists a lone word only where the episode uses it as a noun, not as a verb', () => {
    const s = sentencesOf('Etsy collects the fee. She collects it monthly. It collects more every year. The fee went up. The fee is steep. We want to collect less.');
    expect(usedAsNoun(s, 'fee')).toBe(true);
    expect(usedAsNoun(s, 'collects')).toBe(false);
    const phrases = collectPhrases(s, s.map((_, i) => i));
    expect(namesTopic(phrases.get([...phrases.keys()].find((k) => phrases.get(k)!.words.join(' ') === 'fee')!)!, s, true)).toBe(true);
  });
});

describe('collectPhrases surface', () => {
  it('writes an acronym or inner capital as the transcript does anywhere, over a more frequent lowercase form', () => {
    const s = sentencesOf('We talked about agi for an hour. Everyone fears agi these days. I think AGI is far off. We tried deepseek and DeepSeek twice. Shopify runs the store, shopify is fine, shopify again.');
    const phrases = [...collectPhrases(s, s.map((_, i) => i)).values()];
    const surface = (w: string) => phrases.find((p) => p.words.join(' ') === w)?.surface;
    expect(surface('agi')).toBe('AGI');
    expect(surface('deepseek')).toBe('DeepSeek');
    // a leading capital alone is not an acronym: the most frequent form stays
    expect(surface('shopify')).toBe('shopify');
  });
});
