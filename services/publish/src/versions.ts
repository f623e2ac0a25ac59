import { z } from 'zod';
import type { Bucket } from '@podpipe/shared/buckets';
import type { EpisodeEvent } from '@podpipe/shared/db/schema';

/** A published file as the manifest records it. */
export const PublishedFile = z.object({ key: z.string().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.number().int().nonnegative() });
export type PublishedFile = z.infer<typeof PublishedFile>;

/**
 * `episodes/<id>/latest.json`: the one object a consumer reads first. Writing it is the flip that makes a version
 * current; the version's files are all in place before, so a reader never sees a mix of two versions.
 */
export const PublishManifest = z.object({
  manifestVersion: z.literal(1),
  episodeId: z.string().min(1),
  version: z.string().min(1),
  prefix: z.string().min(1),
  generation: z.number().int().positive(),
  publishedAt: z.iso.datetime({ offset: true }),
  files: z.record(z.string(), PublishedFile),
  /** Hashes that decide what is news: the content a listener gets, and the metadata around it. */
  news: z.object({ content: z.string(), metadata: z.string() }),
  /** Older versions still kept (newest first), each with its files' keys, for retention. */
  previous: z.array(z.object({ version: z.string(), keys: z.array(z.string()) })).default([]),
});
export type PublishManifest = z.infer<typeof PublishManifest>;

export function manifestKey(episodeId: string): string {
  return `episodes/${episodeId}/latest.json`;
}

export function versionPrefix(episodeId: string, version: string): string {
  return `episodes/${episodeId}/v/${version}`;
}

/** The episode's current manifest, or undefined before its first publish (or when unreadable). */
export async function readManifest(bucket: Bucket, episodeId: string): Promise<PublishManifest | undefined> {
  if (!(await bucket.exists(manifestKey(episodeId)))) return undefined;
  const parsed = PublishManifest.safeParse(JSON.parse((await bucket.getBytes(manifestKey(episodeId))).toString('utf8')));
  return parsed.success ? parsed.data : undefined;
}

/** What a new version means for subscribers: new content, new metadata only, or nothing new. */
export function newsOf(previous: PublishManifest | undefined, next: PublishManifest['news']): Extract<EpisodeEvent, 'episode.published' | 'episode.updated' | 'episode.reprocessed'> {
  if (!previous || previous.news.content !== next.content) return 'episode.published';
  if (previous.news.metadata !== next.metadata) return 'episode.updated';
  return 'episode.reprocessed';
}

/**
 * Writes a version's files under its own prefix, then flips the manifest to it, then deletes versions beyond
 * `keep` older ones. A crash before the flip leaves the previous version current and whole; one after it leaves
 * at worst an old version undeleted.
 */
export async function publishVersion(
  bucket: Bucket,
  args: { episodeId: string; version: string; generation: number; files: Record<string, string | Uint8Array>; shared: Record<string, PublishedFile>; hashes: Record<string, PublishedFile>; news: PublishManifest['news']; keep: number; previous: PublishManifest | undefined },
): Promise<PublishManifest> {
  const prefix = versionPrefix(args.episodeId, args.version);
  for (const [name, body] of Object.entries(args.files)) await bucket.putBytes(`${prefix}/${name}`, body);
  const before = args.previous && args.previous.version !== args.version ? [{ version: args.previous.version, keys: Object.values(args.previous.files).map((f) => f.key).filter((k) => k.startsWith(`${args.previous!.prefix}/`)) }, ...args.previous.previous] : (args.previous?.previous ?? []);
  const kept = before.filter((v) => v.version !== args.version);
  const manifest: PublishManifest = {
    manifestVersion: 1,
    episodeId: args.episodeId,
    version: args.version,
    prefix,
    generation: args.generation,
    publishedAt: new Date().toISOString(),
    files: { ...args.hashes, ...args.shared },
    news: args.news,
    previous: kept.slice(0, args.keep),
  };
  await bucket.putBytes(manifestKey(args.episodeId), `${JSON.stringify(manifest, null, 2)}\n`);
  for (const old of kept.slice(args.keep)) for (const key of old.keys) await bucket.delete(key);
  return manifest;
}
