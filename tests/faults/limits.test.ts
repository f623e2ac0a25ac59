// Hostile and broken input: truncated audio is decoded, not believed; every size limit fails the episode with the
// limit's name; broken cue lines are dropped with a warning.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { UnrecoverableError } from 'bullmq';
import { beforeAll, describe, expect, it } from 'vitest';
import { STAGE_DEFINITIONS } from '@podpipe/control/stages';
import { registerEpisode } from '@podpipe/ingest/register';
import { DEFAULT_LIMITS, type Config } from '@podpipe/shared/config';
import { runStage } from '@podpipe/shared/stage';
import { useHarness } from '../support/harness.ts';

const run = promisify(execFile);
const h = useHarness({ workers: false }); // stages run here by hand, one at a time
const file = (name: string) => path.join(h.env.dataDir, name);

let truncated: string;
beforeAll(async () => {
  // A 10-minute mp3 whose first 60 kB are kept: its header still says 600 s; about 30 s decode.
  const whole = file('whole.mp3');
  await run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=f=300:d=600', '-ac', '1', '-ar', '16000', '-c:a', 'libmp3lame', '-b:a', '16k', whole]);
  truncated = file('truncated.mp3');
  await writeFile(truncated, (await readFile(whole)).subarray(0, 60_000));
  writeFileSync(file('words.txt'), 'hello and welcome to a show about bread and the people who bake it');
});

/** Registers an episode and runs its ingest stage alone, under a config with these changes. */
async function ingestWith(files: { audioPath?: string; transcriptPath: string; meta?: unknown }, config: Partial<Config> = {}) {
  const reg = await registerEpisode(h.rt.db, h.rt.buckets, { meta: {}, ...files });
  const outcome = await runStage(STAGE_DEFINITIONS.ingest, { ...h.rt, config: { ...h.rt.config, ...config } }, { episodeId: reg.episodeId, generation: reg.generation }, { attemptsMade: 0, id: 'x' }).catch(
    (err: Error) => err,
  );
  const episode = await h.rt.db.selectFrom('episodes').selectAll().where('id', '=', reg.episodeId).executeTakeFirstOrThrow();
  return { outcome, episode };
}

describe('truncated audio', () => {
  it('is taken at its decoded length with a warning on the episode, never at the header\'s', async () => {
    const { outcome, episode } = await ingestWith({ audioPath: truncated, transcriptPath: file('words.txt') });
    expect(outcome).toBe('done');
    expect(episode.duration_sec).toBeGreaterThan(25);
    expect(episode.duration_sec).toBeLessThan(35);
    expect(episode.warnings).toEqual([expect.stringMatching(/^ingest: audio decodes to \d+\.\d s but its header says 600\.\d s; taken at the decoded length/)]);
  });

  it('is rejected as truncated under PODPIPE_TRUNCATED_AUDIO=reject', async () => {
    await writeFile(file('truncated2.mp3'), Buffer.concat([await readFile(truncated), Buffer.alloc(1)]));
    const { outcome, episode } = await ingestWith({ audioPath: file('truncated2.mp3'), transcriptPath: file('words.txt') }, { truncatedAudio: 'reject' });
    expect(outcome).toBeInstanceOf(UnrecoverableError);
    expect(episode).toMatchObject({ status: 'failed', error: expect.stringMatching(/^ingest: audio decodes to .* the file is truncated/) });
  });
});

describe('size limits', () => {
  const limited = (limits: Partial<typeof DEFAULT_LIMITS>) => ({ limits: { ...DEFAULT_LIMITS, ...limits } });

  it.each([
    ['audio size', { audioBytes: 10_000 }, /PODPIPE_MAX_AUDIO_MB/, true],
    ['audio duration', { durationSec: 10 }, /audio lasts 0\.167 h, over the 0\.00278 h limit \(PODPIPE_MAX_DURATION_HOURS\)/, true],
    ['transcript size', { transcriptBytes: 20 }, /transcript is .* over the .* limit \(PODPIPE_MAX_TRANSCRIPT_MB\)/, false],
    ['words', { words: 5 }, /has more than 5 words \(PODPIPE_MAX_WORDS\)/, false],
  ])('%s fails the episode with the limit named', async (_name, limits, message, withAudio) => {
    const { episode } = await ingestWith({ ...(withAudio ? { audioPath: truncated } : {}), transcriptPath: file('words.txt') }, limited(limits));
    expect(episode.status).toBe('failed');
    expect(episode.error).toMatch(message);
  });

  it('cues past the limit fail the episode; broken cue blocks are dropped with a warning, never read as words', async () => {
    const srt = '1\n00:00:01,000 --> 00:00:02,000\nhello there\n\n2\n99:99:99,999 --> aa:bb\ninjected words\n\n3\n00:00:03,000 --> 00:00:04,000\nfine thanks\n';
    writeFileSync(file('ep.srt'), srt);
    const ok = await ingestWith({ transcriptPath: file('ep.srt') });
    expect(ok.outcome).toBe('done');
    expect(ok.episode.warnings).toEqual(['ingest: 1 subtitle cue with a broken timing line dropped (not read as speech)']);
    const raw = await h.rt.db.selectFrom('transcripts').select('text').where('episode_id', '=', ok.episode.id).where('version', '=', 'raw').executeTakeFirstOrThrow();
    expect(raw.text).not.toMatch(/injected/);
    writeFileSync(file('ep2.srt'), `${srt}\n`);
    const over = await ingestWith({ transcriptPath: file('ep2.srt') }, limited({ cues: 1 }));
    expect(over.episode.error).toMatch(/subtitle file has more than 1 cues \(PODPIPE_MAX_CUES\)/);
  });

  it('a timed transcript past the duration limit fails the episode, as audio that long would', async () => {
    const late = '1\n00:00:01,000 --> 00:00:02,000\nhello there\n\n2\n30:00:00,000 --> 30:00:02,000\nstill here\n';
    writeFileSync(file('late.srt'), late);
    const { episode } = await ingestWith({ transcriptPath: file('late.srt') }, limited({ durationSec: 24 * 3600 }));
    expect(episode).toMatchObject({ status: 'failed', error: 'ingest: transcript runs to 30 h, over the 24 h limit (PODPIPE_MAX_DURATION_HOURS)' });
    writeFileSync(file('late2.srt'), `${late}\n`);
    expect((await ingestWith({ transcriptPath: file('late2.srt') }, limited({ durationSec: 31 * 3600 }))).outcome).toBe('done');
  });

  it('cuts a title over the limit at registration, with a warning', async () => {
    writeFileSync(file('t.txt'), 'a short transcript for a long title');
    const reg = await registerEpisode(h.rt.db, h.rt.buckets, { transcriptPath: file('t.txt'), meta: { title: 'word '.repeat(200_000) } });
    const episode = await h.rt.db.selectFrom('episodes').select(['title', 'warnings']).where('id', '=', reg.episodeId).executeTakeFirstOrThrow();
    expect(episode.title!.length).toBeLessThanOrEqual(500);
    expect(episode.warnings).toEqual(['metadata: title cut from 1000000 to 500 characters']);
  });
});
