import { describe, expect, it } from 'vitest';
import { EpisodeMeta } from '@podpipe/shared/transcript';
import { detectAds, sponsorIn } from '../src/core/ads.ts';
import { boundaryEvidence, pauseSalience } from '../src/core/boundaries.ts';
import { depthScores, gapSimilarities } from '../src/core/cohesion.ts';
import { findEntities } from '../src/core/entities.ts';
import { collectPhrases, rankPhrases } from '../src/core/keyphrases.ts';
import { splitSentences, type TimedWord } from '../src/core/sentences.ts';
import { asksCoHost, chapterLine, compactText, endsDangling, isFragmentRun, isHousekeeping, joinFragments, lineOpening, mentionsLine, opensMidSentence, opensOnFragment, readsAsQuestion, readsAsSentence, soundsMisheard, summarizeEpisode, thenAsClause, titleInProse, wholeQuote } from '../src/core/summary.ts';
import { normalizeWord } from '../src/core/text.ts';
import { inverseFrequencies } from '../src/core/vectors.ts';
import { planChapters, splitSpan } from '../src/core/chapters.ts';
import { assignTitleTopics, contentTitle, fullerFromPreview, introTitle, listenerTitle, modifiedPhrase, namedInFull, numberedName, openingQuestion, openingTopic, previewSentences, previewTopics, titleTopics } from '../src/core/titles.ts';
import { TOPICS, layout, lcg, sentencesFor } from './synthetic.ts';

/** Words at 0.3 s each, with extra silence before the word indices given. */
function timed(text: string, pausesBefore: Record<number, number> = {}, speakers: Record<number, string> = {}): TimedWord[] {
  let t = 0;
  let speaker: string | undefined;
  return text.split(' ').map((w, i) => {
    t += pausesBefore[i] ?? 0;
    speaker = speakers[i] ?? speaker;
    const word: TimedWord = { text: w, start: t, end: t + 0.3, ...(speaker ? { speaker } : {}) };
    t += 0.3;
    return word;
  });
}

describe('splitSentences', () => {
  it('splits punctuated text at sentence ends and keeps the words as written', () => {
    const s = splitSentences(timed('Hello there, Cash App fans. How are you? Fine!'), []);
    expect(s.map((x) => x.text)).toEqual(['Hello there, Cash App fans.', 'How are you?', 'Fine!']);
    expect(s[0]!.words).toEqual(['hello', 'there', 'cash', 'app', 'fans']);
    expect(s[1]!.first).toBe(5);
  });

  it('splits unpunctuated text at pauses and speaker changes, and cuts long runs before an opener', () => {
    const words = timed('we went out early and the sea was calm so we set the mainsail', { 5: 0.6 }, { 11: 'B' });
    const s = splitSentences(words, []);
    expect(s.map((x) => x.words.join(' '))).toEqual(['we went out early and', 'the sea was calm so we', 'set the mainsail']);
    expect(s[1]!.pauseBefore).toBeCloseTo(0.6);
    const long = splitSentences(timed(Array.from({ length: 70 }, (_, i) => (i % 17 === 0 ? 'so' : 'word')).join(' ')), []);
    for (const x of long) expect(x.words.length).toBeLessThanOrEqual(30);
    expect(long.slice(1).every((x) => x.words[0] === 'so')).toBe(true);
  });

  it('gives a detected silence to the nearest word gap, even when word times reach into it', () => {
    const words: TimedWord[] = [
      { text: 'one', start: 0, end: 0.3 },
      { text: 'two', start: 0.3, end: 0.6 },
      { text: 'three', start: 0.62, end: 1.2 },
      { text: 'four', start: 1.2, end: 1.5 },
    ];
    expect(splitSentences(words, [])).toHaveLength(1);
    // the recognizer stretched "three" back over the silence: the pause is before it
    expect(splitSentences(words, [{ start: 0.58, end: 1.0 }]).map((x) => x.text)).toEqual(['one two', 'three four']);
    // a silence late inside a word (two words merged across it) is a pause after that word
    expect(splitSentences(words, [{ start: 0.95, end: 1.19 }, { start: 1.0, end: 1.15 }]).map((x) => x.text)).toEqual(['one two three', 'four']);
  });

  it('folds fragments left by over-eager punctuation into the next sentence', () => {
    const s = splitSentences(timed('Use. The code at checkout. Okay. Thanks to all of you.'), []);
    expect(s.map((x) => x.text)).toEqual(['Use. The code at checkout.', 'Okay. Thanks to all of you.']);
  });
});

describe('boundary evidence', () => {
  it("scores a pause by how far it stands out from the episode's long pauses", () => {
    const words = timed(Array.from({ length: 40 }, () => 'one two three four.').join(' '), { 40: 0.4, 80: 0.4, 120: 2.5 });
    const s = splitSentences(words, []);
    expect(s).toHaveLength(40);
    const salience = pauseSalience(s);
    expect(salience[30]).toBe(1);
    expect(salience[10]).toBe(0);
  });

  it('puts the deepest cohesion dip at the change of topic', () => {
    const random = lcg(1);
    const { words } = layout([
      { sentences: sentencesFor(TOPICS.sailing, 200, random), pauseBefore: 0 },
      { sentences: sentencesFor(TOPICS.cooking, 200, random), pauseBefore: 0 },
    ]);
    const s = splitSentences(words, []);
    const depth = depthScores(gapSimilarities(s));
    const switchAt = s.findIndex((x) => x.start >= 200 - 1 && TOPICS.cooking.some((w) => x.text.includes(w)));
    const deepest = depth.indexOf(Math.max(...depth));
    expect(Math.abs(deepest - switchAt)).toBeLessThanOrEqual(2);
  });

  it('splits a span only where the evidence pays for a chapter, within the bounds', () => {
    const random = lcg(2);
    const { words } = layout([{ sentences: sentencesFor(TOPICS.sailing, 900, random), pauseBefore: 0 }]);
    const s = splitSentences(words, []);
    const total = new Float64Array(s.length);
    const strong = s.findIndex((x) => x.start > 400);
    total[strong] = 1;
    expect(splitSpan(s, total, 0, s.length - 1, s[s.length - 1]!.end, { minChapterSec: 120, maxChapterSec: 1200 })).toEqual([strong]);
    const forced = splitSpan(s, new Float64Array(s.length), 0, s.length - 1, s[s.length - 1]!.end, { minChapterSec: 120, maxChapterSec: 300 });
    expect(forced.length).toBeGreaterThanOrEqual(2);
  });

  it('ends the introduction at its own edge within about a minute and a half, not at a sponsor read minutes later', () => {
    const random = lcg(3);
    const welcome = [
      'Welcome to the show, I am your host and this is the weekly episode.',
      'In this episode we have a guest who grows things and who watches the sky at night.',
      'We will talk about the garden first and then about the stars and the planets.',
      'Before we start, thank you all for the kind messages about the last episode.',
      'It has been a busy month for everyone here and we are glad to be back with you.',
      'So grab a cup of something warm and settle in for a long conversation today.',
      'There is a lot to get through, so we will keep the chatter short this time.',
      'Right, enough from me, here is the first part of the show.',
      'Here we go then, everyone, with the very first topic of the day.',
    ];
    const { words } = layout([
      { sentences: welcome, pauseBefore: 0 },
      { sentences: sentencesFor(TOPICS.gardening, 150, random), pauseBefore: 0 },
      { sentences: sentencesFor(TOPICS.cooking, 40, random), pauseBefore: 0 },
      { sentences: sentencesFor(TOPICS.astronomy, 200, random), pauseBefore: 0 },
    ]);
    const s = splitSentences(words, []);
    const adFirst = s.findIndex((x) => TOPICS.cooking.some((w) => x.text.includes(w)));
    const adLast = s.findIndex((x, k) => k > adFirst && TOPICS.astronomy.some((w) => x.text.includes(w))) - 1;
    const ad = { first: adFirst, last: adLast, startWord: 0, endWord: 0, sponsor: 'Acme' };
    const plans = planChapters(s, boundaryEvidence(s), [ad], s.at(-1)!.end, { minChapterSec: 60, maxChapterSec: 1200 });
    const intro = plans[0]!;
    expect(intro.kind).toBe('intro');
    const introEnd = s[intro.last + 1]!.start;
    expect(introEnd).toBeLessThan(100);
    expect(Math.abs(introEnd - s[welcome.length]!.start)).toBeLessThan(15);
    expect(plans[1]!.kind).toBe('content');
  });
});

