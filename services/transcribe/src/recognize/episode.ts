import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import { runFfmpeg } from '@podpipe/ingest/audio/runner';
import { BadInputError } from '@podpipe/shared/errors';
import type { Silence, Word } from '@podpipe/shared/transcript';
import type { SpeechProvider } from '../provider.ts';
import { pieceCommand } from './piece-audio.ts';
import { planPieces, stitchPieces, type Piece } from './pieces.ts';

export interface EpisodeAudio {
  path: string;
  durationSec: number;
  silences: Silence[];
}

export interface RecognizeOptions {
  prompt: string;
  /** Longest piece sent to the recognizer (seconds). */
  pieceSec: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void | Promise<void>;
}

/** Longest time ffmpeg may take to cut one piece. */
const CUT_TIMEOUT_SEC = 300;

/**
 * Recognizes an episode: cuts it at silences into pieces, lets the provider hear them (at most its concurrency at
 * once), and stitches the words back into episode times. Audio ffmpeg cannot decode is bad input.
 */
export async function recognizeEpisode(provider: SpeechProvider, audio: EpisodeAudio, opts: RecognizeOptions): Promise<{ words: Word[]; pieces: number }> {
  const pieces = planPieces(audio.durationSec, audio.silences, opts.pieceSec);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'podpipe-transcribe-'));
  const limit = pLimit(provider.concurrency);
  // One piece failing for good fails the episode: stop the requests still in flight instead of paying for them.
  const stop = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, stop.signal]) : stop.signal;
  let done = 0;
  try {
    const heard = await Promise.all(
      pieces.map((piece) =>
        limit(async (): Promise<{ piece: Piece; words: Word[] }> => {
          signal.throwIfAborted();
          const file = path.join(dir, `piece-${piece.index}.${provider.pieceFormat}`);
          await runFfmpeg(audio.path, pieceCommand(piece, provider.pieceFormat, file), CUT_TIMEOUT_SEC).catch((err: Error) => {
            throw new BadInputError(`audio cannot be decoded for speech recognition: ${err.message.replaceAll(audio.path, 'the audio')}`);
          });
          const words = await provider.recognize({ path: file, durationSec: piece.to - piece.from }, { prompt: opts.prompt, signal });
          await rm(file, { force: true });
          done++;
          await opts.onProgress?.(done / pieces.length);
          return { piece, words };
        }).catch((err: unknown) => {
          if (!stop.signal.aborted) stop.abort(err);
          throw err;
        }),
      ),
    );
    return { words: stitchPieces(heard), pieces: pieces.length };
  } finally {
    limit.clearQueue();
    await rm(dir, { recursive: true, force: true });
  }
}
