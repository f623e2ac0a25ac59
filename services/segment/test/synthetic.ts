import type { Silence } from '@podpipe/shared/transcript';
import type { TimedWord } from '../src/core/sentences.ts';

/** A deterministic pseudo-random stream. */
export function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1664525 + 1013904223) % 4294967296) / 4294967296;
}

export const TOPICS = {
  gardening: ['tomatoes', 'compost', 'seedlings', 'greenhouse', 'soil', 'watering', 'raised beds', 'fertilizer', 'harvest', 'pruning'],
  astronomy: ['telescope', 'galaxies', 'nebula', 'orbit', 'planets', 'observatory', 'comet', 'eclipse', 'spectrum', 'asteroid'],
  cooking: ['sourdough', 'oven', 'recipe', 'dough', 'yeast', 'flour', 'baking', 'crust', 'kitchen scale', 'knife'],
  sailing: ['harbor', 'mainsail', 'anchor', 'tide', 'hull', 'rigging', 'keel', 'sailboat', 'navigation', 'mooring'],
};

const TEMPLATES = [
  'I think the {0} really matters when you start with {1} and {2}.',
  'We spent a whole season learning about {0}, and honestly the {1} surprised us.',
  'Most people forget that {0} depends on the {1} more than on the {2}.',
  'The first time I tried {0} the {1} was a disaster.',
  'If you care about {0} you have to think about {1} every single day.',
  'My advice is simple: get the {0} right before you worry about {1}.',
  'So we changed the {0} and the {1} got better almost immediately.',
  'There is a lot of nonsense online about {0} and {1}.',
];

/** Sentences about one topic, from templates filled with the topic's words. */
export function topicSentences(topic: string[], count: number, random: () => number): string[] {
  return Array.from({ length: count }, () => {
    const t = TEMPLATES[Math.floor(random() * TEMPLATES.length)]!;
    return t.replace(/\{(\d)\}/g, () => topic[Math.floor(random() * topic.length)]!);
  });
}

export interface Block {
  sentences: string[];
  speaker?: string;
  /** Silence before this block (seconds); sentences inside are separated by short pauses. */
  pauseBefore: number;
}

export interface Synthetic {
  words: TimedWord[];
  silences: Silence[];
  duration: number;
  /** Start time of each block's first word. */
  blockStarts: number[];
}

/** Lays blocks of sentences out in time: 0.3 s a word, 0.35 s between sentences, the block's pause between blocks. */
export function layout(blocks: Block[], options: { lowercase?: boolean; alternateSpeakers?: boolean } = {}): Synthetic {
  const words: TimedWord[] = [];
  const silences: Silence[] = [];
  const blockStarts: number[] = [];
  let t = 0;
  blocks.forEach((block) => {
    if (block.pauseBefore > 0 && t > 0) {
      silences.push({ start: t, end: t + block.pauseBefore });
      t += block.pauseBefore;
    }
    blockStarts.push(t);
    block.sentences.forEach((sentence, k) => {
      if (k > 0) {
        silences.push({ start: t, end: t + 0.35 });
        t += 0.35;
      }
      const speaker = options.alternateSpeakers ? (k % 2 === 0 ? 'A' : 'B') : block.speaker;
      for (const raw of sentence.split(' ')) {
        const text = options.lowercase ? raw.toLowerCase().replace(/[.,?!:]/g, '') : raw;
        words.push({ text, start: t, end: t + 0.3, ...(speaker ? { speaker } : {}) });
        t += 0.3;
      }
    });
  });
  return { words, silences, duration: t + 0.5, blockStarts };
}

/** Sentences enough to fill about `seconds` of speech. */
export function sentencesFor(topic: string[], seconds: number, random: () => number): string[] {
  return topicSentences(topic, Math.round(seconds / 4.2), random);
}
