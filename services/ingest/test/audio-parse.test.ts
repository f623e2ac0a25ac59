import { describe, expect, it } from 'vitest';
import { parseEbur128, parseProbe, parseSilences, SILENCE_FLOOR_DB } from '../src/audio/parse.ts';
import { explained, parseAnalysis } from '../src/audio/audio.ts';

// Captured from ffmpeg 5.1: silencedetect + ebur128 on one pass, progress line included.
const ANALYZE_STDERR = `Input #0, mp3, from 'episode.mp3':
  Duration: 00:12:19.53, start: 0.050113, bitrate: 32 kb/s
[silencedetect @ 0x55a79a366200] silence_start: -0.00104
[silencedetect @ 0x55a79a366200] silence_end: 0.42 | silence_duration: 0.42104
[silencedetect @ 0x55a79a366200] silence_start: 722.263
[silencedetect @ 0x55a79a366200] silence_end: 722.655 | silence_duration: 0.392698
[silencedetect @ 0x55a79a366200] silence_start: 728.485
size=N/A time=00:12:19.47 bitrate=N/A speed= 254x    \r
[silencedetect @ 0x55a79a366200] silence_end: 728.813 | silence_duration: 0.327982
[silencedetect @ 0x55a79a366200] silence_start: 739.144
video:0kB audio:31846kB subtitle:0kB other streams:0kB global headers:0kB muxing overhead: unknown
[Parsed_ebur128_1 @ 0x55a79a366d40] Summary:

  Integrated loudness:
    I:         -21.0 LUFS
    Threshold: -31.1 LUFS

  Loudness range:
    LRA:         1.9 LU
    Threshold: -41.1 LUFS
    LRA low:   -22.0 LUFS
    LRA high:  -20.1 LUFS

  True peak:
    Peak:       -0.5 dBFS
`;

const SILENT_SUMMARY = `[Parsed_ebur128_0 @ 0x558010a82cc0] Summary:

  Integrated loudness:
    I:         -70.0 LUFS
    Threshold:   0.0 LUFS

  Loudness range:
    LRA:         0.0 LU
    Threshold:   0.0 LUFS
    LRA low:     0.0 LUFS
    LRA high:    0.0 LUFS

  True peak:
    Peak:       -inf dBFS
`;

describe('parseSilences', () => {
  it('pairs start and end lines, clamping a negative start to zero', () => {
    expect(parseSilences(ANALYZE_STDERR)).toEqual([
      { start: 0, end: 0.42 },
      { start: 722.263, end: 722.655 },
      { start: 728.485, end: 728.813 },
    ]);
  });

  it('closes a silence still open at end of stream at the given duration', () => {
    const silences = parseSilences(ANALYZE_STDERR, 739.53);
    expect(silences).toHaveLength(4);
    expect(silences.at(-1)).toEqual({ start: 739.144, end: 739.53 });
  });

  it('ignores a stray end with no start and returns nothing for unrelated output', () => {
    expect(parseSilences('[silencedetect @ 0x1] silence_end: 3.2 | silence_duration: 1')).toEqual([]);
    expect(parseSilences('Stream #0:0: Audio: mp3, 44100 Hz')).toEqual([]);
  });
});

describe('parseEbur128', () => {
  it('reads integrated loudness, its gate, range and true peak', () => {
    expect(parseEbur128(ANALYZE_STDERR)).toEqual({ inputI: -21, inputThresh: -31.1, inputLRA: 1.9, inputTP: -0.5 });
  });

  it('maps a -inf peak of digital silence to a finite floor', () => {
    expect(parseEbur128(SILENT_SUMMARY)).toEqual({ inputI: -70, inputThresh: 0, inputLRA: 0, inputTP: SILENCE_FLOOR_DB });
  });

  it('uses the last summary when there are several', () => {
    expect(parseEbur128(SILENT_SUMMARY + ANALYZE_STDERR).inputI).toBe(-21);
  });

  it('throws a clear error when there is no summary', () => {
    expect(() => parseEbur128('Conversion failed!')).toThrow(/No ebur128 summary/);
  });

  it("says what ffmpeg wrote last when a pass's output has no summary", () => {
    const stderr = 'size=N/A time=00:10:00.00 bitrate=N/A speed= 300x\nout_time_us=600000000\nprogress=end\n';
    expect(() => explained(stderr, () => parseAnalysis(stderr, 5130))).toThrow(
      /^No ebur128 summary in ffmpeg output; did the decode stop early\? \(ffmpeg wrote 85 characters, ending: size=N\/A time=00:10:00\.00 bitrate=N\/A speed= 300x \| out_time_us=600000000 \| progress=end\)$/,
    );
    expect(explained(ANALYZE_STDERR, () => parseAnalysis(ANALYZE_STDERR, 60)).loudness.inputI).toBe(-21);
  });
});

describe('parseProbe', () => {
  const probe = {
    streams: [
      { codec_type: 'video', codec_name: 'mjpeg' },
      { codec_type: 'audio', codec_name: 'mp3', sample_rate: '44100', channels: 2, bit_rate: 128000, tags: { language: 'eng' } },
    ],
    format: { format_name: 'mp3', duration: 1863.88898, bit_rate: 'N/A', tags: { TITLE: 'An episode', artist: 'A show' } },
  };

  it('takes facts from the first audio stream, past cover art', () => {
    expect(parseProbe(probe, 'a.mp3')).toEqual({
      durationSec: 1863.88898,
      format: 'mp3',
      codec: 'mp3',
      sampleRate: 44100,
      channels: 2,
      bitRate: 128000,
      tags: { language: 'eng', title: 'An episode', artist: 'A show' },
    });
  });

  it('reports a null bit rate when neither stream nor container knows it', () => {
    const streams = [{ ...probe.streams[1], bit_rate: 'N/A' }];
    expect(parseProbe({ ...probe, streams }, 'a.mp3').bitRate).toBeNull();
  });

  it('falls back to the stream duration when the container has none', () => {
    const streams = [{ ...probe.streams[1], duration: '12.5' }];
    expect(parseProbe({ streams, format: { format_name: 'wav', duration: 'N/A' } }, 'a.wav').durationSec).toBe(12.5);
  });

  it('rejects a file with no audio stream, naming it', () => {
    expect(() => parseProbe({ streams: [probe.streams[0]], format: probe.format }, 'cover.jpg')).toThrow(/No audio stream in cover\.jpg/);
  });

  it('rejects audio without a readable duration', () => {
    const streams = [probe.streams[1]];
    expect(() => parseProbe({ streams, format: { format_name: 'mp3' } }, 'live.mp3')).toThrow(/duration of live\.mp3/);
  });
});
