import type { Command } from 'commander';
import { findPack, PACKS } from '../packs/index.js';
import { log } from './log.js';
import { evalRatings, RATINGS_HELP, type EvalRatingsOptions } from './eval-ratings.js';
import { DEFAULT_RATING_ALGO, RATING_ALGOS } from '../core/eval/ratings.js';

function packWithModels(name: string) {
  const pack = findPack(name);
  if (!pack.models) throw new Error(`pack '${pack.name}' has no models yet; packs with models: ${PACKS.filter((p) => p.models).map((p) => p.name).join(', ')}`);
  return { pack, models: pack.models };
}

function seedOf(raw: string): number {
  const seed = Number(raw);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got '${raw}'`);
  return seed;
}

export function registerTrain(program: Command): void {
  program
    .command('train')
    .description('fit a pack\'s models on all the data of a warehouse; save artifacts in models/ beside it, register and promote them, write model cards')
    .argument('<pack>', `dataset pack: ${PACKS.filter((p) => p.models).map((p) => p.name).join(' | ')}`)
    .requiredOption('--db <file>', 'warehouse file (read-only)', process.env.RECOPS_DB)
    .option('--seed <n>', 'random seed; one seed gives identical artifacts', '42')
    .action(async (packName: string, opts: { db: string; seed: string }) => {
      const { models } = packWithModels(packName);
      log(await models.train(opts.db, { seed: seedOf(opts.seed), log }));
    });
}

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description("offline evaluation of a pack's models, each next to a baseline (prints a table, writes models/<pack>/report.json); or, with `ratings`, the rating predictors on any ratings CSV")
    .argument('<pack>', `dataset pack: ${PACKS.filter((p) => p.models).map((p) => p.name).join(' | ')}, or 'ratings' for your own ratings files`)
    .option('--db <file>', 'warehouse file (read-only); packs only', process.env.RECOPS_DB)
    .option('--seed <n>', 'seed of the split and the models', '42')
    .option('--k <n>', 'cut-off of the ranking metrics; packs only', '10')
    .option('--train <file>', 'ratings: training ratings CSV')
    .option('--test <file>', 'ratings: test ratings CSV')
    .option('--file <file>', 'ratings: one ratings CSV for K-fold cross-validation (with --folds)')
    .option('--folds <k>', 'ratings: number of folds for --file', '5')
    .option('--grid', 'ratings: search factors × epochs × lr × reg; a table sorted by RMSE')
    .option('--algo <name>', `ratings: ${RATING_ALGOS.join(' | ')}, or all (every one in a table)`, DEFAULT_RATING_ALGO)
    .option('--factors <n>', 'ratings: latent factors (svd default 100, svdpp 20, bayes_* 10)')
    .option('--epochs <n>', 'ratings: SGD epochs (default 20; baseline: ALS sweeps, default 10; bayes_*: Gibbs sweeps, default 400)')
    .option('--lr <x>', 'ratings: SGD learning rate (svd default 0.005, svdpp 0.007)')
    .option('--reg <x>', 'ratings: L2 regularisation (default 0.02)')
    .addHelpText('after', RATINGS_HELP)
    .action(async (packName: string, opts: EvalRatingsOptions & { db?: string; k: string }) => {
      if (packName.toLowerCase() === 'ratings') {
        process.stdout.write((await evalRatings(opts)) + '\n');
        return;
      }
      const { models } = packWithModels(packName);
      if (!opts.db) throw new Error(`--db is required for a pack: the warehouse to evaluate on (or set RECOPS_DB)`);
      const k = Number(opts.k);
      if (!Number.isInteger(k) || k < 1 || k > 1000) throw new Error(`--k must be an integer from 1 to 1000, got '${opts.k}'`);
      process.stdout.write((await models.evaluate(opts.db, { seed: seedOf(opts.seed), k, log })) + '\n');
    });
}
