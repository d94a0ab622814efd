/**
 * The histogram gradient-boosted trees against naive references: bin edges, a stump equal to a
 * brute-force best split, determinism per seed and save/load.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GradientBoosting, binEdges, binOf } from '../../../src/core/models/gbm.js';
import { predictRows, selectRows, selectValues } from '../../../src/core/models/regressor.js';
import { loadModel } from '../../../src/core/models/load.js';
import { Random } from '../../../src/core/synth/random.js';
import { tempDir } from '../../helpers.js';
import { close, fromDense as csr } from './dense-fixture.js';

test('bins: few distinct values get a bin each, many get ≤ maxBins quantile bins; binOf agrees with the edges', () => {
  // values 1, 1, 3 with two zeros: distinct 0, 1, 3 → edges 0.5, 2
  const e = binEdges(Float32Array.from([1, 1, 3]), 2, 64);
  assert.deepEqual([...e], [0.5, 2]);
  assert.deepEqual([0, 1, 3, -1, 2.5].map((x) => binOf(x, e)), [0, 1, 2, 0, 2]);
  const many = Float32Array.from({ length: 1000 }, (_, i) => i + 1);
  const q = binEdges(many, 0, 16);
  assert.ok(q.length <= 15 && q.length >= 10, `${q.length} edges`);
  for (let i = 1; i < q.length; i++) assert.ok(q[i - 1] < q[i]);
  // every value lands in the bin whose edges surround it
  for (const x of many) {
    const b = binOf(x, q);
    if (b > 0) assert.ok(x > q[b - 1]);
    if (b < q.length) assert.ok(x <= q[b]);
  }
});

test('a boosted stump (1 tree, depth 1, rate 1) is the best single split of a brute-force search', () => {
  const rng = new Random(5);
  const n = 200;
  const rows = Array.from({ length: n }, () => [rng.int(0, 9), rng.chance(0.3) ? 1 : 0, rng.next() < 0.5 ? 0 : Math.fround(rng.next())]);
  const y = rows.map((r) => (r[0] >= 6 ? 10 : 2) + 0.1 * rng.normal());
  const X = csr(rows);
  const gbm = new GradientBoosting({ trees: 1, maxDepth: 1, learningRate: 1, lambda: 0, minLeaf: 1, subsample: 1, colsample: 1, maxBins: 255 });
  gbm.fit({ X, y });
  // brute force: every feature, every cut between distinct values, smallest squared error
  let best = { sse: Infinity, f: -1, cut: 0 };
  for (let f = 0; f < 3; f++) {
    const values = [...new Set(rows.map((r) => r[f]))].sort((a, b) => a - b);
    for (let c = 0; c + 1 < values.length; c++) {
      const left = y.filter((_, i) => rows[i][f] <= values[c]);
      const right = y.filter((_, i) => rows[i][f] > values[c]);
      const sse = (s: number[]) => {
        const m = s.reduce((a, b) => a + b, 0) / s.length;
        return s.reduce((a, b) => a + (b - m) ** 2, 0);
      };
      const total = sse(left) + sse(right);
      if (total < best.sse) best = { sse: total, f, cut: values[c] };
    }
  }
  assert.equal(best.f, 0);
  assert.equal(gbm.feature[gbm.roots[0]], 0);
  const leftMean = y.filter((_, i) => rows[i][0] <= best.cut).reduce((a, b, _, s) => a + b / s.length, 0);
  const rightMean = y.filter((_, i) => rows[i][0] > best.cut).reduce((a, b, _, s) => a + b / s.length, 0);
  const pred = predictRows(gbm, X);
  rows.forEach((r, i) => close(pred[i], r[0] <= best.cut ? leftMean : rightMean, 1e-5));
});

test('boosting: more trees fit better; deterministic per seed; save/load predicts the same', () => {
  const rng = new Random(9);
  const n = 400;
  const rows = Array.from({ length: n }, () => [rng.int(1990, 2018), rng.chance(0.2) ? 1 : 0, rng.chance(0.5) ? 1 : 0, Math.fround(rng.next() * 10)]);
  const y = rows.map((r) => Math.log1p((r[0] > 2010 ? 5 : 10) + 20 * r[1] * r[2] + r[3]) + 0.05 * rng.normal());
  const X = csr(rows);
  const mse = (m: GradientBoosting) => predictRows(m, X).reduce((a, p, i) => a + (p - y[i]) ** 2, 0) / n;
  const few = new GradientBoosting({ trees: 5, seed: 1 });
  few.fit({ X, y });
  const many = new GradientBoosting({ trees: 60, seed: 1 });
  many.fit({ X, y });
  assert.ok(mse(many) < mse(few) / 2, `${mse(many)} vs ${mse(few)}`);
  const again = new GradientBoosting({ trees: 60, seed: 1 });
  again.fit({ X, y });
  for (const k of ['roots', 'feature', 'threshold', 'left', 'right', 'value', 'importance'] as const) assert.deepEqual(again[k], many[k], k);
  const other = new GradientBoosting({ trees: 60, seed: 2 });
  other.fit({ X, y });
  assert.notDeepEqual(other.value, many.value);
  // a subset of rows through selectRows/selectValues trains the same as those rows given directly
  const idx = Int32Array.from({ length: 100 }, (_, i) => i * 4);
  const sub = new GradientBoosting({ trees: 10, seed: 3 });
  sub.fit({ X: selectRows(X, idx), y: selectValues(y, idx) });
  const direct = new GradientBoosting({ trees: 10, seed: 3 });
  direct.fit({ X: csr(Array.from(idx, (i) => rows[i])), y: Array.from(idx, (i) => y[i]) });
  assert.deepEqual(sub.value, direct.value);

  const { dir, cleanup } = tempDir();
  try {
    many.save(join(dir, 'gbm'));
    const back = loadModel(join(dir, 'gbm'), GradientBoosting);
    assert.deepEqual(predictRows(back, X), predictRows(many, X));
    // the artifact is JSON plus raw typed arrays
    assert.ok(readdirSync(join(dir, 'gbm')).includes('threshold.bin'));
    assert.equal(JSON.parse(readFileSync(join(dir, 'gbm', 'model.json'), 'utf8')).trees, 60);
  } finally {
    cleanup();
  }
});
