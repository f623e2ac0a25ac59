import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LocalBucket } from '../src/buckets.ts';
import { digestFile, fileVersion, hashJson, sha256, sourceTreeHash } from '../src/hash.ts';

describe('sourceTreeHash', () => {
  it('changes when any file under the stage folder changes, and only then', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'podpipe-hash-'));
    mkdirSync(path.join(dir, 'model'));
    writeFileSync(path.join(dir, 'stage.ts'), 'export const a = 1;');
    writeFileSync(path.join(dir, 'model', 'weights.bin'), Buffer.from([1, 2, 3]));
    const url = pathToFileURL(path.join(dir, 'stage.ts')).href;
    const first = sourceTreeHash(url);
    expect(sourceTreeHash(url)).toBe(first);
    writeFileSync(path.join(dir, 'model', 'weights.bin'), Buffer.from([1, 2, 4]));
    const second = sourceTreeHash(url);
    expect(second).not.toBe(first);
    writeFileSync(path.join(dir, 'extra.json'), '{}');
    expect(sourceTreeHash(url)).not.toBe(second);
  });
});

describe('hashJson', () => {
  it('hashes the canonical JSON: keys sorted, undefined left out, the same for equal data however it was built', () => {
    expect(hashJson({ b: [1, 'x', null], a: { d: undefined, c: true } })).toBe(sha256('{"a":{"c":true},"b":[1,"x",null]}'));
    expect(hashJson({ a: 1, b: 2 })).toBe(hashJson({ b: 2, a: 1 }));
    expect(hashJson('plain')).toBe(sha256('"plain"'));
  });

  it('gives the whole text\'s hash when it is fed in pieces (a long transcript, characters outside the BMP)', () => {
    const words = Array.from({ length: 30_000 }, (_, i) => ({ end: i + 0.5, start: i, text: i % 7 ? `word${i}` : `😀${i}é` }));
    expect(hashJson(words)).toBe(sha256(JSON.stringify(words)));
  });
});

describe('digestFile and LocalBucket versions', () => {
  it('gives the version a later stat or withLocalFile sees while the file is unchanged, and another after any write', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'podpipe-digest-'));
    try {
      const bucket = new LocalBucket('ingest', root);
      await bucket.putBytes('a/audio.mp3', 'abcdef');
      const digest = (await bucket.digest('a/audio.mp3'))!;
      expect(digest).toMatchObject({ sha256: sha256('abcdef'), bytes: 6, version: fileVersion(statSync(bucket.pathOf('a/audio.mp3'), { bigint: true })) });
      expect(await digestFile(bucket.pathOf('a/audio.mp3'))).toEqual(digest);
      expect(await bucket.withLocalFile('a/audio.mp3', async (_file, object) => object)).toEqual({ bytes: 6, version: digest.version });
      expect(await bucket.digest('a/none.mp3')).toBeUndefined();
      // Same length, same bytes even, written in place at once: the change time moves, so the version does.
      writeFileSync(bucket.pathOf('a/audio.mp3'), 'abcdef');
      expect((await bucket.withLocalFile('a/audio.mp3', async (_file, object) => object)).version).not.toBe(digest.version);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
