import type { Model } from './model.js';
import type { Random } from '../synth/random.js';

/**
 * Explicit ratings (user, item, value) on typed arrays, grouped by user: user u's ratings are
 * [indptr[u], indptr[u+1]). Unlike the implicit CSR, a repeated (user, item) pair stays two
 * ratings, as in the raw file (and in Surprise).
 */
export interface Ratings {
  nUsers: number;
  nItems: number;
  indptr: Int32Array;
  items: Int32Array;
  values: Float32Array;
}

export function ratingsFromTriplets(nUsers: number, nItems: number, users: Int32Array, items: Int32Array, values: Float32Array): Ratings {
  const n = users.length;
  const indptr = new Int32Array(nUsers + 1);
  for (let k = 0; k < n; k++) indptr[users[k] + 1]++;
  for (let u = 0; u < nUsers; u++) indptr[u + 1] += indptr[u];
  const next = indptr.slice(0, nUsers);
  const outItems = new Int32Array(n);
  const outValues = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    const p = next[users[k]]++;
    outItems[p] = items[k];
    outValues[p] = values[k];
  }
  return { nUsers, nItems, indptr, items: outItems, values: outValues };
}

export function ratingsCount(r: Ratings): number {
  return r.indptr[r.nUsers];
}

export function globalMean(r: Ratings): number {
  const n = ratingsCount(r);
  let s = 0;
  for (let k = 0; k < n; k++) s += r.values[k];
  return n ? s / n : 0;
}

/** Smallest and largest rating: predictions are clipped to this scale (as Surprise does). */
export function ratingScale(r: Ratings): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < ratingsCount(r); k++) {
    lo = Math.min(lo, r.values[k]);
    hi = Math.max(hi, r.values[k]);
  }
  return Number.isFinite(lo) ? [lo, hi] : [0, 0];
}

/**
 * One interface for rating predictors (after Surprise's AlgoBase): dense indices, a user or item
 * unseen in training is -1 and gets what the model knows without it (biases, then the mean).
 */
export interface RatingModel extends Model<Ratings> {
  /** the estimate, clipped to the training rating scale */
  predict(user: number, item: number): number;
}

export const clip = (x: number, [lo, hi]: [number, number]) => (x < lo ? lo : x > hi ? hi : x);

/** N(0, std) initial factors, seeded. */
export function normalFactors(n: number, std: number, rng: Random): Float32Array {
  const out = new Float32Array(n);
  for (let k = 0; k < n; k++) out[k] = rng.normal() * std;
  return out;
}
