/**
 * A show's feed with N items: showFeed (items spliced in as text) against importing each item into the XML tree (what
 * showFeed did before), in one process, alternating; CPU ms per feed, min / median. Checks both give the same bytes.
 *   npx tsx bench/publish/feed.ts [items] [rounds]
 */
import { create, fragment } from 'xmlbuilder2';
import { feedItem, showFeed } from '../../services/publish/src/formats/feed.ts';
import { median, min } from '../scale/bench-env.ts';

const count = Number(process.argv[2] ?? 300);
const rounds = Number(process.argv[3] ?? 15);
const quotes = [{ start: 10, end: 40, text: 'A quote long enough to be a soundbite of this episode.', speaker: 'Ann' }];
const items = Array.from({ length: count }, (_, i) =>
  feedItem({
    facts: { title: `Episode ${i}`, summary: `What episode ${i} is about, in a sentence or two.`, durationSec: 1800, hosts: ['Ann'], guests: ['Bob'], quotes, chapters: [], keywords: [] } as never,
    guid: `guid-${i}`,
    publicBaseUrl: 'https://cdn.example.com/pods',
    episodePath: `show/${i}/v1`,
    audio: { key: `audio/${i}.mp3`, bytes: 12_345_678, mimeType: 'audio/mpeg' },
    pubDate: new Date(Date.UTC(2026, 0, 1) + i * 86_400_000),
    language: 'en',
    contentHtml: `<h1>Episode ${i}</h1>\n<p>Show notes.</p>\n<ul><li>00:00 Intro</li><li>05:00 Part one</li></ul>\n`,
  }),
);
const input = { title: 'Show', slug: 'show', selfUrl: 'https://cdn.example.com/pods/shows/show/feed.xml', language: 'en', items, builtAt: new Date() };
const treeImport = () => {
  const tree = create(showFeed({ ...input, items: [] }));
  for (const item of items) tree.root().last().import(fragment(item));
  return tree.end({ prettyPrint: true });
};
if (showFeed(input) !== treeImport()) throw new Error('the two feeds differ');
const cpuMs = (f: () => unknown) => {
  const c = process.cpuUsage();
  f();
  const d = process.cpuUsage(c);
  return (d.user + d.system) / 1000;
};
const spliced: number[] = [];
const tree: number[] = [];
for (let r = 0; r < rounds; r++) {
  tree.push(cpuMs(treeImport));
  spliced.push(cpuMs(() => showFeed(input)));
}
console.log(`${count} items, ${rounds} rounds; CPU ms per feed, min / median`);
console.log(`items imported into the tree: ${min(tree).toFixed(1)} / ${median(tree).toFixed(1)}`);
console.log(`items spliced as text:        ${min(spliced).toFixed(1)} / ${median(spliced).toFixed(1)}`);
console.log(`ratio: ${(min(tree) / min(spliced)).toFixed(1)}x / ${(median(tree) / median(spliced)).toFixed(1)}x`);
process.exit(0);
