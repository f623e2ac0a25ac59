/** Phrase lists that mark parts of a show. Generic spoken-English conventions, nothing specific to one show. */
import { isStopword, normalizeWord } from './text.ts';

const phrases = (list: string) =>
  list
    .split('|')
    .map((p) => p.trim().split(/\s+/).map(normalizeWord))
    .filter((p) => p[0]);

/** Phrases that open or announce a sponsor read. */
export const AD_STRONG = phrases(
  "brought to you by|presented by|sponsored by|supported by|made possible by|our friends at|thanks to our friends|our sponsor|our sponsors|presenting sponsor|word from our|words from our|this episode is supported by|this show is supported by|also supported by|supported by our|support for this episode|support for this show|support for the show comes from|thanks to our sponsor|today's sponsor|this podcast is sponsored|this podcast is brought to you|support for this podcast|for sponsoring|sponsor of this|partnered with|our partners at|promo code|use code|use the code|using code|using the code|offer code|discount code|coupon code|code at checkout",
);
/** Phrases typical inside a sponsor read. */
export const AD_WEAK = phrases(
  "dot com|dot io|dot co|dot org|dot net|dot fm|dot ai|slash|percent off|free trial|first month|sign up|app store|google play|download the|download it|go to|head to|head over to|visit|check them out|for supporting the show|for supporting this show|special offer|limited time|risk free|money back|free shipping|terms apply|discount|get started today|exclusive offer|listeners get|quick break|back to the show|we're back|right after this|after the break|for listeners|learn more at|find them at|available at|subscription",
);
/** Phrases that close an episode. */
export const OUTRO = phrases(
  "thanks for listening|thank you for listening|thanks so much for listening|thank you so much for listening|thanks for tuning in|thank you for tuning in|see you next time|see you next week|until next time|that's it for this episode|that's all for this episode|that's the episode|that's our show|that's all for today|that's it for today|bye for now|catch you next time|talk to you next time|hope to see you next time|and that's the show|that's the show|that's our episode|that's the episode|that's it from us|that's all from us|that's all we have|that's all we've got|where can people find you|where can people find|thanks for joining us|thank you for joining us|thanks for coming on|thank you for coming on|thanks for having me|thank you for having me|for next time|next time on|until next week",
);
/**
 * Phrases that close an episode only when said near its end (mid-show they thank a guest, tease a segment or point to a
 * link). A pointer to the show notes near the end is the closing's appeal or links ("…the tip line is in the show
 * notes", "links to everything are in the show notes"), said before the thanks.
 */
export const LATE_OUTRO = phrases("next time|next week|thank you to|thank you for|thanks to all of you|show notes");
/** Phrases that open an episode. */
export const INTRO = phrases(
  "welcome to|welcome back|the following is a conversation|this is the|you're listening to|i'm your host|your host|on today's episode|in today's episode|on this episode|in this episode|today we're|today i'm|today on|my guest|joining me|with me today|today's guest|today's episode|let's get into it|let's dive in",
);
/** Phrases that open a new topic at the start of a sentence. */
export const TOPIC_SHIFT = phrases(
  "let me ask you|let me ask|i want to ask|i'd like to ask|i wanted to ask|speaking of|moving on|switching gears|on a different note|let's talk about|let's move|let's turn to|turning to|another question|next question|first question|last question|final question|so tell me|tell me about|tell us the|tell me the|talk us through|talk me through|take us through|take me through|let's start with you|going back to|so if we could|you mentioned|you've talked about|okay so|all right so|alright so|so let's|now let's|let's start with|let's get into|let's go to|which brings us to|that brings us to|the next thing|next up|next topic|last topic|final topic|one more topic|our next|let's begin|let's start|let's talk|let's go back|let's look at|let's get to|moving on to|on to the|a listener asks|listener question|quick one|give us the|give me the|tell us about|walk us through|walk me through|can you explain|how did you|how does someone|what got you|how did it start",
);
/**
 * Topic-shift phrases that hand the floor to the other speaker: the host's question or request that opens a topic for
 * the guest ("Let me ask you…", "Give us the history.", "Walk me through…", "So if we could return to…"). An interview
 * moves on where the host asks; "so let's" or "okay so" as often go on inside the host's own topic.
 */
