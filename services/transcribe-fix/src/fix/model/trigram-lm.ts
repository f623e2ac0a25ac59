/**
 * A reader of the sphinxbase/pocketsphinx binary trie language model (the "Trie Language Model" format that
 * `en-us.lm.bin` of Debian's pocketsphinx-en-us is shipped in: a BSD-licensed generic US English trigram
 * model, 72k words, with sentence-boundary tokens <s> and </s>).
 *
 * Layout (little-endian): the header text; order (u8); n-gram counts (u32 × order); an unused i32; the
 * quantizer's tables (65536 float32 centres each: for every middle order a probability table then a backoff
 * table, then the highest order's probability table); unigrams ((count + 1) × {prob f32, backoff f32,
 * next u32}); the bit-packed middle and longest arrays; the word strings (i32 byte length, NUL-separated).
 * The trie is reversed: a unigram's `next` range holds the bigrams that END in it, keyed by the word before,
 * and so on. A middle entry packs [word id][backoff 16 bits][probability 16 bits][next index]; a longest
 * entry [word id][probability 16 bits]. Scores are log probabilities in sphinx's log base 1.0001.
 *
 * The file is read once into one buffer and queried in place (about 27 MB); nothing is unpacked.
 */
import fs from 'node:fs';

const HEADER = 'Trie Language Model';
const QUANT_BITS = 16;
const QUANT_MASK = (1 << QUANT_BITS) - 1;
/** Sphinx log base 1.0001 → natural log. */
const LOG_UNIT = Math.log(1.0001);

/** Bits needed to store values up to max (as sphinxbase's bitarr_required_bits). */
function requiredBits(max: number): number {
  if (max === 0) return 0;
  let bits = 1;
  while ((max >>>= 1)) bits++;
  return bits;
}

