import { describe, expect, it } from 'vitest';
import { announcementSalience, boundaryEvidence } from '../src/core/boundaries.ts';
import { planChapters } from '../src/core/chapters.ts';
import { introductionScores } from '../src/core/cohesion.ts';
import { announcedTopic, announcesList, opensAddressing, opensOnTimeJump } from '../src/core/cues.ts';
import { splitSentences } from '../src/core/sentences.ts';
import { normalizeWord } from '../src/core/text.ts';
import { openingTopic } from '../src/core/titles.ts';
import { TOPICS, layout, lcg, sentencesFor, topicSentences } from './synthetic.ts';

const BOUNDS = { minChapterSec: 60, maxChapterSec: 1200 };
const startsOf = (plans: { first: number }[], s: { start: number }[]) => plans.map((p) => s[p.first]!.start);

/**
 * Boundary evidence at one sentence said between two stretches of a guest's sailing talk with no "you" in it (seeded):
 * `evidenceAt(turn)` gives the turn's index and the evidence; `before` is the first stretch.
 */
function turnBetween(seed: number) {
  const random = lcg(seed);
  const stretch = () => topicSentences(TOPICS.sailing, 120, random).filter((t) => !/\byou\b/i.test(t)).slice(0, 50);
  const [before, after] = [stretch(), stretch()];
  const evidenceAt = (turn: string) => {
    const s = splitSentences(layout([{ sentences: [...before, turn, ...after], pauseBefore: 0 }]).words, []);
    return { k: s.findIndex((x) => x.text === turn), evidence: boundaryEvidence(s) };
  };
  return { before, evidenceAt };
}

describe('vocabulary introduction', () => {
  it('peaks where a new topic brings words the episode had not used, and stays flat inside one topic', () => {
    const random = lcg(11);
    const { words } = layout([
      { sentences: sentencesFor(TOPICS.sailing, 200, random), pauseBefore: 0 },
      { sentences: sentencesFor(TOPICS.astronomy, 200, random), pauseBefore: 0 },
    ]);
    const s = splitSentences(words, []);
    const scores = introductionScores(s);
    const switchAt = s.findIndex((x) => TOPICS.astronomy.some((w) => x.text.includes(w)));
    const peak = scores.indexOf(Math.max(...scores.slice(10)));
    expect(Math.abs(peak - switchAt)).toBeLessThanOrEqual(3);
    // one topic throughout: past its opening, nothing new is introduced
    const { words: same } = layout([{ sentences: sentencesFor(TOPICS.sailing, 400, lcg(12)), pauseBefore: 0 }]);
    const flat = introductionScores(splitSentences(same, []));
    expect(Math.max(...flat.slice(20))).toBe(0);
  });
});

