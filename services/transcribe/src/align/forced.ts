import fs from 'node:fs';
import path from 'node:path';
import type { Silence } from '@podpipe/shared/transcript';
import { chainGrammar, locateRun, type PositionRange } from './grammar.ts';
import { alignToAudio } from './index.ts';
import { buildLexicon } from './lexicon.ts';
import type { Pcm } from './pcm.ts';
import { DEFAULT_PIECE_LIMITS, PauseMap, type PieceLimits } from './pieces.ts';
import { decodePiece, espeakIpa, loadDictionary, locateSphinx, type DecoderBeams, type SphinxSetup } from './sphinx.ts';

/** A word time the decoder found (seconds in the episode). */
export interface PlacedTime {
  start: number;
  end: number;
}

export interface ForcedAlignOptions {
  setup?: Partial<SphinxSetup>;
  pieces?: PieceLimits;
  /** Decoders run at once: 1 reads the episode front to back; 2 also reads it back to front, meeting in the middle. */
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void | Promise<void>;
  /** One line per decoder run (piece, window, what it read), for studying where alignment goes wrong. */
  trace?: (line: string) => void;
  /**
   * Seconds of audio left undecoded after each piece (default 0: every second is read). With a skip the decoder reads
   * anchor pieces and the words between them are left to DTW against synthesized speech, at about a fifth of the
   * decoder's CPU per word on the long episode, but with less exact times and pauses (the punctuation model reads the
   * pauses): 20 s cut the long episode's decoding by a third and the development set's comma F1 by 0.07
   * (bench/RESULTS.md, "Alignment: the decoder's skip as a setting"). The transcribe stage takes it from
   * PODPIPE_ALIGN_SKIP_SEC.
   */
  skipSec?: number;
  /** With skipping, every piece read is about this long (default: cut like any piece, `pieces`). */
  anchorSec?: number;
  /** The decoder's beams (sphinx.ts, DECODER_BEAMS; default `wide`). */
  beams?: DecoderBeams;
}

export interface ForcedAlignResult {
  /** Per word: the decoder's time, or null where it could not place the word. */
  times: (PlacedTime | null)[];
  pieces: number;
  /** Times a chain lost the words here and skipped ahead to the next pause. */
  failedPieces: number;
  /** Words pronounced by letter-to-sound rather than cmudict. */
  guessed: number;
}

/** Pieces shorter than this are not decoded; a partial read must get this far to count. */
const MIN_PIECE_SEC = 1;
/** How far a chain that lost the words jumps before it tries again; doubled after each miss in a row, up to MAX_SKIP_FACTOR times. */
const SKIP_SEC = 8;
const MAX_SKIP_FACTOR = 4;
/** After a miss or a partial read, a chain tries again on a piece about this long: a miss on it costs less, and a hit re-anchors it. */
const LOST_PIECE_SEC = 12;
/** Fewest words a decode must place before the first implausible one to count as read. */
const MIN_RUN_WORDS = 3;
/** Words a chain may skip at a piece's edge, so a piece that ended a little early or late does not derail the next. */
const EDGE_SLACK = 4;
/** After a piece with no path, the next one may start this many words away from the estimate. */
const LOST_SLACK = 40;
/**
 * A stretch after the first starts where proportional placement puts its first word, which can be off by more than
 * LOST_SLACK words (on the long episode by 45–60 at two stretch starts): its first piece may enter this far either way.
 */
const STRETCH_SLACK = 150;
/**
 * A read whose good words are fewer than this share of the words expected from the piece's start to the last of them is sparse: the
 * chain's cursor is probably off (the decoder spreads the wrong words over the audio, a few seconds apart), so the
 * next piece's entry widens — LOST_SLACK, doubled after each sparse read or miss in a row up to STRETCH_SLACK — instead of
 * staying within EDGE_SLACK of a cursor that may be wrong. Without it a chain that started or fell ~50–160 words
 * behind stayed behind for a whole stretch, re-reading short pieces a few seconds at a time.
 */
const SPARSE_SHARE = 0.4;
/** The entry slack after `trouble` sparse reads or misses in a row. */
const troubleSlack = (trouble: number) => Math.min(STRETCH_SLACK, LOST_SLACK * 2 ** Math.max(0, trouble - 1));

/**
 * A piece's grammar holds the words expected in its audio × SPAN_SHARE + SPAN_WORDS past its entry. The decoder pays
 * for every state of the grammar in every frame (pocketsphinx's FSG history walks them all), and once a chain stays on
 * its words a piece reads ≤ 1.11× the words expected (99 % of the long episode's 166 on-track pieces): 1.25 × + 15
 * (was 1.6 × + 25, ~184 words a piece) read the same words on every replayed piece with ~5 % less decoder CPU. A piece
 * with more words than that reads up to its grammar's end and the chain reads on from there.
 */
const SPAN_SHARE = 1.25;
const SPAN_WORDS = 15;

