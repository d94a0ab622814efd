import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ItemKnn } from '../../../src/core/models/itemknn.js';
import { Popularity } from '../../../src/core/models/popularity.js';
import { historyOf } from '../../../src/core/models/recommender.js';
import { DENSE, fromDense } from './dense-fixture.js';

test('item-item cosine equals a naive dense computation; neighbours in order; threads agree', async () => {
  const knn = new ItemKnn({ k: 5 });
  await knn.fit(fromDense(DENSE));
  const threaded = new ItemKnn({ k: 5 });
  await threaded.fit(fromDense(DENSE), { threads: 2 });
  for (let i = 0; i < 6; i++) assert.deepEqual(threaded.similarItems(i, 5), knn.similarItems(i, 5));
  const col = (i: number) => DENSE.map((r) => r[i]);
  const cos = (a: number[], b: number[]) => a.reduce((s, v, k) => s + v * b[k], 0) / Math.sqrt(a.reduce((s, v) => s + v * v, 0) * b.reduce((s, v) => s + v * v, 0));
  for (let i = 0; i < 6; i++) {
    const expected = [0, 1, 2, 3, 4, 5]
      .filter((j) => j !== i)
      .map((j) => ({ item: j, score: cos(col(i), col(j)) }))
      .filter((x) => x.score > 0)
      .sort((a, b) => b.score - a.score || a.item - b.item);
    const got = knn.similarItems(i, 5);
    assert.deepEqual(got.map((g) => g.item), expected.map((e) => e.item), `item ${i}`);
    got.forEach((g, t) => assert.ok(Math.abs(g.score - expected[t].score) < 1e-6));
  }
  // item 5 is owned by nobody: no neighbours (content features are the fallback)
  assert.deepEqual(knn.similarItems(5, 5), []);
});

test('recommendations exclude what the user has; scores = Σ weight × similarity', async () => {
  const m = fromDense(DENSE);
  const knn = new ItemKnn({ k: 5 });
  await knn.fit(m);
  for (let u = 0; u < DENSE.length; u++) {
    const recs = knn.recommend(u, historyOf(m, u), 6);
    for (const r of recs) assert.equal(DENSE[u][r.item], 0, `user ${u} already has ${r.item}`);
    // naive: Σ_i w_ui · sim(i, j) over the user's items
    for (const r of recs) {
      let s = 0;
      DENSE[u].forEach((w, i) => {
        if (w) s += w * (knn.similarItems(i, 5).find((n) => n.item === r.item)?.score ?? 0);
      });
      assert.ok(Math.abs(s - r.score) < 1e-6);
    }
    for (let t = 1; t < recs.length; t++) assert.ok(recs[t - 1].score >= recs[t].score);
  }
  const pop = new Popularity();
  pop.fit(m);
  // owners per item: [3, 3, 3, 2, 2, 0]; user 0 has items 0, 1, 4
  assert.deepEqual(pop.recommend(0, historyOf(m, 0), 3).map((r) => r.item), [2, 3, 5]);
});
