import type { EpisodeMeta } from '@podpipe/shared/transcript';

/** Whisper reads only the last 224 tokens of a prompt; about 800 characters of names stay inside that. */
const MAX_PROMPT_CHARS = 800;

/**
 * The recognizer's prompt: the people and sponsors of the episode, then the show's glossary, so the recognizer
 * spells them as the show does. Names come first because they matter most; the list stops before the limit.
 */
export function recognitionPrompt(meta: Pick<EpisodeMeta, 'hosts' | 'guests' | 'sponsors'>, glossaryTerms: string[]): string {
  const seen = new Set<string>();
  const unique = (names: string[]) =>
    names.map((n) => n.trim()).filter((n) => n && !seen.has(n.toLowerCase()) && seen.add(n.toLowerCase()));
  const parts = [
    ['Hosts', unique(meta.hosts)],
    ['Guests', unique(meta.guests)],
    ['Sponsors', unique(meta.sponsors)],
    ['Terms', unique(glossaryTerms)],
  ] as const;
  let prompt = '';
  for (const [label, names] of parts) {
    if (!names.length) continue;
    let line = `${label}: `;
    for (const [i, name] of names.entries()) {
      const piece = `${i ? ', ' : ''}${name}`;
      if (prompt.length + line.length + piece.length + 2 > MAX_PROMPT_CHARS) break;
      line += piece;
    }
    if (line.endsWith(': ')) break;
    prompt += `${prompt ? ' ' : ''}${line}.`;
  }
  return prompt;
}
