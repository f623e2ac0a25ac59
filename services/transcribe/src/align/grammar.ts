/** An inclusive range of chain positions (position i = before the window's word i; position n = after the last). */
export interface PositionRange {
  from: number;
  to: number;
}

/**
 * A Sphinx finite-state grammar that reads the window's words in order: it may enter the chain at any position in
 * `entry` and leave it at any position in `exit`, so a piece whose word span is known only roughly still finds its
 * words. Silence and noise may sit between any two words (the decoder inserts fillers at every state).
 */
export function chainGrammar(keys: string[], entry: PositionRange, exit: PositionRange): string {
  const n = keys.length;
  const start = 0;
  const final = n + 2;
  const state = (position: number) => position + 1;
  const lines = ['FSG_BEGIN forced', `NUM_STATES ${n + 3}`, `START_STATE ${start}`, `FINAL_STATE ${final}`];
  for (let p = Math.max(0, entry.from); p <= Math.min(n - 1, entry.to); p++) lines.push(`TRANSITION ${start} ${state(p)} 1.0`);
  keys.forEach((key, i) => lines.push(`TRANSITION ${state(i)} ${state(i + 1)} 1.0 ${key}`));
  for (let p = Math.max(1, exit.from); p <= Math.min(n, exit.to); p++) lines.push(`TRANSITION ${state(p)} ${final} 1.0`);
  lines.push('FSG_END');
  return `${lines.join('\n')}\n`;
}

/**
 * Where a decoded word sequence sits in the window: the first entry position in `entry` from which the window reads
 * exactly `decoded` and ends inside `exit`, or -1.
 */
export function locateRun(keys: string[], decoded: string[], entry: PositionRange, exit: PositionRange): number {
  for (let p = Math.max(0, entry.from); p <= Math.min(keys.length - decoded.length, entry.to); p++) {
    const end = p + decoded.length;
    if (end < exit.from || end > exit.to) continue;
    if (decoded.every((key, k) => keys[p + k] === key)) return p;
  }
  return -1;
}
