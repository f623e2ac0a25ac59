import { spawn } from 'node:child_process';
import type { Word } from '@podpipe/shared/transcript';
import { ProviderError, RecognizerMissingError, type PieceFile, type SpeechProvider } from '../provider.ts';

export const POCKETSPHINX_BINARY = 'pocketsphinx_continuous';
/** Where Debian's pocketsphinx-en-us puts the US English model (the binary's built-in default). */
export const POCKETSPHINX_MODEL_DIR = '/usr/share/pocketsphinx/model/en-us';

export const POCKETSPHINX_MISSING =
  `speech recognizer ${POCKETSPHINX_BINARY} not found: install the Debian packages pocketsphinx and pocketsphinx-en-us ` +
  '(apt-get install pocketsphinx pocketsphinx-en-us), or set PODPIPE_TRANSCRIBE_URL to an OpenAI-compatible transcription API';

/** `word start end posterior` lines of `-time yes` output. */
const WORD_LINE = /^(\S+) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)$/;

/**
 * The words in pocketsphinx_continuous `-time yes` output: utterance markers (<s>, </s>, <sil>), noise and
 * filler tokens ([NOISE], ++UH++) dropped, alternate-pronunciation marks ("to(2)") removed, the posterior kept as
 * the word's confidence.
 */
export function parsePocketsphinxOutput(stdout: string): Word[] {
  const words: Word[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const m = WORD_LINE.exec(line.trim());
    if (!m) continue;
    const token = m[1]!;
    if (token.startsWith('<') || token.startsWith('[') || token.startsWith('+')) continue;
    const text = token.replace(/\(\d+\)$/, '');
    if (!text) continue;
    const start = Number(m[2]);
    words.push({ text, start, end: Math.max(start, Number(m[3])), confidence: Math.min(1, Math.max(0, Number(m[4]))) });
  }
  return words;
}

/**
 * Two-minute pieces: two recognizers keep both cores busy, progress moves, and a retried piece costs little; loading
 * the model (about a second) per piece stays a small share.
 */
const PIECE_SEC = 120;
/** A piece may take this many times its length before the run counts as hung (a busy machine runs slower than real time). */
const SLOWEST_REAL_TIME_FACTOR = 4;

/** Runs the recognizer on one 16 kHz mono WAV file; resolves with its stdout. */
function runPocketsphinx(file: string, timeoutMs: number, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(POCKETSPHINX_BINARY, ['-infile', file, '-time', 'yes', '-logfn', '/dev/null'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const onAbort = () => child.kill('SIGKILL');
    signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString('utf8')).slice(-2000)));
    child.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(err.code === 'ENOENT' ? new RecognizerMissingError(POCKETSPHINX_MISSING) : err);
    });
    child.on('close', (code, sig) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (code === 0) return resolve(stdout);
      if (signal?.aborted) return reject(signal.reason);
      const why = sig ? `killed (${sig}) after ${Math.round(timeoutMs / 1000)} s` : `exit code ${code}: ${stderr.trim().split('\n').slice(-3).join(' ')}`;
      reject(new ProviderError(`${POCKETSPHINX_BINARY} failed: ${why}`, !sig));
    });
  });
}

/** The offline recognizer: Debian's pocketsphinx with its US English model. Rough, but needs nothing configured. */
export function pocketsphinxProvider(opts: { concurrency: number; timeoutMs: number }): SpeechProvider {
  return {
    name: 'pocketsphinx',
    model: 'en-us',
    settings: { binary: POCKETSPHINX_BINARY, modelDir: POCKETSPHINX_MODEL_DIR, sampleRate: 16000 },
    pieceFormat: 'wav',
    concurrency: opts.concurrency,
    maxPieceSec: PIECE_SEC,
    async recognize(piece: PieceFile, { signal }) {
      const timeoutMs = Math.max(opts.timeoutMs, piece.durationSec * SLOWEST_REAL_TIME_FACTOR * 1000);
      return parsePocketsphinxOutput(await runPocketsphinx(piece.path, timeoutMs, signal));
    },
  };
}
