import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';
import { hashJson } from '../src/hash.ts';
import { stageJobId, StageJob } from '../src/jobs.ts';

describe('loadConfig', () => {
  it('applies defaults and leaves Postgres/Redis unset for the embedded services', () => {
    const c = loadConfig({});
    expect(c.databaseUrl).toBeUndefined();
    expect(c.redisUrl).toBeUndefined();
    expect(c.queuePrefix).toBe('podpipe');
    expect(c.llm).toBeUndefined();
    expect(c.chapters).toEqual({ minChapterSec: 90, maxChapterSec: 1200 });
  });

  it('refuses chapter bounds that cannot hold a chapter', () => {
    expect(() => loadConfig({ PODPIPE_MIN_CHAPTER_SEC: '600', PODPIPE_MAX_CHAPTER_SEC: '300' })).toThrowError(/PODPIPE_MIN_CHAPTER_SEC must be below/);
  });

  it('links published files at this service on PORT, at the S3 bucket, or at the configured base (a CDN)', () => {
    expect(loadConfig({}).publicBaseUrl).toBe('http://localhost:3000/files');
    expect(loadConfig({ PORT: '8080' }).publicBaseUrl).toBe('http://localhost:8080/files');
    expect(loadConfig({ PORT: '8080', PODPIPE_PUBLIC_BASE_URL: 'https://cdn.example.com/pods/' }).publicBaseUrl).toBe('https://cdn.example.com/pods');
    expect(loadConfig({ PODPIPE_PUBLISH_BUCKET: 's3://feeds/podpipe' }).publicBaseUrl).toBe('https://feeds.s3.amazonaws.com/podpipe');
    expect(loadConfig({ PODPIPE_PUBLISH_BUCKET: 's3://feeds', PODPIPE_S3_ENDPOINT: 'http://minio:9000', PODPIPE_S3_FORCE_PATH_STYLE: 'true' }).publicBaseUrl).toBe('http://minio:9000/feeds');
    expect(loadConfig({ PODPIPE_PUBLISH_BUCKET: 's3://feeds', PODPIPE_PUBLIC_BASE_URL: 'https://cdn.example.com' }).publicBaseUrl).toBe('https://cdn.example.com');
  });

  it('publishes to S3 only when given an s3:// bucket', () => {
    expect(loadConfig({}).publishS3).toBeUndefined();
    expect(loadConfig({ PODPIPE_PUBLISH_BUCKET: 's3://feeds/podpipe', PODPIPE_S3_ENDPOINT: 'http://minio:9000', PODPIPE_S3_FORCE_PATH_STYLE: 'true' }).publishS3).toEqual({
      url: 's3://feeds/podpipe',
      endpoint: 'http://minio:9000',
      forcePathStyle: true,
    });
    expect(() => loadConfig({ PODPIPE_PUBLISH_BUCKET: '/var/podcasts' })).toThrowError(/PODPIPE_PUBLISH_BUCKET: must look like s3:\/\/bucket/);
    expect(() => loadConfig({ PODPIPE_S3_FORCE_PATH_STYLE: 'maybe' })).toThrowError(/PODPIPE_S3_FORCE_PATH_STYLE/);
  });

  it('takes drops from an S3 bucket when one is named, with settle and scan times in seconds', () => {
    expect(loadConfig({}).dropS3).toBeUndefined();
    expect(loadConfig({ PODPIPE_DROP_BUCKET: 's3://uploads/incoming', PODPIPE_DROP_SETTLE_SEC: '5' }).dropS3).toEqual({
      url: 's3://uploads/incoming',
      endpoint: undefined,
      forcePathStyle: false,
      settleMs: 5000,
      everyMs: 10_000,
    });
    expect(() => loadConfig({ PODPIPE_DROP_BUCKET: 'uploads' })).toThrowError(/PODPIPE_DROP_BUCKET: must look like s3:\/\/bucket/);
  });

  it('takes an operator token only when it is long enough to be a secret', () => {
    expect(loadConfig({}).operatorToken).toBeUndefined();
    expect(loadConfig({ PODPIPE_OPERATOR_TOKEN: 'x'.repeat(16) }).operatorToken).toBe('x'.repeat(16));
    expect(() => loadConfig({ PODPIPE_OPERATOR_TOKEN: 'short' })).toThrowError(/PODPIPE_OPERATOR_TOKEN: must be at least 16 characters/);
  });

  it('recognizes speech offline unless a transcription API is set, and treats empty variables as unset', () => {
    expect(loadConfig({}).transcribe).toMatchObject({ provider: 'pocketsphinx', openai: undefined, concurrency: 1, requests: 4, pieceSec: 600, timeoutMs: 300_000 });
    const api = loadConfig({ PODPIPE_TRANSCRIBE_URL: 'https://api.example.com/', PODPIPE_TRANSCRIBE_API_KEY: 'sk-1', PODPIPE_TRANSCRIBE_CONCURRENCY: '3' }).transcribe;
    expect(api).toMatchObject({ provider: 'openai', openai: { baseUrl: 'https://api.example.com', model: 'whisper-1', apiKey: 'sk-1' }, concurrency: 3 });
    // docker-compose passes unset variables through as ''
    expect(loadConfig({ PODPIPE_TRANSCRIBE_URL: '', PODPIPE_TRANSCRIBE_API_KEY: '', PODPIPE_TRANSCRIBE_LANGUAGE: '' }).transcribe).toMatchObject({ provider: 'pocketsphinx', language: undefined });
    expect(loadConfig({ PODPIPE_TRANSCRIBE_URL: 'https://api.example.com', PODPIPE_TRANSCRIBE_PROVIDER: 'pocketsphinx' }).transcribe.provider).toBe('pocketsphinx');
    expect(() => loadConfig({ PODPIPE_TRANSCRIBE_PROVIDER: 'openai' })).toThrowError(/PODPIPE_TRANSCRIBE_PROVIDER=openai needs PODPIPE_TRANSCRIBE_URL/);
    expect(() => loadConfig({ PODPIPE_TRANSCRIBE_LANGUAGE: 'English' })).toThrowError(/PODPIPE_TRANSCRIBE_LANGUAGE: must be an ISO 639-1 code/);
  });

  it('lists every problem at once', () => {
    expect(() => loadConfig({ REDIS_URL: 'not a url', PODPIPE_CONCURRENCY: '0', PODPIPE_QUEUE_PREFIX: 'a:b' })).toThrowError(ConfigError);
    try {
      loadConfig({ REDIS_URL: 'not a url', PODPIPE_CONCURRENCY: '0', PODPIPE_QUEUE_PREFIX: 'a:b' });
    } catch (err) {
      const msg = (err as Error).message;
      expect(msg).toContain('REDIS_URL');
      expect(msg).toContain('PODPIPE_CONCURRENCY');
      expect(msg).toContain('PODPIPE_QUEUE_PREFIX');
    }
  });
});

