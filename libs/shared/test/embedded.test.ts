// Embedded Redis (a real redis-server from PATH): the process that started it never stops it under another user.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answersRedis, startEmbeddedRedis } from '../src/embedded.ts';
import { createLogger } from '../src/logger.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'podpipe-embedded-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A free TCP port on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

describe('embedded Redis', () => {
  it('is shared with a second podpipe process and stopped only once that one is done', async () => {
    const port = await freePort();
    const log = createLogger('silent');
    const first = await startEmbeddedRedis(dir, port, log);
    const second = await startEmbeddedRedis(dir, port, log);
    expect([first.owned, second.owned]).toEqual([true, false]);
    const user = new Redis(second.url); // the second process at work
    await user.set('k', 'v');

    let stopped = false;
    const stopping = first.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 1500));
    expect(stopped).toBe(false);
    expect(await user.get('k')).toBe('v');

    user.disconnect();
    await second.stop(); // not the owner: nothing to do
    await stopping;
    expect(await answersRedis(first.url)).toBe(false);
  });
});