describe('sponsor reads', () => {
  it('matches sponsor names however the transcript splits them', () => {
    expect(sponsorIn(['go', 'to', 'parcel', 'wise', 'now'], ['Parcelwise'])).toBe('Parcelwise');
    expect(sponsorIn(['visit', 'glazeandco.com'], ['Glaze & Co'])).toBe('Glaze & Co');
    expect(sponsorIn(['glaze', 'and', 'co'], ['Glaze & Co'])).toBe('Glaze & Co');
    expect(sponsorIn(['a', 'glazed', 'mug'], ['Glaze & Co'])).toBeNull();
  });

  it('hears a sponsor through near mishearings, and not in ordinary words', () => {
    expect(sponsorIn(['go', 'to', 'Colonel', 'house.dev/weights'], ['Kernelhouse'])).toBe('Kernelhouse');
    expect(sponsorIn(['from', 'liar', 'bird.co'], ['Lyrebird Optics'])).toBe('Lyrebird Optics');
    expect(sponsorIn(['at', 'stub', 'house.com'], ['StubHaus'])).toBe('StubHaus');
    expect(sponsorIn(['hino', 'kia'], ['Hinokiya'])).toBe('Hinokiya');
    expect(sponsorIn(['vale', 'net'], ['Veilnet'])).toBe('Veilnet');
    expect(sponsorIn(['the', 'colonel', 'said', 'no'], ['Kernelhouse'])).toBeNull();
    expect(sponsorIn(['a', 'bird', 'house'], ['Lyrebird Optics', 'StubHaus'])).toBeNull();
    expect(sponsorIn(['the', 'kitchen', 'table'], ['Parcelwise', 'Glaze & Co'])).toBeNull();
  });

  it('finds a read with no cue phrase inside a topic, and ends it where the show resumes mid-sentence', () => {
    const text =
      'The press was the engine of the whole season, and the coach trusted it. They won the ball high and scored quickly. ' +
      "So I've been wearing the Kinetic recovery sleeves after my Sunday games. They pulse gently while you sit on the sofa. " +
      'If you want a pair go to kinetic.co/pitch and use the code PitchSide for 15% off. ' +
      "That's kinetic.co/pitch code PitchSide, and now the midfield, which held a deep line all year long without much help.";
    const words = timed(text);
    const s = splitSentences(words, []);
    const [ad, ...more] = detectAds(s, ['Kinetiq']);
    expect(more).toEqual([]);
    expect(ad!.sponsor).toBe('Kinetiq');
    expect(words[ad!.startWord]!.text).toBe('So');
    expect(words[ad!.endWord]!.text).toBe('PitchSide,');
  });

  it('takes a post-roll after the goodbye, but not a thanks inside it', () => {
    const post = 'Thanks for listening and see you next week. One more thing before we go, this episode was supported by Glaze & Co, the ceramics supply store with clay, glazes, kiln shelves and tools, shipped fast and packed properly. Find them at glazeandco.com.';
    expect(detectAds(splitSentences(timed(post), []), ['Glaze & Co'])).toHaveLength(1);
    const thanks = 'Thanks for listening and see you next week, and thank you to our sponsor Glaze & Co for all the clay. Find them at glazeandco.com, and bye for now everyone.';
    expect(detectAds(splitSentences(timed(thanks), []), ['Glaze & Co'])).toEqual([]);
  });

  it('ignores "sponsored by" in conversation without any other sign of a read', () => {
    const text = 'The research was sponsored by a university grant and it took three years. We learned a lot about tides and hulls. Then we went sailing again.';
    const s = splitSentences(timed(text), []);
    expect(detectAds(s, ['Brightloom'])).toEqual([]);
  });
});

describe('keyphrases', () => {
  it('prefers the recurring multi-word phrase to its head word and drops names', () => {
    const random = lcg(4);
    const pick = (list: string[]) => list[Math.floor(random() * list.length)]!;
    const verbs = ['changed', 'helped', 'surprised', 'confused', 'inspired', 'rewarded'];
    const objects = ['engineers', 'doctors', 'farmers', 'students', 'writers', 'bankers'];
    const text = Array.from({ length: 12 }, () =>
      [`Machine learning ${pick(verbs)} ${pick(objects)}.`, `Deep learning ${pick(verbs)} ${pick(objects)}.`, 'Learning is fun.', `Tobias ${pick(verbs)} ${pick(objects)}.`].join(' '),
    ).join(' ');
    const s = splitSentences(timed(text), []);
    const ranked = rankPhrases(collectPhrases(s, s.map((_, i) => i)), { limit: 5, minCount: 2, exclude: new Set(['tobias']) }).map((r) => r.phrase.words.join(' '));
    expect(ranked[0]).toBe('machine learning');
    expect(ranked).toContain('deep learning');
    expect(ranked).not.toContain('learning');
    expect(ranked.some((p) => p.includes('tobias'))).toBe(false);
  });
});

describe('entities', () => {
  it('counts named people and types capitalized spans from their context', () => {
    const text = 'We met Jonah Abernathy in Lisbon. Later we called Halvorsen Labs. Jonah Abernathy said the Halvorsen Labs team moved to Lisbon. We also met Mira Castellanos.';
    const s = splitSentences(timed(text), []);
    const meta = EpisodeMeta.parse({ hosts: ['Mira Castellanos'] });
    const byName = new Map(findEntities(s, meta, []).map((e) => [e.name, e]));
    expect(byName.get('Mira Castellanos')).toEqual({ name: 'Mira Castellanos', type: 'person', count: 1 });
    expect(byName.get('Jonah Abernathy')).toMatchObject({ type: 'person', count: 2 });
    expect(byName.get('Halvorsen Labs')).toMatchObject({ type: 'organization', count: 2 });
    expect(byName.get('Lisbon')).toMatchObject({ type: 'place', count: 2 });
  });
});

