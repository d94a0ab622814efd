/**
 * `recops eval ratings`: the rating predictors on anyone's ratings CSV. One train/test pair, or
 * K-fold cross-validation of one file, or a grid search; JSON or a table on stdout, progress on
 * stderr.
 */
import { readRatingsCsv, RATING_COLUMNS } from '../core/ingest/ratings-csv.js';
import { compareRatingModels, DEFAULT_RATING_ALGO, evaluateRatings, formatComparison, nestedGrid, RATING_ALGOS, selectFold, type AlgoParams, type RatingAlgo, type RatingEval, type Triplets } from '../core/eval/rating-eval.js';
import { kFolds } from '../core/eval/splits.js';
import { log } from './log.js';
import { formatTable } from '../core/text/table.js';
import { UsageError } from './usage.js';

export interface EvalRatingsOptions {
  train?: string;
  test?: string;
  file?: string;
  folds?: string;
  grid?: boolean;
  algo: string;
  factors?: string;
  epochs?: string;
  lr?: string;
  reg?: string;
  seed: string;
}

export const RATINGS_HELP = `
ratings (any CSV with a header naming ${RATING_COLUMNS.user[0]}, ${RATING_COLUMNS.item[0]} (or ${RATING_COLUMNS.item[2]}) and ${RATING_COLUMNS.rating[0]}, in any order; a timestamp column (Unix seconds) feeds bayes_fm's time feature; other columns ignored):
  recops eval ratings --train train.csv --test test.csv [--algo svd] [--factors 100 --epochs 20 --lr 0.005 --reg 0.02]
      prints {"algo", "params", "rmse", "mae", "n_test", "fit_seconds"}
  recops eval ratings --file ratings.csv --folds 5 [--algo svdpp]
      K-fold cross-validation: each fold's figures, then their mean and standard deviation
  recops eval ratings --train train.csv --test test.csv --grid [--algo svd]
      every combination of factors × epochs × lr × reg (bayes_*: factors × sweeps), each scored by
      3-fold cross-validation of the training file only; the best is then scored once on the test file
  recops eval ratings --train train.csv --test test.csv --algo all     (or --file ratings.csv --folds 5 --algo all)
      every algorithm at its defaults in one table: RMSE, MAE, fit seconds
  algorithms: ${RATING_ALGOS.join(', ')} (global_mean and baseline are the baselines; default ${DEFAULT_RATING_ALGO})
  bayes_fm: a Bayesian factorisation machine by Gibbs sampling (user, item, the items the user rated,
      the users who rated the item, the rating's day when a timestamp column is present); bayes_mf: the
      same with user and item only. --factors is the rank (default 10), --epochs the sweeps (default 400)`;

function num(name: string, raw: string | undefined, integer: boolean, lo: number, hi: number): number | undefined {
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (!Number.isFinite(v) || (integer && !Number.isInteger(v)) || v < lo || v > hi) throw new UsageError(`--${name} must be ${integer ? 'an integer' : 'a number'} from ${lo} to ${hi}, got '${raw}'`);
  return v;
}

function paramsOf(o: EvalRatingsOptions): AlgoParams {
  return {
    factors: num('factors', o.factors, true, 1, 1000),
    epochs: num('epochs', o.epochs, true, 1, 1000),
    lr: num('lr', o.lr, false, 1e-6, 1),
    reg: num('reg', o.reg, false, 0, 100),
    seed: num('seed', o.seed, true, -(2 ** 31), 2 ** 31 - 1),
  };
}

function algoOf(raw: string): RatingAlgo {
  if (!(RATING_ALGOS as readonly string[]).includes(raw)) throw new UsageError(`--algo must be one of ${RATING_ALGOS.join(', ')} (or all, to compare them), got '${raw}'`);
  return raw as RatingAlgo;
}

const epochLog = (label: string) => (e: number, s: number) => log(`${label}: epoch ${e + 1} in ${s.toFixed(2)} s`);

