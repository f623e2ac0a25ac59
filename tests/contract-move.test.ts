// `podpipe move` end to end: the real CLI (services/control/bin/podpipe.mjs) against real Redis and Postgres moves a
// published episode to another show; the stage workers publish it again there and both shows' feeds follow. A later
// drop of the same audio for the old show re-requests the episode where it was moved, and says so on the episode.
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import { waitForEpisode } from '@podpipe/control/episodes';
import { registerEpisode } from '@podpipe/ingest/register';
import { showFeedKey } from '@podpipe/publish/show-feed';
import { readManifest } from '@podpipe/publish/versions';
import { DEFAULT_EPISODE_EVENTS } from '@podpipe/shared/events';
import { useHarness } from './support/harness.ts';

const run = promisify(execFile);
const root = path.resolve(__dirname, '..');
const bin = path.join(root, 'services/control/bin/podpipe.mjs');
const h = useHarness({ workers: true });

/** Runs the CLI as an operator would, on this file's database, queues and data directory. */
function podpipe(...args: string[]) {
  const env = { ...process.env, DATABASE_URL: h.env.databaseUrl, REDIS_URL: h.env.redisUrl, PODPIPE_QUEUE_PREFIX: h.env.queuePrefix, PODPIPE_DATA_DIR: h.env.dataDir, PORT: String(h.rt.config.port), LOG_LEVEL: 'warn' };
  return run(process.execPath, [bin, ...args], { cwd: root, env });
}

/** The guids a show's published feed lists. */
async function feedGuids(slug: string): Promise<string[]> {
  const xml = (await h.rt.buckets.publish.getBytes(showFeedKey(slug))).toString('utf8');
  const feed = await new Parser().parseString(xml);
  return feed.items.map((i) => i.guid!).sort();
}

/** A short audio drop (a tone; its transcript's words are placed over it) with its transcript. */
function dropFiles(name: string, hz: number, text: string): { audioPath: string; transcriptPath: string } {
  const audioPath = path.join(h.env.dataDir, `${name}.mp3`);
  const transcriptPath = path.join(h.env.dataDir, `${name}.txt`);
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', `sine=frequency=${hz}:duration=6`, '-ac', '1', '-b:a', '32k', '-y', audioPath]);
  writeFileSync(transcriptPath, text);
  return { audioPath, transcriptPath };
}

async function showOf(episodeId: string): Promise<string | null> {
  const row = await h.rt.db.selectFrom('episodes').leftJoin('shows', 'shows.id', 'episodes.show_id').select('shows.slug').where('episodes.id', '=', episodeId).executeTakeFirstOrThrow();
  return row.slug;
}

