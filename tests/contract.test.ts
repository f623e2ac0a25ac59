// The downstream contract end to end: an episode with audio processed for real, then read as a consumer would —
// episode.json against its JSON Schema, the show's feed through /files by an RSS parser, the enclosure by ffprobe
// and curl -r; a no-change reprocess announces nothing new; the same audio for another show is another episode.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moveEpisode, MoveError, registerEpisode, reprocessEpisodes } from '@podpipe/ingest/register';
import { waitForEpisode } from '@podpipe/control/episodes';
import { serve } from '@podpipe/control/server';
import { readManifest } from '@podpipe/publish/versions';
import { showFeedKey } from '@podpipe/publish/show-feed';
import { publishStage } from '@podpipe/publish/stage';
import { runStage } from '@podpipe/shared/stage';
import { loadTranscript, saveTranscript } from '@podpipe/shared/transcript-store';
import { useHarness } from './support/harness.ts';

const run = promisify(execFile);
const sample = path.resolve(__dirname, '../examples/sample');
const sampleMeta = JSON.parse(readFileSync(path.join(sample, 'episode.meta.json'), 'utf8')) as Record<string, unknown>;
const meta = { ...sampleMeta, show: 'Contract Test Show', episode: 73, season: 1, language: 'en' };

const h = useHarness({ workers: true });
let server: Server;
let origin: string;

beforeAll(async () => {
  server = await serve(h.rt, 0);
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
});

/** A published URL, reached through this test's server (the config's base names the default port). */
function local(url: string): string {
  return url.replace(h.rt.config.publicBaseUrl, `${origin}/files`);
}

async function events(episodeId: string): Promise<string[]> {
  const rows = await h.rt.db.selectFrom('webhook_deliveries').select(['event', 'generation']).where('episode_id', '=', episodeId).orderBy('generation').execute();
  return rows.map((r) => `${r.generation}:${r.event}`);
}