describe('chapter titles', () => {
  it('takes the topic the chapter opening names when the chapter goes on about it', () => {
    const text =
      'Okay shipping, my favorite and least favorite subject. Shipping ceramics is hard because they break. ' +
      'Our breakage rate on shipping was terrible until we changed the boxes. Every box now gets more cushioning.';
    const s = splitSentences(timed(text), []);
    const all = s.map((_, k) => k);
    expect(openingTopic(s, all, new Set(['ship']))).toBe('Shipping');
    expect(openingTopic(s, all, new Set(['garden']))).toBeNull();
  });

  it('reads the topic from the next sentence when the cue ends its own, and needs it to recur, not to rank first', () => {
    const text =
      'Last topic. Fine-tuning. A listener in Cork asks about a card with 24 gigabytes. Fine-tuning works with adapters on that card. ' +
      'The card holds the adapters and the adapters hold the update, so fine-tuning is cheap.';
    const s = splitSentences(timed(text), []);
    const all = s.map((_, k) => k);
    expect(openingTopic(s, all, new Set(['fine-tun']), new Set())).toBe('Fine-tuning');
    expect(openingTopic(s, all, new Set(['card']), new Set())).toBeNull();
  });

  it('takes an "okay" said on its own as a topic cue: the next sentence opens on the topic', () => {
    const text =
      'We got our Etsy revenue back in seven months. Later chapter. Okay. Shipping. My favorite and least favorite subject. ' +
      'Shipping ceramics is hard because they break. Our breakage on shipping was bad until we changed the boxes.';
    const s = splitSentences(timed(text), []);
    const all = s.map((_, k) => k);
    // "shipping" recurs in the chapter without being among its top phrases
    expect(openingTopic(s, all, new Set(['ship']), new Set())).toBe('Shipping');
    expect(openingTopic(s, all, new Set(['garden']), new Set())).toBeNull();
  });

  it('takes the topic after an opening "so" only when it is among the chapter\'s salient phrases', () => {
    const s = splitSentences(timed('So, numbers. Our numbers on the mugs were bad and the numbers on plates were worse. Numbers matter.'), []);
    const all = s.map((_, k) => k);
    expect(openingTopic(s, all, new Set(['number']), new Set())).toBeNull();
    expect(openingTopic(s, all, new Set(['number']), new Set(['number']))).toBe('Numbers');
  });

  it('prefers the phrase rare in everyday speech to an everyday word said as often', () => {
    const text = Array.from({ length: 4 }, () => 'The money went into the kombu. We bought the kombu with the money.').join(' ');
    const s = splitSentences(timed(text), []);
    const all = s.map((_, k) => k);
    expect(contentTitle(s, all, collectPhrases(s, all), new Map(), 3, new Set())).toBe('Kombu');
  });

  it('keeps a complement of the announced topic ("on a single GPU") but no joiner left dangling', () => {
    const s = splitSentences(timed('Next up, fine-tuning on a single GPU. Fine-tuning a model on one GPU is cheap. The GPU holds the adapters for fine-tuning.'), []);
    const all = s.map((_, k) => k);
    expect(openingTopic(s, all, new Set(['fine-tun']))).toBe('Fine-tuning on a Single GPU');
    const t = splitSentences(timed('Next up, fine-tuning for everyone. Fine-tuning is cheap now.'), []);
    expect(openingTopic(t, t.map((_, k) => k), new Set(['fine-tun']))).toBe('Fine-tuning');
  });

  it('lets the topic the opening announces outrank an unrelated episode-title topic, not one it shares a word with', () => {
    const text = Array.from({ length: 3 }, (_, i) => (i === 0 ? 'Okay, pricing. ' : '') + 'Our pricing was a guess and every mug on the pricing sheet was cheap. The pricing sheet changed.').join(' ');
    const s = splitSentences(timed(text), []);
    const all = s.map((_, k) => k);
    const phrases = collectPhrases(s, all);
    expect(contentTitle(s, all, phrases, new Map(), 3, new Set(), 'Broken Mugs')).toBe('Pricing');
    expect(contentTitle(s, all, phrases, new Map(), 3, new Set(), 'Pricing Myths')).toBe('Pricing Myths');
  });

  it("completes a name the episode title shortens as the chapter's opening says it in full", () => {
    const text = 'Earlier, port Velden came up. Marta, port Velden. Their comeback started in March. Velden won nine straight. The comeback was real.';
    const s = splitSentences(timed(text), []);
    const chapter = s.map((_, k) => k).slice(1);
    expect(namedInFull("Velden's Comeback", s, chapter)).toBe("Port Velden's Comeback");
    // a word said before the name only once is no part of it ("signed Velden")
    const once = splitSentences(timed('Marta, we signed Velden. Their comeback started in March. Velden won nine straight.'), []);
    expect(namedInFull("Velden's Comeback", once, once.map((_, k) => k))).toBe("Velden's Comeback");
    // a common noun with its adjective is not a shortened name
    const plain = splitSentences(timed('So wild horses. The wild horses came back. Horses older than history.'), []);
    expect(namedInFull('Horses Older Than History', plain, plain.map((_, k) => k))).toBe('Horses Older Than History');
  });

  it('lists the topics a chapter goes on to, one after another, after the one that names it', () => {
    const match = 'If your employer offers a match, take the match. The match is free money. Skip the match and you lose it. Nobody skips it twice.';
    const pension = 'There is the pension. A pension grows slowly. The pension pays later. Your pension is safe.';
    const annuity = 'There is the annuity. An annuity is a contract. The annuity pays monthly. An annuity has fees.';
    const s = splitSentences(timed([match, pension, annuity].join(' ')), []);
    const all = s.map((_, k) => k);
    expect(contentTitle(s, all, collectPhrases(s, all), new Map(), 3, new Set(), 'Employer Match')).toBe('Employer Match, Pension and Annuity');
    // talked about all along, in turns with the first topic: one topic, not a list
    const mixed = splitSentences(timed('The match is free money. A pension grows slowly. Take the match. The pension pays later. The match vests. Your pension is safe. Keep the match. A pension helps.'), []);
    const every = mixed.map((_, k) => k);
    expect(contentTitle(mixed, every, collectPhrases(mixed, every), new Map(), 3, new Set(), 'Employer Match')).toBe('Employer Match');
    // a word that only ever modifies another ("a pension plan", "the pension fund") is no topic of its own
    const modifier = 'There is a pension plan. The pension fund grows. Our pension scheme pays. A pension account helps.';
    const t = splitSentences(timed([match, modifier].join(' ')), []);
    const both = t.map((_, k) => k);
    expect(contentTitle(t, both, collectPhrases(t, both), new Map(), 3, new Set(), 'Employer Match')).toBe('Employer Match');
  });

  it('names the topic with the longer phrase around the top word when that phrase is nearly as distinctive', () => {
    const text = Array.from({ length: 4 }, () => 'The breakage rate of our parcels fell. Breakage was the worst part of shipping.').join(' ');
    const s = splitSentences(timed(text), []);
    const all = s.map((_, k) => k);
    expect(contentTitle(s, all, collectPhrases(s, all), new Map(), 3, new Set())).toBe('Breakage Rate');
  });

  it('in a long chapter prefers the phrase said all through it to one said in a burst, and never repeats an earlier title', () => {
    const filler = (i: number) => `We spent week ${i} on the kiln schedule and the glaze tests.`;
    // said more often than the kiln schedule, but all in the chapter's first few sentences
    const burst = Array.from({ length: 8 }, () => 'The webcam driver, the webcam driver, the webcam driver, the webcam driver crashed.');
    const text = [...burst, ...Array.from({ length: 28 }, (_, i) => filler(i + 1))].join(' ');
    const s = splitSentences(timed(text), []);
    const all = s.map((_, k) => k);
    const phrases = collectPhrases(s, all);
    expect(contentTitle(s, all, phrases, new Map(), 3, new Set())).toBe('Kiln Schedule');
    expect(contentTitle(s, all, phrases, new Map(), 3, new Set(), undefined, new Set(['Kiln Schedule']))).not.toBe('Kiln Schedule');
  });

  it('ends the topic named after an opening "so" where its verb comes: a noun phrase, not a clause', () => {
    const s = splitSentences(timed('So the AI fund helps AI startups get off the ground. The fund invests early. The fund builds companies with founders.'), []);
    const all = s.map((_, k) => k);
    expect(openingTopic(s, all, new Set(['fund']))).toBe('AI Fund');
  });

  it('goes on with the topic a sponsor read broke into when the chapter after it names none of its own', () => {
    const text = 'So, the shanks go back into the pot with stock. Then the gremolata, which is the bit that makes it ossobuco. ' + Array.from({ length: 3 }, () => 'Serve the risotto with saffron and a spoon for the marrow.').join(' ');
    const s = splitSentences(timed(text), []);
    const all = s.map((_, k) => k);
    const phrases = collectPhrases(s, all);
    // its own key phrase ("Saffron": "with saffron" makes it a noun) when it follows no read
    const own = contentTitle(s, all, phrases, new Map(), 3, new Set());
    expect(own).toBe('Saffron');
    expect(contentTitle(s, all, phrases, new Map(), 3, new Set(), undefined, new Set(['Ossobuco']), new Set(), 'Ossobuco')).toBe('Ossobuco');
    // not when the chapter never comes back to it, nor over a topic the chapter names itself
    expect(contentTitle(s, all, phrases, new Map(), 3, new Set(), undefined, new Set(), new Set(), 'Dashi')).toBe(own);
    expect(contentTitle(s, all, phrases, new Map(), 3, new Set(), 'Saffron Risotto', new Set(), new Set(), 'Ossobuco')).toBe('Saffron Risotto');
  });

  it('does not reach an earlier title again through the fuller form of a shorter phrase', () => {
    const text = Array.from({ length: 4 }, () => 'The reinforcement learning agent got rewards. Reinforcement learning is slow. Our reinforcement signal came from the gripper. Reinforcement helps.').join(' ');
    const s = splitSentences(timed(text), []);
    const all = s.map((_, k) => k);
    const phrases = collectPhrases(s, all);
    expect(contentTitle(s, all, phrases, new Map(), 3, new Set())).toBe('Reinforcement Learning');
    const next = contentTitle(s, all, phrases, new Map(), 3, new Set(), undefined, new Set(['Reinforcement Learning']));
    expect(next).not.toBe('Reinforcement Learning');
    expect(next).not.toBe('Conversation');
  });

  it('titles a long introduction by the topic it runs on into, a short one "Introduction"', () => {
    const welcome = 'Welcome to the show, I am your host and this is the kitchen podcast.';
    const kombu = 'I love the kombu. The kombu is the base of every broth we make.';
    const long = splitSentences(timed([welcome, ...Array.from({ length: 48 }, () => kombu)].join(' ')), []);
    expect(introTitle(long, long.map((_, k) => k), new Map(), 3, new Set())).toBe('Introduction: Kombu');
    const short = splitSentences(timed([welcome, kombu, kombu].join(' ')), []);
    expect(introTitle(short, short.map((_, k) => k), new Map(), 3, new Set())).toBe('Introduction');
    // 0.3 s a word: a welcome and 24 x 14 words run 105 s, past a welcome and a preview; 20 x 14 words, 88 s, do not
    const over = splitSentences(timed([welcome, ...Array.from({ length: 24 }, () => kombu)].join(' ')), []);
    expect(introTitle(over, over.map((_, k) => k), new Map(), 3, new Set())).toBe('Introduction: Kombu');
    const under = splitSentences(timed([welcome, ...Array.from({ length: 20 }, () => kombu)].join(' ')), []);
    expect(introTitle(under, under.map((_, k) => k), new Map(), 3, new Set())).toBe('Introduction');
  });

  it('titles a chapter with one noun phrase, never two key phrases joined by "and"', () => {
    const text = Array.from({ length: 6 }, () => 'The loss rate on mugs is high. We track the loss rate in the spreadsheet every week. The loss rate fell and the spreadsheet opened slowly.').join(' ');
    const s = splitSentences(timed(text), []);
    const all = s.map((_, k) => k);
    const title = contentTitle(s, all, collectPhrases(s, all), new Map(), 3, new Set());
    expect(title).toBe('Loss Rate');
    expect(title).not.toMatch(/ and /);
  });
});

describe('two topics in one chapter', () => {
  const cranes = 'Every October the plain is famous for cranes. The cranes breed in Finland. We count the cranes at sunset. They call in long lines. ';
  const bustards = 'And then the bustards. The bustards are heavy birds. Few bustards live here. They need open fields. ';

  it('names both when the chapter talks about one and then another as distinctive, in that order', () => {
    const s = splitSentences(timed(cranes + bustards), []);
    const all = s.map((_, k) => k);
    expect(contentTitle(s, all, collectPhrases(s, all), new Map(), 3, new Set())).toBe('Cranes and Bustards');
  });

  it('names one when the other is said all along with it, or far less', () => {
    const mixed = splitSentences(timed('The cranes and the bustards share the plain. Cranes feed at dawn and bustards at dusk. The cranes leave before the bustards do. They need open fields. '), []);
    const all = mixed.map((_, k) => k);
    expect(contentTitle(mixed, all, collectPhrases(mixed, all), new Map(), 3, new Set())).not.toMatch(/ and /u);
    const once = splitSentences(timed(cranes + cranes + 'And the bustards. They need open fields. '), []);
    const every = once.map((_, k) => k);
    expect(contentTitle(once, every, collectPhrases(once, every), new Map(), 3, new Set())).toBe('Cranes');
  });

  it('takes a word as a noun after a preposition ("famous for cranes")', () => {
    const s = splitSentences(timed('The plain is famous for cranes. People travel for cranes. Everyone waits for cranes at dusk.'), []);
    const all = s.map((_, k) => k);
    expect(contentTitle(s, all, collectPhrases(s, all), new Map(), 3, new Set())).toBe('Cranes');
  });
});

