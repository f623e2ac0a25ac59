/**
 * Question syntax at a sentence start: auxiliary inversion ("do you…", "is it…") or a wh-word followed by an
 * auxiliary ("what do…", "how's…"). The model sees only a few words around each gap, so it cannot tell from the
 * end of a long question that it began as one.
 */
const WH = new Set(['what', 'why', 'how', 'who', 'where', 'when', 'which', 'whose']);
const AUX = new Set([
  'do', 'does', 'did', 'is', 'are', 'was', 'were', 'can', 'could', 'would', 'will', 'should', 'have', 'has', 'may', 'might', 'shall',
  "don't", "doesn't", "didn't", "isn't", "aren't", "wasn't", "weren't", "can't", "couldn't", "wouldn't", "won't", "shouldn't", "haven't", "hasn't",
]);
const SUBJECT = new Set(['you', 'i', 'we', 'they', 'he', 'she', 'it', 'there', 'that', 'this', 'these', 'those', 'the', 'a', 'an', 'your', 'my', 'our', 'their', 'his', 'her', 'anyone', 'anybody', 'someone', 'somebody', 'people', 'everyone']);
const WH_CONTRACTION = /^(what|who|where|how|why|when)'(s|re|d|ll)$/;
/** Spoken lead-ins that come before the question proper ("so, what do you…"). */
const LEAD_IN = new Set(['so', 'and', 'but', 'okay', 'ok', 'well', 'now', 'yeah', 'um', 'uh', 'then', 'oh', 'like', 'also', 'right']);

/** True when a sentence whose lowercase words are given opens like a question. */
export function opensLikeQuestion(words: readonly string[]): boolean {
  let i = 0;
  while (i < words.length - 1 && LEAD_IN.has(words[i]!)) i++;
  const a = words[i], b = words[i + 1];
  if (a === undefined) return false;
  if (WH_CONTRACTION.test(a)) return true;
  if (b === undefined) return false;
  if (AUX.has(a) && SUBJECT.has(b)) return true;
  return WH.has(a) && AUX.has(b);
}
