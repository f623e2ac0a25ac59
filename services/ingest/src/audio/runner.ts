import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createLogger } from '@podpipe/shared/logger';
import type { FfmpegCommand } from './commands.ts';

const logger = createLogger(process.env.LOG_LEVEL ?? 'info', 'ffmpeg');

/** The last `count` non-empty lines of a tool's stderr, for error messages. */
export function tailLines(text: string, count: number): string {
  return text
    .split(/\r?\n|\r/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .slice(-count)
    .join('\n');
}

/**
 * `setpriv --pdeathsig KILL` when util-linux has it: the kernel kills ffmpeg when the worker dies, even by SIGKILL,
 * where no handler of ours runs. Elsewhere the process-group kill on exit below is all there is.
 */
let pdeathsig: Promise<boolean> | undefined;
/** Asked once, on the first ffmpeg run, without blocking the event loop (a synchronous check cost every process start). */
const hasPdeathsig = (): Promise<boolean> =>
  (pdeathsig ??=
    process.platform !== 'linux'
      ? Promise.resolve(false)
      : new Promise((resolve) => execFile('setpriv', ['--help'], { encoding: 'utf8' }, (err, stdout) => resolve(!err && stdout.includes('--pdeathsig')))));

/** ffmpeg processes running now; each leads its own process group, killed whole when this process exits. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) killGroup(child);
});

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

/** The argument list of one ffmpeg command: input options, the input, then output options and the output. */
export function ffmpegArgs(input: string, command: FfmpegCommand): string[] {
  return [...command.inputOptions, '-i', input, '-y', ...command.outputOptions, command.output];
}

export interface FfmpegRunOptions {
  /** Seconds decoded so far, from a command with `-progress pipe:2` (about twice a second). */
  onProgress?: (seconds: number) => void;
  /** Aborted: ffmpeg is killed (or never started) and the run rejects. */
  signal?: AbortSignal;
  /** Called once ffmpeg has been spawned (not for a run rejected before it started). */
  onSpawn?: () => void;
}

/**
 * Runs one ffmpeg command on `input` and resolves with its full stderr; rejects with the stderr tail on failure.
 * A run longer than `timeoutSec` is killed (SIGKILL to its process group: ffmpeg ignores SIGTERM while blocked in
 * open() on a dead mount) and rejected, so a hung ffmpeg cannot hold its job for ever; and ffmpeg dies with the worker.
 * `signal` aborted: killed the same way, rejected.
 */
export async function runFfmpeg(input: string, command: FfmpegCommand, timeoutSec: number, opts: FfmpegRunOptions = {}): Promise<string> {
  const { onProgress, signal } = opts;
  const withPdeathsig = await hasPdeathsig();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error(`ffmpeg on ${input} cancelled`));
    const args = ffmpegArgs(input, command);
    const [file, argv] = withPdeathsig ? ['setpriv', ['--pdeathsig', 'KILL', '--', 'ffmpeg', ...args]] : ['ffmpeg', args];
    logger.debug({ commandLine: ['ffmpeg', ...args].join(' ') }, 'ffmpeg started');
    const child = spawn(file, argv, { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
    running.add(child);
    opts.onSpawn?.();
    const stderr: Buffer[] = [];
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr.push(chunk);
      // A command with `-progress pipe:2` reports how far it has decoded, about twice a second.
      if (onProgress) {
        const times = [...chunk.toString('utf8').matchAll(/^out_time_us=(\d+)$/gm)];
        if (times.length) onProgress(Number(times[times.length - 1]![1]) / 1e6);
      }
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, timeoutSec * 1000);
    let cancelled = false;
    const onAbort = () => {
      cancelled = true;
      killGroup(child);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const settle = (error: Error | null) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      running.delete(child);
      const text = Buffer.concat(stderr).toString('utf8');
      if (!error) return resolve(text);
      logger.debug({ input, stderr: text }, 'ffmpeg failed');
      reject(new Error(`ffmpeg failed on ${input}: ${timedOut ? `process ran into a timeout (${timeoutSec}s); killed` : cancelled ? 'cancelled; killed' : tailLines(text, 5) || error.message}`));
    };
    child.once('error', (err) => settle(new Error(`could not run ffmpeg: ${err.message}`)));
    child.once('close', (code, killedBy) => settle(code === 0 && !timedOut ? null : new Error(`ffmpeg exited with ${killedBy ?? `code ${code}`}`)));
  });
}

/**
 * Runs ffprobe on `path` and resolves with its raw `{streams, format}` data; rejects with ffprobe's own complaint.
 * fluent-ffmpeg (only its ffprobe is used) loads on the first probe: `podpipe process` spawns its audio pass before.
 */
export async function runFfprobe(path: string): Promise<unknown> {
  const { default: ffmpeg } = await import('fluent-ffmpeg');
  return new Promise((resolve, reject) => {
    logger.debug({ path }, 'ffprobe started');
    ffmpeg.ffprobe(path, ['-hide_banner'], (error: Error | null, data: unknown) => {
      if (error) reject(new Error(`Cannot read ${path} as media: ${tailLines(error.message, 1)}`));
      else resolve(data);
    });
  });
}
