import type { Word } from '@podpipe/shared/transcript';

/** A piece of episode audio on local disk, ready for a recognizer. */
export interface PieceFile {
  path: string;
  /** Length of the piece file (seconds). */
  durationSec: number;
}

/** One speech recognizer: what it is (recorded on the transcript) and how it hears one piece. */
export interface SpeechProvider {
  /** `openai-compatible`, `pocketsphinx`. */
  readonly name: string;
  readonly model: string;
  /** Settings that shape the output (part of the fingerprint, recorded on the transcript; never credentials). */
  readonly settings: Record<string, unknown>;
  /** How pieces are encoded for it. */
  readonly pieceFormat: 'mp3' | 'wav';
  /** Pieces heard at once by one job. */
  readonly concurrency: number;
  /** Longest piece it should get (seconds), when shorter than the deployment's PODPIPE_TRANSCRIBE_PIECE_SEC. */
  readonly maxPieceSec?: number;
  /** Words heard in the piece, times relative to its start. */
  recognize(piece: PieceFile, opts: { prompt: string; signal?: AbortSignal }): Promise<Word[]>;
}

/** A recognizer failure; `permanent` when trying again cannot help (bad key, rejected request, unusable audio). */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

/** The recognizer's program is not installed: nothing to retry until the deployment changes. */
export class RecognizerMissingError extends ProviderError {
  constructor(message: string) {
    super(message, true);
    this.name = 'RecognizerMissingError';
  }
}
