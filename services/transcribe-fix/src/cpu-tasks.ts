/** What transcribe-fix runs in the CPU pool's threads (libs/shared/src/cpu-pool.ts): pure, plain data in and out. */
import { EpisodeMeta, type Word } from '@podpipe/shared/transcript';
import { buildVocabulary, fixTranscript, type FixOptions, type FixResult, type VocabularyEntry } from './fix/index.ts';

export { fixTranscript };

/** The episode's vocabulary (meta + glossary + built-ins) and the corrected words; the worker process never loads the fixer. */
export function correctTranscript(words: Word[], meta: EpisodeMeta, glossary: VocabularyEntry[], options: FixOptions): FixResult & { vocabulary: VocabularyEntry[] } {
  const vocabulary = buildVocabulary(meta, glossary);
  return { ...fixTranscript(words, vocabulary, options), vocabulary };
}

/** One short correction runs every lazy load (casing and punctuation models, lexicons, phonetics) once. */
export function warmUp(): void {
  const words = 'so my guest today is anna and we talk about machine learning okay'.split(' ').map((text, i) => ({ text, start: i * 0.4, end: i * 0.4 + 0.3 }));
  fixTranscript(words, buildVocabulary(EpisodeMeta.parse({ guests: ['Anna Example'] }), []), { removeFillers: false, pauses: false });
}
