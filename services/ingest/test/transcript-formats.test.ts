import { describe, expect, it } from 'vitest';
import { parseTranscriptFile } from '../src/transcript-file.ts';

const json = (data: unknown) => parseTranscriptFile('ep.json', Buffer.from(JSON.stringify(data)));

describe('recognizer JSON drops', () => {
  it('reads whisper / faster-whisper JSON word times and probabilities', () => {
    const t = json({
      text: ' Hello there. Fine.',
      language: 'en',
      segments: [
        { id: 0, start: 0, end: 1.2, text: ' Hello there.', words: [{ word: ' Hello', start: 0.1, end: 0.5, probability: 0.98 }, { word: ' there.', start: 0.6, end: 1.1, probability: 0.7 }] },
        { id: 1, start: 2, end: 3, text: ' Fine.' },
      ],
    });
    expect(t.timing).toBe('provider');
    expect(t.words).toEqual([
      { text: 'Hello', start: 0.1, end: 0.5, confidence: 0.98 },
      { text: 'there.', start: 0.6, end: 1.1, confidence: 0.7 },
      { text: 'Fine.', start: 2, end: 3 },
    ]);
  });

  it('reads WhisperX speakers and scores, and times a word it could not align between its neighbours', () => {
    const t = json({
      segments: [
        {
          start: 0.5,
          end: 2.5,
          text: 'It costs 20 dollars',
          speaker: 'SPEAKER_01',
          words: [
            { word: 'It', start: 0.5, end: 0.7, score: 0.9, speaker: 'SPEAKER_01' },
            { word: 'costs', start: 0.8, end: 1.2, score: 0.8, speaker: 'SPEAKER_01' },
            { word: '20' },
            { word: 'dollars', start: 1.9, end: 2.5, score: 0.7 },
          ],
        },
      ],
    });
    expect(t.words).toEqual([
      { text: 'It', start: 0.5, end: 0.7, speaker: 'SPEAKER_01', confidence: 0.9 },
      { text: 'costs', start: 0.8, end: 1.2, speaker: 'SPEAKER_01', confidence: 0.8 },
      { text: '20', start: 1.2, end: 1.9, speaker: 'SPEAKER_01' },
      { text: 'dollars', start: 1.9, end: 2.5, speaker: 'SPEAKER_01', confidence: 0.7 },
    ]);
  });

  it('reads Deepgram: punctuated words, confidences and diarized speakers of the best alternative', () => {
    const t = json({
      metadata: { duration: 3 },
      results: {
        channels: [
          {
            alternatives: [
              {
                transcript: 'hello there',
                words: [
                  { word: 'hello', punctuated_word: 'Hello', start: 0.2, end: 0.6, confidence: 0.99, speaker: 0 },
                  { word: 'there', punctuated_word: 'there.', start: 0.7, end: 1.0, confidence: 0.9, speaker: 1 },
                ],
              },
            ],
          },
        ],
      },
    });
    expect(t.words).toEqual([
      { text: 'Hello', start: 0.2, end: 0.6, speaker: '0', confidence: 0.99 },
      { text: 'there.', start: 0.7, end: 1, speaker: '1', confidence: 0.9 },
    ]);
  });

  it('reads AssemblyAI: milliseconds to seconds, speakers A and B', () => {
    const t = json({
      id: 'abc',
      status: 'completed',
      audio_duration: 4,
      text: 'Hi. Hello.',
      words: [
        { text: 'Hi.', start: 250, end: 600, confidence: 0.97, speaker: 'A' },
        { text: 'Hello.', start: 1200, end: 1800, confidence: 0.88, speaker: 'B' },
      ],
    });
    expect(t.words).toEqual([
      { text: 'Hi.', start: 0.25, end: 0.6, speaker: 'A', confidence: 0.97 },
      { text: 'Hello.', start: 1.2, end: 1.8, speaker: 'B', confidence: 0.88 },
    ]);
  });

  it('still reads a plain word list in seconds, and names the formats it knows when JSON is none of them', () => {
    expect(json({ words: [{ text: 'hi', start: 1, end: 1.5 }] }).words).toEqual([{ text: 'hi', start: 1, end: 1.5 }]);
    expect(() => json({ hello: 'world' })).toThrow(/WhisperX.*Deepgram.*AssemblyAI/);
  });
});
