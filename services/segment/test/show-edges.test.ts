import { describe, expect, it } from 'vitest';
import { detectAds } from '../src/core/ads.ts';
import { boundaryEvidence } from '../src/core/boundaries.ts';
import { planChapters } from '../src/core/chapters.ts';
import { signsOn, turnsToGuest } from '../src/core/cues.ts';
import { splitSentences, type TimedWord } from '../src/core/sentences.ts';
import { TOPICS, layout, lcg, sentencesFor } from './synthetic.ts';

/** Words at 0.3 s each. */
function timed(text: string): TimedWord[] {
  return text.split(' ').map((w, i) => ({ text: w, start: i * 0.3, end: i * 0.3 + 0.3 }));
}

/** The words of the one read found in text for the sponsors, first and last as written. */
function readOf(text: string, sponsors: string[]): { first: string; last: string; words: string } {
  const words = timed(text);
  const ads = detectAds(splitSentences(words, []), sponsors);
  expect(ads).toHaveLength(1);
  const span = words.slice(ads[0]!.startWord, ads[0]!.endWord + 1).map((w) => w.text);
  return { first: span[0]!, last: span.at(-1)!, words: span.join(' ') };
}

describe('sponsor read edges', () => {
  it('starts a post-roll at its opener, not at the guest\'s own address said before the goodbye', () => {
    const text =
      'Tomasz thank you. Where can people find you? My workshop is Brennan Cycles, and I post repair videos like these at brennancycles.com every Friday. ' +
      "Great. That's it for this week's Spoke Talk. Go and check those brake pads. " +
      'One more thing. Lumora makes the little rechargeable lamp that I clip to my handlebars on winter evenings. ' +
      'The Lumora Clip lasts about six hours. Listeners get 10% off at lumora.com with the code SPOKES.';
    const read = readOf(text, ['Lumora']);
    expect(read.first).toBe('One');
    expect(read.last).toBe('SPOKES.');
  });

  it('ends a pre-roll with its hand-over to the show, past the offer said without a code', () => {
    const text =
      'Before we start, this episode comes to you with help from Kettleby Tea, a family blender up in the hills. ' +
      'Their breakfast blend is strong and malty with a bit of honey in it. They ship anywhere in three days. ' +
      'Go to kettlebytea.com and type harbor at checkout for a free tin with your first order. ' +
      "Right, here's the show. " +
      'Hello and welcome to Harbor Lights, a podcast about the lighthouses of one very stormy coast.';
    const read = readOf(text, ['Kettleby Tea']);
    expect(read.first).toBe('Before');
    expect(read.last).toBe('show.');
  });

  it('ends a mid-roll before the show resumes, in its own sentence or inside the last one', () => {
    const read = 'This episode is sponsored by Hinokiya, a small knife shop run by one family. Every knife comes with a sharpening guide. Go to hinokiya.com/simmer and use the code SIMMER20 for 20% off.';
    const apart = readOf(`We are not making a ragu here, it is a braise. ${read} And we're back in the kitchen. So the shanks go back into the pot with a ladle of stock.`, ['Hinokiya']);
    expect(apart.last).toBe('off.');
    const inside = readOf(`We are not making a ragu here, it is a braise. ${read.replace('20% off.', '20% off, and we are back in the kitchen with the shanks in the pot.')}`, ['Hinokiya']);
    expect(inside.last).toBe('off,');
  });

  it('takes in the sentence that puts the topic off until after the read', () => {
    const text =
      'In 1999 it became a world heritage site for the herders and their way of life. ' +
      "We'll get to the horses in just a moment. First, a word from Lyrebird Optics, who are supporting this episode. " +
      'Lyrebird makes waterproof binoculars designed by birders. Go to lyrebird.co.uk/wild and use the code WILD15 for 15% off.';
    expect(readOf(text, ['Lyrebird Optics']).first).toBe("We'll");
  });

  it('starts inside its first sentence only when the words before the read are still on the talk before it', () => {
    const after = "I finally found my grandfather's army papers from 1917 on Ancestrel, it has more than three billion records. Start a free trial at ancestrel.com/harbor.";
    const own = readOf(`Some of the keepers kept a logbook and wrote down every ship that passed at night. You know what I found last month, ${after}`, ['Ancestrel']);
    expect(own.first).toBe('You');
    const runOn = readOf(`Some of the keepers kept a logbook and wrote down every ship that passed at night. And the logbook was full every single winter, ${after}`, ['Ancestrel']);
    expect(runOn.first).toBe('I');
  });
});

describe('show marks', () => {
  it('knows a sign-on by the show\'s name or a host saying who they are', () => {
    const w = (t: string) => t.toLowerCase().replace(/[.,]/g, '').split(' ');
    expect(signsOn(w("I'm Morwenna Teague, and this is The Case File."), 'The Case File', ['Morwenna Teague'])).toBe(true);
    expect(signsOn(w("I'm Morwenna, recording from home."), 'The Case File', ['Morwenna Teague'])).toBe(true);
    expect(signsOn(w('The case file was closed in 1990.'), 'Harbor Notes', ['Morwenna Teague'])).toBe(false);
    expect(signsOn(w("I'm not sure that file was ever opened."), undefined, ['Morwenna Teague'])).toBe(false);
  });

  it('knows a host turning to the guest by name, not the name said in passing', () => {
    const both = (t: string) => [t.split(' '), t.toLowerCase().replace(/[.,?]/g, '').split(' ')] as const;
    const guests = ['Keisha Thibodeaux', 'Tomasz Brennan'];
    expect(turnsToGuest(...both('Keisha, where can people find you.'), guests)).toBe(true);
    expect(turnsToGuest(...both('Tomasz thank you.'), guests)).toBe(true);
    expect(turnsToGuest(...both('Keisha said the same thing last year.'), guests)).toBe(false);
    expect(turnsToGuest(...both('Keisha, where can people find you.'), ['Ruth Ann'])).toBe(false);
  });
});

