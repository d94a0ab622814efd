import type { Command } from 'commander';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { ingestPack, formatIngestReport } from '../core/ingest/run.js';
import { Registry, modelsDirFor, type ModelRun } from '../core/registry/registry.js';
import { setAsideShown } from '../core/registry/shown.js';
import { acquireLock } from '../core/warehouse/lock.js';
import { driftBetween } from '../core/profile/store.js';
import { formatDrift, type Drift } from '../core/profile/drift.js';
import { keepDriftWithRuns } from '../core/registry/drift.js';
import type { Pack, PackModels } from '../core/pack.js';
import { PACKS } from '../packs/index.js';
import { log } from './log.js';
import { publishPromoted, trainUnpromoted } from './train.js';
import { checkPublishTarget } from './publish.js';
import { checkWarehouseOf, integerOption, packWithModels } from './usage.js';

export interface Decision {
  promote: boolean;
  reason: string;
}

/**
 * Promote the candidate unless its main metric is worse than the live version's. Without a live
 * version, or a live version never evaluated, the candidate wins; a candidate without the metric
 * never replaces an evaluated live version.
 */
export function decidePromotion(main: PackModels['main'], live: ModelRun | undefined, candidate: ModelRun | undefined): Decision {
  const name = `${main.model} ${main.metric}`;
  const cand = candidate?.metrics?.[main.metric];
  const old = live?.metrics?.[main.metric];
  if (!candidate) return { promote: false, reason: `no ${main.model} run was trained` };
  if (!live) return { promote: true, reason: `no live ${main.model} yet` };
  if (old === undefined) return { promote: true, reason: `the live ${main.model} (${live.id}) was never evaluated` };
  if (cand === undefined) return { promote: false, reason: `the candidate has no ${main.metric} to compare with the live ${old.toFixed(4)}` };
  const notWorse = main.higherIsBetter ? cand >= old : cand <= old;
  const verdict = `${name} ${cand.toFixed(4)} vs live ${old.toFixed(4)} (${main.higherIsBetter ? 'higher' : 'lower'} is better)`;
  return notWorse ? { promote: true, reason: `${verdict}: not worse` } : { promote: false, reason: `${verdict}: worse, the live version stays` };
}

// the set-aside of the live report and cards, shared with `recops train`
export { setAsideShown } from '../core/registry/shown.js';

export interface RetrainOptions {
  from: string;
  db: string;
  seed: string;
  k: string;
  /** build the candidate even when a source keeps no record (see `recops ingest --allow-empty`) */
  allowEmpty?: boolean;
  /** publish what is promoted to this shared store (redis://HOST:PORT) */
  store?: string;
}

/**
 * New raw data → a candidate warehouse beside the live one → evaluation → models trained but not
 * promoted → the main metric compared with the live version's → if not worse, the candidate
 * warehouse replaces the live one (atomic rename) and its models become live; else both are
 * set aside (the registry keeps the runs). Killed at any point, the live warehouse and models
 * are untouched.
 */
export async function retrain(packName: string, opts: RetrainOptions): Promise<Decision> {
  const { pack, models } = packWithModels(packName);
  const seed = integerOption('--seed', opts.seed);
  const k = integerOption('--k', opts.k, 1, 1000);
  // the live warehouse, if there is one, must be this pack's: checked before the long work
  if (existsSync(opts.db)) await checkWarehouseOf(pack, opts.db, 'retrain');
  const store = opts.store ? await checkPublishTarget(pack, opts.store) : undefined;
  const candidateDb = opts.db.replace(/(\.duckdb)?$/, '.candidate.duckdb');
  // the live warehouse (replaced on promotion) and the models folder, each one writer at a time
  const dbLock = acquireLock(opts.db);
  let modelsLock;
  try {
    modelsLock = acquireLock(modelsDirFor(opts.db));
  } catch (err) {
    dbLock.release();
    throw err;
  }
  let decision: Decision;
  try {
    decision = await retrainLocked(pack, models, { ...opts, seed, k, candidateDb });
  } finally {
    modelsLock.release();
    dbLock.release();
  }
  if (store && decision.promote) await publishPromoted(pack, opts.db, store);
  else if (store) log(`retrain ${pack.name}: nothing published: the live version stays, in the store too`);
  return decision;
}

