import type { Silence, Word } from '@podpipe/shared/transcript';

/**
 * One piece of the episode sent to a recognizer: it owns the words whose middle falls in [start, end), and is cut
 * from the audio as [from, to], a little wider than what it owns, so a word that crosses a cut (silences found
 * by level are not always where the words stop) is heard whole on both sides and kept by one.
 */
export interface Piece {
  index: number;
  start: number;
  end: number;
  from: number;
  to: number;
}

/** Context heard beyond a cut in a silence, and beyond a cut in speech (no silence near enough). */
const CONTEXT_SEC = 1;
const HARD_CUT_CONTEXT_SEC = 2;
/** Shortest silence worth cutting in. */
const MIN_CUT_SILENCE_SEC = 0.15;

/**
 * Plans pieces of at most `maxSec` (plus context) covering the episode, cut in the middle of silences: the longest
 * silence in the last half of each window, so pieces stay long and cuts land in real pauses; a cut in speech
 * only when the window has no silence at all.
 */
export function planPieces(durationSec: number, silences: Silence[], maxSec: number): Piece[] {
  const owned: { start: number; end: number; hard: boolean }[] = [];
  const gaps = silences.filter((s) => s.end - s.start >= MIN_CUT_SILENCE_SEC).sort((a, b) => a.start - b.start);
  let start = 0;
  let hardStart = false;
  while (durationSec - start > maxSec) {
    const limit = start + maxSec;
    let best: Silence | undefined;
    for (const s of gaps) {
      const mid = (s.start + s.end) / 2;
      if (mid <= start + maxSec / 2) continue;
      if (mid >= limit) break;
      if (!best || s.end - s.start >= best.end - best.start) best = s;
    }
    const cut = best ? (best.start + best.end) / 2 : limit;
    owned.push({ start, end: cut, hard: hardStart });
    hardStart = !best;
    start = cut;
  }
  owned.push({ start, end: durationSec, hard: hardStart });
  return owned.map((p, index) => {
    const next = owned[index + 1];
    return {
      index,
      start: p.start,
      end: p.end,
      from: index === 0 ? 0 : Math.max(0, p.start - (p.hard ? HARD_CUT_CONTEXT_SEC : CONTEXT_SEC)),
      to: next ? Math.min(durationSec, p.end + (next.hard ? HARD_CUT_CONTEXT_SEC : CONTEXT_SEC)) : durationSec,
    };
  });
}

const round = (t: number) => Math.round(t * 1000) / 1000;

/**
 * Joins the pieces' words (times relative to each piece's audio) into episode times: every word is shifted by its
 * piece's `from` and kept only by the piece that owns its middle, so a word heard by two pieces counts once and
 * no word between two pieces is dropped.
 */
export function stitchPieces(pieces: { piece: Piece; words: Word[] }[]): Word[] {
  const out: Word[] = [];
  for (const { piece, words } of [...pieces].sort((a, b) => a.piece.index - b.piece.index)) {
    for (const w of words) {
      const start = round(Math.max(piece.from, w.start + piece.from));
      const end = round(Math.max(start, Math.min(piece.to, w.end + piece.from)));
      const mid = (start + end) / 2;
      // The context belongs to the neighbour; the last piece keeps a word clamped to the episode's end.
      if (mid < piece.start || (mid >= piece.end && piece.to > piece.end)) continue;
      const prev = out[out.length - 1];
      // Recognizers rarely overlap their own words; keep the episode's words in time order.
      const safeStart = prev && start < prev.start ? prev.start : start;
      out.push({ ...w, start: safeStart, end: Math.max(safeStart, end) });
    }
  }
  return out;
}
