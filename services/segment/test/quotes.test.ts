import { describe, expect, it } from 'vitest';
import { findQuotes, standsAlone } from '../src/core/quotes.ts';
import { splitSentences, type TimedWord } from '../src/core/sentences.ts';
import { inverseFrequencies, vectorOf } from '../src/core/vectors.ts';

/** Words one after another, 0.4 s each, one speaker. */
const timed = (text: string): TimedWord[] => text.split(' ').map((w, i) => ({ text: w, start: i * 0.4, end: i * 0.4 + 0.35, speaker: 'A' }));
const sentencesOf = (text: string) => splitSentences(timed(text), []);
const at = (s: ReturnType<typeof sentencesOf>, opening: string) => s.findIndex((x) => x.text.startsWith(opening));

describe('standsAlone', () => {
  it('turns down a quote whose edge is a sentence the transcript cut in two', () => {
    const s = sentencesOf("Ask any potter about glaze and they'll. Tell you the kiln decides everything in the end. The kiln is the real artist here. Glaze chemistry matters much less than people think.");
    expect(standsAlone(s, at(s, 'Tell'), at(s, 'Tell'))).toBe(false);
    expect(standsAlone(s, at(s, 'The kiln'), at(s, 'Glaze'))).toBe(true);
  });

  it('turns down a quote that opens on a word pointing back or ends on half a thought', () => {
    const s = sentencesOf("We fired the kiln twice a week all winter long. That's why the glaze cracked on every single mug. He never checked the cones before loading it. And so when we opened the kiln on Monday. Everything inside had turned a dull grey colour.");
    expect(standsAlone(s, at(s, "That's"), at(s, "That's"))).toBe(false);
    expect(standsAlone(s, at(s, 'He'), at(s, 'He'))).toBe(false);
    expect(standsAlone(s, at(s, 'We fired'), at(s, 'And so'))).toBe(false);
    expect(standsAlone(s, at(s, 'We fired'), at(s, "That's"))).toBe(true);
  });

  it('turns down a quote the same speaker carries on past its last full stop', () => {
    const s = sentencesOf('The shipping cost doubled in a single year for us. Which is why we moved every order to the regional carrier.');
    expect(standsAlone(s, 0, 0)).toBe(false);
    expect(standsAlone(s, 0, 1)).toBe(true);
  });
});

describe('findQuotes', () => {
  it('puts a quote that stands alone before a better-scored one that leans on the sentence before it', () => {
    const text = "Our customers mostly care about how a heavy handmade mug feels in the hand on a cold winter morning at home with coffee. And that's why I think the key lesson is that glaze chemistry is the most important thing you have to learn, always, in this glaze business.";
    const s = sentencesOf(text);
    const idf = inverseFrequencies(s);
    const quotes = findQuotes(s, () => true, vectorOf(s, idf), idf, new Set(['glaze', 'chemistri']), 1);
    expect(quotes).toHaveLength(1);
    expect(quotes[0]!.alone).toBe(true);
    expect(s[quotes[0]!.first]!.words[0]).toBe('our');
  });
});
