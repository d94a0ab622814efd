import { loadArtifact, saveArtifact } from './io.js';
import { InnerProductIndex } from './mips.js';
import { clip, globalMean, normalFactors, ratingScale, ratingsCount, type RatingModel, type Ratings } from './ratings.js';
import { permutation } from '../eval/splits.js';
import { BLOCKS, sgdBlock, sgdRange, type SgdState } from './svd-kernel.js';
import { WorkerPool, threadsFor, toShared, workerUrl } from './pool.js';
import type { Scored } from './topk.js';
import { ExcludeMask, type History, type Ranker, type RecommendOptions } from './recommender.js';
import type { FitOptions } from './model.js';
import { Random } from '../synth/random.js';

export interface SvdParams {
  factors: number;
  epochs: number;
  /** SGD learning rate (biases and factors) */
  lr: number;
  /** L2 regularisation (biases and factors) */
  reg: number;
  /** standard deviation of the N(0, σ) initial factors */
  initStd: number;
  seed: number;
}

/** Surprise's SVD defaults, so figures compare with its published table. */
export const SVD_DEFAULTS: Omit<SvdParams, 'seed'> = { factors: 100, epochs: 20, lr: 0.005, reg: 0.02, initStd: 0.1 };

/**
 * Biased matrix factorisation trained by SGD (Funk; Koren, Bell & Volinsky 2009; Surprise's SVD):
 * r̂ = μ + b_u + b_i + q_i·p_u, minimising Σ (r − r̂)² + λ(b_u² + b_i² + ‖p_u‖² + ‖q_i‖²).
 * Each epoch visits the users in a seeded random order and each user's ratings in turn, so the
 * user's factors stay in cache; one seed gives the same model.
 */
export class Svd implements RatingModel, Ranker {
  readonly kind: string = 'svd';
  readonly params: SvdParams;
  mu = 0;
  bu: Float32Array = new Float32Array(0);
  bi: Float32Array = new Float32Array(0);
  P: Float32Array = new Float32Array(0);
  Q: Float32Array = new Float32Array(0);
  nUsers = 0;
  nItems = 0;
  scale: [number, number] = [0, 0];

  constructor(params: Partial<SvdParams> = {}) {
    this.params = { ...SVD_DEFAULTS, seed: 42, ...stripUndefined(params) };
  }

  /**
   * Fits by SGD on the block schedule of svd-kernel.ts: each epoch visits the users in a seeded
   * random order, block by block; with `threads` > 1 (default: the cores, for large data) the
   * independent blocks of a sub-epoch run on worker threads over shared memory, with exactly the
   * factors one thread gives.
   */
  async fit(data: Ratings, opts: FitOptions = {}): Promise<void> {
    const threads = opts.threads ?? threadsFor(ratingsCount(data));
    const onEpoch = opts.onProgress;
    if (opts.seed !== undefined) this.params.seed = opts.seed;
    const { factors: f, epochs, lr, reg, initStd, seed } = this.params;
    const rng = new Random(seed);
    this.nUsers = data.nUsers;
    this.nItems = data.nItems;
    this.mu = globalMean(data);
    this.scale = ratingScale(data);
    const layout = blockLayout(data);
    const share = <T extends Float32Array | Int32Array>(a: T): T => (threads > 1 ? toShared(a) : a);
    const state: SgdState = {
      f,
      mu: this.mu,
      lr,
      reg,
      bu: share(new Float32Array(data.nUsers)),
      bi: share(new Float32Array(data.nItems)),
      P: share(normalFactors(data.nUsers * f, initStd, rng)),
      Q: share(normalFactors(data.nItems * f, initStd, rng)),
      segPtr: share(layout.segPtr),
      segItems: share(layout.segItems),
      segValues: share(layout.segValues),
      epochUsers: share(new Int32Array(data.nUsers)),
      blockStart: share(new Int32Array(BLOCKS + 1)),
    };
    const pool = threads > 1 ? WorkerPool.start(workerUrl(import.meta.url, 'svd-worker'), Math.min(threads, BLOCKS), state) : null;
    try {
      for (let e = 0; e < epochs; e++) {
        const t = performance.now();
        orderUsers(permutation(data.nUsers, seed + 1 + e), layout.userBlock, state.epochUsers, state.blockStart);
        for (let sub = 0; sub < BLOCKS; sub++) {
          const blocks = Array.from({ length: BLOCKS }, (_, ub) => [ub, (ub + sub) % BLOCKS] as [number, number]);
          if (pool) await pool.run(Array.from({ length: pool.size }, (_, w) => ({ blocks: blocks.filter((_, b) => b % pool.size === w) })));
          else for (const [ub, ib] of blocks) sgdBlock(state, ub, ib);
        }
        onEpoch?.(e, (performance.now() - t) / 1000);
      }
    } finally {
      await pool?.stop();
    }
    // plain (not shared) arrays for saving and serving
    this.bu = Float32Array.from(state.bu);
    this.bi = Float32Array.from(state.bi);
    this.P = Float32Array.from(state.P);
    this.Q = Float32Array.from(state.Q);
    this.resetServing();
  }

  /** The search index and scratch mask follow the factors: rebuilt after a fit or a load. */
  protected resetServing(): void {
    this.index = null;
    this.mask = new ExcludeMask(this.nItems);
  }

