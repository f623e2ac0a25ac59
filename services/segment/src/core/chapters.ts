import type { ChapterKind } from '@podpipe/shared/transcript';
import type { AdSpan } from './ads.ts';
import type { BoundaryEvidence } from './boundaries.ts';
import { INTRO, LATE_OUTRO, OUTRO, countPhrases } from './cues.ts';
import type { Sentence } from './sentences.ts';

/** A chapter as a run of sentences [first, last] (inclusive). */
export interface ChapterPlan {
  first: number;
  last: number;
  kind: ChapterKind;
  sponsor?: string | null;
}

/** Sentences that mark the show's own edges (cues.ts): where it signs on, where the host turns to a guest by name. */
export interface ShowMarks {
  signOn?: Set<number>;
  /** The host's preview of the episode's topics (titles.ts `previewSentences`), in order. */
  preview?: number[];
  toGuest?: Set<number>;
}

export interface LengthBounds {
  minChapterSec: number;
  maxChapterSec: number;
}

/** Evidence a boundary needs (0..1) to pay for a new chapter. */
const CHAPTER_COST = 0.45;
/** Evidence an intro's or outro's edge needs to stand on its own. */
const EDGE_EVIDENCE = 0.3;
/** Longest introduction (seconds from where it starts, after any pre-roll): a welcome and a preview take about a minute. */
const LONGEST_INTRO = 100;
const SHORTEST_SPAN = 20;
/** Shortest content chapter in any episode (seconds), and the episode share below which a chapter is too short. */
const SHORTEST_TOPIC = 30;
const TOPICS_PER_EPISODE = 15;
/** Longest chapter as a share of the episode: even a narrative show without a cue moves on within half of it. */
const LONGEST_SHARE = 0.5;
/**
 * Longest mean chapter (seconds): an episode gets at least one chapter per this much audio. A long interview whose topic
 * changes are only the host's questions gives weak text evidence everywhere, and the chapter cost alone then leaves
 * whole topics unsplit; short episodes already have more chapters than this asks.
 */
const LONGEST_MEAN_CHAPTER = 320;
/** Cheapest chapter cost the count floor may lower it to, and the bisection steps that find it. */
const CHEAPEST_COST = 0.1;
const COST_STEPS = 8;
/** Seconds of look-back that cost an intro's or outro's edge one unit of evidence: the nearer edge wins a close call. */
const INTRO_DRIFT = 300;
const OUTRO_DRIFT = 60;

/**
 * Best chapter starts inside sentences (first, last]: a DP that maximizes boundary evidence minus a cost per chapter,
 * with every chapter's length within bounds (relaxed step by step when the span cannot satisfy them).
 */
export function splitSpan(sentences: Sentence[], total: Float64Array, first: number, last: number, spanEnd: number, bounds: LengthBounds, cost = CHAPTER_COST): number[] {
  const spanStart = sentences[first]!.start;
  if (spanEnd - spanStart < 2 * bounds.minChapterSec && spanEnd - spanStart <= bounds.maxChapterSec) return [];
  const attempts: LengthBounds[] = [bounds, { minChapterSec: bounds.minChapterSec / 2, maxChapterSec: bounds.maxChapterSec }, { minChapterSec: bounds.minChapterSec / 2, maxChapterSec: Infinity }];
  for (const { minChapterSec, maxChapterSec } of attempts) {
    // nodes: first (span start), candidate sentence starts, and the span end
    const nodes = [first];
    for (let k = first + 1; k <= last; k++) if (sentences[k]!.start - spanStart >= minChapterSec && spanEnd - sentences[k]!.start >= minChapterSec) nodes.push(k);
    const time = (n: number) => (n < nodes.length ? sentences[nodes[n]!]!.start : spanEnd);
    const count = nodes.length + 1;
    const best = new Float64Array(count).fill(-Infinity);
    const parent = new Int32Array(count).fill(-1);
    best[0] = 0;
    let lo = 0;
    for (let n = 1; n < count; n++) {
      const t = time(n);
      while (t - time(lo) > maxChapterSec) lo++;
      const reward = n < nodes.length ? total[nodes[n]!]! - cost : 0;
      for (let m = lo; m < n; m++) {
        if (t - time(m) < minChapterSec) break;
        if (best[m]! === -Infinity) continue;
        const v = best[m]! + reward;
        if (v > best[n]!) {
          best[n] = v;
          parent[n] = m;
        }
      }
    }
    if (best[count - 1]! === -Infinity) continue;
    const starts: number[] = [];
    for (let n = parent[count - 1]!; n > 0; n = parent[n]!) starts.push(nodes[n]!);
    return starts.reverse();
  }
  return [];
}

