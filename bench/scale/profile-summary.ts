/**
 * Sums the self time of every function over .cpuprofile files (--cpu-prof's, or the CPU pool threads' written with
 * PODPIPE_CPU_THREAD_PROFILE), grouped by a file-name pattern's first capture (default: all files together), and
 * prints the top functions of each group with their share, for comparing a 1-process run with a 2-process one.
 *   npx tsx bench/scale/profile-summary.ts DIR [top] [group-regexp]
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const [dir, topArg, groupArg] = process.argv.slice(2);
if (!dir) throw new Error('usage: profile-summary.ts DIR [top] [group-regexp]');
const top = Number(topArg ?? 25);
const group = groupArg ? new RegExp(groupArg) : null;
const groups = new Map<string, Map<string, number>>();
for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
  const g = group ? (group.exec(file)?.[1] ?? 'other') : 'all';
  const by = groups.get(g) ?? new Map<string, number>();
  groups.set(g, by);
  const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Profile;
  const names = new Map(profile.nodes.map((n) => [n.id, `${n.callFrame.functionName || '(anonymous)'} ${path.basename(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`]));
  profile.samples.forEach((id, i) => {
    const name = names.get(id)!;
    by.set(name, (by.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
}
for (const [g, by] of groups) {
  const total = [...by.values()].reduce((a, b) => a + b, 0);
  const idle = (by.get('(idle) :0') ?? 0);
  console.log(`== ${g}: ${(total / 1000).toFixed(2)} s sampled, ${((total - idle) / 1000).toFixed(2)} s not idle`);
  for (const [name, ms] of [...by].filter(([n]) => n !== '(idle) :0').sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`  ${(ms / 1000).toFixed(2).padStart(7)} s ${((ms / (total - idle)) * 100).toFixed(1).padStart(5)} %  ${name}`);
  }
}
