import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Debian's pocketsphinx + pocketsphinx-en-us install the model here. */
export const DEFAULT_MODEL_DIR = '/usr/share/pocketsphinx/model/en-us';
export const DEFAULT_DECODER = 'pocketsphinx_batch';

/** The forced aligner cannot run here: its binary or acoustic model is missing. The caller falls back to proportional placement. */
export class AlignerUnavailableError extends Error {
  override name = 'AlignerUnavailableError';
}

/** Where the decoder and its model live. */
export interface SphinxSetup {
  decoder: string;
  /** The folder holding `en-us/` (acoustic model) and `cmudict-en-us.dict`. */
  modelDir: string;
}

/** The binary's path when it exists (given with a slash) or is on PATH, else null. */
export function onPath(binary: string): string | null {
  if (binary.includes('/')) return fs.existsSync(binary) ? binary : null;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, binary);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return null;
}

/** Checks the decoder and model exist; throws AlignerUnavailableError naming the Debian packages otherwise. */
export function locateSphinx(setup: Partial<SphinxSetup> = {}): SphinxSetup {
  const decoder = onPath(setup.decoder ?? DEFAULT_DECODER);
  if (!decoder) throw new AlignerUnavailableError(`forced alignment needs ${setup.decoder ?? DEFAULT_DECODER}: apt-get install pocketsphinx pocketsphinx-en-us`);
  const modelDir = setup.modelDir ?? DEFAULT_MODEL_DIR;
  for (const file of ['en-us/mdef', 'en-us/means', 'cmudict-en-us.dict']) {
    if (!fs.existsSync(path.join(modelDir, file))) {
      throw new AlignerUnavailableError(`forced alignment needs the en-us model (${path.join(modelDir, file)} is missing): apt-get install pocketsphinx-en-us`);
    }
  }
  return { decoder, modelDir };
}

const dictionaries = new Map<string, Map<string, string[]>>();

/** cmudict as word → pronunciations (phone strings), read once per process. */
export function loadDictionary(modelDir: string): Map<string, string[]> {
  const known = dictionaries.get(modelDir);
  if (known) return known;
  const dict = new Map<string, string[]>();
  for (const line of fs.readFileSync(path.join(modelDir, 'cmudict-en-us.dict'), 'utf8').split('\n')) {
    const space = line.indexOf(' ');
    if (space <= 0) continue;
    const head = line.slice(0, space).replace(/\(\d+\)$/, '');
    const phones = line.slice(space + 1).trim();
    const list = dict.get(head);
    if (list) list.push(phones);
    else dict.set(head, [phones]);
  }
  dictionaries.set(modelDir, dict);
  return dict;
}

/** espeak-ng's IPA for each word (one line in, one line out), or null when espeak-ng is missing or misbehaves. */
export async function espeakIpa(words: string[], signal?: AbortSignal): Promise<string[] | null> {
  if (words.length === 0) return [];
  if (!onPath('espeak-ng')) return null;
  return new Promise((resolve) => {
    const child = execFile('espeak-ng', ['-q', '--ipa', '-v', 'en-us'], { maxBuffer: 64 << 20, signal }, (err, stdout) => {
      if (err) return resolve(null);
      const lines = stdout.split('\n').map((l) => l.trim());
      while (lines.length > words.length && lines.at(-1) === '') lines.pop();
      resolve(lines.length === words.length ? lines : null);
    });
    child.stdin?.end(words.join('\n') + '\n');
  });
}

/**
 * The decoder's search settings. `wide` (the aligner's): pocketsphinx's default beams lose the path on synthesized and
 * unusual voices (the word-exit beam matters most), so all three are far wider. `narrow`: beams 1e-80 / 1e-60 / 1e-60
 * and the 3 best Gaussians per codebook instead of 4 — the same words read, but word edges a frame or two apart here
 * and there, which the punctuation model reads as pauses: with the chains on their words it saved only ~7 % of the
 * long episode's CPU and cost lex-opening 0.035 sentence-end / 0.025 comma F1, so it is a bench option only
 * (`bench/align/run.ts --beams narrow`; bench/RESULTS.md, align5).
 */
export const DECODER_BEAMS = {
  wide: ['-beam', '1e-100', '-wbeam', '1e-80', '-pbeam', '1e-80'],
  narrow: ['-beam', '1e-80', '-wbeam', '1e-60', '-pbeam', '1e-60', '-topn', '3'],
} as const;
export type DecoderBeams = keyof typeof DECODER_BEAMS;

/** One stretch of the episode's 16 kHz raw audio to decode against one grammar. */
export interface DecodeRequest {
  /** The 16 kHz mono s16le file, named `<stem>.raw` inside `dir`. */
  dir: string;
  stem: string;
  /** Frames (10 ms). */
  startFrame: number;
  endFrame: number;
  /** Sphinx FSG text and the dictionary file it draws its words from. */
  fsg: string;
  dictPath: string;
  signal?: AbortSignal;
  /** Default `wide`. */
  beams?: DecoderBeams;
}

/** A decoded word: its dictionary key and its times (seconds, relative to the piece). */
export interface DecodedWord {
  key: string;
  start: number;
  end: number;
}

let serial = 0;

/** Runs the decoder over one piece; returns the words of the best path (fillers left out), empty when it found none. */
export async function decodePiece(setup: SphinxSetup, req: DecodeRequest): Promise<DecodedWord[]> {
  const id = `p${process.pid}_${++serial}`;
  const fsgPath = path.join(req.dir, `${id}.fsg`);
  const ctlPath = path.join(req.dir, `${id}.ctl`);
  const ctmPath = path.join(req.dir, `${id}.ctm`);
  fs.writeFileSync(fsgPath, req.fsg);
  fs.writeFileSync(ctlPath, `${req.stem} ${req.startFrame} ${req.endFrame} ${id}\n`);
  try {
    // dither: digital silence (runs of zero samples, common in produced audio) otherwise swallows the word before it
    await run(
      setup.decoder,
      [
        '-adcin', 'yes', '-cepdir', req.dir, '-cepext', '.raw', '-ctl', ctlPath,
        '-fsg', fsgPath, '-dict', req.dictPath, '-hmm', path.join(setup.modelDir, 'en-us'),
        ...DECODER_BEAMS[req.beams ?? 'wide'],
        '-remove_silence', 'no', '-dither', 'yes', '-seed', '1', '-ctm', ctmPath, '-logfn', '/dev/null',
      ],
      { signal: req.signal, maxBuffer: 16 << 20, timeout: 10 * 60_000 },
    );
    if (!fs.existsSync(ctmPath)) return [];
    const words: DecodedWord[] = [];
    for (const line of fs.readFileSync(ctmPath, 'utf8').split('\n')) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 5) continue;
      const key = fields[4]!.replace(/\(\d+\)$/, '');
      if (key.startsWith('<') || key.startsWith('[')) continue;
      const start = Number(fields[2]);
      words.push({ key, start, end: start + Number(fields[3]) });
    }
    return words;
  } finally {
    for (const file of [fsgPath, ctlPath, ctmPath]) fs.rmSync(file, { force: true });
  }
}
