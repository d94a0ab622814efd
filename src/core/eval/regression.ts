/**
 * Regression metrics and the random hold-out split used to evaluate them. Metrics are computed
 * on the scale the caller passes (for prices: dollars, after any back-transform).
 */

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

