import ffmpeg from 'fluent-ffmpeg';
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

/** Seconds of a timemark ('01:02:03.45'), as ffmpeg reports how far into the input it is. */
export function timemarkSeconds(timemark: string | undefined): number | undefined {
  const m = /^(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(timemark ?? '');
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : undefined;
}

/**
 * Runs one ffmpeg command on `input` and resolves with its full stderr; rejects with the stderr tail on failure.
 * A run longer than `timeoutSec` is killed and rejected, so a hung ffmpeg (a stalled network mount, a pipe
 * nobody writes) cannot hold its job for ever.
 */
export function runFfmpeg(input: string, command: FfmpegCommand, timeoutSec: number, onProgress?: (seconds: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    // stdoutLines: 0 keeps all of stderr; the default ring of 100 lines would drop silencedetect output on long episodes.
    const cmd = ffmpeg(input, { stdoutLines: 0, timeout: timeoutSec })
      // Progress is read from ffmpeg's stats lines, which the commands turn off (-nostats) unless someone listens.
      .inputOptions(onProgress ? [...command.inputOptions, '-stats'] : command.inputOptions)
      .outputOptions(command.outputOptions)
      .output(command.output)
      .on('start', (commandLine: string) => logger.debug({ commandLine }, 'ffmpeg started'))
      .on('error', (error: Error, _stdout: string | null, stderr: string | null) => {
        const timedOut = error.message.includes('ran into a timeout');
        // fluent-ffmpeg sends SIGTERM, which ffmpeg ignores while blocked (in open(), on a dead mount).
        if (timedOut) cmd.kill('SIGKILL');
        const detail = timedOut ? `${error.message}; killed` : tailLines(stderr ?? '', 5) || error.message;
        logger.debug({ input, stderr }, 'ffmpeg failed');
        reject(new Error(`ffmpeg failed on ${input}: ${detail}`));
      })
      .on('end', (_stdout: string | null, stderr: string | null) => resolve(stderr ?? ''));
    // Read from the stats lines ourselves: a 'progress' listener would make fluent-ffmpeg run ffprobe on the input first.
    if (onProgress) {
      cmd.on('stderr', (line: string) => {
        const seconds = timemarkSeconds(/\btime=(\S+)/.exec(line)?.[1]);
        if (seconds !== undefined) onProgress(seconds);
      });
    }
    cmd.run();
  });
}

/** Runs ffprobe on `path` and resolves with its raw `{streams, format}` data; rejects with ffprobe's own complaint. */
export function runFfprobe(path: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    logger.debug({ path }, 'ffprobe started');
    ffmpeg.ffprobe(path, ['-hide_banner'], (error: Error | null, data: unknown) => {
      if (error) reject(new Error(`Cannot read ${path} as media: ${tailLines(error.message, 1)}`));
      else resolve(data);
    });
  });
}
