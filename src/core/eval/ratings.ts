/**
 * Rating-prediction evaluation (Surprise's protocol): fit on the training ratings, predict every
 * test rating, report RMSE and MAE. A test user or item absent from training gets what the
 * model knows without it (biases, then the mean), as in Surprise.
 */
import { BaselineOnly, GlobalMean, ratingsFromTriplets, type RatingModel } from '../models/ratings.js';
import { Svd, SVD_DEFAULTS, stripUndefined, type SvdParams } from '../models/svd.js';
import { SvdPP, SVDPP_DEFAULTS } from '../models/svdpp.js';
import { BayesFm, BAYES_FM_DEFAULTS, BAYES_MF_DEFAULTS, daysByUser, type BayesFmParams } from '../models/bayes-fm.js';
import { mae, rmse } from './regression.js';
import { permutation } from '../models/ratings.js';

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
  await model.fit(data, onEpoch);
  const fitSeconds = (performance.now() - t) / 1000;
  const predicted = new Float64Array(test.users.length);
  for (let k = 0; k < test.users.length; k++) {
    const u = test.users[k];
    const i = test.items[k];
    predicted[k] = model instanceof BayesFm ? model.predictAt(seenU[u] ? u : -1, seenI[i] ? i : -1, test.days?.[k]) : model.predict(seenU[u] ? u : -1, seenI[i] ? i : -1);
  }
  return { algo, params: effectiveParams(algo, params), rmse: rmse(test.values, predicted), mae: mae(test.values, predicted), n_test: test.users.length, fit_seconds: +fitSeconds.toFixed(3) };
}

/** Fold of each rating for K-fold cross-validation: a seeded shuffle cut into K near-equal parts. */
export function kFolds(n: number, k: number, seed: number): Int32Array {
  const order = permutation(n, seed);
  const fold = new Int32Array(n);
  for (let r = 0; r < n; r++) fold[order[r]] = Math.floor((r * k) / n);
  return fold;
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
