/**
 * One interface for the regression models (ridge, gradient-boosted trees): they learn from a
 * sparse design matrix (rows = samples, columns = features, in CSR on typed arrays) and a target,
 * and predict one sparse row at a time, so serving a request is a dot product or a tree walk.
 */
import type { Csr } from './csr.js';
import type { Model } from './model.js';

/** What a regressor learns from: the design matrix and the target of each of its rows. */
export interface RegressionData {
  X: Csr;
  y: ArrayLike<number>;
}

export interface Regressor extends Model<RegressionData> {
  /** prediction for one sparse row: columns `indices` (any order, no repeats) with `values` */
  predictRow(indices: ArrayLike<number>, values: ArrayLike<number>): number;
}

/** Predictions for every row of X. */
export function predictRows(model: Regressor, X: Csr): Float64Array {
  const out = new Float64Array(X.nRows);
  for (let r = 0; r < X.nRows; r++) {
    const start = X.indptr[r];
    const end = X.indptr[r + 1];
    out[r] = model.predictRow(X.indices.subarray(start, end), X.values.subarray(start, end));
  }
  return out;
}

/** The rows `rows` of X, in that order, as a new CSR (for train/test splits). */
export function selectRows(X: Csr, rows: ArrayLike<number>): Csr {
  let nnz = 0;
  for (let i = 0; i < rows.length; i++) nnz += X.indptr[rows[i] + 1] - X.indptr[rows[i]];
  const indptr = new Int32Array(rows.length + 1);
  const indices = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  let p = 0;
  for (let i = 0; i < rows.length; i++) {
    const start = X.indptr[rows[i]];
    const end = X.indptr[rows[i] + 1];
    indices.set(X.indices.subarray(start, end), p);
    values.set(X.values.subarray(start, end), p);
    p += end - start;
    indptr[i + 1] = p;
  }
  return { nRows: rows.length, nCols: X.nCols, indptr, indices, values };
}

/** The values of `y` at `rows`. */
export function selectValues(y: ArrayLike<number>, rows: ArrayLike<number>): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = y[rows[i]];
  return out;
}
