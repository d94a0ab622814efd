import { loadArtifact, saveArtifact } from './io.js';
import { clip, ratingScale, ratingsCount, type RatingModel, type Ratings } from './ratings.js';
import { identityBlock, initState, makeBlock, factorPerKey, linearPerKey, sweep, type Block, type FmState } from './bayes-fm-kernel.js';
import { Random } from '../synth/random.js';

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

export const BAYES_FM_DEFAULTS: Omit<BayesFmParams, 'seed'> = { rank: 10, sweeps: 200, burnIn: 50, initStd: 0.1, implicit: true, time: true, timeBinDays: 7 };
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

/** The relation blocks of the training ratings: ids, implicit sets, time bins. */
export function design(data: TimedRatings, p: BayesFmParams): Design {
  const n = ratingsCount(data);
  const userOf = new Int32Array(n);
  for (let u = 0; u < data.nUsers; u++) userOf.fill(u, data.indptr[u], data.indptr[u + 1]);
  const blocks: Block[] = [identityBlock(userOf, data.nUsers), identityBlock(data.items, data.nItems)];
  const space = [USER, ITEM];
  if (p.implicit) {
    blocks.push(implicitBlock(userOf, data.nUsers, data.items, data.nItems));
    space.push(USER);
    blocks.push(implicitBlock(data.items, data.nItems, userOf, data.nUsers));
    space.push(ITEM);
  }
  let nTimeBins = 0;
  let day0 = 0;
  const days = data.days;
  if (p.time && days && days.some((d) => d >= 0)) {
    day0 = Infinity;
    let last = -Infinity;
    for (const d of days) if (d >= 0) [day0, last] = [Math.min(day0, d), Math.max(last, d)];
    nTimeBins = Math.floor((last - day0) / p.timeBinDays) + 1;
    const key = Int32Array.from(days, (d) => (d >= 0 ? Math.floor((d - day0) / p.timeBinDays) : -1));
    blocks.push(identityBlock(key, nTimeBins));
    space.push(TIME);
  }
  return { blocks, space, nTimeBins, day0 };
}

/** Key a (a user) holds features b (the items it rated, each once), valued 1/√(their number). */
function implicitBlock(rowA: Int32Array, nA: number, rowB: Int32Array, nB: number): Block {
  const seen = new Map<number, Set<number>>();
  const sets: number[][] = Array.from({ length: nA }, () => []);
  for (let r = 0; r < rowA.length; r++) {
    const a = rowA[r];
    let s = seen.get(a);
    if (!s) seen.set(a, (s = new Set()));
    if (!s.has(rowB[r])) {
      s.add(rowB[r]);
      sets[a].push(rowB[r]);
    }
  }
  const indptr = new Int32Array(nA + 1);
  for (let a = 0; a < nA; a++) indptr[a + 1] = indptr[a] + sets[a].length;
  const feat = new Int32Array(indptr[nA]);
  const val = new Float64Array(indptr[nA]);
  for (let a = 0; a < nA; a++) {
    const s = sets[a].sort((x, y) => x - y);
    const z = s.length ? 1 / Math.sqrt(s.length) : 0;
    for (let j = 0; j < s.length; j++) {
      feat[indptr[a] + j] = s[j];
      val[indptr[a] + j] = z;
    }
  }
  return makeBlock(rowA, nA, nB, indptr, feat, val);
}

