import { createHash } from 'node:crypto';
import { createReadStream, readdirSync, readFileSync } from 'node:fs';
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
