// A show's feed is rebuilt from its episodes' published feed items, which the publish stage keeps in memory by key and
// content hash: a rebuild must still follow what the artifact rows say (an item whose bytes changed under the same
// key is read again, never served stale) and two writes of one key at once in one process must both land. Real
// Postgres and a local bucket.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerEpisode } from '@podpipe/ingest/register';
import { feedItem } from '@podpipe/publish/formats/feed';
import { EpisodeFacts } from '@podpipe/publish/formats/model';
import { rebuildShowFeed } from '@podpipe/publish/show-feed';
import { sha256 } from '@podpipe/shared/hash';
import { useHarness } from './support/harness.ts';

const h = useHarness({ workers: false });
const facts = EpisodeFacts.parse({ title: 'First title', show: 'Items Show', durationSec: 60 });

async function publishItem(episodeId: string, key: string, title: string): Promise<void> {
  const item = feedItem({ facts: { ...facts, title }, guid: episodeId, publicBaseUrl: 'https://cdn.example.com', episodePath: key, pubDate: new Date('2026-12-01T00:00:00Z'), language: 'en', contentHtml: '<p>notes</p>' });
  await h.rt.buckets.publish.putBytes(key, item);
  await h.rt.db.deleteFrom('artifacts').where('episode_id', '=', episodeId).execute();
  await h.rt.db.insertInto('artifacts').values({ episode_id: episodeId, kind: 'feed-item.xml', key, sha256: sha256(item), bytes: Buffer.byteLength(item) }).execute();
}

describe("a show's feed rebuilt from remembered items", () => {
  it('reads an item again when its bytes changed under the same key', async () => {
    const file = path.join(h.env.dataDir, 'items.txt');
    writeFileSync(file, 'welcome to the items show today we talk about feeds');
    const { episodeId } = await registerEpisode(h.rt.db, h.rt.buckets, { transcriptPath: file, meta: { show: 'Items Show', title: 'Items' } });
    const key = `episodes/${episodeId}/v/one/feed-item.xml`;
    const args = { show: { slug: 'items-show', title: 'Items Show' }, language: 'en', publicBaseUrl: 'https://cdn.example.com' };
    const feed = async () => {
      await rebuildShowFeed(h.rt.db, h.rt.buckets.publish, args);
      return (await h.rt.buckets.publish.getBytes('shows/items-show/feed.xml')).toString('utf8');
    };
    await publishItem(episodeId, key, 'First title');
    expect(await feed()).toContain('<title>First title</title>');
    expect(await feed()).toContain('<title>First title</title>'); // from memory now
    await publishItem(episodeId, key, 'Second title');
    const second = await feed();
    expect(second).toContain('<title>Second title</title>');
    expect(second).not.toContain('First title');
  });

  it('lands two writes of one key made in the same process at once', async () => {
    const bodies = Array.from({ length: 8 }, (_, i) => `body ${i}`);
    await Promise.all(bodies.map((b) => h.rt.buckets.publish.putBytes('schema/same.json', b)));
    expect(bodies).toContain((await h.rt.buckets.publish.getBytes('schema/same.json')).toString('utf8'));
  });
});
