/**
 * Ridge regression against hand-computed values and naive references (Cholesky on the normal
 * equations, a Gaussian-elimination solve).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Ridge, choleskyDecompose, choleskySolve } from '../../../src/core/models/ridge.js';
import { predictRows } from '../../../src/core/models/regressor.js';
import { loadModel } from '../../../src/core/models/load.js';
import { Random } from '../../../src/core/synth/random.js';
import { tempDir } from '../../helpers.js';
import { close, fromDense as csr } from './dense-fixture.js';

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
