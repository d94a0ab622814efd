import { loadArtifact, saveArtifact } from './io.js';
import { clip, ratingScale, ratingsCount, type RatingModel, type Ratings } from './ratings.js';
import { identityBlock, initState, makeBlock, factorPerKey, linearPerKey, predictRows, sweep, type Block, type FmState } from './bayes-fm-kernel.js';
import { availableParallelism } from 'node:os';
import { WorkerPool, toShared, workerUrl } from './pool.js';
import { mixSeed, Random } from '../synth/random.js';

export interface BayesFmParams {
  /** factors per feature */
  rank: number;
  /** Gibbs sweeps in all, the first `burnIn` discarded */
  sweeps: number;
  burnIn: number;
  /** standard deviation of the N(0, σ) initial factors */
  initStd: number;
  /** implicit features: the items each user rated (1/√n) and the users who rated each item (1/√m) */
  implicit: boolean;
  /** a time feature: the rating's time bin (days since the first training rating / timeBinDays), when timestamps are given */
  time: boolean;
  timeBinDays: number;
  seed: number;
}

export const BAYES_FM_DEFAULTS: Omit<BayesFmParams, 'seed'> = { rank: 10, sweeps: 400, burnIn: 50, initStd: 0.1, implicit: true, time: true, timeBinDays: 1 };
/** Pure Bayesian matrix factorisation (user and item ids only): BPMF as a factorisation machine. */
export const BAYES_MF_DEFAULTS: Omit<BayesFmParams, 'seed'> = { ...BAYES_FM_DEFAULTS, implicit: false, time: false };

/** Ratings with, optionally, the day (Unix days) of each rating, aligned with `items`/`values`; −1 when unknown. */
export interface TimedRatings extends Ratings {
  days?: Int32Array;
}

export interface FitOptions {
  threads?: number;
  seed?: number;
  onProgress?: (sweep: number, seconds: number) => void;
  /** memory for the stored sweeps, in floats (default MAX_STORED_FLOATS) */
  maxStoredFloats?: number;
  /** start every chain from this point estimate instead of random factors (see WarmStart) */
  warmStart?: WarmStart;
}

/**
 * A biased matrix factorisation μ + b_u + b_i + p_u·q_i of the same rank (e.g. an SGD SVD), to start
 * the chains from, as Salakhutdinov and Mnih start BPMF from the MAP estimate: on millions of
 * ratings a chain from small random factors needs many sweeps to reach the posterior's bulk
 * (its RMSE still falls by ~0.007 a sweep after 8), and each sweep costs seconds. The user and
 * item ids take the biases and factors; every other feature (implicit, time) starts at 0, so
 * the starting ŷ is the factorisation's.
 */
export interface WarmStart {
  mu: number;
  bu: Float32Array;
  bi: Float32Array;
  /** rank values per user and per item, row-major */
  P: Float32Array;
  Q: Float32Array;
}

/** The days of triplets regrouped by user in the order ratingsFromTriplets gives (a stable counting sort). */
export function daysByUser(nUsers: number, users: Int32Array, days: Int32Array): Int32Array {
  const start = new Int32Array(nUsers + 1);
  for (let r = 0; r < users.length; r++) start[users[r] + 1]++;
  for (let u = 0; u < nUsers; u++) start[u + 1] += start[u];
  const out = new Int32Array(users.length);
  for (let r = 0; r < users.length; r++) out[start[users[r]]++] = days[r];
  return out;
}

/** The ratings in shared memory, so that worker chains read them instead of each holding a copy. */
export function shareRatings(data: TimedRatings): TimedRatings {
  const share = <T extends Int32Array | Float32Array>(a: T): T => (a.buffer instanceof SharedArrayBuffer ? a : toShared(a));
  return { ...data, indptr: share(data.indptr), items: share(data.items), values: share(data.values), ...(data.days ? { days: share(data.days) } : {}) };
}

/** The ratings as float64 in shared memory: one copy for every chain. */
function sharedValues(data: TimedRatings): Float64Array {
  const n = ratingsCount(data);
  const y = new Float64Array(new SharedArrayBuffer(n * 8));
  for (let r = 0; r < n; r++) y[r] = data.values[r];
  return y;
}

