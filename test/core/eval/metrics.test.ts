import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apAtK, evaluateRanking, ndcgAtK, precisionAtK, recallAtK } from '../../../src/core/eval/metrics.js';
import { perUserLeaveOut } from '../../../src/core/eval/splits.js';
import { csrFromCoo } from '../../../src/core/models/csr.js';

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} vs ${b}`);

test('ranking metrics against hand-computed values', () => {
  // recommended [10, 20, 30, 40], relevant {20, 40, 99}, k = 4: hits at ranks 2 and 4
  const recs = [10, 20, 30, 40];
  const rel = new Set([20, 40, 99]);
  close(precisionAtK(recs, rel, 4), 2 / 4);
  close(recallAtK(recs, rel, 4), 2 / 3);
  // DCG = 1/log2(3) + 1/log2(5); IDCG (3 relevant, k 4) = 1 + 1/log2(3) + 1/log2(4)
  close(ndcgAtK(recs, rel, 4), (1 / Math.log2(3) + 1 / Math.log2(5)) / (1 + 1 / Math.log2(3) + 0.5));
  // AP = (1/2 + 2/4) / min(3, 4)
  close(apAtK(recs, rel, 4), (0.5 + 0.5) / 3);
  close(ndcgAtK([20, 40, 99], rel, 3), 1);
  close(precisionAtK([], rel, 10), 0);
  const m = evaluateRanking(new Map([[0, Int32Array.from([1])], [1, Int32Array.from([2, 3])]]), 5, 2, (u) => (u === 0 ? [1, 4] : [4, 0]));
  close(m.precision, (1 / 2 + 0) / 2);
  close(m.recall, (1 + 0) / 2);
  close(m.coverage, 3 / 5); // items 1, 4, 0
  assert.equal(m.users, 2);
});

test('per-user leave-out: 20 % of each user with ≥ 5 items, deterministic, disjoint', () => {
  const rows: number[] = [];
  const cols: number[] = [];
  for (let u = 0; u < 30; u++) for (let i = 0; i < u; i++) (rows.push(u), cols.push((i * 7 + u) % 40));
  const m = csrFromCoo(30, 40, Int32Array.from(rows), Int32Array.from(cols), new Float32Array(rows.length).fill(1));
  const a = perUserLeaveOut(m, { seed: 3 });
  const b = perUserLeaveOut(m, { seed: 3 });
  assert.deepEqual(a, b);
  for (let u = 0; u < 30; u++) {
    const n = m.indptr[u + 1] - m.indptr[u];
    const held = a.test.get(u);
    if (n < 5) {
      assert.equal(held, undefined);
      continue;
    }
    assert.equal(held!.length, Math.max(1, Math.round(0.2 * n)));
    const trainItems = new Set(a.train.indices.slice(a.train.indptr[u], a.train.indptr[u + 1]));
    assert.equal(trainItems.size + held!.length, n);
    for (const i of held!) assert.ok(!trainItems.has(i));
  }
});
