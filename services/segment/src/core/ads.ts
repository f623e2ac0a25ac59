import { AD_STRONG, OUTRO, findPhrase } from './cues.ts';
import type { Sentence } from './sentences.ts';
import { sponsorHits } from './sponsors.ts';
import { isStopword, normalizeWord, stem } from './text.ts';

export { sponsorIn } from './sponsors.ts';

/**
 * A sponsor read: sentences [first, last] (inclusive) of the sentences it was found in, the input words it runs over
 * [startWord, endWord] (a read may start or end inside a sentence), and who it is for.
 */
export interface AdSpan {
  first: number;
  last: number;
  startWord: number;
  endWord: number;
  sponsor: string | null;
}

/** Longest stretch inside a read with no sign of it (seconds): a product description between the name and the offer. */
const QUIET_GAP = 35;
/** Longest stretch after the offer that still belongs to the read (the address said again, a thanks). */
const AFTER_GAP = 15;
const LONGEST_AD = 150;
const SHORTEST_AD = 8;
/** Words of the previous topic a sentence may carry before the read starts inside it. */
const LEAD_WORDS = 8;

const list = (s: string) => s.split('|').map((p) => p.split(' ').map(normalizeWord));
/** Offers: what a read asks the listener to do, the strongest sign of one. */
const OFFER = list(
  'percent off|free trial|try it free|try it for free|free for a month|first month free|months free|free shipping|money back|risk free|sign up at|sign up today|find them at|learn more at|available at|browse the|go to|head to|head over to|visit|download the|app store|google play|for listeners|listeners get|off your first|off any|of free credit|discount|at checkout|your first order|your first purchase',
);
/**
 * Sentences that hand over to a read, or put the topic off until after it ("we'll get to the horses in a moment",
 * "… in a second, but first").
 */
const LEAD_IN = list(
  "one more thing|one last thing|quick break|a break|quick word|a word from|a word about|before we go|before we get|before we start|before we begin|pause|right after this|in a moment|in just a moment|in a second|in just a second|in a minute|after the break",
);
/** The read's own last words handing over to the show ("okay, on with the show"): the read ends with them. */
const HAND_OVER = list("back to the show|on with the show|here's the show|on to the show|here's my conversation|and now here's");
/** The show resuming after a read ("and we're back in the kitchen", "back to the phones"): the next part starts with them. */
const RESUME = list("we're back|we are back|back in the|back to our|back to the|let's get back|back to it|now back to");
/** Thanks that close a read. */
const THANKS = list('for supporting the show|for supporting this show|for sponsoring|for supporting the podcast');
const URL = /^[\p{L}\p{N}-]+\.(com|io|org|net|co|dev|uk|fm|ai|app|shop|store|tv|me|ly|xyz)(\/\S*)?$/iu;
const SPOKEN_URL = list('dot com|dot io|dot co|dot org|dot net|dot dev|dot uk|slash');
/** A promo code as spoken: "code", then a token with a digit or capitals ("KITCHEN10", "LexPodcast"). */
const isCodeValue = (t: string) => /\p{N}/u.test(t) || /\p{Lu}.*\p{Lu}/u.test(t) || /^\p{Lu}{3,}$/u.test(t);
const OPENERS = new Set(['okay', 'ok', 'so', 'alright', 'now', 'anyway', 'right', 'well']);

/** Where one kind of sign sits in a sentence: word positions [from, to]. */
interface Mark {
  from: number;
  to: number;
}

/** The signs of a read in one sentence, by word position. */
interface Signs {
  sponsor: (Mark & { name: string })[];
  announce: Mark[];
  offer: Mark[];
  leadIn: Mark[];
  /** Hand-overs to the show, which close a read. */
  back: Mark[];
  /** The show resuming, which closes a read before it (not counted where a hand-over covers it). */
  resume: Mark[];
  thanks: Mark[];
  outro: Mark[];
}

function marks(words: string[], phrases: string[][]): Mark[] {
  const out: Mark[] = [];
  for (const p of phrases) {
    const at = findPhrase(words, p);
    if (at >= 0) out.push({ from: at, to: at + p.length - 1 });
  }
  return out;
}

function signsOf(s: Sentence, sponsors: string[]): Signs {
  const offer = marks(s.words, OFFER);
  s.texts.forEach((t, k) => {
    const bare = t.replace(/[.,;:!?]+$/u, '');
    if (URL.test(bare)) offer.push({ from: k, to: k });
    if (/%$/.test(bare) && s.words[k + 1] === 'off') offer.push({ from: k, to: k + 1 });
    if (s.words[k] === 'code' && k + 1 < s.texts.length && isCodeValue(s.texts[k + 1]!.replace(/[.,;:!?]+$/u, ''))) offer.push({ from: k, to: k + 1 });
  });
  for (const m of marks(s.words, SPOKEN_URL)) offer.push(m);
  const back = marks(s.words, HAND_OVER);
  return {
    sponsor: sponsorHits(s.texts, sponsors),
    announce: marks(s.words, AD_STRONG),
    offer,
    leadIn: marks(s.words, LEAD_IN),
    back,
    resume: marks(s.words, RESUME).filter((m) => !back.some((b) => b.from <= m.to && m.from <= b.to)),
    thanks: marks(s.words, THANKS),
    outro: marks(s.words, OUTRO),
  };
}

