import { chatComplete } from '@podpipe/shared/chat';
import type { Edit, FixedWord } from '@podpipe/shared/transcript';
import { foldLetters } from './text.ts';

/** How to reach an OpenAI-compatible chat completions API, and how much it may change. */
export interface LlmConfig {
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** Words per chunk whose corrections are kept (default 250). */
  chunkWords?: number;
  /** Words of context sent on each side of a chunk (default 25). */
  overlapWords?: number;
  /** Largest share of a chunk's words the model may change before the chunk is rejected (default 0.15). */
  maxChangedShare?: number;
  /** Per-request timeout (default 60 s). */
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
}


const SYSTEM_PROMPT = [
  'You correct automatic speech recognition errors in a podcast transcript.',
  'Fix misheard words, names and terms, punctuation and capitalization.',
  'Keep every word that was said: never summarize, shorten, reorder or add content.',
  'Reply with the corrected text only.',
].join(' ');

/** One step of an alignment of input words to output tokens. */
export type AlignStep =
  | { op: 'same' | 'change'; input: number; output: number }
  | { op: 'merge'; input: number; count: number; output: number }
  | { op: 'drop'; input: number }
  | { op: 'insert'; output: number };

/**
 * Aligns input words to output tokens on their folded letters (case and punctuation ignored), allowing
 * substitutions, insertions, drops and merges of 2–3 input words into one token ("deep learning" -> DeepLearning).
 */
export function alignWords(input: string[], output: string[]): AlignStep[] {
  const a = input.map(foldLetters);
  const b = output.map(foldLetters);
  const n = a.length;
  const m = b.length;
  const W = m + 1;
  const cost = new Float64Array((n + 1) * W);
  const move = new Uint8Array((n + 1) * W); // 0 diag, 1 drop, 2 insert, 3..4 merge of 2..3
  for (let i = 0; i <= n; i++) (cost[i * W] = i), (move[i * W] = 1);
  for (let j = 0; j <= m; j++) (cost[j] = j), (move[j] = 2);
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      let best = cost[(i - 1) * W + j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      let how = 0;
      if (cost[(i - 1) * W + j]! + 1 < best) (best = cost[(i - 1) * W + j]! + 1), (how = 1);
      if (cost[i * W + j - 1]! + 1 < best) (best = cost[i * W + j - 1]! + 1), (how = 2);
      for (let k = 2; k <= 3 && k <= i; k++) {
        const joined = a.slice(i - k, i).join('');
        if (joined === b[j - 1] && cost[(i - k) * W + j - 1]! + 0.5 < best) (best = cost[(i - k) * W + j - 1]! + 0.5), (how = k + 1);
      }
      cost[i * W + j] = best;
      move[i * W + j] = how;
    }
  }
  const steps: AlignStep[] = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const how = i === 0 ? 2 : j === 0 ? 1 : move[i * W + j]!;
    if (how === 0) {
      steps.push({ op: a[i - 1] === b[j - 1] ? 'same' : 'change', input: i - 1, output: j - 1 });
      i--, j--;
    } else if (how === 1) steps.push({ op: 'drop', input: --i });
    else if (how === 2) steps.push({ op: 'insert', output: --j });
    else {
      const count = how - 1;
      steps.push({ op: 'merge', input: i - count, count, output: j - 1 });
      i -= count;
      j--;
    }
  }
  return steps.reverse();
}

/** Share of input words an alignment changes (case and punctuation do not count), or Infinity if any was dropped. */
export function changedShare(steps: AlignStep[], inputLength: number): number {
  let changed = 0;
  for (const s of steps) {
    if (s.op === 'drop') return Infinity;
    if (s.op === 'change' || s.op === 'insert') changed++;
    if (s.op === 'merge') changed += s.count;
  }
  return changed / Math.max(1, inputLength);
}

function complete(text: string, cfg: LlmConfig): Promise<string> {
  return chatComplete(cfg, SYSTEM_PROMPT, text);
}

/**
 * Applies an accepted chunk's output to the words in [coreStart, coreEnd): each output token takes the raw range
 * and times of the input word(s) it aligns to; an inserted token gets an empty raw range at its place.
 */
function applyChunk(
  words: FixedWord[],
  offset: number,
  output: string[],
  steps: AlignStep[],
  coreStart: number,
  coreEnd: number,
): { words: FixedWord[]; edits: Edit[] } {
  const out: FixedWord[] = [];
  const edits: Edit[] = [];
  let last: FixedWord | undefined;
  for (const s of steps) {
    if (s.op === 'drop') continue;
    if (s.op === 'insert') {
      if (!last) continue; // only insertions after a word of this chunk's core are kept
      const at = last.from[1];
      const word: FixedWord = { text: output[s.output]!, start: last.end, end: last.end, from: [at, at] };
      if (last.speaker !== undefined) word.speaker = last.speaker;
      out.push(word);
      edits.push({ rule: 'llm', from: [at, at], before: '', after: word.text, confidence: 0.6 });
      continue;
    }
    const first = offset + s.input;
    const count = s.op === 'merge' ? s.count : 1;
    if (first < coreStart || first >= coreEnd) {
      last = undefined;
      continue;
    }
    const source = words.slice(first, first + count);
    const word: FixedWord = {
      ...source[0]!,
      text: output[s.output]!,
      end: source.at(-1)!.end,
      from: [source[0]!.from[0], source.at(-1)!.from[1]],
    };
    out.push(word);
    last = word;
    const before = source.map((w) => w.text).join(' ');
    if (before !== word.text) edits.push({ rule: 'llm', from: word.from, before, after: word.text, confidence: 0.6 });
  }
  return { words: out, edits };
}

/**
 * Optional polish by a language model over an OpenAI-compatible API, chunk by chunk with context on both sides.
 * A chunk whose answer fails, drops a word or changes more than `maxChangedShare` of its words is kept as it was.
 */
export async function llmPolish(
  words: FixedWord[],
  cfg: LlmConfig,
): Promise<{ words: FixedWord[]; edits: Edit[]; rejectedChunks: number }> {
  const chunkWords = Math.max(1, cfg.chunkWords ?? 250);
  const overlap = Math.max(0, cfg.overlapWords ?? 25);
  const maxShare = cfg.maxChangedShare ?? 0.15;
  const out: FixedWord[] = [];
  const edits: Edit[] = [];
  let rejectedChunks = 0;
  for (let coreStart = 0; coreStart < words.length; coreStart += chunkWords) {
    const coreEnd = Math.min(words.length, coreStart + chunkWords);
    const from = Math.max(0, coreStart - overlap);
    const to = Math.min(words.length, coreEnd + overlap);
    const input = words.slice(from, to).map((w) => w.text);
    let accepted: { words: FixedWord[]; edits: Edit[] } | undefined;
    try {
      const output = (await complete(input.join(' '), cfg)).split(/\s+/).filter(Boolean);
      const steps = alignWords(input, output);
      if (output.length > 0 && changedShare(steps, input.length) <= maxShare) {
        accepted = applyChunk(words, from, output, steps, coreStart, coreEnd);
      }
    } catch {
      accepted = undefined; // an unreachable or misbehaving model leaves the chunk as it was
    }
    if (!accepted) {
      rejectedChunks++;
      out.push(...words.slice(coreStart, coreEnd));
      continue;
    }
    out.push(...accepted.words);
    edits.push(...accepted.edits);
  }
  return { words: out, edits, rejectedChunks };
}
