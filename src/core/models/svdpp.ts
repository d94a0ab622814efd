import { normalFactors, permutation, globalMean, ratingScale, type Ratings } from './ratings.js';
import { Svd, stripUndefined, type SvdParams } from './svd.js';
import { loadArtifact } from './io.js';
import { Random } from '../synth/random.js';

/** SVD++ defaults (Surprise's: 20 factors, lr 0.007, reg 0.02). */
export const SVDPP_DEFAULTS: Omit<SvdParams, 'seed'> = { factors: 20, epochs: 20, lr: 0.007, reg: 0.02, initStd: 0.1 };

/**
 * SVD++ (Koren 2008): r̂ = μ + b_u + b_i + q_i·(p_u + |N(u)|^-½ Σ_{j∈N(u)} y_j), where N(u) is
 * every item the user rated: *that* they rated it is a signal besides *how*. Trained by SGD
 * user by user: the implicit sum is computed once per user, kept in step with p_u while the
 * user's ratings are visited, and the y_j of N(u) take the user's summed gradient at the end
 * (the usual per-user batching, which makes an epoch cost about two SVD epochs instead of
 * |N(u)| times one). Once fitted, the user's effective vector p_u + |N(u)|^-½ Σ y_j is stored
 * as P, so serving is exactly an SVD's.
 */
export class SvdPP extends Svd {
  override readonly kind: string = 'svdpp';

  constructor(params: Partial<SvdParams> = {}) {
    super({ ...SVDPP_DEFAULTS, ...stripUndefined(params) });
  }

  override async fit(data: Ratings, onEpoch?: (epoch: number, seconds: number) => void): Promise<void> {
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
    const mu = this.mu;
    const pimp = new Float64Array(f);
    const grad = new Float64Array(f);
    const shrink = 1 - lr * reg;
    for (let e = 0; e < epochs; e++) {
      const t = performance.now();
      const users = permutation(data.nUsers, seed + 1 + e);
      for (let n = 0; n < users.length; n++) {
        const u = users[n];
        const start = data.indptr[u];
        const end = data.indptr[u + 1];
        if (start === end) continue;
        const z = 1 / Math.sqrt(end - start);
        const uo = u * f;
        for (let a = 0; a < f; a++) pimp[a] = 0;
        for (let k = start; k < end; k++) {
          const jo = data.items[k] * f;
          for (let a = 0; a < f; a++) pimp[a] += Y[jo + a];
        }
        for (let a = 0; a < f; a++) {
          pimp[a] = P[uo + a] + z * pimp[a];
          grad[a] = 0;
        }
        for (let k = start; k < end; k++) {
          const i = data.items[k];
          const io = i * f;
          let dot = 0;
          for (let a = 0; a < f; a++) dot += Q[io + a] * pimp[a];
          const err = data.values[k] - (mu + bu[u] + bi[i] + dot);
          bu[u] += lr * (err - reg * bu[u]);
          bi[i] += lr * (err - reg * bi[i]);
          const step = lr * err;
          for (let a = 0; a < f; a++) {
            const p = P[uo + a];
            const q = Q[io + a];
            const np = shrink * p + step * q;
            P[uo + a] = np;
            Q[io + a] = shrink * q + step * pimp[a];
            grad[a] += err * z * q;
            pimp[a] += np - p;
          }
        }
        for (let k = start; k < end; k++) {
          const jo = data.items[k] * f;
          for (let a = 0; a < f; a++) Y[jo + a] += lr * (grad[a] - reg * Y[jo + a]);
        }
      }
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
  }

  static override load(dir: string): SvdPP {
    const { meta, arrays } = loadArtifact(dir);
    const m = new SvdPP(meta.params as SvdParams);
    Object.assign(m, { mu: meta.mu, scale: meta.scale, nUsers: meta.nUsers, nItems: meta.nItems, bu: arrays.bu, bi: arrays.bi, P: arrays.P, Q: arrays.Q });
    return m;
  }
}