describe('job ids and fingerprints', () => {
  it('makes one BullMQ-safe id per episode, stage and generation', () => {
    const job = StageJob.parse({ episodeId: '2b1f4c1e-8a55-4b8e-9d55-4c1f0c3b7a10', generation: 3 });
    const id = stageJobId('transcribe-fix', job);
    expect(id).not.toContain(':');
    expect(id).not.toMatch(/^\d+$/);
    expect(id).toBe(stageJobId('transcribe-fix', { ...job }));
    expect(id).not.toBe(stageJobId('transcribe-fix', { ...job, generation: 4 }));
    expect(id).not.toBe(stageJobId('segment', job));
  });

  it('rejects a payload that is not ids', () => {
    expect(StageJob.safeParse({ episodeId: 'x', generation: 1 }).success).toBe(false);
    expect(StageJob.safeParse({ episodeId: '2b1f4c1e-8a55-4b8e-9d55-4c1f0c3b7a10', generation: 0 }).success).toBe(false);
  });

  it('hashes equal data equally whatever the key order', () => {
    expect(hashJson({ a: 1, b: [1, { c: 2, d: 3 }] })).toBe(hashJson({ b: [1, { d: 3, c: 2 }], a: 1 }));
    expect(hashJson({ a: 1 })).not.toBe(hashJson({ a: 2 }));
  });
});