/** Key spaces a prediction looks up: each block belongs to one. */
const USER = 0;
const ITEM = 1;
const TIME = 2;

export interface Design {
  blocks: Block[];
  space: number[];
  nTimeBins: number;
  day0: number;
}

/**
 * The relation blocks of the training ratings: one per key space. The user's block holds the
 * user's id and (implicit) the items the user rated; the item's, its id and the users who rated
 * it; the time block, the rating's time bin. Each kind of feature has its own prior group.
 */
export function design(data: TimedRatings, p: BayesFmParams): Design {
  const n = ratingsCount(data);
  const userOf = new Int32Array(n);
  for (let u = 0; u < data.nUsers; u++) userOf.fill(u, data.indptr[u], data.indptr[u + 1]);
  const [gUser, gItem, gRated, gRaters, gTime] = p.implicit ? [0, 1, 2, 3, 4] : [0, 1, -1, -1, 2];
  const blocks: Block[] = [keyBlock(userOf, data.nUsers, data.items, data.nItems, gUser, gRated), keyBlock(data.items, data.nItems, userOf, data.nUsers, gItem, gRaters)];
  const space = [USER, ITEM];
  const { nTimeBins, day0 } = timeBins(data, p);
  const days = data.days;
  if (nTimeBins && days) {
    const key = Int32Array.from(days, (d) => (d >= 0 ? Math.floor((d - day0) / p.timeBinDays) : -1));
    blocks.push(identityBlock(key, nTimeBins, gTime));
    space.push(TIME);
  }
  return { blocks, space, nTimeBins, day0 };
}

/** The time bins of the training days (none without the time feature or without days). */
export function timeBins(data: TimedRatings, p: BayesFmParams): { nTimeBins: number; day0: number } {
  const days = data.days;
  if (!(p.time && days && days.some((d) => d >= 0))) return { nTimeBins: 0, day0: 0 };
  let day0 = Infinity;
  let last = -Infinity;
  for (const d of days) if (d >= 0) [day0, last] = [Math.min(day0, d), Math.max(last, d)];
  return { nTimeBins: Math.floor((last - day0) / p.timeBinDays) + 1, day0 };
}

/**
 * The design with every array in shared memory, built once for all chains: the blocks are only
 * read while sampling, and on millions of ratings a copy per chain (~55 bytes a rating) would
 * not fit in memory beside each chain's own state (~40 bytes a rating).
 */
export function sharedDesign(data: TimedRatings, p: BayesFmParams): Design {
  const d = design(data, p);
  const blocks = d.blocks.map((B) => {
    const out = { ...B };
    for (const [name, a] of Object.entries(B)) if (ArrayBuffer.isView(a)) (out as Record<string, unknown>)[name] = toShared(a as Int32Array | Float64Array);
    return out as Block;
  });
  return { ...d, blocks };
}

/**
 * Key a's features: its id (a, group `idGroup`), and with `implGroup` ≥ 0 the b's it co-occurs
 * with (nA + b, each once, valued 1/√(their number): the items a user rated, the users who rated
 * an item).
 */
function keyBlock(rowA: Int32Array, nA: number, rowB: Int32Array, nB: number, idGroup: number, implGroup: number): Block {
  const sets: number[][] = Array.from({ length: nA }, () => []);
  if (implGroup >= 0) {
    for (let r = 0; r < rowA.length; r++) sets[rowA[r]].push(rowB[r]);
    for (let a = 0; a < nA; a++) sets[a] = [...new Set(sets[a])].sort((x, y) => x - y);
  }
  const indptr = new Int32Array(nA + 1);
  for (let a = 0; a < nA; a++) indptr[a + 1] = indptr[a] + 1 + sets[a].length;
  const feat = new Int32Array(indptr[nA]);
  const val = new Float64Array(indptr[nA]);
  for (let a = 0; a < nA; a++) {
    const s = sets[a];
    const z = s.length ? 1 / Math.sqrt(s.length) : 0;
    feat[indptr[a]] = a;
    val[indptr[a]] = 1;
    for (let j = 0; j < s.length; j++) {
      feat[indptr[a] + 1 + j] = nA + s[j];
      val[indptr[a] + 1 + j] = z;
    }
  }
  const nFeatures = implGroup >= 0 ? nA + nB : nA;
  const featGroup = new Int32Array(nFeatures).fill(implGroup);
  featGroup.fill(idGroup, 0, nA);
  return makeBlock(rowA, nA, nFeatures, indptr, feat, val, featGroup);
}

