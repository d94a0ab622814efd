/**
 * The Steam recommenders: what they learn from (users' libraries, weighted by playtime), how they
 * are trained, evaluated and loaded for serving. Kernels live in src/core/models; the evaluation
 * protocol in src/core/eval.
 */
import { copyFileSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { csrFromCoo, nnz, type Csr } from '../../core/models/csr.js';
import { saveArtifact, loadArtifact } from '../../core/models/io.js';
import { Popularity } from '../../core/models/popularity.js';
import { ItemKnn } from '../../core/models/itemknn.js';
import { Als } from '../../core/models/als.js';
import { historyOf, type Recommender } from '../../core/models/recommender.js';
import { loadModel } from '../../core/models/load.js';
import { perUserLeaveOut } from '../../core/eval/splits.js';
import { evaluateRanking, type RankingMetrics } from '../../core/eval/metrics.js';
import { readNumericColumns, readStrings, readWarehouse } from '../../core/warehouse/read.js';
import { Registry, dataFingerprint, modelsDirFor, readReportFor, type ModelRun } from '../../core/registry/registry.js';
import { reportPath, writeReport, type Evaluation, type EvaluationReport, type MetricSpec } from '../../core/registry/report.js';
import { trainingRun, type TrainingRun } from '../../core/registry/run.js';
import { notEvaluatedYet, writeModelCard } from '../../core/registry/model-card.js';
import type { Log } from '../../core/ingest/progress.js';
import type { PackModels } from '../../core/pack.js';
import { evaluatePrice, formatPriceReport, trainPriceModels } from './price.js';
import { evaluateSentiment, formatSentimentReport, loadReviewSample, reviewSamplePath } from './sentiment.js';
import { formatTable } from '../../core/text/table.js';

export const RECOMMENDERS = ['popularity', 'itemknn', 'als'] as const;
export type RecommenderName = (typeof RECOMMENDERS)[number];

export interface SteamInteractions {
  /** dense index → user_id */
  users: string[];
  /** dense index → item_id (every game of the catalogue and every id seen in a library) */
  items: string[];
  /** user × item, value = 1 + ln(1 + hours played) */
  userItems: Csr;
  fingerprint: string;
}

/** Confidence of an owned game grows with the log of hours played; owning counts for 1. */
export const PLAYTIME_WEIGHT_SQL = '1 + ln(1 + playtime_forever / 60.0)';

export async function loadInteractions(conn: DuckDBConnection): Promise<SteamInteractions> {
  await conn.run(`CREATE OR REPLACE TEMP TABLE model_users AS
    SELECT user_id, (row_number() OVER (ORDER BY user_id) - 1)::INTEGER AS u FROM (SELECT DISTINCT user_id FROM user_items)`);
  await conn.run(`CREATE OR REPLACE TEMP TABLE model_items AS
    SELECT item_id, (row_number() OVER (ORDER BY item_id) - 1)::INTEGER AS i
    FROM (SELECT item_id FROM games UNION SELECT DISTINCT item_id FROM user_items)`);
  const users = await readStrings(conn, 'SELECT user_id FROM model_users ORDER BY u');
  const items = await readStrings(conn, 'SELECT item_id FROM model_items ORDER BY i');
  const [u, i, w] = await readNumericColumns(
    conn,
    `SELECT mu.u, mi.i, ${PLAYTIME_WEIGHT_SQL} FROM user_items ui JOIN model_users mu USING (user_id) JOIN model_items mi USING (item_id)`,
    ['i32', 'i32', 'f32'],
  );
  const userItems = csrFromCoo(users.length, items.length, u as Int32Array, i as Int32Array, w as Float32Array);
  const fingerprint = await dataFingerprint(conn, String(nnz(userItems)));
  return { users, items, userItems, fingerprint };
}

export interface SteamModelParams {
  seed: number;
  factors?: number;
  iterations?: number;
  k?: number;
}

export function makeRecommender(name: RecommenderName, p: SteamModelParams): Recommender {
  switch (name) {
    case 'popularity':
      return new Popularity();
    case 'itemknn':
      return new ItemKnn({ k: p.k ?? 50, shrink: 10 });
    case 'als':
      return new Als({ factors: p.factors ?? 32, iterations: p.iterations ?? 10, regularization: 0.05, alpha: 2, cgSteps: 3, seed: p.seed });
  }
}

const RANKING = ['precision', 'recall', 'ndcg', 'map', 'coverage'] as const;

export const RANKING_METRICS: MetricSpec[] = [
  { name: 'precision', higherIsBetter: true, description: 'share of the top K that are held-out games of the user' },
  { name: 'recall', higherIsBetter: true, description: "share of the user's held-out games in the top K" },
  { name: 'ndcg', higherIsBetter: true, description: 'normalised discounted cumulative gain of the top K' },
  { name: 'map', higherIsBetter: true, description: 'mean average precision of the top K' },
  { name: 'coverage', higherIsBetter: true, description: 'share of the catalogue recommended to someone' },
];

export interface EvalReport extends EvaluationReport {
  pack: 'steam';
  split: { kind: 'per-user leave-out'; fraction: number; minItems: number; seed: number; testUsers: number; trainInteractions: number };
  k: number;
  models: Record<string, RankingMetrics & { fitSeconds: number; evalSeconds: number }>;
  /** ALS NDCG@K / popularity NDCG@K; the goal is ≥ 1.5 */
  alsOverPopularityNdcg: number;
}

/** Per-user leave-out evaluation of every recommender, popularity included, in one report. */
export async function evaluateSteam(db: string, opts: { seed: number; k?: number; log: Log; params?: Partial<SteamModelParams> }): Promise<EvalReport> {
  const k = opts.k ?? 10;
  const data = await readWarehouse(db, loadInteractions);
  const split = perUserLeaveOut(data.userItems, { fraction: 0.2, minItems: 5, seed: opts.seed });
  opts.log(`eval: ${data.users.length.toLocaleString('en-US')} users, ${data.items.length.toLocaleString('en-US')} items, ${split.test.size.toLocaleString('en-US')} test users`);
  const models: EvalReport['models'] = {};
  for (const name of RECOMMENDERS) {
    const model = makeRecommender(name, { seed: opts.seed, ...opts.params });
    let t = Date.now();
    await model.fit(split.train);
    const fitSeconds = (Date.now() - t) / 1000;
    t = Date.now();
    const metrics = evaluateRanking(split.test, data.items.length, k, (u) => model.recommend(u, historyOf(split.train, u), k).map((s) => s.item));
    models[name] = { ...metrics, fitSeconds, evalSeconds: (Date.now() - t) / 1000 };
    opts.log(`eval: ${name} fit ${fitSeconds.toFixed(1)} s, NDCG@${k} ${metrics.ndcg.toFixed(4)}`);
  }
  return {
    pack: 'steam',
    dataFingerprint: data.fingerprint,
    split: { kind: 'per-user leave-out', fraction: 0.2, minItems: 5, seed: opts.seed, testUsers: split.test.size, trainInteractions: nnz(split.train) },
    k,
    models,
    alsOverPopularityNdcg: models.popularity.ndcg > 0 ? models.als.ndcg / models.popularity.ndcg : Infinity,
    createdAt: new Date().toISOString(),
    metrics: RANKING_METRICS,
    rows: RECOMMENDERS.map((name) => ({ label: name, baseline: name === 'popularity', model: name, metrics: pickRanking(models[name]), fitSeconds: models[name].fitSeconds })),
  };
}

export function formatEvalReport(r: EvalReport): string {
  const head = ['model', `P@${r.k}`, `R@${r.k}`, `NDCG@${r.k}`, `MAP@${r.k}`, 'coverage', 'fit s', 'eval s'];
  const rows = Object.entries(r.models).map(([name, m]) => [name, m.precision.toFixed(4), m.recall.toFixed(4), m.ndcg.toFixed(4), m.map.toFixed(4), m.coverage.toFixed(4), m.fitSeconds.toFixed(1), m.evalSeconds.toFixed(1)]);
  return [
    `per-user leave-out (20 % of each library with ≥ 5 games, seed ${r.split.seed}): ${r.split.testUsers.toLocaleString('en-US')} test users`,
    ...formatTable(head, rows),
    `ALS NDCG@${r.k} = ${r.alsOverPopularityNdcg.toFixed(2)} × popularity's (goal ≥ 1.5)`,
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Training for serving: fit on all the data, save artifacts, register, write model cards.

export interface TrainReport {
  runs: ModelRun[];
  modelsDir: string;
  seconds: number;
}

/** The recommenders alone, as one training run (the pack's train adds the price models to its run). */
export async function trainSteam(db: string, opts: { seed: number; log: Log; params?: Partial<SteamModelParams>; promote?: boolean }): Promise<TrainReport> {
  const started = Date.now();
  const data = await readInteractions(db, opts.log);
  const { runs, modelsDir } = await trainingRun(db, 'steam', opts, (run) => trainRecommenders(run, data, opts));
  return { runs, modelsDir, seconds: (Date.now() - started) / 1000 };
}

async function readInteractions(db: string, log: Log): Promise<SteamInteractions> {
  const data = await readWarehouse(db, loadInteractions);
  log(`train: ${data.users.length.toLocaleString('en-US')} users × ${data.items.length.toLocaleString('en-US')} items, ${nnz(data.userItems).toLocaleString('en-US')} library rows`);
  return data;
}

async function trainRecommenders(run: TrainingRun, data: SteamInteractions, opts: { seed: number; log: Log; params?: Partial<SteamModelParams> }): Promise<ModelRun[]> {
  // ids and the libraries (for "exclude what the user owns") are shared by every model of the run
  writeFileSync(join(run.dir, 'users.json'), JSON.stringify(data.users));
  writeFileSync(join(run.dir, 'items.json'), JSON.stringify(data.items));
  saveArtifact(join(run.dir, 'libraries'), { kind: 'csr', nRows: data.userItems.nRows, nCols: data.userItems.nCols }, { indptr: data.userItems.indptr, indices: data.userItems.indices, values: data.userItems.values });
  const evalReport = readReportFor<EvalReport>(reportPath(run.modelsDir, 'steam'), data.fingerprint);
  const runs: ModelRun[] = [];
  for (const name of RECOMMENDERS) {
    const t = Date.now();
    const model = makeRecommender(name, { seed: opts.seed, ...opts.params });
    await model.fit(data.userItems);
    const dir = join(run.dir, name);
    model.save(dir);
    const registered = run.register(name, {
      artifact: dir,
      params: { ...model.params },
      dataFingerprint: data.fingerprint,
      metrics: evalReport ? pickMetrics(evalReport.models[name]) : null,
      seconds: (Date.now() - t) / 1000,
    });
    runs.push(registered);
    opts.log(`train: ${name} in ${registered.seconds.toFixed(1)} s → ${dir}`);
  }
  writeModelCards(run.modelsDir, data, runs, evalReport);
  return runs;
}

function pickRanking(m: RankingMetrics): Record<string, number> {
  return Object.fromEntries(RANKING.map((k) => [k, m[k]]));
}

function pickMetrics(m: (RankingMetrics & { fitSeconds: number }) | undefined): Record<string, number> | null {
  if (!m) return null;
  return { k: m.k, users: m.users, precision: m.precision, recall: m.recall, ndcg: m.ndcg, map: m.map, coverage: m.coverage };
}

const LIMITS: Record<RecommenderName, string> = {
  popularity: 'Recommends the same best-sellers to everyone; no personalisation. It is the baseline every other number is read against.',
  itemknn:
    'Cosine similarity between games over who owns them (weighted by log hours). Games nobody owns have no neighbours; the API then falls back to content (shared genres, tags and developer). Users with huge libraries dominate the similarities of niche games.',
  als: 'Implicit ALS learns from ownership and playtime only: it never sees reviews or prices, cannot recommend games absent from every library, and must be retrained to know new users (unknown users get popular games in their genres).',
};

export function writeModelCards(modelsDir: string, data: SteamInteractions, runs: ModelRun[], report: EvalReport | null): void {
  for (const run of runs) {
    const name = run.model as RecommenderName;
    const m = report?.models[name];
    const base = report?.models.popularity;
    const metrics =
      m && base && report
        ? [
            `Per-user leave-out: 20 % of each library with ≥ 5 games held out (seed ${report.split.seed}); ${report.split.testUsers.toLocaleString('en-US')} test users; K = ${report.k}.`,
            '',
            '| metric | this model | popularity baseline |',
            '|---|---|---|',
            ...RANKING.map((k) => `| ${k}@${report.k} | ${m[k].toFixed(4)} | ${base[k].toFixed(4)} |`),
          ].join('\n')
        : notEvaluatedYet('steam');
    writeModelCard(modelsDir, 'steam', name, {
      title: `steam / ${name}`,
      facts: [
        ['Run', `\`${run.id}\`, trained ${run.createdAt} in ${run.seconds.toFixed(1)} s`],
        ['Data', `warehouse fingerprint \`${run.dataFingerprint}\`; ${data.users.length.toLocaleString('en-US')} users × ${data.items.length.toLocaleString('en-US')} games, ${nnz(data.userItems).toLocaleString('en-US')} library rows (all of them, never sampled); weight = ${PLAYTIME_WEIGHT_SQL}`],
        ['Parameters', `\`${JSON.stringify(run.params)}\``],
        ['Artifact', `\`${run.artifact}\``],
      ],
      sections: [
        { heading: 'Metrics (with the baseline beside them)', body: metrics },
        { heading: 'Limits', body: LIMITS[name] },
      ],
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Serving

export interface ServingRecommenders {
  users: string[];
  items: string[];
  libraries: Csr;
  itemknn: ItemKnn;
  als: Als;
  popularity: Popularity;
  runIds: Record<string, string>;
}

/** Loads the live versions (null when nothing has been trained for this warehouse). */
export function loadLiveRecommenders(db: string): ServingRecommenders | null {
  const registry = new Registry(modelsDirFor(db));
  const live = Object.fromEntries(RECOMMENDERS.map((n) => [n, registry.live('steam', n)]));
  if (RECOMMENDERS.some((n) => !live[n])) return null;
  // the models index users and items the same way only within one training run
  const runDirs = new Set(RECOMMENDERS.map((n) => join(registry.artifactPath(live[n]!), '..')));
  if (runDirs.size !== 1) throw new Error(`the live Steam recommenders come from different training runs (${[...runDirs].join(', ')}); promote one run's models together`);
  const [runDir] = runDirs;
  const lib = loadArtifact(join(runDir, 'libraries'), ['indptr', 'indices']);
  return {
    users: JSON.parse(readFileSync(join(runDir, 'users.json'), 'utf8')) as string[],
    items: JSON.parse(readFileSync(join(runDir, 'items.json'), 'utf8')) as string[],
    // serving asks only who owns what (exclusions, owner counts): the playtime weights stay on disk
    libraries: { nRows: lib.meta.nRows as number, nCols: lib.meta.nCols as number, indptr: lib.arrays.indptr as Int32Array, indices: lib.arrays.indices as Int32Array, values: new Float32Array(0) },
    itemknn: loadModel(registry.artifactPath(live.itemknn!), ItemKnn),
    als: loadModel(registry.artifactPath(live.als!), Als),
    popularity: loadModel(registry.artifactPath(live.popularity!), Popularity),
    runIds: Object.fromEntries(RECOMMENDERS.map((n) => [n, live[n]!.id])),
  };
}

// ---------------------------------------------------------------------------------------------
// What the CLI calls (Pack.models)

export const steamModels: PackModels = {
  names: [...RECOMMENDERS],
  main: { model: 'als', metric: 'ndcg', higherIsBetter: true, baseline: 'popularity' },
  metrics: RANKING_METRICS,
  async train(db: string, opts: { seed: number; log: Log; promote?: boolean }): Promise<string> {
    const started = Date.now();
    const data = await readInteractions(db, opts.log);
    // the price models are a model of the same run, in its folder: they go live with the
    // recommenders or not at all (a retrain that keeps the live version keeps the live price models)
    const { runs, modelsDir, value: priceSeconds } = await trainingRun(db, 'steam', opts, async (run) => {
      await trainRecommenders(run, data, opts);
      const recommendersSeconds = (Date.now() - started) / 1000;
      const priceDir = join(run.dir, 'price');
      const price = await trainPriceModels(db, priceDir, opts);
      const served = price.report.models[price.report.best];
      run.register('price', {
        artifact: priceDir,
        params: { ...price.report.params, served: price.report.best },
        dataFingerprint: price.report.dataFingerprint,
        metrics: { rmse: served.rmse, mae: served.mae, rmsle: served.rmsle },
        seconds: price.seconds,
      });
      // its card beside the recommenders' cards (the model page shows them)
      copyFileSync(join(priceDir, 'model-card.md'), join(run.modelsDir, 'steam', 'price.md'));
      return { recommenders: recommendersSeconds, price: price.seconds };
    });
    return `trained ${runs.filter((x) => x.model !== 'price').map((x) => x.model).join(', ')} in ${priceSeconds.recommenders.toFixed(1)} s and the price models in ${priceSeconds.price.toFixed(1)} s; artifacts, registry and model cards in ${modelsDir}`;
  },
  async evaluate(db: string, opts: { seed: number; k: number; log: Log }): Promise<Evaluation<EvalReport>> {
    const report = await evaluateSteam(db, opts);
    const modelsDir = modelsDirFor(db);
    const path = writeReport(modelsDir, report);
    // the live runs trained on this same data get these metrics and fresh cards
    const registry = new Registry(modelsDir);
    const live = RECOMMENDERS.map((n) => registry.live('steam', n)).filter((r): r is ModelRun => r?.dataFingerprint === report.dataFingerprint);
    for (const run of live) registry.setMetrics(run.id, pickMetrics(report.models[run.model])!);
    const parts = [formatEvalReport(report), `report: ${path}`];
    // sentiment: the warehouse's reviews with text, and the real 875-review sample when at hand
    const rows = await readWarehouse(db, async (conn) => (await conn.runAndReadAll('SELECT review, recommend FROM reviews WHERE recommend IS NOT NULL')).getRowsJS() as [string, boolean][]);
    parts.push('\nsentiment on this warehouse\'s reviews:', formatSentimentReport(evaluateSentiment(rows.map(([text, recommend]) => ({ text, recommend })))));
    if (existsSync(reviewSamplePath())) parts.push('\nsentiment on the real 875-review sample:', formatSentimentReport(evaluateSentiment(loadReviewSample())));
    parts.push('\nprice prediction:', formatPriceReport(await evaluatePrice(db, opts)));
    return { report, text: parts.join('\n') };
  },
};
