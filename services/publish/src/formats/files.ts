/** File names of the published artifacts inside an episode's folder. */
export const ARTIFACT_FILES = {
  transcriptJson: 'transcript.json',
  transcriptVtt: 'transcript.vtt',
  transcriptSrt: 'transcript.srt',
  chapters: 'chapters.json',
  episode: 'episode.json',
  shownotes: 'shownotes.md',
  shownotesHtml: 'shownotes.html',
  feedItem: 'feed-item.xml',
} as const;

/** Media types the podcast namespace expects for each artifact. */
export const ARTIFACT_TYPES = {
  transcriptJson: 'application/json',
  transcriptVtt: 'text/vtt',
  transcriptSrt: 'application/x-subrip',
  chapters: 'application/json+chapters',
  episode: 'application/json',
  shownotes: 'text/markdown',
  shownotesHtml: 'text/html',
  feedItem: 'application/xml',
} as const satisfies Record<keyof typeof ARTIFACT_FILES, string>;

/** Public URL of a file in an episode's folder, each path segment percent-encoded. */
export function publicUrl(publicBaseUrl: string, episodePath: string, file: string): string {
  const base = publicBaseUrl.endsWith('/') ? publicBaseUrl : `${publicBaseUrl}/`;
  const path = [...episodePath.split('/'), file]
    .filter((segment) => segment.length > 0)
    .map(encodeURIComponent)
    .join('/');
  return new URL(path, base).toString();
}

/** The media type of a published file by its name (audio by extension). */
export function contentTypeOf(file: string): string {
  const known = Object.entries(ARTIFACT_FILES).find(([, name]) => name === file);
  if (known) return ARTIFACT_TYPES[known[0] as keyof typeof ARTIFACT_FILES];
  if (file.endsWith('.mp3')) return 'audio/mpeg';
  if (file.endsWith('.m4a')) return 'audio/mp4';
  if (file.endsWith('.ogg') || file.endsWith('.opus')) return 'audio/ogg';
  if (file.endsWith('.wav')) return 'audio/wav';
  return 'application/octet-stream';
}
