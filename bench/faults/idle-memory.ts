/**
 * Memory of an idle process with every stage's worker started and warmed (the floor under any episode's peak).
 *   DATABASE_URL=… REDIS_URL=… node --import tsx bench/faults/idle-memory.ts [seconds]
 */
const { STAGE_DEFINITIONS } = await import('../../services/control/src/stages.ts');
const { loadConfig } = await import('../../libs/shared/src/config.ts');
const { createLogger } = await import('../../libs/shared/src/logger.ts');
const { openRuntime, startStageWorkers } = await import('../../libs/shared/src/runtime.ts');
const mb = (n: number) => Math.round(n / 2 ** 20);
const show = (label: string) => {
  const m = process.memoryUsage();
  console.log(JSON.stringify({ label, rss: mb(m.rss), heapTotal: mb(m.heapTotal), heapUsed: mb(m.heapUsed), external: mb(m.external), arrayBuffers: mb(m.arrayBuffers), maxRss: Math.round(process.resourceUsage().maxRSS / 1024) }));
};
show('start');
const config = loadConfig({ ...process.env, PODPIPE_QUEUE_PREFIX: `idle${process.pid}`, LOG_LEVEL: 'silent' });
const rt = await openRuntime(config, createLogger('silent'), { allowEmbedded: false, migrate: false });
show('runtime open');
const workers = startStageWorkers(rt, Object.values(STAGE_DEFINITIONS));
for (let s = 0; s < Number(process.argv[2] ?? 20); s += 5) {
  await new Promise((r) => setTimeout(r, 5000));
  show(`workers +${s + 5}s`);
}
await workers.close();
await rt.close();
process.exit(0);
