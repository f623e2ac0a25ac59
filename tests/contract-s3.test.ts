// The downstream contract in S3 publish mode: real Redis and Postgres, the real stage workers, s3rver as the
// bucket. The published URLs (episode.json, the feed, its enclosure) are the bucket's public URL, which answers them
// itself; the operator service's /files redirects there, or — for a private bucket it serves as its own /files —
// proxies with S3 answering Range (206), HEAD and If-None-Match.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import express from 'express';
import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForEpisode } from '@podpipe/control/episodes';
import { publishedFilesRouter } from '@podpipe/control/files';
import { serve } from '@podpipe/control/server';
import { registerEpisode } from '@podpipe/ingest/register';
import { showFeedKey } from '@podpipe/publish/show-feed';
import { readManifest } from '@podpipe/publish/versions';
import { loadConfig } from '@podpipe/shared/config';
import { contentTypeFor } from '@podpipe/shared/content-types';
import { startTestS3, type TestS3 } from '@podpipe/shared/testing/s3';
import { useHarness } from './support/harness.ts';

let s3: TestS3;
beforeAll(async () => {
  s3 = await startTestS3('cdn');
  // s3rver's fixed credentials, as the AWS SDK reads them from the environment in a deployment.
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' });
});
afterAll(async () => {
  await s3?.close();
});

// The publish settings exactly as an operator sets them; the public URL is derived from them (no PODPIPE_PUBLIC_BASE_URL).
const publishEnv = () => ({ PODPIPE_PUBLISH_BUCKET: 's3://cdn/podcasts', PODPIPE_S3_ENDPOINT: s3.endpoint, PODPIPE_S3_FORCE_PATH_STYLE: 'true' });
const h = useHarness({
  workers: true,
  config: () => {
    const c = loadConfig(publishEnv());
    return { publishS3: c.publishS3, publicBaseUrl: c.publicBaseUrl };
  },
});

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('S3 publish mode', () => {
  let bucketUrl: string;
  let episodeId: string;
  let enclosure: string;
  let keyOf: (url: string) => string;

  it('publishes URLs under the bucket’s public URL, each answered by the bucket with the published bytes', async () => {
    bucketUrl = `${s3.endpoint}/cdn/podcasts`;
    expect(h.rt.config.publicBaseUrl).toBe(bucketUrl);
    keyOf = (url) => url.slice(bucketUrl.length + 1);
    const audioPath = path.join(h.env.dataDir, 'tone.mp3');
    const transcriptPath = path.join(h.env.dataDir, 'tone.txt');
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'sine=frequency=300:duration=6', '-ac', '1', '-b:a', '32k', '-y', audioPath]);
    writeFileSync(transcriptPath, 'welcome to a short show about bread, starters and the people who keep them.');
    const reg = await registerEpisode(h.rt.db, h.rt.buckets, { audioPath, transcriptPath, meta: { show: 'Bucket Show', title: 'Bread', guid: 'bucket-1' } });
    episodeId = reg.episodeId;
    expect((await waitForEpisode(h.rt.db, episodeId, 1, { timeoutMs: 120_000 })).error).toBeNull();

    const manifest = (await readManifest(h.rt.buckets.publish, episodeId))!;
    const docRes = await fetch(`${bucketUrl}/${manifest.prefix}/episode.json`);
    expect(docRes.status).toBe(200);
    const doc = (await docRes.json()) as { artifacts: { kind: string; url: string; sha256: string; bytes: number }[] };
    expect(doc.artifacts.length).toBeGreaterThanOrEqual(8);
    for (const a of doc.artifacts) {
      expect(a.url.startsWith(`${bucketUrl}/`), a.url).toBe(true);
      const res = await fetch(a.url);
      expect(res.status, a.url).toBe(200);
      // The bucket serves each file with the type /files gives it from a directory (captions and feeds in UTF-8).
      expect(res.headers.get('content-type'), a.kind).toBe(contentTypeFor(keyOf(a.url)));
      const body = Buffer.from(await res.arrayBuffer());
      expect({ kind: a.kind, sha256: sha256(body), bytes: body.length }).toEqual({ kind: a.kind, sha256: a.sha256, bytes: a.bytes });
    }

    const feedRes = await fetch(`${bucketUrl}/${showFeedKey('bucket-show')}`);
    expect(feedRes.status).toBe(200);
    const xml = await feedRes.text();
    const feed = await new Parser({ customFields: { item: [['podcast:transcript', 'transcripts', { keepArray: true }]] } }).parseString(xml);
    const item = feed.items[0]! as Parser.Item & { transcripts: { $: { url: string } }[] };
    enclosure = item.enclosure!.url;
    expect(enclosure).toBe(`${bucketUrl}/${manifest.files['audio.mp3']!.key}`);
    expect(item.transcripts.map((t) => t.$.url).every((u) => u.startsWith(`${bucketUrl}/${manifest.prefix}/`))).toBe(true);
    expect(xml).toContain(`href="${bucketUrl}/${showFeedKey('bucket-show')}"`);
    // Listeners seek in the enclosure: the bucket answers ranges itself.
    const part = await fetch(enclosure, { headers: { range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect((await part.arrayBuffer()).byteLength).toBe(100);
  });

  it('redirects /files to the bucket’s public URL, where ranges are answered', async () => {
    const server: Server = await serve(h.rt, 0);
    try {
      const files = `http://127.0.0.1:${(server.address() as AddressInfo).port}/files`;
      const key = keyOf(enclosure);
      const redirect = await fetch(`${files}/${key}`, { redirect: 'manual' });
      expect(redirect.status).toBe(302);
      expect(redirect.headers.get('location')).toBe(enclosure);
      expect(redirect.headers.get('access-control-allow-origin')).toBe('*');
      const followed = await fetch(`${files}/${key}`, { headers: { range: 'bytes=0-99' } });
      expect(followed.status).toBe(206);
      expect((await followed.arrayBuffer()).byteLength).toBe(100);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('proxies a private bucket served as this service’s own /files: Range 206, HEAD, If-None-Match 304, 404, 416', async () => {
    const app = express().use('/files', publishedFilesRouter(h.rt.buckets.publish, { publicBaseUrl: 'https://podpipe.example.com/files' }));
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/files/${keyOf(enclosure)}`;
      const whole = await fetch(url);
      expect(whole.status).toBe(200);
      const bytes = Buffer.from(await whole.arrayBuffer());
      expect(whole.headers.get('content-type')).toBe('audio/mpeg');
      expect(whole.headers.get('accept-ranges')).toBe('bytes');
      expect(Number(whole.headers.get('content-length'))).toBe(bytes.length);
      const etag = whole.headers.get('etag');
      expect(etag).toBeTruthy();

      const part = await fetch(url, { headers: { range: 'bytes=100-199' } });
      expect(part.status).toBe(206);
      expect(part.headers.get('content-range')).toBe(`bytes 100-199/${bytes.length}`);
      expect(Buffer.from(await part.arrayBuffer())).toEqual(bytes.subarray(100, 200));

      const head = await fetch(url, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(Number(head.headers.get('content-length'))).toBe(bytes.length);
      expect(head.headers.get('etag')).toBe(etag);

      expect((await fetch(url, { headers: { 'if-none-match': etag! } })).status).toBe(304);
      expect((await fetch(url, { headers: { range: `bytes=${bytes.length + 10}-` } })).status).toBe(416);
      expect((await fetch(`${url}.missing`)).status).toBe(404);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
