import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import type { Frames } from './dtw.ts';

const run = promisify(execFile);

/**
 * MFCC frames per second: 20 ms apart, so a whole number of samples at both 16 kHz (the recording) and 22.05 kHz
 * (espeak-ng); at 100 frames a second sphinx_fe rounds the 22.05 kHz shift and the frames drift from the samples.
 */
export const FRAME_RATE = 50;
/** sphinx_fe's analysis window (seconds): as long as the shift is long, so no sample is skipped. */
const WINDOW_SEC = 0.05;
const CEPSTRA = 13;

/** Arguments for sphinx_fe reading 16-bit little-endian mono PCM at `rate` and writing Sphinx-format MFCC. */
export function sphinxFeArgs(rawPath: string, mfcPath: string, rate: number): string[] {
  let nfft = 256;
  while (nfft < WINDOW_SEC * rate) nfft *= 2;
  return [
    '-i', rawPath, '-o', mfcPath, '-raw', 'yes', '-input_endian', 'little', '-samprate', String(rate), '-nfft', String(nfft),
    '-frate', String(FRAME_RATE), '-wlen', String(WINDOW_SEC), '-ncep', String(CEPSTRA),
    // digital silence has no spectrum: a half-bit of noise keeps its log energies finite
    '-dither', 'yes', '-seed', '1',
  ];
}

/** Reads a Sphinx MFCC file: a 32-bit count of the floats that follow, then the frames, little-endian. */
export function readSphinxMfcc(buf: Buffer, dim = CEPSTRA): Frames {
  const floats = buf.readInt32LE(0);
  const count = Math.floor(Math.min(floats, (buf.length - 4) / 4) / dim);
  const data = new Float32Array(count * dim);
  for (let k = 0; k < data.length; k++) data[k] = buf.readFloatLE(4 + 4 * k);
  return { data, dim, count };
}

/** MFCC frames of 16-bit mono PCM samples at `rate`, computed by sphinx_fe (sphinxbase-utils) through files at `stem`.*. */
export async function mfccOf(samples: Int16Array, rate: number, stem: string, signal?: AbortSignal): Promise<Frames> {
  const rawPath = `${stem}.raw`;
  const mfcPath = `${stem}.mfc`;
  fs.writeFileSync(rawPath, new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength));
  try {
    await run('sphinx_fe', sphinxFeArgs(rawPath, mfcPath, rate), { signal, maxBuffer: 16 << 20 });
    return readSphinxMfcc(fs.readFileSync(mfcPath));
  } finally {
    fs.rmSync(rawPath, { force: true });
    fs.rmSync(mfcPath, { force: true });
  }
}
