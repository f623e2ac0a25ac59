// /files served like a CDN: ranges, HEAD, ETag = sha256, CORS, content types; read by ffprobe and curl as players do.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalBucket } from '@podpipe/shared/buckets';
import { publishedFilesRouter } from '@podpipe/control/files';

const run = promisify(execFile);
const root = mkdtempSync(path.join(os.tmpdir(), 'podpipe-files-'));
const bucket = new LocalBucket('publish', root);
let server: Server;
let base: string;
let audio: Buffer;

beforeAll(async () => {
  const mp3 = path.join(root, 'tone.mp3');
  execFileSync('ffmpeg', ['-nostdin', '-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=3', '-c:a', 'libmp3lame', '-b:a', '64k', mp3]);
  audio = readFileSync(mp3);
  await bucket.putBytes('episodes/e1/audio.mp3', audio);
  await bucket.putBytes('episodes/e1/v/abc/transcript.vtt', 'WEBVTT\n\n00:00.000 --> 00:01.000\nhi\n');
  await bucket.putBytes('episodes/e1/v/abc/transcript.srt', '1\n00:00:00,000 --> 00:00:01,000\nhi\n');
  await bucket.putBytes('shows/s/feed.xml', '<rss/>');
  const app = express();
  app.use('/files', publishedFilesRouter(bucket, { publicBaseUrl: 'http://localhost:1/files' }));
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/files`;
});

afterAll(async () => {
  await new Promise((r) => server?.close(r));
  rmSync(root, { recursive: true, force: true });
});

describe('published files', () => {
  it('answers a Range request with 206 and exactly the bytes asked for', async () => {
    const res = await fetch(`${base}/episodes/e1/audio.mp3`, { headers: { Range: 'bytes=100-199' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 100-199/${audio.length}`);
    expect(res.headers.get('content-length')).toBe('100');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(audio.subarray(100, 200));
    const tail = await fetch(`${base}/episodes/e1/audio.mp3`, { headers: { Range: 'bytes=-10' } });
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(audio.subarray(audio.length - 10));
    expect((await fetch(`${base}/episodes/e1/audio.mp3`, { headers: { Range: `bytes=${audio.length + 5}-` } })).status).toBe(416);
  });

  it('sends length, ranges, type, CORS and the sha256 as ETag; HEAD has no body; If-None-Match gives 304', async () => {
    const sha = createHash('sha256').update(audio).digest('hex');
    const head = await fetch(`${base}/episodes/e1/audio.mp3`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(audio.length));
    expect(head.headers.get('accept-ranges')).toBe('bytes');
    expect(head.headers.get('content-type')).toBe('audio/mpeg');
    expect(head.headers.get('etag')).toBe(`"${sha}"`);
    expect(head.headers.get('access-control-allow-origin')).toBe('*');
    expect((await head.arrayBuffer()).byteLength).toBe(0);
    // curl, not fetch: fetch marks a conditional request `Cache-Control: no-cache`, which rightly forbids a 304.
    const again = await run('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '-H', `If-None-Match: "${sha}"`, `${base}/episodes/e1/audio.mp3`]);
    expect(again.stdout).toBe('304');
    const changed = await fetch(`${base}/episodes/e1/audio.mp3`, { headers: { 'If-None-Match': '"other"' } });
    expect(changed.status).toBe(200);
    await changed.arrayBuffer();
  });

  it('serves captions and feeds with the types players expect; versioned files are immutable', async () => {
    const vtt = await fetch(`${base}/episodes/e1/v/abc/transcript.vtt`);
    expect(vtt.headers.get('content-type')).toBe('text/vtt; charset=utf-8');
    expect(vtt.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${base}/episodes/e1/v/abc/transcript.srt`)).headers.get('content-type')).toBe('application/x-subrip; charset=utf-8');
    const feed = await fetch(`${base}/shows/s/feed.xml`);
    expect(feed.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    expect(feed.headers.get('cache-control')).not.toContain('immutable');
  });

  it('answers a CORS preflight for Range, 404 for a missing file and 400 for a key leaving the bucket', async () => {
    const pre = await fetch(`${base}/episodes/e1/audio.mp3`, { method: 'OPTIONS', headers: { Origin: 'https://player.example', 'Access-Control-Request-Headers': 'range' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/Range/);
    expect((await fetch(`${base}/episodes/e1/nothing.mp3`)).status).toBe(404);
    expect((await fetch(`${base}/..%2F..%2Fetc%2Fpasswd`)).status).toBe(400);
  });

  // Asynchronous children: the server answering them runs in this process.
  it('is read by ffprobe and by curl -r like a podcast player would', async () => {
    const probe = JSON.parse((await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration,format_name', '-of', 'json', `${base}/episodes/e1/audio.mp3`])).stdout) as {
      format: { duration: string; format_name: string };
    };
    expect(probe.format.format_name).toBe('mp3');
    expect(Number(probe.format.duration)).toBeGreaterThan(2.9);
    const out = path.join(root, 'part.bin');
    const status = (await run('curl', ['-s', '-r', '0-1023', '-o', out, '-w', '%{http_code}', `${base}/episodes/e1/audio.mp3`])).stdout;
    expect(status).toBe('206');
    expect(readFileSync(out)).toEqual(audio.subarray(0, 1024));
  });
});
