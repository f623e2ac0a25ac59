/// <reference path="./s3rver.d.ts" />
// An S3-compatible server (s3rver) in this process, for tests of S3 buckets; nothing leaves the machine.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { S3Bucket } from '../s3-bucket.ts';

export interface TestS3 {
  endpoint: string;
  /** The one bucket the server holds. */
  bucket: string;
  /** A client configured for the server (path-style, its fixed credentials). */
  client: ReturnType<typeof S3Bucket.client>;
  close(): Promise<void>;
}

export async function startTestS3(bucket = 'podcasts'): Promise<TestS3> {
  const dir = await mkdtemp(path.join(tmpdir(), 'podpipe-s3-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir, configureBuckets: [{ name: bucket, configs: [] }] });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  // s3rver accepts exactly these credentials.
  const client = S3Bucket.client({ endpoint, forcePathStyle: true, region: 'us-east-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
  return {
    endpoint,
    bucket,
    client,
    close: async () => {
      client.destroy();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