/** Bytes of one bit-packed array of `entries` entries (one extra entry holds the last next pointer; 8 bytes padding). */
function packedSize(entries: number, wordBits: number, restBits: number): number {
  return Math.floor(((1 + entries) * (wordBits + restBits) + 7) / 8) + 8;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** `count` little-endian float32s at byte offset `at` of `buf`. */
export function floatsLE(buf: Buffer, at: number, count: number): Float32Array {
  const t = new Float32Array(count);
  if (LITTLE_ENDIAN) new Uint8Array(t.buffer).set(buf.subarray(at, at + 4 * count));
  else for (let i = 0; i < count; i++) t[i] = buf.readFloatLE(at + 4 * i);
  return t;
}

interface Packed {
  /** Byte offset of the array in the file buffer. */
  at: number;
  totalBits: number;
  nextBits: number;
}

export class TrigramLm {
  private readonly bytes: Uint8Array;
  private readonly uniProbs: Float32Array;
  private readonly uniBackoffs: Float32Array;
  private readonly uniNexts: Uint32Array;
  private readonly wordBits: number;
  private readonly wordMask: number;
  private readonly bigram: Packed;
  private readonly trigram: Packed;
  private readonly bigramProbs: Float32Array;
  private readonly bigramBackoffs: Float32Array;
  private readonly trigramProbs: Float32Array;
  private readonly ids: Map<string, number>;
  readonly unknown: number;
  readonly start: number;
  readonly end: number;

  private constructor(buf: Buffer) {
    this.bytes = buf;
    if (buf.toString('latin1', 0, HEADER.length) !== HEADER) throw new Error('not a sphinx trie language model');
    let at = HEADER.length;
    const order = buf.readUInt8(at++);
    if (order !== 3) throw new Error(`only trigram models are read, this one has order ${order}`);
    const counts = [0, 1, 2].map((k) => buf.readUInt32LE(at + 4 * k));
    at += 4 * order + 4; // counts, then an unused int
    // Copied as bytes on a little-endian machine (the file's order): the same floats as read one by one, in ~1 % of
    // the time (the per-float reads were ~70 ms of every pool thread's start).
    const table = (k: number) => floatsLE(buf, at + 4 * (k << QUANT_BITS), 1 << QUANT_BITS);
    this.bigramProbs = table(0);
    this.bigramBackoffs = table(1);
    this.trigramProbs = table(2);
    at += 3 * (1 << QUANT_BITS) * 4;
    const unigrams = counts[0]! + 1;
    this.uniProbs = new Float32Array(unigrams);
    this.uniBackoffs = new Float32Array(unigrams);
    this.uniNexts = new Uint32Array(unigrams);
    if (LITTLE_ENDIAN) {
      const bytes = new Uint8Array(unigrams * 12);
      bytes.set(buf.subarray(at, at + unigrams * 12));
      const f = new Float32Array(bytes.buffer);
      const u = new Uint32Array(bytes.buffer);
      for (let w = 0; w < unigrams; w++) {
        this.uniProbs[w] = f[3 * w]!;
        this.uniBackoffs[w] = f[3 * w + 1]!;
        this.uniNexts[w] = u[3 * w + 2]!;
      }
      at += unigrams * 12;
    } else {
      for (let w = 0; w < unigrams; w++, at += 12) {
        this.uniProbs[w] = buf.readFloatLE(at);
        this.uniBackoffs[w] = buf.readFloatLE(at + 4);
        this.uniNexts[w] = buf.readUInt32LE(at + 8);
      }
    }
    this.wordBits = requiredBits(counts[0]!);
    this.wordMask = 2 ** this.wordBits - 1;
    const nextBits = requiredBits(counts[2]!);
    this.bigram = { at, totalBits: this.wordBits + 2 * QUANT_BITS + nextBits, nextBits };
    at += packedSize(counts[1]!, this.wordBits, 2 * QUANT_BITS + nextBits);
    this.trigram = { at, totalBits: this.wordBits + QUANT_BITS, nextBits: 0 };
    at += packedSize(counts[2]!, this.wordBits, QUANT_BITS);
    const length = buf.readInt32LE(at);
    const words = buf.toString('latin1', at + 4, at + 4 + length).split('\0');
    this.ids = new Map();
    for (let i = 0; i < counts[0]!; i++) if (!this.ids.has(words[i]!)) this.ids.set(words[i]!, i);
    if (this.ids.size < counts[0]! * 0.99) throw new Error('word strings do not match the unigram count');
    this.unknown = this.ids.get('<UNK>') ?? this.ids.get('<unk>') ?? -1;
    this.start = this.idOf('<s>');
    this.end = this.idOf('</s>');
    if (this.start < 0 || this.end < 0) throw new Error('the model has no sentence-boundary tokens');
  }

  /** Reads a model file; undefined when it is missing (the Debian package is not installed). */
  static load(file: string): TrigramLm | undefined {
    if (!fs.existsSync(file)) return undefined;
    return new TrigramLm(fs.readFileSync(file));
  }

  /** Word id, or -1 for a word outside the vocabulary (and no <UNK> token). */
  idOf(word: string): number {
    return this.ids.get(word) ?? this.unknown;
  }

  /** `length` (≤ 25) bits at a bit offset, little-endian as sphinxbase packs them. */
  private bits(bitOffset: number, length: number): number {
    const b = this.bytes, i = bitOffset >>> 3;
    const word = (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;
    return (word >>> (bitOffset & 7)) & ((1 << length) - 1);
  }

  private uniProb(w: number): number {
    return this.uniProbs[w]!;
  }
  private uniBackoff(w: number): number {
    return this.uniBackoffs[w]!;
  }
  private uniNext(w: number): number {
    return this.uniNexts[w]!;
  }

  /**
   * Index of the entry with word id `w` among entries [begin, end) of a packed array (sorted by word), or -1:
   * interpolation search, as ids are spread about evenly (sphinxbase's uniform_find).
   */
  private find(p: Packed, begin: number, end: number, w: number): number {
    const base = p.at * 8;
    let before = begin - 1, beforeV = 0, after = end, afterV = this.wordMask;
    while (after - before > 1) {
      const pivot = before + 1 + Math.floor(((w - beforeV) * (after - before - 1)) / (afterV - beforeV + 1));
      const v = this.bits(base + pivot * p.totalBits, this.wordBits);
      if (v < w) { before = pivot; beforeV = v; }
      else if (v > w) { after = pivot; afterV = v; }
      else return pivot;
    }
    return -1;
  }

  /** Bit offset of a bigram entry's fields (after its word id). */
  private bigramField(entry: number): number {
    return this.bigram.at * 8 + entry * this.bigram.totalBits + this.wordBits;
  }

  private bigramNext(entry: number): number {
    return this.bits(this.bigramField(entry) + 2 * QUANT_BITS, this.bigram.nextBits);
  }

  /**
   * Natural-log probability of word w after the words h2 h1 (h1 the nearer; -1 for none), with the model's
   * backoff: the trigram if it is known, else the bigram plus the backoff of (h2 h1), else the unigram plus
   * the backoffs of h1 and (h2 h1).
   */
  logProb(w: number, h1: number, h2 = -1): number {
    if (w < 0) return -20;
    let prob = this.uniProb(w);
    if (h1 < 0) return prob * LOG_UNIT;
    // Backoffs of the context: of h1 alone, and of the pair (h2 h1).
    const bo1 = this.uniBackoff(h1);
    let bo2 = 0;
    let contextPair = -1;
    if (h2 >= 0) {
      contextPair = this.find(this.bigram, this.uniNext(h1), this.uniNext(h1 + 1), h2);
      if (contextPair >= 0) bo2 = this.bigramBackoffs[this.bits(this.bigramField(contextPair), QUANT_BITS)]!;
    }
    const bi = this.find(this.bigram, this.uniNext(w), this.uniNext(w + 1), h1);
    if (bi < 0) return (prob + bo1 + bo2) * LOG_UNIT;
    prob = this.bigramProbs[this.bits(this.bigramField(bi) + QUANT_BITS, QUANT_BITS)]!;
    if (h2 < 0) return prob * LOG_UNIT;
    const tri = this.find(this.trigram, this.bigramNext(bi), this.bigramNext(bi + 1), h2);
    if (tri < 0) return (prob + bo2) * LOG_UNIT;
    return this.trigramProbs[this.bits(this.trigram.at * 8 + tri * this.trigram.totalBits + this.wordBits, QUANT_BITS)]! * LOG_UNIT;
  }
}
