import { transpose, type Csr } from './csr.js';
import { loadArtifact, saveArtifact } from './io.js';
import { ExcludeMask, type RecommendOptions, type Recommender } from './recommender.js';
import { TopN, type Scored } from './topk.js';
import { Random } from '../synth/random.js';

export interface AlsParams {
  factors: number;
  iterations: number;
  /** L2 regularisation */
  regularization: number;
  /** confidence c = 1 + alpha · value */
  alpha: number;
  /** conjugate-gradient steps per row solve */
  cgSteps: number;
  seed: number;
}

/**
 * Implicit-feedback matrix factorisation (Hu, Koren & Volinsky 2008): minimise
 * Σ_{u,i} c_ui (p_ui − x_u·y_i)² + λ(‖X‖² + ‖Y‖²) with p = 1 for observed pairs, c = 1 + α·value,
 * alternating user and item solves. Each row is solved by a few conjugate-gradient steps warm-
 * started from its previous value (Takács et al.), which costs O(F² + n_u·F) per step instead of
 * building and inverting an F×F system per row.
 */
export class Als implements Recommender {
  readonly kind = 'als';
  readonly params: AlsParams;
  userFactors: Float32Array = new Float32Array(0);
  itemFactors: Float32Array = new Float32Array(0);
  nUsers = 0;
  nItems = 0;
  private mask = new ExcludeMask(0);

  constructor(params: Partial<AlsParams> = {}) {
    this.params = {
      factors: params.factors ?? 32,
      iterations: params.iterations ?? 10,
      regularization: params.regularization ?? 0.05,
      alpha: params.alpha ?? 2,
      cgSteps: params.cgSteps ?? 3,
      seed: params.seed ?? 42,
    };
  }

  fit(userItems: Csr, onIteration?: (iteration: number) => void): void {
    const { factors: f, iterations, seed } = this.params;
    this.nUsers = userItems.nRows;
    this.nItems = userItems.nCols;
    const rng = new Random(seed);
    const init = (n: number) => Float32Array.from({ length: n * f }, () => (rng.next() - 0.5) * 0.01);
    this.userFactors = init(this.nUsers);
    this.itemFactors = init(this.nItems);
    const itemUsers = transpose(userItems);
    for (let it = 0; it < iterations; it++) {
      this.solveSide(userItems, this.userFactors, this.itemFactors);
      this.solveSide(itemUsers, this.itemFactors, this.userFactors);
      onIteration?.(it);
    }
    this.mask = new ExcludeMask(this.nItems);
  }

  /** Updates every row of X given the fixed factors Y, for the rows of `m` (X's side). */
  private solveSide(m: Csr, X: Float32Array, Y: Float32Array): void {
    const { factors: f, regularization: reg, alpha, cgSteps } = this.params;
    const yty = gram(Y, f, reg);
    const r = new Float64Array(f);
    const p = new Float64Array(f);
    const ap = new Float64Array(f);
    const x = new Float64Array(f);
    const { indptr, indices, values } = m;
    for (let u = 0; u < m.nRows; u++) {
      const base = u * f;
      for (let a = 0; a < f; a++) x[a] = X[base + a];
      // r = b − A x, with A = YᵀY + λI + Σ_i (c_i − 1) y_i y_iᵀ and b = Σ_i c_i y_i
      for (let a = 0; a < f; a++) {
        let s = 0;
        for (let b = 0; b < f; b++) s += yty[a * f + b] * x[b];
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
        p[a] = r[a];
        rsOld += r[a] * r[a];
      }
      for (let step = 0; step < cgSteps && rsOld > 1e-20; step++) {
        for (let a = 0; a < f; a++) {
          let s = 0;
          for (let b = 0; b < f; b++) s += yty[a * f + b] * p[b];
          ap[a] = s;
        }
        for (let k = indptr[u]; k < indptr[u + 1]; k++) {
          const yi = indices[k] * f;
          const c = 1 + alpha * values[k];
          let dot = 0;
          for (let a = 0; a < f; a++) dot += Y[yi + a] * p[a];
          const w = (c - 1) * dot;
          for (let a = 0; a < f; a++) ap[a] += w * Y[yi + a];
        }
        let pAp = 0;
        for (let a = 0; a < f; a++) pAp += p[a] * ap[a];
        if (pAp <= 0) break;
        const stepSize = rsOld / pAp;
        let rsNew = 0;
        for (let a = 0; a < f; a++) {
          x[a] += stepSize * p[a];
          r[a] -= stepSize * ap[a];
          rsNew += r[a] * r[a];
        }
        const beta = rsNew / rsOld;
        for (let a = 0; a < f; a++) p[a] = r[a] + beta * p[a];
        rsOld = rsNew;
      }
      for (let a = 0; a < f; a++) X[base + a] = x[a];
    }
  }

