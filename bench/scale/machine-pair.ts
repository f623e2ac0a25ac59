/**
 * The machine's own 2 / 1, with no caches, no I/O and no podpipe code: a fixed piece of pure JavaScript work run in
 * one child process alone, then in two child processes at once, ROUNDS times in turn; prints each way's CPU seconds
 * per piece (the children's own process.cpuUsage) and at once / alone. Kinds: `arith` (integer arithmetic in
 * registers), `alloc` (short strings, arrays and a Map that outgrows the CPU caches, so the garbage collector and
 * memory traffic are in it).
 * MACHINE_PAIR_NODE_ARGS (e.g. `--single-threaded-gc`) are given to the children's node, to see what a V8 flag does to
 * one process and to two at once.
 *   npx tsx bench/scale/machine-pair.ts [rounds] [kind,...]
 */
import { spawn } from 'node:child_process';
import { median, min } from './bench-env.ts';

function arith(): number {
  let x = 2463534242;
  let sum = 0;
  for (let i = 0; i < 1_200_000_000; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    sum = (sum + (x & 1023)) | 0;
  }
  return sum;
}

function alloc(): number {
  let sum = 0;
  for (let round = 0; round < 4; round++) {
    const seen = new Map<string, number[]>();
    for (let i = 0; i < 400_000; i++) {
      const key = `k${(i * 7919) % 250_000}`;
      const list = seen.get(key) ?? [];
      list.push(i);
      seen.set(key, list);
    }
    for (const list of seen.values()) sum = (sum + list.length) | 0;
  }
  return sum;
}

const WORK = { arith, alloc } as const;

if (process.env.MACHINE_PAIR_KIND) {
  const c0 = process.cpuUsage();
  const result = WORK[process.env.MACHINE_PAIR_KIND as keyof typeof WORK]();
  const c = process.cpuUsage(c0);
  console.log(JSON.stringify({ cpu: (c.user + c.system) / 1e6, result }));
  process.exit(0);
}

const rounds = Number(process.argv[2] ?? 3);
const nodeArgs = (process.env.MACHINE_PAIR_NODE_ARGS ?? '').split(' ').filter(Boolean);
const kinds = (process.argv[3] ?? 'arith,alloc').split(',') as (keyof typeof WORK)[];
const child = (kind: string) =>
  new Promise<number>((resolve, reject) => {
    const p = spawn(process.execPath, [...nodeArgs, ...process.execArgv, import.meta.filename], { env: { ...process.env, MACHINE_PAIR_KIND: kind }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.on('exit', (code) => (code === 0 ? resolve((JSON.parse(out.trim()) as { cpu: number }).cpu) : reject(new Error(`${kind}: exit ${code}`))));
  });
for (const kind of kinds) {
  const alone: number[] = [];
  const together: number[] = [];
  for (let r = 0; r < rounds; r++) {
    alone.push(await child(kind));
    const [a, b] = await Promise.all([child(kind), child(kind)]);
    together.push((a + b) / 2);
  }
  const ratios = together.map((t, i) => t / alone[i]!);
  console.log(`${kind}: CPU s per piece alone ${alone.map((x) => x.toFixed(2)).join(' ')}; two at once (mean of the two) ${together.map((x) => x.toFixed(2)).join(' ')}; at once / alone min ${min(ratios).toFixed(3)} median ${median(ratios).toFixed(3)}`);
}
