// The downstream contract: conformance gate, JSON Schemas, soundbites, HTML show notes, the show feed, versions.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Parser from 'rss-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalBucket, type Bucket } from '@podpipe/shared/buckets';
import type { FixedWord } from '@podpipe/shared/transcript';
import { checkConformance, checkFeedItem } from '../src/conformance.ts';
import { renderArtifacts } from '../src/formats/artifacts.ts';
import { EPISODE_SCHEMA_VERSION, episodeJson, type EpisodeIdentity } from '../src/formats/episode.ts';
import { feedItem, showFeed } from '../src/formats/feed.ts';
import { EpisodeFacts, type Chapter } from '../src/formats/model.ts';
import { PUBLISHED_SCHEMAS, schemaText, type SchemaFile } from '../src/formats/schemas.ts';
import { shownotesHtml } from '../src/formats/shownotes.ts';
import { soundbitesFrom, soundbiteTitle } from '../src/formats/soundbites.ts';
import { manifestKey, newsOf, publishVersion, readManifest, type PublishManifest } from '../src/versions.ts';

const run = promisify(execFile);

// Sentences of ~4 s each, alternating speakers every three sentences.
function sentences(count: number): FixedWord[] {
  const words: FixedWord[] = [];
  let t = 0;
  for (let s = 0; s < count; s++) {
    const text = `Sentence number ${s + 1} says something worth hearing about careful work.`.split(' ');
    for (const [i, w] of text.entries()) {
      words.push({ text: w, start: t, end: t + 0.4, speaker: Math.floor(s / 3) % 2 ? 'Guest Person' : 'Host Person', from: [words.length, words.length + 1] });
      t += 0.42 + (i === text.length - 1 ? 0.3 : 0);
    }
  }
  return words;
}

const words = sentences(60);
const duration = words.at(-1)!.end + 1;
const chapters: Chapter[] = [
  { start: 0, end: 60, title: 'Opening & <welcome>', kind: 'intro' },
  { start: 60, end: 120, title: 'Sponsor: Parcel Co', kind: 'ad' },
  { start: 120, end: duration, title: 'The long talk', kind: 'content' },
];
const facts = EpisodeFacts.parse({
  title: 'Careful Work',
  show: 'Test Show',
  durationSec: duration,
  summary: 'On careful work.',
  quotes: [
    { text: 'Sentence number 4 says something worth hearing about careful work.', start: words[30]!.start, end: words[30 + 10]!.end, speaker: 'Host Person' },
    { text: 'x'.repeat(10) + ' word'.repeat(40), start: 200, end: 290 },
  ],
  hosts: ['Host Person'],
  guests: ['Guest Person'],
  transcriptSource: { kind: 'sidecar', provider: 'supplied', settings: {} },
});
const base = 'https://cdn.example.com/pods';
const prefix = 'episodes/0b3c1b8e-1111-4222-8333-944444444444/v/abc';

function identity(artifacts: EpisodeIdentity['artifacts'] = []): EpisodeIdentity {
  return {
    schemaVersion: EPISODE_SCHEMA_VERSION,
    id: '0b3c1b8e-1111-4222-8333-944444444444',
    guid: 'ep-guid-1',
    showSlug: 'test-show',
    generation: 2,
    version: 'abc',
    language: 'en',
    episodeNumber: 73,
    createdAt: '2026-12-01T10:00:00.000Z',
    updatedAt: '2026-12-02T10:00:00.000Z',
    fingerprints: { ingest: 'f1', segment: 'f2' },
    artifacts,
  };
}

function publishedFiles(): Record<string, string> {
  const content = renderArtifacts({ words, chapters, facts, audioUrl: `${base}/audio/x.mp3` });
  const item = feedItem({
    facts,
    guid: 'ep-guid-1',
    publicBaseUrl: base,
    episodePath: prefix,
    pubDate: new Date('2026-12-01T10:00:00Z'),
    language: 'en',
    episodeNumber: 73,
    season: 2,
    contentHtml: content['shownotes.html'],
    soundbites: soundbitesFrom(facts.quotes, words),
    audio: { key: 'audio/x.mp3', bytes: 1234, mimeType: 'audio/mpeg' },
  });
  return { ...content, 'feed-item.xml': item, 'episode.json': episodeJson(identity([{ kind: 'transcript.json', url: `${base}/${prefix}/transcript.json`, sha256: 'a'.repeat(64), bytes: 10, contentType: 'application/json' }]), facts, chapters) };
}

describe('JSON Schemas', () => {
  it('are committed exactly as generated from the writers’ zod schemas', () => {
    for (const file of Object.keys(PUBLISHED_SCHEMAS) as SchemaFile[]) {
      expect(readFileSync(new URL(`../schema/${file}`, import.meta.url), 'utf8'), `${file}: run npx tsx services/publish/src/write-schemas.ts`).toBe(schemaText(file));
    }
  });
});

