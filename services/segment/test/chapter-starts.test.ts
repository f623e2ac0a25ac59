import { describe, expect, it } from 'vitest';
import { boundaryEvidence } from '../src/core/boundaries.ts';
import { planChapters } from '../src/core/chapters.ts';
import { introductionScores } from '../src/core/cohesion.ts';
import { opensAddressing } from '../src/core/cues.ts';
import { splitSentences } from '../src/core/sentences.ts';
import { TOPICS, layout, lcg, sentencesFor, topicSentences } from './synthetic.ts';

const BOUNDS = { minChapterSec: 60, maxChapterSec: 1200 };
const startsOf = (plans: { first: number }[], s: { start: number }[]) => plans.map((p) => s[p.first]!.start);

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
    const random = lcg(21);
    // a guest's answers on one subject with no second person in them, and one question from the host between them
    const answers = () => topicSentences(TOPICS.sailing, 120, random).filter((t) => !/\byou\b/i.test(t)).slice(0, 50);
    const [before, after] = [answers(), answers()];
    const evidenceAt = (question: string) => {
      const s = splitSentences(layout([{ sentences: [...before, question, ...after], pauseBefore: 0 }]).words, []);
      const k = s.findIndex((x) => x.text === question);
      return { k, evidence: boundaryEvidence(s) };
    };
    const asked = evidenceAt('Your first season on the water sounds rough, what was that like for the crew?');
    const told = evidenceAt('Their first season on the water sounds rough, it was hard for the crew.');
    const generic = evidenceAt('You know, the first season on the water was rough for the crew.');
    expect(asked.k).toBe(before.length);
    expect([...asked.evidence.address].map((a, i) => (a > 0 ? i : -1)).filter((i) => i >= 0)).toEqual([asked.k]);
    expect(Math.max(...told.evidence.address, ...generic.evidence.address)).toBe(0);
    expect(asked.evidence.total[asked.k]! - told.evidence.total[told.k]!).toBeGreaterThan(0.2);
  });
});
