import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The rate the decoder and the MFCC front end read. */
export const PCM_RATE = 16_000;

/** An episode's audio as 16 kHz mono 16-bit little-endian PCM: the file `<dir>/<stem>.raw`, in a temporary folder. */
export interface Pcm {
  dir: string;
  stem: string;
}

/** Converts the audio to PCM in a fresh temporary folder, runs `fn` on it, and removes the folder afterwards. */
export async function withPcm<T>(audioPath: string, signal: AbortSignal | undefined, fn: (pcm: Pcm) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podpipe-align-'));
  try {
    const pcm = { dir, stem: 'audio' };
    await run('ffmpeg', ['-v', 'error', '-nostdin', '-y', '-i', audioPath, '-ac', '1', '-ar', String(PCM_RATE), '-f', 's16le', pcmPath(pcm)], {
      signal,
      maxBuffer: 16 << 20,
    });
    return await fn(pcm);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function pcmPath(pcm: Pcm): string {
  return path.join(pcm.dir, `${pcm.stem}.raw`);
}

/** The samples between two times (seconds), read from the file without loading the rest. */
export function readPcm(pcm: Pcm, start: number, end: number): Int16Array {
  const from = Math.max(0, Math.floor(start * PCM_RATE));
  const count = Math.max(0, Math.floor(end * PCM_RATE) - from);
  const bytes = Buffer.alloc(count * 2);
  const fd = fs.openSync(pcmPath(pcm), 'r');
  try {
    const read = fs.readSync(fd, bytes, 0, bytes.length, from * 2);
    return new Int16Array(bytes.buffer, bytes.byteOffset, Math.floor(read / 2));
  } finally {
    fs.closeSync(fd);
  }
}