describe('conformance gate', () => {
  it('passes every artifact of a well-formed episode', () => {
    expect(checkConformance(publishedFiles())).toEqual([]);
  });

  it('names each file that a consumer could not read', () => {
    const files = publishedFiles();
    const broken = {
      ...files,
      'transcript.vtt': files['transcript.vtt']!.replace('WEBVTT', 'WEBVTX'),
      'transcript.srt': files['transcript.srt']!.replace(/\n\n2\n/, '\n\n7\n'),
      'chapters.json': JSON.stringify({ version: '1.2.0', chapters: [{ startTime: -1, title: '' }] }),
      'episode.json': JSON.stringify({ ...JSON.parse(files['episode.json']!), schemaVersion: '2.0.0', artifacts: [{ kind: 'x' }] }),
      'feed-item.xml': files['feed-item.xml']!.replace(' language="en"', ''),
    };
    const byFile = new Map<string, string[]>();
    for (const p of checkConformance(broken)) byFile.set(p.file, [...(byFile.get(p.file) ?? []), p.problem]);
    expect([...byFile.keys()].sort()).toEqual(['chapters.json', 'episode.json', 'feed-item.xml', 'transcript.srt', 'transcript.vtt']);
    expect(byFile.get('feed-item.xml')!.join()).toMatch(/language/);
    expect(byFile.get('episode.json')!.join()).toMatch(/schemaVersion|pattern/);
  });

  it('refuses a feed item that is not well-formed or lacks a non-permalink guid', () => {
    expect(checkFeedItem('<item><title>x</item>')[0]!.problem).toMatch(/well-formed/);
    const item = publishedFiles()['feed-item.xml']!.replace('isPermaLink="false"', 'isPermaLink="true"');
    expect(checkFeedItem(item).map((p) => p.problem)).toContain('guid must be present with isPermaLink="false"');
  });
});

describe('soundbites', () => {
  const bites = soundbitesFrom(facts.quotes, words);

  it('run 15–60 s from a quote’s first word to a sentence end', () => {
    expect(bites.length).toBeGreaterThan(0);
    for (const bite of bites) {
      expect(bite.duration).toBeGreaterThanOrEqual(15);
      expect(bite.duration).toBeLessThanOrEqual(60);
      const last = words.filter((w) => w.end <= bite.start + bite.duration + 1e-6).at(-1)!;
      expect(last.text).toMatch(/\.$/);
      expect(words.some((w) => Math.abs(w.start - bite.start) < 1e-6)).toBe(true);
    }
  });

  it('titles never cut a word: whole sentences, else whole words and an ellipsis', () => {
    const long = 'We want to educate millions of people about machine learning. And then some more words follow here to make it long, very long indeed, much longer.';
    const title = soundbiteTitle(long, 80);
    expect(title).toBe('We want to educate millions of people about machine learning.');
    const words40 = soundbiteTitle('alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma', 40);
    expect(words40.length).toBeLessThanOrEqual(40);
    expect(words40).toMatch(/^alpha beta .* [a-z]+…$/);
    expect('alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma').toContain(words40.slice(0, -1));
  });
});

describe('shownotes.html', () => {
  const html = shownotesHtml(facts, chapters, `${base}/audio/x.mp3`);
  it('links every timestamp to the audio at that time and attributes quotes to their speaker', () => {
    expect(html).toContain(`<a href="${base}/audio/x.mp3#t=60">01:00</a>`);
    expect(html).toContain('Opening &amp; &lt;welcome&gt;');
    expect(html).toMatch(/<footer>\s*— <cite>Host Person<\/cite>, <a href="[^"]+#t=\d+">/);
    expect(html).toContain('<em>Sponsor: Parcel Co</em>');
  });
});

