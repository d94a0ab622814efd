/**
 * One way back from a saved model folder to a model: `loadModel(dir)` reads the `kind` that
 * every model writes into its model.json and hands the folder to that class's loader. A new
 * model class adds one line to LOADERS (and one entry to the contract test).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Als } from './als.js';
import { BayesFm } from './bayes-fm.js';
import { GradientBoosting } from './gbm.js';
import { ItemKnn } from './itemknn.js';
import { Popularity } from './popularity.js';
import { type RatingModel } from './ratings.js';
import { BaselineOnly, GlobalMean } from './baselines.js';
import type { Recommender } from './recommender.js';
import type { Regressor } from './regressor.js';
import { Ridge } from './ridge.js';
import { Svd } from './svd.js';
import { SvdPP } from './svdpp.js';

/** A model of any family: tell them apart by their methods (`recommend`, `predict`, `predictRow`) or by class. */
export type AnyModel = Recommender | RatingModel | Regressor;

const LOADERS: Record<string, (dir: string) => AnyModel> = {
  itemknn: ItemKnn.load,
  als: Als.load,
  popularity: Popularity.load,
  global_mean: GlobalMean.load,
  baseline: BaselineOnly.load,
  svd: Svd.load,
  svdpp: SvdPP.load,
  bayes_fm: BayesFm.load,
  bayes_mf: BayesFm.load,
  ridge: Ridge.load,
  gbm: GradientBoosting.load,
};

/** The kinds `loadModel` knows, in a stable order (for messages). */
export const MODEL_KINDS: readonly string[] = Object.keys(LOADERS);

/**
 * The kind of a model.json written before every model saved its kind: told by the arrays it
 * holds (SVD++ saves exactly what SVD saves, and is served the same way). Null when nothing fits.
 */
export function inferKind(meta: Record<string, unknown>): string | null {
  const arrays = meta.arrays && typeof meta.arrays === 'object' ? Object.keys(meta.arrays).sort().join(',') : '';
  const byArrays: Record<string, string> = {
    'nbr,nbrCount,sim': 'itemknn',
    'itemFactors,userFactors': 'als',
    counts: 'popularity',
    'bi,bu': 'baseline',
    'P,Q,bi,bu': 'svd',
    'samples,w0s': meta.params && (meta.params as { implicit?: boolean }).implicit === false ? 'bayes_mf' : 'bayes_fm',
    'feature,importance,left,right,roots,threshold,value': 'gbm',
  };
  if (byArrays[arrays]) return byArrays[arrays];
  if (Array.isArray(meta.coef) && typeof meta.intercept === 'number') return 'ridge';
  if (arrays === '' && typeof meta.mu === 'number') return 'global_mean';
  return null;
}

type Class<T> = abstract new (...args: never[]) => T;

/**
 * The model saved in `dir`, of the class its `kind` names. With `expected`, the model must be
 * of that class (a server that serves ALS answers says so when its folder holds something else).
 * Errors say what the folder holds, which kinds are known, and how to get a loadable one.
 */
export function loadModel(dir: string): AnyModel;
export function loadModel<T>(dir: string, expected: Class<T>): T;
export function loadModel<T>(dir: string, expected?: Class<T>): AnyModel | T {
  const known = `the kinds known are ${MODEL_KINDS.join(', ')}`;
  const retrain = 'retrain it with `recops train <pack>`';
  const file = join(dir, 'model.json');
  if (!existsSync(file)) throw new Error(`${dir} holds no saved model (no model.json): ${known}; ${retrain}`);
  let meta: Record<string, unknown>;
  try {
    meta = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new Error(`${file} is not valid JSON (${(err as Error).message}): ${retrain}`);
  }
  const kind = typeof meta.kind === 'string' ? meta.kind : inferKind(meta);
  if (kind === null) throw new Error(`${file} names no model kind and its files match none: ${known}; ${retrain}`);
  const load = LOADERS[kind];
  if (!load) throw new Error(`${file} holds a model of kind '${kind}', which this version cannot load: ${known}; ${retrain}`);
  const model = load(dir);
  if (expected && !(model instanceof expected)) throw new Error(`${dir} holds a ${kind} model where a ${expected.name} was expected; ${retrain}`);
  return model;
}