export const ASKS = phrases(
  "let me ask you|let me ask|i want to ask|i'd like to ask|i wanted to ask|so tell me|tell me about|tell us about|so if we could|you mentioned|you've talked about|give us the|give me the|walk us through|walk me through|talk us through|talk me through|take us through|take me through|tell us the|tell me the|can you explain|how did you|how does someone|what got you|let's start with you",
);
/** Single words that weakly mark a new topic when they open a sentence. */
export const WEAK_OPENERS = new Set(['so', 'okay', 'now', 'alright', 'anyway', 'right']);

/** Words after "you" that make it the generic "you" ("you know", "you can") rather than one speaker addressing another. */
const GENERIC_YOU = new Set(['know', 'can', 'could', 'have', 'want', 'need', 'get', 'go', 'see', 'just', 'might', 'may', 'look', 'put', 'take', 'think', 'guys', 'all', 'got', 'gotta', 'do', 'guess', 'say', 'would', 'will', 'should', 'must', 'make']);
const ADDRESS = new Set(['your', 'yourself', "you've", "you're"]);

/**
 * Whether a sentence opens by addressing the other speaker ("you were…", "your life…", "so you mentioned…"): in an
 * interview without speaker labels, the host's new question usually does, and the guest's answer rarely opens so.
 */
export function opensAddressing(words: string[], within = 4): boolean {
  for (let i = 0; i < Math.min(within, words.length); i++) {
    const w = words[i]!;
    if (ADDRESS.has(w)) return true;
    if (w === 'you' && !GENERIC_YOU.has(words[i + 1] ?? '')) return true;
  }
  return false;
}

/** Index of the first occurrence of phrase in words, or -1. */
export function findPhrase(words: string[], phrase: string[]): number {
  outer: for (let i = 0; i + phrase.length <= words.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (words[i + j] !== phrase[j]) continue outer;
    return i;
  }
  return -1;
}

/** How many phrases of the list occur in words. */
export function countPhrases(words: string[], list: string[][]): number {
  let n = 0;
  for (const p of list) if (findPhrase(words, p) >= 0) n++;
  return n;
}

/** Whether words open with one of the phrases (within the first `within` words). */
export function opensWith(words: string[], list: string[][], within = 2): boolean {
  const head = words.slice(0, within + 6);
  return list.some((p) => {
    const at = findPhrase(head, p);
    return at >= 0 && at <= within;
  });
}

/** Words that may sit between a clause break and the phrase it opens ("…, so let's talk about"). */
const CLAUSE_LEADS = new Set(['so', 'okay', 'ok', 'and', 'now', 'alright', 'right', 'well', 'but']);
/** Fewest words on either side of a cut inside a sentence. */
const SHORTEST_PART = 3;

/**
 * Word positions inside a sentence where one of the phrase lists opens a clause (after punctuation, perhaps behind an
 * "so"/"okay"): a recognizer's sentence often runs one topic's last words into the next topic's first.
 */
export function clauseOpenings(texts: string[], words: string[], lists: string[][][]): number[] {
  const cuts: number[] = [];
  for (let p = SHORTEST_PART; p + SHORTEST_PART <= words.length; p++) {
    let at = p;
    while (at > 0 && CLAUSE_LEADS.has(words[at - 1]!) && p - at < 2) at--;
    if (!/[,.;:?!]$/u.test(texts[at - 1] ?? '')) continue;
    if (at < SHORTEST_PART) continue;
    if (lists.some((list) => list.some((phrase) => phrase.every((w, j) => words[p + j] === w)))) {
      cuts.push(at);
      p += 2;
    }
  }
  return cuts;
}

/**
 * Discourse markers that move on to what comes next when they open a sentence before a bare topic ("So, tides.",
 * "Okay taxes.", "Right. Sourdough.", "Now, Norway.", "Last topic. Telescopes.", "First, an email."). Not "and"/"then":
 * "And the anchors." goes on down a list inside one topic.
 */
