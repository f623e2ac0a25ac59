import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import express, { type Request, type Response } from 'express';
import send from 'send';
import { InvalidBucketKeyError, LocalBucket, type Bucket } from '@podpipe/shared/buckets';
import { contentTypeFor } from '@podpipe/shared/content-types';
import { S3Bucket, type ObjectAnswer } from '@podpipe/shared/s3-bucket';

// Version folders never change once written (their name is their content's hash); everything else may be replaced.
const IMMUTABLE_KEY = /\/v\/[^/]+\//;
function cacheControlFor(key: string): string {
  return IMMUTABLE_KEY.test(key) ? 'public, max-age=31536000, immutable' : 'public, max-age=0, must-revalidate';
}

/** Remembers each file's sha256 by path, size and mtime, so a file is hashed once per content, not per request. */
export class FileHashCache {
  private readonly hashes = new Map<string, { stamp: string; sha256: string }>();
  constructor(private readonly maxEntries = 5000) {}

  async sha256Of(file: string, stat: { size: number; mtimeMs: number }): Promise<string> {
    const stamp = `${stat.size}:${stat.mtimeMs}`;
    const known = this.hashes.get(file);
    if (known?.stamp === stamp) return known.sha256;
    const hash = createHash('sha256');
    await pipeline(createReadStream(file), hash);
    const sha256 = hash.digest('hex');
    if (this.hashes.size >= this.maxEntries) this.hashes.delete(this.hashes.keys().next().value!);
    this.hashes.set(file, { stamp, sha256 });
    return sha256;
  }
}

function setCors(res: Response): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  // Published files are embedded by players on other sites (<audio>, <track>): the operator service's same-origin
  // default (helmet) would block those loads.
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  res.setHeader('Access-Control-Expose-Headers', 'Content-Length, Content-Range, Accept-Ranges, ETag');
}

/**
 * The publish bucket over HTTP, as a CDN would serve it: Range (206), HEAD, a strong ETag that is the file's
 * sha256 with If-None-Match, Content-Length, Accept-Ranges, podcast content types and open CORS for GET.
 * A local bucket is served by `send`; an S3 bucket is redirected to its public URL, which serves ranges itself, or —
 * when the public URL is this service's own /files (a private bucket) — proxied, with S3 answering the Range.
 */
export function publishedFilesRouter(bucket: Bucket, opts: { publicBaseUrl: string }): express.Router {
  const router = express.Router();
  const hashes = new FileHashCache();
  const ownFiles = /\/files$/.test(new URL(opts.publicBaseUrl).pathname);

  router.options('/{*key}', (_req, res) => {
    setCors(res);
    res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', 'Range, If-None-Match, If-Range');
    res.setHeader('Access-Control-Max-Age', '86400');
    res.status(204).end();
  });

  router.get('/{*key}', async (req: Request, res: Response, next) => {
    const key = (req.params as { key?: string[] }).key?.join('/') ?? '';
    setCors(res);
    if (bucket instanceof LocalBucket) {
      let file: string;
      try {
        file = bucket.pathOf(key);
      } catch (err) {
        if (err instanceof InvalidBucketKeyError) return void res.status(400).json({ error: err.message });
        throw err;
      }
      const stat = await fs.stat(file).catch(() => undefined);
      if (!stat?.isFile()) return void res.status(404).json({ error: `no published file ${key}` });
      res.setHeader('ETag', `"${await hashes.sha256Of(file, stat)}"`);
      res.setHeader('Content-Type', contentTypeFor(key));
      res.setHeader('Cache-Control', cacheControlFor(key));
      send(req, file, { etag: false, cacheControl: false, dotfiles: 'allow' })
        .on('error', (err: Error & { status?: number }) => (err.status === 404 ? res.status(404).json({ error: `no published file ${key}` }) : next(err)))
        .pipe(res);
      return;
    }
    if (!ownFiles) return void res.redirect(302, `${opts.publicBaseUrl}/${key.split('/').map(encodeURIComponent).join('/')}`);
    // An S3 bucket served through this service (its public URL is this /files): S3 answers ranges and validators.
    if (!(bucket instanceof S3Bucket)) throw new Error(`cannot serve files from bucket ${bucket.name}: neither a directory nor S3`);
    let answer: ObjectAnswer | undefined;
    try {
      answer = await bucket.answer(key, { method: req.method, range: req.headers.range, ifNoneMatch: req.headers['if-none-match'] });
    } catch (err) {
      if (err instanceof InvalidBucketKeyError) return void res.status(400).json({ error: err.message });
      throw err;
    }
    if (!answer) return void res.status(404).json({ error: `no published file ${key}` });
    res.status(answer.status).set(answer.headers);
    if (answer.status === 416) return void res.json({ error: `range ${req.headers.range} is outside ${key}` });
    res.setHeader('Content-Type', contentTypeFor(key));
    res.setHeader('Cache-Control', cacheControlFor(key));
    // A listener who skips ahead hangs up mid-body: that ends this answer, it is no error of the service.
    if (answer.body && req.method !== 'HEAD') await pipeline(answer.body, res).catch(() => answer.body!.destroy());
    else res.end();
  });
  return router;
}