async function retrainLocked(pack: Pack, models: PackModels, opts: Omit<RetrainOptions, 'seed' | 'k'> & { seed: number; k: number; candidateDb: string }): Promise<Decision> {
  const { seed, candidateDb } = opts;
  const registry = new Registry(modelsDirFor(opts.db));
  const liveBefore = registry.live(pack.name, models.main.model);
  const shown = setAsideShown(modelsDirFor(opts.db), pack.name);
  let promoted = false;
  try {
    log(`retrain ${pack.name}: 1/4 ingest ${opts.from} into the candidate warehouse ${candidateDb}`);
    log(formatIngestReport(await ingestPack(pack, { from: opts.from, db: candidateDb, log, allowEmpty: opts.allowEmpty })));
    // what changed in the data, for the reader of the decision below (it does not enter the rule);
    // kept with the candidate's runs once they are trained, promoted or not
    let drift: Drift | undefined;
    if (existsSync(opts.db)) {
      try {
        drift = await driftBetween(opts.db, candidateDb, pack, log);
        log(formatDrift(drift));
      } catch (err) {
        log(`retrain ${pack.name}: no drift report (${(err as Error).message}); the retrain goes on`);
      }
    }
    log(`retrain ${pack.name}: 2/4 evaluate`);
    log((await models.evaluate(candidateDb, { seed, k: opts.k, log })).text);
    log(`retrain ${pack.name}: 3/4 train (not promoted yet)`);
    const { summary, runs } = await trainUnpromoted(pack, models, candidateDb, { seed, log });
    log(summary);
    if (drift) {
      const files = keepDriftWithRuns(modelsDirFor(opts.db), runs, drift);
      log(`retrain ${pack.name}: the drift is kept with the runs: ${files.join(', ')}`);
    }
    const decision = decidePromotion(models.main, liveBefore, runs.find((r) => r.model === models.main.model));
    log(`retrain ${pack.name}: 4/4 ${decision.promote ? 'promote' : 'keep the live version'}: ${decision.reason}`);
    if (decision.promote) {
      renameSync(candidateDb, opts.db);
      registry.promote(runs.map((r) => r.id));
      promoted = true;
      log(`retrain ${pack.name}: live now ${runs.map((r) => r.id).join(', ')} on ${opts.db}; running servers pick the models up on their next registry check`);
    }
    return decision;
  } finally {
    if (existsSync(candidateDb)) rmSync(candidateDb, { force: true });
    // the report and cards of a candidate that stays a candidate are not shown as the live ones'
    if (promoted) shown.drop();
    else shown.restore();
  }
}

export function registerRetrain(program: Command): void {
  program
    .command('retrain')
    .description('ingest new raw data into a candidate warehouse, evaluate, train, and promote the new models (and warehouse) only if the main metric is not worse than the live version\'s')
    .argument('<pack>', `dataset pack: ${PACKS.filter((p) => p.models).map((p) => p.name).join(' | ')}`)
    .requiredOption('--from <dir>', 'folder holding the new raw files')
    .requiredOption('--db <file>', 'the live warehouse (env RECOPS_DB); replaced only on promotion', process.env.RECOPS_DB?.split(',')[0])
    .option('--seed <n>', 'seed of the evaluation split and the models', '42')
    .option('--k <n>', 'cut-off of ranking metrics', '10')
    .option('--allow-empty', 'build the candidate even when a raw file keeps no record (by default that fails the retrain, the live version staying)')
    .option('--store <url>', 'when the candidate is promoted, publish it to this shared store as `recops publish` does: redis://HOST:PORT (checked before the long work; env RECOPS_STORE)', process.env.RECOPS_STORE)
    .addHelpText(
      'after',
      `
Main metrics: ${PACKS.filter((p) => p.models)
        .map((p) => `${p.name}: ${p.models!.main.model} ${p.models!.main.metric} (${p.models!.main.higherIsBetter ? 'higher' : 'lower'} is better)`)
        .join('; ')}.
Every run stays in the registry (\`recops models\`), promoted or not; a train that fails marks its runs
failed. Exit code 3 when the live version stays, 2 for a wrong pack or warehouse, 1 when a step
fails (the live warehouse and models then stay too). One retrain, train or eval at a time per models
folder, and no ingest into the live warehouse meanwhile (the lock files name the holder).`,
    )
    .action(async (packName: string, opts: RetrainOptions) => {
      const decision = await retrain(packName, opts);
      if (!decision.promote) process.exitCode = 3;
    });
}