  /** The objective being minimised (for tests and monitoring), computed without a dense matrix. */
  loss(userItems: Csr): number {
    const { factors: f, regularization: reg, alpha } = this.params;
    const X = this.userFactors;
    const Y = this.itemFactors;
    // Σ over all pairs of (x·y)² = Σ_ab (XᵀX)_ab (YᵀY)_ab
    const xtx = gram(X, f, 0);
    const yty = gram(Y, f, 0);
    let loss = 0;
    for (let a = 0; a < f * f; a++) loss += xtx[a] * yty[a];
    // observed pairs: replace (0 − s)² by c(1 − s)²
    for (let u = 0; u < userItems.nRows; u++) {
      for (let k = userItems.indptr[u]; k < userItems.indptr[u + 1]; k++) {
        const i = userItems.indices[k];
        let s = 0;
        for (let a = 0; a < f; a++) s += X[u * f + a] * Y[i * f + a];
        const c = 1 + alpha * userItems.values[k];
        loss += c * (1 - s) * (1 - s) - s * s;
      }
    }
    let norms = 0;
    for (const v of X) norms += v * v;
    for (const v of Y) norms += v * v;
    return loss + reg * norms;
  }

  score(user: number, item: number): number {
    const f = this.params.factors;
    let s = 0;
    for (let a = 0; a < f; a++) s += this.userFactors[user * f + a] * this.itemFactors[item * f + a];
    return s;
  }

  recommend(user: number, n: number, opts?: RecommendOptions): Scored[] {
    if (user < 0 || user >= this.nUsers) return [];
    const f = this.params.factors;
    const X = this.userFactors;
    const Y = this.itemFactors;
    const mask = this.mask.set(opts);
    const top = new TopN(n);
    const xu = X.subarray(user * f, user * f + f);
    for (let i = 0; i < this.nItems; i++) {
      if (mask[i]) continue;
      let s = 0;
      const yi = i * f;
      for (let a = 0; a < f; a++) s += xu[a] * Y[yi + a];
      top.push(i, s);
    }
    this.mask.clear(opts);
    return top.result();
  }

  /** Items nearest in factor space (cosine), for "games like this one" from the same model. */
  similarItems(item: number, n: number): Scored[] {
    if (item < 0 || item >= this.nItems) return [];
    const f = this.params.factors;
    const Y = this.itemFactors;
    const norm = (i: number) => Math.sqrt(Y.subarray(i * f, i * f + f).reduce((s, v) => s + v * v, 0)) || 1;
    const ni = norm(item);
    const top = new TopN(n);
    for (let j = 0; j < this.nItems; j++) {
      if (j === item) continue;
      let s = 0;
      for (let a = 0; a < f; a++) s += Y[item * f + a] * Y[j * f + a];
      top.push(j, s / (ni * norm(j)));
    }
    return top.result();
  }

  save(dir: string): void {
    saveArtifact(dir, { kind: this.kind, params: this.params, nUsers: this.nUsers, nItems: this.nItems }, { userFactors: this.userFactors, itemFactors: this.itemFactors });
  }

  static load(dir: string): Als {
    const { meta, arrays } = loadArtifact(dir);
    const m = new Als(meta.params as AlsParams);
    m.nUsers = meta.nUsers as number;
    m.nItems = meta.nItems as number;
    m.userFactors = arrays.userFactors as Float32Array;
    m.itemFactors = arrays.itemFactors as Float32Array;
    m.mask = new ExcludeMask(m.nItems);
    return m;
  }
}

/** YᵀY + λI (F×F, row-major) of a row-major factor matrix. */
function gram(Y: Float32Array, f: number, reg: number): Float64Array {
  const g = new Float64Array(f * f);
  const n = Y.length / f;
  for (let i = 0; i < n; i++) {
    const yi = i * f;
    for (let a = 0; a < f; a++) {
      const ya = Y[yi + a];
      if (ya === 0) continue;
      for (let b = a; b < f; b++) g[a * f + b] += ya * Y[yi + b];
    }
  }
  for (let a = 0; a < f; a++) {
    for (let b = 0; b < a; b++) g[a * f + b] = g[b * f + a];
    g[a * f + a] += reg;
  }
  return g;
}
