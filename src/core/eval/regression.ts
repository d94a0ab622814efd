/**
 * Regression metrics and the random hold-out split used to evaluate them. Metrics are computed
 * on the scale the caller passes (for prices: dollars, after any back-transform).
 */
import { Random } from '../synth/random.js';

/** Root mean squared error; 0 for empty input. */
export function rmse(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  checkLengths(actual, predicted);
  if (actual.length === 0) return 0;
  let s = 0;
  for (let i = 0; i < actual.length; i++) {
    const d = actual[i] - predicted[i];
    s += d * d;
  }
  return Math.sqrt(s / actual.length);
}

/** Mean absolute error; 0 for empty input. */
export function mae(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  checkLengths(actual, predicted);
  if (actual.length === 0) return 0;
  let s = 0;
  for (let i = 0; i < actual.length; i++) s += Math.abs(actual[i] - predicted[i]);
  return s / actual.length;
}

/**
 * RMSE of log1p: the relative error, which heavy-tailed targets (prices from 0 to 995 dollars)
 * need beside RMSE, where a handful of very expensive apps dominate. Both sides are clamped at 0.
 */
export function rmsle(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  checkLengths(actual, predicted);
  if (actual.length === 0) return 0;
  let s = 0;
  for (let i = 0; i < actual.length; i++) {
    const d = Math.log1p(Math.max(0, actual[i])) - Math.log1p(Math.max(0, predicted[i]));
    s += d * d;
  }
  return Math.sqrt(s / actual.length);
}

export interface RegressionMetrics {
  n: number;
  rmse: number;
  mae: number;
  rmsle: number;
}

export function regressionMetrics(actual: ArrayLike<number>, predicted: ArrayLike<number>): RegressionMetrics {
  return { n: actual.length, rmse: rmse(actual, predicted), mae: mae(actual, predicted), rmsle: rmsle(actual, predicted) };
}

function checkLengths(a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length) throw new Error(`actual has ${a.length} values, predicted ${b.length}`);
}

export interface Holdout {
  /** row indices, ascending */
  train: Int32Array;
  test: Int32Array;
}

/**
 * A seeded random hold-out: exactly round(fraction × n) rows go to test (a Fisher-Yates shuffle
 * of 0..n-1, first k taken). The same (n, fraction, seed) always gives the same split.
 */
export function randomHoldout(n: number, fraction: number, seed: number): Holdout {
  if (!(fraction > 0 && fraction < 1)) throw new Error(`hold-out fraction must be in (0, 1), got ${fraction}`);
  const order = new Random(seed).shuffle(Array.from({ length: n }, (_, i) => i));
  const k = Math.round(fraction * n);
  const test = Int32Array.from(order.slice(0, k)).sort();
  const train = Int32Array.from(order.slice(k)).sort();
  return { train, test };
}