describe('titles a producer would keep', () => {
  const chapter = (text: string) => {
    const s = splitSentences(timed(text), []);
    const all = s.map((_, k) => k);
    return contentTitle(s, all, collectPhrases(s, all), new Map(), 3, new Set());
  };

  it('names one of two topics talked about in turns, not both', () => {
    const text = 'The kiln is hot. We wait for hours. The glaze goes on thin. Our kiln runs all night. The kiln cracks sometimes. Nothing happens for a while. We clean the kiln. The glaze dries. The kiln and the glaze settle. A glaze on a glaze shines.';
    expect(chapter(text)).toBe('Kiln');
  });

  it('names a topic said all through the chapter as its opening does, over a late aside', () => {
    const lines = Array.from({ length: 24 }, () => 'And we did that again.');
    lines[0] = 'You helped already established companies grow.';
    for (const k of [1, 7, 13, 19]) lines[k] = 'What do the companies want?';
    for (const k of [14, 18, 20]) lines[k] = 'I once used Google Maps.';
    expect(chapter(lines.join(' '))).toBe('Established Companies');
  });

  it('names the top topic as the opening asks about it, with the topic it is joined to there', () => {
    expect(chapter('Why do you like a marker and whiteboard? The whiteboard helps. I draw on the whiteboard. A marker squeaks. The whiteboard stays up.')).toBe('Marker and Whiteboard');
  });
});

describe('adjectives in titles', () => {
  it('titles a chapter by the noun phrase its top word only modifies ("a partial DNA profile"), never by the adjective alone', () => {
    const s = splitSentences(timed('In 2019 the lab tested the tape. They got a partial DNA profile. Partial, they tell me. Partial, thirty years. I wait and I get partial.'), []);
    const all = s.map((_, k) => k);
    const phrases = collectPhrases(s, all);
    expect(modifiedPhrase(phrases.get('partial')!, s)).toEqual(['partial', 'DNA', 'profile']);
    expect(contentTitle(s, all, phrases, new Map(), 3, new Set())).toBe('Partial DNA Profile');
  });

  it('leaves a word that heads a noun phrase somewhere, or never follows a determiner, as it is', () => {
    const s = splitSentences(timed('The shipping rate went up. We argue about shipping. Shipping is the hard part. Shipping costs a lot.'), []);
    const all = s.map((_, k) => k);
    const phrases = collectPhrases(s, all);
    expect(modifiedPhrase(phrases.get('ship')!, s)).toBeNull();
    expect(contentTitle(s, all, phrases, new Map(), 3, new Set())).toBe('Shipping');
  });
});

describe('numbered names', () => {
  it("completes an episode-title topic with the version or year its chapter's opening says right after it", () => {
    const s = splitSentences(timed('So Mistral. The Paris lab released Mistral small 3, a 24-billion-parameter model. It is fast.'), []);
    const all = s.map((_, k) => k);
    expect(numberedName('A New Mistral', s, all)).toBe('Mistral Small 3');
    expect(contentTitle(s, all, collectPhrases(s, all), new Map(), 3, new Set(), 'New Mistral')).toBe('Mistral Small 3');
    const t = splitSentences(timed("Right. Black Friday, 2024, deep breath. We'd been planning since August."), []);
    expect(numberedName("the Black Friday We Don't Talk About", t, t.map((_, k) => k))).toBe('Black Friday 2024');
  });

  it('leaves the topic alone when a verb or a full stop comes before the number, or there is none', () => {
    const s = splitSentences(timed('Mistral is 3 times faster. Mistral. 24 billion parameters. The Mistral team ships often.'), []);
    expect(numberedName('A New Mistral', s, s.map((_, k) => k))).toBeNull();
  });
});

describe('listener segments', () => {
  it("says in the title that a chapter answers a listener's letter or question its opening announces", () => {
    const letter = splitSentences(timed('So, put the kettle on. First, a letter. Helen, who grew up in Marseille, writes about the fish stew.'), []);
    expect(listenerTitle('Boo Ya Base', letter, letter.map((_, k) => k))).toBe("A Listener's Letter: Boo Ya Base");
    const asks = splitSentences(timed('Last topic. Fine-tuning. A listener, Tige in Cork, asks about one card.'), []);
    expect(listenerTitle('Fine-tuning', asks, asks.map((_, k) => k))).toBe("A Listener's Question: Fine-tuning");
    // not twice, and not without the cue
    expect(listenerTitle('A Letter About Rust', letter, letter.map((_, k) => k))).toBe('A Letter About Rust');
    const none = splitSentences(timed('Now, Japan. Dashi is the base of most Japanese cooking.'), []);
    expect(listenerTitle('Dashi', none, none.map((_, k) => k))).toBe('Dashi');
  });
});

describe('opening question', () => {
  it("titles a chapter by the host's short opening question when nothing it says recurs", () => {
    const s = splitSentences(timed('So quickly. How does a debt collector become a financial planner? Honestly, guilt. I worked the phones at an agency. Nobody I called was careless.'), []);
    const all = s.map((_, k) => k);
    expect(openingQuestion(s, all)).toBe('How Does a Debt Collector Become a Financial Planner?');
    expect(contentTitle(s, all, collectPhrases(s, all), new Map(), 3, new Set())).toBe('How Does a Debt Collector Become a Financial Planner?');
  });

  it('leaves a long or clause-laden question, one with no content words, and a chapter with a recurring topic alone', () => {
    const long = splitSentences(timed('What have you learned from watching them all these years that you could never learn in a zoo? Plenty.'), []);
    expect(openingQuestion(long, long.map((_, k) => k))).toBeNull();
    const bare = splitSentences(timed('Is that right? It is a fine start.'), []);
    expect(openingQuestion(bare, bare.map((_, k) => k))).toBeNull();
    const text = 'How do herders read the plain? The herders moved with the water. Herders ranked by animal. A herder with horses was at the top. The herders still graze the plain.';
    const s = splitSentences(timed(text), []);
    const all = s.map((_, k) => k);
    expect(openingQuestion(s, all)).toBe('How Do Herders Read the Plain?');
    expect(contentTitle(s, all, collectPhrases(s, all), new Map(), 3, new Set())).not.toMatch(/\?$/u);
  });
});

