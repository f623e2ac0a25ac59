/**
 * A bucket in S3 or any S3-compatible store (MinIO, R2, …) through the AWS SDK. Credentials, region and
 * endpoint come from the SDK's usual sources (AWS_* environment variables, profiles, instance roles);
 * `forcePathStyle` is for stores addressed as host/bucket rather than bucket.host.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, NoSuchKey, NotFound, PutObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { safeKey, type Bucket, type ObjectVersion } from './buckets.ts';
import type { FileDigest } from './hash.ts';
import { contentTypeFor } from './content-types.ts';
import { S3_BUCKET_URL } from './config.ts';

/** Where an S3 bucket lives: `s3://bucket` or `s3://bucket/prefix`. */
export function parseS3Url(url: string): { bucket: string; prefix: string } {
  const m = S3_BUCKET_URL.exec(url);
  if (!m) throw new Error(`not an S3 bucket URL (s3://bucket[/prefix]): ${url}`);
  const prefix = (m[2] ?? '').replace(/^\/+|\/+$/g, '');
  return { bucket: m[1]!, prefix: prefix ? `${prefix}/` : '' };
}

/** An S3Bucket for a configured location (`PODPIPE_*_BUCKET` with the shared endpoint settings). */
export function s3BucketFor(name: string, where: { url: string; endpoint?: string; forcePathStyle: boolean }): S3Bucket {
  return new S3Bucket(name, where.url, S3Bucket.client({ forcePathStyle: where.forcePathStyle, ...(where.endpoint ? { endpoint: where.endpoint } : {}) }));
}

/** An object as an HTTP server should answer for it: status, headers and, for GET, the body. */
export interface ObjectAnswer {
  status: 200 | 206 | 304 | 416;
  headers: Record<string, string>;
  body?: Readable;
}

/** The HTTP status of a failed S3 request, when the store answered. */
const statusOf = (err: unknown) => (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

const isMissing = (err: unknown) => err instanceof NoSuchKey || err instanceof NotFound || (err as { name?: string }).name === 'NotFound';

export class S3Bucket implements Bucket {
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(
    readonly name: string,
    url: string,
    private readonly client: S3Client,
  ) {
    ({ bucket: this.bucket, prefix: this.prefix } = parseS3Url(url));
  }

  /** A client for S3Bucket: the SDK's defaults, path-style addressing when asked, checksums only where S3 requires them. */
  static client(opts: { forcePathStyle?: boolean; endpoint?: string } & Pick<S3ClientConfig, 'credentials' | 'region'> = {}): S3Client {
    return new S3Client({
      ...opts,
      // Stores other than AWS often reject the SDK's default streaming checksum trailers.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  private keyOf(key: string): string {
    return this.prefix + safeKey(key);
  }

  private async put(key: string, body: PutObjectCommand['input']['Body'], length: number): Promise<void> {
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: this.keyOf(key), Body: body, ContentLength: length, ContentType: contentTypeFor(key) }),
    );
  }

  async putFile(key: string, sourcePath: string): Promise<void> {
    const { size } = await fs.stat(sourcePath);
    await this.put(key, createReadStream(sourcePath), size);
  }

  async putBytes(key: string, bytes: string | Uint8Array): Promise<void> {
    const body = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
    await this.put(key, body, body.byteLength);
  }

  async openRead(key: string): Promise<Readable | undefined> {
    return (await this.get(key))?.body;
  }

  /** The object's body with the version it is of (its ETag: another upload has another), or undefined when there is none. */
  private async get(key: string): Promise<{ body: Readable; object: ObjectVersion } | undefined> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.keyOf(key) }));
      return { body: out.Body as Readable, object: { bytes: out.ContentLength ?? 0, version: out.ETag ?? '' } };
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  async digest(key: string): Promise<FileDigest | undefined> {
    const got = await this.get(key);
    if (!got) return undefined;
    const hash = createHash('sha256');
    let bytes = 0;
    for await (const chunk of got.body) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
    // One GET reads one version of the object: the one its ETag names (a store that sends none vouches for none).
    return { sha256: hash.digest('hex'), bytes, version: got.object.version && bytes === got.object.bytes ? got.object.version : null };
  }

  /**
   * Answers an HTTP request for an object as S3 itself does: a `Range` gives 206 with that part (416 when no byte
   * of it exists), a matching `If-None-Match` 304, HEAD the headers alone. Undefined when there is no such object.
   */
  async answer(key: string, req: { method: string; range?: string | undefined; ifNoneMatch?: string | undefined }): Promise<ObjectAnswer | undefined> {
    const input = { Bucket: this.bucket, Key: this.keyOf(key), ...(req.range ? { Range: req.range } : {}), ...(req.ifNoneMatch ? { IfNoneMatch: req.ifNoneMatch } : {}) };
    try {
      const out = req.method === 'HEAD' ? await this.client.send(new HeadObjectCommand(input)) : await this.client.send(new GetObjectCommand(input));
      const headers: Record<string, string> = { 'Accept-Ranges': 'bytes' };
      if (out.ContentLength !== undefined) headers['Content-Length'] = String(out.ContentLength);
      if (out.ContentRange) headers['Content-Range'] = out.ContentRange;
      if (out.ETag) headers.ETag = out.ETag;
      if (out.LastModified) headers['Last-Modified'] = out.LastModified.toUTCString();
      const body = 'Body' in out ? (out.Body as Readable | undefined) : undefined;
      return { status: out.$metadata.httpStatusCode === 206 ? 206 : 200, headers, ...(body ? { body } : {}) };
    } catch (err) {
      if (isMissing(err)) return undefined;
      const status = statusOf(err);
      if (status === 304 || status === 416) return { status, headers: {} };
      throw err;
    }
  }

  async getBytes(key: string): Promise<Buffer> {
    const body = await this.openRead(key);
    if (!body) throw new Error(`no object ${key} in bucket ${this.name}`);
    return Buffer.concat(await body.toArray());
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.keyOf(key) }));
      return true;
    } catch (err) {
      if (isMissing(err)) return false;
      throw err;
    }
  }

  async download(key: string, targetPath: string): Promise<void> {
    await this.fetchTo(key, targetPath);
  }

  /** download(), saying which version of the object the file holds. */
  private async fetchTo(key: string, targetPath: string): Promise<ObjectVersion> {
    const got = await this.get(key);
    if (!got) throw new Error(`no object ${key} in bucket ${this.name}`);
    await fs.mkdir(path.dirname(targetPath), { recursive: true });
    await pipeline(got.body, createWriteStream(targetPath));
    return got.object;
  }

  /** Objects directly under `dir` (not in sub-folders), with their size and upload time; keys relative to the bucket. */
  async list(dir = ''): Promise<{ key: string; size: number; lastModified: Date }[]> {
    const prefix = this.prefix + (dir ? `${safeKey(dir)}/` : '');
    const out: { key: string; size: number; lastModified: Date }[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, Delimiter: '/', ContinuationToken: token }));
      for (const o of page.Contents ?? []) {
        if (o.Key && !o.Key.endsWith('/')) out.push({ key: o.Key.slice(this.prefix.length), size: o.Size ?? 0, lastModified: o.LastModified ?? new Date(0) });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out;
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.keyOf(key) }));
  }

  async withLocalFile<T>(key: string, fn: (localPath: string, object: ObjectVersion) => Promise<T>): Promise<T> {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'podpipe-s3-'));
    try {
      const local = path.join(dir, path.basename(key));
      const object = await this.fetchTo(key, local);
      return await fn(local, object);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }
}
