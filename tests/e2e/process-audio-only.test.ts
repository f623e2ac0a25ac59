// The quick start for a team that has only the recording: `podpipe process episode.mp3` with no transcript and no
// speech recognizer configured, as a child process against real Redis and Postgres.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedEnv, type IsolatedEnv } from '@podpipe/shared/testing/context';

const root = path.resolve(__dirname, '../..');
const bin = path.join(root, 'services/control/bin/podpipe.mjs');
const LIBRIVOX = '/usr/share/pocketsphinx/test/data/librivox';

let env: IsolatedEnv;
beforeAll(async () => {
  env = await isolatedEnv();
});
afterAll(async () => {
  await env?.dispose();
});

describe('podpipe process AUDIO, nothing else', () => {
  it('recognizes the speech offline and publishes a transcript marked rough', () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'podpipe-audio-only-'));
    const audio = path.join(tmp, 'episode.mp3');
    // real recorded speech: two LibriVox utterances from pocketsphinx-testdata
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', path.join(LIBRIVOX, 'sense_and_sensibility_01_austen_64kb-0880.wav'), '-i', path.join(LIBRIVOX, 'sense_and_sensibility_01_austen_64kb-0890.wav'), '-filter_complex', '[0:a]apad=pad_dur=0.8[a];[a][1:a]concat=n=2:v=0:a=1[out]', '-map', '[out]', '-y', audio]);
    const { PODPIPE_TRANSCRIBE_URL: _u, PODPIPE_TRANSCRIBE_PROVIDER: _p, PODPIPE_TRANSCRIBE_API_KEY: _k, ...inherited } = process.env;
    const out = path.join(tmp, 'out');
    const r = spawnSync(process.execPath, [bin, 'process', audio, '--out', out], {
      cwd: root,
      encoding: 'utf8',
      timeout: 180_000,
      env: { ...inherited, DATABASE_URL: env.databaseUrl, REDIS_URL: env.redisUrl, PODPIPE_QUEUE_PREFIX: env.queuePrefix, PODPIPE_DATA_DIR: env.dataDir },
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const episode = JSON.parse(readFileSync(path.join(out, 'episode.json'), 'utf8'));
    expect(episode.transcript).toMatchObject({ kind: 'provider', provider: 'pocketsphinx', model: 'en-us' });
    expect(episode.transcript.meanConfidence).toBeGreaterThan(0);
    const transcript = JSON.parse(readFileSync(path.join(out, 'transcript.json'), 'utf8'));
    const text = transcript.segments.map((s: { body: string }) => s.body).join(' ').toLowerCase();
    expect(text).toMatch(/he was not/);
    expect(transcript.segments.at(-1).endTime).toBeLessThanOrEqual(episode.duration + 0.5);
  });
});