  /** r̂ for a pair; an unknown user (-1) or item (-1) leaves out its terms. */
  predict(user: number, item: number): number {
    const f = this.params.factors;
    let est = this.mu;
    if (user >= 0 && user < this.nUsers) est += this.bu[user];
    if (item >= 0 && item < this.nItems) est += this.bi[item];
    if (user >= 0 && user < this.nUsers && item >= 0 && item < this.nItems) {
      for (let a = 0; a < f; a++) est += this.P[user * f + a] * this.Q[item * f + a];
    }
    return clip(est, this.scale);
  }

  private index: InnerProductIndex | null = null;
  private mask = new ExcludeMask(0);

  /**
   * The n items with the highest estimate for a user known in training, none of the history's or
   * `opts.exclude`'s: exact, via the norm-pruned inner-product search of b_i + q_i·p_u (μ and
   * b_u rank nothing). The scores are the clipped estimates. An unknown user gets nothing (the
   * caller decides what a cold start sees).
   */
  recommend(user: number, history: History, n: number, opts?: RecommendOptions): Scored[] {
    if (!(user >= 0 && user < this.nUsers)) return [];
    const f = this.params.factors;
    this.index ??= new InnerProductIndex(this.Q, f, this.bi);
    const p = this.P.subarray(user * f, user * f + f);
    const skip = this.mask.set(history, opts);
    try {
      return this.index.topN(p, n, skip).map((s) => ({ item: s.item, score: clip(this.mu + this.bu[user] + s.score, this.scale) }));
    } finally {
      this.mask.clear(history, opts);
    }
  }

  save(dir: string): void {
    saveArtifact(dir, { kind: this.kind, params: this.params, mu: this.mu, scale: this.scale, nUsers: this.nUsers, nItems: this.nItems }, { bu: this.bu, bi: this.bi, P: this.P, Q: this.Q });
  }

  static load(dir: string): Svd {
    const { meta, arrays } = loadArtifact(dir);
    const m = new Svd(meta.params as SvdParams);
    Object.assign(m, { mu: meta.mu, scale: meta.scale, nUsers: meta.nUsers, nItems: meta.nItems, bu: arrays.bu, bi: arrays.bi, P: arrays.P, Q: arrays.Q });
    m.resetServing();
    return m;
  }
}

/** One SGD pass over all of user u's ratings (the kernel; tested against a hand-computed step). */
export function sgdUser(m: { mu: number; bu: Float32Array; bi: Float32Array; P: Float32Array; Q: Float32Array; params: { factors: number } }, data: Ratings, u: number, lr: number, reg: number): void {
  sgdRange({ f: m.params.factors, mu: m.mu, lr, reg, bu: m.bu, bi: m.bi, P: m.P, Q: m.Q }, u, data.items, data.values, data.indptr[u], data.indptr[u + 1]);
}

export function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Users and items split into BLOCKS groups of about equal rating counts (largest first, each to
 * the lightest block), and each user's ratings regrouped by item block.
 */
function blockLayout(data: Ratings): { userBlock: Int32Array; segPtr: Int32Array; segItems: Int32Array; segValues: Float32Array } {
  const balance = (counts: Int32Array) => {
    const block = new Int32Array(counts.length);
    const load = new Float64Array(BLOCKS);
    const order = Int32Array.from({ length: counts.length }, (_, i) => i).sort((a, b) => counts[b] - counts[a] || a - b);
    for (const x of order) {
      let best = 0;
      for (let b = 1; b < BLOCKS; b++) if (load[b] < load[best]) best = b;
      block[x] = best;
      load[best] += counts[x];
    }
    return block;
  };
  const itemCounts = new Int32Array(data.nItems);
  for (let k = 0; k < ratingsCount(data); k++) itemCounts[data.items[k]]++;
  const userCounts = Int32Array.from({ length: data.nUsers }, (_, u) => data.indptr[u + 1] - data.indptr[u]);
  const itemBlock = balance(itemCounts);
  const userBlock = balance(userCounts);
  const segPtr = new Int32Array(data.nUsers * BLOCKS + 1);
  for (let u = 0; u < data.nUsers; u++) for (let k = data.indptr[u]; k < data.indptr[u + 1]; k++) segPtr[u * BLOCKS + itemBlock[data.items[k]] + 1]++;
  for (let x = 0; x < data.nUsers * BLOCKS; x++) segPtr[x + 1] += segPtr[x];
  const next = segPtr.slice(0, -1);
  const segItems = new Int32Array(ratingsCount(data));
  const segValues = new Float32Array(ratingsCount(data));
  for (let u = 0; u < data.nUsers; u++) {
    for (let k = data.indptr[u]; k < data.indptr[u + 1]; k++) {
      const p = next[u * BLOCKS + itemBlock[data.items[k]]]++;
      segItems[p] = data.items[k];
      segValues[p] = data.values[k];
    }
  }
  return { userBlock, segPtr, segItems, segValues };
}

/** This epoch's user order (a permutation) regrouped by user block, order kept within a block. */
function orderUsers(perm: Int32Array, userBlock: Int32Array, out: Int32Array, blockStart: Int32Array): void {
  blockStart.fill(0);
  for (let n = 0; n < perm.length; n++) blockStart[userBlock[perm[n]] + 1]++;
  for (let b = 0; b < BLOCKS; b++) blockStart[b + 1] += blockStart[b];
  const next = blockStart.slice(0, BLOCKS);
  for (let n = 0; n < perm.length; n++) out[next[userBlock[perm[n]]]++] = perm[n];
}
