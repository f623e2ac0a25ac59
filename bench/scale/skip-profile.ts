/**
 * The busiest functions of a CPU profile (skip.ts SKIP_PROFILE, skip-cpu.ts SKIP_CPU_PROFILE), self and inclusive,
 * in samples and as a share of the non-idle samples; `--per N` divides the sample counts by N (rounds).
 *   npx tsx bench/scale/skip-profile.ts FILE.cpuprofile [top] [--per N]
 */
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
const args = process.argv.slice(2);
const perAt = args.indexOf('--per');
const per = perAt >= 0 ? Number(args.splice(perAt, 2)[1]) : 1;
const profile = JSON.parse(readFileSync(args[0]!, 'utf8')) as { nodes: Node[]; samples: number[] };
const top = Number(args[1] ?? 40);
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const counts = new Map<number, number>();
for (const s of profile.samples) counts.set(s, (counts.get(s) ?? 0) + 1);
const label = (n: Node) =>
  `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.replace(/.*node_modules\//, 'nm/').replace(/.*\/work\/wt\/[^/]+\//, '')}:${n.callFrame.lineNumber + 1}`;
const self = new Map<string, number>();
const incl = new Map<string, number>();
let idle = 0;
for (const [id, c] of counts) {
  const n = nodes.get(id)!;
  if (n.callFrame.functionName === '(idle)') {
    idle += c;
    continue;
  }
  self.set(label(n), (self.get(label(n)) ?? 0) + c);
  const seen = new Set<string>();
  for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) {
    const l = label(nodes.get(x)!);
    if (seen.has(l)) continue;
    seen.add(l);
    incl.set(l, (incl.get(l) ?? 0) + c);
  }
}
const busy = profile.samples.length - idle;
console.log(`samples ${profile.samples.length}, idle ${idle}, busy ${busy}${per > 1 ? ` (${(busy / per).toFixed(1)} per round)` : ''}`);
for (const [title, m] of [['self', self], ['inclusive', incl]] as const) {
  console.log(`--- ${title}`);
  for (const [l, c] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${(c / per).toFixed(1).padStart(8)} ${((100 * c) / busy).toFixed(1).padStart(5)}%  ${l}`);
}
