import { mkdirSync, promises as fs } from 'node:fs';
import path from 'node:path';
import type { Buckets } from '@podpipe/shared/buckets';
import type { Database } from '@podpipe/shared/database';
import { isInfrastructureError } from '@podpipe/shared/infra-retry';
import type { Logger } from '@podpipe/shared/logger';
import { groupDrops, inProgressStem, type DropFiles } from './drops.ts';
import { openForWriting } from './open-files.ts';
import { registerDrop } from './register.ts';

export interface WatchOptions {
  /** How long every file of a drop must keep its size and mtime before the drop is taken (sidecars often lag the audio). */
  settleMs?: number;
  /** How often the directory is looked at. */
  scanMs?: number;
  /** PODPIPE_MAX_TITLE_CHARS. */
  maxTitleChars?: number;
}

const DEFAULTS = { settleMs: 2000, scanMs: 500 } satisfies Required<Pick<WatchOptions, 'settleMs' | 'scanMs'>>;

async function moveTo(dir: string, files: string[]): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  for (const f of files) await fs.rename(f, path.join(dir, path.basename(f)));
}

const dropFiles = (drop: DropFiles) => [drop.audio, drop.transcript, drop.meta].filter((f): f is string => Boolean(f));

/** Size and mtime of each file of a drop, as one comparable string; undefined when a file is gone. */
async function signature(files: string[]): Promise<string | undefined> {
  const parts = [];
  for (const f of files) {
    const st = await fs.stat(f).catch(() => null);
    if (!st?.isFile()) return undefined;
    parts.push(`${f}\0${st.size}\0${st.mtimeMs}`);
  }
  return parts.sort().join('\n');
}

export type TakeOutcome = 'taken' | 'failed' | 'retry';

/**
 * Registers one drop; its files leave the drop directory only once the episode is recorded and its archive copy
 * verified (registerDrop). A drop that changed while it was being taken stays for the next look; a database or
 * Redis outage leaves it in place to retry; a drop that cannot be taken moves to failed/ with error.txt.
 */
export async function takeDrop(
  db: Database,
  buckets: Buckets,
  dropDir: string,
  drop: DropFiles,
  log: Logger,
  settled?: string,
  opts: { maxTitleChars?: number } = {},
): Promise<TakeOutcome> {
  const files = dropFiles(drop);
  try {
    const reg = await registerDrop(db, buckets, drop, opts);
    if (settled !== undefined && (await signature(files)) !== settled) {
      log.warn({ stem: drop.stem, episodeId: reg.episodeId }, 'drop changed while it was being taken; kept for another look');
      return 'retry';
    }
    for (const f of files) await fs.rm(f, { force: true });
    log.info({ episodeId: reg.episodeId, stem: drop.stem, created: reg.created, error: reg.error }, reg.error ? 'drop kept but failed' : 'drop registered');
    return 'taken';
  } catch (err) {
    if (isInfrastructureError(err)) {
      log.warn({ stem: drop.stem, err: (err as Error).message }, 'drop not taken: database or Redis unavailable; retrying');
      return 'retry';
    }
    const failedDir = path.join(dropDir, 'failed', `${drop.stem}-${Date.now()}`);
    await moveTo(failedDir, files);
    await fs.writeFile(path.join(failedDir, 'error.txt'), `${(err as Error).message}\n`);
    log.error({ stem: drop.stem, failedDir, err: (err as Error).message }, 'drop rejected; moved to failed/');
    return 'failed';
  }
}

/**
 * Watches the top level of the drop directory. Each drop settles on its own clock: it is taken once all its
 * files have kept their size and mtime for the settle time, no `NAME.part`-style file says more is arriving, and
 * no process holds one of them open for writing. Drops are taken one at a time.
 */
export function watchDrops(db: Database, buckets: Buckets, dropDir: string, log: Logger, opts: WatchOptions = {}): { close(): Promise<void> } {
  const { settleMs, scanMs } = { ...DEFAULTS, ...opts };
  const registration = opts.maxTitleChars !== undefined ? { maxTitleChars: opts.maxTitleChars } : {};
  const seen = new Map<string, { signature: string; since: number }>();
  let stopped = false;

  const look = async (): Promise<void> => {
    const names = await fs.readdir(dropDir).catch(() => [] as string[]);
    const files: string[] = [];
    const arriving = new Set<string>();
    for (const n of names) {
      const full = path.join(dropDir, n);
      const marker = inProgressStem(n);
      if (marker !== undefined) arriving.add(marker);
      else if ((await fs.stat(full).catch(() => null))?.isFile()) files.push(full);
    }
    const drops = groupDrops(files);
    const now = Date.now();
    for (const stem of seen.keys()) if (!drops.some((d) => d.stem === stem)) seen.delete(stem);
    const ready: { drop: DropFiles; signature: string }[] = [];
    for (const drop of drops) {
      const sig = await signature(dropFiles(drop));
      if (sig === undefined) continue;
      const prior = seen.get(drop.stem);
      if (!prior || prior.signature !== sig) seen.set(drop.stem, { signature: sig, since: now });
      else if (now - prior.since >= settleMs && !arriving.has(drop.stem)) ready.push({ drop, signature: sig });
    }
    if (!ready.length) return;
    const open = await openForWriting(ready.flatMap((r) => dropFiles(r.drop)));
    for (const { drop, signature: sig } of ready) {
      if (stopped) return;
      if (dropFiles(drop).some((f) => open.has(path.resolve(f)))) continue;
      const outcome = await takeDrop(db, buckets, dropDir, drop, log, sig, registration);
      // Taken or failed: gone from the directory. Retry: wait a full settle time again.
      if (outcome === 'retry') seen.set(drop.stem, { signature: sig, since: Date.now() });
      else seen.delete(drop.stem);
    }
  };

  mkdirSync(dropDir, { recursive: true });
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (running) return; // a slow look (a big drop being archived) is never queued behind itself
    running = look()
      .catch((err: unknown) => log.error({ err }, 'drop scan failed'))
      .finally(() => (running = undefined));
  }, scanMs);
  log.info({ dropDir, settleMs }, 'watching for drops');
  return {
    close: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
