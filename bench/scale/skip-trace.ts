/**
 * One skipped reprocess, traced end to end: every Redis command (BullMQ's Lua scripts by name) and every Postgres
 * query the process sends, with when it was sent and answered, and each stage worker's active/completed events —
 * relative to the reprocess request. Where a skipped stage's time goes, step by step.
 *   DATABASE_URL=… REDIS_URL=… npx tsx bench/scale/skip-trace.ts [rounds-to-trace]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { STAGE_DEFINITIONS } from '../../services/control/src/stages.ts';
import { waitForEpisode } from '../../services/control/src/episodes.ts';
import { registerEpisode, reprocessEpisodes } from '../../services/ingest/src/register.ts';
import { STAGES, stageJobId } from '../../libs/shared/src/jobs.ts';
import { startStageWorkers } from '../../libs/shared/src/runtime.ts';
import { benchEnv, profiledCpuMs } from './bench-env.ts';

const traced = Number(process.argv[2] ?? 1);
const lex = path.resolve(import.meta.dirname, '../../../shared/samples/lex-fridman-73');
const env = await benchEnv('skiptrace');
const { rt } = env;
const workers = startStageWorkers(rt, STAGES.map((s) => STAGE_DEFINITIONS[s]));
const publishWorker = workers.workers.at(-1)!;

interface Event {
  at: number;
  end?: number;
  what: string;
}
let events: Event[] | null = null;
let t0 = 0;
const shaNames = new Map<string, string>();
const connIds = new WeakMap<object, string>();
let nextConn = 0;
const connName = (c: object) => {
  let id = connIds.get(c);
  if (!id) connIds.set(c, (id = `r${nextConn++}`));
  return id;
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const origSend = (Redis.prototype as any).sendCommand;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
(Redis.prototype as any).sendCommand = function (this: any, command: any, stream: any) {
  if (this.scriptsSet) for (const [name, s] of Object.entries(this.scriptsSet)) shaNames.set((s as { sha: string }).sha, name);
  if (events) {
    const name = command.name === 'evalsha' ? `lua:${shaNames.get(String(command.args[0])) ?? '?'}` : command.name;
    const key = command.name === 'evalsha' ? String(command.args[2] ?? '') : String(command.args[0] ?? '');
    const ev: Event = { at: performance.now() - t0, what: `redis ${connName(this)} ${name} ${key.slice(-40)}` };
    events.push(ev);
    command.promise?.then?.(
      () => (ev.end = performance.now() - t0),
      () => (ev.end = performance.now() - t0),
    );
  }
  return origSend.call(this, command, stream);
};
const origQuery = pg.Client.prototype.query;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
(pg.Client.prototype as any).query = function (this: any, ...args: any[]) {
  const result = (origQuery as any).apply(this, args);
  if (events) {
    const text = typeof args[0] === 'string' ? args[0] : (args[0]?.text ?? '?');
    const ev: Event = { at: performance.now() - t0, what: `pg    ${String(text).replace(/\s+/g, ' ').slice(0, 90)}` };
    events.push(ev);
    result?.then?.(
      () => (ev.end = performance.now() - t0),
      () => (ev.end = performance.now() - t0),
    );
  }
  return result;
};
workers.workers.forEach((w, i) => {
  w.on('active', () => events?.push({ at: performance.now() - t0, what: `EVENT ${STAGES[i]} active` }));
  w.on('completed', () => events?.push({ at: performance.now() - t0, what: `EVENT ${STAGES[i]} completed` }));
});

async function skipRound(episodeId: string, trace: boolean): Promise<number> {
  t0 = performance.now();
  if (trace) events = [];
  const [request] = await reprocessEpisodes(rt.db, { episodeIds: [episodeId] });
  rt.outbox.kick();
  const publishJob = stageJobId('publish', request!);
  await new Promise<void>((resolve) => {
    const onDone = (job: { id?: string }) => {
      if (job.id !== publishJob) return;
      publishWorker.off('completed', onDone);
      resolve();
    };
    publishWorker.on('completed', onDone);
  });
  return performance.now() - t0;
}

try {
  const transcriptPath = path.join(env.config.dataDir, 'opening.raw.txt');
  writeFileSync(transcriptPath, readFileSync(path.join(lex, 'opening.raw.txt')));
  const reg = await registerEpisode(rt.db, rt.buckets, { transcriptPath, meta: JSON.parse(readFileSync(path.join(lex, 'episode.meta.json'), 'utf8')) });
  const done = await waitForEpisode(rt.db, reg.episodeId, reg.generation, { timeoutMs: 300_000 });
  if (done.error) throw new Error(done.error);
  for (let i = 0; i < 5; i++) await skipRound(reg.episodeId, false);
  const profileTo = process.env.SKIP_PROFILE;
  if (profileTo) {
    // A CPU profile of untraced skipped rounds only (no set-up, no first runs).
    const n = Number(process.env.SKIP_PROFILE_ROUNDS ?? 40);
    const cpuMs = await profiledCpuMs(profileTo, 100, async () => {
      for (let i = 0; i < n; i++) await skipRound(reg.episodeId, false);
    });
    console.log(`profiled ${n} rounds: ${(cpuMs / n / STAGES.length).toFixed(2)} CPU ms per stage`);
  }
  for (let i = 0; i < traced; i++) {
    const total = await skipRound(reg.episodeId, true);
    await new Promise((r) => setTimeout(r, 50)); // late replies (blocking pops, marking sent)
    const evs = events!;
    events = null;
    console.log(`--- round ${i + 1}: ${total.toFixed(2)} ms for ${STAGES.length} stages`);
    for (const e of evs.sort((a, b) => a.at - b.at)) {
      console.log(`${e.at.toFixed(2).padStart(8)} ${e.end === undefined ? '       …' : `+${(e.end - e.at).toFixed(2).padStart(7)}`}  ${e.what}`);
    }
  }
} finally {
  await workers.close();
  await env.dispose();
}
process.exit(0);
