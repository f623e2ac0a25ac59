// Housekeeping after crashes: a killed run is closed as abandoned and numbered on; ffmpeg dies with its worker;
// titles cannot drive the operator's terminal.
import { spawn } from 'node:child_process';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { forTerminal } from '@podpipe/control/status';
import { runStage, type StageDefinition } from '@podpipe/shared/stage';
import { useHarness } from '../support/harness.ts';
import { insertEpisodeRow } from '@podpipe/shared/testing/episode-row';

const run = promisify(execFile);
const h = useHarness({ workers: false });

const trivial: StageDefinition<string, string> = {
  name: 'segment',
  version: 'test-1',
  load: async () => 'input',
  fingerprint: (input) => input,
  compute: async (input) => input.toUpperCase(),
  save: async () => 'out-hash',
};

describe('a stage run left running by a dead worker', () => {
  it('is closed as abandoned when the job runs again, and the new run is numbered after it', async () => {
    const ep = await insertEpisodeRow(h.rt.db, { stage: 'segment' });
    // The first worker was killed mid-run: BullMQ re-delivers the job with attemptsMade still 0.
    await h.rt.db.insertInto('stage_runs').values({ episode_id: ep.id, stage: 'segment', generation: 1, attempt: 1, status: 'running', fingerprint: 'x' }).execute();
    expect(await runStage(trivial, h.rt, { episodeId: ep.id, generation: 1 }, { attemptsMade: 0, id: 'j' })).toBe('done');
    const runs = await h.rt.db.selectFrom('stage_runs').select(['attempt', 'status', 'finished_at']).where('episode_id', '=', ep.id).orderBy('id').execute();
    expect(runs.map((r) => [r.attempt, r.status])).toEqual([
      [1, 'abandoned'],
      [2, 'done'],
    ]);
    expect(runs[0]!.finished_at).not.toBeNull();
  });
});

describe('ffmpeg started by a worker', () => {
  it('dies when the worker is killed with SIGKILL', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'podpipe-orphan-'));
    const fifo = path.join(dir, 'never-written.fifo');
    await run('mkfifo', [fifo]);
    const runner = path.resolve('services/ingest/src/audio/runner.ts');
    const script = `import { runFfmpeg } from ${JSON.stringify(runner)}; runFfmpeg(${JSON.stringify(fifo)}, { inputOptions: [], outputOptions: ['-f', 'null'], output: '-' }, 600).catch(() => {}); setInterval(() => {}, 1000);`;
    const worker = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: 'ignore' });
    const ffmpegRunning = () => run('pgrep', ['-f', `ffmpeg.*${fifo}`]).then(() => 'running', () => 'gone');
    await expect.poll(ffmpegRunning, { timeout: 15_000, interval: 100 }).toBe('running');
    worker.kill('SIGKILL');
    await expect.poll(ffmpegRunning, { timeout: 5_000, interval: 100 }).toBe('gone');
  });
});

describe('forTerminal', () => {
  it('shows escape sequences and control characters as U+FFFD and cuts long text', () => {
    expect(forTerminal('Ep 1\u001b]0;pwned\u0007\u001b[2J\r\nrm -rf')).toBe('Ep 1\ufffd]0;pwned\ufffd\ufffd[2J\ufffd\ufffdrm -rf');
    expect(forTerminal('a\u202eevil')).toBe('a\ufffdevil');
    expect(forTerminal('x'.repeat(1000), 80)).toHaveLength(80);
  });
});