describe('episode-title topics', () => {
  it('splits a title into its topics, drops the people, and gives each to the chapter that talks about it', () => {
    const topics = titleTopics('Emergency Funds, the Employer Match and the Credit Score Myths, with Keisha Thibodeaux', ['Keisha Thibodeaux']);
    expect(topics).toEqual(['Emergency Funds', 'the Employer Match', 'the Credit Score Myths']);
    const text =
      'An emergency fund covers three months. Keep the emergency fund in savings. ' +
      'Your employer may match your savings. Always take the match from your employer. ' +
      'A credit score is not hurt by checking it. Myths about the credit score are everywhere.';
    const s = splitSentences(timed(text), []);
    const named = assignTitleTopics(s, [[0, 1], [2, 3], [4, 5]], topics);
    expect([...named.entries()].sort()).toEqual([
      [0, 'Emergency Funds'],
      [1, 'Employer Match'],
      [2, 'Credit Score Myths'],
    ]);
  });

  it("joins a second topic to the chapter that holds it when another topic already names that chapter, in the title's order", () => {
    const topics = titleTopics("Leverkusen's Unbeaten Season, Sociedad's Press and the Full-Back Who Isn't", []);
    const text =
      'Leverkusen went the season unbeaten. The unbeaten Leverkusen side won the league. ' +
      'Sociedad press high. The press starts from the goalkeeper. The Sociedad press wins the ball. ' +
      'The inverted full-back steps inside. Every full-back now does it.';
    const s = splitSentences(timed(text), []);
    const named = assignTitleTopics(s, [[0, 1], [2, 3, 4, 5, 6]], topics);
    expect(named.get(1)).toBe("Sociedad's Press and the Full-Back Who Isn't");
    // a topic listed first comes first
    const swapped = assignTitleTopics(s, [[0, 1], [2, 3, 4, 5, 6]], [topics[0]!, topics[2]!, topics[1]!]);
    expect(swapped.get(1)).toBe("Full-Back Who Isn't and Sociedad's Press");
    // one chapter per topic when every topic has its own chapter
    expect(assignTitleTopics(s, [[0, 1], [2, 3, 4], [5, 6]], topics).get(2)).toBe("Full-Back Who Isn't");
  });

  it("does not count the host's preview, which names every topic at once, when placing a topic", () => {
    const preview = 'Today, three things. Leverkusen and their unbeaten season. Then the Sociedad press, and full-backs. ';
    const talk = 'Leverkusen built from the back. The Leverkusen wing-backs pushed on. Their shape held all year. ';
    const s = splitSentences(timed(preview + talk), []);
    const skip = new Set(previewSentences(s, [0, 1, 2]));
    expect([...skip]).toEqual([0, 1, 2]);
    // the preview holds more of the topic's words (unbeaten, season) than the chapter that talks about it
    expect(assignTitleTopics(s, [[0, 1, 2], [3, 4, 5]], ["Leverkusen's Unbeaten Season"]).get(0)).toBe("Leverkusen's Unbeaten Season");
    expect([...assignTitleTopics(s, [[0, 1, 2], [3, 4, 5]], ["Leverkusen's Unbeaten Season"], skip).entries()]).toEqual([[1, "Leverkusen's Unbeaten Season"]]);
  });

  it('ends the preview where the talk begins and finds none without a "today" or "this week" up front', () => {
    const s = splitSentences(timed('My guest today is a planner. So today, emergency funds and the employer match. So, the emergency fund first.'), []);
    expect(previewSentences(s, [0, 1, 2])).toEqual([1]);
    const none = splitSentences(timed('My guest today is a planner. She works in Boston.'), []);
    expect(previewSentences(none, [0, 1])).toEqual([]);
  });

  it("names a chapter with the preview's fuller phrase when its extra words recur in the chapter", () => {
    const preview = 'Okay, today is a big one. We are leaving Etsy for Shopify, and the pricing spreadsheet that saved us. ';
    const etsy = 'Etsy took fees. We moved the shop to Shopify. Shopify has no listing fees, and Etsy had many. ';
    const s = splitSentences(timed(preview + etsy), []);
    const shown = previewSentences(s, [0, 1]);
    const topics = previewTopics(s, shown);
    expect(topics.map((t) => t.text)).toContain('leaving Etsy for Shopify');
    expect(topics.map((t) => t.text)).toContain('pricing spreadsheet');
    const chapter = [2, 3, 4];
    expect(fullerFromPreview('Leaving Etsy', topics, s, chapter, new Set(shown))).toBe('Leaving Etsy for Shopify');
    // "spreadsheet" is never said in the chapter: the title stays as it was
    expect(fullerFromPreview('Pricing', topics, s, chapter, new Set(shown))).toBe('Pricing');
    expect(fullerFromPreview('Introduction: Leaving Etsy', topics, s, chapter, new Set(shown))).toBe('Introduction: Leaving Etsy for Shopify');
    // the same stem in another use is not the title's word: "Shipping" does not grow into the verb phrase "ship plates"
    const plates = splitSentences(timed('So today, how we ship plates so they arrive whole. Shipping is hard. Plates break, and plates cost us money when shipping goes wrong.'), []);
    const told = previewSentences(plates, [0, 1]);
    expect(previewTopics(plates, told).map((t) => t.text)).toContain('ship plates');
    expect(fullerFromPreview('Shipping', previewTopics(plates, told), plates, [1, 2], new Set(told))).toBe('Shipping');
    // two previewed topics joined by "and" are not one topic's fuller name
    const both = splitSentences(timed('So today, emergency funds and the employer match. So, your emergency fund and the employer match both matter. The employer match is free money.'), []);
    const listed = previewSentences(both, both.map((_, k) => k));
    const rest = both.map((_, k) => k).filter((k) => !listed.includes(k));
    expect(previewTopics(both, listed).map((t) => t.text)).toContain('emergency funds and the employer match');
    expect(fullerFromPreview('Emergency Funds', previewTopics(both, listed), both, rest, new Set(listed))).toBe('Emergency Funds');
  });

  it("counts a hyphenated word's parts, and a word rare in everyday speech said once more, toward the preview's fuller phrase", () => {
    const text = 'Okay, this week. Then fine-tuning on a single GPU with adapters. So, fine-tuning. Fine-tuning a model on a single card works. Single-gpu work is cheap with fine-tuning.';
    const s = splitSentences(timed(text), []);
    const all = s.map((_, k) => k);
    const shown = previewSentences(s, all);
    expect(shown).toEqual([0, 1]);
    const topics = previewTopics(s, shown);
    const chapter = all.filter((k) => !shown.includes(k));
    expect(fullerFromPreview('Fine-tuning', topics, s, chapter, new Set(shown))).toBe('Fine-tuning on a Single GPU');
    // without the hyphenated "single-gpu", GPU is never said in the chapter
    const without = chapter.filter((k) => !s[k]!.text.includes('Single-gpu'));
    expect(without.length).toBe(chapter.length - 1);
    expect(fullerFromPreview('Fine-tuning', topics, s, without, new Set(shown))).toBe('Fine-tuning');
  });

  it('keeps the topic a guest speaks on, without the guest', () => {
    expect(titleTopics('Tide Pools: Ana Ruiz on the Rocky Shore', ['Ana Ruiz'])).toEqual(['Tide Pools', 'the Rocky Shore']);
    expect(titleTopics('On Air: Ana Ruiz', ['Ana Ruiz'])).toEqual(['On Air']);
  });

  it("names no chapter after what a guest speaks on: it is the whole episode's subject", () => {
    expect(titleTopics('Tide Pools: Ana Ruiz on the Rocky Shore', ['Ana Ruiz'], true)).toEqual(['Tide Pools']);
    // a part that only starts like a name is kept
    expect(titleTopics('Rust on the Gate and a Letter About Paint', ['Ana Ruiz'], true)).toEqual(['Rust on the Gate', 'a Letter About Paint']);
  });
});

describe('entity types from evidence', () => {
  it('types names by the words around them and drops promo codes', () => {
    const text =
      'We drove out to see the farm in Hortobágy last spring. The herders in Hortobágy still ride. ' +
      'Back then the driver Normand Pelletier said nothing at all. Everyone knew Normand Pelletier said he was sorry. ' +
      'We run the shop on the Shopify app now. Everything moved to the Shopify app. Use the code KITCHEN10 at checkout, the code KITCHEN10.';
    const entities = findEntities(splitSentences(timed(text), []), EpisodeMeta.parse({}), []);
    const typeOf = (name: string) => entities.find((e) => e.name === name)?.type;
    expect(typeOf('Hortobágy')).toBe('place');
    expect(typeOf('Normand Pelletier')).toBe('person');
    expect(typeOf('Shopify')).toBe('product');
    expect(entities.some((e) => /KITCHEN10/.test(e.name))).toBe(false);
  });
});

