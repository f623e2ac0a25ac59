import { createHash } from 'node:crypto';
import { createReadStream, readdirSync, readFileSync, type BigIntStats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** sha256 hex of bytes or a string. */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** sha256 hex of a file, streamed (audio files can be large). */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * One state of a local file: device, inode, size and modification and change times to the nanosecond. Any write to
 * the file, a replacement (rename) or a restored mtime (`touch -r`: the change time still moves) gives another.
 */
export function fileVersion(s: BigIntStats): string {
  return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
}

/** The bytes of a file or object, as read once: its sha256, its length and the version read (see FileDigest.version). */
export interface FileDigest {
  sha256: string;
  bytes: number;
  /**
   * What identifies the state that was read (fileVersion, an S3 ETag); null when it changed while being read, so the
   * digest vouches for no state. A later reader may take `sha256` as its own only while the version is still this.
   */
  version: string | null;
}

/**
 * Longer than the tick of the clock that stamps a file's times (1–10 ms): a write within the tick of the last one may
 * leave them as they were, so a version is vouched for only once its times are older than this.
 */
const SETTLE_MS = 20;

/** The file's stat once its times are a tick old (waiting up to SETTLE_MS for a file just written); null if they never are. */
async function settledStat(file: FileHandle): Promise<BigIntStats | null> {
  const age = (s: BigIntStats) => Date.now() - Number((s.ctimeNs > s.mtimeNs ? s.ctimeNs : s.mtimeNs) / 1_000_000n);
  const first = await file.stat({ bigint: true });
  const wait = SETTLE_MS - age(first);
  if (wait <= 0) return first;
  if (wait > 2 * SETTLE_MS) return null; // stamped by a clock ahead of ours: no tick to wait out
  await sleep(wait);
  const settled = await file.stat({ bigint: true });
  return age(settled) >= SETTLE_MS ? settled : null;
}

/**
 * sha256 and length of a file, streamed, with its version (fileVersion) when it did not change while being read. A
 * file written in the last few milliseconds is read once its times are a clock tick old (so a later write shows).
 */
export async function digestFile(path: string): Promise<FileDigest> {
  const file = await open(path, 'r');
  try {
    const before = await settledStat(file);
    const hash = createHash('sha256');
    let bytes = 0;
    for await (const chunk of file.createReadStream({ autoClose: false })) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
    const after = await file.stat({ bigint: true });
    const version = before && fileVersion(before) === fileVersion(after) && BigInt(bytes) === after.size ? fileVersion(after) : null;
    return { sha256: hash.digest('hex'), bytes, version };
  } finally {
    await file.close();
  }
}

/**
 * Stable hash of plain data: object keys sorted, so equal data always gives the same fingerprint. The canonical
 * text is fed to the hash in pieces as it is written, never built whole: for a 300k-word transcript that string
 * (and the one per word it was joined from) was tens of MB of garbage per hash.
 */
export function hashJson(value: unknown): string {
  const hash = createHash('sha256');
  let pending = '';
  // Pieces are whole JSON tokens, so a flush never splits a surrogate pair.
  const write = (piece: string) => {
    pending += piece;
    if (pending.length >= 1 << 16) {
      hash.update(pending);
      pending = '';
    }
  };
  writeStable(value, write);
  hash.update(pending);
  return hash.digest('hex');
}

function writeStable(value: unknown, write: (piece: string) => void): void {
  if (value === null || typeof value !== 'object') {
    write(JSON.stringify(value) ?? 'null');
    return;
  }
  if (Array.isArray(value)) {
    write('[');
    for (let i = 0; i < value.length; i++) {
      if (i) write(',');
      writeStable(value[i], write);
    }
    write(']');
    return;
  }
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  write('{');
  entries.forEach(([k, v], i) => {
    write(`${i ? ',' : ''}${JSON.stringify(k)}:`);
    writeStable(v, write);
  });
  write('}');
}

/**
 * A stage's code version: the hash of every file under its source folder (code, lexicons, model weights), so a
 * change to any of them changes the stage's fingerprint and reprocessing re-runs it — no version to bump by hand.
 */
export function sourceTreeHash(moduleUrl: string): string {
  const root = dirname(fileURLToPath(moduleUrl));
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) hash.update(relative(root, full)).update('\0').update(readFileSync(full)).update('\0');
    }
  };
  walk(root);
  return hash.digest('hex').slice(0, 16);
}
