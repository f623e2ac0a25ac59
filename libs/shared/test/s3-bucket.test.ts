// The S3 bucket against an S3-compatible server (s3rver, in this process), as the pipeline uses it.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { sha256 } from '../src/hash.ts';
import { parseS3Url, S3Bucket } from '../src/s3-bucket.ts';
import { startTestS3, type TestS3 } from '../src/testing/s3.ts';

let dir: string;
let s3: TestS3;
let client: TestS3['client'];
let bucket: S3Bucket;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'podpipe-s3-test-'));
  s3 = await startTestS3('podcasts');
  client = s3.client;
  bucket = new S3Bucket('publish', 's3://podcasts/feeds/main', client);
});

afterAll(async () => {
  await s3?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('parseS3Url', () => {
  it('reads bucket and prefix, and refuses anything else', () => {
    expect(parseS3Url('s3://podcasts')).toEqual({ bucket: 'podcasts', prefix: '' });
    expect(parseS3Url('s3://podcasts/feeds/main/')).toEqual({ bucket: 'podcasts', prefix: 'feeds/main/' });
    expect(() => parseS3Url('https://podcasts')).toThrow(/s3:\/\/bucket/);
    expect(() => parseS3Url('s3://No_Such')).toThrow();
  });
});

describe('S3Bucket', () => {
  it('writes bytes and files under its prefix, with a content type, and reads them back', async () => {
    await bucket.putBytes('episodes/e1/transcript.json', '{"segments":[]}');
    const source = path.join(dir, 'cover.txt');
    await writeFile(source, 'show notes');
    await bucket.putFile('episodes/e1/notes.txt', source);
    expect((await bucket.getBytes('episodes/e1/transcript.json')).toString()).toBe('{"segments":[]}');
    expect(Buffer.concat(await (await bucket.openRead('episodes/e1/notes.txt'))!.toArray()).toString()).toBe('show notes');
    const head = await client.send(new HeadObjectCommand({ Bucket: 'podcasts', Key: 'feeds/main/episodes/e1/transcript.json' }));
    expect(head.ContentType).toBe('application/json; charset=utf-8');
  });

  it('tells a missing object from a present one', async () => {
    expect(await bucket.exists('episodes/e1/transcript.json')).toBe(true);
    expect(await bucket.exists('episodes/e1/nothing.json')).toBe(false);
    expect(await bucket.openRead('episodes/e1/nothing.json')).toBeUndefined();
    await expect(bucket.getBytes('episodes/e1/nothing.json')).rejects.toThrow(/no object episodes\/e1\/nothing\.json in bucket publish/);
  });

  it('downloads to a path and lends a temporary local copy for tools that need one', async () => {
    const target = path.join(dir, 'out', 'transcript.json');
    await bucket.download('episodes/e1/transcript.json', target);
    expect(await readFile(target, 'utf8')).toBe('{"segments":[]}');
    let lent = '';
    const size = await bucket.withLocalFile('episodes/e1/notes.txt', async (file) => {
      lent = file;
      return (await readFile(file)).length;
    });
    expect(size).toBe(10);
    await expect(readFile(lent)).rejects.toThrow(/ENOENT/); // cleaned up afterwards
  });

  it('digests an object with the version it read, which a local copy of that version carries and a new upload changes', async () => {
    await bucket.putBytes('episodes/e1/audio.mp3', 'first take');
    const digest = (await bucket.digest('episodes/e1/audio.mp3'))!;
    expect(digest).toMatchObject({ sha256: sha256('first take'), bytes: 10, version: expect.stringMatching(/\S/) });
    expect(await bucket.digest('episodes/e1/none.mp3')).toBeUndefined();
    const lent = await bucket.withLocalFile('episodes/e1/audio.mp3', async (_file, object) => object);
    expect(lent).toEqual({ bytes: 10, version: digest.version });
    await bucket.putBytes('episodes/e1/audio.mp3', 'other take');
    const changed = await bucket.withLocalFile('episodes/e1/audio.mp3', async (file, object) => ({ object, sha256: sha256(await readFile(file)) }));
    expect(changed.object.bytes).toBe(10);
    expect(changed.object.version).not.toBe(digest.version);
    expect((await bucket.digest('episodes/e1/audio.mp3'))!).toMatchObject({ sha256: changed.sha256, version: changed.object.version });
  });

  it('refuses keys that climb out of the bucket', async () => {
    await expect(bucket.putBytes('../escape.txt', 'x')).rejects.toThrow(/invalid bucket key/);
  });
});
