import { describe, expect, it } from 'vitest';
import { boundaryEvidence } from '../src/core/boundaries.ts';
import { planChapters } from '../src/core/chapters.ts';
import { introductionScores } from '../src/core/cohesion.ts';
import { splitSentences } from '../src/core/sentences.ts';
import { TOPICS, layout, lcg, sentencesFor } from './synthetic.ts';

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
