import { UnrecoverableError } from 'bullmq';
import { sql } from 'kysely';
import { BadInputError } from '@podpipe/shared/errors';
import { hashJson, sourceTreeHash } from '@podpipe/shared/hash';
import type { StageContext, StageDefinition } from '@podpipe/shared/stage';
import { saveTranscript } from '@podpipe/shared/transcript-store';
import { EpisodeMeta, type Silence, type TranscriptSource, type Word } from '@podpipe/shared/transcript';
import type { TranscribeProviderName, TranscriptsTable } from '@podpipe/shared/db/schema';
import { AlignerUnavailableError, alignTranscript } from './align/aligner.ts';
import { alignToAudio, estimateTimings } from './align/index.ts';
import { ProviderError, type SpeechProvider } from './provider.ts';
import { chooseProvider } from './providers/choose.ts';
import { recognitionPrompt } from './prompt.ts';
import { recognizeEpisode } from './recognize/episode.ts';

interface RawInput {
  words: Word[];
  timing: TranscriptsTable['timing'];
  contentHash: string;
}

interface TranscribeInput {
  raw: RawInput | null;
  audio: { key: string; contentHash: string; durationSec: number; silences: Silence[] } | null;
  /** The show's own recognizer, if it chose one. */
  showProvider: TranscribeProviderName | null;
  /** The recognizer that will hear an audio-only drop, as recorded (never its key); null otherwise. */
  recognizer: { name: string; model: string; settings: Record<string, unknown> } | null;
  prompt: string;
  /** The episode's hosts, guests and sponsors (the prompt's part that decides a re-recognition). */
  names: Pick<EpisodeMeta, 'hosts' | 'guests' | 'sponsors'>;
  /** Forced alignment's decoder skip (PODPIPE_ALIGN_SKIP_SEC): it changes the times of a plain text's words. */
  alignSkipSec: number;
}

export interface TranscribeOutput {
  words: Word[];
  timing: 'provider' | 'audio' | 'estimated';
  source: TranscriptSource;
}

/** The longest piece this provider gets: the deployment's setting, or less when the provider asks for less. */
function pieceSecFor(provider: SpeechProvider, configured: number): number {
  return Math.min(configured, provider.maxPieceSec ?? configured);
}

/** Most glossary terms offered to the recognizer, by how often the show uses them. */
const PROMPT_TERMS = 60;

/** What the drop brought decides the work: its own times, a text to align, or nothing but audio to recognize. */
function mode(input: Pick<TranscribeInput, 'raw' | 'audio'>): 'sidecar' | 'align' | 'estimate' | 'recognize' {
  if (input.raw?.timing === 'provider') return 'sidecar';
  if (input.raw) return input.audio ? 'align' : 'estimate';
  return 'recognize';
}

function meanConfidence(words: Word[]): number | undefined {
  const known = words.flatMap((w) => (w.confidence === undefined ? [] : [w.confidence]));
  return known.length ? Math.round((known.reduce((a, b) => a + b, 0) / known.length) * 1000) / 1000 : undefined;
}

/** The show's glossary terms that the fixer would apply, most used first. */
async function promptTerms(ctx: StageContext, showId: string): Promise<string[]> {
  const rows = await ctx.db
    .selectFrom('glossary')
    .select('term')
    .where('show_id', '=', showId)
    .where((eb) => eb.or([eb('by_hand', '=', true), eb('count', '>=', ctx.config.glossaryMinCount)]))
    .groupBy('term')
    .orderBy((eb) => eb.fn.max('count'), 'desc')
    .orderBy('term')
    .limit(PROMPT_TERMS)
    .execute();
  return rows.map((r) => r.term);
}

