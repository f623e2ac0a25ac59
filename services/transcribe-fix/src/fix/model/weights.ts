/**
 * The punctuation model's shipped weights: a sparse table of (feature bucket → one weight per label),
 * stored as int16 with one scale. Layout of the .bin file (little-endian):
 *   'PPM1' | u32 count | f32 scale | u32 buckets[count] (ascending) | i16 weights[count * NUM_LABELS]
 */
import fs from 'node:fs';
import { HASH_BITS, NUM_LABELS } from './features.ts';

/** A loaded weight table, ready to score feature buckets. */
export interface WeightTable {
  buckets: Uint32Array;
  weights: Int16Array;
  scale: number;
}

const MAGIC = 0x314d5050; // 'PPM1'

/** Serializes a weight table to the .bin layout. */
export function encodeWeights(table: WeightTable): Buffer {
  const n = table.buckets.length;
  const buf = Buffer.alloc(12 + n * 4 + n * NUM_LABELS * 2);
  buf.writeUInt32LE(MAGIC, 0);
  buf.writeUInt32LE(n, 4);
  buf.writeFloatLE(table.scale, 8);
  Buffer.from(table.buckets.buffer, table.buckets.byteOffset, n * 4).copy(buf, 12);
  Buffer.from(table.weights.buffer, table.weights.byteOffset, n * NUM_LABELS * 2).copy(buf, 12 + n * 4);
  return buf;
}

/** Parses the .bin layout; throws on a file that is not one. */
export function decodeWeights(buf: Buffer): WeightTable {
  if (buf.length < 12 || buf.readUInt32LE(0) !== MAGIC) throw new Error('punctuation weights: bad magic');
  const n = buf.readUInt32LE(4);
  const scale = buf.readFloatLE(8);
  if (buf.length !== 12 + n * 4 + n * NUM_LABELS * 2) throw new Error('punctuation weights: truncated file');
  const buckets = new Uint32Array(n);
  const weights = new Int16Array(n * NUM_LABELS);
  new Uint8Array(buckets.buffer).set(buf.subarray(12, 12 + n * 4));
  new Uint8Array(weights.buffer).set(buf.subarray(12 + n * 4));
  return { buckets, weights, scale };
}

/** Dense per-bucket weights (bucket * NUM_LABELS + label), expanded once per table: one memory read per feature. */
const denseTables = new WeakMap<WeightTable, Int16Array>();

function dense(table: WeightTable): Int16Array {
  let d = denseTables.get(table);
  if (d) return d;
  d = new Int16Array((1 << HASH_BITS) * NUM_LABELS);
  for (let j = 0; j < table.buckets.length; j++) {
    const o = (table.buckets[j] as number) * NUM_LABELS;
    for (let k = 0; k < NUM_LABELS; k++) d[o + k] = table.weights[j * NUM_LABELS + k] as number;
  }
  denseTables.set(table, d);
  return d;
}

/** Adds the weights of the given feature buckets to `scores` (one entry per label). */
export function score(table: WeightTable, feats: Uint32Array, count: number, scores: Float64Array): void {
  const d = dense(table);
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  for (let f = 0; f < count; f++) {
    const o = (feats[f] as number) * NUM_LABELS;
    s0 += d[o] as number;
    s1 += d[o + 1] as number;
    s2 += d[o + 2] as number;
    s3 += d[o + 3] as number;
  }
  const scale = table.scale;
  scores[0]! += s0 * scale;
  scores[1]! += s1 * scale;
  scores[2]! += s2 * scale;
  scores[3]! += s3 * scale;
}

const WEIGHTS_URL = new URL('./punct-weights.bin', import.meta.url);
let cached: WeightTable | undefined;

/** The shipped weight table, read once per process. */
export function shippedWeights(): WeightTable {
  cached ??= decodeWeights(fs.readFileSync(WEIGHTS_URL));
  return cached;
}
