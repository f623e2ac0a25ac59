import path from 'node:path';
import mime from 'mime-types';

// Types the podcast namespace and players expect where mime-db has none or another one.
const CONTENT_TYPES: Record<string, string> = {
  '.vtt': 'text/vtt; charset=utf-8',
  '.srt': 'application/x-subrip; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
};

/** The Content-Type a stored or served file gets by its key's extension (the same from a directory as from S3). */
export function contentTypeFor(key: string): string {
  const ext = path.extname(key).toLowerCase();
  return CONTENT_TYPES[ext] ?? (mime.contentType(ext) || 'application/octet-stream');
}