describe('show feed', () => {
  it('is RSS 2.0 that rss-parser and xmllint read back, with every item field players use', async () => {
    const files = publishedFiles();
    const xml = showFeed({ title: 'Test Show', slug: 'test-show', selfUrl: `${base}/shows/test-show/feed.xml`, language: 'en', items: [files['feed-item.xml']!] });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'podpipe-feed-'));
    try {
      writeFileSync(path.join(dir, 'feed.xml'), xml);
      await run('xmllint', ['--noout', path.join(dir, 'feed.xml')]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const parser = new Parser({ customFields: { item: ['itunes:episode', 'itunes:season', ['podcast:transcript', 'transcripts', { keepArray: true }], ['podcast:soundbite', 'soundbites', { keepArray: true }]] } });
    const feed = await parser.parseString(xml);
    expect(feed.title).toBe('Test Show');
    const item = feed.items[0]! as unknown as Record<string, unknown> & Parser.Item & { itunes?: { duration?: string } };
    expect(item.guid).toBe('ep-guid-1');
    expect(item.pubDate).toBe('Tue, 01 Dec 2026 10:00:00 GMT');
    expect(item.link).toBe(`${base}/${prefix}/shownotes.html`);
    expect(item.enclosure).toMatchObject({ url: `${base}/audio/x.mp3`, length: '1234', type: 'audio/mpeg' });
    expect(item['itunes:episode']).toBe('73');
    expect(item['itunes:season']).toBe('2');
    expect(item.itunes?.duration).toBe(String(Math.round(duration)));
    expect(item['content:encoded']).toContain('#t=60');
    const transcripts = item.transcripts as { $: { language: string; url: string } }[];
    expect(transcripts.map((t) => t.$.language)).toEqual(['en', 'en', 'en']);
    expect((item.soundbites as unknown[]).length).toBe(soundbitesFrom(facts.quotes, words).length);
  });
});

describe('news', () => {
  const manifest = (content: string, metadata: string): PublishManifest => ({ manifestVersion: 1, episodeId: 'e', version: 'v', prefix: 'p', generation: 1, publishedAt: new Date().toISOString(), files: {}, news: { content, metadata }, previous: [] });
  it('is published for new content, updated for new metadata only, reprocessed for nothing new', () => {
    expect(newsOf(undefined, { content: 'a', metadata: 'b' })).toBe('episode.published');
    expect(newsOf(manifest('a', 'b'), { content: 'c', metadata: 'b' })).toBe('episode.published');
    expect(newsOf(manifest('a', 'b'), { content: 'a', metadata: 'c' })).toBe('episode.updated');
    expect(newsOf(manifest('a', 'b'), { content: 'a', metadata: 'b' })).toBe('episode.reprocessed');
  });
});

describe('versioned publishing', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'podpipe-versions-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const local = new LocalBucket('publish', root);

  // A bucket that dies (like a killed process) on its nth write.
  function dyingAfter(writes: number): Bucket {
    let left = writes;
    return new Proxy(local, {
      get(target, prop, receiver) {
        if (prop === 'putBytes') {
          return async (key: string, body: string | Uint8Array) => {
            if (left-- <= 0) throw new Error('killed mid-publish');
            return target.putBytes(key, body);
          };
        }
        return Reflect.get(target, prop, receiver) as unknown;
      },
    });
  }

  async function publish(bucket: Bucket, tag: string, keep = 1): Promise<PublishManifest> {
    const files = { 'a.txt': `a ${tag}`, 'b.txt': `b ${tag}`, 'c.txt': `c ${tag}` };
    const { sha256 } = await import('@podpipe/shared/hash');
    const prefix = `episodes/e1/v/${tag}`;
    const hashes = Object.fromEntries(Object.entries(files).map(([n, b]) => [n, { key: `${prefix}/${n}`, sha256: sha256(b), bytes: b.length }]));
    return publishVersion(bucket, { episodeId: 'e1', version: tag, generation: 1, files, shared: {}, hashes, news: { content: tag, metadata: tag }, keep, previous: await readManifest(local, 'e1') });
  }

  async function consumerView(): Promise<string[]> {
    const m = (await readManifest(local, 'e1'))!;
    const { sha256 } = await import('@podpipe/shared/hash');
    return Promise.all(
      Object.values(m.files).map(async (f) => {
        const body = await local.getBytes(f.key);
        expect(sha256(body), `${f.key} matches the manifest`).toBe(f.sha256);
        return body.toString();
      }),
    );
  }

  it('a publish killed between files leaves the previous version current and whole', async () => {
    await publish(local, 'one');
    for (let writes = 0; writes <= 3; writes++) {
      await expect(publish(dyingAfter(writes), `two${writes}`)).rejects.toThrow('killed mid-publish');
      expect((await consumerView()).sort()).toEqual(['a one', 'b one', 'c one']);
    }
    await publish(local, 'three');
    expect((await consumerView()).sort()).toEqual(['a three', 'b three', 'c three']);
  });

  it('keeps only the configured number of older versions', async () => {
    await publish(local, 'four', 1);
    await publish(local, 'five', 1);
    const m = (await readManifest(local, 'e1'))!;
    expect(m.previous.map((p) => p.version)).toEqual(['four']);
    expect(await local.exists('episodes/e1/v/four/a.txt')).toBe(true);
    expect(await local.exists('episodes/e1/v/three/a.txt')).toBe(false);
    expect(JSON.parse(readFileSync(path.join(root, manifestKey('e1')), 'utf8')).version).toBe('five');
  });
});
