import type { Command } from 'commander';
import { PACKS } from '../packs/index.js';
import { log } from './log.js';
import { evalRatings, RATINGS_HELP, type EvalRatingsOptions } from './eval-ratings.js';
import { DEFAULT_RATING_ALGO, RATING_ALGOS } from '../core/eval/rating-eval.js';
import type { Pack, PackModels } from '../core/pack.js';
import { Registry, modelsDirFor, type ModelRun } from '../core/registry/registry.js';
import { setAsideShown } from '../core/registry/shown.js';
import { withLock } from '../core/warehouse/lock.js';
import { checkWarehouseOf, integerOption, modelsOf, packWithModels, UsageError } from './usage.js';
import { checkPublishTarget, publishPack } from './publish.js';

function seedOf(raw: string): number {
  return integerOption('--seed', raw);
}

/** A train that failed: its runs are in the registry as failed, nothing of it went live. */
export class TrainFailedError extends Error {
  constructor(
    message: string,
    readonly runs: ModelRun[],
  ) {
    super(message);
    this.name = 'TrainFailedError';
  }
}

/**
 * Runs a pack's train without promoting anything and returns the runs it registered. If it
 * fails midway, the runs it registered so far are recorded as failed with the reason (they can
 * never be promoted) and a TrainFailedError says so. The same for every pack: a pack's train
 * registers its models one by one, and only the caller knows when all of them are done.
 */
export async function trainUnpromoted(pack: Pack, models: PackModels, db: string, opts: { seed: number; log: (m: string) => void }): Promise<{ summary: string; runs: ModelRun[] }> {
  const registry = new Registry(modelsDirFor(db));
  const before = new Set(registry.read().runs.map((r) => r.id));
  const newRuns = () => registry.read().runs.filter((r) => r.pack === pack.name && !before.has(r.id));
  try {
    const summary = await models.train(db, { ...opts, promote: false });
    return { summary, runs: newRuns() };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    const runs = newRuns();
    registry.markFailed(
      runs.map((r) => r.id),
      reason,
    );
    const live = Object.entries(registry.read().live).filter(([k]) => k.startsWith(`${pack.name}/`));
    throw new TrainFailedError(
      `train ${pack.name} failed: ${reason}\n` +
        (runs.length ? `its run(s) ${runs.map((r) => r.id).join(', ')} are recorded as failed (\`recops models\`); ` : '') +
        `nothing of it went live: ${live.length ? `the live versions stay (${live.map(([k, id]) => `${k} ${id}`).join(', ')})` : `${pack.name} has no live models`}`,
      runs,
    );
  }
}

/**
 * `recops train`: the pack's warehouse checked first, the models folder locked, the pack's
 * models trained unpromoted, then all of them promoted in one registry write, and only if the
 * whole train succeeded. On failure the report and model cards it wrote are replaced by the
 * live ones again, so what the server and the model page show stays consistent.
 */
export async function trainAndPromote(pack: Pack, db: string, opts: { seed: number; log: (m: string) => void }): Promise<string> {
  const models = modelsOf(pack);
  await checkWarehouseOf(pack, db, 'train');
  const modelsDir = modelsDirFor(db);
  return withLock(
    modelsDir,
    async () => {
      const shown = setAsideShown(modelsDir, pack.name);
      let promoted = false;
      try {
        const { summary, runs } = await trainUnpromoted(pack, models, db, opts);
        new Registry(modelsDir).promote(runs.map((r) => r.id));
        promoted = true;
        return `${summary}\nlive now: ${runs.map((r) => r.id).join(', ')}`;
      } finally {
        if (promoted) shown.drop();
        else shown.restore();
      }
    },
    opts.log,
  );
}

/** After a promotion: publishes it; a failure says the models are live here but not in the store. */
export async function publishPromoted(pack: Pack, db: string, store: URL[]): Promise<void> {
  try {
    await publishPack(pack, db, store);
  } catch (err) {
    throw new Error(`${pack.name}: the new models are live in ${modelsDirFor(db)}, but publishing them to the shared store failed (${(err as Error).message}); publish them with \`recops publish ${pack.name} --db ${db} --store URL\``);
  }
}

/** `recops eval` on a pack: it writes the report (and metrics of live runs) in the models folder. */
export async function evaluateLocked(pack: Pack, db: string, opts: { seed: number; k: number; log: (m: string) => void }): Promise<string> {
  const models = modelsOf(pack);
  await checkWarehouseOf(pack, db, 'eval');
  return withLock(modelsDirFor(db), async () => (await models.evaluate(db, opts)).text, opts.log);
}

export function registerTrain(program: Command): void {
  program
    .command('train')
    .description('fit a pack\'s models on all the data of a warehouse; save artifacts in models/ beside it, register and promote them, write model cards')
    .argument('<pack>', `dataset pack: ${PACKS.filter((p) => p.models).map((p) => p.name).join(' | ')}`)
    .requiredOption('--db <file>', 'warehouse file (read-only)', process.env.RECOPS_DB)
    .option('--seed <n>', 'random seed; one seed gives identical artifacts', '42')
    .option('--store <url>', `then publish the pack with its new models to this shared store, as \`recops publish\` does: redis://HOST:PORT (packs: ${PACKS.filter((p) => p.store).map((p) => p.name).join(', ')}) (env RECOPS_STORE)`, process.env.RECOPS_STORE)
    .addHelpText(
      'after',
      `
The models go live together, in one registry write, only when every one of them was trained: a
train that fails leaves the live versions, model cards and report as they were, and its runs are
listed as failed by \`recops models\`. One train, eval or retrain at a time per models folder
(models.lock beside it names the holder); exit 2 for a wrong pack or warehouse.
With --store, the store is checked before training (a wrong URL or a stopped Redis fails at once),
and the promoted models are published to it (\`recops serve --store\` replicas switch to them).`,
    )
    .action(async (packName: string, opts: { db: string; seed: string; store?: string }) => {
      const { pack } = packWithModels(packName);
      const seed = seedOf(opts.seed);
      const store = opts.store ? await checkPublishTarget(pack, opts.store) : undefined;
      log(await trainAndPromote(pack, opts.db, { seed, log }));
      if (store) await publishPromoted(pack, opts.db, store);
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
      const { pack } = packWithModels(packName);
      if (!opts.db) throw new UsageError(`--db is required for a pack: the warehouse to evaluate on (or set RECOPS_DB)`);
      const k = integerOption('--k', opts.k, 1, 1000);
      process.stdout.write((await evaluateLocked(pack, opts.db, { seed: seedOf(opts.seed), k, log })) + '\n');
    });
}
