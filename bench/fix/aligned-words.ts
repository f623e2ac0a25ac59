/**
 * A development sample's raw words timed by the forced aligner, as the pipeline times a plain-text transcript that
 * came with audio (transcribe stage, `alignTranscript`). Aligning takes CPU minutes, so the result is kept under the
 * system temp dir, keyed by the text and audio it came from; delete the folder to align again.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Word } from '@podpipe/shared/transcript';
import { analyzeAudio, probeAudio } from '../../services/ingest/src/audio/audio.ts';
import { alignTranscript } from '../../services/transcribe/src/align/aligner.ts';

const CACHE_DIR = path.join(os.tmpdir(), 'podpipe-bench-aligned');

/** The words of `rawFile` with times from `audioFile`, aligned once and then read from the cache. */
export async function alignedWords(rawFile: string, audioFile: string): Promise<Word[]> {
  const raw = fs.readFileSync(rawFile, 'utf8');
  const key = crypto.createHash('sha256').update(raw).update(String(fs.statSync(audioFile).size)).digest('hex').slice(0, 16);
  const cached = path.join(CACHE_DIR, `${path.basename(path.dirname(rawFile))}-${key}.json`);
  if (fs.existsSync(cached)) return JSON.parse(fs.readFileSync(cached, 'utf8')) as Word[];
  const words: Word[] = raw.split(/\s+/).filter(Boolean).map((text) => ({ text, start: 0, end: 0 }));
  const durationSec = (await probeAudio(audioFile)).durationSec;
  const { silences } = await analyzeAudio(audioFile, { durationSec });
  const aligned = await alignTranscript({ audioPath: audioFile, durationSec, silences, words });
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  fs.writeFileSync(cached, JSON.stringify(aligned.words));
  return aligned.words;
}
