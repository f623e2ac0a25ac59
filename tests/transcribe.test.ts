// The transcribe stage through the real queues with an OpenAI-compatible provider: a local fake server that
// implements the protocol and misbehaves on purpose.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { waitForEpisode } from '@podpipe/control/episodes';
import { addGlossaryTerm } from '@podpipe/control/shows';
import { registerEpisode, reprocessEpisodes } from '@podpipe/ingest/register';
import { loadConfig } from '@podpipe/shared/config';
import type { Word } from '@podpipe/shared/transcript';
import { planPieces, type Piece } from '@podpipe/transcribe/recognize/pieces';
import { startFakeTranscriptionServer, verboseJson, type FakeAnswer, type SeenRequest } from '@podpipe/transcribe/testing/fake-transcription-server';
import { useHarness } from './support/harness.ts';

const KEY = 'sk-queue-test-key-must-never-leak';
const PIECE_SEC = 60;
const sampleAudio = path.resolve(__dirname, '../examples/sample/episode.mp3');
const meta = { show: 'Fake Speech Show', title: 'Heard by a fake', hosts: ['Ana Ruiz'], guests: ['Bo Chen'], sponsors: ['Acme'] };

type Mode = 'script' | 'reject' | 'empty';
let mode: Mode = 'script';
let episodeForScript: string | undefined;
const seenPerFile = new Map<string, number>();

/** The speech "in" the episode: a word every 0.6 s, the fake's ground truth. */
function scriptFor(durationSec: number): Word[] {
  const words: Word[] = [];
  for (let i = 0, t = 0.05; t + 0.4 < durationSec; i++, t += 0.6) words.push({ text: `word${i}`, start: t, end: t + 0.4 });
  return words;
}

/** What the fake "hears" in one piece: the script words inside the piece's audio, in piece time. */
function heardIn(words: Word[], piece: Piece) {
  return words
    .filter((w) => w.end > piece.from && w.start < piece.to)
    .map((w) => ({ word: ` ${w.text}`, start: Math.max(0, w.start - piece.from), end: Math.min(piece.to, w.end) - piece.from }));
}

const h = useHarness({
  workers: true,
  config: () => ({
    transcribe: {
      ...loadConfig({}).transcribe,
      provider: 'openai',
      openai: { baseUrl: fake.url, model: 'whisper-1', apiKey: KEY },
      requests: 2,
      pieceSec: PIECE_SEC,
      timeoutMs: 2000,
    },
  }),
});

async function answer(req: SeenRequest): Promise<FakeAnswer> {
  if (mode === 'reject') return { kind: 'status', status: 401, body: '{"error":{"message":"Incorrect API key provided"}}' };
  if (mode === 'empty') return { kind: 'json', body: verboseJson([]) };
  const tries = (seenPerFile.get(req.fileName) ?? 0) + 1;
  seenPerFile.set(req.fileName, tries);
  const index = Number(/piece-(\d+)\./.exec(req.fileName)![1]);
  // Each of the first pieces fails once, in its own way.
  if (tries === 1 && index === 0) return { kind: 'status', status: 429, retryAfter: '1' };
  if (tries === 1 && index === 1) return { kind: 'status', status: 500 };
  if (tries === 1 && index === 2) return { kind: 'truncated', body: verboseJson([{ word: 'x', start: 0, end: 1 }]) };
  if (tries === 1 && index === 3) return { kind: 'hang' };
  const episode = await h.rt.db.selectFrom('episodes').select(['duration_sec', 'silences']).where('id', '=', episodeForScript!).executeTakeFirstOrThrow();
  const piece = planPieces(episode.duration_sec!, episode.silences ?? [], PIECE_SEC)[index]!;
  return { kind: 'json', body: verboseJson(heardIn(scriptFor(episode.duration_sec!), piece)) };
}
const fake = await startFakeTranscriptionServer(answer);

/** A short tone: decodable audio with its own content hash. */
function tone(hz: number): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'podpipe-tone-')), `tone-${hz}.mp3`);
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', `sine=frequency=${hz}:duration=4`, '-y', file]);
  return file;
}

async function runsOf(episodeId: string) {
  return h.rt.db.selectFrom('stage_runs').select(['stage', 'status', 'attempt']).where('episode_id', '=', episodeId).orderBy('id').execute();
}

