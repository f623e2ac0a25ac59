import { BadInputError } from '@podpipe/shared/errors';
import { hashJson, sourceTreeHash } from '@podpipe/shared/hash';
import { saveTranscript } from '@podpipe/shared/transcript-store';
import type { StageDefinition } from '@podpipe/shared/stage';
import type { Silence } from '@podpipe/shared/transcript';
import type { Config } from '@podpipe/shared/config';
import type { AudioInfo } from '@podpipe/shared/db/schema';
import { analyzeAudio, probeAudio } from './audio/audio.ts';
import { publishAudio } from './published-audio.ts';
import { parseTranscriptFile, type RawTranscript } from './transcript-file.ts';

interface IngestInput {
  audioKey: string | null;
  transcriptKey: string | null;
  contentHash: string;
  /** Which audio to publish for listeners (PODPIPE_PUBLISH_AUDIO). */
  publishAudio: Config['publishAudio'];
}

interface IngestOutput {
  audio: { durationSec: number; info: AudioInfo; silences: Silence[] } | null;
  /** Null for an audio-only drop: the transcribe stage recognizes its speech. */
  transcript: RawTranscript | null;
}

/** Ingest: probes and measures the audio (duration, format, loudness, silences) and reads the sidecar transcript, if one came. */
export const ingestStage: StageDefinition<IngestInput, IngestOutput> = {
  name: 'ingest',
  version: sourceTreeHash(import.meta.url),
  inputKey: (ctx, episode) => ingestStage.load(ctx, episode),
  async load(ctx, episode) {
    return { audioKey: episode.audio_key, transcriptKey: episode.transcript_key, contentHash: episode.content_hash, publishAudio: ctx.config.publishAudio };
  },
  fingerprint: (input) => input,
  async compute(input, ctx) {
    let audio: IngestOutput['audio'] = null;
    if (input.audioKey) {
      audio = await ctx.buckets.ingest.withLocalFile(input.audioKey, async (file) => {
        const facts = await probeAudio(file).catch((err: Error) => {
          // The archive path means nothing to whoever dropped the file.
          throw new BadInputError(`audio is unreadable: ${err.message.replaceAll(`${file}: `, '').replaceAll(file, 'the file')}`);
        });
        const { silences, loudness } = await analyzeAudio(file, { durationSec: facts.durationSec });
        const published = input.publishAudio === 'none' ? null : await publishAudio(ctx.buckets.publish, file, input.publishAudio, loudness);
        return {
          durationSec: facts.durationSec,
          silences,
          info: { format: facts.format, codec: facts.codec, sampleRate: facts.sampleRate, channels: facts.channels, bitRate: facts.bitRate, loudness: { ...loudness }, published },
        };
      });
      ctx.log.info({ durationSec: audio.durationSec, silences: audio.silences.length }, 'audio probed and measured');
    }
    if (!input.transcriptKey) {
      if (!audio) throw new BadInputError('nothing to process: the drop has neither audio nor a transcript');
      return { audio, transcript: null };
    }
    const transcript = parseTranscriptFile(input.transcriptKey, await ctx.buckets.ingest.getBytes(input.transcriptKey));
    return { audio, transcript };
  },
  async save(trx, episode, out) {
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
    const contentHash = hashJson(out.transcript);
    await saveTranscript(trx, { episodeId: episode.id, version: 'raw', words: out.transcript.words, edits: null, timing: out.transcript.timing, contentHash });
    return hashJson({ audio: out.audio, transcript: contentHash });
  },
};