/** Times an untimed text over the audio with the aligner; proportional placement when no aligner can run here. */
async function alignText(input: TranscribeInput, ctx: Parameters<StageDefinition<TranscribeInput, TranscribeOutput>['compute']>[1]): Promise<TranscribeOutput> {
  const audio = input.audio!;
  const words = input.raw!.words;
  try {
    const aligned = await ctx.buckets.ingest.withLocalFile(audio.key, (audioPath) =>
      alignTranscript({ audioPath, durationSec: audio.durationSec, silences: audio.silences, words }, { skipSec: input.alignSkipSec, onProgress: (f) => ctx.report.progress(f) }),
    );
    const kind = aligned.method === 'proportional' ? 'proportional' : 'aligned';
    return { words: aligned.words, timing: 'audio', source: { kind, provider: aligned.method, settings: aligned.method === 'proportional' ? {} : { skipSec: input.alignSkipSec }, interpolated: aligned.unplaced, dtwPlaced: aligned.dtwPlaced } };
  } catch (err) {
    // AlignerUnavailableError: pocketsphinx or its model is missing on this machine.
    if (!(err instanceof AlignerUnavailableError)) throw err;
    await ctx.report.step(`aligner unavailable (${(err as Error).message}); words placed in proportion to their length between silences`);
    const timed = alignToAudio(words.map((w) => w.text), { duration: audio.durationSec, silences: audio.silences });
    return {
      words: words.map((w, i) => ({ ...w, start: timed[i]!.start, end: timed[i]!.end })),
      timing: 'audio',
      source: { kind: 'proportional', provider: 'proportional', settings: {}, interpolated: words.length },
    };
  }
}

/** Recognizes speech in an audio-only drop with the chosen provider. */
async function recognize(input: TranscribeInput, ctx: Parameters<StageDefinition<TranscribeInput, TranscribeOutput>['compute']>[1]): Promise<TranscribeOutput> {
  const audio = input.audio!;
  const provider = chooseProvider(ctx.config.transcribe, input.showProvider, (message) => void ctx.report.step(message));
  await ctx.report.step(`recognizing speech with ${provider.name} (${provider.model})`);
  let words: Word[];
  try {
    ({ words } = await ctx.buckets.ingest.withLocalFile(audio.key, (path) =>
      recognizeEpisode(provider, { path, durationSec: audio.durationSec, silences: audio.silences }, { prompt: input.prompt, pieceSec: pieceSecFor(provider, ctx.config.transcribe.pieceSec), onProgress: (f) => ctx.report.progress(f) }),
    ));
  } catch (err) {
    // Trying again cannot fix a missing program or a rejected request: fail the episode now, with the reason.
    if (err instanceof ProviderError && err.permanent) throw new UnrecoverableError(err.message);
    throw err;
  }
  if (!words.length) throw new BadInputError(`speech recognition (${provider.name}) heard no words in the audio; is it silent or not speech?`);
  const confidence = meanConfidence(words);
  return {
    words,
    timing: 'provider',
    source: { kind: 'provider', provider: provider.name, model: provider.model, settings: input.recognizer?.settings ?? provider.settings, ...(confidence !== undefined ? { meanConfidence: confidence } : {}) },
  };
}

/**
 * Transcribe: gives every episode a timed transcript. A drop with its own times passes through; a plain text is
 * aligned to the audio (or given nominal times without audio); audio alone is recognized by the show's or the
 * deployment's speech provider. The transcript records where its words and times came from.
 */