describe('chapter plan edges', () => {
  it('finds the welcome after a pre-roll read and ends the introduction within about a minute of it', () => {
    const random = lcg(13);
    const preRoll = sentencesFor(TOPICS.cooking, 45, random);
    const welcome = [
      'Here is a story that starts on a quiet road on a cold morning.',
      'Nobody saw what happened and nobody has spoken about it since.',
      'The people who were there remember only pieces of it.',
      'Some of them are still waiting for an answer after all this time.',
      'It has been years and the questions have only grown.',
      'I am your host and this is the show where we go back to the old cases.',
    ];
    const { words } = layout([
      { sentences: preRoll, pauseBefore: 0 },
      { sentences: welcome, pauseBefore: 0 },
      { sentences: sentencesFor(TOPICS.sailing, 200, random), pauseBefore: 0 },
      { sentences: sentencesFor(TOPICS.astronomy, 200, random), pauseBefore: 0 },
    ]);
    const s = splitSentences(words, []);
    const adLast = s.findIndex((x) => x.text.startsWith('Here is a story')) - 1;
    const plans = planChapters(s, boundaryEvidence(s), [{ first: 0, last: adLast, startWord: 0, endWord: 0, sponsor: 'Acme' }], s.at(-1)!.end, BOUNDS);
    expect(plans.map((p) => p.kind).slice(0, 3)).toEqual(['ad', 'intro', 'content']);
    const topicStart = s.findIndex((x) => TOPICS.sailing.some((w) => x.text.includes(w)));
    expect(Math.abs(s[plans[2]!.first]!.start - s[topicStart]!.start)).toBeLessThan(15);
  });

  it('starts the closing at a late thank-you, but not at one said mid-episode', () => {
    const random = lcg(14);
    const thanks = 'Thank you to everyone who wrote in about the last episode.';
    const closing = [thanks, 'Next time we will look at something else entirely.', 'Take care, everyone.'];
    const { words } = layout([
      { sentences: sentencesFor(TOPICS.sailing, 200, random), pauseBefore: 0 },
      { sentences: [thanks], pauseBefore: 0 },
      { sentences: sentencesFor(TOPICS.sailing, 200, random), pauseBefore: 0 },
      { sentences: sentencesFor(TOPICS.astronomy, 200, random), pauseBefore: 0 },
      { sentences: closing, pauseBefore: 0 },
    ]);
    const s = splitSentences(words, []);
    const plans = planChapters(s, boundaryEvidence(s), [], s.at(-1)!.end, BOUNDS);
    const outros = plans.filter((p) => p.kind === 'outro');
    expect(outros).toHaveLength(1);
    const lastThanks = s.findLastIndex((x) => x.text === thanks);
    expect(Math.abs(outros[0]!.first - lastThanks)).toBeLessThanOrEqual(1);
  });

  it("starts the closing at a late pointer to the show notes (a narrator's appeal before the thanks), but not at one mid-episode", () => {
    const random = lcg(16);
    const pointer = 'If you saw the mill that night, the number is in the show notes and you can call it.';
    const closing = [pointer, 'The mill is still empty.', 'Thank you to the families who spoke to us.', 'This story was written and read by me.'];
    const { words } = layout([
      { sentences: sentencesFor(TOPICS.sailing, 200, random), pauseBefore: 0 },
      { sentences: ['The photographs are in the show notes.'], pauseBefore: 0 },
      { sentences: sentencesFor(TOPICS.sailing, 200, random), pauseBefore: 0 },
      { sentences: sentencesFor(TOPICS.astronomy, 200, random), pauseBefore: 0 },
      { sentences: closing, pauseBefore: 0 },
    ]);
    const s = splitSentences(words, []);
    const plans = planChapters(s, boundaryEvidence(s), [], s.at(-1)!.end, BOUNDS);
    const outros = plans.filter((p) => p.kind === 'outro');
    expect(outros).toHaveLength(1);
    expect(s[outros[0]!.first]!.text).toBe(pointer);
  });

  it('splits a long run with no strong boundary so that no chapter holds more than half the episode', () => {
    const random = lcg(15);
    const mixed = [...TOPICS.sailing, ...TOPICS.gardening];
    const { words } = layout([{ sentences: sentencesFor(mixed, 600, random), pauseBefore: 0 }]);
    const s = splitSentences(words, []);
    const duration = s.at(-1)!.end;
    const starts = [...startsOf(planChapters(s, boundaryEvidence(s), [], duration, BOUNDS), s), duration];
    for (let i = 0; i + 1 < starts.length; i++) expect(starts[i + 1]! - starts[i]!).toBeLessThanOrEqual(duration / 2 + 1);
  });

  it('gives a long episode at least one chapter per 320 s of audio, keeping its clear topic changes among the starts', () => {
    const random = lcg(16);
    const topics = [TOPICS.sailing, TOPICS.astronomy, TOPICS.gardening, TOPICS.cooking];
    // four 16-minute topics, each talked about in one mixed run: the text marks only the three changes clearly
    const { words } = layout(topics.map((t) => ({ sentences: sentencesFor(t, 960, random), pauseBefore: 0 })));
    const s = splitSentences(words, []);
    const duration = s.at(-1)!.end;
    const plans = planChapters(s, boundaryEvidence(s), [], duration, { minChapterSec: 120, maxChapterSec: 1200 });
    expect(plans.length).toBeGreaterThanOrEqual(Math.round(duration / 320));
    const starts = startsOf(plans, s);
    for (const topic of topics.slice(1)) {
      const change = s.find((x) => topic.some((w) => x.text.includes(w)))!.start;
      expect(Math.min(...starts.map((t) => Math.abs(t - change)))).toBeLessThan(15);
    }
  });
});

describe('question turns without speaker labels', () => {
  it('tells a sentence that addresses the other speaker from the generic "you"', () => {
    const words = (t: string) => t.toLowerCase().replace(/[.,?]/g, '').split(' ');
    for (const t of ['You were a proponent of deep learning early on.', 'So your life has been a journey.', "You're now running three companies.", 'Courses you taught have reached millions.'])
      expect(opensAddressing(words(t))).toBe(true);
    for (const t of ['You know, I think it matters.', 'You can see it in the data.', 'I think you have to try it.', 'We went to the harbor and then you see the boats.'])
      expect(opensAddressing(words(t))).toBe(false);
  });

  it("adds evidence where the host's question opens, and nowhere a generic or no \"you\" opens", () => {
    // a guest's answers on one subject with no second person in them, and one question from the host between them
    const { before, evidenceAt } = turnBetween(21);
    const asked = evidenceAt('Your first season on the water sounds rough, what was that like for the crew?');
    const told = evidenceAt('Their first season on the water sounds rough, it was hard for the crew.');
    const generic = evidenceAt('You know, the first season on the water was rough for the crew.');
    expect(asked.k).toBe(before.length);
    expect([...asked.evidence.address].map((a, i) => (a > 0 ? i : -1)).filter((i) => i >= 0)).toEqual([asked.k]);
    expect(Math.max(...told.evidence.address, ...generic.evidence.address)).toBe(0);
    expect(asked.evidence.total[asked.k]! - told.evidence.total[told.k]!).toBeGreaterThan(0.2);
  });
});

