import { fragment } from 'xmlbuilder2';
import { normalizeChapters } from './chapters.ts';
import { adsFromChapters } from './episode.ts';
import type { Chapter, EpisodeFacts } from './model.ts';

/** A timestamp as listeners read it: `mm:ss`, or `h:mm:ss` when the episode runs an hour or more. */
export function clock(seconds: number, withHours: boolean): string {
  const total = Math.max(0, Math.floor(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return withHours ? `${h}:${pad(m)}:${pad(s)}` : `${pad(m + h * 60)}:${pad(s)}`;
}

/** Escapes characters Markdown would read as formatting inside running text. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>#|])/g, '\\$1');
}

function section(title: string, body: string[]): string[] {
  return body.length === 0 ? [] : [`## ${title}`, '', ...body, ''];
}

/** `shownotes.md`: title, summary, timestamped chapters (sponsor reads marked), people, keywords and notable quotes. */
export function shownotesMarkdown(facts: EpisodeFacts, chapters: Chapter[]): string {
  const withHours = facts.durationSec >= 3600;
  const normalized = normalizeChapters(chapters, facts.durationSec);
  const ads = facts.ads ?? adsFromChapters(normalized, facts.sponsors);
  const sponsorAt = (chapter: Chapter): string | undefined =>
    ads.find((ad) => ad.start < chapter.end && ad.end > chapter.start)?.sponsor;

  const chapterLines = normalized.map((chapter) => {
    const at = clock(chapter.start, withHours);
    if (chapter.kind !== 'ad') return `- ${at} ${escapeMarkdown(chapter.title)}`;
    return `- ${at} *Sponsor: ${escapeMarkdown(sponsorAt(chapter) ?? chapter.title)}*`;
  });
  const people = [
    ...(facts.hosts.length ? [`- **Hosts:** ${facts.hosts.map(escapeMarkdown).join(', ')}`] : []),
    ...(facts.guests.length ? [`- **Guests:** ${facts.guests.map(escapeMarkdown).join(', ')}`] : []),
  ];
  const sponsors = [...new Set(ads.map((ad) => ad.sponsor))].map((sponsor) => `- ${escapeMarkdown(sponsor)}`);
  const quotes = facts.quotes.flatMap((quote) => [
    `> ${escapeMarkdown(quote.text)}`,
    `> — ${quote.speaker ? `${escapeMarkdown(quote.speaker)}, ` : ''}${clock(quote.start, withHours)}`,
    '',
  ]);

  const lines = [
    `# ${escapeMarkdown(facts.title)}`,
    '',
    `*${escapeMarkdown(facts.show)}* · ${clock(facts.durationSec, withHours)}`,
    '',
    ...(facts.summary ? [escapeMarkdown(facts.summary), ''] : []),
    ...section('Chapters', chapterLines),
    ...section('People', people),
    ...section('Sponsors', sponsors),
    ...section('Keywords', facts.keywords.length ? [facts.keywords.map(escapeMarkdown).join(' · ')] : []),
    ...section('Notable quotes', quotes.slice(0, -1)),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}

type XMLBuilder = ReturnType<typeof fragment>;

/** A link that starts the player at a time: the audio URL with a media fragment (`#t=seconds`). */
export function timeLink(audioUrl: string | undefined, seconds: number): string {
  return `${audioUrl ?? ''}#t=${Math.max(0, Math.floor(seconds))}`;
}

/**
 * `shownotes.html`: the Markdown notes' content as an HTML fragment (also the feed's `content:encoded`): every
 * timestamp is a link that starts the audio there, quotes are attributed to their speaker.
 */
export function shownotesHtml(facts: EpisodeFacts, chapters: Chapter[], audioUrl?: string): string {
  const withHours = facts.durationSec >= 3600;
  const normalized = normalizeChapters(chapters, facts.durationSec);
  const ads = facts.ads ?? adsFromChapters(normalized, facts.sponsors);
  const root = fragment().ele('div', { class: 'podpipe-shownotes' });
  if (facts.summary) root.ele('p').txt(facts.summary);
  const stamp = (parent: XMLBuilder, seconds: number): void => {
    parent.ele('a', { href: timeLink(audioUrl, seconds) }).txt(clock(seconds, withHours));
  };
  if (normalized.length) {
    root.ele('h2').txt('Chapters');
    const list = root.ele('ul');
    for (const chapter of normalized) {
      const li = list.ele('li');
      stamp(li, chapter.start);
      if (chapter.kind === 'ad') {
        const sponsor = ads.find((ad) => ad.start < chapter.end && ad.end > chapter.start)?.sponsor ?? chapter.title;
        li.txt(' ').ele('em').txt(`Sponsor: ${sponsor}`);
      } else li.txt(` ${chapter.title}`);
    }
  }
  const people: [string, string[]][] = [['Hosts', facts.hosts], ['Guests', facts.guests]];
  if (people.some(([, names]) => names.length)) {
    root.ele('h2').txt('People');
    const list = root.ele('ul');
    for (const [label, names] of people) if (names.length) list.ele('li').ele('strong').txt(`${label}:`).up().txt(` ${names.join(', ')}`);
  }
  const sponsors = [...new Set(ads.map((ad) => ad.sponsor))];
  if (sponsors.length) {
    root.ele('h2').txt('Sponsors');
    const list = root.ele('ul');
    for (const sponsor of sponsors) list.ele('li').txt(sponsor);
  }
  if (facts.keywords.length) root.ele('h2').txt('Keywords').up().ele('p').txt(facts.keywords.join(' · '));
  if (facts.quotes.length) {
    root.ele('h2').txt('Notable quotes');
    for (const quote of facts.quotes) {
      const block = root.ele('blockquote');
      block.ele('p').txt(quote.text);
      const footer = block.ele('footer').txt('— ');
      if (quote.speaker) footer.ele('cite').txt(quote.speaker).up().txt(', ');
      stamp(footer, quote.start);
    }
  }
  // Not pretty-printed: indentation inside running text would show as stray spaces.
  return `${root.end({ headless: true })}\n`;
}
