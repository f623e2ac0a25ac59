/** Punctuation and capital marks scored as ../shared/eval/score.mjs scores them (tokenize + Levenshtein alignment). */
export interface Tok { w: string; p: '' | 'end' | 'comma'; cap: boolean; raw: string }

export function tokenize(text: string): Tok[] {
  const out: Tok[] = [];
  for (const raw of text.split(/\s+/)) {
    if (!raw) continue;
    const w = raw.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
    const trail = raw.match(/[^\p{L}\p{N}]*$/u)![0];
    const p = /[.?!]/.test(trail) ? 'end' : /[,;:\u2014\u2013]/.test(trail) || /--/.test(trail) ? 'comma' : '';
    if (!w) {
      if (out.length && p && !out.at(-1)!.p) out.at(-1)!.p = p;
      continue;
    }
    const first = raw.match(/[\p{L}\p{N}]/u)![0];
    out.push({ w, p, cap: first !== first.toLowerCase(), raw });
  }
  return out;
}
export function align(a: Tok[], b: Tok[]): Array<[number, number]> {
  const n = a.length, m = b.length, W = m + 1;
  const d = new Int32Array((n + 1) * W);
  for (let j = 0; j <= m; j++) d[j] = j;
  for (let i = 1; i <= n; i++) {
    d[i * W] = i;
    for (let j = 1; j <= m; j++) {
      d[i * W + j] = Math.min(d[(i - 1) * W + j - 1]! + (a[i - 1]!.w === b[j - 1]!.w ? 0 : 1), d[(i - 1) * W + j]! + 1, d[i * W + j - 1]! + 1);
    }
  }
  const pairs: Array<[number, number]> = [];
  let i = n, j = m;
  while (i > 0 || j > 0) {
    if (i > 0 && j > 0 && d[i * W + j] === d[(i - 1) * W + j - 1]! + (a[i - 1]!.w === b[j - 1]!.w ? 0 : 1)) { pairs.push([i - 1, j - 1]); i--; j--; }
    else if (i > 0 && d[i * W + j] === d[(i - 1) * W + j]! + 1) { pairs.push([i - 1, -1]); i--; }
    else { pairs.push([-1, j - 1]); j--; }
  }
  return pairs.reverse();
}

/** Matched (gold, hypothesis) word pairs only, as the scorer counts marks. */
export function matchedPairs(g: Tok[], h: Tok[]): Array<[number, number]> {
  return align(g, h).filter(([i, j]) => i >= 0 && j >= 0 && g[i]!.w === h[j]!.w);
}

export interface MarkCounts { end: number[]; comma: number[]; cap: number[] }

/** [tp, fp, fn] of sentence ends, commas and capitals of hypothesis text against gold text. */
export function countMarks(goldText: string, hypText: string): MarkCounts {
  const g = tokenize(goldText), h = tokenize(hypText);
  const c: MarkCounts = { end: [0, 0, 0], comma: [0, 0, 0], cap: [0, 0, 0] };
  for (const [i, j] of matchedPairs(g, h)) {
    for (const k of ['end', 'comma'] as const) {
      const gk = g[i]!.p === k, hk = h[j]!.p === k;
      if (gk && hk) c[k][0]!++; else if (hk) c[k][1]!++; else if (gk) c[k][2]!++;
    }
    if (i === 0) continue;
    if (g[i]!.cap && h[j]!.cap) c.cap[0]!++; else if (h[j]!.cap) c.cap[1]!++; else if (g[i]!.cap) c.cap[2]!++;
  }
  return c;
}

export const f1 = ([tp, fp, fn]: number[]) => {
  const p = tp! / Math.max(1, tp! + fp!), r = tp! / Math.max(1, tp! + fn!);
  return p + r ? (2 * p * r) / (p + r) : 0;
};
