import { mkdirSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { watch } from 'chokidar';
import type { Buckets } from '@podpipe/shared/buckets';
import type { Database } from '@podpipe/shared/database';
import type { Logger } from '@podpipe/shared/logger';
import { groupDrops, type DropFiles } from './drops.ts';
import { registerDrop } from './register.ts';

/** How long a drop must stay unchanged before it is taken: sidecars often arrive a moment after the audio. */
const SETTLE_MS = 2000;

async function moveTo(dir: string, files: string[]): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  for (const f of files) await fs.rename(f, path.join(dir, path.basename(f)));
}

/** Registers one drop; its files leave the drop directory only once the episode is safely recorded. */
export async function takeDrop(db: Database, buckets: Buckets, dropDir: string, drop: DropFiles, log: Logger): Promise<void> {
  const files = [drop.audio, drop.transcript, drop.meta].filter((f): f is string => Boolean(f));
  try {
    const reg = await registerDrop(db, buckets, drop);
    // The archive in the ingest bucket now holds the content; the dropped copies can go.
    for (const f of files) await fs.rm(f, { force: true });
    log.info({ episodeId: reg.episodeId, stem: drop.stem, created: reg.created, error: reg.error }, reg.error ? 'drop kept but failed' : 'drop registered');
  } catch (err) {
    const failedDir = path.join(dropDir, 'failed', `${drop.stem}-${Date.now()}`);
    await moveTo(failedDir, files);
    await fs.writeFile(path.join(failedDir, 'error.txt'), `${(err as Error).message}\n`);
    log.error({ stem: drop.stem, failedDir, err: (err as Error).message }, 'drop rejected; moved to failed/');
  }
}

/** Watches the top level of the drop directory and registers each drop once it has settled. */
export function watchDrops(db: Database, buckets: Buckets, dropDir: string, log: Logger): { close(): Promise<void> } {
  const pending = new Map<string, NodeJS.Timeout>();
  let busy = Promise.resolve();
  const scan = async () => {
    const names = await fs.readdir(dropDir).catch(() => [] as string[]);
    const files = [];
    for (const n of names) {
      const full = path.join(dropDir, n);
      if ((await fs.stat(full).catch(() => null))?.isFile()) files.push(full);
    }
    for (const drop of groupDrops(files)) await takeDrop(db, buckets, dropDir, drop, log);
  };
  const schedule = (file: string) => {
    const key = path.basename(file).split('.')[0] ?? file;
    clearTimeout(pending.get(key));
    pending.set(
      key,
      setTimeout(() => {
        pending.delete(key);
        busy = busy.then(scan).catch((err: unknown) => log.error({ err }, 'drop scan failed'));
      }, SETTLE_MS),
    );
  };
  mkdirSync(dropDir, { recursive: true });
  const watcher = watch(dropDir, { depth: 0, ignoreInitial: false, awaitWriteFinish: { stabilityThreshold: 500, pollInterval: 100 } });
  watcher.on('add', schedule).on('change', schedule).on('error', (err) => log.error({ err }, 'drop watcher error'));
  log.info({ dropDir }, 'watching for drops');
  return {
    close: async () => {
      for (const t of pending.values()) clearTimeout(t);
      await watcher.close();
      await busy;
    },
  };
}
