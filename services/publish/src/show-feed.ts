import type { Bucket } from '@podpipe/shared/buckets';
import type { Database } from '@podpipe/shared/database';
import { EpisodeMeta } from '@podpipe/shared/transcript';
import { keyUrl, showFeed } from './formats/feed.ts';

/** Most items a show's feed carries (newest first). */
export const FEED_MAX_ITEMS = 300;

/** Feed items read from the bucket at a time while rebuilding a feed. */
const FEED_READS_AT_ONCE = 32;

export function showFeedKey(slug: string): string {
  return `shows/${slug}/feed.xml`;
}

/**
 * Rebuilds `shows/<slug>/feed.xml` from the published feed items of the show's episodes (the one being published
 * given explicitly, as its rows are not saved yet) and replaces it in one write, so readers get the old feed or
 * the new one, never a partial file.
 */
export async function rebuildShowFeed(
  db: Database,
  bucket: Bucket,
  args: { show: { slug: string; title: string }; language: string; publicBaseUrl: string; current?: { episodeId: string; pubDate: string; itemKey: string } },
): Promise<string> {
  const others = await db
    .selectFrom('artifacts as a')
    .innerJoin('episodes as e', 'e.id', 'a.episode_id')
    .innerJoin('shows as s', 's.id', 'e.show_id')
    .select(['a.key', 'e.meta', 'e.created_at'])
    .where('s.slug', '=', args.show.slug)
    .where('a.kind', '=', 'feed-item.xml')
    .where('e.id', '!=', args.current?.episodeId ?? '00000000-0000-0000-0000-000000000000')
    .execute();
  const entries = [
    ...(args.current ? [{ key: args.current.itemKey, at: args.current.pubDate }] : []),
    ...others.map((o) => {
      const meta = EpisodeMeta.safeParse(o.meta);
      return { key: o.key, at: (meta.success && meta.data.pubDate) || new Date(o.created_at).toISOString() };
    }),
  ]
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at))
    .slice(0, FEED_MAX_ITEMS);
  const items: string[] = [];
  for (let i = 0; i < entries.length; i += FEED_READS_AT_ONCE) {
    const read = await Promise.all(
      entries.slice(i, i + FEED_READS_AT_ONCE).map(async (entry) => ((await bucket.exists(entry.key)) ? (await bucket.getBytes(entry.key)).toString('utf8') : null)),
    );
    items.push(...read.filter((item): item is string => item !== null));
  }
  const key = showFeedKey(args.show.slug);
  const xml = showFeed({ title: args.show.title, slug: args.show.slug, selfUrl: keyUrl(args.publicBaseUrl, key), language: args.language, items });
  await bucket.putBytes(key, xml);
  return key;
}
