import { execFile, spawn } from 'node:child_process';
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalBucket } from '@podpipe/shared/buckets';
import { analyzeAudio, detectSilences, measureLoudness, normalizeAudio, probeAudio } from '../src/audio/audio.ts';
import { analyzeCommand } from '../src/audio/commands.ts';
import { parseAnalysis } from '../src/audio/audio.ts';
import { ffmpegArgs } from '../src/audio/runner.ts';
import { publishAudio } from '../src/published-audio.ts';

const run = promisify(execFile);
let dir: string;
let tone: string;
let notAudio: string;

// 2 s tone, 1.5 s digital silence, 2 s tone: one known silence at [2, 3.5].
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'podpipe-audio-'));
  tone = join(dir, 'tone.mp3');
  notAudio = join(dir, 'notes.txt');
  await writeFile(notAudio, 'these are show notes, not audio\n');
  await run('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=22050:duration=2',
    '-f', 'lavfi', '-t', '1.5', '-i', 'anullsrc=r=22050:cl=mono',
    '-f', 'lavfi', '-i', 'sine=frequency=660:sample_rate=22050:duration=2',
    '-filter_complex', '[0:a][1:a][2:a]concat=n=3:v=0:a=1',
    '-c:a', 'libmp3lame', '-b:a', '32k', '-metadata', 'title=Tone test', tone,
  ]);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('audio toolkit on real ffmpeg', () => {
  it('never reads keys from stdin: a stdin full of "q" and "h" does not stop or change the analysis pass', async () => {
    // A long tone so that the pass lasts several of ffmpeg's 100 ms key checks; stdin a regular file, as /dev/null
    // was on a machine where something had replaced it.
    const long = join(dir, 'long.mp3');
    await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=8000:duration=1200', '-c:a', 'libmp3lame', '-b:a', '16k', long]);
    const keys = join(dir, 'keys.txt');
    await writeFile(keys, 'hq'.repeat(4096));
    const stdin = await open(keys, 'r');
    try {
      const stderr = await new Promise<string>((resolve, reject) => {
        const child = spawn('ffmpeg', ffmpegArgs(long, analyzeCommand()), { stdio: [stdin.fd, 'ignore', 'pipe'] });
        const chunks: Buffer[] = [];
        child.stderr!.on('data', (c: Buffer) => chunks.push(c));
        child.once('error', reject);
        child.once('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
      });
      const { decodedSec, loudness } = parseAnalysis(stderr, 1200);
      expect(decodedSec).toBeGreaterThan(1199);
      expect(loudness.inputI).toBeLessThan(0);
      expect(stderr).not.toMatch(/keyframe=/);
    } finally {
      await stdin.close();
    }
  });

  it('probes duration, codec, layout and tags', async () => {
    const facts = await probeAudio(tone);
    expect(facts.durationSec).toBeGreaterThan(5.4);
    expect(facts.durationSec).toBeLessThan(5.7);
    expect(facts).toMatchObject({ format: 'mp3', codec: 'mp3', sampleRate: 22050, channels: 1 });
    expect(facts.tags.title).toBe('Tone test');
  });

  it('finds the silence and measures loudness in one pass', async () => {
    const { silences, loudness } = await analyzeAudio(tone);
    expect(silences).toHaveLength(1);
    expect(silences[0]!.start).toBeCloseTo(2, 1);
    expect(silences[0]!.end).toBeCloseTo(3.5, 1);
    // A full-scale-ish sine sits far above the gate and well below 0 dBTP.
    expect(loudness.inputI).toBeLessThan(-5);
    expect(loudness.inputI).toBeGreaterThan(-40);
    expect(loudness.inputThresh).toBeLessThan(loudness.inputI);
    expect(loudness.inputTP).toBeLessThan(0);
  });

  it('honours a stricter minimum silence length', async () => {
    expect(await detectSilences(tone, { minSec: 2 })).toEqual([]);
  });

  it('normalizes to the target loudness', async () => {
    const out = join(dir, 'normalized.mp3');
    await normalizeAudio(tone, out, { target: { i: -16, tp: -1.5, lra: 11 } });
    const after = await measureLoudness(out);
    expect(after.inputI).toBeGreaterThan(-17.5);
    expect(after.inputI).toBeLessThan(-14.5);
    expect((await probeAudio(out)).channels).toBe(1);
  });

  it('rejects a non-audio file with ffprobe and ffmpeg complaints that name it', async () => {
    await expect(probeAudio(notAudio)).rejects.toThrow(/Cannot read .*notes\.txt as media: .*Invalid data/);
    await expect(analyzeAudio(notAudio)).rejects.toThrow(/ffmpeg failed on .*notes\.txt: .*Invalid data/);
  });

  it('kills an ffmpeg pass that hangs and says so', async () => {
    // A named pipe nobody writes to: ffmpeg blocks opening it, as on a stalled network mount.
    const pipe = join(dir, 'stuck.fifo');
    await run('mkfifo', [pipe]);
    await expect(analyzeAudio(pipe, { timeoutSec: 1 })).rejects.toThrow(/timeout \(1s\); killed/);
    // ...and really gone: pgrep exits non-zero once no process has the pipe on its command line.
    await expect.poll(() => run('pgrep', ['-f', pipe]).then(() => 'running', () => 'gone'), { timeout: 5000 }).toBe('gone');
  });

  it('publishes the audio as dropped, or normalized to the podcast loudness norm, once per source', async () => {
    const bucket = new LocalBucket('publish', join(dir, 'publish'));
    const measured = await measureLoudness(tone);
    const original = await publishAudio(bucket, tone, 'original', measured);
    expect(original).toMatchObject({ key: expect.stringMatching(/^audio\/[0-9a-f]{64}\/original\.mp3$/), mimeType: 'audio/mpeg', mode: 'original' });
    expect(await bucket.getBytes(original.key)).toEqual(await readFile(tone));
    const normalized = await publishAudio(bucket, tone, 'normalized', measured);
    expect(normalized.key).toMatch(/\/normalized\.mp3$/);
    expect(normalized.sha256).not.toBe(original.sha256);
    expect(await publishAudio(bucket, tone, 'normalized', measured)).toEqual(normalized); // found in place
    const loudness = await measureLoudness(bucket.pathOf(normalized.key));
    expect(loudness.inputI).toBeGreaterThan(-18);
    expect(loudness.inputI).toBeLessThan(-14);
  });
});
