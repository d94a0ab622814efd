/**
 * Rating-prediction evaluation (Surprise's protocol): fit on the training ratings, predict every
 * test rating, report RMSE and MAE. A test user or item absent from training gets what the
 * model knows without it (biases, then the mean), as in Surprise.
 */
import { ratingsFromTriplets, type RatingModel } from '../models/ratings.js';
import { BaselineOnly, GlobalMean } from '../models/baselines.js';
import { Svd, SVD_DEFAULTS, stripUndefined, type SvdParams } from '../models/svd.js';
import { SvdPP, SVDPP_DEFAULTS } from '../models/svdpp.js';
import { BayesFm, BAYES_FM_DEFAULTS, BAYES_MF_DEFAULTS, daysByUser, type BayesFmParams } from '../models/bayes-fm.js';
import { mae, rmse } from './regression.js';
import { kFolds } from './splits.js';
import { formatTable } from '../text/table.js';

export const RATING_ALGOS = ['global_mean', 'baseline', 'svd', 'svdpp', 'bayes_mf', 'bayes_fm'] as const;
export type RatingAlgo = (typeof RATING_ALGOS)[number];

export interface Triplets {
  users: Int32Array;
  items: Int32Array;
  values: Float32Array;
  /** Unix day of each rating (−1: unknown), for models with a time feature */
  days?: Int32Array;
}

export type AlgoParams = Partial<Omit<SvdParams, 'initStd'>>;

export function makeRatingModel(algo: RatingAlgo, p: AlgoParams): RatingModel {
  switch (algo) {
    case 'global_mean':
      return new GlobalMean();
    case 'baseline':
      return new BaselineOnly({ epochs: p.epochs });
    case 'svd':
      return new Svd(p);
    case 'svdpp':
      return new SvdPP(p);
    case 'bayes_mf':
    case 'bayes_fm':
      return new BayesFm(bayesParams(algo, p), algo);
  }
}

/** The shared flags for the Gibbs models: --factors is the rank, --epochs the sweeps (a quarter of them, at most 50, burn-in). */
function bayesParams(algo: 'bayes_mf' | 'bayes_fm', p: AlgoParams): Partial<BayesFmParams> {
  const d = algo === 'bayes_mf' ? BAYES_MF_DEFAULTS : BAYES_FM_DEFAULTS;
  const sweeps = p.epochs ?? d.sweeps;
  return { rank: p.factors, sweeps, burnIn: Math.min(d.burnIn, Math.floor(sweeps / 4)), seed: p.seed };
}

/** The parameters an algorithm actually uses (defaults filled in), for reports. */
export function effectiveParams(algo: RatingAlgo, p: AlgoParams): Record<string, number> {
  const pick = (o: object) => stripUndefined(o) as Record<string, number>;
  switch (algo) {
    case 'global_mean':
      return {};
    case 'baseline':
      return pick({ epochs: p.epochs ?? 10, regItem: 10, regUser: 15 });
    case 'svd':
      return pick({ ...SVD_DEFAULTS, seed: 42, ...pick(p) });
    case 'svdpp':
      return pick({ ...SVDPP_DEFAULTS, seed: 42, ...pick(p) });
    case 'bayes_mf':
    case 'bayes_fm': {
      const { implicit, time, ...rest } = { ...(algo === 'bayes_mf' ? BAYES_MF_DEFAULTS : BAYES_FM_DEFAULTS), seed: 42, ...pick(bayesParams(algo, p)) };
      return { ...rest, implicit: +implicit, time: +time };
    }
  }
}

export interface RatingEval {
  algo: RatingAlgo;
  params: Record<string, number>;
  rmse: number;
  mae: number;
  n_test: number;
  fit_seconds: number;
}

export async function evaluateRatings(algo: RatingAlgo, params: AlgoParams, nUsers: number, nItems: number, train: Triplets, test: Triplets, onEpoch?: (epoch: number, seconds: number) => void): Promise<RatingEval> {
  const model = makeRatingModel(algo, params);
  const data = { ...ratingsFromTriplets(nUsers, nItems, train.users, train.items, train.values), ...(train.days ? { days: daysByUser(nUsers, train.users, train.days) } : {}) };
  // users and items never seen in training are unknown to the model
  const seenU = new Uint8Array(nUsers);
  const seenI = new Uint8Array(nItems);
  for (let k = 0; k < train.users.length; k++) {
    seenU[train.users[k]] = 1;
    seenI[train.items[k]] = 1;
  }
  const t = performance.now();
  await model.fit(data, { onProgress: onEpoch });
  const fitSeconds = (performance.now() - t) / 1000;
  const predicted = new Float64Array(test.users.length);
  for (let k = 0; k < test.users.length; k++) {
    const u = test.users[k];
    const i = test.items[k];
    predicted[k] = model instanceof BayesFm ? model.predictAt(seenU[u] ? u : -1, seenI[i] ? i : -1, test.days?.[k]) : model.predict(seenU[u] ? u : -1, seenI[i] ? i : -1);
  }
  return { algo, params: effectiveParams(algo, params), rmse: rmse(test.values, predicted), mae: mae(test.values, predicted), n_test: test.users.length, fit_seconds: +fitSeconds.toFixed(3) };
}


