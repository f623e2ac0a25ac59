/**
 * Which of some files a process on this machine holds open for writing (Linux /proc; elsewhere none are seen).
 * An upload that pauses longer than the settle time still has its file open: this is what tells it from a whole drop.
 * Processes of other users are invisible to an unprivileged watcher; the settle time covers those.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

const O_ACCMODE = 0o3;

/** The subset of `files` (absolute paths) open for writing or read-write by any process we may inspect. */
export async function openForWriting(files: string[]): Promise<Set<string>> {
  const wanted = new Set(files.map((f) => path.resolve(f)));
  const found = new Set<string>();
  if (process.platform !== 'linux' || !wanted.size) return found;
  const pids = (await fs.readdir('/proc').catch(() => [] as string[])).filter((p) => /^\d+$/.test(p));
  for (const pid of pids) {
    const fds = await fs.readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      const target = await fs.readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      if (!wanted.has(target)) continue;
      const info = await fs.readFile(`/proc/${pid}/fdinfo/${fd}`, 'utf8').catch(() => '');
      const flags = /^flags:\s*([0-7]+)/m.exec(info)?.[1];
      if (flags !== undefined && (parseInt(flags, 8) & O_ACCMODE) !== 0) found.add(target);
    }
  }
  return found;
}
