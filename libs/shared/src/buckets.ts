import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { digestFile, fileVersion, type FileDigest } from './hash.ts';

/** Which state of an object a reader has: its length and version (a local file's fileVersion, an S3 ETag). */
export interface ObjectVersion {
  bytes: number;
  version: string;
}

/**
 * Object storage as the pipeline sees it: keys under a named bucket, in a local directory (LocalBucket) or
 * an S3-compatible bucket (S3Bucket, in s3-bucket.ts).
 */
export interface Bucket {
  readonly name: string;
  putFile(key: string, sourcePath: string): Promise<void>;
  putBytes(key: string, bytes: string | Uint8Array): Promise<void>;
  getBytes(key: string): Promise<Buffer>;
  /** A stream of the object, or undefined when there is none. */
  openRead(key: string): Promise<Readable | undefined>;
  exists(key: string): Promise<boolean>;
  /** Reads the object once: its sha256, length and the version read (FileDigest); undefined when there is none. */
  digest(key: string): Promise<FileDigest | undefined>;
  /**
   * Runs fn with a local file path holding the object (ffmpeg needs a path), and the version of the object that path
   * holds: a digest taken of that version (FileDigest) is the file's without reading it again.
   */
  withLocalFile<T>(key: string, fn: (localPath: string, object: ObjectVersion) => Promise<T>): Promise<T>;
  /** Copies an object to a local file outside the bucket. */
  download(key: string, targetPath: string): Promise<void>;
  /** Deletes an object; a missing one is not an error. */
  delete(key: string): Promise<void>;
}

/** A key that would leave its bucket ("..", an absolute path). */
export class InvalidBucketKeyError extends Error {}

/** A key with no way out of its bucket ("..", absolute paths); throws InvalidBucketKeyError otherwise. */
export function safeKey(key: string): string {
  const normalized = path.posix.normalize(key);
  if (normalized.startsWith('..') || path.posix.isAbsolute(normalized) || normalized === '.') {
    throw new InvalidBucketKeyError(`invalid bucket key: ${key}`);
  }
  return normalized;
}

/** A bucket that is a directory on a local or shared filesystem. Writes are atomic (temp file + rename). */
/** Temporary files this process has made for atomic writes (their names' last part). */
let tmpCount = 0;

export class LocalBucket implements Bucket {
  constructor(
    readonly name: string,
    readonly root: string,
  ) {}

  pathOf(key: string): string {
    return path.join(this.root, safeKey(key));
  }

  private async atomicWrite(key: string, write: (tmp: string) => Promise<void>): Promise<void> {
    const target = this.pathOf(key);
    await fs.mkdir(path.dirname(target), { recursive: true });
    // Unique within the process too: two jobs of one worker may write the same key in the same millisecond.
    const tmp = `${target}.${process.pid}.${Date.now()}.${++tmpCount}.tmp`;
    try {
      await write(tmp);
      await fs.rename(tmp, target);
    } catch (err) {
      await fs.rm(tmp, { force: true });
      throw err;
    }
  }

  putFile(key: string, sourcePath: string): Promise<void> {
    return this.atomicWrite(key, (tmp) => pipeline(createReadStream(sourcePath), createWriteStream(tmp)));
  }

  putBytes(key: string, bytes: string | Uint8Array): Promise<void> {
    return this.atomicWrite(key, (tmp) => fs.writeFile(tmp, bytes));
  }

  getBytes(key: string): Promise<Buffer> {
    return fs.readFile(this.pathOf(key));
  }

  async openRead(key: string): Promise<Readable | undefined> {
    const file = this.pathOf(key);
    const stat = await fs.stat(file).catch(() => undefined);
    return stat?.isFile() ? createReadStream(file) : undefined;
  }

  async exists(key: string): Promise<boolean> {
    return fs.access(this.pathOf(key)).then(
      () => true,
      () => false,
    );
  }

  async digest(key: string): Promise<FileDigest | undefined> {
    return digestFile(this.pathOf(key)).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT' || err.code === 'EISDIR') return undefined;
      throw err;
    });
  }

  async withLocalFile<T>(key: string, fn: (localPath: string, object: ObjectVersion) => Promise<T>): Promise<T> {
    const file = this.pathOf(key);
    const stat = await fs.stat(file, { bigint: true });
    return fn(file, { bytes: Number(stat.size), version: fileVersion(stat) });
  }

  async download(key: string, targetPath: string): Promise<void> {
    await fs.mkdir(path.dirname(targetPath), { recursive: true });
    await fs.copyFile(this.pathOf(key), targetPath);
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.pathOf(key), { force: true });
  }
}

export interface Buckets {
  /** The ingest archive: every accepted drop's files under archive/ (a local directory or an S3 bucket). */
  ingest: Bucket;
  /** Published artifacts, read by downstream systems (and served by the operator service under /files). */
  publish: Bucket;
}

/** The buckets under one data directory; `ingest` and `publish` replace the local ones (e.g. S3Buckets). */
export function localBuckets(dataDir: string, publish?: Bucket, ingest?: Bucket): Buckets {
  return {
    ingest: ingest ?? new LocalBucket('ingest', path.join(dataDir, 'ingest')),
    publish: publish ?? new LocalBucket('publish', path.join(dataDir, 'publish')),
  };
}
