/**
 * Trains the punctuation model (softmax regression by averaged SGD over hashed gap features), the word
 * clusters its features use, and the casing lexicon, and writes them into src/fix/model/.
 * Reproducible: fixed seed, fixed sources (see README.md).
 *
 *   npx tsx services/transcribe-fix/training/train.ts [--epochs 3] [--keep 350000] [--sotu-from 1790] [--algo lr|perceptron] [--lexicon-only]
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { HASH_BITS, MAX_FEATURES, NUM_LABELS, LABELS, gapFeatures, modelWord, prepare, type Label } from '../src/fix/model/features.ts';
import { encodeWeights, type WeightTable } from '../src/fix/model/weights.ts';
import { decodeGaps } from '../src/fix/model/decode.ts';
import { readAusten, readFortunes, readMobyDick, readSotu, type Doc } from './corpus.ts';
import { buildCasingLexicon } from './casing.ts';
import { buildClusters } from './clusters.ts';

const { values: opts } = parseArgs({
  options: {
    epochs: { type: 'string', default: '3' },
    keep: { type: 'string', default: '350000' },
    'sotu-from': { type: 'string', default: '1790' },
    algo: { type: 'string', default: 'lr' },
    rate: { type: 'string', default: '0.05' },
    'lexicon-only': { type: 'boolean', default: false },
  },
});
const EPOCHS = Number(opts.epochs);
const KEEP = Number(opts.keep);
const RATE = Number(opts.rate);
const MODEL_DIR = new URL('../src/fix/model/', import.meta.url);

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function shuffle<T>(xs: T[], rand: () => number): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [xs[i], xs[j]] = [xs[j] as T, xs[i] as T];
  }
  return xs;
}

/** Feature buckets and gold label of every gap of a doc. */
function docFeatures(doc: Doc, clusters: ReadonlyMap<string, number>): { feats: Uint32Array; counts: Uint8Array; gold: Uint8Array } {
  const words = prepare(doc.map((w) => modelWord(w.word)), clusters);
  const feats = new Uint32Array(doc.length * MAX_FEATURES);
  const counts = new Uint8Array(doc.length);
  const gold = new Uint8Array(doc.length);
  const buf = new Uint32Array(MAX_FEATURES);
  for (let i = 0; i < doc.length; i++) {
    const n = gapFeatures(words, i, buf);
    feats.set(buf.subarray(0, n), i * MAX_FEATURES);
    counts[i] = n;
    gold[i] = LABELS.indexOf(doc[i]!.label);
  }
  return { feats, counts, gold };
}

function train(docs: Doc[], clusters: ReadonlyMap<string, number>, rand: () => number): WeightTable {
  const size = (1 << HASH_BITS) * NUM_LABELS;
  const w = new Float32Array(size);
  const acc = new Float64Array(size); // sum of step * update, for the averaged weights
  const prepared = docs.map((d) => docFeatures(d, clusters));
  let step = 1;
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    let errors = 0, total = 0;
    for (const d of shuffle([...prepared], rand)) {
      for (let i = 0; i < d.counts.length; i++) {
        const base = i * MAX_FEATURES, n = d.counts[i]!;
        let best = 0, bestScore = -Infinity;
        for (let k = 0; k < NUM_LABELS; k++) {
          let s = 0;
          for (let f = 0; f < n; f++) s += w[d.feats[base + f]! * NUM_LABELS + k]!;
          if (s > bestScore) { bestScore = s; best = k; }
        }
        const g = d.gold[i]!;
        if (opts.algo === 'lr') {
          // Softmax regression by averaged SGD: every gap updates, in proportion to how wrong it was.
          const rate = RATE / (1 + epoch);
          const sc = new Array<number>(NUM_LABELS);
          let z = 0;
          for (let k = 0; k < NUM_LABELS; k++) {
            let s = 0;
            for (let f = 0; f < n; f++) s += w[d.feats[base + f]! * NUM_LABELS + k]!;
            sc[k] = s;
          }
          const m = Math.max(...sc);
          for (let k = 0; k < NUM_LABELS; k++) z += (sc[k] = Math.exp(sc[k]! - m));
          for (let k = 0; k < NUM_LABELS; k++) {
            const grad = rate * ((k === g ? 1 : 0) - sc[k]! / z);
            if (Math.abs(grad) < 1e-6) continue;
            for (let f = 0; f < n; f++) {
              const o = d.feats[base + f]! * NUM_LABELS + k;
              w[o]! += grad; acc[o]! += step * grad;
            }
          }
          if (best !== g) errors++;
        } else if (best !== g) {
          errors++;
          for (let f = 0; f < n; f++) {
            const o = d.feats[base + f]! * NUM_LABELS;
            w[o + g]! += 1; acc[o + g]! += step;
            w[o + best]! -= 1; acc[o + best]! -= step;
          }
        }
        total++; step++;
      }
    }
    console.log(`epoch ${epoch + 1}: ${(100 * errors / total).toFixed(2)}% training errors on ${total} gaps`);
  }
  // Keep the strongest buckets only, quantized to int16.
  const strength = new Float32Array(1 << HASH_BITS);
  for (let b = 0; b < strength.length; b++) {
    let m = 0;
    for (let k = 0; k < NUM_LABELS; k++) {
      const o = b * NUM_LABELS + k;
      const avg = w[o]! - acc[o]! / step;
      w[o] = avg;
      m = Math.max(m, Math.abs(avg));
    }
    strength[b] = m;
  }
  const order = Array.from(strength.keys()).filter((b) => strength[b]! > 0).sort((a, b) => strength[b]! - strength[a]!);
  const kept = order.slice(0, KEEP).sort((a, b) => a - b);
  const maxAbs = strength[order[0]!]!;
  const scale = maxAbs / 32767;
  const buckets = Uint32Array.from(kept);
  const weights = new Int16Array(kept.length * NUM_LABELS);
  kept.forEach((b, j) => {
    for (let k = 0; k < NUM_LABELS; k++) weights[j * NUM_LABELS + k] = Math.round(w[b * NUM_LABELS + k]! / scale);
  });
  console.log(`kept ${kept.length} of ${order.length} non-zero buckets`);
  return { buckets, weights, scale };
}

