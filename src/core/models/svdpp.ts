import { normalFactors, globalMean, ratingScale, type Ratings } from './ratings.js';
import { permutation } from '../eval/splits.js';
import { Svd, stripUndefined, type SvdParams } from './svd.js';
import { loadArtifact } from './io.js';
import type { FitOptions } from './model.js';
import { Random } from '../synth/random.js';

/** SVD++ defaults (Surprise's: 20 factors, lr 0.007, reg 0.02). */
export const SVDPP_DEFAULTS: Omit<SvdParams, 'seed'> = { factors: 20, epochs: 20, lr: 0.007, reg: 0.02, initStd: 0.1 };

/**
 * SVD++ (Koren 2008): r̂ = μ + b_u + b_i + q_i·(p_u + |N(u)|^-½ Σ_{j∈N(u)} y_j), where N(u) is
 * every item the user rated: *that* they rated it is a signal besides *how*. Trained by SGD
 * user by user with Surprise's per-rating updates (every y_j of N(u) moves after every rating
 * of u), at the cost of an SVD epoch: see svdppUser. Once fitted, the user's effective vector
 * p_u + |N(u)|^-½ Σ y_j is stored as P, so serving is exactly an SVD's.
 */
export class SvdPP extends Svd {
  override readonly kind: string = 'svdpp';

  constructor(params: Partial<SvdParams> = {}) {
    super({ ...SVDPP_DEFAULTS, ...stripUndefined(params) });
  }

  /** One thread (`threads` is not used: the per-user steps share the y_j). */
  override async fit(data: Ratings, opts: FitOptions = {}): Promise<void> {
    const onEpoch = opts.onProgress;
    if (opts.seed !== undefined) this.params.seed = opts.seed;
    const { factors: f, epochs, lr, reg, initStd, seed } = this.params;
    const rng = new Random(seed);
    this.nUsers = data.nUsers;
    this.nItems = data.nItems;
    this.mu = globalMean(data);
    this.scale = ratingScale(data);
    const bu = (this.bu = new Float32Array(data.nUsers));
    const bi = (this.bi = new Float32Array(data.nItems));
    const P = normalFactors(data.nUsers * f, initStd, rng);
    const Q = (this.Q = normalFactors(data.nItems * f, initStd, rng));
    const Y = normalFactors(data.nItems * f, initStd, rng);
    const m = { mu: this.mu, bu, bi, P, Q, Y, params: this.params };
    const scratch = newScratch(f, data.nItems);
    for (let e = 0; e < epochs; e++) {
      const t = performance.now();
      const users = permutation(data.nUsers, seed + 1 + e);
      for (let n = 0; n < users.length; n++) svdppUser(m, data, users[n], lr, reg, scratch);
      onEpoch?.(e, (performance.now() - t) / 1000);
    }
    // serve the effective user vectors
    for (let u = 0; u < data.nUsers; u++) {
      const start = data.indptr[u];
      const end = data.indptr[u + 1];
      if (start === end) continue;
      const z = 1 / Math.sqrt(end - start);
      for (let k = start; k < end; k++) {
        const jo = data.items[k] * f;
        for (let a = 0; a < f; a++) P[u * f + a] += z * Y[jo + a];
      }
    }
    this.P = P;
    this.resetServing();
  }

  static override load(dir: string): SvdPP {
    const { meta, arrays } = loadArtifact(dir);
    const m = new SvdPP(meta.params as SvdParams);
    Object.assign(m, { mu: meta.mu, scale: meta.scale, nUsers: meta.nUsers, nItems: meta.nItems, bu: arrays.bu, bi: arrays.bi, P: arrays.P, Q: arrays.Q });
    m.resetServing();
    return m;
  }
}

type Vec = Float32Array | Float64Array;

/**
 * SGD over user u's ratings in order, exactly as Surprise's SVD++ steps (each rating moves b_u,
 * b_i, p_u, q_i and every y_j of N(u): y_j ← y_j + lr(err·|N(u)|^-½·q_i − λ y_j)), but without
 * touching the y_j per rating: within the user's ratings every y_j of N(u) follows the same
 * recurrence y ← (1 − lr λ) y + d_t, so after m ratings y_j = (1 − lr λ)^m y_j + D with one D
 * for all of them, and the implicit sum |N(u)|^-½ Σ y_j follows imp ← (1 − lr λ) imp + lr·err·q_i.
 * The same numbers as the per-rating loop for the cost of an SVD pass. (N(u) is the user's
 * ratings, a repeated item counted each time, as in Surprise; a repeated item's y moves once
 * per rating here, where Surprise moves it once per occurrence.)
 */
export function svdppUser(
  m: { mu: number; bu: Vec; bi: Vec; P: Vec; Q: Vec; Y: Vec; params: { factors: number } },
  data: Ratings,
  u: number,
  lr: number,
  reg: number,
  scratch: SvdppScratch = newScratch(m.params.factors, data.nItems),
): void {
  const f = m.params.factors;
  const { mu, bu, bi, P, Q, Y } = m;
  const { imp, acc, mark } = scratch;
  const tick = ++scratch.tick;
  const start = data.indptr[u];
  const end = data.indptr[u + 1];
  if (start === end) return;
  const z = 1 / Math.sqrt(end - start);
  const shrink = 1 - lr * reg;
  const uo = u * f;
  imp.fill(0);
  acc.fill(0);
  for (let k = start; k < end; k++) {
    const jo = data.items[k] * f;
    for (let a = 0; a < f; a++) imp[a] += Y[jo + a];
  }
  for (let a = 0; a < f; a++) imp[a] *= z;
  let decay = 1;
  for (let k = start; k < end; k++) {
    const i = data.items[k];
    const io = i * f;
    let dot = 0;
    for (let a = 0; a < f; a++) dot += Q[io + a] * (P[uo + a] + imp[a]);
    const err = data.values[k] - (mu + bu[u] + bi[i] + dot);
    bu[u] += lr * (err - reg * bu[u]);
    bi[i] += lr * (err - reg * bi[i]);
    const step = lr * err;
    for (let a = 0; a < f; a++) {
      const p = P[uo + a];
      const q = Q[io + a];
      P[uo + a] = shrink * p + step * q;
      Q[io + a] = shrink * q + step * (p + imp[a]);
      acc[a] = shrink * acc[a] + step * z * q;
      imp[a] = shrink * imp[a] + step * q;
    }
    decay *= shrink;
  }
  // each distinct y_j once: a repeated item must not take the user's update twice
  for (let k = start; k < end; k++) {
    const j = data.items[k];
    if (mark[j] === tick) continue;
    mark[j] = tick;
    for (let a = 0; a < f; a++) Y[j * f + a] = decay * Y[j * f + a] + acc[a];
  }
}

export interface SvdppScratch {
  imp: Float64Array;
  acc: Float64Array;
  /** mark[j] = tick when y_j was already moved for this call */
  mark: Int32Array;
  tick: number;
}

export const newScratch = (f: number, nItems: number): SvdppScratch => ({ imp: new Float64Array(f), acc: new Float64Array(f), mark: new Int32Array(nItems), tick: 0 });