/** What a chain needs: the data, the parameters, and where its kept sweeps go. */
export interface ChainInit {
  data: TimedRatings;
  params: BayesFmParams;
  seed: number;
  keepPerChain: number;
  /** of the kept sweeps, every `thin`-th is stored (1 unless storing all would pass MAX_STORED_FLOATS) */
  thin: number;
  /** floats per kept sweep: (rank + 1) per user, item and time bin */
  stride: number;
  w0s: Float32Array;
  samples: Float32Array;
  /** the relation blocks, built once in shared memory for every chain (else each chain builds its own) */
  design?: Design;
  warmStart?: WarmStart;
  /** the ratings as float64, shared by the chains (only read) */
  y?: Float64Array;
}

/**
 * Floats of stored sweeps at most (256 MB): a small data set such as MovieLens-100k keeps every
 * kept sweep; on millions of ratings every few sweeps are stored instead, and the rest only move the chain.
 */
export const MAX_STORED_FLOATS = 64 * 2 ** 20;

/** Runs chain c (burn-in, then keepPerChain sweeps, every thin-th stored in its slice of the output); returns its last α. */
export function runChain(init: ChainInit, c: number, onProgress?: (sweep: number, seconds: number) => void): number {
  const { data, params: p, keepPerChain, thin } = init;
  const stored = Math.ceil(keepPerChain / thin);
  const rng = new Random(c === 0 ? init.seed : mixSeed(init.seed, c));
  const d = init.design ?? design(data, p);
  const y = init.y ?? Float64Array.from(data.values.subarray(0, ratingsCount(data)));
  const s = initState(y, d.blocks, p.rank, p.initStd, rng);
  if (init.warmStart) startFrom(s, init.warmStart);
  const offsets = [0, data.nUsers, data.nUsers + data.nItems];
  for (let it = 0; it < p.burnIn + keepPerChain; it++) {
    const t = performance.now();
    sweep(s, rng);
    const kept = it - p.burnIn;
    if (kept >= 0 && kept % thin === 0) snapshot(s, d, offsets, init, c * stored + kept / thin);
    onProgress?.(it, (performance.now() - t) / 1000);
  }
  return s.alpha;
}

/** Sets the state to a factorisation's point (user and item ids; every other feature 0) and the residuals to match. */
export function startFrom(s: FmState, start: WarmStart): void {
  const k = s.k;
  s.w0 = start.mu;
  s.w.forEach((w) => w.fill(0));
  s.V.forEach((V) => V.fill(0));
  const ids: [number, Float32Array, Float32Array][] = [
    [0, start.bu, start.P],
    [1, start.bi, start.Q],
  ];
  for (const [g, bias, F] of ids) {
    if (F.length !== bias.length * k) throw new Error(`the warm start has ${F.length / bias.length} factors, the model's rank is ${k}`);
    s.w[g].set(bias);
    for (let a = 0; a < bias.length * k; a++) s.V[g][a] = F[a];
  }
  const yhat = predictRows(s);
  for (let r = 0; r < s.e.length; r++) s.e[r] = s.y[r] - yhat[r];
}

/** Stores kept sweep j's w0 and per-key vectors and scalars. */
function snapshot(s: FmState, d: Design, offsets: number[], out: ChainInit, j: number): void {
  const k = s.k;
  const base = j * out.stride;
  out.w0s[j] = s.w0;
  const samples = out.samples;
  for (let g = 0; g < s.blocks.length; g++) {
    const B = s.blocks[g];
    const at = (b: number) => base + (offsets[d.space[g]] + b) * (k + 1);
    const L = linearPerKey(B, s.w[g]);
    for (let b = 0; b < B.nKeys; b++) samples[at(b) + k] += L[b];
    for (let f = 0; f < k; f++) {
      const { qB, SB } = factorPerKey(B, s.V[g], k, f);
      for (let b = 0; b < B.nKeys; b++) {
        samples[at(b) + f] += qB[b];
        samples[at(b) + k] -= 0.5 * SB[b];
      }
    }
  }
}

