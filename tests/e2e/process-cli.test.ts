// `podpipe process` as a user runs it: a child process against real Redis and Postgres.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { parseSync } from 'subtitle';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedEnv, type IsolatedEnv } from '@podpipe/shared/testing/context';

const root = path.resolve(__dirname, '../..');
const bin = path.join(root, 'services/control/bin/podpipe.mjs');
const sample = path.join(root, 'examples/sample');
const ARTIFACTS = ['chapters.json', 'episode.json', 'feed-item.xml', 'shownotes.html', 'shownotes.md', 'transcript.json', 'transcript.srt', 'transcript.vtt'];

let env: IsolatedEnv;
const childEnv = () => ({
  ...process.env,
  DATABASE_URL: env.databaseUrl,
  REDIS_URL: env.redisUrl,
  PODPIPE_QUEUE_PREFIX: env.queuePrefix,
  PODPIPE_DATA_DIR: env.dataDir,
});

function runProcess(args: string[]) {
  return spawnSync(process.execPath, [bin, 'process', ...args], { cwd: root, env: childEnv(), encoding: 'utf8', timeout: 120_000 });
}

beforeAll(async () => {
  env = await isolatedEnv();
});
afterAll(async () => {
  await env?.dispose();
});

function checkArtifacts(dir: string, durationSec: number | null) {
  for (const f of ARTIFACTS) expect(existsSync(path.join(dir, f)), f).toBe(true);
  const transcript = JSON.parse(readFileSync(path.join(dir, 'transcript.json'), 'utf8'));
  expect(transcript.version).toBe('1.0.0');
  expect(transcript.segments.length).toBeGreaterThan(20);
  for (const s of transcript.segments) expect(s.endTime).toBeGreaterThanOrEqual(s.startTime);
  const vtt = parseSync(readFileSync(path.join(dir, 'transcript.vtt'), 'utf8')).filter((n) => n.type === 'cue');
  const srt = parseSync(readFileSync(path.join(dir, 'transcript.srt'), 'utf8')).filter((n) => n.type === 'cue');
  expect(vtt.length).toBe(transcript.segments.length);
  expect(srt.length).toBe(vtt.length);
  const chapters = JSON.parse(readFileSync(path.join(dir, 'chapters.json'), 'utf8'));
  expect(chapters.version).toBe('1.2.0');
  expect(chapters.chapters[0].startTime).toBe(0);
  const episode = JSON.parse(readFileSync(path.join(dir, 'episode.json'), 'utf8'));
  expect(episode.title).toBe('Andrew Ng: Deep Learning, Education, and Real-World AI');
  expect(episode.chapters.length).toBeGreaterThan(0);
  expect(episode.summary.length).toBeGreaterThan(0);
  expect(readFileSync(path.join(dir, 'shownotes.md'), 'utf8')).toContain('Andrew Ng');
  const item = readFileSync(path.join(dir, 'feed-item.xml'), 'utf8');
  expect(item).toMatch(/<podcast:transcript url="http:\/\/localhost:3000\/files\/episodes\/[0-9a-f-]+\/v\/[0-9a-f]{16}\/transcript\.json" type="application\/json"/);
  expect(item).toContain('<podcast:chapters url=');
  if (durationSec !== null) {
    // The words cover the audio: captions start near 0 and end near the end.
    expect(transcript.segments[0].startTime).toBeLessThan(5);
    expect(transcript.segments.at(-1).endTime).toBeGreaterThan(durationSec - 10);
    expect(transcript.segments.at(-1).endTime).toBeLessThanOrEqual(durationSec + 0.5);
    expect(episode.duration).toBeCloseTo(durationSec, 0);
    expect(episode.chapters.at(-1).end).toBeCloseTo(durationSec, 0);
  }
}

describe('podpipe process', () => {
  it('runs the bundled sample with audio end to end and writes every artifact, the audio with them', () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'podpipe-out-'));
    const r = runProcess([path.join(sample, 'episode.mp3'), '--transcript', path.join(sample, 'episode.txt'), '--meta', path.join(sample, 'episode.meta.json'), '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('9 artifacts');
    checkArtifacts(out, 244.9);
    // The dropped audio is published as it is (PODPIPE_PUBLISH_AUDIO=original) and is the feed item's enclosure.
    expect(readFileSync(path.join(out, 'audio.mp3')).equals(readFileSync(path.join(sample, 'episode.mp3')))).toBe(true);
    expect(readFileSync(path.join(out, 'feed-item.xml'), 'utf8')).toMatch(/<enclosure url="http:\/\/localhost:3000\/files\/audio\/[0-9a-f]{64}\/original\.mp3" length="\d+" type="audio\/mpeg"\/>/);
  });

  it('runs a transcript-only episode', () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'podpipe-out-'));
    const r = runProcess(['--transcript', path.join(sample, 'episode.txt'), '--meta', path.join(sample, 'episode.meta.json'), '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    checkArtifacts(out, null);
    expect(JSON.parse(readFileSync(path.join(out, 'episode.json'), 'utf8')).timing).toBe('estimated');
  });

  it('exits non-zero with a one-line reason for bad input', () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'podpipe-out-'));
    const r = runProcess([path.join(sample, 'episode.meta.json'), '--transcript', path.join(sample, 'episode.txt'), '--out', out]);
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^podpipe: episode .* failed: ingest: audio is unreadable/);
    const none = runProcess(['--out', out]);
    expect(none.status).not.toBe(0);
    expect(none.stderr).toMatch(/^podpipe: give AUDIO, --transcript FILE, or both/);
  });

  it('finishes after being killed mid-run, without duplicate rows', async () => {
    const transcript = path.join(env.dataDir, 'kill-me.txt');
    // A changed transcript for the same audio: ingest and every later stage must really run again.
    await import('node:fs').then((fs) => fs.writeFileSync(transcript, `${readFileSync(path.join(sample, 'episode.txt'), 'utf8')} and that is all for today`));
    const out = mkdtempSync(path.join(os.tmpdir(), 'podpipe-out-'));
    const args = [bin, 'process', path.join(sample, 'episode.mp3'), '--transcript', transcript, '--meta', path.join(sample, 'episode.meta.json'), '--out', out];
    const db = new pg.Client({ connectionString: env.databaseUrl });
    await db.connect();
    try {
      const runsSoFar = async () => (await db.query(`select count(*)::int as n from stage_runs`)).rows[0].n as number;
      const before = await runsSoFar();
      const generationBefore = (await db.query(`select coalesce(max(generation), 0)::int as g from episodes where audio_key like '%/audio.mp3'`)).rows[0].g as number;
      const child = spawn(process.execPath, args, { cwd: root, env: childEnv(), stdio: 'ignore' });
      // Kill it as soon as the first stage of this run has started work.
      const deadline = Date.now() + 60_000;
      while ((await runsSoFar()) === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));

      const r = runProcess(args.slice(2));
      expect(r.status, r.stderr).toBe(0);
      checkArtifacts(out, 244.9);
      const { rows } = await db.query(`select e.id, e.generation,
        (select count(*)::int from transcripts t where t.episode_id = e.id) as transcripts,
        (select count(*)::int from artifacts a where a.episode_id = e.id) as artifacts,
        (select count(*)::int from summaries s where s.episode_id = e.id) as summaries
        from episodes e where e.audio_key like '%/audio.mp3' and e.status = 'done'`);
      // Same audio as the first test, so the same episode: killed, then re-requested (a newer generation).
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ transcripts: 3, artifacts: 9, summaries: 1 });
      expect(rows[0].generation).toBe(generationBefore + 2);
    } finally {
      await db.end();
    }
  });
});
