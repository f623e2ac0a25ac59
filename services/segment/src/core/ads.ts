import { AD_STRONG, AD_WEAK, OUTRO, countPhrases, findPhrase } from './cues.ts';
import type { Sentence } from './sentences.ts';
import { squash } from './text.ts';

/** A sponsor read: sentences [first, last] (inclusive) and who it is for. */
export interface AdSpan {
  first: number;
  last: number;
  sponsor: string | null;
}

/** A pause this salient (0..1) separates blocks: a sponsor read never spans one. */
const BLOCK_PAUSE = 0.5;
/** Longest stretch without an ad cue that a read may still run through (seconds). */
const QUIET_GAP = 40;
/** Longest sponsor read we accept (seconds). */
const LONGEST_AD = 150;
const SHORTEST_AD = 8;
/** Longest closing line after the last ad cue that still belongs to the read (seconds). */
const TAIL = 12;
const LEAD_IN = [['one', 'more', 'thing'], ['quick', 'break'], ['take', 'a', 'break'], ['before', 'we'], ['tell', 'you', 'about']];
const URL = /\b[\p{L}\p{N}-]+\.(com|io|org|net|co|fm|ai|app|shop|store|tv)\b/iu;
const ANNOUNCE = /\b(?:brought to you by|sponsored by|presented by|supported by)\s+((?:[A-Z][\p{L}\p{N}&'.-]*\s?){1,3})/u;

/** The sponsor named in a sentence, matching names across word splits ("parcel wise", "glazeandco.com"). */
export function sponsorIn(words: string[], sponsors: string[]): string | null {
  const keys = sponsors.map((s) => ({ name: s, key: squash(s) })).filter((s) => s.key.length >= 3);
  if (keys.length === 0) return null;
  const parts = words.map((w) => ({ whole: squash(w), head: squash(w.split(/[./]/)[0] ?? '') }));
  for (let i = 0; i < parts.length; i++) {
    let joined = '';
    for (let j = i; j < Math.min(parts.length, i + 4); j++) {
      const single = j === i ? [parts[j]!.whole, parts[j]!.head] : [];
      joined += parts[j]!.whole;
      for (const { name, key } of keys) if (joined === key || single.includes(key)) return name;
    }
  }
  return null;
}

/** Evidence that one sentence belongs to a sponsor read. */
export interface AdEvidence {
  strong: number;
  weak: number;
  sponsor: string | null;
  outro: boolean;
}

/** Ad evidence of every sentence. */
export function adEvidence(sentences: Sentence[], sponsors: string[]): AdEvidence[] {
  return sentences.map((s) => ({
    strong: countPhrases(s.words, AD_STRONG),
    weak: countPhrases(s.words, AD_WEAK) + (URL.test(s.text) ? 1 : 0),
    sponsor: sponsorIn(s.words, sponsors),
    outro: countPhrases(s.words, OUTRO) > 0,
  }));
}

const adScore = (e: AdEvidence) => 2 * e.strong + e.weak + (e.sponsor ? 1.5 : 0);

/** Whether sentence i opens a read: an announcement backed by a sponsor, an offer or a web address in it or just after it. */
function isSeed(evidence: AdEvidence[], sentences: Sentence[], pause: Float64Array, i: number): boolean {
  const e = evidence[i]!;
  if (e.sponsor !== null && e.weak >= 1) return true;
  if (e.strong === 0) return false;
  if (e.sponsor !== null || e.weak >= 1 || e.strong >= 2) return true;
  for (let k = i + 1; k < sentences.length && k <= i + 3 && pause[k]! < BLOCK_PAUSE && sentences[k]!.start - sentences[i]!.end <= 30; k++) {
    const next = evidence[k]!;
    if (next.sponsor !== null || next.weak >= 1 || next.strong >= 1) return true;
  }
  return false;
}

/** The name a read announces itself with ("sponsored by Acme Tools") when no known sponsor matched. */
function announcedSponsor(sentences: Sentence[], first: number, last: number): string | null {
  for (let i = first; i <= last; i++) {
    const m = ANNOUNCE.exec(sentences[i]!.text);
    if (m?.[1]) return m[1].trim().replace(/[.,;:!?]+$/, '');
  }
  return null;
}

/**
 * Sponsor reads: blocks seeded by sentences with strong ad cues, grown over neighbouring ad talk without crossing a
 * salient pause, snapped back to the pause that opens them, and dropped when they are a host's thanks in the outro.
 */
export function detectAds(sentences: Sentence[], pause: Float64Array, sponsors: string[]): AdSpan[] {
  const evidence = adEvidence(sentences, sponsors);
  const ads: AdSpan[] = [];
  let i = 0;
  while (i < sentences.length) {
    if (!isSeed(evidence, sentences, pause, i)) {
      i++;
      continue;
    }
    const seed = i;
    // back to the salient pause that opens the block, if it is close; else over adjacent ad talk
    let first = seed;
    const floor = ads.length ? ads[ads.length - 1]!.last + 1 : 0;
    let opening = -1;
    for (let k = seed; k >= floor && sentences[seed]!.start - sentences[k]!.start <= 15; k--) {
      if (pause[k]! >= BLOCK_PAUSE || k === 0) {
        opening = k;
        break;
      }
    }
    if (opening >= 0) first = opening;
    else {
      while (
        first > floor &&
        seed - first < 2 &&
        pause[first]! < BLOCK_PAUSE &&
        (adScore(evidence[first - 1]!) >= 1 || LEAD_IN.some((p) => findPhrase(sentences[first - 1]!.words, p) >= 0))
      )
        first--;
    }
    // a host thanking the sponsor inside the closing words is part of the outro, not a read
    let regionStart = seed;
    while (regionStart > floor && pause[regionStart]! < BLOCK_PAUSE && sentences[seed]!.start - sentences[regionStart - 1]!.start <= 60) regionStart--;
    let inOutro = false;
    for (let k = regionStart; k <= seed; k++) if (evidence[k]!.outro) inOutro = true;
    // forward over ad talk, through short quiet stretches, never across a salient pause
    let last = seed;
    for (let k = seed + 1; k < sentences.length; k++) {
      if (pause[k]! >= BLOCK_PAUSE) break;
      if (sentences[k]!.start - sentences[last]!.end > QUIET_GAP) break;
      if (sentences[k]!.end - sentences[first]!.start > LONGEST_AD) break;
      if (adScore(evidence[k]!) >= 1.5) last = k;
    }
    // a short tail up to the pause (or episode end) that closes the block belongs to it ("and now, back to the show")
    let tail = last;
    while (tail + 1 < sentences.length && pause[tail + 1]! < BLOCK_PAUSE && sentences[tail + 1]!.end - sentences[last]!.end <= TAIL) tail++;
    if (tail + 1 >= sentences.length || pause[tail + 1]! >= BLOCK_PAUSE) last = tail;
    const adSentences = evidence.slice(first, last + 1).filter((e) => adScore(e) >= 1.5).length;
    const strong = evidence.slice(first, last + 1).reduce((n, e) => n + e.strong, 0);
    const long = sentences[last]!.end - sentences[first]!.start >= SHORTEST_AD;
    if (!inOutro && long && (adSentences >= 2 || strong >= 2)) {
      const named = new Map<string, number>();
      for (let k = first; k <= last; k++) {
        const s = evidence[k]!.sponsor;
        if (s) named.set(s, (named.get(s) ?? 0) + 1);
      }
      const sponsor = [...named].sort((a, b) => b[1] - a[1])[0]?.[0] ?? announcedSponsor(sentences, first, last);
      ads.push({ first, last, sponsor });
    }
    i = last + 1;
  }
  return ads;
}
