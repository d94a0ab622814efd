import { nnz, transpose, type Csr, type CsrArrays } from './csr.js';
import { loadArtifact, saveArtifact } from './io.js';
import { ExcludeMask, type History, type RecommendOptions, type Recommender } from './recommender.js';
import { secondsSince, type FitOptions } from './model.js';
import { TopN, type Scored } from './topk.js';
import { InnerProductIndex } from './mips.js';
import { Random } from '../synth/random.js';
import { solveRows, type SolveParams } from './als-kernel.js';
import { WorkerPool, balancedRanges, threadsFor, toShared, workerUrl } from './pool.js';

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

  /**
   * Fits on all rows. Row solves within one side are independent given the other side, so with
   * `threads` > 1 (default: the machine's cores, for large matrices) they run in worker threads on
   * shared memory and give exactly the same factors as one thread. `onProgress` sees the factors
   * of the iteration just done (userFactors, itemFactors, score and loss are up to date).
   */
  async fit(userItems: Csr, opts: FitOptions = {}): Promise<void> {
    const threads = opts.threads ?? threadsFor(nnz(userItems));
    const onProgress = opts.onProgress;
    if (opts.seed !== undefined) this.params.seed = opts.seed;
    const { factors: f, iterations, seed } = this.params;
    this.nUsers = userItems.nRows;
    this.nItems = userItems.nCols;
    const rng = new Random(seed);
    // float64 while fitting (no float32 conversions in the hot loops), float32 once fitted;
    // shared buffers so worker threads can write their rows in place
    const shared = (n: number) => new Float64Array(new SharedArrayBuffer(n * 8));
    const X = shared(this.nUsers * f);
    const Y = shared(this.nItems * f);
    for (let k = 0; k < X.length; k++) X[k] = (rng.next() - 0.5) * 0.01;
    for (let k = 0; k < Y.length; k++) Y[k] = (rng.next() - 0.5) * 0.01;
    const itemUsers = transpose(userItems);
    const pool = threads > 1 ? SolvePool.start(threads, this.params, userItems, itemUsers, X, Y) : null;
    try {
      for (let it = 0; it < iterations; it++) {
        const started = performance.now();
        await this.solveSide('users', userItems, X, Y, pool);
        await this.solveSide('items', itemUsers, Y, X, pool);
        if (onProgress) {
          const seconds = secondsSince(started);
          this.userFactors = Float32Array.from(X);
          this.itemFactors = Float32Array.from(Y);
          this.index = null;
          onProgress(it, seconds);
        }
      }
    } finally {
      await pool?.stop();
    }
    this.userFactors = Float32Array.from(X);
    this.itemFactors = Float32Array.from(Y);
    this.mask = new ExcludeMask(this.nItems);
    this.index = null;
  }

  private async solveSide(side: 'users' | 'items', m: Csr, X: Float64Array, Y: Float64Array, pool: SolvePool | null): Promise<void> {
    const yty = gram(Y, this.params.factors, this.params.regularization);
    if (pool) await pool.solve(side, m.indptr, yty);
    else solveRows(this.params, m, X, Y, yty, 0, m.nRows);
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

  private index: InnerProductIndex | null = null;

  /** Exact top-n by x_u·y_i among items the user does not have (norm-pruned scan, see InnerProductIndex). */
  recommend(user: number, history: History, n: number, opts?: RecommendOptions): Scored[] {
    if (user < 0 || user >= this.nUsers) return [];
    const f = this.params.factors;
    this.index ??= new InnerProductIndex(this.itemFactors, f);
    const mask = this.mask.set(history, opts);
    try {
      return this.index.topN(this.userFactors.subarray(user * f, user * f + f), n, mask);
    } finally {
      this.mask.clear(history, opts);
    }
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
function gram(Y: Float32Array | Float64Array, f: number, reg: number): Float64Array {
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

/** Worker threads that each solve a balanced range of rows of the side being updated. */
class SolvePool {
  private constructor(private readonly pool: WorkerPool) {}

  static start(n: number, params: SolveParams, users: Csr, items: Csr, X: Float64Array, Y: Float64Array): SolvePool {
    const shareCsr = (m: Csr): CsrArrays => ({ indptr: toShared(m.indptr), indices: toShared(m.indices), values: toShared(m.values) });
    const init = { params: { factors: params.factors, alpha: params.alpha, cgSteps: params.cgSteps }, users: shareCsr(users), items: shareCsr(items), X, Y };
    return new SolvePool(WorkerPool.start(workerUrl(import.meta.url, 'als-worker'), n, init));
  }

  async solve(side: 'users' | 'items', indptr: Int32Array, yty: Float64Array): Promise<void> {
    const ranges = balancedRanges(indptr, this.pool.size);
    await this.pool.run(ranges.map(([start, end]) => ({ side, yty, start, end })));
  }

  stop(): Promise<void> {
    return this.pool.stop();
  }
}
