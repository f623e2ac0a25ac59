import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256File } from '@podpipe/shared/hash';
import { analyzeAudio, probeAudio, type AudioFacts } from '../src/audio/audio.ts';
import { prefetchAudioMeasurement, takePrefetchedAudio } from '../src/audio/prefetch.ts';

const run = promisify(execFile);
let dir: string;
let tone: string;

// 2 s tone, 1.5 s digital silence, 2 s tone (as in audio-ffmpeg.test.ts).
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'podpipe-prefetch-'));
  tone = join(dir, 'tone.mp3');
  await run('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=22050:duration=2',
    '-f', 'lavfi', '-t', '1.5', '-i', 'anullsrc=r=22050:cl=mono',
    '-f', 'lavfi', '-i', 'sine=frequency=660:sample_rate=22050:duration=2',
    '-filter_complex', '[0:a][1:a][2:a]concat=n=3:v=0:a=1',
    '-c:a', 'libmp3lame', '-b:a', '32k', tone,
  ]);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Polls `check` every 50 ms until it holds; fails after 5 s. */
async function until(check: () => Promise<boolean>): Promise<void> {
  for (const deadline = Date.now() + 5000; !(await check()); ) {
    if (Date.now() > deadline) throw new Error('condition not met within 5 s');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('audio measurement started ahead of ingest (podpipe process)', () => {
  it('is found by the content hash once, and measures what ingest would', async () => {
    const { sha256, cancel } = await prefetchAudioMeasurement(tone);
    expect(sha256).toBe(await sha256File(tone));
    expect(takePrefetchedAudio('0'.repeat(64))).toBeUndefined();
    const taken = takePrefetchedAudio(sha256);
    expect(taken).toBeDefined();
    expect(takePrefetchedAudio(sha256)).toBeUndefined(); // taken once
    const [facts, analysis] = await Promise.all([taken!.facts, taken!.analysis]);
    expect(facts).toEqual(await probeAudio(tone));
    expect(analysis).toEqual(await analyzeAudio(tone, { durationSec: facts.durationSec }));
    expect(analysis.silences).toHaveLength(1);
    expect(taken!.decodedSoFar()).toBeGreaterThan(5);
    cancel(); // after the take: nothing to stop
  });

  it('starts the decoding pass without waiting for the probe, which only joins the result', async () => {
    let answer!: (facts: AudioFacts) => void;
    const probe = () => new Promise<AudioFacts>((resolve) => (answer = resolve));
    // Resolves with the probe still unanswered: ffmpeg was spawned and the hash taken without it.
    const { sha256 } = await prefetchAudioMeasurement(tone, probe);
    const taken = takePrefetchedAudio(sha256)!;
    let analysed = false;
    void taken.analysis.then(() => (analysed = true));
    await new Promise((r) => setTimeout(r, 1500)); // the pass of 5.5 s of audio ends meanwhile
    expect(taken.decodedSoFar()).toBeGreaterThan(5); // in seconds, from ffmpeg's progress
    expect(analysed).toBe(false); // waits for the probe's duration
    const facts = await probeAudio(tone);
    answer(facts);
    expect(await taken.analysis).toEqual(await analyzeAudio(tone, { durationSec: facts.durationSec }));
  });

  it('a probe that fails stops the pass and fails the measurement (ingest then measures on its own)', async () => {
    const fifo = join(dir, 'probe-fails.mp3');
    await run('mkfifo', [fifo]);
    const passes = async () => (await run('ps', ['-eo', 'args'])).stdout.split('\n').filter((l) => l.startsWith('ffmpeg') && l.includes(fifo)).length;
    let refuse!: (err: Error) => void;
    const probe = () => new Promise<AudioFacts>((_, reject) => (refuse = reject));
    // The FIFO has no writer: the pass (and the hash) block opening it.
    const pending = prefetchAudioMeasurement(fifo, probe);
    await until(async () => (await passes()) === 1); // started without the probe
    refuse(new Error('not media'));
    await until(async () => (await passes()) === 0); // killed
    await run('sh', ['-c', `printf x > ${fifo}`]); // lets the hash finish
    const taken = takePrefetchedAudio((await pending).sha256)!;
    await expect(taken.facts).rejects.toThrow(/not media/);
    await expect(taken.analysis).rejects.toThrow(/not media/);
  });

  it('cancel forgets a measurement nobody took and stops its ffmpeg', async () => {
    const { sha256, cancel } = await prefetchAudioMeasurement(tone);
    cancel();
    expect(takePrefetchedAudio(sha256)).toBeUndefined();
  });

  it('an aborted signal kills a running ffmpeg (a pass blocked on its input) and rejects', async () => {
    const fifo = join(dir, 'never-written.mp3');
    await run('mkfifo', [fifo]);
    const abort = new AbortController();
    const pass = analyzeAudio(fifo, { timeoutSec: 60, signal: abort.signal });
    setTimeout(() => abort.abort(), 300);
    const started = Date.now();
    await expect(pass).rejects.toThrow(/ffmpeg failed on .*never-written\.mp3: cancelled; killed/);
    expect(Date.now() - started).toBeLessThan(10_000);
    await expect(analyzeAudio(tone, { signal: abort.signal })).rejects.toThrow(/cancelled/);
  });

  it('rejects a file it cannot hash, starting nothing', async () => {
    await expect(prefetchAudioMeasurement(join(dir, 'missing.mp3'))).rejects.toThrow(/ENOENT/);
  });
});