/** Precision/recall/F1 of one label class over held-out docs, decoded as at run time. */
function evaluate(docs: Doc[], clusters: ReadonlyMap<string, number>, table: WeightTable): void {
  const c = { end: [0, 0, 0], comma: [0, 0, 0] };
  const cls = (l: Label): string => (l === '.' || l === '?' ? 'end' : l === ',' ? 'comma' : '');
  for (const doc of docs) {
    const pred = decodeGaps(prepare(doc.map((w) => modelWord(w.word)), clusters), table);
    doc.forEach((w, i) => {
      const g = cls(w.label), h = cls(pred[i]!);
      for (const k of ['end', 'comma'] as const) {
        if (g === k && h === k) c[k][0]!++;
        else if (h === k) c[k][1]!++;
        else if (g === k) c[k][2]!++;
      }
    });
  }
  for (const k of ['end', 'comma'] as const) {
    const [tp, fp, fn] = c[k] as [number, number, number];
    const p = tp / (tp + fp), r = tp / (tp + fn);
    console.log(`held-out ${k}: p=${p.toFixed(3)} r=${r.toFixed(3)} f1=${((2 * p * r) / (p + r)).toFixed(3)}`);
  }
}

const rand = rng(73);
const t0 = Date.now();
const sources = { sotu: readSotu(Number(opts['sotu-from'])), moby: readMobyDick(), fortunes: readFortunes(), austen: readAusten() };
for (const [name, docs] of Object.entries(sources)) console.log(`${name}: ${docs.length} docs, ${docs.reduce((s, d) => s + d.length, 0)} words`);
const all = shuffle(Object.values(sources).flat(), rand);
const heldOut = all.slice(0, Math.floor(all.length * 0.03));
if (!opts['lexicon-only']) {
  const clusterTable = buildClusters(all, rand);
  fs.writeFileSync(new URL('word-clusters.json', MODEL_DIR), JSON.stringify(clusterTable));
  console.log(`word-clusters.json: ${Object.keys(clusterTable).length} words (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  const clusters = new Map(Object.entries(clusterTable));
  const table = train(all.slice(heldOut.length), clusters, rand);
  evaluate(heldOut, clusters, table);
  const bin = encodeWeights(table);
  fs.writeFileSync(new URL('punct-weights.bin', MODEL_DIR), bin);
  console.log(`punct-weights.bin: ${(bin.length / 1e6).toFixed(2)} MB`);
}
const lexicon = buildCasingLexicon(all);
fs.writeFileSync(new URL('casing-lexicon.json', MODEL_DIR), JSON.stringify(lexicon));
console.log(`casing-lexicon.json: ${Object.keys(lexicon.words).length} words, ${Object.keys(lexicon.pairs).length} pairs; done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
