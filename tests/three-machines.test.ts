// Three "machines" that share nothing but one Redis, one Postgres and one S3 server: worker processes with their
// own data and temp directories, the ingest archive and the published files in S3. Twenty episodes with audio and
// transcripts go through while one machine is killed mid-run; every episode is published exactly once, and no
// machine keeps a file of its own.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerEpisode } from '@podpipe/ingest/register';
import { STAGES } from '@podpipe/shared/jobs';
import { startTestS3, type TestS3 } from '@podpipe/shared/testing/s3';
import { useHarness } from './support/harness.ts';

const root = path.resolve(__dirname, '..');
const bin = path.join(root, 'services/control/bin/podpipe.mjs');
const EPISODES = 20;
const S3_ENV = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' };

let s3: TestS3;
beforeAll(async () => {
  s3 = await startTestS3('shared');
  Object.assign(process.env, S3_ENV);
});
afterAll(async () => {
  await s3?.close();
});

const buckets = () => ({
  ingestS3: { url: 's3://shared/ingest', endpoint: s3.endpoint, forcePathStyle: true },
  publishS3: { url: 's3://shared/publish', endpoint: s3.endpoint, forcePathStyle: true },
});
// This process is the drop watcher's machine: it registers episodes into the S3 archive and runs no stage.
const h = useHarness({ workers: false, config: buckets });

interface Machine {
  name: string;
  dataDir: string;
  tmpDir: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  stderr(): string;
}

function startMachine(name: string, base: string): Machine {
  const dataDir = path.join(base, name, 'data');
  const tmpDir = path.join(base, name, 'tmp');
  mkdirSync(dataDir, { recursive: true });
  mkdirSync(tmpDir, { recursive: true });
  const child = spawn(process.execPath, [bin, 'worker', ...STAGES], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      ...S3_ENV,
      DATABASE_URL: h.env.databaseUrl,
      REDIS_URL: h.env.redisUrl,
      PODPIPE_QUEUE_PREFIX: h.env.queuePrefix,
      PODPIPE_DATA_DIR: dataDir,
      TMPDIR: tmpDir,
      PODPIPE_INGEST_BUCKET: 's3://shared/ingest',
      PODPIPE_PUBLISH_BUCKET: 's3://shared/publish',
      PODPIPE_S3_ENDPOINT: s3.endpoint,
      PODPIPE_S3_FORCE_PATH_STYLE: 'true',
      LOG_LEVEL: process.env.MACHINE_LOG_LEVEL ?? 'warn',
    },
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  exited.then((code) => code && code !== 0 && console.error(`${name} exited ${code}: ${stderr}`));
  return { name, dataDir, tmpDir, child, exited, stderr: () => stderr };
}

/** Every file under a directory (empty folders are fine: a machine may create its layout). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(path.join(dir, f)).isFile());
}

describe('three machines sharing only Redis, Postgres and S3', () => {
  it('publishes every episode exactly once while one machine is killed mid-run', async () => {
    const base = mkdtempSync(path.join(tmpdir(), 'podpipe-machines-'));
    const drops = path.join(base, 'drops');
    mkdirSync(drops);
    const machines = ['machine-a', 'machine-b', 'machine-c'].map((m) => startMachine(m, base));
    try {
      const ids: string[] = [];
      for (let i = 0; i < EPISODES; i++) {
        const audio = path.join(drops, `ep${i}.mp3`);
        const made = spawnSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', `sine=frequency=${220 + 15 * i}:duration=6`, '-ac', '1', '-b:a', '32k', '-y', audio]);
        expect(made.status).toBe(0);
        const transcript = path.join(drops, `ep${i}.txt`);
        writeFileSync(transcript, `welcome to episode ${i} of the machine hour today we talk about tides and harbors number ${i} and then we say goodbye`);
        const reg = await registerEpisode(h.rt.db, h.rt.buckets, { audioPath: audio, transcriptPath: transcript, meta: { show: 'Machine Hour', title: `Episode ${i}` } });
        ids.push(reg.episodeId);
      }
      h.rt.outbox.kick();

      // Kill one machine once work is under way (some episode has started a stage).
      const deadline = Date.now() + 120_000;
      while (Date.now() < deadline) {
        const started = await h.rt.db.selectFrom('stage_runs').select('id').limit(3).execute();
        if (started.length >= 3) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      machines[1]!.child.kill('SIGKILL');
      await machines[1]!.exited;

      // A killed machine's job is taken over once its lock expires (the stage's lockMs) and BullMQ's stalled check runs.
      const waitUntil = Date.now() + 330_000;
      let done = 0;
      while (Date.now() < waitUntil) {
        const rows = await h.rt.db.selectFrom('episodes').select(['status', 'error']).where('id', 'in', ids).execute();
        const failed = rows.filter((r) => r.status === 'failed');
        expect(failed).toEqual([]);
        done = rows.filter((r) => r.status === 'done').length;
        if (done === EPISODES) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      if (done !== EPISODES) {
        // What an operator would look at: where each episode stands, and what the machines said.
        const rows = await h.rt.db.selectFrom('episodes').select(['status', 'stage', 'error']).where('id', 'in', ids).execute();
        console.error(JSON.stringify(rows.slice(0, 5)), machines.map((m) => `${m.name}: ${m.stderr().slice(-1500)}`).join('\n'));
      }
      expect(done).toBe(EPISODES);

      // Published exactly once: one finished publish run per episode, its files in the shared bucket.
      const publishes = await h.rt.db
        .selectFrom('stage_runs')
        .select(['episode_id', ({ fn }) => fn.countAll<number>().as('n')])
        .where('stage', '=', 'publish')
        .where('status', '=', 'done')
        .groupBy('episode_id')
        .execute();
      expect(publishes).toHaveLength(EPISODES);
      expect(publishes.every((p) => p.n === 1)).toBe(true);
      const episodesJson = await h.rt.db.selectFrom('artifacts').select(['episode_id', 'key']).where('kind', '=', 'episode.json').execute();
      expect(new Set(episodesJson.map((a) => a.episode_id)).size).toBe(EPISODES);
      for (const a of episodesJson.slice(0, 3)) {
        const object = await s3.client.send(new GetObjectCommand({ Bucket: 'shared', Key: `publish/${a.key}` }));
        expect(JSON.parse(await object.Body!.transformToString()).duration).toBeGreaterThan(5);
      }
      // Share nothing: the surviving machines hold no file of their own once their jobs are done.
      for (const m of [machines[0]!, machines[2]!]) {
        expect(filesUnder(m.dataDir), `${m.name} data`).toEqual([]);
        expect(filesUnder(m.tmpDir), `${m.name} tmp`).toEqual([]);
      }
    } finally {
      for (const m of machines) m.child.kill('SIGTERM');
      await Promise.all(machines.map((m) => m.exited));
      rmSync(base, { recursive: true, force: true });
    }
  }, 480_000);
});
