/**
 * `recops eval ratings`: the rating predictors on anyone's ratings CSV. One train/test pair, or
 * K-fold cross-validation of one file, or a grid search; JSON or a table on stdout, progress on
 * stderr.
 */
import { readRatingsCsv, RATING_COLUMNS } from '../core/ingest/ratings-csv.js';
import { evaluateRatings, kFolds, RATING_ALGOS, selectFold, type AlgoParams, type RatingAlgo, type RatingEval, type Triplets } from '../core/eval/ratings.js';
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
ratings (any CSV with a header naming ${RATING_COLUMNS.user[0]}, ${RATING_COLUMNS.item[0]} (or ${RATING_COLUMNS.item[2]}) and ${RATING_COLUMNS.rating[0]}, in any order; other columns ignored):
  recops eval ratings --train train.csv --test test.csv [--algo svd] [--factors 100 --epochs 20 --lr 0.005 --reg 0.02]
      prints {"algo", "params", "rmse", "mae", "n_test", "fit_seconds"}
  recops eval ratings --file ratings.csv --folds 5 [--algo svdpp]
      K-fold cross-validation: each fold's figures, then their mean and standard deviation
  recops eval ratings --train train.csv --test test.csv --grid [--algo svd]
      every combination of factors × epochs × lr × reg, as a table sorted by RMSE
  algorithms: ${RATING_ALGOS.join(', ')} (global_mean and baseline are the baselines)`;

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
  if (!(RATING_ALGOS as readonly string[]).includes(raw)) throw new UsageError(`--algo must be one of ${RATING_ALGOS.join(', ')}, got '${raw}'`);
  return raw as RatingAlgo;
}

const epochLog = (label: string) => (e: number, s: number) => log(`${label}: epoch ${e + 1} in ${s.toFixed(2)} s`);

function reportSkipped(f: { path: string; skipped: number; skippedExample: string | null; users: Int32Array }) {
  log(`${f.path}: ${f.users.length.toLocaleString('en-US')} ratings${f.skipped ? `; ${f.skipped.toLocaleString('en-US')} rows skipped (rating not a number or an id empty), first at ${f.skippedExample}` : ''}`);
}

export async function evalRatings(o: EvalRatingsOptions): Promise<string> {
  const algo = algoOf(o.algo);
  const params = paramsOf(o);
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

/** Factors × epochs × lr × reg around the defaults (a flag given fixes that axis). */
async function gridSearch(algo: RatingAlgo, fixed: AlgoParams, nU: number, nI: number, train: Triplets, test: Triplets): Promise<string> {
  if (algo === 'global_mean' || algo === 'baseline') throw new UsageError(`--grid searches the factor models (svd, svdpp); ${algo} has nothing to tune here`);
  const axes = {
    factors: fixed.factors !== undefined ? [fixed.factors] : [20, 50, 100],
    epochs: fixed.epochs !== undefined ? [fixed.epochs] : [10, 20, 30],
    lr: fixed.lr !== undefined ? [fixed.lr] : [0.002, 0.005, 0.01],
    reg: fixed.reg !== undefined ? [fixed.reg] : [0.02, 0.05, 0.1],
  };
  const rows: RatingEval[] = [];
  const total = axes.factors.length * axes.epochs.length * axes.lr.length * axes.reg.length;
  for (const factors of axes.factors)
    for (const epochs of axes.epochs)
      for (const lr of axes.lr)
        for (const reg of axes.reg) {
          const r = await evaluateRatings(algo, { ...fixed, factors, epochs, lr, reg }, nU, nI, train, test);
          rows.push(r);
          log(`grid ${rows.length}/${total}: factors ${factors}, epochs ${epochs}, lr ${lr}, reg ${reg}: RMSE ${r.rmse.toFixed(4)} (${r.fit_seconds.toFixed(1)} s)`);
        }
  rows.sort((a, b) => a.rmse - b.rmse);
  const head = ['rank', 'factors', 'epochs', 'lr', 'reg', 'RMSE', 'MAE', 'fit s'];
  const body = rows.map((r, n) => [String(n + 1), String(r.params.factors), String(r.params.epochs), String(r.params.lr), String(r.params.reg), r.rmse.toFixed(4), r.mae.toFixed(4), r.fit_seconds.toFixed(1)]);
  return [`${algo} grid on ${test.users.length.toLocaleString('en-US')} test ratings, sorted by RMSE`, ...formatTable(head, body, () => false)].join('\n');
}
