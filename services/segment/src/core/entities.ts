import type { EpisodeMeta } from '@podpipe/shared/transcript';
import { spokenRank } from './background.ts';
import type { Sentence } from './sentences.ts';
import { normalizeWord, squash } from './text.ts';

export type EntityType = 'person' | 'organization' | 'product' | 'place' | 'other';

export interface Entity {
  name: string;
  type: EntityType;
  count: number;
}

const HONORIFICS = new Set(['mr', 'mrs', 'ms', 'dr', 'professor', 'prof', 'sir', 'dame', 'president', 'senator', 'ceo', 'founder']);
const ORG_WORDS = new Set(['inc', 'corp', 'corporation', 'company', 'co', 'labs', 'lab', 'university', 'institute', 'group', 'foundation', 'bank', 'media', 'studios', 'press', 'fund', 'capital', 'ventures', 'partners', 'agency', 'association', 'college', 'school', 'society', 'llc', 'ltd', 'gmbh', 'records', 'network', 'research', 'technologies', 'systems', 'supply', 'store']);
const PLACE_WORDS = new Set(['city', 'county', 'island', 'state', 'river', 'valley', 'street', 'avenue', 'lake', 'mountain', 'bay', 'coast', 'park']);
// "to" and "from" also take people and platforms ("moved from Etsy", "thanks to Fiona"), so they say nothing
const PLACE_BEFORE = new Set(['in', 'near', 'across', 'around', 'outside', 'visiting']);
const PRODUCT_BEFORE = new Set(['use', 'using', 'used', 'install', 'installed', 'download', 'downloaded', 'bought', 'buy', 'switched']);
const NOT_NAMES = new Set(['i', "i'm", "i've", "i'd", "i'll", 'okay', 'ok', 'oh', 'yeah', 'so', 'and', 'but', 'the', 'a', 'and', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']);

const clean = (t: string) => t.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}&]+$/gu, '').replace(/['’]s$/u, '');
const isCapitalized = (t: string) => /^\p{Lu}/u.test(t) && !NOT_NAMES.has(t.toLowerCase());

/** Words right after a name that say what it is: a person speaks, a product is an app or a model, a firm is a company. */
const PERSON_AFTER = new Set(['said', 'says', 'told', 'asked', 'asks', 'who', 'thinks', 'wrote', 'writes', 'explained', 'recalls', 'remembers', 'himself', 'herself']);
const PRODUCT_AFTER = new Set(['app', 'model', 'models', 'card', 'software', 'library', 'device', 'phone', 'laptop', 'plugin', 'api']);
const ORG_AFTER = new Set(['company', 'startup', 'team', 'club', 'lab', 'agency', 'firm', 'store', 'shop', 'brand']);
const PLACE_AFTER = new Set(['city', 'county', 'village', 'region', 'province', 'state', 'coast', 'border']);

/** The type a capitalized span most likely has, from the words around and inside it. */
function typeOf(parts: string[], before: string | undefined, after?: string): EntityType {
  const lower = parts.map((p) => p.toLowerCase());
  const prev = before?.toLowerCase();
  const next = after?.toLowerCase();
  if (lower.some((p) => ORG_WORDS.has(p)) || parts.some((p) => /^[A-Z]{2,}$/.test(p))) return 'organization';
  if (lower.some((p) => PLACE_WORDS.has(p))) return 'place';
  if (prev && HONORIFICS.has(prev)) return 'person';
  if (next && PERSON_AFTER.has(next)) return 'person';
  if (next && PRODUCT_AFTER.has(next)) return 'product';
  if (next && ORG_AFTER.has(next)) return 'organization';
  if (next && PLACE_AFTER.has(next)) return 'place';
  if (prev && PRODUCT_BEFORE.has(prev)) return 'product';
  if (prev && PLACE_BEFORE.has(prev) && parts.length <= 2) return 'place';
  return 'other';
}

/** The type a name's shape alone suggests, when no context said anything: "Given Surname" a person, "CamelCase" a firm. */
function typeByShape(parts: string[]): EntityType {
  const surname = parts[parts.length - 1]!.toLowerCase();
  if (parts.length >= 2 && parts.length <= 3 && parts.every((p) => /^\p{Lu}\p{Ll}+(-\p{Lu}\p{Ll}+)?$/u.test(p)) && spokenRank(surname) > COMMON_WORD_RANK) return 'person';
  if (parts.length === 1 && /\p{Ll}\p{Lu}/u.test(parts[0]!)) return 'organization';
  return 'other';
}

/** Capitalized everyday words this common (SUBTLEX rank) are emphasis or a sentence start, not names. */
const COMMON_WORD_RANK = 3000;

/** Occurrences of a name in the sentences, matched across word splits and case ("cash app", "Cash App's"). */
function countName(sentences: Sentence[], name: string): number {
  const key = squash(name);
  if (key.length < 2) return 0;
  let n = 0;
  for (const s of sentences) {
    const parts = s.words.map(squash);
    for (let i = 0; i < parts.length; i++) {
      let joined = '';
      for (let j = i; j < Math.min(parts.length, i + 5) && joined.length < key.length; j++) {
        joined += parts[j]!;
        if (joined === key) n++;
      }
    }
  }
  return n;
}

/**
 * Named entities: the people and sponsors the producer named (counted in the text, however it splits them) and
 * capitalized spans that do not open a sentence, typed by the words around them.
 */
export function findEntities(sentences: Sentence[], meta: EpisodeMeta, sponsors: string[]): Entity[] {
  const found = new Map<string, Entity>();
  const add = (name: string, type: EntityType, count: number) => {
    const key = squash(name);
    const known = found.get(key);
    if (known) known.count = Math.max(known.count, count);
    else found.set(key, { name, type, count });
  };
  for (const p of [...meta.hosts, ...meta.guests]) {
    const full = countName(sentences, p);
    const parts = p.split(/\s+/).filter((x) => x.length > 2);
    const partial = parts.length > 1 ? Math.max(...parts.map((x) => countName(sentences, x))) : 0;
    add(p, 'person', Math.max(full, partial));
  }
  for (const s of sponsors) add(s, 'organization', countName(sentences, s));
  if (meta.show) add(meta.show, 'other', countName(sentences, meta.show));
  const spans = new Map<string, { name: string; count: number; types: Map<EntityType, number> }>();
  // mid-sentence capitals are names; a sentence-initial span counts only once the same name was seen mid-sentence
  const openers: string[] = [];
  for (const s of sentences) {
    const raw = s.texts;
    for (let i = 0; i < raw.length; i++) {
      if (!isCapitalized(clean(raw[i]!))) continue;
      let j = i;
      const parts = [clean(raw[i]!)];
      while (j + 1 < raw.length && !/[,;:.?!]$/.test(raw[j]!)) {
        const next = clean(raw[j + 1]!);
        const joiner = (next === '&' || next === 'of') && j + 2 < raw.length && isCapitalized(clean(raw[j + 2]!));
        if (!isCapitalized(next) && !joiner) break;
        parts.push(next);
        j++;
      }
      // a name said twice in a row ("Parcelwise Parcelwise") is one name
      const unique = parts.filter((part, k) => k === 0 || part !== parts[k - 1]);
      const name = unique.join(' ');
      const key = squash(name);
      // a promo code ("KITCHEN10", "code LexPodcast") is not a name
      const isCode = /\p{L}\p{N}|\p{N}\p{L}/u.test(name) || (i > 0 && normalizeWord(raw[i - 1]!) === 'code');
      if (isCode) {
        i = j;
        continue;
      }
      // a capital after a full stop inside one sentence ("Okay. So, …") opens a sentence too
      if (i === 0 || /[.?!]$/u.test(raw[i - 1]!)) openers.push(key);
      else {
        const type = typeOf(unique, clean(raw[i - 1]!), j + 1 < raw.length ? clean(raw[j + 1]!) : undefined);
        const entry = spans.get(key) ?? { name, count: 0, types: new Map<EntityType, number>() };
        entry.count++;
        entry.types.set(type, (entry.types.get(type) ?? 0) + 1);
        spans.set(key, entry);
      }
      i = j;
    }
  }
  for (const key of openers) {
    const entry = spans.get(key);
    if (entry && entry.name.includes(' ')) entry.count++;
  }
  const nameParts = new Set([...meta.hosts, ...meta.guests].flatMap((p) => p.split(/\s+/)).map(squash));
  for (const [key, e] of spans) {
    if (found.has(key) || nameParts.has(key)) continue;
    const single = !e.name.includes(' ');
    if (single && (e.count < 2 || e.name.length < 2 || spokenRank(e.name.toLowerCase()) < COMMON_WORD_RANK)) continue;
    // any occurrence whose context says what the name is outvotes the ones that say nothing; the shape comes last
    const said = [...e.types].filter(([t]) => t !== 'other').sort((a, b) => b[1] - a[1]);
    const type = said[0]?.[0] ?? typeByShape(e.name.split(' '));
    found.set(key, { name: e.name, type, count: e.count });
  }
  return [...found.values()].filter((e) => e.count > 0).sort((a, b) => b.count - a.count).slice(0, 40);
}
