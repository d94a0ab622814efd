/**
 * Ridge regression (L2-regularised least squares) on a sparse design matrix, solved through the
 * normal equations with a Cholesky factorisation of the small p × p Gram matrix:
 *
 *   minimise  Σ_i (y_i − b − x_i·w)² + λ Σ_j (s_j w_j)²
 *
 * The intercept b is not penalised (the problem is solved on centred columns, then b = ȳ − μ·w).
 * With `standardize` (the default) s_j is column j's standard deviation, i.e. the penalty acts on
 * the coefficients of standardised features, so a year column (≈ 2015) and a 0/1 flag are shrunk
 * alike; without it s_j = 1 (plain ridge). Centring and scaling are folded into (b, w), so a
 * prediction is b + Σ x_ij w_j over the row's non-zeros: one sparse dot product.
 *
 * Cost: Σ_i nnz_i² for the Gram matrix plus p³/6 for the factorisation; memory p² doubles.
 * Constant columns (zero variance) get weight 0.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Csr } from './csr.js';
import type { RegressionData, Regressor } from './regressor.js';
import { secondsSince, type FitOptions } from './model.js';

export interface RidgeParams {
  /** L2 penalty λ (≥ 0) */
  lambda: number;
  /** penalise standardised coefficients (s_j = column sd) instead of raw ones */
  standardize: boolean;
}

/**
 * In-place Cholesky factorisation A = L Lᵀ of a symmetric positive-definite p × p matrix stored
 * row-major; on return the lower triangle (diagonal included) holds L, the upper one is zeroed.
 */
export function choleskyDecompose(A: Float64Array, p: number): void {
  for (let j = 0; j < p; j++) {
    let d = A[j * p + j];
    for (let k = 0; k < j; k++) d -= A[j * p + k] * A[j * p + k];
    if (!(d > 0)) throw new Error(`matrix is not positive definite (pivot ${j} = ${d})`);
    const ljj = Math.sqrt(d);
    A[j * p + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      let s = A[i * p + j];
      const ri = i * p;
      const rj = j * p;
      for (let k = 0; k < j; k++) s -= A[ri + k] * A[rj + k];
      A[ri + j] = s / ljj;
    }
    for (let k = j + 1; k < p; k++) A[j * p + k] = 0;
  }
}

/** Solves L Lᵀ x = b given the factor from `choleskyDecompose`. */
export function choleskySolve(L: Float64Array, p: number, b: ArrayLike<number>): Float64Array {
  const x = Float64Array.from(b);
  for (let i = 0; i < p; i++) {
    let s = x[i];
    for (let k = 0; k < i; k++) s -= L[i * p + k] * x[k];
    x[i] = s / L[i * p + i];
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = x[i];
    for (let k = i + 1; k < p; k++) s -= L[k * p + i] * x[k];
    x[i] = s / L[i * p + i];
  }
  return x;
}

/** Xᵀ X (dense p × p, symmetric), Xᵀ y and the column sums of a sparse X. */
export function normalEquations(X: Csr, y: ArrayLike<number>): { xtx: Float64Array; xty: Float64Array; colSums: Float64Array } {
  const p = X.nCols;
  const xtx = new Float64Array(p * p);
  const xty = new Float64Array(p);
  const colSums = new Float64Array(p);
  const { indptr, indices, values } = X;
  for (let r = 0; r < X.nRows; r++) {
    const end = indptr[r + 1];
    const yr = y[r];
    for (let a = indptr[r]; a < end; a++) {
      const ja = indices[a];
      const va = values[a];
      colSums[ja] += va;
      xty[ja] += va * yr;
      const row = ja * p;
      for (let b = indptr[r]; b < end; b++) xtx[row + indices[b]] += va * values[b];
    }
  }
  return { xtx, xty, colSums };
}

export class Ridge implements Regressor {
  readonly kind = 'ridge';
  readonly params: RidgeParams;
  intercept = 0;
  coef: Float64Array = new Float64Array(0);

  constructor(params: Partial<RidgeParams> = {}) {
    this.params = { lambda: params.lambda ?? 1, standardize: params.standardize ?? true };
    if (!(this.params.lambda >= 0)) throw new Error(`ridge lambda must be ≥ 0, got ${this.params.lambda}`);
  }

  /** A closed-form solve: one step, one thread, no randomness. */
  fit({ X, y }: RegressionData, opts: FitOptions = {}): void {
    const started = performance.now();
    const n = X.nRows;
    const p = X.nCols;
    if (y.length !== n) throw new Error(`X has ${n} rows, y ${y.length} values`);
    if (n === 0) throw new Error('ridge needs at least one row');
    const { xtx, xty, colSums } = normalEquations(X, y);
    let ySum = 0;
    for (let i = 0; i < n; i++) ySum += y[i];
    const yMean = ySum / n;
    const mean = colSums.map((s) => s / n);
    // centred Gram C = XᵀX − n μ μᵀ and centred right-hand side c = Xᵀy − n μ ȳ
    const scale = new Float64Array(p);
    const active = new Uint8Array(p);
    for (let j = 0; j < p; j++) {
      const variance = (xtx[j * p + j] - n * mean[j] * mean[j]) / n;
      // relative threshold: a constant column leaves only rounding noise after centring
      if (variance > 1e-12 * Math.max(1, (xtx[j * p + j] / n))) {
        active[j] = 1;
        scale[j] = this.params.standardize ? Math.sqrt(variance) : 1;
      } else scale[j] = 1;
    }
    const A = new Float64Array(p * p);
    const rhs = new Float64Array(p);
    for (let j = 0; j < p; j++) {
      if (!active[j]) {
        A[j * p + j] = 1; // weight 0
        continue;
      }
      for (let k = 0; k < p; k++) {
        if (!active[k]) continue;
        A[j * p + k] = (xtx[j * p + k] - n * mean[j] * mean[k]) / (scale[j] * scale[k]);
      }
      A[j * p + j] += this.params.lambda;
      rhs[j] = (xty[j] - n * mean[j] * yMean) / scale[j];
    }
    choleskyDecompose(A, p);
    const v = choleskySolve(A, p, rhs);
    const coef = new Float64Array(p);
    let intercept = yMean;
    for (let j = 0; j < p; j++) {
      if (!active[j]) continue;
      coef[j] = v[j] / scale[j];
      intercept -= mean[j] * coef[j];
    }
    this.coef = coef;
    this.intercept = intercept;
    opts.onProgress?.(0, secondsSince(started));
  }

  predictRow(indices: ArrayLike<number>, values: ArrayLike<number>): number {
    let s = this.intercept;
    for (let k = 0; k < indices.length; k++) s += this.coef[indices[k]] * values[k];
    return s;
  }

  /** `model.json` with the parameters and the weights as JSON numbers (exact round trip; p is small). */
  save(dir: string): void {
    mkdirSync(dir, { recursive: true });
    const body = { kind: this.kind, params: this.params, intercept: this.intercept, coef: Array.from(this.coef) };
    writeFileSync(join(dir, 'model.json'), JSON.stringify(body) + '\n');
  }

  static load(dir: string): Ridge {
    const body = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as { kind: string; params: RidgeParams; intercept: number; coef: number[] };
    if (body.kind !== undefined && body.kind !== 'ridge') throw new Error(`${dir} holds a ${body.kind} model, not ridge`);
    const m = new Ridge(body.params);
    m.intercept = body.intercept;
    m.coef = Float64Array.from(body.coef);
    return m;
  }
}
