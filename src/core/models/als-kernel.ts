/**
 * The ALS row solve, apart from the class so worker threads can run it on shared memory.
 * For rows [start, end) of `m`, updates X given the fixed Y:
 * A = YᵀY + λI + Σ_i (c_i − 1) y_i y_iᵀ, b = Σ_i c_i y_i, c_i = 1 + α·value, solved by `cgSteps`
 * conjugate-gradient steps warm-started from the current row.
 */
import type { CsrArrays } from './csr.js';

export interface SolveParams {
  factors: number;
  alpha: number;
  cgSteps: number;
}

export function solveRows(p: SolveParams, m: CsrArrays, X: Float64Array, Y: Float64Array, yty: Float64Array, start: number, end: number): void {
  const { factors: f, alpha, cgSteps } = p;
  const r = new Float64Array(f);
  const d = new Float64Array(f);
  const ad = new Float64Array(f);
  const x = new Float64Array(f);
  const { indptr, indices, values } = m;
  for (let u = start; u < end; u++) {
    const base = u * f;
    for (let a = 0; a < f; a++) x[a] = X[base + a];
    // r = b − A x
    for (let a = 0; a < f; a++) {
      let s = 0;
      const row = a * f;
      for (let b = 0; b < f; b++) s += yty[row + b] * x[b];
      r[a] = -s;
    }
    for (let k = indptr[u]; k < indptr[u + 1]; k++) {
      const yi = indices[k] * f;
      const c = 1 + alpha * values[k];
      let dot = 0;
      for (let a = 0; a < f; a++) dot += Y[yi + a] * x[a];
      const w = c - (c - 1) * dot;
      for (let a = 0; a < f; a++) r[a] += w * Y[yi + a];
    }
    let rsOld = 0;
    for (let a = 0; a < f; a++) {
      d[a] = r[a];
      rsOld += r[a] * r[a];
    }
    for (let step = 0; step < cgSteps && rsOld > 1e-20; step++) {
      for (let a = 0; a < f; a++) {
        let s = 0;
        const row = a * f;
        for (let b = 0; b < f; b++) s += yty[row + b] * d[b];
        ad[a] = s;
      }
      for (let k = indptr[u]; k < indptr[u + 1]; k++) {
        const yi = indices[k] * f;
        const c = 1 + alpha * values[k];
        let dot = 0;
        for (let a = 0; a < f; a++) dot += Y[yi + a] * d[a];
        const w = (c - 1) * dot;
        for (let a = 0; a < f; a++) ad[a] += w * Y[yi + a];
      }
      let dAd = 0;
      for (let a = 0; a < f; a++) dAd += d[a] * ad[a];
      if (dAd <= 0) break;
      const stepSize = rsOld / dAd;
      let rsNew = 0;
      for (let a = 0; a < f; a++) {
        x[a] += stepSize * d[a];
        r[a] -= stepSize * ad[a];
        rsNew += r[a] * r[a];
      }
      const beta = rsNew / rsOld;
      for (let a = 0; a < f; a++) d[a] = r[a] + beta * d[a];
      rsOld = rsNew;
    }
    for (let a = 0; a < f; a++) X[base + a] = x[a];
  }
}
