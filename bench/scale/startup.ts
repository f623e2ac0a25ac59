/**
 * Process start-up: `podpipe --help` (the built CLI, and the TypeScript source through tsx for reference) against a
 * bare `node -e 0`, run in turns; prints min and median wall time and CPU seconds, and the ratios pair by pair.
 *   npm run build && npx tsx bench/scale/startup.ts [runs]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { median, min } from './bench-env.ts';

const root = path.resolve(import.meta.dirname, '../..');
const runs = Number(process.argv[2] ?? 9);
const bin = path.join(root, 'services/control/bin/podpipe.mjs');
if (!existsSync(path.join(root, 'services/control/dist/sources.json'))) throw new Error('build first: npm run build');

interface Sample {
  wall: number;
  cpu: number;
}

function timed(args: string[], env: NodeJS.ProcessEnv = process.env): Sample {
  const started = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, env, encoding: 'utf8' });
  const wall = (performance.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  return { wall, cpu: childCpu() };
}

let lastChildCpu = 0;
/** user+system seconds of reaped children since the last call (/proc/self/stat fields 16–17, clock ticks of 1/100 s). */
function childCpu(): number {
  const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  const total = (Number(f[13]) + Number(f[14])) / 100;
  const delta = total - lastChildCpu;
  lastChildCpu = total;
  return delta;
}

const variants = {
  'node -e 0': () => timed(['-e', '0']),
  'podpipe --help (built)': () => timed([bin, '--help']),
  'podpipe --help (tsx, source)': () => timed([bin, '--help'], { ...process.env, PODPIPE_FROM_SOURCE: '1' }),
};
childCpu();
for (const run of Object.values(variants)) run(); // warm-up: file cache, tsx cache
const samples: Record<string, Sample[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
for (let i = 0; i < runs; i++) for (const [name, run] of Object.entries(variants)) samples[name]!.push(run());

const base = samples['node -e 0']!;
console.log(`${runs} runs each, in turns; wall s and CPU s: min / median; ratio to node -e 0 pair by pair: min / median`);
for (const [name, xs] of Object.entries(samples)) {
  const ratios = xs.map((x, i) => x.wall / base[i]!.wall);
  const w = xs.map((x) => x.wall);
  const c = xs.map((x) => x.cpu);
  console.log(
    `${name.padEnd(30)} wall ${min(w).toFixed(3)} / ${median(w).toFixed(3)}   cpu ${min(c).toFixed(2)} / ${median(c).toFixed(2)}   ratio ${min(ratios).toFixed(2)} / ${median(ratios).toFixed(2)}`,
  );
}