const isSign = (g: Signs) => g.sponsor.length + g.announce.length + g.offer.length + g.thanks.length > 0;
/** An offer is the heart of a read: a code, an address, a discount (with the sponsor or an announcement near it). */
const isOffer = (g: Signs) => g.offer.length > 0;

/** How far back (seconds) the talk before a read is read for the topic its first sentence may still be on. */
const TOPIC_BEFORE = 30;

/**
 * Where a read starts inside its first sentence: at the clause of its first sign when the sentence opens on the topic
 * before it (its opening words share a content word with the talk of the last TOPIC_BEFORE seconds: a recognizer ran
 * the topic's last words into the read). An opening on nothing said before ("You know what I found last month, …") is
 * the read's own way in.
 */
function startInside(sentences: Sentence[], k: number, g: Signs): number {
  const s = sentences[k]!;
  const first = Math.min(...[...g.sponsor, ...g.announce, ...g.leadIn, ...g.offer].map((m) => m.from));
  if (!Number.isFinite(first) || first < LEAD_WORDS) return 0;
  let cut = 0;
  for (let p = first - 1; p >= 1 && cut === 0; p--) if (/[,.;:?!]$/u.test(s.texts[p - 1]!)) cut = p;
  if (cut === 0) return 0;
  const lead = new Set(s.words.slice(0, cut).filter((w) => !isStopword(w)).map(stem));
  for (let j = k - 1; j >= 0 && s.start - sentences[j]!.end <= TOPIC_BEFORE; j--) if (sentences[j]!.stems.some((st) => lead.has(st))) return cut;
  return 0;
}

/** Words that may open the show's resumption ahead of its phrase ("And we're back", "Okay, back to the phones"). */
const RESUME_LEADS = new Set([...OPENERS, 'and', 'but']);

/** Where a read ends inside its last sentence (the last word position), when another topic follows its last sign. */
function endInside(s: Sentence, g: Signs): number {
  const n = s.texts.length;
  const back = g.back.map((m) => m.to);
  if (back.length) {
    const end = Math.max(...back);
    return n - 1 - end <= 2 ? n - 1 : end;
  }
  const last = Math.max(...[...g.sponsor, ...g.offer, ...g.thanks].map((m) => m.to));
  // the show resuming after the read's last sign ends the read before it
  const resume = g.resume.filter((m) => m.from > (Number.isFinite(last) ? last : -1)).sort((a, b) => a.from - b.from)[0];
  if (resume) {
    let end = resume.from - 1;
    while (end > 0 && RESUME_LEADS.has(s.words[end]!) && !/[,.;:!?]$/u.test(s.texts[end]!)) end--;
    if (end >= 0) return end;
  }
  if (!Number.isFinite(last)) return n - 1;
  const rest = n - 1 - last;
  const closesClause = /[,.;:!?]$/u.test(s.texts[last]!);
  return rest >= 8 || (rest > 0 && OPENERS.has(s.words[last + 1]!)) || (rest >= 4 && closesClause) ? last : n - 1;
}

/** A read of the same sponsor resumes after a digression this short (seconds) as one read. */
const RESUME_GAP = 45;
/** A read this soon after the show's goodbye must announce itself ("one more thing", "supported by"), else it is a thanks. */
const AFTER_OUTRO = 20;
/** Announcements that open a read on their own (a thanks to "our sponsor" does not). */
const OPENS_READ = list('brought to you by|sponsored by|supported by|presented by|made possible by|a word from|a word about|quick word|one more thing|one last thing|before we go|quick break');

/** Announcements and lead-ins, either of which may open a read's first sentence. */
const READ_OPENINGS = [...OPENS_READ, ...LEAD_IN];

/** Whether a sentence opens on a read's announcement or lead-in ("One more thing.", "Quick break.", "Brought to you by …"). */
const opensRead = (s: Sentence) => READ_OPENINGS.some((p) => {
  const at = findPhrase(s.words.slice(0, p.length + 3), p);
  return at >= 0 && at <= 2;
});

/** Whether marks include one among a sentence's first words (behind "and", "okay", …). */
const startsWith = (found: Mark[]) => found.some((m) => m.from <= 2);

interface Candidate extends AdSpan {
  startAt: number;
  endAt: number;
}

/**
 * Sponsor reads, whatever their shape (pre-roll, mid-roll inside a topic, post-roll after the outro, with or without
 * a cue phrase): each is anchored on an offer (a code, a web address, a discount, "go to") near the sponsor's name or an
 * announcement, grown back over the name and the product talk and forward over the address said again, then trimmed
 * to the clause where it starts and ends when a sentence also carries the show.
 */
