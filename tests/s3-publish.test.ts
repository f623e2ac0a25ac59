// Publishing to an S3-compatible bucket: the pipeline writes its artifacts there, `podpipe process` exports them
// from there, and the operator service serves them from there. Real Redis and Postgres; s3rver for S3.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportArtifacts, waitForEpisode } from '@podpipe/control/episodes';
import { serve } from '@podpipe/control/server';
import { registerEpisode } from '@podpipe/ingest/register';
import { startTestS3, type TestS3 } from '@podpipe/shared/testing/s3';
import { useHarness } from './support/harness.ts';

let s3: TestS3;
beforeAll(async () => {
  s3 = await startTestS3('feeds');
});
afterAll(async () => {
  await s3?.close();
});

// Registered after the S3 server's hooks, so the runtime is opened once the server runs.
const h = useHarness({ workers: true, config: () => ({ publishS3: { url: 's3://feeds/podpipe', endpoint: s3.endpoint, forcePathStyle: true } }) });

describe('publishing to S3', () => {
  it('writes every artifact to the bucket, exports and serves them from there', async () => {
    // s3rver's fixed credentials, as the AWS SDK reads them from the environment in a deployment.
    process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
    process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
    process.env.AWS_REGION = 'us-east-1';
    const file = path.join(h.env.dataDir, 'ep.txt');
    writeFileSync(file, 'welcome to the show today we talk about bread and the science of sourdough starters with our guest');
    const reg = await registerEpisode(h.rt.db, h.rt.buckets, { transcriptPath: file, meta: { show: 'Bread Talk', title: 'Sourdough' } });
    const episode = await waitForEpisode(h.rt.db, reg.episodeId, reg.generation, { timeoutMs: 60_000 });
    expect(episode.error).toBeNull();

    const artifacts = await h.rt.db.selectFrom('artifacts').select(['kind', 'key']).where('episode_id', '=', episode.id).execute();
    const listed = await s3.client.send(new ListObjectsV2Command({ Bucket: 'feeds', Prefix: 'podpipe/' }));
    const stored = new Set(listed.Contents?.map((o) => o.Key));
    expect(artifacts.length).toBeGreaterThanOrEqual(7);
    for (const a of artifacts) expect(stored).toContain(`podpipe/${a.key}`);

    const out = mkdtempSync(path.join(tmpdir(), 'podpipe-export-'));
    const written = await exportArtifacts(h.rt.db, h.rt.buckets, episode.id, out);
    const transcript = JSON.parse(readFileSync(path.join(out, 'transcript.json'), 'utf8')) as { segments: { body: string }[] };
    expect(written).toHaveLength(artifacts.length);
    expect(transcript.segments.map((s) => s.body).join(' ')).toMatch(/^Welcome to the show/);

    const server: Server = await serve(h.rt, 0);
    try {
      const key = artifacts.find((a) => a.kind === 'transcript.json')!.key;
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/files/${key}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await res.json()).toEqual(transcript);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