describe('transcribe stage with an OpenAI-compatible provider', () => {
  it('recognizes an audio-only drop piece by piece through faults, losing and doubling no word at the cuts', async () => {
    mode = 'script';
    const reg = await registerEpisode(h.rt.db, h.rt.buckets, { audioPath: sampleAudio, meta });
    episodeForScript = reg.episodeId;
    const episode = await waitForEpisode(h.rt.db, reg.episodeId, 1, { timeoutMs: 120_000 });
    expect(episode.error).toBeNull();
    expect(episode.status).toBe('done');
    expect((await runsOf(reg.episodeId)).map((r) => r.stage)).toEqual(['ingest', 'transcribe', 'transcribe-fix', 'segment', 'publish']);

    const timed = await h.rt.db.selectFrom('transcripts').selectAll().where('episode_id', '=', reg.episodeId).where('version', '=', 'timed').executeTakeFirstOrThrow();
    const script = scriptFor(episode.duration_sec!);
    const pieces = planPieces(episode.duration_sec!, episode.silences ?? [], PIECE_SEC);
    expect(pieces.length).toBeGreaterThanOrEqual(4);
    expect((timed.words as Word[]).map((w) => w.text)).toEqual(script.map((w) => w.text));
    (timed.words as Word[]).forEach((w, i) => expect(Math.abs(w.start - script[i]!.start)).toBeLessThan(0.01));
    expect(timed.timing).toBe('provider');
    expect(timed.source).toMatchObject({ kind: 'provider', provider: 'openai-compatible', model: 'whisper-1', settings: { responseFormat: 'verbose_json', pieceSec: PIECE_SEC } });

    // every request carried the episode's names as the prompt, and the key only in its header
    const prompts = new Set(fake.requests.map((r) => r.fields.prompt?.[0]));
    expect([...prompts]).toEqual(['Hosts: Ana Ruiz. Guests: Bo Chen. Sponsors: Acme.']);
    expect(fake.requests.every((r) => r.authorization === `Bearer ${KEY}`)).toBe(true);
    // one retry for each of the four faults
    expect(fake.requests).toHaveLength(pieces.length + 4);

    const job = await h.rt.queues.transcribe.getJob(`transcribe.${reg.episodeId}.g1`);
    expect(job?.progress).toBe(100);
    const logs = await h.rt.queues.transcribe.getJobLogs(job!.id!);
    expect(logs.logs.join('\n')).toMatch(/HTTP 429/);
    const episodeJson = readFileSync(path.join(h.env.dataDir, 'publish', (await h.rt.db.selectFrom('artifacts').select('key').where('episode_id', '=', reg.episodeId).where('kind', '=', 'episode.json').executeTakeFirstOrThrow()).key), 'utf8');
    expect(JSON.parse(episodeJson).transcript).toMatchObject({ kind: 'provider', provider: 'openai-compatible', model: 'whisper-1' });

    // the API key is nowhere the operator or a downstream system can see
    const everything = JSON.stringify([job!.data, logs, await h.rt.db.selectFrom('transcripts').selectAll().execute(), await h.rt.db.selectFrom('stage_runs').selectAll().execute(), await h.rt.db.selectFrom('outbox').selectAll().execute(), episodeJson]);
    expect(everything).not.toContain(KEY);
  });

  it('does not recognize an episode again on reprocess, even after the glossary of its show grew', async () => {
    const requests = fake.requests.length;
    await addGlossaryTerm(h.rt.db, 'fake-speech-show', { term: 'Kubernetes', kind: 'product' });
    const [again] = await reprocessEpisodes(h.rt.db, { episodeIds: [episodeForScript!], force: false, background: false });
    h.rt.outbox.kick();
    const episode = await waitForEpisode(h.rt.db, episodeForScript!, again!.generation, { timeoutMs: 60_000 });
    expect(episode.status).toBe('done');
    const run = await h.rt.db.selectFrom('stage_runs').select('status').where('episode_id', '=', episodeForScript!).where('stage', '=', 'transcribe').where('generation', '=', again!.generation).executeTakeFirstOrThrow();
    expect(run.status).toBe('skipped');
    expect(fake.requests.length).toBe(requests);
  });

  it('fails the episode at once when the provider rejects the request for good', async () => {
    mode = 'reject';
    const reg = await registerEpisode(h.rt.db, h.rt.buckets, { audioPath: tone(330), meta });
    const episode = await waitForEpisode(h.rt.db, reg.episodeId, 1, { timeoutMs: 30_000 });
    expect(episode.status).toBe('failed');
    expect(episode.error).toMatch(/^transcribe: transcription API rejected the request: HTTP 401.*PODPIPE_TRANSCRIBE_API_KEY/);
    expect(episode.error).not.toContain(KEY);
    expect(await runsOf(reg.episodeId)).toEqual([
      { stage: 'ingest', status: 'done', attempt: 1 },
      { stage: 'transcribe', status: 'failed', attempt: 1 },
    ]);
  });

  it('fails the episode at once when the recognizer hears no words', async () => {
    mode = 'empty';
    const reg = await registerEpisode(h.rt.db, h.rt.buckets, { audioPath: tone(550), meta });
    const episode = await waitForEpisode(h.rt.db, reg.episodeId, 1, { timeoutMs: 30_000 });
    expect(episode.status).toBe('failed');
    expect(episode.error).toMatch(/^transcribe: speech recognition \(openai-compatible\) heard no words/);
    expect((await runsOf(reg.episodeId)).filter((r) => r.stage === 'transcribe')).toEqual([{ stage: 'transcribe', status: 'failed', attempt: 1 }]);
  });
});

afterAll(() => fake.close());
