import type { EpisodeMeta } from '@podpipe/shared/transcript';
import { spokenRank } from './background.ts';
import type { Sentence } from './sentences.ts';
import { squash } from './text.ts';

export type EntityType = 'person' | 'organization' | 'product' | 'place' | 'other';

export interface Entity {
  name: string;
  type: EntityType;
  count: number;
}

const HONORIFICS = new Set(['mr', 'mrs', 'ms', 'dr', 'professor', 'prof', 'sir', 'dame', 'president', 'senator', 'ceo', 'founder']);
const ORG_WORDS = new Set(['inc', 'corp', 'corporation', 'company', 'co', 'labs', 'lab', 'university', 'institute', 'group', 'foundation', 'bank', 'media', 'studios', 'press', 'fund', 'capital', 'ventures', 'partners', 'agency', 'association', 'college', 'school', 'society', 'llc', 'ltd', 'gmbh', 'records', 'network', 'research', 'technologies', 'systems', 'supply', 'store']);
const PLACE_WORDS = new Set(['city', 'county', 'island', 'state', 'river', 'valley', 'street', 'avenue', 'lake', 'mountain', 'bay', 'coast', 'park']);
const PLACE_BEFORE = new Set(['in', 'from', 'near', 'to', 'across', 'around', 'outside', 'visiting', 'moved']);
const PRODUCT_BEFORE = new Set(['use', 'using', 'used', 'install', 'installed', 'download', 'downloaded', 'bought', 'buy', 'switched']);
const NOT_NAMES = new Set(['i', "i'm", "i've", "i'd", "i'll", 'okay', 'ok', 'oh', 'yeah', 'so', 'and', 'but', 'the', 'a', 'and', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']);

const clean = (t: string) => t.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}&]+$/gu, '').replace(/['’]s$/u, '');
const isCapitalized = (t: string) => /^\p{Lu}/u.test(t) && !NOT_NAMES.has(t.toLowerCase());

/** The type a capitalized span most likely has, from the words around and inside it. */
function typeOf(parts: string[], before: string | undefined): EntityType {
  const lower = parts.map((p) => p.toLowerCase());
  const prev = before?.toLowerCase();
  if (lower.some((p) => ORG_WORDS.has(p)) || parts.some((p) => /^[A-Z]{2,}$/.test(p))) return 'organization';
  if (lower.some((p) => PLACE_WORDS.has(p))) return 'place';
  if (prev && HONORIFICS.has(prev)) return 'person';
  if (prev && PRODUCT_BEFORE.has(prev)) return 'product';
  if (prev && PLACE_BEFORE.has(prev) && parts.length <= 2) return 'place';
  const surname = lower[lower.length - 1]!;
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
      const name = parts.join(' ');
      const key = squash(name);
      if (i === 0) openers.push(key);
      else {
        const type = typeOf(parts, clean(raw[i - 1]!));
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
    const type = [...e.types].sort((a, b) => b[1] - a[1])[0]![0];
    found.set(key, { name: e.name, type, count: e.count });
  }
  return [...found.values()].filter((e) => e.count > 0).sort((a, b) => b.count - a.count).slice(0, 40);
}
