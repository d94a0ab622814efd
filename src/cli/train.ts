import type { Command } from 'commander';
import { findPack, PACKS } from '../packs/index.js';
import { log } from './log.js';

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
    .description('offline evaluation of a pack\'s models, each next to a baseline; prints a table and writes models/<pack>/report.json')
    .argument('<pack>', `dataset pack: ${PACKS.filter((p) => p.models).map((p) => p.name).join(' | ')}`)
    .requiredOption('--db <file>', 'warehouse file (read-only)', process.env.RECOPS_DB)
    .option('--seed <n>', 'seed of the split and the models', '42')
    .option('--k <n>', 'cut-off of the ranking metrics', '10')
    .action(async (packName: string, opts: { db: string; seed: string; k: string }) => {
      const { models } = packWithModels(packName);
      const k = Number(opts.k);
      if (!Number.isInteger(k) || k < 1 || k > 1000) throw new Error(`--k must be an integer from 1 to 1000, got '${opts.k}'`);
      process.stdout.write((await models.evaluate(opts.db, { seed: seedOf(opts.seed), k, log })) + '\n');
    });
}