/** The ratings whose fold is (or is not) `f`. */
export function selectFold(all: Triplets, fold: Int32Array, f: number, inFold: boolean): Triplets {
  let n = 0;
  for (let r = 0; r < fold.length; r++) if ((fold[r] === f) === inFold) n++;
  const out: Triplets = { users: new Int32Array(n), items: new Int32Array(n), values: new Float32Array(n), ...(all.days ? { days: new Int32Array(n) } : {}) };
  let w = 0;
  for (let r = 0; r < fold.length; r++) {
    if ((fold[r] === f) !== inFold) continue;
    out.users[w] = all.users[r];
    out.items[w] = all.items[r];
    if (out.days) out.days[w] = all.days![r];
    out.values[w++] = all.values[r];
  }
  return out;
}

/** The best model on MovieLens-100k's five official splits (see the streaming pack's README): what `--algo` defaults to. */
export const DEFAULT_RATING_ALGO: RatingAlgo = 'bayes_fm';

export interface Split {
  train: Triplets;
  test: Triplets;
}

export interface Comparison {
  algo: RatingAlgo;
  rmse: number;
  mae: number;
  fit_seconds: number;
  per_split: number[];
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/** Every model at its defaults (the seed aside) on the same splits: mean RMSE, MAE and fit seconds. */
export async function compareRatingModels(nUsers: number, nItems: number, splits: Split[], seed: number, onResult?: (algo: RatingAlgo, split: number, r: RatingEval) => void): Promise<Comparison[]> {
  const out: Comparison[] = [];
  for (const algo of RATING_ALGOS) {
    const runs: RatingEval[] = [];
    for (const [n, { train, test }] of splits.entries()) {
      const r = await evaluateRatings(algo, { seed }, nUsers, nItems, train, test);
      onResult?.(algo, n, r);
      runs.push(r);
    }
    out.push({ algo, rmse: mean(runs.map((r) => r.rmse)), mae: mean(runs.map((r) => r.mae)), fit_seconds: mean(runs.map((r) => r.fit_seconds)), per_split: runs.map((r) => r.rmse) });
  }
  return out;
}

const BASELINES: readonly RatingAlgo[] = ['global_mean', 'baseline'];

/** The comparison as a table, best RMSE first, baselines and the default marked. */
export function formatComparison(rows: Comparison[], what: string): string {
  const sorted = [...rows].sort((a, b) => a.rmse - b.rmse);
  const body = sorted.map((r) => [r.algo + (BASELINES.includes(r.algo) ? ' (baseline)' : r.algo === DEFAULT_RATING_ALGO ? ' (default)' : ''), r.rmse.toFixed(4), r.mae.toFixed(4), r.fit_seconds.toFixed(1)]);
  return [what, 'every model at its defaults: no setting was chosen on the test ratings', ...formatTable(['model', 'RMSE', 'MAE', 'fit s'], body)].join('\n');
}

export interface GridRow {
  params: Record<string, number>;
  /** mean RMSE over the inner folds of the training ratings: what the choice is made on */
  cvRmse: number;
  fitSeconds: number;
}

/**
 * Nested tuning: every combination is scored by K-fold cross-validation of the training ratings
 * only; the best one is then fitted on all of them and scored once on the test ratings, so the
 * test figure is an honest estimate (choosing on the test ratings would flatter it).
 */
export async function nestedGrid(
  algo: RatingAlgo,
  combos: AlgoParams[],
  nUsers: number,
  nItems: number,
  train: Triplets,
  test: Triplets,
  innerFolds: number,
  seed: number,
  onRow?: (row: GridRow, n: number) => void,
): Promise<{ rows: GridRow[]; best: RatingEval }> {
  const folds = kFolds(train.users.length, innerFolds, seed + 1);
  const rows: GridRow[] = [];
  for (const p of combos) {
    const runs: RatingEval[] = [];
    for (let f = 0; f < innerFolds; f++) runs.push(await evaluateRatings(algo, p, nUsers, nItems, selectFold(train, folds, f, false), selectFold(train, folds, f, true)));
    const row = { params: runs[0].params, cvRmse: mean(runs.map((r) => r.rmse)), fitSeconds: mean(runs.map((r) => r.fit_seconds)) };
    rows.push(row);
    onRow?.(row, rows.length);
  }
  const order = rows.map((_, n) => n).sort((a, b) => rows[a].cvRmse - rows[b].cvRmse);
  const best = await evaluateRatings(algo, combos[order[0]], nUsers, nItems, train, test);
  return { rows: order.map((n) => rows[n]), best };
}
