import { describe, expect, it } from 'vitest';
import { BadInputError } from '@podpipe/shared/errors';
import { groupDrops } from '../src/drops.ts';
import { parseTranscriptFile } from '../src/transcript-file.ts';

describe('parseTranscriptFile', () => {
  it('reads plain text as untimed words', () => {
    const t = parseTranscriptFile('ep.txt', Buffer.from('\uFEFFhello  there\nworld\n'));
    expect(t.timing).toBe('none');
    expect(t.words.map((w) => w.text)).toEqual(['hello', 'there', 'world']);
  });

  it('reads speaker-labelled plain text as turns, and leaves a stray colon in running text alone', () => {
    const t = parseTranscriptFile('ep.txt', Buffer.from('Lex Fridman: so what got you started\nANDREW NG: growing up in hong kong\nand singapore\nLex Fridman: note: that is interesting\n'));
    expect(t.words.map((w) => `${w.speaker}:${w.text}`).join(' ')).toBe(
      'Lex Fridman:so Lex Fridman:what Lex Fridman:got Lex Fridman:you Lex Fridman:started ANDREW NG:growing ANDREW NG:up ANDREW NG:in ANDREW NG:hong ANDREW NG:kong ANDREW NG:and ANDREW NG:singapore Lex Fridman:note: Lex Fridman:that Lex Fridman:is Lex Fridman:interesting',
    );
    const prose = parseTranscriptFile('ep.txt', Buffer.from('we had one rule: ship it\nand then the second thing happened which was the real story of the whole year\n'));
    expect(prose.words.every((w) => w.speaker === undefined)).toBe(true);
    expect(prose.words[3]!.text).toBe('rule:');
  });

  it('reads provider word JSON with times and speakers', () => {
    const t = parseTranscriptFile('ep.json', Buffer.from(JSON.stringify({ words: [{ word: 'hi', start: 1, end: 1.2, speaker: 0 }, { text: 'you', start: 1.3, end: 1.5 }] })));
    expect(t.timing).toBe('provider');
    expect(t.words).toEqual([
      { text: 'hi', start: 1, end: 1.2, speaker: '0' },
      { text: 'you', start: 1.3, end: 1.5 },
    ]);
  });

  it('spreads a Podcasting 2.0 segment over its words in order', () => {
    const t = parseTranscriptFile('ep.json', Buffer.from(JSON.stringify({ version: '1.0.0', segments: [{ startTime: 10, endTime: 12, body: 'one two', speaker: 'Ana' }] })));
    expect(t.words.map((w) => [w.text, w.speaker])).toEqual([
      ['one', 'Ana'],
      ['two', 'Ana'],
    ]);
    expect(t.words[0]!.start).toBe(10);
    expect(t.words[1]!.end).toBeCloseTo(12);
    expect(t.words[0]!.end).toBeLessThanOrEqual(t.words[1]!.start + 1e-9);
  });

  it('reads SRT cues opening with a speaker label as that speaker, a continuation cue as the same one', () => {
    const srt = '1\n00:00:01,000 --> 00:00:02,000\nANA: hello there\n\n2\n00:00:02,000 --> 00:00:03,000\nhow are you\n\n3\n00:00:03,000 --> 00:00:04,000\nBEN: fine thanks\n';
    const t = parseTranscriptFile('ep.srt', Buffer.from(srt));
    expect(t.words.map((w) => `${w.speaker}:${w.text}`)).toEqual(['ANA:hello', 'ANA:there', 'ANA:how', 'ANA:are', 'ANA:you', 'BEN:fine', 'BEN:thanks']);
  });

  it('reads WebVTT cues with voices', () => {
    const vtt = 'WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Bo>good morning\n';
    const t = parseTranscriptFile('ep.vtt', Buffer.from(vtt));
    expect(t.words.map((w) => w.text)).toEqual(['good', 'morning']);
    expect(t.words[0]).toMatchObject({ start: 1, speaker: 'Bo' });
  });

  it('rejects binary, malformed JSON and empty transcripts with a clear input error', () => {
    expect(() => parseTranscriptFile('x.txt', Buffer.from([0, 1, 2]))).toThrowError(BadInputError);
    expect(() => parseTranscriptFile('x.json', Buffer.from('{nope'))).toThrowError(/not valid JSON/);
    expect(() => parseTranscriptFile('x.json', Buffer.from('{"foo":1}'))).toThrowError(/none of: a word list/);
    expect(() => parseTranscriptFile('x.txt', Buffer.from('  \n'))).toThrowError(/holds no words/);
  });
});

describe('groupDrops', () => {
  it('groups audio, transcript and meta sidecars by name and ignores partial uploads', () => {
    const drops = groupDrops(['/d/ep1.mp3', '/d/ep1.txt', '/d/ep1.meta.json', '/d/ep2.srt', '/d/ep3.meta.json', '/d/ep4.mp3.part', '/d/.hidden.mp3']);
    expect(drops).toEqual([
      { stem: 'ep1', audio: '/d/ep1.mp3', transcript: '/d/ep1.txt', meta: '/d/ep1.meta.json' },
      { stem: 'ep2', transcript: '/d/ep2.srt' },
    ]);
  });
});