export function detectAds(sentences: Sentence[], sponsors: string[]): AdSpan[] {
  const signs = sentences.map((s) => signsOf(s, sponsors));
  const named = (k: number) => signs[k]!.sponsor.length > 0 || signs[k]!.announce.length > 0;
  const found: Candidate[] = [];
  for (let i = 0; i < sentences.length; i++) {
    if (!isOffer(signs[i]!)) continue;
    const floor = found.length ? found[found.length - 1]!.last + 1 : 0;
    // back over the read's signs (name, announcement, product talk between them); past a sentence that opens a read
    // ("One more thing.", "This episode is supported by …"), only the sponsor's name or an announcement belongs to it:
    // an address said before that is someone else's ("… and I write up fixes at my site dot co dot uk")
    let first = i;
    let opened = opensRead(sentences[i]!);
    for (let k = i - 1; k >= floor; k--) {
      if (sentences[first]!.start - sentences[k]!.end > QUIET_GAP || sentences[i]!.end - sentences[k]!.start > LONGEST_AD) break;
      if (isSign(signs[k]!)) {
        if (opened && !named(k)) break;
        first = k;
      }
      if (opensRead(sentences[k]!)) opened = true;
    }
    // an offer with no name or announcement anywhere near it is conversation ("go to the store")
    let hasName = false;
    for (let k = first; k <= Math.min(i + 1, sentences.length - 1); k++) if (named(k)) hasName = true;
    if (!hasName) continue;
    if (first > floor && signs[first - 1]!.leadIn.length > 0 && sentences[first]!.start - sentences[first - 1]!.start <= 15) first--;
    // forward over the address said again and the thanks, up to the next read's announcement
    let last = i;
    for (let k = i + 1; k < sentences.length; k++) {
      if (sentences[k]!.start - sentences[last]!.end > AFTER_GAP || sentences[k]!.end - sentences[first]!.start > LONGEST_AD) break;
      const g = signs[k]!;
      if (g.announce.length > 0 && !isOffer(g)) break;
      if (startsWith(g.resume)) break;
      if (isSign(g)) last = k;
    }
    // the hand-over to the show ("and now here's my conversation with …") closes it; the show resuming ("and we're
    // back …") is the next part's
    for (let k = last + 1; k < sentences.length && sentences[k]!.start - sentences[last]!.end <= AFTER_GAP; k++) {
      if (startsWith(signs[k]!.resume)) break;
      if (signs[k]!.back.length) {
        last = k;
        break;
      }
    }
    const counts = new Map<string, number>();
    for (let k = first; k <= last; k++) for (const h of signs[k]!.sponsor) counts.set(h.name, (counts.get(h.name) ?? 0) + 1);
    const sponsor = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? announcedSponsor(sentences, first, last);
    const startAt = startInside(sentences, first, signs[first]!);
    const endAt = endInside(sentences[last]!, signs[last]!);
    const previous = found[found.length - 1];
    if (previous && sponsor !== null && previous.sponsor === sponsor && sentences[first]!.start - sentences[previous.last]!.end <= RESUME_GAP) {
      Object.assign(previous, { last, endAt, endWord: sentences[last]!.wordIndex[endAt]! });
    } else {
      found.push({ first, last, startAt, endAt, startWord: sentences[first]!.wordIndex[startAt]!, endWord: sentences[last]!.wordIndex[endAt]!, sponsor });
    }
    i = last;
  }
  return found
    .filter((c) => {
      const head = sentences[c.first]!;
      if (sentences[c.last]!.end - head.start < SHORTEST_AD) return false;
      // a host thanking the sponsor while saying goodbye is the outro, not a read
      const outroInside = signs.slice(c.first, c.last + 1).some((g, k) => g.outro.some((m) => k > 0 || m.from >= c.startAt));
      if (outroInside) return false;
      let afterOutro = signs[c.first]!.outro.length > 0;
      for (let k = c.first - 1; k >= 0 && head.start - sentences[k]!.end <= AFTER_OUTRO; k--) if (signs[k]!.outro.length) afterOutro = true;
      const announced = sentences.slice(c.first, c.last + 1).some((s) => OPENS_READ.some((p) => findPhrase(s.words, p) >= 0));
      return !afterOutro || announced;
    })
    .map(({ first, last, startWord, endWord, sponsor }) => ({ first, last, startWord, endWord, sponsor }));
}

const ANNOUNCE = /\b(?:brought to you by|sponsored by|presented by|supported by)\s+((?:[A-Z][\p{L}\p{N}&'.-]*\s?){1,3})/u;

/** The name a read announces itself with ("sponsored by Acme Tools") when no known sponsor matched. */
function announcedSponsor(sentences: Sentence[], first: number, last: number): string | null {
  for (let i = first; i <= last; i++) {
    const m = ANNOUNCE.exec(sentences[i]!.text);
    if (m?.[1]) return m[1].trim().replace(/[.,;:!?]+$/, '');
  }
  return null;
}