/**
 * A Bayesian factorisation machine fitted by Gibbs sampling (Rendle's MCMC, as in libFM), over
 * relation blocks: the user and the item (ids), the items the user rated and the users who
 * rated the item (SVD++-style implicit features, 1/√n each), and the rating's day. Priors on
 * every group's weights and factors are sampled too, so nothing is tuned but the rank and the
 * number of sweeps. The prediction is the average over the kept sweeps of each sweep's ŷ: the
 * posterior mean, not one point estimate.
 *
 * For prediction each kept sweep stores, per user, item and time bin, the sum of its blocks'
 * factor vectors and its scalar part (Σ w x − ½ Σ v² x²), from which ŷ of any (user, item, day)
 * is w0 + Σ scalars + ½‖Σ vectors‖²: (rank + 1) numbers per key per kept sweep.
 */
export class BayesFm implements RatingModel {
  readonly kind: string;
  params: BayesFmParams;
  scale: [number, number] = [0, 0];
  nUsers = 0;
  nItems = 0;
  nTimeBins = 0;
  day0 = 0;
  /** per kept sweep: w0, and the per-key vectors and scalars of every key space */
  w0s: Float32Array = new Float32Array(0);
  samples: Float32Array = new Float32Array(0);
  /** the training residual's noise precision α of the last sweep (for reports) */
  lastAlpha = 0;
  /** chains the kept sweeps come from, stored chain after chain in equal numbers */
  chains = 1;
  /** 'sweeps': every stored sweep; 'chain means': one summary per chain (see posteriorMeans) */
  summary: 'sweeps' | 'chain means' = 'sweeps';