const ANNOUNCE_LEADS = new Set(['so', 'okay', 'ok', 'right', 'alright', 'now', 'next', 'first', 'finally', 'last', 'topic', 'anyway']);
/** Function words a topic fragment may hold ("the mortgage", "a letter", "my 6 a.m."). */
const FRAGMENT_GLUE = new Set(['the', 'a', 'an', 'of', 'on', 'in', 'for', 'with', 'to', 'our', 'my', 'your', 'this']);
/** Words a topic fragment holds at most. */
const LONGEST_FRAGMENT = 3;

/** A bare topic a sentence opens with, and how it is said. */
export interface Announcement {
  /** The fragment's content words, normalized, and the position of its first word. */
  words: string[];
  at: number;
  /** Behind a discourse marker ("so", "okay", "now", "last topic"), in this sentence or said alone just before it. */
  led: boolean;
}

/**
 * The topic a sentence opens by naming on its own, as a verbless fragment of at most LONGEST_FRAGMENT words before its
 * first punctuation mark, perhaps behind a discourse marker: "Compost. It is…", "Okay telescopes, quickly.", "Right.
 * Spring tides, 2019…", "The mortgage. If your bank…". Null when the sentence does not open so; whether the fragment
 * is a topic the talk goes on about is for the caller to judge. `ledBefore`: the sentence before ended on a marker said
 * alone ("…more on that later. Okay. | Compost.").
 */
export function announcedTopic(texts: string[], words: string[], ledBefore = false): Announcement | null {
  let p = 0;
  // "next" leads only as "Next, …" ("next week" is a time)
  while (p < words.length && ANNOUNCE_LEADS.has(words[p]!) && (words[p] !== 'next' || /[,.:]$/u.test(texts[p]!))) p++;
  const content: string[] = [];
  for (let q = p; q < words.length; q++) {
    const w = words[q]!;
    if (q - p >= LONGEST_FRAGMENT) return null;
    if (!FRAGMENT_GLUE.has(w)) {
      if (isStopword(w) && !/\p{N}/u.test(w)) return null;
      content.push(w);
    }
    const text = texts[q]!;
    if (/[,;:.!…]$/u.test(text)) return content.length ? { words: content, at: p, led: p > 0 || ledBefore } : null;
    if (text.endsWith('?')) return null;
  }
  return null;
}

/** Whether a sentence ends on a discourse marker said on its own ("…more on that later. Okay."). */
export function endsOnMarker(texts: string[], words: string[]): boolean {
  const n = words.length;
  return n > 0 && ANNOUNCE_LEADS.has(words[n - 1]!) && /[.!]$/u.test(texts[n - 1]!) && (n === 1 || /[.?!]$/u.test(texts[n - 2]!));
}

/**
 * Whether a sentence signs the show on: it says the show's name ("… and this is The Case File", "welcome to Ledger
 * Lines") or a host introduces themself ("I'm Morwenna Teague"). A narrative show may open cold and sign on only after
 * its teaser; the introduction runs at least to there.
 */
export function signsOn(words: string[], show: string | undefined, hosts: string[]): boolean {
  const name = (show ?? '').split(/\s+/).map(normalizeWord).filter(Boolean);
  const bare = name[0] === 'the' ? name.slice(1) : name;
  if (bare.length > 0 && findPhrase(words, bare) >= 0) return true;
  return hosts.some((h) => {
    const first = normalizeWord(h.split(/\s+/)[0] ?? '');
    return first.length > 1 && (findPhrase(words, ["i'm", first]) >= 0 || findPhrase(words, ['i', 'am', first]) >= 0);
  });
}

/**
 * Whether a sentence turns to a guest by name ("Keisha, where can people find you?", "Tomasz, thank you."): near the
 * goodbye, the host's wrap-up question or thanks to the guest is where the closing starts.
 */