describe("the host's asks", () => {
  it('marks a question or request handed to the guest at a sentence start, and no list item or later mention', () => {
    const { before, evidenceAt } = turnBetween(23);
    for (const turn of ['Give us the history of the harbor.', 'So let me ask about the crew.', 'Okay, walk us through the first season.']) {
      const { k, evidence } = evidenceAt(turn);
      expect(k).toBe(before.length);
      expect([...evidence.ask].map((a, i) => (a > 0 ? i : -1)).filter((i) => i >= 0)).toEqual([k]);
    }
    for (const turn of ['And the first question, which most crews get wrong, is the anchor.', 'The setbacks, the ones you mentioned, were the anchor.']) {
      const { k, evidence } = evidenceAt(turn);
      expect(k).toBe(before.length);
      expect(Math.max(...evidence.ask)).toBe(0);
    }
    // the ask weighs more than a bare topic-shift cue ("so let's") at the same place
    const asked = evidenceAt('Give us the history of the harbor.');
    const cued = evidenceAt("So let's see the history of the harbor.");
    expect(asked.evidence.total[asked.k]! - cued.evidence.total[cued.k]!).toBeGreaterThan(0.3);
  });
});

describe("a narrator's turns to the story's next part", () => {
  const words = (t: string) => t.split(' ').map(normalizeWord);

  it('reads a jump of months or years at the sentence start, and no date, short span or background "for years"', () => {
    for (const t of ['Then for almost eight years, nothing.', 'Ten years later, the well ran dry.', 'Six months later the boat was sold.', 'Years later, she wrote to him.', 'And for the next two decades the mill stood empty.', 'Nearly 30 years later, a hiker found the bell.', 'Three years passed.'])
      expect(opensOnTimeJump(words(t)), t).toBe(true);
    for (const t of ['In 1997, a hiker found the bell.', 'Three days later the boat was sold.', 'For years, I kept it in a drawer.', 'He had worked there for eight years.', 'The years later felt shorter.', 'For a week the roads were closed.'])
      expect(opensOnTimeJump(words(t)), t).toBe(false);
  });

  it('reads a list announced and begun, and no count that only describes', () => {
    expect(announcesList(words('There are three main explanations, the first is the simplest.'))).toBe(true);
    expect(announcesList(words('So there were two schools of thought.'), words('The first said the river moved.'))).toBe(true);
    expect(announcesList(words('There were two men in the cart.'), words('The first was a miller.'))).toBe(false);
    expect(announcesList(words('There were four kinds, and a strict order among them.'), words('The lowest did the work.'))).toBe(false);
    expect(announcesList(words('And the first reason is cost.'))).toBe(false);
    expect(announcesList(words('There are a few ways to see it, the first is cost.'))).toBe(false);
  });

  it('adds evidence at such a turn inside a story, and none at a date or a description', () => {
    const { before, evidenceAt } = turnBetween(29);
    for (const turn of ['Then for almost eight years, nothing.', 'There are three main theories, the first is the harbor.']) {
      const { k, evidence } = evidenceAt(turn);
      expect(k).toBe(before.length);
      expect([...evidence.turn].map((a, i) => (a > 0 ? i : -1)).filter((i) => i >= 0)).toEqual([k]);
    }
    const jumped = evidenceAt('Then for almost eight years, nothing.');
    const dated = evidenceAt('Then in 1997, nothing.');
    expect(Math.max(...dated.evidence.turn)).toBe(0);
    expect(jumped.evidence.total[jumped.k]! - dated.evidence.total[dated.k]!).toBeGreaterThan(0.3);
  });
});