export const transcribeStage: StageDefinition<TranscribeInput, TranscribeOutput> = {
  name: 'transcribe',
  version: sourceTreeHash(import.meta.url),
  // The raw words, audio and silences are ingest's output (runStage adds its hash); what else shapes a recognition:
  // the recognizer (deployment's or show's, read with the episode; never its key) and the episode's names for the prompt.
  inputReads: (db) => ({ showProvider: db.selectFrom('shows').select('transcribe_provider').where('shows.id', '=', sql.ref<string | null>('episodes.show_id')) }),
  inputKey(ctx, episode, reads) {
    const { apiKey: _never, ...openai } = ctx.config.transcribe.openai ?? {};
    return {
      recognizer: { ...ctx.config.transcribe, openai },
      showProvider: reads.showProvider ?? null,
      meta: episode.meta,
    };
  },
  async load(ctx, episode) {
    const raw = await ctx.db.selectFrom('transcripts').select(['words', 'timing', 'content_hash']).where('episode_id', '=', episode.id).where('version', '=', 'raw').executeTakeFirst();
    const audio = episode.audio_key && episode.duration_sec ? { key: episode.audio_key, contentHash: episode.content_hash, durationSec: episode.duration_sec, silences: episode.silences ?? [] } : null;
    if (!raw && !audio) throw new Error('no raw transcript and no audio stored; ingest must run first');
    const show = episode.show_id ? await ctx.db.selectFrom('shows').select('transcribe_provider').where('id', '=', episode.show_id).executeTakeFirst() : undefined;
    const showProvider = show?.transcribe_provider ?? null;
    const meta = EpisodeMeta.parse(episode.meta);
    const recognizer = raw ? null : chooseProvider(ctx.config.transcribe, showProvider);
    return {
      raw: raw ? { words: raw.words as Word[], timing: raw.timing, contentHash: raw.content_hash } : null,
      audio,
      showProvider,
      recognizer: recognizer ? { name: recognizer.name, model: recognizer.model, settings: { ...recognizer.settings, pieceSec: pieceSecFor(recognizer, ctx.config.transcribe.pieceSec) } } : null,
      prompt: recognizer ? recognitionPrompt(meta, episode.show_id ? await promptTerms(ctx, episode.show_id) : []) : '',
      names: { hosts: meta.hosts, guests: meta.guests, sponsors: meta.sponsors },
      alignSkipSec: ctx.config.transcribe.alignSkipSec,
    };
  },
  fingerprint(input) {
    switch (mode(input)) {
      case 'sidecar':
        return { sidecar: input.raw!.contentHash };
      case 'estimate':
        return { estimate: input.raw!.contentHash };
      case 'align':
        return { align: input.raw!.contentHash, audio: input.audio!.contentHash, silences: hashJson(input.audio!.silences), skipSec: input.alignSkipSec };
      case 'recognize':
        // Which recognizer and how it was asked (never its key). The glossary terms in the prompt are a hint that grows
        // with every episode of the show: recognizing an archive again for each new term would cost more than it fixes.
        return { recognize: input.audio!.contentHash, silences: hashJson(input.audio!.silences), recognizer: input.recognizer, names: input.names };
    }
  },
  async compute(input, ctx) {
    const m = mode(input);
    await ctx.report.step(`timing the transcript: ${m}`);
    let out: TranscribeOutput;
    if (m === 'sidecar') {
      const confidence = meanConfidence(input.raw!.words);
      out = { words: input.raw!.words, timing: 'provider', source: { kind: 'sidecar', provider: 'sidecar', settings: {}, ...(confidence !== undefined ? { meanConfidence: confidence } : {}) } };
    } else if (m === 'estimate') {
      const timed = estimateTimings(input.raw!.words.map((w) => w.text));
      out = { words: input.raw!.words.map((w, i) => ({ ...w, start: timed[i]!.start, end: timed[i]!.end })), timing: 'estimated', source: { kind: 'estimated', provider: 'nominal-rate', settings: {} } };
    } else if (m === 'align') {
      out = await alignText(input, ctx);
    } else {
      out = await recognize(input, ctx);
    }
    ctx.log.info({ words: out.words.length, kind: out.source.kind, provider: out.source.provider, meanConfidence: out.source.meanConfidence }, 'timed transcript ready');
    await ctx.report.step(`${out.words.length} words timed (${out.source.kind}, ${out.source.provider})`);
    await ctx.report.progress(1);
    return out;
  },
  async save(trx, episode, out) {
    const contentHash = hashJson({ words: out.words, source: out.source });
    await saveTranscript(trx, { episodeId: episode.id, version: 'timed', words: out.words, edits: null, timing: out.timing, contentHash, source: out.source });
    return contentHash;
  },
};
