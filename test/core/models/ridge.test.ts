/**
 * The regression kernels against hand-computed values and naive references: ridge (Cholesky on
 * the normal equations) and the histogram gradient-boosted trees.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { csrFromCoo, type Csr } from '../../../src/core/models/csr.js';
import { Ridge, choleskyDecompose, choleskySolve } from '../../../src/core/models/ridge.js';
import { GradientBoosting, binEdges, binOf } from '../../../src/core/models/gbm.js';
import { predictRows, selectRows, selectValues } from '../../../src/core/models/regressor.js';
import { loadModel } from '../../../src/core/models/load.js';
import { Random } from '../../../src/core/synth/random.js';
import { tempDir } from '../../helpers.js';

const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

/** CSR from dense rows (zeros left out). */
function csr(rows: number[][]): Csr {
  const r: number[] = [];
  const c: number[] = [];
  const v: number[] = [];
  rows.forEach((row, i) => row.forEach((x, j) => x !== 0 && (r.push(i), c.push(j), v.push(x))));
  return csrFromCoo(rows.length, rows[0].length, Int32Array.from(r), Int32Array.from(c), Float32Array.from(v));
}

/** Gaussian elimination with partial pivoting: the naive reference for A x = b. */
function gaussSolve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(M[i][k]) > Math.abs(M[p][k])) p = i;
    [M[k], M[p]] = [M[p], M[k]];
    for (let i = k + 1; i < n; i++) {
      const f = M[i][k] / M[k][k];
      for (let j = k; j <= n; j++) M[i][j] -= f * M[k][j];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = M[i][n];
    for (let j = i + 1; j < n; j++) s -= M[i][j] * x[j];
    x[i] = s / M[i][i];
  }
  return x;
}

test('Cholesky: a hand-factored 2 × 2 and a solve', () => {
  // [[4, 2], [2, 3]] = L Lᵀ with L = [[2, 0], [1, √2]]
  const A = Float64Array.from([4, 2, 2, 3]);
  choleskyDecompose(A, 2);
  close(A[0], 2);
  close(A[1], 0);
  close(A[2], 1);
  close(A[3], Math.SQRT2);
  // 4x + 2y = 8, 2x + 3y = 8 → x = 1, y = 2
  const x = choleskySolve(A, 2, [8, 8]);
  close(x[0], 1);
  close(x[1], 2);
  assert.throws(() => choleskyDecompose(Float64Array.from([1, 2, 2, 1]), 2), /not positive definite/);
});

test('ridge on a tiny system, by hand: OLS, plain ridge and standardised ridge', () => {
  // x = 1, 2, 3; y = 1, 2, 2: x̄ = 2, ȳ = 5/3, Sxy = 1, Sxx = 2
  const X = csr([[1], [2], [3]]);
  const y = [1, 2, 2];
  const ols = new Ridge({ lambda: 0, standardize: false });
  ols.fit({ X, y });
  close(ols.coef[0], 0.5); // Sxy / Sxx
  close(ols.intercept, 5 / 3 - 1);
  const plain = new Ridge({ lambda: 1, standardize: false });
  plain.fit({ X, y });
  close(plain.coef[0], 1 / 3); // Sxy / (Sxx + λ)
  close(plain.intercept, 1); // ȳ − x̄ w
  // standardised: penalty λ (s w)², s² = Sxx / n = 2/3 → w = Sxy / (Sxx + λ s²) = 3/8
  const std = new Ridge({ lambda: 1 });
  std.fit({ X, y });
  close(std.coef[0], 3 / 8);
  close(std.intercept, 5 / 3 - 2 * (3 / 8));
  close(std.predictRow([0], [4]), 5 / 3 + 2 * (3 / 8));
  close(std.predictRow([], []), std.intercept); // an all-zero row
});

test('ridge matches the closed form (ZᵀZ + λI)⁻¹ Zᵀ(y − ȳ) on standardised columns; constant columns get 0', () => {
  const rng = new Random(11);
  const n = 60;
  const p = 6;
  const rows = Array.from({ length: n }, () =>
    Array.from({ length: p }, (_, j) => (j === 5 ? 3 : rng.chance(0.5) ? Math.fround(rng.int(-5, 5) + rng.next()) : 0)),
  );
  const y = rows.map((r) => 2 * r[0] - r[1] + 0.5 * r[3] + rng.normal());
  const X = csr(rows);
  const lambda = 2.5;
  const model = new Ridge({ lambda });
  model.fit({ X, y });

  // naive reference on the 5 non-constant columns (column 5 is always 3)
  const cols = [0, 1, 2, 3, 4];
  const mean = cols.map((j) => rows.reduce((a, r) => a + r[j], 0) / n);
  const sd = cols.map((j, k) => Math.sqrt(rows.reduce((a, r) => a + (r[j] - mean[k]) ** 2, 0) / n));
  const Z = rows.map((r) => cols.map((j, k) => (r[j] - mean[k]) / sd[k]));
  const yMean = y.reduce((a, b) => a + b, 0) / n;
  const A = cols.map((_, a) => cols.map((_, b) => Z.reduce((s, z) => s + z[a] * z[b], 0) + (a === b ? lambda : 0)));
  const rhs = cols.map((_, a) => Z.reduce((s, z, i) => s + z[a] * (y[i] - yMean), 0));
  const v = gaussSolve(A, rhs);
  const w = v.map((x, k) => x / sd[k]);
  cols.forEach((j, k) => close(model.coef[j], w[k], 1e-8));
  assert.equal(model.coef[5], 0);
  close(model.intercept, yMean - mean.reduce((a, m, k) => a + m * w[k], 0), 1e-8);
  const pred = predictRows(model, X);
  rows.forEach((r, i) => close(pred[i], model.intercept + r.reduce((a, x, j) => a + x * model.coef[j], 0), 1e-8));

  // save / load: the same weights exactly
  const { dir, cleanup } = tempDir();
  try {
    model.save(join(dir, 'ridge'));
    const back = loadModel(join(dir, 'ridge'), Ridge);
    assert.deepEqual(back.coef, model.coef);
    assert.equal(back.intercept, model.intercept);
    assert.deepEqual(back.params, model.params);
  } finally {
    cleanup();
  }
});

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
