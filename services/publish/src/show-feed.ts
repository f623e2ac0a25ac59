import { sql, type Transaction } from 'kysely';
import type { Bucket } from '@podpipe/shared/buckets';
import { sha256 } from '@podpipe/shared/hash';
import type { Database } from '@podpipe/shared/database';
import type { DB } from '@podpipe/shared/db/schema';
import { EpisodeMeta } from '@podpipe/shared/transcript';
import { keyUrl, showFeed } from './formats/feed.ts';

/** Most items a show's feed carries (newest first). */
export const FEED_MAX_ITEMS = 300;

/** Feed items read from the bucket at a time while rebuilding a feed. */
const FEED_READS_AT_ONCE = 32;

/** Feed items this process keeps in memory, by key and content hash; at most FEED_ITEMS_CACHED, the oldest go first. */
const itemCache = new Map<string, string>();
const FEED_ITEMS_CACHED = 4096;

/**
 * A feed item's text: from memory when this process has read these very bytes (the artifact row's sha256) before,
 * else from the bucket (null when missing). Every publish of a show rebuilds its feed from up to FEED_MAX_ITEMS
 * items that rarely change, so without this an archive of one show reads ~300 files per episode.
 */
async function readItem(bucket: Bucket, key: string, hash: string | undefined): Promise<string | null> {
  const cacheKey = hash ? `${key}\u0000${hash}` : undefined;
  const cached = cacheKey && itemCache.get(cacheKey);
  if (cached) return cached;
  if (!(await bucket.exists(key))) return null;
  const text = (await bucket.getBytes(key)).toString('utf8');
  if (cacheKey && sha256(text) === hash) {
    if (itemCache.size >= FEED_ITEMS_CACHED) itemCache.delete(itemCache.keys().next().value!);
    itemCache.set(cacheKey, text);
  }
  return text;
}

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
  args: { show: { slug: string; title: string }; language: string; publicBaseUrl: string; current?: { episodeId: string; pubDate: string; itemKey: string; itemSha256?: string } },
): Promise<string> {
  const others = await db
    .selectFrom('artifacts as a')
    .innerJoin('episodes as e', 'e.id', 'a.episode_id')
    .innerJoin('shows as s', 's.id', 'e.show_id')
    .select(['a.key', 'a.sha256', 'e.meta', 'e.created_at'])
    .where('s.slug', '=', args.show.slug)
    .where('a.kind', '=', 'feed-item.xml')
    .where('e.id', '!=', args.current?.episodeId ?? '00000000-0000-0000-0000-000000000000')
    .execute();
  const entries = [
    ...(args.current ? [{ key: args.current.itemKey, hash: args.current.itemSha256, at: args.current.pubDate }] : []),
    ...others.map((o) => {
      const meta = EpisodeMeta.safeParse(o.meta);
      return { key: o.key, hash: o.sha256, at: (meta.success && meta.data.pubDate) || new Date(o.created_at).toISOString() };
    }),
  ]
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at))
    .slice(0, FEED_MAX_ITEMS);
  const items: string[] = [];
  for (let i = 0; i < entries.length; i += FEED_READS_AT_ONCE) {
    const read = await Promise.all(entries.slice(i, i + FEED_READS_AT_ONCE).map((entry) => readItem(bucket, entry.key, entry.hash)));
    items.push(...read.filter((item): item is string => item !== null));
  }
  const key = showFeedKey(args.show.slug);
  const xml = showFeed({ title: args.show.title, slug: args.show.slug, selfUrl: keyUrl(args.publicBaseUrl, key), language: args.language, items });
  await bucket.putBytes(key, xml);
  return key;
}

/**
 * Serializes the feed writers of one show: held until the caller's transaction ends, so a writer rebuilds from rows
 * that include every version committed before it.
 */
export async function lockShowFeed(trx: Transaction<DB>, slug: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`podpipe-show-feed:${slug}`}))`.execute(trx);
}

/**
 * Rebuilds a show's feed from its published episodes alone, under the show's feed lock — after an episode left the
 * show (`podpipe move`). The feed's language is that of the show's latest finished episode. Undefined for no such show.
 */
export async function refreshShowFeed(db: Database, bucket: Bucket, args: { slug: string; publicBaseUrl: string }): Promise<string | undefined> {
  return db.transaction().execute(async (trx) => {
    const show = await trx.selectFrom('shows').select(['id', 'slug', 'title']).where('slug', '=', args.slug).executeTakeFirst();
    if (!show) return undefined;
    await lockShowFeed(trx, show.slug);
    const latest = await trx.selectFrom('episodes').select('meta').where('show_id', '=', show.id).where('status', '=', 'done').orderBy('updated_at', 'desc').executeTakeFirst();
    const meta = EpisodeMeta.safeParse(latest?.meta ?? {});
    return rebuildShowFeed(trx, bucket, { show: { slug: show.slug, title: show.title }, language: (meta.success && meta.data.language) || 'en', publicBaseUrl: args.publicBaseUrl });
  });
}
