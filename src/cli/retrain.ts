import type { Command } from 'commander';
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ingestPack, formatIngestReport } from '../core/ingest/run.js';
import { Registry, modelsDirFor, type ModelRun } from '../core/registry/registry.js';
import type { PackModels } from '../core/pack.js';
import { findPack, PACKS } from '../packs/index.js';
import { log } from './log.js';

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

/**
 * What a pack shows for its live models (`<models>/<pack>/` but its `runs/`: the evaluation
 * report, the model cards, Steam's price model), copied aside before a retrain writes the
 * candidate's over them, and put back unless the candidate is promoted. A copy left by a
 * retrain that was killed is put back first.
 */
export function setAsideShown(modelsDir: string, pack: string): { restore(): void; drop(): void } {
  const shown = join(modelsDir, pack);
  const aside = join(modelsDir, `.retrain-${pack}-shown`);
  const restore = () => {
    if (!existsSync(aside)) return;
    mkdirSync(shown, { recursive: true });
    for (const f of readdirSync(shown)) if (f !== 'runs') rmSync(join(shown, f), { recursive: true, force: true });
    for (const f of readdirSync(aside)) cpSync(join(aside, f), join(shown, f), { recursive: true });
    rmSync(aside, { recursive: true, force: true });
  };
  restore();
  mkdirSync(aside, { recursive: true });
  if (existsSync(shown)) for (const f of readdirSync(shown)) if (f !== 'runs') cpSync(join(shown, f), join(aside, f), { recursive: true });
  return { restore, drop: () => rmSync(aside, { recursive: true, force: true }) };
}

export interface RetrainOptions {
  from: string;
  db: string;
  seed: string;
  k: string;
}

/**
 * New raw data → a candidate warehouse beside the live one → evaluation → models trained but not
 * promoted → the main metric compared with the live version's → if not worse, the candidate
 * warehouse replaces the live one (atomic rename) and its models become live; else both are
 * set aside (the registry keeps the runs). Killed at any point, the live warehouse and models
 * are untouched.
 */
export async function retrain(packName: string, opts: RetrainOptions): Promise<Decision> {
  const pack = findPack(packName);
  if (!pack.models) throw new Error(`pack '${pack.name}' has no models; packs with models: ${PACKS.filter((p) => p.models).map((p) => p.name).join(', ')}`);
  const seed = Number(opts.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got '${opts.seed}'`);
  const candidateDb = opts.db.replace(/(\.duckdb)?$/, '.candidate.duckdb');
  const registry = new Registry(modelsDirFor(opts.db));
  const liveBefore = registry.live(pack.name, pack.models.main.model);
  const shown = setAsideShown(modelsDirFor(opts.db), pack.name);
  let promoted = false;
  try {
    log(`retrain ${pack.name}: 1/4 ingest ${opts.from} into the candidate warehouse ${candidateDb}`);
    log(formatIngestReport(await ingestPack(pack, { from: opts.from, db: candidateDb, log })));
    log(`retrain ${pack.name}: 2/4 evaluate`);
    log(await pack.models.evaluate(candidateDb, { seed, k: Number(opts.k), log }));
    log(`retrain ${pack.name}: 3/4 train (not promoted yet)`);
    const before = new Set(registry.read().runs.map((r) => r.id));
    log(await pack.models.train(candidateDb, { seed, log, promote: false }));
    const runs = registry.read().runs.filter((r) => r.pack === pack.name && !before.has(r.id));
    const decision = decidePromotion(pack.models.main, liveBefore, runs.find((r) => r.model === pack.models!.main.model));
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
    .addHelpText(
      'after',
      `
Main metrics: ${PACKS.filter((p) => p.models)
        .map((p) => `${p.name}: ${p.models!.main.model} ${p.models!.main.metric} (${p.models!.main.higherIsBetter ? 'higher' : 'lower'} is better)`)
        .join('; ')}.
Every run stays in the registry (\`recops models\`), promoted or not. Exit code 3 when the live version stays.`,
    )
    .action(async (packName: string, opts: RetrainOptions) => {
      const decision = await retrain(packName, opts);
      if (!decision.promote) process.exitCode = 3;
    });
}
