import { BadInputError } from '@podpipe/shared/errors';
import { hashJson, sourceTreeHash } from '@podpipe/shared/hash';
import { saveTranscript } from '@podpipe/shared/transcript-store';
import type { StageDefinition, StageRunContext } from '@podpipe/shared/stage';
import type { Transaction } from 'kysely';
import type { Silence } from '@podpipe/shared/transcript';
import type { Config } from '@podpipe/shared/config';
import type { ArchivedDigest, AudioInfo, DB } from '@podpipe/shared/db/schema';
import type { ObjectVersion } from '@podpipe/shared/buckets';
import { readFile, stat } from 'node:fs/promises';
import type { InputLimits } from '@podpipe/shared/config';
import { analyzeAudio, believedDuration, probeAudio } from './audio/audio.ts';
import { takePrefetchedAudio, type PrefetchedAudio } from './audio/prefetch.ts';
import { describeAudioFile, publishAudio } from './published-audio.ts';
import { parseTranscriptFile, type RawTranscript } from './transcript-file.ts';

interface IngestInput {
  audioKey: string | null;
  transcriptKey: string | null;
  contentHash: string;
  /** Which audio to publish for listeners (PODPIPE_PUBLISH_AUDIO). */
  publishAudio: Config['publishAudio'];
  truncatedAudio: Config['truncatedAudio'];
  limits: InputLimits;
}

