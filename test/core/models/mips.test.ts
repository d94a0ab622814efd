import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InnerProductIndex } from '../../../src/core/models/mips.js';
import { Random } from '../../../src/core/synth/random.js';

/** Every item scored, sorted by score then index: the answer the pruned scan must give. */
function bruteForce(items: Float32Array, dim: number, q: Float64Array, n: number, skip?: Uint8Array) {
  const scored = [];
  for (let i = 0; i < items.length / dim; i++) {
    if (skip?.[i]) continue;
    let s = 0;
    for (let a = 0; a < dim; a++) s += q[a] * items[i * dim + a];
    scored.push({ item: i, score: s });
  }
  return scored.sort((a, b) => b.score - a.score || a.item - b.item).slice(0, n);
}

test('the norm-pruned scan returns exactly the full scan, skipped items excluded', () => {
  const rng = new Random(3);
  const dim = 8;
  const nItems = 2000;
  // popularity-like spread of norms, as factor models produce
  const items = new Float32Array(nItems * dim);
  for (let i = 0; i < nItems; i++) {
    const scale = Math.exp(rng.normal());
    for (let a = 0; a < dim; a++) items[i * dim + a] = rng.normal() * scale;
  }
  const index = new InnerProductIndex(items, dim);
  let scanned = 0;
  for (let t = 0; t < 200; t++) {
    const q = Float64Array.from({ length: dim }, () => rng.normal());
    const skip = new Uint8Array(nItems);
    for (let k = 0; k < 50; k++) skip[rng.int(0, nItems - 1)] = 1;
    const n = 1 + (t % 10);
    const got = index.topN(q, n, skip);
    const want = bruteForce(items, dim, q, n, skip);
    assert.deepEqual(got.map((g) => g.item), want.map((w) => w.item));
    got.forEach((g, k) => assert.ok(Math.abs(g.score - want[k].score) < 1e-9));
    scanned += index.lastScanned;
  }
  assert.ok(scanned / 200 < nItems / 2, `pruning looked at ${scanned / 200} of ${nItems} items per query`);
});

test('ties keep the smaller item index; negative scores still give n items', () => {
  const dim = 2;
  // items 0 and 2 tie for the best score; all scores negative for the second query
  const items = Float32Array.from([1, 0, 0, 1, 1, 0, 0.5, 0]);
  const index = new InnerProductIndex(items, dim);
  assert.deepEqual(index.topN([1, 0], 2).map((s) => s.item), [0, 2]);
  assert.deepEqual(index.topN([-1, -1], 4).map((s) => s.item), [3, 0, 2, 1].sort((a, b) => bruteOrder(a, b)));
  function bruteOrder(a: number, b: number) {
    const s = (i: number) => -items[i * 2] - items[i * 2 + 1];
    return s(b) - s(a) || a - b;
  }
});

test('with a per-item bias: exactly the full scan of b_i + q·y_i, for queries of any norm', () => {
  const rng = new Random(11);
  const dim = 6;
  const nItems = 1500;
  const items = new Float32Array(nItems * dim);
  const bias = new Float32Array(nItems);
  for (let i = 0; i < nItems; i++) {
    const scale = Math.exp(rng.normal());
    bias[i] = rng.normal() * 0.5;
    for (let a = 0; a < dim; a++) items[i * dim + a] = rng.normal() * scale * 0.3;
  }
  const index = new InnerProductIndex(items, dim, bias);
  let scanned = 0;
  for (let t = 0; t < 300; t++) {
    const norm = [0, 0.01, 0.3, 1, 5][t % 5];
    const q = Float64Array.from({ length: dim }, () => rng.normal() * norm);
    const skip = new Uint8Array(nItems);
    for (let k = 0; k < 30; k++) skip[rng.int(0, nItems - 1)] = 1;
    const n = 1 + (t % 7);
    const want = bruteForce(items, dim, q, nItems, skip)
      .map((w) => ({ item: w.item, score: w.score + bias[w.item] }))
      .sort((a, b) => b.score - a.score || a.item - b.item)
      .slice(0, n);
    const got = index.topN(q, n, skip);
    assert.deepEqual(got.map((g) => g.item), want.map((w) => w.item), `query ${t} (norm ${norm})`);
    scanned += index.lastScanned;
  }
  assert.ok(scanned / 300 < nItems * 0.8, `looked at ${scanned / 300} of ${nItems} items per query`);
});