const covered = (ads: AdSpan[], k: number) => ads.some((a) => k >= a.first && k <= a.last);

/**
 * Where the introduction ends (exclusive sentence index); 0 when the episode does not open with one, -1 when it does
 * but no clear edge ends it. It runs at least to the first sentence that signs the show on (`signOn`) within it.
 */
function introEnd(sentences: Sentence[], evidence: BoundaryEvidence, ads: AdSpan[], signOn: Set<number>, preview: number[]): number {
  const opening = sentences.findIndex((_, k) => !covered(ads, k));
  if (opening < 0) return 0;
  const from = sentences[opening]!.start;
  // the welcome comes within a minute of where the show starts, after any pre-roll
  const opensWithIntro = sentences.some((s, k) => s.start < from + 60 && !covered(ads, k) && countPhrases(s.words, INTRO) > 0);
  if (!opensWithIntro) return 0;
  const firstAd = ads.find((a) => a.first > opening);
  if (firstAd && sentences[firstAd.first]!.start - from <= LONGEST_INTRO) return firstAd.first;
  // the opening said it is an introduction: it ends at its strongest edge within the first LONGEST_INTRO seconds
  // a cold open (a teaser before the show signs on) is no introduction of its own: the edge is at the sign-on or after
  let signed = opening + 1;
  for (let k = opening; k < sentences.length && sentences[k]!.start - from <= LONGEST_INTRO; k++) {
    if (signOn.has(k) && !covered(ads, k)) {
      signed = Math.max(signed, k);
      break;
    }
  }
  // the host's preview of the episode is the introduction's last part: the talk begins right after it
  const afterPreview = preview.length > 0 ? preview[preview.length - 1]! + 1 : -1;
  if (afterPreview > signed && afterPreview < sentences.length && preview[0]! >= opening && !covered(ads, afterPreview) && sentences[afterPreview]!.start - from <= LONGEST_INTRO) return afterPreview;
  let best = -1;
  let bestScore = 0;
  for (let k = signed; k < sentences.length && sentences[k]!.start - from <= LONGEST_INTRO; k++) {
    if (sentences[k]!.start - from < SHORTEST_SPAN || covered(ads, k)) continue;
    const score = evidence.total[k]! - (sentences[k]!.start - from) / INTRO_DRIFT;
    if (score > bestScore) {
      bestScore = score;
      best = k;
    }
  }
  return best > 0 ? best : -1;
}

/**
 * Where the closing section starts (sentence index), or -1: the strongest boundary shortly before the first closing
 * phrase near the end, where a host turning to the guest by name (`toGuest`) counts as the strongest evidence.
 */
function outroStart(sentences: Sentence[], evidence: BoundaryEvidence, ads: AdSpan[], duration: number, toGuest: Set<number>): number {
  const from = Math.min(duration * 0.8, Math.max(0, duration - 300));
  const cue = sentences.findIndex((s, k) => s.start >= from && !covered(ads, k) && countPhrases(s.words, OUTRO) + countPhrases(s.words, LATE_OUTRO) > 0);
  if (cue < 0) return -1;
  let best = cue;
  let bestScore = EDGE_EVIDENCE;
  for (let k = cue; k >= 1 && sentences[cue]!.start - sentences[k]!.start <= 60 && !covered(ads, k - 1); k--) {
    const score = (toGuest.has(k) ? 1 : evidence.total[k]!) - (sentences[cue]!.start - sentences[k]!.start) / OUTRO_DRIFT;
    if (score > bestScore) {
      bestScore = score;
      best = k;
    }
  }
  return best;
}

/**
 * The episode's chapters as sentence runs covering every sentence in order: sponsor reads, an intro and an outro where
 * the episode has them, and content split at the strongest topic boundaries within the length bounds.
 */