describe('topics the preview announced', () => {
  const parse = (t: string, ledBefore = false) => {
    const texts = t.split(' ');
    return announcedTopic(texts, texts.map(normalizeWord), ledBefore);
  };

  it('reads a bare topic behind a discourse marker, and no clause, question, list item or time', () => {
    expect(parse('So telescopes.')).toMatchObject({ words: ['telescopes'], led: true });
    expect(parse('Okay compost, quickly.')?.words).toEqual(['compost']);
    expect(parse('Right. Sourdough. It starts with flour.')).toMatchObject({ words: ['sourdough'], at: 1, led: true });
    expect(parse('Last topic. Raised beds.')?.words).toEqual(['raised', 'beds']);
    expect(parse('Next, the harbor.')?.words).toEqual(['harbor']);
    // a bare topic alone leads only when the sentence before ended on a marker said on its own ("… Okay. | Compost.")
    expect(parse('Compost. It matters more than anything.')).toMatchObject({ words: ['compost'], led: false });
    expect(parse('Compost. It matters more than anything.', true)?.led).toBe(true);
    for (const t of ['So I went down to the harbor.', 'Okay, what about the keel?', 'Next week, telescopes.', 'So, the harbor at dawn was busy.', 'And the anchor.', 'So the big old wooden sailboat.'])
      expect(parse(t)?.led ?? false).toBe(false);
  });

  it('marks where the talk gets to a previewed topic, not a sub-topic the preview never named, and nothing without a preview', () => {
    const random = lcg(31);
    const preview = 'Today, the harbor first, then telescopes, and a word on comets.';
    const subTopic = 'So, knots, every sailor learns the bowline first.';
    const announced = 'Okay, telescopes, the bigger the better.';
    const cued = "Let's talk about comets, because they come back every few years.";
    const again = "Let's talk about the harbor again, because it changed.";
    const blocks = [
      [preview],
      sentencesFor(TOPICS.sailing, 60, random),
      [subTopic],
      sentencesFor(TOPICS.sailing, 60, random),
      [again],
      sentencesFor(TOPICS.sailing, 30, random),
      [announced],
      sentencesFor(TOPICS.astronomy.filter((w) => w !== 'comet'), 60, random),
      [cued],
      sentencesFor(TOPICS.gardening, 60, random),
    ];
    const s = splitSentences(layout(blocks.map((b) => ({ sentences: b, pauseBefore: 0 }))).words, []);
    const at = (text: string) => s.findIndex((x) => x.text.startsWith(text));
    const marks = announcementSalience(s, new Set([at(preview)]));
    const marked = [...marks].map((m, k) => (m > 0 ? k : -1)).filter((k) => k >= 0);
    expect(marked).toEqual([at(announced), at(cued)]);
    expect(Math.max(...announcementSalience(s))).toBe(0);
    // and it counts in the blend: the announced sentence's evidence rises by the signal's weight
    const withPreview = boundaryEvidence(s, new Set([at(preview)]));
    expect(withPreview.total[at(announced)]! - boundaryEvidence(s).total[at(announced)]!).toBeGreaterThan(0.3);
    // a sponsor read neither announces nor spends a previewed word
    const inAd = announcementSalience(s, new Set([at(preview)]), new Set([at(announced)]));
    expect(inAd[at(announced)]).toBe(0);
  });

  it('titles a chapter by the bare topic it opens on after a marker that ended the chapter before, or behind one when previewed', () => {
    const before = ['We are done with the pruning for now.', 'Okay.'];
    const talk = ['It is the most underrated thing in any garden.', 'Compost needs air and water, and good compost takes a season.'];
    const laid = layout([
      { sentences: before, pauseBefore: 0 },
      { sentences: ['Compost.', ...talk], pauseBefore: 1.5 },
    ]);
    const s = splitSentences(laid.words, laid.silences);
    const chapter = s.map((_, k) => k).filter((k) => k >= s.findIndex((x) => x.text.startsWith('Compost.')));
    expect(chapter[0]).toBeGreaterThan(0);
    expect(openingTopic(s, chapter, new Set(['compost']), new Set())).toBe('Compost');
    // said without the marker, a bare word opening a chapter is no topic cue
    const plain = splitSentences(layout([{ sentences: [before[0]!, 'Compost.', ...talk], pauseBefore: 0 }]).words, []);
    expect(openingTopic(plain, plain.map((_, k) => k).slice(1), new Set(['compost']), new Set())).toBeNull();
    const ledLaid = layout([{ sentences: ['Okay compost, quickly.', ...talk], pauseBefore: 0 }]);
    const led = splitSentences(ledLaid.words, []);
    // behind a marker in its own sentence, a bare topic names the chapter when the host's preview named it
    expect(openingTopic(led, led.map((_, k) => k), new Set(['compost']), new Set(), new Set(['compost']))).toBe('Compost');
    expect(openingTopic(led, led.map((_, k) => k), new Set(['compost']), new Set())).toBeNull();
  });
});