function reportSkipped(f: { path: string; skipped: number; skippedExample: string | null; users: Int32Array }) {
  log(`${f.path}: ${f.users.length.toLocaleString('en-US')} ratings${f.skipped ? `; ${f.skipped.toLocaleString('en-US')} rows skipped (rating not a number or an id empty), first at ${f.skippedExample}` : ''}`);
}

export async function evalRatings(o: EvalRatingsOptions): Promise<string> {
  if (o.algo === 'all') return compareAll(o);
  const algo = algoOf(o.algo);
  const params = paramsOf(o);
  if ((algo === 'bayes_mf' || algo === 'bayes_fm') && (o.lr !== undefined || o.reg !== undefined)) {
    throw new UsageError(`--lr and --reg are SGD settings; ${algo} is fitted by Gibbs sampling, its priors sampled: give --factors (the rank) and --epochs (the sweeps) only`);
  }
  if (o.file && (o.train || o.test)) throw new UsageError('give either --file (with --folds) or --train and --test, not both');
  if (o.file) {
    const k = num('folds', o.folds ?? '5', true, 2, 100)!;
    const read = await readRatingsCsv([o.file]);
    const f = read.files[0];
    reportSkipped(f);
    const folds = kFolds(f.users.length, k, params.seed ?? 42);
    const runs: RatingEval[] = [];
    for (let fold = 0; fold < k; fold++) {
      const r = await evaluateRatings(algo, params, read.userIds.length, read.itemIds.length, selectFold(f, folds, fold, false), selectFold(f, folds, fold, true), epochLog(`fold ${fold + 1}/${k}`));
      log(`fold ${fold + 1}/${k}: RMSE ${r.rmse.toFixed(4)}, MAE ${r.mae.toFixed(4)}`);
      runs.push(r);
    }
    const stat = (xs: number[]) => {
      const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
      return { mean: +mean.toFixed(6), std: +Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length).toFixed(6) };
    };
    return JSON.stringify({
      algo,
      params: runs[0].params,
      folds: k,
      rmse: stat(runs.map((r) => r.rmse)),
      mae: stat(runs.map((r) => r.mae)),
      fit_seconds: stat(runs.map((r) => r.fit_seconds)),
      per_fold: runs.map((r) => ({ rmse: +r.rmse.toFixed(6), mae: +r.mae.toFixed(6), n_test: r.n_test, fit_seconds: r.fit_seconds })),
    });
  }
  if (!o.train || !o.test) throw new UsageError(`give --train FILE and --test FILE, or --file FILE --folds K${RATINGS_HELP}`);
  const read = await readRatingsCsv([o.train, o.test]);
  read.files.forEach(reportSkipped);
  const [train, test]: Triplets[] = read.files;
  const nU = read.userIds.length;
  const nI = read.itemIds.length;
  if (!o.grid) {
    const r = await evaluateRatings(algo, params, nU, nI, train, test, epochLog(algo));
    return JSON.stringify({ ...r, rmse: +r.rmse.toFixed(6), mae: +r.mae.toFixed(6) });
  }
  return gridSearch(algo, params, nU, nI, train, test);
}