/** After a skip, the next piece enters the words within SKIP_SLACK_SHARE of the words expected in the skipped audio (at least EDGE_SLACK). */
const SKIP_SLACK_SHARE = 0.3;

/** Stretches of audio handed to the decoder pool are about this long. */
const STRETCH_SEC = 600;

/**
 * Longest a word may plausibly last: MAX_WORD_SEC, or MAX_PHONE_SEC per phone of its longest pronunciation when that is
 * longer — a number said in full ("one thousand eight hundred seventeen", 27 phones) takes 2 s and more, and a read
 * cut there left the words after it to DTW (bench/RESULTS.md, aligndrift2).
 */
const MAX_WORD_SEC = 1.6;
const MAX_PHONE_SEC = 0.12;
/** Most speech (not pause) a path may leave unread between two words or at a piece's end. */
const MAX_UNREAD_SEC = 1;

/**
 * Aligns transcript words to their audio with pocketsphinx constrained to the transcript's own words, piece by
 * piece over the audio (already converted to PCM) cut at pauses. Throws AlignerUnavailableError when the decoder or
 * model is missing.
 */
export async function forcedAlign(
  pcm: Pcm,
  texts: string[],
  audio: { duration: number; silences: Silence[] },
  options: ForcedAlignOptions = {},
): Promise<ForcedAlignResult> {
  const setup = locateSphinx(options.setup);
  const signal = options.signal;
  const lexicon = await buildLexicon(texts, loadDictionary(setup.modelDir), (words) => espeakIpa(words, signal));
  // the chain reads only pronounceable words; `order[k]` is the transcript index of the k-th of them
  const order: number[] = [];
  lexicon.keys.forEach((key, i) => {
    if (key !== null) order.push(i);
  });
  const keys = order.map((i) => lexicon.keys[i]!);
  const times: (PlacedTime | null)[] = texts.map(() => null);
  const pauses = new PauseMap(audio.silences, audio.duration, options.pieces ?? DEFAULT_PIECE_LIMITS);
  if (keys.length === 0) return { times, pieces: 0, failedPieces: 0, guessed: lexicon.guessed };

  const dir = pcm.dir;
  const dictPath = path.join(dir, 'words.dict');
  try {
    fs.writeFileSync(dictPath, lexicon.dictText);
    const wordsPerSec = keys.length / pauses.speechSec(0, audio.duration);
    const expected = (start: number, end: number) => pauses.speechSec(start, end) * wordsPerSec;
    const span = (start: number, end: number) => Math.ceil(expected(start, end) * SPAN_SHARE + SPAN_WORDS);

    // claims[k]: chain position k's time; a later decode of the same word overwrites an earlier one
    const claims: (PlacedTime | null)[] = keys.map(() => null);
    let decodes = 0;
    let lost = 0;

    /** Decodes [start, end] against keys[lo, hi); the located run of words (absolute times), or null. */
    const decode = async (start: number, end: number, lo: number, hi: number, entry: PositionRange, exit: PositionRange) => {
      const window = keys.slice(lo, hi);
      const decoded = await decodePiece(setup, {
        dir,
        stem: pcm.stem,
        startFrame: Math.floor(start * 100),
        endFrame: Math.max(Math.floor(start * 100) + 1, Math.floor(end * 100)),
        fsg: chainGrammar(window, entry, exit),
        dictPath,
        signal,
        beams: options.beams ?? 'wide',
      });
      const at = decoded.length === 0 ? -1 : locateRun(window, decoded.map((d) => d.key), entry, exit);
      options.trace?.(`${start.toFixed(1)}-${end.toFixed(1)} s, words ${lo}-${hi}: ${decoded.length} read at ${at}: ${decoded.map((d) => `${d.key}@${(start + d.start).toFixed(1)}`).join(' ')}`);
      decodes++;
      if (at < 0) return null;
      return decoded.map((d, k) => ({ index: lo + at + k, start: start + d.start, end: start + d.end }));
    };
    const claim = (run: { index: number; start: number; end: number }[]) => {
      for (const w of run) claims[w.index] = { start: w.start, end: w.end };
    };
    const longest = keys.map((key) => Math.max(MAX_WORD_SEC, MAX_PHONE_SEC * (lexicon.phones.get(key) ?? 0)));
    const stretched = (w: { index: number; start: number; end: number }) => w.end - w.start > longest[w.index]!;

    const skip = Math.max(0, options.skipSec ?? 0);
    const anchor = options.anchorSec !== undefined && skip > 0 ? Math.max(MIN_PIECE_SEC, options.anchorSec) : null;
    /** Reads [from, to) front to back starting near word `cursor` (within `slack` words either way). */
    const chain = async (from: number, to: number, startCursor: number, startSlack: number) => {
      let cursor = startCursor;
      let slack = startSlack;
      let front = from;
      // pieces in a row this chain could not read: it retries on short pieces and skips further each time
      let misses = 0;
      // the last piece was read only in part: the words are hard to follow here, so the next piece is short too
      let partial = false;
      // sparse reads and misses in a row (see SPARSE_SHARE): each one widens the next entry
      let trouble = 0;
      while (to - front > MIN_PIECE_SEC && cursor < keys.length) {
        const start = front;
        const end: number =
          anchor !== null
            ? Math.min(to, pauses.nextPause(start + anchor))
            : misses === 0 && !partial
              ? pauses.cutAfter(start, to)
              : Math.min(to, pauses.nextPause(start + LOST_PIECE_SEC));
        const lo = Math.max(0, cursor - Math.max(EDGE_SLACK, slack));
        const hi = Math.min(keys.length, cursor + slack + span(start, end));
        const run = await decode(start, end, lo, hi, { from: 0, to: cursor - lo + slack }, { from: 0, to: hi - lo });
        // the first implausible word: stretched over seconds, or after speech the path left unread
        const bad = run ? run.findIndex((w, k) => stretched(w) || (k > 0 && pauses.speechSec(run[k - 1]!.end, w.start) > MAX_UNREAD_SEC && w.start - run[k - 1]!.end > MAX_UNREAD_SEC)) : 0;
        const good = run ? (bad < 0 ? run : run.slice(0, bad)) : [];
        const reached = good.length > 0 ? good.at(-1)!.end : start;
        if (good.length >= MIN_RUN_WORDS && (bad < 0 || reached - start >= MIN_PIECE_SEC)) {
          claim(good);
          cursor = good.at(-1)!.index + 1;
          // sparse: the good words, counted from the piece's start, are far fewer than the audio they took holds
          const sparse = good.length < SPARSE_SHARE * expected(start, reached);
          trouble = sparse ? trouble + 1 : 0;
          slack = sparse ? troubleSlack(trouble) : EDGE_SLACK;
          misses = 0;
          // read on from the piece's end when the path read all its speech, else from the last good word
          partial = !(bad < 0 && pauses.speechSec(reached, end) <= MAX_UNREAD_SEC);
          front = partial ? reached : end;
          if (skip > 0) {
            // leave the next seconds to DTW (or the rest of the stretch, when too little would be left to read)
            const skipTo = pauses.nextPause(front + skip);
            const words = expected(front, Math.min(to, skipTo));
            cursor = Math.min(keys.length, Math.round(cursor + words));
            slack = Math.max(EDGE_SLACK, Math.ceil(words * SKIP_SLACK_SHARE));
            front = skipTo < to - MIN_PIECE_SEC - skip / 2 ? skipTo : to;
          }
        } else {
          // lost here: skip to a pause some seconds on and widen the next entry
          misses++;
          const skipTo = Math.min(to, pauses.nextPause(start + SKIP_SEC * Math.min(MAX_SKIP_FACTOR, 2 ** (misses - 1))));
          cursor = Math.min(keys.length, Math.round(cursor + expected(start, skipTo)));
          trouble++;
          slack = troubleSlack(trouble);
          lost++;
          front = Math.max(skipTo, start + 1);
        }
        covered += front - start;
        await options.onProgress?.(Math.min(1, covered / audio.duration));
      }
    };
    // the audio is split at pauses into stretches of about STRETCH_SEC (a multiple of the decoders), read by a pool
    // of decoders so both cores stay busy when one stretch is harder than another; a stretch after the first starts
    // from where proportional placement puts its first word, with a wide entry
    const estimate = alignToAudio(keys, { duration: audio.duration, silences: audio.silences });
    const decoders = Math.max(1, Math.min(8, options.concurrency ?? 2));
    const stretches = decoders * Math.max(1, Math.round(audio.duration / (STRETCH_SEC * decoders)));
    const bounds = [0];
    for (let k = 1; k < stretches; k++) bounds.push(pauses.nextPause((audio.duration * k) / stretches));
    bounds.push(audio.duration);
    let covered = 0;
    let next = 0;
    const worker = async () => {
      while (next < stretches) {
        const k = next++;
        const from = bounds[k]!;
        const cursor = k === 0 ? 0 : Math.max(0, estimate.findIndex((w) => w.start >= from));
        await chain(from, bounds[k + 1]!, cursor, k === 0 ? EDGE_SLACK : STRETCH_SLACK);
      }
    };
    await Promise.all(Array.from({ length: decoders }, worker));

    // keep only claims in time order: a word claimed out of order is one the chains disagree on
    let last = 0;
    claims.forEach((claim, k) => {
      if (!claim) return;
      if (claim.start + 1e-6 < last) return;
      times[order[k]!] = claim;
      last = claim.end;
    });
    return { times, pieces: decodes, failedPieces: lost, guessed: lexicon.guessed };
  } finally {
    fs.rmSync(dictPath, { force: true });
  }
}
