import { pino, type Logger } from 'pino';

export type { Logger };

/** The process logger: JSON lines on stderr (stdout stays free for CLI output). */
export function createLogger(level: string, name = 'podpipe'): Logger {
  return pino({ name, level, base: { pid: process.pid } }, pino.destination(2));
}

/** A child logger that stamps every line with the episode and stage it concerns. */
export function episodeLogger(log: Logger, episodeId: string, stage: string): Logger {
  return log.child({ episodeId, stage });
}