export function turnsToGuest(texts: string[], words: string[], guests: string[]): boolean {
  const first = words[0];
  if (!first || !guests.some((g) => normalizeWord(g.split(/\s+/)[0] ?? '') === first)) return false;
  return /,$/u.test(texts[0]!) || words[1] === 'thank' || words[1] === 'thanks' || /\?$/u.test(texts.at(-1)!);
}

/** Counts a narrator says a span of time or a list's length with ("eight", "a few", "30"). */
const COUNTS = new Set(['two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'fifteen', 'twenty', 'thirty', 'forty', 'fifty', 'several', 'many', 'some', 'few', 'a', 'another']);
const isCount = (w: string) => COUNTS.has(w) || /^\d+$/u.test(w);
/** Spans long enough that skipping them moves a story on to its next part (days and hours stay within a scene). */
const LONG_SPANS = new Set(['year', 'years', 'decade', 'decades', 'month', 'months']);
/** Words that may stand before a time jump or a list at the sentence start ("Then for almost…", "And there are…"). */
const TURN_LEADS = new Set(['then', 'and', 'but', 'so', 'now', 'well', 'okay', 'ok', 'anyway']);
/** Hedges before a count ("for almost eight years", "nearly ten years later", "more than 30 years later"). */
const HEDGES = new Set(['almost', 'nearly', 'about', 'around', 'over', 'roughly', 'just', 'more', 'than', 'less']);

/** Position after the words of `set` at `p` (at most `most` of them). */
function skip(words: string[], p: number, set: Set<string>, most = 3): number {
  let q = p;
  while (q < words.length && q - p < most && set.has(words[q]!)) q++;
  return q;
}

/**
 * Whether a sentence opens on a jump in story time of months or more: "Then for almost eight years nothing.", "Ten
 * years later, …", "Six months later …", "Years later, …", "For the next two decades …". A narrator moves the story on
 * to its next part so; a date ("In 1997, …"), a short span ("three days later") or a background "for years, I …" goes
 * on within one part.
 */
export function opensOnTimeJump(words: string[]): boolean {
  let p = skip(words, 0, TURN_LEADS, 2);
  const viaFor = words[p] === 'for';
  if (viaFor) p++;
  if (viaFor && words[p] === 'the' && words[p + 1] === 'next') p += 2;
  p = skip(words, p, HEDGES);
  // "years later" with no count, or a count (perhaps "a few") then the span
  const counted = p < words.length && isCount(words[p]!);
  while (p < words.length && isCount(words[p]!) && p < 8) p++;
  if (!LONG_SPANS.has(words[p] ?? '')) return false;
  const after = words[p + 1] ?? '';
  // "for years, …" is background; "for almost eight years" (a count) is the jump
  return (viaFor && counted) || after === 'later' || after === 'passed' || (after === 'went' && words[p + 2] === 'by');
}

/** Nouns too plain for a list a narrator announces ("There were two men in the van.", "two of them"). */
const PLAIN_KINDS = new Set(['men', 'women', 'people', 'of', 'kids', 'children', 'days', 'hours', 'minutes', 'times', 'cars']);

/**
 * Whether a sentence announces a list the talk then goes through: it opens on "there are/were N …" or "here are N …"
 * and says "first" after the count, in the sentence or at the start of the next ("There are three main theories, the
 * first is the official one.", "There were two schools of thought. The first …"). A count alone ("There were two men in
 * the van.", "There were four kinds, and …") describes; going to the first item is what opens a section.
 */
export function announcesList(words: string[], next: string[] = []): boolean {
  let p = skip(words, 0, TURN_LEADS, 2);
  if (!((words[p] === 'there' || words[p] === 'here') && (words[p + 1] === 'are' || words[p + 1] === 'were' || words[p + 1] === "'re"))) return false;
  p += 2;
  if (!isCount(words[p] ?? '') || words[p] === 'a' || words[p] === 'some' || words[p] === 'few') return false;
  if (PLAIN_KINDS.has(words[p + 1] ?? '')) return false;
  return words.indexOf('first', p + 1) >= 0 || next.slice(0, 4).includes('first');
}