describe('podpipe move', () => {
  let moving: ReturnType<typeof dropFiles>;
  let episodeId: string;
  let firstVersion: string;

  it('starts from two published episodes of one show, both in its feed', async () => {
    moving = dropFiles('moving', 330, 'this week we visit a bakery that has kept the same starter alive for forty years.');
    const staying = dropFiles('staying', 440, 'a short episode about rye flour and why it ferments so quickly.');
    const a = await registerEpisode(h.rt.db, h.rt.buckets, { ...moving, meta: { show: 'Old Show', guid: 'bakery-visit', title: 'A bakery visit' } });
    const b = await registerEpisode(h.rt.db, h.rt.buckets, { ...staying, meta: { show: 'Old Show', guid: 'rye-flour', title: 'Rye flour' } });
    episodeId = a.episodeId;
    for (const r of [a, b]) expect((await waitForEpisode(h.rt.db, r.episodeId, 1, { timeoutMs: 120_000 })).error).toBeNull();
    expect(await feedGuids('old-show')).toEqual(['bakery-visit', 'rye-flour']);
    firstVersion = (await readManifest(h.rt.buckets.publish, episodeId))!.version;
    // Subscribers (deliveries are recorded; nothing here sends them): one to every show, one to the old show only.
    const oldShow = await h.rt.db.selectFrom('shows').select('id').where('slug', '=', 'old-show').executeTakeFirstOrThrow();
    await h.rt.db
      .insertInto('webhooks')
      .values([
        { url: 'http://127.0.0.1:9/every-show', secret: 's'.repeat(32), show_id: null, events: [...DEFAULT_EPISODE_EVENTS] },
        { url: 'http://127.0.0.1:9/old-show', secret: 's'.repeat(32), show_id: oldShow.id, events: [...DEFAULT_EPISODE_EVENTS] },
      ])
      .execute();
  });

  it('moves it: the old feed drops it at once, and it is published again under the new show and in its feed', async () => {
    const { stdout } = await podpipe('move', episodeId, 'New Show');
    expect(stdout).toBe(`episode ${episodeId} moved from old-show to new-show; queued for processing (generation 2)\n`);
    expect(await feedGuids('old-show')).toEqual(['rye-flour']);
    expect((await waitForEpisode(h.rt.db, episodeId, 2, { timeoutMs: 120_000 })).error).toBeNull();
    expect(await showOf(episodeId)).toBe('new-show');

    const manifest = (await readManifest(h.rt.buckets.publish, episodeId))!;
    expect(manifest).toMatchObject({ generation: 2 });
    expect(manifest.version).not.toBe(firstVersion);
    const doc = JSON.parse((await h.rt.buckets.publish.getBytes(`${manifest.prefix}/episode.json`)).toString('utf8')) as Record<string, unknown>;
    expect(doc).toMatchObject({ id: episodeId, guid: 'bakery-visit', showSlug: 'new-show', show: 'New Show', generation: 2 });
    // Every recorded artifact is the new version's (the audio is shared between versions).
    const artifacts = await h.rt.db.selectFrom('artifacts').select(['kind', 'key']).where('episode_id', '=', episodeId).execute();
    expect(artifacts.filter((a) => !a.kind.startsWith('audio.')).every((a) => a.key.startsWith(`${manifest.prefix}/`))).toBe(true);
    expect(artifacts.map((a) => a.kind)).toContain('audio.mp3');
    expect(await feedGuids('new-show')).toEqual(['bakery-visit']);
    expect(await feedGuids('old-show')).toEqual(['rye-flour']);
    // Both shows' subscribers hear of the move; the new version is news (metadata only) where the episode now is.
    const deliveries = await h.rt.db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
      .select(['w.url', 'd.event', 'd.generation', 'd.payload'])
      .where('d.episode_id', '=', episodeId)
      .execute();
    expect(deliveries.map((d) => `${d.generation}:${d.event} ${d.url.replace('http://127.0.0.1:9', '')}`).sort()).toEqual([
      '2:episode.moved /every-show',
      '2:episode.moved /old-show',
      '2:episode.updated /every-show',
    ]);
    expect(deliveries.find((d) => d.event === 'episode.moved')!.payload).toMatchObject({ event: 'episode.moved', movedFrom: 'old-show', episode: { id: episodeId, generation: 2, show: 'new-show' }, artifacts: [] });
  });

  it('refuses a move to the show the episode is in, with one line on stderr', async () => {
    const failed = await podpipe('move', episodeId, 'New Show').catch((err: { code: number; stderr: string }) => err);
    expect(failed).toMatchObject({ code: 1, stderr: `podpipe: episode ${episodeId} is already in show new-show\n` });
  });

  it('does not move it back when the same audio is dropped again for the old show', async () => {
    const again = await registerEpisode(h.rt.db, h.rt.buckets, { ...moving, meta: { show: 'Old Show', guid: 'bakery-visit', title: 'A bakery visit' } });
    expect(again).toMatchObject({ episodeId, created: false, generation: 3, error: null });
    const episode = await waitForEpisode(h.rt.db, episodeId, 3, { timeoutMs: 120_000 });
    expect(episode.error).toBeNull();
    expect(episode.warnings).toContainEqual(expect.stringMatching(/^metadata: dropped for show old-show, but this episode was moved to new-show \(podpipe move\)/));
    expect(await showOf(episodeId)).toBe('new-show');
    const oldShow = await h.rt.db.selectFrom('episodes').innerJoin('shows', 'shows.id', 'episodes.show_id').select('episodes.id').where('shows.slug', '=', 'old-show').execute();
    expect(oldShow).toHaveLength(1);
    expect(await feedGuids('new-show')).toEqual(['bakery-visit']);
    expect(await feedGuids('old-show')).toEqual(['rye-flour']);
    const doc = JSON.parse((await h.rt.buckets.publish.getBytes(`${(await readManifest(h.rt.buckets.publish, episodeId))!.prefix}/episode.json`)).toString('utf8')) as Record<string, unknown>;
    expect(doc).toMatchObject({ showSlug: 'new-show', show: 'New Show' });
  });

  it('takes new audio under its GUID for the old show as a new version of the moved episode, where it is', async () => {
    const fixed = dropFiles('moving-fixed', 350, 'this week we visit a bakery that has kept the same starter alive for forty years.');
    const again = await registerEpisode(h.rt.db, h.rt.buckets, { ...fixed, meta: { show: 'Old Show', guid: 'bakery-visit', title: 'A bakery visit' } });
    expect(again).toMatchObject({ episodeId, created: false, generation: 4, error: null });
    expect((await waitForEpisode(h.rt.db, episodeId, 4, { timeoutMs: 120_000 })).error).toBeNull();
    expect(await showOf(episodeId)).toBe('new-show');
    const manifest = (await readManifest(h.rt.buckets.publish, episodeId))!;
    expect(manifest.generation).toBe(4);
    expect(manifest.files['audio.mp3']!.sha256).toBe(createHash('sha256').update(readFileSync(fixed.audioPath)).digest('hex'));
    expect(await feedGuids('old-show')).toEqual(['rye-flour']);
  });
});