describe('chapter plan at the show\'s own edges', () => {
  const random = lcg(21);
  const teaser = sentencesFor(TOPICS.cooking, 50, random);
  const signOnLine = "I'm Morwenna Teague, and this is The Case File.";

  it('keeps a cold open in the introduction up to the sign-on, whatever edge the teaser shows', () => {
    const { words } = layout([
      { sentences: teaser, pauseBefore: 0 },
      { sentences: [signOnLine], pauseBefore: 0 },
      { sentences: sentencesFor(TOPICS.sailing, 240, random), pauseBefore: 0 },
      { sentences: sentencesFor(TOPICS.astronomy, 240, random), pauseBefore: 0 },
    ]);
    const s = splitSentences(words, []);
    const evidence = boundaryEvidence(s);
    // a strong edge inside the teaser
    const inTeaser = s.findIndex((x) => x.start >= 25);
    evidence.total[inTeaser] = 1;
    const signOn = s.findIndex((x) => x.text === signOnLine);
    const at = (marks: { signOn?: Set<number> }) => planChapters(s, evidence, [], s.at(-1)!.end, { minChapterSec: 60, maxChapterSec: 1200 }, marks)[1]!.first;
    expect(at({})).toBe(inTeaser);
    expect(at({ signOn: new Set([signOn]) })).toBeGreaterThanOrEqual(signOn);
  });

  it('starts the closing where the host turns to the guest within a minute of the goodbye', () => {
    const closing = ['Keisha, where do you think people go wrong first?', 'They wait too long to start, every single time.', 'It is never too late, though.', 'Thanks for listening, and see you next week.'];
    const { words } = layout([
      { sentences: sentencesFor(TOPICS.sailing, 240, random), pauseBefore: 0 },
      { sentences: sentencesFor(TOPICS.astronomy, 240, random), pauseBefore: 0 },
      { sentences: closing, pauseBefore: 0 },
    ]);
    const s = splitSentences(words, []);
    const turn = s.findIndex((x) => x.text === closing[0]);
    const goodbye = s.findIndex((x) => x.text === closing[3]);
    const outro = (marks: { toGuest?: Set<number> }) => planChapters(s, boundaryEvidence(s), [], s.at(-1)!.end, { minChapterSec: 60, maxChapterSec: 1200 }, marks).find((p) => p.kind === 'outro')!.first;
    expect(outro({ toGuest: new Set([turn]) })).toBe(turn);
    expect(outro({})).toBeGreaterThan(turn);
    expect(outro({})).toBeLessThanOrEqual(goodbye);
  });
});

describe('introduction with a preview', () => {
  const random = lcg(22);
  const BOUNDS = { minChapterSec: 60, maxChapterSec: 1200 };
  const coldOpen = sentencesFor(TOPICS.cooking, 25, random);
  const welcome = [
    'Welcome to Harbor Notes, the show about boats and the people who sail them.',
    "I'm Morwenna Teague, here with my co-host as ever, who has had three coffees already this morning.",
    'It is raining here, of course, and the wind has not stopped since Tuesday night.',
    'We would not have it any other way, honestly, that is why we live by the water.',
  ];
  const preview = ['Today, three things: tides, the mainsail, and a telescope we took to sea.', 'Then a listener letter about anchors.'];

  it('ends the introduction where the talk begins after the preview, and keeps a cold open before the sign-on apart', () => {
    const { words } = layout([
      { sentences: coldOpen, pauseBefore: 0 },
      { sentences: welcome, pauseBefore: 0 },
      { sentences: preview, pauseBefore: 0 },
      { sentences: sentencesFor(TOPICS.sailing, 240, random), pauseBefore: 0 },
      { sentences: sentencesFor(TOPICS.astronomy, 240, random), pauseBefore: 0 },
    ]);
    const s = splitSentences(words, []);
    const evidence = boundaryEvidence(s);
    const signOn = s.findIndex((x) => x.text === welcome[0]);
    const previewAt = [s.findIndex((x) => x.text === preview[0]), s.findIndex((x) => x.text === preview[1])];
    // the edge a cohesion dip would pick: inside the welcome
    evidence.total[signOn + 2] = 1;
    evidence.total[previewAt[1]! + 1] = 0;
    const plans = planChapters(s, evidence, [], s.at(-1)!.end, BOUNDS, { signOn: new Set([signOn, signOn + 1]), preview: previewAt });
    expect(plans.slice(0, 3).map((p) => [p.first, p.kind])).toEqual([
      [0, 'intro'],
      [signOn, 'intro'],
      [previewAt[1]! + 1, 'content'],
    ]);
    // without the marks the introduction ends at the strongest edge, inside the welcome
    expect(planChapters(s, evidence, [], s.at(-1)!.end, BOUNDS)[1]!.first).toBe(signOn + 2);
  });
});
