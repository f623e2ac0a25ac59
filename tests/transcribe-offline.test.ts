// With nothing configured, an audio-only drop is recognized offline by pocketsphinx, through the real queues.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitForEpisode } from '@podpipe/control/episodes';
import { setShowOptions } from '@podpipe/control/shows';
import { statusLines } from '@podpipe/control/status';
import { registerEpisode } from '@podpipe/ingest/register';
import type { TranscriptSource, Word } from '@podpipe/shared/transcript';
import { useHarness } from './support/harness.ts';

const LIBRIVOX = '/usr/share/pocketsphinx/test/data/librivox';
const tmp = mkdtempSync(path.join(os.tmpdir(), 'podpipe-offline-'));

/** Real recorded speech (pocketsphinx-testdata's LibriVox utterances) with a pause between them, as mp3. */
function recordedSpeech(): string {
  // two utterances (about 10 s) keep the test quick on a busy machine
  const ids = readFileSync(path.join(LIBRIVOX, 'fileids'), 'utf8').split('\n').filter(Boolean).slice(0, 2);
  const out = path.join(tmp, 'speech.mp3');
  const inputs = ids.flatMap((id) => ['-i', path.join(LIBRIVOX, `${id}.wav`)]);
  const filter = `${ids.map((_, i) => `[${i}:a]apad=pad_dur=0.8[a${i}]`).join(';')};${ids.map((_, i) => `[a${i}]`).join('')}concat=n=${ids.length}:v=0:a=1[out]`;
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', ...inputs, '-filter_complex', filter, '-map', '[out]', '-y', out]);
  return out;
}

const h = useHarness({ workers: true });

async function timedOf(episodeId: string) {
  return h.rt.db.selectFrom('transcripts').selectAll().where('episode_id', '=', episodeId).where('version', '=', 'timed').executeTakeFirstOrThrow();
}

describe('transcribe with nothing configured', () => {
  it('recognizes an audio-only drop with pocketsphinx and marks the transcript rough', async () => {
    const reg = await registerEpisode(h.rt.db, h.rt.buckets, { audioPath: recordedSpeech(), meta: { show: 'Offline Show', title: 'Read aloud' } });
    const episode = await waitForEpisode(h.rt.db, reg.episodeId, 1, { timeoutMs: 120_000 });
    expect(episode.error).toBeNull();
    expect(episode.status).toBe('done');
    const timed = await timedOf(reg.episodeId);
    const source = timed.source as TranscriptSource;
    expect(source).toMatchObject({ kind: 'provider', provider: 'pocketsphinx', model: 'en-us' });
    expect(source.meanConfidence).toBeGreaterThan(0);
    expect(source.meanConfidence).toBeLessThanOrEqual(1);
    const text = (timed.words as Word[]).map((w) => w.text).join(' ');
    expect(text).toMatch(/he was not/);
    expect(text).toMatch(/to consider how much/);
    const artifact = await h.rt.db.selectFrom('artifacts').select('key').where('episode_id', '=', reg.episodeId).where('kind', '=', 'episode.json').executeTakeFirstOrThrow();
    expect(JSON.parse(readFileSync(path.join(h.env.dataDir, 'publish', artifact.key), 'utf8')).transcript).toMatchObject({ provider: 'pocketsphinx', kind: 'provider' });
    expect(await statusLines(h.rt.db, reg.episodeId)).toContainEqual(expect.stringMatching(/^words {5}provider \(pocketsphinx en-us\), mean confidence 0\.\d\d, rough: offline recognizer$/));
  });

  it('fails at once with the reason when a show asks for an API this deployment has not configured', async () => {
    await setShowOptions(h.rt.db, 'offline-show', { transcribeProvider: 'openai' });
    const audio = path.join(tmp, 'tone.mp3');
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'sine=frequency=300:duration=3', '-y', audio]);
    const reg = await registerEpisode(h.rt.db, h.rt.buckets, { audioPath: audio, meta: { show: 'Offline Show', title: 'Wants an API' } });
    const episode = await waitForEpisode(h.rt.db, reg.episodeId, 1, { timeoutMs: 30_000 });
    expect(episode.status).toBe('failed');
    expect(episode.error).toMatch(/^transcribe: this show uses the openai transcription provider, but PODPIPE_TRANSCRIBE_URL is not set/);
    const runs = await h.rt.db.selectFrom('stage_runs').select(['stage', 'status']).where('episode_id', '=', reg.episodeId).where('stage', '=', 'transcribe').execute();
    expect(runs).toEqual([]); // it failed while loading, before a run started, and was not retried
    await setShowOptions(h.rt.db, 'offline-show', { transcribeProvider: null });
  });

  it('passes a timed sidecar through, and keeps speakers of an untimed text it times', async () => {
    const json = path.join(tmp, 'words.json');
    writeFileSync(json, JSON.stringify([{ word: 'hello', start: 0.5, end: 0.9, confidence: 0.8 }, { word: 'world', start: 1, end: 1.4, confidence: 0.6 }]));
    const timedDrop = await registerEpisode(h.rt.db, h.rt.buckets, { transcriptPath: json, meta: {} });
    const text = path.join(tmp, 'turns.txt');
    writeFileSync(text, 'Ana: hello there\nBen: hi\nAna: how are you\n');
    const textDrop = await registerEpisode(h.rt.db, h.rt.buckets, { transcriptPath: text, meta: {} });
    for (const reg of [timedDrop, textDrop]) expect((await waitForEpisode(h.rt.db, reg.episodeId, 1, { timeoutMs: 60_000 })).status).toBe('done');

    const sidecar = await timedOf(timedDrop.episodeId);
    expect(sidecar.source).toMatchObject({ kind: 'sidecar', meanConfidence: 0.7 });
    expect((sidecar.words as Word[]).map((w) => [w.text, w.start])).toEqual([['hello', 0.5], ['world', 1]]);

    const estimated = await timedOf(textDrop.episodeId);
    expect(estimated.source).toMatchObject({ kind: 'estimated' });
    const words = estimated.words as Word[];
    expect(words.map((w) => [w.text, w.speaker])).toEqual([['hello', 'Ana'], ['there', 'Ana'], ['hi', 'Ben'], ['how', 'Ana'], ['are', 'Ana'], ['you', 'Ana']]);
    expect(words.every((w, i) => w.end > w.start && (i === 0 || w.start >= words[i - 1]!.end))).toBe(true);
  });
});