/**
 * A Bayesian factorisation machine fitted by Gibbs sampling (Rendle's MCMC, as in libFM), over
 * relation blocks: the user and the item (ids), the items the user rated and the users who
 * rated the item (SVD++-style implicit features, 1/√n each), and the rating's week. Priors on
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
  readonly params: BayesFmParams;
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

  constructor(params: Partial<BayesFmParams> = {}, kind = 'bayes_fm') {
    const defaults = kind === 'bayes_mf' ? BAYES_MF_DEFAULTS : BAYES_FM_DEFAULTS;
    this.kind = kind;
    this.params = { ...defaults, seed: 42, ...Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)) };
    if (this.params.burnIn >= this.params.sweeps) throw new Error(`burn-in (${this.params.burnIn}) must be fewer than the sweeps (${this.params.sweeps})`);
  }

  get kept(): number {
    return this.w0s.length;
  }

  private get stride(): number {
    return (this.nUsers + this.nItems + this.nTimeBins) * (this.params.rank + 1);
  }

  /**
   * Samples `sweeps` times, keeping each sweep after the burn-in. One thread: each conditional
   * depends on the draws before it, and the figures are the same for a seed on any machine.
   */
  fit(data: TimedRatings, opts: FitOptions | ((sweep: number, seconds: number) => void) = {}): void {
    const o: FitOptions = typeof opts === 'function' ? { onProgress: opts } : opts;
    const p = this.params;
    const seed = o.seed ?? p.seed;
    const rng = new Random(seed);
    this.nUsers = data.nUsers;
    this.nItems = data.nItems;
    this.scale = ratingScale(data);
    const d = design(data, p);
    this.nTimeBins = d.nTimeBins;
    this.day0 = d.day0;
    const n = ratingsCount(data);
    const y = Float64Array.from(data.values.subarray(0, n));
    const s = initState(y, d.blocks, p.rank, p.initStd, rng);
    const keep = p.sweeps - p.burnIn;
    this.w0s = new Float32Array(keep);
    this.samples = new Float32Array(keep * this.stride);
    for (let it = 0; it < p.sweeps; it++) {
      const t = performance.now();
      sweep(s, rng);
      if (it >= p.burnIn) this.snapshot(s, d, it - p.burnIn);
      o.onProgress?.(it, (performance.now() - t) / 1000);
    }
    this.lastAlpha = s.alpha;
  }

  /** Stores sweep j's per-key vectors and scalars. */
  private snapshot(s: FmState, d: Design, j: number): void {
    const k = s.k;
    const base = j * this.stride;
    const offset = [0, this.nUsers, this.nUsers + this.nItems];
    this.w0s[j] = s.w0;
    const out = this.samples;
    for (let g = 0; g < s.blocks.length; g++) {
      const B = s.blocks[g];
      const at = (b: number) => base + (offset[d.space[g]] + b) * (k + 1);
      const L = linearPerKey(B, s.w[g]);
      for (let b = 0; b < B.nKeys; b++) out[at(b) + k] += L[b];
      for (let f = 0; f < k; f++) {
        const { qB, SB } = factorPerKey(B, s.V[g], k, f);
        for (let b = 0; b < B.nKeys; b++) {
          out[at(b) + f] += qB[b];
          out[at(b) + k] -= 0.5 * SB[b];
        }
      }
    }
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
    const k = this.params.rank;
    const keys: number[] = [];
    if (user >= 0 && user < this.nUsers) keys.push(user);
    if (item >= 0 && item < this.nItems) keys.push(this.nUsers + item);
    const bin = this.timeBin(day);
    if (bin >= 0) keys.push(this.nUsers + this.nItems + bin);
    const S = this.kept;
    const out = this.samples;
    let total = 0;
    for (let j = 0; j < S; j++) {
      const base = j * this.stride;
      let y = this.w0s[j];
      let sq = 0;
      for (let f = 0; f < k; f++) {
        let qf = 0;
        for (const key of keys) qf += out[base + key * (k + 1) + f];
        sq += qf * qf;
      }
      for (const key of keys) y += out[base + key * (k + 1) + k];
      total += y + 0.5 * sq;
    }
    return clip(S ? total / S : 0, this.scale);
  }

  save(dir: string): void {
    const { kind, params, scale, nUsers, nItems, nTimeBins, day0 } = this;
    saveArtifact(dir, { kind, params, scale, nUsers, nItems, nTimeBins, day0 }, { w0s: this.w0s, samples: this.samples });
  }

  static load(dir: string): BayesFm {
    const { meta, arrays } = loadArtifact(dir);
    const m = new BayesFm(meta.params as BayesFmParams, meta.kind as string);
    Object.assign(m, { scale: meta.scale, nUsers: meta.nUsers, nItems: meta.nItems, nTimeBins: meta.nTimeBins, day0: meta.day0, w0s: arrays.w0s, samples: arrays.samples });
    return m;
  }
}