  constructor(params: Partial<BayesFmParams> = {}, kind = 'bayes_fm') {
    const defaults = kind === 'bayes_mf' ? BAYES_MF_DEFAULTS : BAYES_FM_DEFAULTS;
    this.kind = kind;
    this.params = { ...defaults, seed: 42, ...Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)) };
    if (this.params.burnIn >= this.params.sweeps) throw new Error(`burn-in (${this.params.burnIn}) must be fewer than the sweeps (${this.params.sweeps})`);
  }

  get kept(): number {
    return this.w0s.length;
  }

  get stride(): number {
    return (this.nUsers + this.nItems + this.nTimeBins) * (this.params.rank + 1);
  }

  /**
   * Samples the posterior with `threads` independent chains (default: the cores, at most 4),
   * each with its own burn-in and an equal share of the kept sweeps; chain 0 runs here (its
   * progress reported), the others on worker threads. Chain c is seeded from (seed, c), so the
   * same seed and thread count give the same model; one thread gives the single chain.
   */
  async fit(data: TimedRatings, opts: FitOptions | ((sweep: number, seconds: number) => void) = {}): Promise<void> {
    const o: FitOptions = typeof opts === 'function' ? { onProgress: opts } : opts;
    const seed = o.seed ?? this.params.seed;
    // the seed this fit used is the one saved
    this.params = { ...this.params, seed };
    const p = this.params;
    const chains = Math.max(1, Math.min(o.threads ?? Math.min(availableParallelism(), 4), p.sweeps - p.burnIn));
    this.nUsers = data.nUsers;
    this.nItems = data.nItems;
    this.scale = ratingScale(data);
    // the bins alone: a design built here would stay alive beside the chains' for the whole fit
    const bins = timeBins(data, p);
    this.nTimeBins = bins.nTimeBins;
    this.day0 = bins.day0;
    const keepPerChain = Math.ceil((p.sweeps - p.burnIn) / chains);
    const shared = chains > 1;
    const floats = (n: number) => (shared ? new Float32Array(new SharedArrayBuffer(n * 4)) : new Float32Array(n));
    const budget = o.maxStoredFloats ?? MAX_STORED_FLOATS;
    let thin = 1;
    while (thin < keepPerChain && chains * Math.ceil(keepPerChain / thin) * this.stride > budget) thin++;
    const stored = Math.ceil(keepPerChain / thin);
    const init: ChainInit = {
      data: shared ? shareRatings(data) : data,
      params: p,
      seed,
      keepPerChain,
      thin,
      stride: this.stride,
      w0s: floats(chains * stored),
      samples: floats(chains * stored * this.stride),
      ...(shared ? { design: sharedDesign(data, p), y: sharedValues(data) } : {}),
      ...(o.warmStart ? { warmStart: o.warmStart } : {}),
    };
    const pool = shared ? WorkerPool.start(workerUrl(import.meta.url, 'bayes-fm-worker'), chains - 1, init) : null;
    try {
      const others = pool?.run(Array.from({ length: chains - 1 }, (_, c) => ({ chain: c + 1 })));
      this.lastAlpha = runChain(init, 0, o.onProgress);
      await others;
    } finally {
      await pool?.stop();
    }
    this.w0s = shared ? init.w0s.slice() : init.w0s;
    this.samples = shared ? init.samples.slice() : init.samples;
    this.chains = chains;
    this.summary = 'sweeps';
  }

  /** The time bin of a day (Unix days), clamped to the training range; −1 without time. */
  timeBin(day: number | undefined): number {
    if (!this.nTimeBins || day === undefined || !(day >= 0)) return -1;
    return Math.min(this.nTimeBins - 1, Math.max(0, Math.floor((day - this.day0) / this.params.timeBinDays)));
  }

  predict(user: number, item: number): number {
    return this.predictAt(user, item);
  }

  /** The posterior mean of ŷ for a user and item (−1: unknown) on a day (Unix days; omitted: no time term). */
  predictAt(user: number, item: number, day?: number): number {
    const keys = this.keysOf(user, item, day);
    const S = this.kept;
    let total = 0;
    for (let j = 0; j < S; j++) total += this.estimate(j, keys);
    return clip(S ? total / S : 0, this.scale);
  }

  /** ŷ of kept sweep j alone (not clipped): w0 + Σ scalars + ½‖Σ vectors‖² over the user's, item's and day's keys. */
  sampleEstimate(j: number, user: number, item: number, day?: number): number {
    return this.estimate(j, this.keysOf(user, item, day));
  }

  /** The stored rows a prediction sums: the user's, the item's and the day's, each when known. */
  private keysOf(user: number, item: number, day?: number): number[] {
    const keys: number[] = [];
    if (user >= 0 && user < this.nUsers) keys.push(user);
    if (item >= 0 && item < this.nItems) keys.push(this.nUsers + item);
    const bin = this.timeBin(day);
    if (bin >= 0) keys.push(this.nUsers + this.nItems + bin);
    return keys;
  }

  private estimate(j: number, keys: number[]): number {
    const k = this.params.rank;
    const out = this.samples;
    const base = j * this.stride;
    let y = this.w0s[j];
    let sq = 0;
    for (let f = 0; f < k; f++) {
      let qf = 0;
      for (const key of keys) qf += out[base + key * (k + 1) + f];
      sq += qf * qf;
    }
    for (const key of keys) y += out[base + key * (k + 1) + k];
    return y + 0.5 * sq;
  }

  /**
   * The posterior-mean approximation for serving: one summary sweep per chain, whose key vectors
   * are the chain's mean vectors q̄ and whose scalars are set so that each key's own part of ŷ
   * (scalar + ½‖q‖²) keeps its exact posterior mean. Its predictions for a (user, item) pair
   * are then the exact posterior mean of w0 + the user's part + the item's part, and the chain
   * means' product q̄_u·q̄_i in place of the mean product of q_u·q_i (what differs is the
   * within-chain covariance of the two). Chains are summarised apart because the factors of two
   * chains are not aligned (the likelihood does not change under a rotation of the factors). With
   * a time feature, the day's cross terms are summarised the same way.
   */
  posteriorMeans(): BayesFm {
    const k = this.params.rank;
    const C = this.chains;
    const per = this.kept / C;
    if (!Number.isInteger(per) || per < 1) throw new Error(`${this.kept} kept sweeps do not split evenly over ${C} chains`);
    const out = new BayesFm(this.params, this.kind);
    Object.assign(out, { scale: this.scale, nUsers: this.nUsers, nItems: this.nItems, nTimeBins: this.nTimeBins, day0: this.day0, lastAlpha: this.lastAlpha, chains: C, summary: 'chain means' });
    const stride = this.stride;
    const keys = stride / (k + 1);
    out.w0s = new Float32Array(C);
    out.samples = new Float32Array(C * stride);
    const vec = new Float64Array(k);
    for (let c = 0; c < C; c++) {
      let w0 = 0;
      for (let j = c * per; j < (c + 1) * per; j++) w0 += this.w0s[j];
      out.w0s[c] = w0 / per;
      for (let key = 0; key < keys; key++) {
        vec.fill(0);
        let own = 0;
        for (let j = c * per; j < (c + 1) * per; j++) {
          const at = j * stride + key * (k + 1);
          let sq = 0;
          for (let f = 0; f < k; f++) {
            const v = this.samples[at + f];
            vec[f] += v;
            sq += v * v;
          }
          own += this.samples[at + k] + 0.5 * sq;
        }
        const at = c * stride + key * (k + 1);
        let sq = 0;
        for (let f = 0; f < k; f++) {
          const m = vec[f] / per;
          out.samples[at + f] = m;
          sq += m * m;
        }
        out.samples[at + k] = own / per - 0.5 * sq;
      }
    }
    return out;
  }

  /**
   * The model (without its time term) as a biased inner product, for exact top-n search:
   * ŷ(u, i) = mu + bu[u] + bi[i] + P_u·Q_i, with mu the mean w0, bu and bi each key's mean own part,
   * and P, Q the stored sweeps' vectors side by side, each scaled by 1/√(sweeps), so the product
   * is the mean over sweeps of q_u·q_i: (stored sweeps × rank) dimensions.
   */
  biasedFactors(): { mu: number; scale: [number, number]; bu: Float32Array; bi: Float32Array; P: Float32Array; Q: Float32Array; params: { factors: number } } {
    const k = this.params.rank;
    const S = this.kept;
    const dim = S * k;
    const z = 1 / Math.sqrt(S);
    let mu = 0;
    for (let j = 0; j < S; j++) mu += this.w0s[j];
    const side = (first: number, n: number) => {
      const b = new Float32Array(n);
      const F = new Float32Array(n * dim);
      for (let a = 0; a < n; a++) {
        let own = 0;
        for (let j = 0; j < S; j++) {
          const at = j * this.stride + (first + a) * (k + 1);
          let sq = 0;
          for (let f = 0; f < k; f++) {
            const v = this.samples[at + f];
            F[a * dim + j * k + f] = v * z;
            sq += v * v;
          }
          own += this.samples[at + k] + 0.5 * sq;
        }
        b[a] = S ? own / S : 0;
      }
      return [b, F] as const;
    };
    const [bu, P] = side(0, this.nUsers);
    const [bi, Q] = side(this.nUsers, this.nItems);
    return { mu: S ? mu / S : 0, scale: this.scale, bu, bi, P, Q, params: { factors: dim } };
  }

  save(dir: string): void {
    const { kind, params, scale, nUsers, nItems, nTimeBins, day0, chains, summary } = this;
    saveArtifact(dir, { kind, params, scale, nUsers, nItems, nTimeBins, day0, chains, summary }, { w0s: this.w0s, samples: this.samples });
  }

  static load(dir: string): BayesFm {
    const { meta, arrays } = loadArtifact(dir);
    const m = new BayesFm(meta.params as BayesFmParams, meta.kind as string);
    Object.assign(m, { scale: meta.scale, nUsers: meta.nUsers, nItems: meta.nItems, nTimeBins: meta.nTimeBins, day0: meta.day0, chains: meta.chains ?? 1, summary: meta.summary ?? 'sweeps', w0s: arrays.w0s, samples: arrays.samples });
    return m;
  }
}

/** A saved Bayesian FM or MF (its `kind` in model.json is `bayes_fm` or `bayes_mf`). */
export function loadBayesFm(dir: string): BayesFm {
  return BayesFm.load(dir);
}
