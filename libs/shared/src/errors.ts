/** Input that no retry can fix (unreadable audio, malformed transcript): fails the episode at once with this message. */
export class BadInputError extends Error {
  override name = 'BadInputError';
}