describe('episode summary', () => {
  it('quotes a sentence without its opening discourse markers, hesitations, asides and stutters', () => {
    const compact = (text: string) => {
      const texts = text.split(' ');
      return compactText(texts, texts.map(normalizeWord));
    };
    expect(compact('So, um, we, we moved the shop to Shopify.')).toBe('we moved the shop to Shopify.');
    expect(compact('You know, the fees went up, you know, by 6.5 percent.')).toBe('the fees went up by 6.5 percent.');
    expect(compact('I, I think the the breakage rate fell, uh, a lot.')).toBe('the breakage rate fell a lot.');
    expect(compact('Well I know that that mug had had a crack, um.')).toBe('I know that that mug had had a crack, um.');
    expect(compact('Like the Klaviyo email went out.')).toBe('the Klaviyo email went out.');
    expect(compact('Last year. DHL raised the fuel surcharge.')).toBe('DHL raised the fuel surcharge.');
  });

  it('drops the hedges a producer cuts from a quote, not the words they look like', () => {
    const compact = (text: string) => {
      const texts = text.split(' ');
      return compactText(texts, texts.map(normalizeWord));
    };
    expect(compact('The horses are basically gardeners, very stubborn ones.')).toBe('The horses are gardeners, very stubborn ones.');
    expect(compact('It was, honestly, the best year we had.')).toBe('It was the best year we had.');
    expect(compact("It's kind of slow, but what kind of kiln is it?")).toBe("It's slow, but what kind of kiln is it?");
    expect(compact('Five mares at first, I think into a fenced area.')).toBe('Five mares at first, into a fenced area.');
    expect(compact('I think it is the wrong first question.')).toBe('it is the wrong first question.');
    expect(compact('It did not really work, and I think we knew.')).toBe('It did not really work, and I think we knew.');
  });

  it('closes on the names the talk comes back to that its sentences left out, most mentioned first', () => {
    const names = [
      { name: 'Royal Mail', count: 5 },
      { name: 'Shopify', count: 9 },
      { name: 'Coventry', count: 1 },
      { name: 'DHL', count: 3 },
    ];
    expect(mentionsLine(names, 'We moved to Shopify last spring.')).toBe('It also mentions Royal Mail and DHL.');
    expect(mentionsLine(names, 'Shopify, Royal Mail and DHL.')).toBeNull();
  });


  const chapterText =
    'We moved the shop to a new platform last spring. The new platform was better for us in almost every way. ' +
    'And it was cheaper for us in almost every way too. ' +
    'We moved from Etsy to Shopify in March 2023 after the listing fees went up by 6.5 percent. ' +
    'The platform change was hard on us for a while.';
  const meta = { show: 'Kitchen Table', hosts: ['Ann Lee'], guests: [] };

  it('takes the whole sentence that names and counts what the chapter is about, never one leaning on the one before', () => {
    const s = splitSentences(timed(chapterText), []);
    const summary = summarizeEpisode(s, [{ kind: 'content', sentences: s.map((_, k) => k) }], inverseFrequencies(s), meta);
    const [lead, first] = summary.split(/(?<=[.?!])\s+/);
    expect(lead).toBe('Ann Lee talks on Kitchen Table in this episode.');
    expect(summary).toContain('We moved from Etsy to Shopify in March 2023 after the listing fees went up by 6.5 percent.');
    expect(first).not.toMatch(/^The new platform/);
    expect(summary).not.toMatch(/And it was cheaper/);
  });

  it('never quotes half of a sentence the transcript cut in two, and drops an opening "and" or "so"', () => {
    const text =
      'Shopify has a URL redirect tool for Etsy listings right there in the admin, it. Takes 10 minutes with the Etsy CSV export. ' +
      'So we moved the Etsy listings to Shopify in March 2023 with the redirect tool. ' +
      'And the Etsy listing fees had gone up 6.5 percent that March in 2023. ' +
      'Of learning the Shopify redirect tool and the Etsy CSV export in 2023.';
    const s = splitSentences(timed(text), []);
    const summary = summarizeEpisode(s, [{ kind: 'content', sentences: s.map((_, k) => k) }], inverseFrequencies(s), meta);
    expect(summary).not.toMatch(/admin, it|Takes 10 minutes|Of learning/);
    expect(summary).toMatch(/ We moved the Etsy listings to Shopify in March 2023 with the redirect tool\./);
  });

  it('gives a long chapter more sentences, each naming something new, and skips sponsor reads and the goodbye', () => {
    const more =
      'Shipping to Germany with DHL cost us 14 euros per parcel. Royal Mail took the UK orders for much less. ' +
      'Our breakage rate on mugs fell from 4.8 percent to under 1 percent with double boxing.';
    const ad = 'This episode is brought to you by Parcelwise, go to parcelwise.com for 20 percent off.';
    const bye = 'Thanks for listening, see you next week on Kitchen Table with Ann Lee.';
    const s = splitSentences(timed([chapterText, more, ad, bye].join(' ')), []);
    // 0.3 s per word: stretch the chapter to ten minutes so it earns more than one sentence
    const stretched = s.map((x, k) => ({ ...x, start: x.start * 40, end: x.end * 40, k }));
    const adAt = s.findIndex((x) => x.text.includes('Parcelwise'));
    const content = stretched.slice(0, adAt).map((x) => x.k);
    const summary = summarizeEpisode(stretched, [
      { kind: 'content', sentences: content },
      { kind: 'ad', sentences: [adAt] },
      { kind: 'outro', sentences: [adAt + 1] },
    ], inverseFrequencies(s), meta);
    const sentences = summary.split(/(?<=[.?!])\s+/);
    expect(sentences.length).toBeGreaterThanOrEqual(3);
    expect(summary).toMatch(/Etsy to Shopify/);
    expect(summary).toMatch(/4\.8 percent/);
    expect(summary).not.toMatch(/Parcelwise|Thanks for listening|^And|\. And/);
    for (const x of sentences) expect(x).toMatch(/^\p{Lu}.*[.?!]$/u);
  });

  it('tells a sentence from a fragment: a verb, not a verbless phrase or the tail of a list', () => {
    const reads = (text: string) => {
      const texts = text.split(' ');
      return readsAsSentence(texts, texts.map(normalizeWord));
    };
    expect(reads('We ship about 200 parcels a month with DHL.')).toBe(true);
    expect(reads('A dairy farmer driving south saw an armoured van on the shoulder.')).toBe(true);
    expect(reads("That's where the kombu comes from.")).toBe(true);
    expect(reads('Every breakage email asks the customer for three photos.')).toBe(true);
    expect(reads('In a converted garage in Pawtucket, Rhode Island.')).toBe(false);
    expect(reads('A high-yield savings account at an online bank.')).toBe(false);
    expect(reads('10 grams of kombu in a litre of cold water.')).toBe(false);
    expect(reads('Gravel, and the pricing spreadsheet that honestly saved us.')).toBe(false);
    // a plural before a comma is a list item, not a verb taking an object
    expect(reads('Federal withholding, state withholding, the quarterly filings, the W-2 at the end of the year.')).toBe(false);
  });

  it('tells where the transcript cut a sentence in two: a continuation opening, a dangling contraction at the end', () => {
    const opens = (text: string) => opensMidSentence(text.split(' ').map(normalizeWord));
    expect(opens('Moment for me was when I was a teenager.')).toBe(true);
    expect(opens('Type of education was when we were filming my class.')).toBe(true);
    expect(opens('Makes the programmer efficient even more than syntax.')).toBe(true);
    expect(opens('The that fills you with happiness.')).toBe(true);
    expect(opens('Breakage is only one number.')).toBe(false);
    expect(opens('Soak the shiitake overnight in the fridge.')).toBe(false);
    expect(opens('October for the cranes, May for the foals.')).toBe(false);
    expect(opens('Shopify for the win, we said.')).toBe(false);
    expect(endsDangling("i'll")).toBe(true);
    expect(endsDangling("hadn't")).toBe(true);
    expect(endsDangling('mugs')).toBe(false);
  });

  it('joins a fragment the transcript split off back onto its sentence, lowercasing an everyday first word only', () => {
    const text =
      'We make hand-made stoneware mugs for about 200 customers. In a converted garage in Pawtucket, Rhode Island. ' +
      'Nobody believed us at first. Gravel, and the Shopify spreadsheet that saved us. ' +
      'We ship with Royal Mail now? Royal Mail and the Parcelwise boxes.';
    const s = splitSentences(timed(text), []);
    const { sentences, chapters, at } = joinFragments(s, [{ kind: 'content', sentences: s.map((_, k) => k) }]);
    expect(sentences.map((x) => x.text)).toEqual([
      'We make hand-made stoneware mugs for about 200 customers, in a converted garage in Pawtucket, Rhode Island.',
      'Nobody believed us at first, gravel, and the Shopify spreadsheet that saved us.',
      // after a question a fragment is an answer, not the rest of the sentence; a name keeps its capital
      'We ship with Royal Mail now?',
      'Royal Mail and the Parcelwise boxes.',
    ]);
    expect(chapters[0]!.sentences).toEqual([0, 1, 2, 3]);
    expect(at).toEqual([0, 0, 1, 1, 2, 3]);
    expect(sentences[0]!.words).toContain('pawtucket');
  });

  it("quotes the host's preview of the episode besides the introduction's one sentence, never its verbless pieces", () => {
    const intro = 'Hello and welcome to Kitchen Table, I am Ann Lee and this is the show about the shop.';
    const preview =
      "Today's episode is about leaving Etsy for Shopify after the listing fees went up. Then breakage, and the double boxing that fixed the breakage. " +
      'And Black Friday 2024, when the Klaviyo email went out at the wrong time.';
    const s = splitSentences(timed([intro, preview, chapterText].join(' ')), []);
    const introEnd = s.findIndex((x) => x.text.startsWith('We moved the shop'));
    const previewAt = s.map((_, k) => k).filter((k) => k > 0 && k < introEnd);
    const chapters = [
      { kind: 'intro', sentences: s.slice(0, introEnd).map((_, k) => k) },
      { kind: 'content', sentences: s.slice(introEnd).map((_, k) => introEnd + k) },
    ];
    const without = summarizeEpisode(s, chapters, inverseFrequencies(s), meta);
    const withPreview = summarizeEpisode(s, chapters, inverseFrequencies(s), meta, [], [], previewAt);
    expect(without).not.toMatch(/Klaviyo/);
    // the verbless piece is quoted only as the rest of its sentence
    expect(withPreview).toMatch(/Today's episode is about leaving Etsy for Shopify after the listing fees went up, then breakage, and the double boxing that fixed the breakage\./);
    expect(withPreview).toMatch(/ Black Friday 2024, when the Klaviyo email went out at the wrong time\./);
    expect(withPreview).toMatch(/Hello and welcome/);
    expect(withPreview).not.toMatch(/Then breakage/);
  });

  it('quotes a preview sentence that goes on listing the threads with "Then …", made a whole sentence', () => {
    const intro = 'Hello and welcome to Kitchen Table, I am Ann Lee and this is the show about the shop.';
    const preview = "Today's episode is about leaving Etsy for Shopify after the listing fees went up. Then our first hire, the payroll, and the burnout, which are very much related.";
    const s = splitSentences(timed([intro, preview, chapterText].join(' ')), []);
    const introEnd = s.findIndex((x) => x.text.startsWith('We moved the shop'));
    const previewAt = s.map((_, k) => k).filter((k) => k > 0 && k < introEnd);
    const chapters = [
      { kind: 'intro', sentences: s.slice(0, introEnd).map((_, k) => k) },
      { kind: 'content', sentences: s.slice(introEnd).map((_, k) => introEnd + k) },
    ];
    expect(summarizeEpisode(s, chapters, inverseFrequencies(s), meta, [], [], previewAt)).toMatch(/ Then the episode turns to our first hire, the payroll, and the burnout, which are very much related\./);
  });

  it('says who the guest is in the host\'s words, one sentence per guest from the opening, besides the introduction\'s one', () => {
    const intro =
      'Hello and welcome to Ledger Lines, I am Ann Lee and this is the show about money. ' +
      'Today we cover the Roth IRA, the HSA, FICO and VantageScore in 2025, and the Roth IRA limits for 2025. ' +
      'My guest today is a certified financial planner and a former debt collector who writes a newsletter about money.';
    const s = splitSentences(timed([intro, chapterText].join(' ')), []);
    const introEnd = s.findIndex((x) => x.text.startsWith('We moved the shop'));
    const chapters = [
      { kind: 'intro', sentences: s.slice(0, introEnd).map((_, k) => k) },
      { kind: 'content', sentences: s.slice(introEnd).map((_, k) => introEnd + k) },
    ];
    const solo = summarizeEpisode(s, chapters, inverseFrequencies(s), meta);
    const withGuest = summarizeEpisode(s, chapters, inverseFrequencies(s), { ...meta, guests: ['Keisha Thibodeaux'] });
    expect(solo).toMatch(/Today we cover the Roth IRA/);
    expect(solo).not.toMatch(/debt collector/);
    expect(withGuest).toMatch(/My guest today is a certified financial planner and a former debt collector who writes a newsletter about money\./);
    // the introduction still gives its own sentence
    expect(withGuest).toMatch(/Today we cover the Roth IRA/);
  });
});

describe('quoted sentences', () => {
  it('leaves out questions to the others in the room', () => {
    expect(asksCoHost('Do you want to start with the reviews, or with the URLs?', ['do', 'you', 'want'])).toBe(true);
    expect(asksCoHost("What's your view on this.", ["what's", 'your', 'view', 'on', 'this'])).toBe(true);
    expect(asksCoHost("The score versus, what's the other one.", ['the', 'score', 'versus', "what's", 'the', 'other', 'one'])).toBe(true);
    expect(asksCoHost('We moved the shop to Shopify, which took a month.', ['we', 'moved'])).toBe(false);
  });

  it('leaves out a sentence that opens on a cut-off fragment or a bare number', () => {
    expect(opensOnFragment(['On,', '$10,000,', "that's", 'roughly', '$400.'], ['on', '10,000', "that's", 'roughly', '400'])).toBe(true);
    expect(opensOnFragment(['$3.40.', 'So', 'materials'], ['3.40', 'so', 'materials'])).toBe(true);
    expect(opensOnFragment(['10', 'to', 'nine', 'so'], ['10', 'to', 'nine', 'so'])).toBe(true);
    expect(opensOnFragment(['Who', 'brought', 'a', 'skull'], ['who', 'brought', 'a', 'skull'])).toBe(true);
    expect(opensOnFragment(['In', '1997', 'the', 'park', 'made', 'a', 'plan.'], ['in', '1997', 'the', 'park', 'made', 'a', 'plan'])).toBe(false);
    expect(opensOnFragment(['2,000', 'years', 'of', 'grazing', 'shaped', 'it.'], ['2,000', 'years', 'of', 'grazing', 'shaped', 'it'])).toBe(false);
  });

  it('quotes neither in a summary', () => {
    const s = splitSentences(timed('Do you want to start with the kiln glaze prices today? On, the kiln glaze prices, we charge forty dollars for a mug now. The kiln glaze prices went up by forty percent in March this year.'), []);
    const chapters = [{ kind: 'content', sentences: s.map((_, k) => k) }];
    const summary = summarizeEpisode(s, chapters, inverseFrequencies(s), { hosts: [], guests: [] });
    expect(summary).not.toMatch(/Do you want|On,/u);
    expect(summary).toMatch(/went up by forty percent/u);
  });
});

describe('whole sentences only', () => {
  const fragment = (text: string) => {
    const texts = text.split(' ');
    return isFragmentRun(texts, texts.map(normalizeWord));
  };

  it('tells a run of the raw recognizer from a sentence: a list of verbless items in front, or verbs only in relative clauses', () => {
    expect(fragment('AI, landing AI, and the AI fund, and was the chief scientist at Baidu.')).toBe(true);
    expect(fragment('India, China, South America, everywhere that, there is demand.')).toBe(true);
    expect(fragment("Priya, Nathan, who'd been taking the Tuesday wheel class, and who was finishing a degree.")).toBe(true);
    expect(fragment('Then our first hire, payroll, and burnout, which spoiler are very much related.')).toBe(true);
    expect(fragment('In 2019, the cold case unit reopened the file.')).toBe(false);
    expect(fragment('Hey, everyone, welcome to Open Weights, the show about AI models you can download.')).toBe(false);
    expect(fragment('The detective who caught the case was a sergeant, and he agreed to talk to me.')).toBe(false);
    expect(fragment('We moved the shop to Shopify, which took a month.')).toBe(false);
  });

  it('tells a bare list item followed by a piece with no subject from a lead-in before a clause', () => {
    expect(fragment('Wacom tablet, make sure my lapel mic was on, and then I was not recording.')).toBe(true);
    expect(fragment('Packaging, with the double boxing, we just talked about it.')).toBe(true);
    expect(fragment("Quick context, I'm from Stoke-on-Trent originally.")).toBe(false);
    expect(fragment("Pelletier's car, a brown 1984 Chevrolet, wasn't at his house.")).toBe(false);
    expect(fragment('Roughly, the new hire costs us about $23,000 a year.')).toBe(false);
  });

  it('tells a cut-off subject, a lone word cut off in front and an embedded question apart from a sentence', () => {
    expect(fragment('Typed that program into my computer, and I got to play games.')).toBe(true);
    expect(fragment('Singapore, I started learning to code when I was five.')).toBe(true);
    expect(fragment('Deep learning AI landing AI, and the AI fund, and was the chief scientist at Baidu.')).toBe(true);
    expect(fragment('We moved the shop and the kiln, and were done by March.')).toBe(false);
    expect(fragment('Founded in 1990, the shop sold mugs.')).toBe(false);
    expect(fragment('Think who he played for, Benitez at Liverpool and Guardiola at Bayern.')).toBe(false);
    expect(fragment('December 2nd, we had done 486 orders.')).toBe(false);
  });

  it('leaves out the show\'s housekeeping', () => {
    const words = (text: string) => text.split(' ').map(normalizeWord);
    expect(isHousekeeping(words('If you enjoy it, subscribe on YouTube, give it five stars on Apple Podcasts.'))).toBe(true);
    expect(isHousekeeping(words('Simply connect with me on Twitter.'))).toBe(true);
    expect(isHousekeeping(words('My guest writes the newsletter Sense and Sensibility.'))).toBe(false);
  });

  it('tells a question the transcript ended on a full stop from a statement opening on a wh-word', () => {
    const question = (text: string) => {
      const texts = text.split(' ');
      return readsAsQuestion(texts, texts.map(normalizeWord));
    };
    expect(question('What percentage of our developers would be AI developers.')).toBe(true);
    expect(question('How many late goals are we talking about.')).toBe(true);
    expect(question('What we found was a partial DNA profile.')).toBe(false);
    expect(question('When I started, it was a hobby.')).toBe(false);
  });

  it('judges every sentence a quote holds inside it', () => {
    const whole = (text: string) => {
      const texts = text.split(' ');
      return wholeQuote(texts, texts.map(normalizeWord));
    };
    expect(whole('We had twenty users, teachers, great. And guess what, zero people used the speaker.')).toBe(false);
    expect(whole('Teachers, great. Zero people used the speaker.')).toBe(false);
    expect(whole('We had twenty users at the start. Zero people opened the speaker app.')).toBe(true);
  });

  it('repairs the host\'s verbless "Then …" into a sentence and leaves a sentence with a verb alone', () => {
    expect(thenAsClause('Then our first hire, payroll, and burnout, which spoiler are very much related.')).toBe('Then the episode turns to our first hire, payroll, and burnout, which spoiler are very much related.');
    expect(thenAsClause('Then we talk about payroll.')).toBe('Then we talk about payroll.');
  });

  it('quotes no fragment in a summary, though it names the most', () => {
    const text =
      'Deep learning, landing AI, and the AI fund, and was the chief scientist at Baidu in Beijing with Coursera. ' +
      'Andrew taught machine learning at Stanford and later on Coursera to millions of students.';
    const s = splitSentences(timed(text), []);
    const summary = summarizeEpisode(s, [{ kind: 'content', sentences: s.map((_, k) => k) }], inverseFrequencies(s), { hosts: [], guests: [] });
    expect(summary).not.toMatch(/landing AI/u);
    expect(summary).toMatch(/Andrew taught machine learning at Stanford/u);
  });
});

describe('chapterLine', () => {
  it('lists what a chapter keeps naming that the summary does not name yet', () => {
    const s = splitSentences(timed('We ship with the Royal Mail now. The breakage rate fell on Royal Mail. Our breakage rate was bad with DHL. DHL lost a parcel, and DHL refunded it.'), []);
    const said = new Set<string>();
    const line = chapterLine(s, s.map((_, k) => k), said);
    expect(line).toMatch(/^The conversation covers .+\.$/u);
    expect(line).toContain('Royal Mail');
    expect(line).toContain('DHL');
    expect(line).toContain('breakage rate');
    // what the line named is covered now: the same chapter gives nothing new
    expect(chapterLine(s, s.map((_, k) => k), said)).toBeNull();
  });

  it('leaves out a name the recognizer heard as a run of syllables', () => {
    expect(soundsMisheard(['goo', 'yash'])).toBe(true);
    expect(soundsMisheard(['eck', 'wuss'])).toBe(true);
    expect(soundsMisheard(['red', 'wine'])).toBe(false);
    expect(soundsMisheard(['tax', 'break'])).toBe(false);
    expect(soundsMisheard(['fat', 'buds'])).toBe(false);
    expect(soundsMisheard(['shuv', 'al', 'ski'])).toBe(true);
    expect(soundsMisheard(['deep', 'rl'], 'deep RL')).toBe(false);
    const s = splitSentences(timed('The goo yash kept the cattle. We met the goo yash at dawn. The cattle were calm, and the cattle were thin.'), []);
    const line = chapterLine(s, s.map((_, k) => k), new Set(), new Set(), 'Herding');
    expect(line).toContain('cattle');
    expect(line).not.toContain('goo yash');
  });

  it("opens on the chapter's title when it names what the summary does not yet, not on a question", () => {
    const text = 'We ship with the Royal Mail now. The breakage rate fell on Royal Mail. Our breakage rate was bad with DHL. DHL lost a parcel, and DHL refunded it.';
    const s = splitSentences(timed(text), []);
    const all = s.map((_, k) => k);
    expect(chapterLine(s, all, new Set(), new Set(), 'Double Boxing')).toMatch(/^The conversation covers double boxing: .*Royal Mail.*\.$/u);
    // a title the summary already holds adds nothing; a question is no topic
    expect(chapterLine(s, all, new Set(['doubl', 'box']), new Set(), 'Double Boxing')).toMatch(/^The conversation covers (?!double)/u);
    expect(chapterLine(s, all, new Set(), new Set(), 'Why Did It Break?')).toMatch(/^The conversation covers (?!why)/u);
    // nothing left to list: the title alone
    const said = new Set<string>();
    chapterLine(s, all, said);
    expect(chapterLine(s, all, said, new Set(), 'Parcel Insurance')).toBe('The conversation covers parcel insurance.');
  });

  it('lists at most four things, and a title with one thing reads "…, including X"', () => {
    const text = 'We ship with the Royal Mail now. The breakage rate fell on Royal Mail. Our breakage rate was bad with DHL. DHL lost a parcel, and DHL refunded the parcel. The kiln cracked the glaze. The kiln and the glaze cost us.';
    const s = splitSentences(timed(text), []);
    const line = chapterLine(s, s.map((_, k) => k), new Set())!;
    expect(line.replace(/^The conversation covers /u, '').split(/, | and /u).length).toBeLessThanOrEqual(4);
    const said = new Set(['royal', 'mail', 'breakag', 'rate', 'dhl', 'kiln', 'glaze']);
    expect(chapterLine(s, s.map((_, k) => k), said, new Set(), 'Double Boxing')).toBe('The conversation covers double boxing, including parcel.');
  });

  it('lists a lone word only where the episode uses it as a noun, not as a verb', () => {
    const s = splitSentences(timed('Etsy collects the fee. She collects it monthly. It collects more every year. The fee went up. The fee is steep. We want to collect less.'), []);
    const line = chapterLine(s, s.map((_, k) => k), new Set(), new Set(), 'Selling Costs')!;
    expect(line).toContain('fee');
    expect(line).not.toContain('collects');
  });

  it('gives no line of one or two lone everyday words without a title', () => {
    const s = splitSentences(timed('The data went in. The data came out. The source was open. The source was old.'), []);
    expect(chapterLine(s, s.map((_, k) => k), new Set())).toBeNull();
    expect(chapterLine(s, s.map((_, k) => k), new Set(), new Set(), 'Open Models')).toMatch(/^The conversation covers open models: data and source\.$/u);
  });

  it('lists a lone name only when the chapter says it three times', () => {
    const s = splitSentences(timed('We drove the bubble wrap to Leeds. The bubble wrap ran out in Leeds. We flew the bubble wrap to Oslo. Oslo had the bubble wrap. Oslo was cold.'), []);
    const line = chapterLine(s, s.map((_, k) => k), new Set())!;
    expect(line).toContain('Oslo');
    expect(line).not.toContain('Leeds');
  });

  it("puts a chapter's line ahead of its quotes, each opening by its place", () => {
    const one = 'The kiln glaze cracked in the cold garage last winter. We fired the kiln glaze again at a much higher heat. The kiln glaze held up after that long second firing.';
    const two = 'The courier lost our parcel somewhere near the depot. We claimed the parcel insurance from the courier that same week. The courier paid the parcel claim within ten days.';
    const s = splitSentences(timed(`${one} ${two}`), []);
    const chapters = [
      { kind: 'content', sentences: s.map((_, k) => k).filter((k) => s[k]!.words.includes('kiln')) },
      { kind: 'content', sentences: s.map((_, k) => k).filter((k) => !s[k]!.words.includes('kiln')) },
    ];
    const summary = summarizeEpisode(s, chapters, inverseFrequencies(s), { hosts: [], guests: [] }, [], [], [], new Set(), ['Pottery Troubles', 'Shipping Woes']);
    expect(summary).toMatch(/The first part covers pottery troubles/u);
    expect(summary).toMatch(/The last part covers shipping woes/u);
    expect(summary.indexOf('The first part covers')).toBeLessThan(summary.indexOf('kiln glaze'));
    expect(summary.indexOf('The last part covers')).toBeLessThan(summary.search(/courier|parcel/u));
    expect(summary.indexOf('kiln glaze')).toBeLessThan(summary.indexOf('The last part covers'));
  });

  it('opens lines by their place among the lines', () => {
    expect(lineOpening(0, 1)).toBe('The conversation covers');
    expect(lineOpening(0, 3)).toBe('The first part covers');
    expect(lineOpening(1, 3)).toBe('The second part turns to');
    expect(lineOpening(2, 3)).toBe('The last part covers');
    expect(lineOpening(2, 5)).toBe('The third part takes in');
  });

  it('writes a title as a phrase inside a sentence: names, acronyms and numbers keep their capitals', () => {
    const s = splitSentences(timed('We moved to Shopify in 2024. Then the Black Friday email went out.'), []);
    expect(titleInProse("A Listener's Question: Fine-tuning on a Single GPU", s)).toBe("a listener's question about fine-tuning on a single GPU");
    expect(titleInProse('Leaving Etsy for Shopify', s)).toBe('leaving etsy for Shopify');
    expect(titleInProse('Black Friday 2024', s)).toBe('Black Friday 2024');
    expect(titleInProse('Partial DNA Profile', s)).toBe('partial DNA profile');
  });

  it('gives a long chapter one line for each half, each with what that half keeps naming', () => {
    const first = 'The bubble wrap tore on the pallet. Fiona weighed the pallet and the bubble wrap. ';
    const second = 'The payroll run went to Gusto. Gusto filed the payroll on time. ';
    // 0.3 s a word: 40 of each, 192 s and 156 s, a 348 s chapter
    const s = splitSentences(timed((first.repeat(40) + second.repeat(40)).trim()), []);
    const chapters = [{ kind: 'content', sentences: s.map((_, k) => k) }];
    const summary = summarizeEpisode(s, chapters, inverseFrequencies(s), { hosts: [], guests: [] });
    const lines = summary.match(/(?:The conversation covers|It then moves on to) [^.]+\./gu) ?? [];
    expect(lines.length).toBe(2);
    expect(lines[0]).toMatch(/pallet|bubble wrap|Fiona/u);
    expect(lines[1]).toMatch(/^It then moves on to .*(?:payroll|Gusto)/u);
  });

  it('holds at most six chapter lines, however many long chapters there are', () => {
    const things = ['pallet', 'kiln', 'glaze', 'mortgage', 'tractor', 'violin', 'harbour', 'orchard', 'telescope', 'bicycle', 'lantern', 'saddle', 'compass', 'anchor', 'chisel', 'furnace', 'ledger', 'quarry', 'rudder', 'spindle', 'trellis', 'turbine', 'walrus', 'yacht'];
    // sentences too short to quote: only the lines name the things
    const half = (a: string, b: string) => `The ${a} broke near the ${b}. We fixed the ${a} and ${b}. `.repeat(50);
    let text = '';
    const bounds: number[] = [];
    for (let c = 0; c < 6; c++) {
      text += half(things[4 * c]!, things[4 * c + 1]!) + half(things[4 * c + 2]!, things[4 * c + 3]!);
      bounds.push(text.split(' ').length - 1);
    }
    const s = splitSentences(timed(text.trim()), []);
    let from = 0;
    const chapters = bounds.map((_, c) => {
      const count = s.filter((x) => x.words.some((w) => w === things[4 * c] || w === things[4 * c + 2])).length;
      const chapter = { kind: 'content', sentences: s.slice(from, from + count).map((_, k) => from + k) };
      from += count;
      return chapter;
    });
    const summary = summarizeEpisode(s, chapters, inverseFrequencies(s), { hosts: [], guests: [] });
    const lines = summary.match(/(?:The \w+ part (?:covers|turns to|takes in)|It then moves on to|Later it takes in) [^.]+\./gu) ?? [];
    expect(lines.length).toBe(6);
    // openings follow the lines' places: first, second, …, last; no two lines in a row open alike
    expect(lines[0]).toMatch(/^The first part covers /u);
    expect(lines[lines.length - 1]).toMatch(/^(?:The last part covers|It then moves on to|Later it takes in) /u);
    lines.slice(1).forEach((l, i) => expect(l.split(' ').slice(0, 4).join(' ')).not.toBe(lines[i]!.split(' ').slice(0, 4).join(' ')));
  });
});
