import { test } from 'node:test';
import assert from 'node:assert/strict';
import { topForAllUsers } from '../../../src/core/models/svd-top.js';
import { Random } from '../../../src/core/synth/random.js';

test('top-k of every user = a full scan of μ + b_u + b_i + q_i·p_u over unrated, allowed items; the same with 1 or 3 threads', async () => {
  const rng = new Random(5);
  const nUsers = 300;
  const nItems = 120;
  const f = 6;
  const k = 7;
  const rand = (n: number, s: number) => Float32Array.from({ length: n }, () => (rng.next() - 0.5) * s);
  const model = { mu: 3.4, scale: [0.5, 5] as [number, number], bu: rand(nUsers, 0.6), bi: rand(nItems, 1.2), P: rand(nUsers * f, 1), Q: rand(nItems * f, 1), params: { factors: f } };
  // what each user rated: 0 to 40 random items (some users rate nearly everything allowed)
  const indptr = new Int32Array(nUsers + 1);
  const items: number[] = [];
  for (let u = 0; u < nUsers; u++) {
    const n = u % 50 === 0 ? nItems - 3 : Math.floor(rng.next() * 40);
    const chosen = new Set<number>();
    while (chosen.size < n) chosen.add(Math.floor(rng.next() * nItems));
    items.push(...[...chosen].sort((a, b) => a - b));
    indptr[u + 1] = items.length;
  }
  const rated = { nUsers, indptr, items: Int32Array.from(items) };
  const excluded = Uint8Array.from({ length: nItems }, (_, i) => (i % 17 === 0 ? 1 : 0));

  const one = await topForAllUsers(model, rated, excluded, k, 1);
  const three = await topForAllUsers(model, rated, excluded, k, 3);
  assert.deepEqual([...three.items], [...one.items]);
  assert.deepEqual([...three.scores], [...one.scores]);

  for (let u = 0; u < nUsers; u++) {
    const ratedSet = new Set(items.slice(indptr[u], indptr[u + 1]));
    const scored: { item: number; est: number }[] = [];
    for (let i = 0; i < nItems; i++) {
      if (excluded[i] || ratedSet.has(i)) continue;
      let dot = 0;
      for (let a = 0; a < f; a++) dot += model.P[u * f + a] * model.Q[i * f + a];
      scored.push({ item: i, est: model.mu + model.bu[u] + model.bi[i] + dot });
    }
    scored.sort((a, b) => b.est - a.est);
    const want = scored.slice(0, k);
    const got = [...one.items.subarray(u * k, u * k + k)];
    assert.deepEqual(got.filter((i) => i >= 0), want.map((w) => w.item), `user ${u}`);
    assert.deepEqual(got.slice(want.length), Array(k - want.length).fill(-1), `user ${u}: padding`);
    want.forEach((w, j) => assert.ok(Math.abs(one.scores[u * k + j] - Math.min(5, Math.max(0.5, w.est))) < 1e-4, `user ${u} rank ${j}`));
  }
});