describe('downstream contract', () => {
  let episodeId: string;

  it('publishes a version whose episode.json validates against the published schema and lists every file', { timeout: 300_000 }, async () => {
    await h.rt.db.insertInto('webhooks').values({ url: 'http://127.0.0.1:9/hook', secret: 's'.repeat(32), show_id: null, events: ['episode.published', 'episode.updated', 'episode.reprocessed'] }).execute();
    const reg = await registerEpisode(h.rt.db, h.rt.buckets, { audioPath: path.join(sample, 'episode.mp3'), transcriptPath: path.join(sample, 'episode.txt'), meta });
    episodeId = reg.episodeId;
    // The 4-minute sample is force-aligned on its way: minutes on a machine whose cores are shared.
    const episode = await waitForEpisode(h.rt.db, episodeId, 1, { timeoutMs: 240_000 });
    expect(episode.error).toBeNull();
    const manifest = (await readManifest(h.rt.buckets.publish, episodeId))!;
    expect(manifest.prefix).toMatch(new RegExp(`^episodes/${episodeId}/v/[0-9a-f]{16}$`));

    const schemaRes = await fetch(`${origin}/files/schema/episode.v1.json`);
    expect(schemaRes.status).toBe(200);
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    const validate = ajv.compile((await schemaRes.json()) as object);
    const doc = (await (await fetch(`${origin}/files/${manifest.prefix}/episode.json`)).json()) as Record<string, unknown> & { artifacts: { kind: string; url: string; sha256: string }[] };
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(doc).toMatchObject({ schemaVersion: '1.1.0', id: episodeId, showSlug: 'contract-test-show', generation: 1, language: 'en', episodeNumber: 73 });
    expect((doc.transcript as { kind: string }).kind).toBeTruthy();
    expect(Object.keys(doc.fingerprints as object)).toEqual(expect.arrayContaining(['ingest', 'transcribe-fix', 'segment']));
    expect(doc.artifacts.map((a) => a.kind).sort()).toEqual(['audio.mp3', 'chapters.json', 'feed-item.xml', 'shownotes.html', 'shownotes.md', 'transcript.json', 'transcript.srt', 'transcript.vtt']);
    for (const a of doc.artifacts) {
      const res = await fetch(local(a.url), { method: 'HEAD' });
      expect(res.headers.get('etag'), a.kind).toBe(`"${a.sha256}"`);
      expect(res.headers.get('cross-origin-resource-policy'), a.kind).toBe('cross-origin');
    }
    expect(await events(episodeId)).toEqual(['1:episode.published']);
  });

  it("serves the show's feed, read back by rss-parser, whose enclosure ffprobe and curl -r can play", async () => {
    const xml = await (await fetch(`${origin}/files/${showFeedKey('contract-test-show')}`)).text();
    const feed = await new Parser({ customFields: { item: ['itunes:episode'] } }).parseString(xml);
    expect(feed.title).toBe('Contract Test Show');
    expect(feed.items).toHaveLength(1);
    const item = feed.items[0]! as unknown as Parser.Item & { 'itunes:episode': string; 'content:encoded': string };
    expect(item['itunes:episode']).toBe('73');
    expect(item.pubDate).toBeTruthy();
    expect(item['content:encoded']).toMatch(/#t=\d+/);
    const enclosure = local(item.enclosure!.url);
    const probe = JSON.parse((await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'json', enclosure])).stdout) as { format: { duration: string } };
    expect(Number(probe.format.duration)).toBeGreaterThan(240);
    const status = (await run('curl', ['-s', '-r', '1000-1999', '-o', '/dev/null', '-w', '%{http_code} %{size_download}', enclosure])).stdout;
    expect(status).toBe('206 1000');
  });

  it('announces a reprocess that changed nothing as episode.reprocessed, and keeps the published version', async () => {
    const before = (await readManifest(h.rt.buckets.publish, episodeId))!;
    await reprocessEpisodes(h.rt.db, { episodeIds: [episodeId] });
    h.rt.outbox.kick();
    await waitForEpisode(h.rt.db, episodeId, 2, { timeoutMs: 60_000 });
    expect(await events(episodeId)).toEqual(['1:episode.published', '2:episode.reprocessed']);
    expect((await readManifest(h.rt.buckets.publish, episodeId))!.version).toBe(before.version);
  });

  it('publishes nothing when an artifact fails the conformance gate, and the episode says why', async () => {
    const before = (await readManifest(h.rt.buckets.publish, episodeId))!;
    const transcript = await loadTranscript(h.rt.db, episodeId, 'corrected');
    // A fixer bug that blanks words: caption cues and transcript segments with no text.
    const words = transcript.words.map((w, i) => (i < 40 ? { ...w, text: '' } : w));
    await saveTranscript(h.rt.db, { episodeId, version: 'corrected', words, edits: null, timing: transcript.timing, contentHash: `${transcript.contentHash}-broken` });
    await expect(runStage(publishStage, h.rt, { episodeId, generation: 2, force: true }, { attemptsMade: 0, id: 'manual' })).rejects.toThrow(/conformance/);
    const episode = await h.rt.db.selectFrom('episodes').select(['status', 'error']).where('id', '=', episodeId).executeTakeFirstOrThrow();
    expect(episode.status).toBe('failed');
    expect(episode.error).toMatch(/^publish: conformance check failed, nothing published: .*transcript\.(json|vtt|srt)/);
    expect((await readManifest(h.rt.buckets.publish, episodeId))!.version).toBe(before.version);
    await saveTranscript(h.rt.db, { episodeId, version: 'corrected', words: transcript.words, edits: null, timing: transcript.timing, contentHash: transcript.contentHash });
  });

  it('makes the same audio dropped for another show a new episode there; only `move` moves one', async () => {
    const other = await registerEpisode(h.rt.db, h.rt.buckets, { audioPath: path.join(sample, 'episode.mp3'), transcriptPath: path.join(sample, 'episode.txt'), meta: { ...meta, show: 'Another Show' } });
    expect(other.created).toBe(true);
    expect(other.episodeId).not.toBe(episodeId);
    const first = await h.rt.db.selectFrom('episodes').innerJoin('shows', 'shows.id', 'episodes.show_id').select('shows.slug').where('episodes.id', '=', episodeId).executeTakeFirstOrThrow();
    expect(first.slug).toBe('contract-test-show');
    await expect(moveEpisode(h.rt.db, { episodeId, show: 'Another Show' })).rejects.toBeInstanceOf(MoveError);
    const moved = await moveEpisode(h.rt.db, { episodeId, show: 'Third Show' });
    expect(moved).toMatchObject({ from: 'contract-test-show', to: 'third-show' });
  });
});