interface IngestOutput {
  audio: { durationSec: number; info: AudioInfo; silences: Silence[] } | null;
  /** Null for an audio-only drop: the transcribe stage recognizes its speech. */
  transcript: RawTranscript | null;
  /** What was accepted with a caveat; stored on the episode (its `ingest:` entries are replaced on each run). */
  warnings: string[];
  /** The transcript was stored already, with the early hand-off (a timed transcript with audio). */
  savedEarly?: boolean;
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

/** Refuses an episode longer than the duration limit, whether its audio or its timed transcript says so. */
function assertDuration(what: 'audio lasts' | 'transcript runs to', sec: number, limits: InputLimits): void {
  const hours = (s: number) => `${Number((s / 3600).toPrecision(3))} h`;
  if (sec > limits.durationSec) throw new BadInputError(`${what} ${hours(sec)}, over the ${hours(limits.durationSec)} limit (PODPIPE_MAX_DURATION_HOURS)`);
}

/** Where a timed transcript ends: its latest word end (cues need not be in order). */
function transcriptEnd(words: readonly { end: number }[]): number {
  let end = 0;
  for (const w of words) if (w.end > end) end = w.end;
  return end;
}

/** Reads and parses the drop's transcript file, refusing one over the size or duration limit. */
async function readTranscript(key: string, ctx: StageRunContext, limits: InputLimits, warnings: string[]): Promise<RawTranscript> {
  await ctx.report.step('reading the transcript');
  const bytes = await ctx.buckets.ingest.withLocalFile(key, async (file) => {
    const { size } = await stat(file);
    if (size > limits.transcriptBytes) throw new BadInputError(`transcript is ${mb(size)}, over the ${mb(limits.transcriptBytes)} limit (PODPIPE_MAX_TRANSCRIPT_MB)`);
    return readFile(file);
  });
  const transcript = parseTranscriptFile(key, bytes, limits, warnings);
  if (transcript.timing === 'provider') assertDuration('transcript runs to', transcriptEnd(transcript.words), limits);
  return transcript;
}

/** Stores the drop's words as the episode's raw transcript (replacing any); returns their content hash. */
async function saveRawTranscript(trx: Transaction<DB>, episodeId: string, transcript: RawTranscript): Promise<string> {
  const contentHash = hashJson(transcript);
  await saveTranscript(trx, { episodeId, version: 'raw', words: transcript.words, edits: null, timing: transcript.timing, contentHash });
  return contentHash;
}

/**
 * The archived audio's hash as registration read it (episodes.audio_digest), when `object` is still the version it
 * was read at (same key, length and version: a local file's inode and change times, an S3 ETag); else undefined and
 * the file is hashed again.
 */
export function unchangedDigest(digest: ArchivedDigest | null, key: string, object: ObjectVersion): { bytes: number; sha256: string } | undefined {
  if (!digest?.version || digest.key !== key || digest.version !== object.version || digest.bytes !== object.bytes) return undefined;
  return { bytes: digest.bytes, sha256: digest.sha256 };
}

/** A prefetched decoding pass, its progress reported to the job while it runs (about twice a second). */
async function awaitPrefetched(prefetched: PrefetchedAudio, durationSec: number, onProgress: (fraction: number) => void): ReturnType<typeof analyzeAudio> {
  const timer = setInterval(() => onProgress(Math.min(1, prefetched.decodedSoFar() / durationSec)), 500);
  try {
    return await prefetched.analysis;
  } finally {
    clearInterval(timer);
  }
}

/** Ingest: probes and measures the audio (duration, format, loudness, silences) and reads the sidecar transcript, if one came. */
export const ingestStage: StageDefinition<IngestInput, IngestOutput> = {
  name: 'ingest',
  version: sourceTreeHash(import.meta.url),
  inputKey: (ctx, episode) => ingestStage.load(ctx, episode),
  async load(ctx, episode) {
    return {
      audioKey: episode.audio_key,
      transcriptKey: episode.transcript_key,
      contentHash: episode.content_hash,
      publishAudio: ctx.config.publishAudio,
      truncatedAudio: ctx.config.truncatedAudio,
      limits: ctx.config.limits,
    };
  },
  fingerprint: (input) => input,
  async compute(input, ctx, episode) {
    const warnings: string[] = [];
    const { limits } = input;
    if (!input.audioKey && !input.transcriptKey) throw new BadInputError('nothing to process: the drop has neither audio nor a transcript');
    const transcript = input.transcriptKey ? await readTranscript(input.transcriptKey, ctx, limits, warnings) : null;
    let savedEarly = false;
    let audio: IngestOutput['audio'] = null;
    if (input.audioKey) {
      const audioKey = input.audioKey;
      audio = await ctx.buckets.ingest.withLocalFile(audioKey, async (file, object) => {
        await ctx.report.step('probing the audio');
        const { size } = await stat(file);
        if (size > limits.audioBytes) throw new BadInputError(`audio is ${mb(size)}, over the ${mb(limits.audioBytes)} limit (PODPIPE_MAX_AUDIO_MB)`);
        // `podpipe process` may have started measuring this content already (audio/prefetch.ts): the same commands on
        // the same bytes. Whatever it could not measure is measured here, so errors name this file as always.
        const prefetched = takePrefetchedAudio(input.contentHash);
        const facts = await (prefetched?.facts.catch(() => probeAudio(file)) ?? probeAudio(file)).catch((err: Error) => {
          // The archive path means nothing to whoever dropped the file.
          throw new BadInputError(`audio is unreadable: ${err.message.replaceAll(`${file}: `, '').replaceAll(file, 'the file')}`);
        });
        assertDuration('audio lasts', facts.durationSec, limits);
        if (transcript?.timing === 'provider') {
          // Words with their own times need nothing from the audio until segment: hand them on now, so the fixer runs
          // while ffmpeg measures; the audio facts join before segment (QUEUES.ingest.joinsAt).
          savedEarly = await ctx.handOnEarly((trx) => saveRawTranscript(trx, episode.id, transcript));
          if (savedEarly) await ctx.report.step('transcript handed on; measuring the audio meanwhile');
        }
        await ctx.report.step(`measuring loudness and silences over ${Math.round(facts.durationSec)} s of audio`);
        const onProgress = (f: number) => void ctx.report.progress(0.05 + 0.8 * f);
        const measure = () => analyzeAudio(file, { durationSec: facts.durationSec, onProgress });
        // The published audio's name is its hash: registration's, when the archived object is the one it read back;
        // else taken while ffmpeg decodes (CPU beside the pass, not after it).
        const known = unchangedDigest(episode.audio_digest, audioKey, object);
        const source = input.publishAudio === 'none' ? undefined : known ? Promise.resolve(known) : describeAudioFile(file);
        source?.catch(() => undefined); // a failure is publishAudio's to report, if the pass gets that far
        const { silences, loudness, decodedSec } = prefetched ? await awaitPrefetched(prefetched, facts.durationSec, onProgress).catch(measure) : await measure();
        // The header's duration is a claim; the decoding pass measured the real one.
        const believed = believedDuration(facts.durationSec, decodedSec, input.truncatedAudio);
        assertDuration('audio lasts', believed.durationSec, limits);
        if (believed.warning) warnings.push(`ingest: ${believed.warning}`);
        if (input.publishAudio !== 'none') await ctx.report.step(`publishing the audio (${input.publishAudio})`);
        await ctx.report.progress(0.85);
        const published = input.publishAudio === 'none' ? null : await publishAudio(ctx.buckets.publish, file, input.publishAudio, loudness, source);
        return {
          durationSec: believed.durationSec,
          silences,
          info: { format: facts.format, codec: facts.codec, sampleRate: facts.sampleRate, channels: facts.channels, bitRate: facts.bitRate, loudness: { ...loudness }, published },
        };
      });
      ctx.log.info({ durationSec: audio.durationSec, silences: audio.silences.length }, 'audio probed and measured');
    }
    await ctx.report.progress(1);
    return { audio, transcript, warnings, savedEarly };
  },
  async save(trx, episode, out) {
    const current = await trx.selectFrom('episodes').select('warnings').where('id', '=', episode.id).executeTakeFirstOrThrow();
    const warnings = [...current.warnings.filter((w) => !w.startsWith('ingest: ')), ...out.warnings];
    await trx.updateTable('episodes').set({ warnings: JSON.stringify(warnings) }).where('id', '=', episode.id).execute();
    if (out.audio) {
      await trx
        .updateTable('episodes')
        .set({ duration_sec: out.audio.durationSec, audio_info: JSON.stringify(out.audio.info), silences: JSON.stringify(out.audio.silences) })
        .where('id', '=', episode.id)
        .execute();
    }
    if (!out.transcript) {
      await trx.deleteFrom('transcripts').where('episode_id', '=', episode.id).where('version', '=', 'raw').execute();
      return hashJson({ audio: out.audio, transcript: null });
    }
    const contentHash = out.savedEarly ? hashJson(out.transcript) : await saveRawTranscript(trx, episode.id, out.transcript);
    return hashJson({ audio: out.audio, transcript: contentHash });
  },
};