/** `--algo all`: every model at its defaults on the train/test pair or on each fold of --file. */
async function compareAll(o: EvalRatingsOptions): Promise<string> {
  if (o.grid) throw new UsageError('--grid tunes one algorithm: give --algo NAME with it, not all');
  const seed = paramsOf(o).seed ?? 42;
  const read = await readRatingsCsv(o.file ? [o.file] : [o.train ?? '', o.test ?? ''].filter(Boolean));
  if (!o.file && read.files.length !== 2) throw new UsageError(`give --train FILE and --test FILE, or --file FILE --folds K${RATINGS_HELP}`);
  read.files.forEach(reportSkipped);
  let splits: { train: Triplets; test: Triplets }[];
  let what: string;
  if (o.file) {
    const k = num('folds', o.folds ?? '5', true, 2, 100)!;
    const f = read.files[0];
    const folds = kFolds(f.users.length, k, seed);
    splits = Array.from({ length: k }, (_, n) => ({ train: selectFold(f, folds, n, false), test: selectFold(f, folds, n, true) }));
    what = `${k}-fold cross-validation of ${f.users.length.toLocaleString('en-US')} ratings (seed ${seed}): mean over the folds`;
  } else {
    splits = [{ train: read.files[0], test: read.files[1] }];
    what = `${read.files[1].users.length.toLocaleString('en-US')} test ratings`;
  }
  const rows = await compareRatingModels(read.userIds.length, read.itemIds.length, splits, seed, (algo, n, r) => log(`${algo}${splits.length > 1 ? ` fold ${n + 1}/${splits.length}` : ''}: RMSE ${r.rmse.toFixed(4)}, MAE ${r.mae.toFixed(4)} (${r.fit_seconds.toFixed(1)} s)`));
  return formatComparison(rows, what);
}

/** Factors × epochs × lr × reg around the defaults (a flag given fixes that axis). */
async function gridSearch(algo: RatingAlgo, fixed: AlgoParams, nU: number, nI: number, train: Triplets, test: Triplets): Promise<string> {
  if (algo === 'global_mean' || algo === 'baseline') throw new UsageError(`--grid searches the factor models (svd, svdpp, bayes_mf, bayes_fm); ${algo} has nothing to tune here`);
  const bayes = algo === 'bayes_mf' || algo === 'bayes_fm';
  const axes = {
    factors: fixed.factors !== undefined ? [fixed.factors] : bayes ? [5, 10, 20] : [20, 50, 100],
    epochs: fixed.epochs !== undefined ? [fixed.epochs] : bayes ? [100, 200, 400] : [10, 20, 30],
    // the Gibbs models have no learning rate or regularisation: their priors are sampled
    lr: bayes ? [undefined] : fixed.lr !== undefined ? [fixed.lr] : [0.002, 0.005, 0.01],
    reg: bayes ? [undefined] : fixed.reg !== undefined ? [fixed.reg] : [0.02, 0.05, 0.1],
  };
  const combos: AlgoParams[] = [];
  for (const factors of axes.factors) for (const epochs of axes.epochs) for (const lr of axes.lr) for (const reg of axes.reg) combos.push({ ...fixed, factors, epochs, lr, reg });
  const inner = 3;
  const { rows, best } = await nestedGrid(algo, combos, nU, nI, train, test, inner, fixed.seed ?? 42, (r, n) =>
    log(`grid ${n}/${combos.length}: ${Object.entries(r.params).map(([k, v]) => `${k} ${v}`).join(', ')}: inner CV RMSE ${r.cvRmse.toFixed(4)} (${r.fitSeconds.toFixed(1)} s a fit)`),
  );
  const cols = bayes ? ['rank', 'sweeps'] : ['factors', 'epochs', 'lr', 'reg'];
  const head = ['rank', ...cols.map((c) => (c === 'rank' ? 'factors' : c)), `CV RMSE (${inner} folds of train)`, 'fit s'];
  const body = rows.map((r, n) => [String(n + 1), ...cols.map((c) => String(r.params[c])), r.cvRmse.toFixed(4), r.fitSeconds.toFixed(1)]);
  return [
    `${algo} grid: each setting scored by ${inner}-fold cross-validation of the ${train.users.length.toLocaleString('en-US')} training ratings only (nested: the test file plays no part in the choice)`,
    ...formatTable(head, body, () => false),
    `chosen: ${cols.map((c) => `${c} ${best.params[c]}`).join(', ')}; on the ${test.users.length.toLocaleString('en-US')} test ratings: RMSE ${best.rmse.toFixed(4)}, MAE ${best.mae.toFixed(4)}`,
  ].join('\n');
}