export function planChapters(sentences: Sentence[], evidence: BoundaryEvidence, ads: AdSpan[], duration: number, bounds: LengthBounds, marks: ShowMarks = {}): ChapterPlan[] {
  const n = sentences.length;
  if (n === 0) return [];
  // a short episode has short chapters: the shortest allowed scales with the episode, up to the configured bound
  bounds = { minChapterSec: Math.min(bounds.minChapterSec, Math.max(SHORTEST_TOPIC, duration / TOPICS_PER_EPISODE)), maxChapterSec: Math.min(bounds.maxChapterSec, duration * LONGEST_SHARE) };
  const kind: (ChapterKind | null)[] = new Array(n).fill(null);
  for (const a of ads) for (let k = a.first; k <= a.last; k++) kind[k] = 'ad';
  const intro = introEnd(sentences, evidence, ads, marks.signOn ?? new Set(), marks.preview ?? []);
  for (let k = 0; k < intro; k++) if (kind[k] === null) kind[k] = 'intro';
  const outro = outroStart(sentences, evidence, ads, duration, marks.toGuest ?? new Set());
  if (outro >= 0) for (let k = outro; k < n && kind[k] !== 'ad'; k++) kind[k] = 'outro';
  // runs of equal kind; content runs are split further
  const plan = (cost: number): ChapterPlan[] => {
    const plans: ChapterPlan[] = [];
    for (let k = 0; k < n; ) {
      let end = k;
      while (end + 1 < n && kind[end + 1] === kind[k] && !(kind[k] === 'ad' && ads.some((a) => a.first === end + 1))) end++;
      const runKind = kind[k] ?? 'content';
      const ad = ads.find((a) => a.first === k);
      if (runKind === 'content') {
        const spanEnd = end + 1 < n ? sentences[end + 1]!.start : duration;
        const cuts = [k, ...splitSpan(sentences, evidence.total, k, end, spanEnd, bounds, cost), end + 1];
        for (let c = 0; c + 1 < cuts.length; c++) plans.push({ first: cuts[c]!, last: cuts[c + 1]! - 1, kind: 'content' });
      } else plans.push({ first: k, last: end, kind: runKind, ...(ad ? { sponsor: ad.sponsor } : {}) });
      k = end + 1;
    }
    return plans;
  };
  let plans = plan(CHAPTER_COST);
  // too few chapters for the episode's length: the highest cost (down to CHEAPEST_COST) whose plan reaches the floor
  const fewest = Math.round(duration / LONGEST_MEAN_CHAPTER);
  if (plans.length < fewest) {
    let lo = CHEAPEST_COST;
    let hi = CHAPTER_COST;
    for (let step = 0; step < COST_STEPS; step++) {
      const mid = (lo + hi) / 2;
      if (plan(mid).length >= fewest) lo = mid;
      else hi = mid;
    }
    plans = plan(lo);
  }
  // an opening with no clear edge: its first stretch (after any pre-roll) is the introduction
  const opening = plans.findIndex((p) => p.kind !== 'ad');
  if (intro < 0 && plans[opening]?.kind === 'content') plans[opening].kind = 'intro';
  // a cold open before a welcome that goes on (names, the preview) is a chapter of its own: the show starts at the sign-on
  const welcome = plans[opening];
  const signOn = welcome?.kind === 'intro' ? [...(marks.signOn ?? [])].sort((a, b) => a - b).find((k) => k > welcome.first && k <= welcome.last) : undefined;
  if (welcome && signOn !== undefined) {
    const end = welcome.last + 1 < n ? sentences[welcome.last + 1]!.start : duration;
    const at = sentences[signOn]!.start;
    if (at - sentences[welcome.first]!.start >= SHORTEST_SPAN && end - at >= SHORTEST_SPAN) plans.splice(opening, 1, { ...welcome, last: signOn - 1 }, { first: signOn, last: welcome.last, kind: 'intro' });
  }
  return mergeSlivers(plans, sentences, duration);
}

/** Folds content slivers shorter than SHORTEST_SPAN into a neighbouring non-ad chapter. */
function mergeSlivers(plans: ChapterPlan[], sentences: Sentence[], duration: number): ChapterPlan[] {
  const length = (p: ChapterPlan, i: number, list: ChapterPlan[]) =>
    (i + 1 < list.length ? sentences[list[i + 1]!.first]!.start : duration) - (i === 0 ? 0 : sentences[p.first]!.start);
  const out = [...plans];
  for (let i = 0; i < out.length; i++) {
    const p = out[i]!;
    if (p.kind !== 'content' || length(p, i, out) >= SHORTEST_SPAN || out.length === 1) continue;
    const prev = out[i - 1];
    const next = out[i + 1];
    if (prev && prev.kind !== 'ad') prev.last = p.last;
    else if (next && next.kind !== 'ad') next.first = p.first;
    else continue;
    out.splice(i, 1);
    i--;
  }
  return out;
}
