/**
 * The two floors every rating model is compared with: the global mean and BaselineOnly
 * (μ + b_u + b_i), on the explicit ratings of ratings.ts.
 */
import { loadArtifact, saveArtifact } from './io.js';
import { secondsSince, type FitOptions } from './model.js';
import { clip, globalMean, ratingScale, ratingsCount, type RatingModel, type Ratings } from './ratings.js';

/** Every prediction is the training mean: the floor any model must beat. */
export class GlobalMean implements RatingModel {
  readonly kind = 'global_mean';
  readonly params = {};
  mu = 0;
  fit(data: Ratings, opts: FitOptions = {}): void {
    const started = performance.now();
    this.mu = globalMean(data);
    opts.onProgress?.(0, secondsSince(started));
  }
  predict(): number {
    return this.mu;
  }
  save(dir: string): void {
    saveArtifact(dir, { kind: this.kind, mu: this.mu }, {});
  }

  static load(dir: string): GlobalMean {
    const m = new GlobalMean();
    m.mu = loadArtifact(dir).meta.mu as number;
    return m;
  }
}

export interface BaselineParams {
  epochs: number;
  /** shrinkage of the item biases (Surprise's reg_i) */
  regItem: number;
  /** shrinkage of the user biases (Surprise's reg_u) */
  regUser: number;
}

/**
 * r̂ = μ + b_u + b_i, the biases fitted by alternating least squares (Koren 2010, §2.1; Surprise's
 * BaselineOnly with method 'als'): b_i = Σ(r − μ − b_u) / (λ_i + |U_i|), then
 * b_u = Σ(r − μ − b_i) / (λ_u + |I_u|), repeated.
 */
export class BaselineOnly implements RatingModel {
  readonly kind = 'baseline';
  readonly params: BaselineParams;
  mu = 0;
  bu: Float32Array = new Float32Array(0);
  bi: Float32Array = new Float32Array(0);
  scale: [number, number] = [0, 0];

  constructor(params: Partial<BaselineParams> = {}) {
    this.params = { epochs: params.epochs ?? 10, regItem: params.regItem ?? 10, regUser: params.regUser ?? 15 };
  }

  /** Deterministic (no seed, one thread). */
  fit(data: Ratings, opts: FitOptions = {}): void {
    const onEpoch = opts.onProgress;
    const { epochs, regItem, regUser } = this.params;
    this.mu = globalMean(data);
    this.scale = ratingScale(data);
    const bu = new Float64Array(data.nUsers);
    const bi = new Float64Array(data.nItems);
    const sum = new Float64Array(data.nItems);
    const count = new Int32Array(data.nItems);
    for (let k = 0; k < ratingsCount(data); k++) count[data.items[k]]++;
    for (let e = 0; e < epochs; e++) {
      const t = performance.now();
      sum.fill(0);
      for (let u = 0; u < data.nUsers; u++) {
        for (let k = data.indptr[u]; k < data.indptr[u + 1]; k++) sum[data.items[k]] += data.values[k] - this.mu - bu[u];
      }
      for (let i = 0; i < data.nItems; i++) bi[i] = sum[i] / (regItem + count[i]);
      for (let u = 0; u < data.nUsers; u++) {
        let s = 0;
        for (let k = data.indptr[u]; k < data.indptr[u + 1]; k++) s += data.values[k] - this.mu - bi[data.items[k]];
        bu[u] = s / (regUser + data.indptr[u + 1] - data.indptr[u]);
      }
      onEpoch?.(e, (performance.now() - t) / 1000);
    }
    this.bu = Float32Array.from(bu);
    this.bi = Float32Array.from(bi);
  }

  predict(user: number, item: number): number {
    return clip(this.mu + (user >= 0 ? this.bu[user] : 0) + (item >= 0 ? this.bi[item] : 0), this.scale);
  }

  save(dir: string): void {
    saveArtifact(dir, { kind: this.kind, params: this.params, mu: this.mu, scale: this.scale }, { bu: this.bu, bi: this.bi });
  }

  static load(dir: string): BaselineOnly {
    const { meta, arrays } = loadArtifact(dir);
    const m = new BaselineOnly(meta.params as BaselineParams);
    m.mu = meta.mu as number;
    m.scale = meta.scale as [number, number];
    m.bu = arrays.bu as Float32Array;
    m.bi = arrays.bi as Float32Array;
    return m;
  }
}
