/**
 * The streaming rating predictors: which ratings they learn from (all of them), how they are
 * evaluated (random 80/20 hold-out, RMSE/MAE next to the global mean and BaselineOnly, as in
 * Surprise's table), trained for serving (biased SVD by SGD) and loaded by the server.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { ratingsFromTriplets, type Ratings } from '../../core/models/ratings.js';
import { Svd } from '../../core/models/svd.js';
import { topForAllUsers } from '../../core/models/svd-top.js';
import { loadModel } from '../../core/models/load.js';
import { evaluateRatings, selectFold, type AlgoParams, type RatingAlgo, type RatingEval, type Triplets } from '../../core/eval/ratings.js';
import { kFolds } from '../../core/eval/splits.js';
import { readNumericColumns, readStrings } from '../../core/warehouse/read.js';
import { forEachChunk, readTyped } from '../../core/models/io.js';
import { openReadOnly } from '../../core/warehouse/warehouse.js';
import { Registry, dataFingerprint, modelsDirFor, newRunId, readReportFor, type ModelRun } from '../../core/registry/registry.js';
import type { Log } from '../../core/ingest/progress.js';
import { formatTable } from '../../core/text/table.js';

export const MODEL = 'svd';
/**
 * The served SVD's parameters, chosen with `recops eval ratings --grid --factors 20` on a separate
 * generated set of 1 M ratings (0.846 RMSE against 0.871 for Surprise's defaults there): the
 * data's taste structure has low rank, so 20 factors trained longer at a higher rate predict
 * better than 100, and serve 5× faster.
 */
export const SERVED_PARAMS: AlgoParams = { factors: 20, epochs: 30, lr: 0.01, reg: 0.05 };

/** The report's rows: both baselines, Surprise's SVD and SVD++ as published, and the served SVD. */
export const VARIANTS: { label: string; algo: RatingAlgo; params: AlgoParams }[] = [
  { label: 'global mean (baseline)', algo: 'global_mean', params: {} },
  { label: 'BaselineOnly (baseline)', algo: 'baseline', params: {} },
  { label: "svd, Surprise's defaults", algo: 'svd', params: {} },
  { label: "svd++, Surprise's defaults", algo: 'svdpp', params: {} },
  { label: 'svd, served', algo: 'svd', params: SERVED_PARAMS },
];

export interface StreamingRatings {
  /** index → ratings.user_id */
  users: number[];
  /** index → titles.id (every title, rated or not, and any rated id) */
  items: string[];
  triplets: Triplets;
  fingerprint: string;
}

export async function loadRatings(conn: DuckDBConnection): Promise<StreamingRatings> {
  await conn.run(`CREATE OR REPLACE TEMP TABLE model_users AS
    SELECT user_id, (row_number() OVER (ORDER BY user_id) - 1)::INTEGER AS u FROM (SELECT DISTINCT user_id FROM ratings)`);
  await conn.run(`CREATE OR REPLACE TEMP TABLE model_items AS
    SELECT id, (row_number() OVER (ORDER BY id) - 1)::INTEGER AS i FROM (SELECT id FROM titles UNION SELECT DISTINCT movie_id FROM ratings)`);
  const users = (await readStrings(conn, 'SELECT user_id FROM model_users ORDER BY u')).map(Number);
  const items = await readStrings(conn, 'SELECT id FROM model_items ORDER BY i');
  const [u, i, r] = await readNumericColumns(conn, 'SELECT mu.u, mi.i, r.rating FROM ratings r JOIN model_users mu USING (user_id) JOIN model_items mi ON mi.id = r.movie_id', ['i32', 'i32', 'f32']);
  const fingerprint = await dataFingerprint(conn, String(u.length));
  return { users, items, triplets: { users: u as Int32Array, items: i as Int32Array, values: r as Float32Array }, fingerprint };
}

async function readAll(db: string): Promise<StreamingRatings> {
  const wh = await openReadOnly(db);
  try {
    return await loadRatings(wh.conn);
  } finally {
    wh.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Evaluation

export interface StreamingEvalReport {
  pack: 'streaming';
  dataFingerprint: string;
  split: { kind: 'random hold-out'; testFraction: 0.2; seed: number; train: number; test: number };
  models: (RatingEval & { label: string })[];
  createdAt: string;
}

/** Every algorithm on one random 80/20 split (Surprise's `train_test_split(test_size=0.2)`). */
export async function evaluateStreaming(db: string, opts: { seed: number; log: Log; variants?: typeof VARIANTS }): Promise<StreamingEvalReport> {
  const data = await readAll(db);
  const folds = kFolds(data.triplets.users.length, 5, opts.seed);
  const train = selectFold(data.triplets, folds, 0, false);
  const test = selectFold(data.triplets, folds, 0, true);
  opts.log(`eval: ${data.users.length.toLocaleString('en-US')} users × ${data.items.length.toLocaleString('en-US')} titles; ${train.users.length.toLocaleString('en-US')} training and ${test.users.length.toLocaleString('en-US')} test ratings`);
  const models: StreamingEvalReport['models'] = [];
  for (const { label, algo, params } of opts.variants ?? VARIANTS) {
    const r = await evaluateRatings(algo, { ...params, seed: opts.seed }, data.users.length, data.items.length, train, test, (e, s) => opts.log(`eval: ${label} epoch ${e + 1} in ${s.toFixed(2)} s`));
    opts.log(`eval: ${label}: RMSE ${r.rmse.toFixed(4)}, MAE ${r.mae.toFixed(4)} (fit ${r.fit_seconds.toFixed(1)} s)`);
    models.push({ label, ...r });
  }
  return {
    pack: 'streaming',
    dataFingerprint: data.fingerprint,
    split: { kind: 'random hold-out', testFraction: 0.2, seed: opts.seed, train: train.users.length, test: test.users.length },
    models,
    createdAt: new Date().toISOString(),
  };
}

export function formatStreamingReport(r: StreamingEvalReport): string {
  const head = ['model', 'RMSE', 'MAE', 'fit s', 'parameters'];
  const rows = r.models.map((m) => [m.label, m.rmse.toFixed(4), m.mae.toFixed(4), m.fit_seconds.toFixed(1), JSON.stringify(m.params)]);
  return [
    `random hold-out of 20 % of the ratings (seed ${r.split.seed}): ${r.split.train.toLocaleString('en-US')} training, ${r.split.test.toLocaleString('en-US')} test`,
    ...formatTable(head, rows, (i) => i === 0 || i === 4),
  ].join('\n');
}

export function reportPath(modelsDir: string): string {
  return join(modelsDir, 'streaming', 'report.json');
}

// ---------------------------------------------------------------------------------------------
// Training for serving

export async function trainStreaming(db: string, opts: { seed: number; log: Log; params?: AlgoParams; promote?: boolean }): Promise<{ run: ModelRun; modelsDir: string }> {
  const started = Date.now();
  const data = await readAll(db);
  opts.log(`train: ${data.users.length.toLocaleString('en-US')} users × ${data.items.length.toLocaleString('en-US')} titles, ${data.triplets.users.length.toLocaleString('en-US')} ratings (all of them)`);
  const ratings = ratingsFromTriplets(data.users.length, data.items.length, data.triplets.users, data.triplets.items, data.triplets.values);
  const model = new Svd({ ...SERVED_PARAMS, ...opts.params, seed: opts.seed });
  await model.fit(ratings, { onProgress: (e, s) => opts.log(`train: ${MODEL} epoch ${e + 1}/${model.params.epochs} in ${s.toFixed(2)} s`) });
  const modelsDir = modelsDirFor(db);
  const registry = new Registry(modelsDir);
  const runId = newRunId();
  const dir = join(modelsDir, 'streaming', 'runs', runId, MODEL);
  model.save(dir);
  // ids and who rated what (never recommend a title the user rated), for serving
  writeFileSync(join(dir, 'users.json'), JSON.stringify(data.users));
  writeFileSync(join(dir, 'items.json'), JSON.stringify(data.items));
  writeFileSync(join(dir, 'rated.bin'), Buffer.from(ratings.items.buffer, ratings.items.byteOffset, ratings.items.byteLength));
  writeFileSync(join(dir, 'rated_indptr.bin'), Buffer.from(ratings.indptr.buffer, ratings.indptr.byteOffset, ratings.indptr.byteLength));
  writeFileSync(join(dir, 'rated_values.bin'), Buffer.from(ratings.values.buffer, ratings.values.byteOffset, ratings.values.byteLength));
  // every user's top titles, so that the common request (n ≤ TOP_K) is a lookup
  const t = Date.now();
  const catalogue = new Set(await catalogueIds(db));
  const top = await topForAllUsers(model, ratings, Uint8Array.from(data.items, (id) => (catalogue.has(id) ? 0 : 1)), TOP_K);
  writeFileSync(join(dir, 'top_items.bin'), Buffer.from(top.items.buffer));
  writeFileSync(join(dir, 'top_scores.bin'), Buffer.from(top.scores.buffer));
  opts.log(`train: top ${TOP_K} titles of every user in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  const report = readReport(modelsDir, data.fingerprint);
  const served = report?.models.find((m) => m.label === 'svd, served');
  const run: ModelRun = {
    id: `${runId}/${MODEL}`,
    pack: 'streaming',
    model: MODEL,
    params: { ...model.params },
    dataFingerprint: data.fingerprint,
    metrics: served ? { rmse: served.rmse, mae: served.mae, n_test: served.n_test } : null,
    artifact: registry.relativeArtifact(dir),
    createdAt: new Date().toISOString(),
    seconds: (Date.now() - started) / 1000,
  };
  registry.add(run, opts.promote ?? true);
  writeModelCard(modelsDir, data, run, report);
  opts.log(`train: ${MODEL} in ${run.seconds.toFixed(1)} s → ${dir}`);
  return { run, modelsDir };
}

/** Recommendations kept per user at train time (larger n are computed per request). */
export const TOP_K = 20;

async function catalogueIds(db: string): Promise<string[]> {
  const wh = await openReadOnly(db);
  try {
    return await readStrings(wh.conn, 'SELECT id FROM titles');
  } finally {
    wh.close();
  }
}

function readReport(modelsDir: string, fingerprint: string): StreamingEvalReport | null {
  return readReportFor<StreamingEvalReport>(reportPath(modelsDir), fingerprint);
}

function writeModelCard(modelsDir: string, data: StreamingRatings, run: ModelRun, report: StreamingEvalReport | null): void {
  const dir = join(modelsDir, 'streaming');
  mkdirSync(dir, { recursive: true });
  const metrics = report
    ? ['```', formatStreamingReport(report), '```'].join('\n')
    : 'Not evaluated on this data yet: run `recops eval streaming --db <warehouse>`, then train again (or read models/streaming/report.json).';
  writeFileSync(
    join(dir, `${MODEL}.md`),
    `# Model card: streaming / ${MODEL}

- **Run**: \`${run.id}\`, trained ${run.createdAt} in ${run.seconds.toFixed(1)} s
- **Data**: warehouse fingerprint \`${run.dataFingerprint}\`; ${data.users.length.toLocaleString('en-US')} users × ${data.items.length.toLocaleString('en-US')} titles, ${data.triplets.users.length.toLocaleString('en-US')} ratings (all of them, never sampled)
- **Parameters**: \`${JSON.stringify(run.params)}\` (biased matrix factorisation by SGD, tuned by grid search on generated ratings)
- **Artifact**: \`${run.artifact}\`

## Metrics (with the baselines beside them)

${metrics}

## Limits

Learns from ratings only (not from genres, cast or text), so a title nobody rated is predicted
at the mean plus nothing, and a user who rated nothing gets the titles' biases (the best-liked
titles). It must be retrained to learn new users and titles.
`,
  );
}

// ---------------------------------------------------------------------------------------------
// Serving

export interface ServingRatings {
  model: Svd;
  userIndex: Map<number, number>;
  items: string[];
  itemIndex: Map<string, number>;
  /** who rated what, compact: item ids as 16 bits when they fit, ratings in half stars (0.5 → 1) */
  rated: RatedLists;
  /** precomputed top TOP_K per user (see core/models/svd-top.ts) */
  top: { items: Int32Array; scores: Float32Array; k: number };
  runId: string;
}

export interface RatedLists {
  indptr: Int32Array;
  items: Uint16Array | Int32Array;
  /** rating × 2 (the streaming scale is 0.5 to 5 in half stars) */
  halfStars: Uint8Array;
}

/**
 * 8 bytes a rating → 3 (11 M ratings: 88 MB → 33 MB of the server's memory), read a chunk at a
 * time so the 32-bit files are never in memory whole.
 */
function compactRated(dir: string, indptr: Int32Array, nItems: number): RatedLists {
  const n = indptr[indptr.length - 1];
  const items = nItems <= 0xffff ? new Uint16Array(n) : new Int32Array(n);
  forEachChunk(join(dir, 'rated.bin'), 'int32', (chunk, start) => items.set(chunk, start));
  const halfStars = new Uint8Array(n);
  forEachChunk(join(dir, 'rated_values.bin'), 'float32', (chunk, start) => {
    for (let k = 0; k < chunk.length; k++) {
      const h = chunk[k] * 2;
      if (!(Number.isInteger(h) && h >= 0 && h <= 255)) throw new Error(`rating ${chunk[k]} is not on the half-star scale the server keeps`);
      halfStars[start + k] = h;
    }
  });
  return { indptr, items, halfStars };
}

export function loadLiveRatings(db: string): ServingRatings | null {
  const registry = new Registry(modelsDirFor(db));
  const live = registry.live('streaming', MODEL);
  if (!live) return null;
  const dir = registry.artifactPath(live);
  const model = loadModel(dir, Svd);
  const users = JSON.parse(readFileSync(join(dir, 'users.json'), 'utf8')) as number[];
  const items = JSON.parse(readFileSync(join(dir, 'items.json'), 'utf8')) as string[];
  const i32 = (f: string) => readTyped(join(dir, f), Int32Array);
  const f32 = (f: string) => readTyped(join(dir, f), Float32Array);
  const rated = compactRated(dir, i32('rated_indptr.bin'), items.length);
  const top = { items: i32('top_items.bin'), scores: f32('top_scores.bin'), k: TOP_K };
  return { model, userIndex: new Map(users.map((u, k) => [u, k])), items, itemIndex: new Map(items.map((id, k) => [id, k])), rated, top, runId: live.id };
}

export const streamingModels = {
  names: [MODEL],
  main: { model: MODEL, metric: 'rmse', higherIsBetter: false },
  async train(db: string, opts: { seed: number; log: Log; promote?: boolean }): Promise<string> {
    const r = await trainStreaming(db, opts);
    return `trained ${MODEL} in ${r.run.seconds.toFixed(1)} s; artifact, registry and model card in ${r.modelsDir}`;
  },
  async evaluate(db: string, opts: { seed: number; k: number; log: Log }): Promise<string> {
    const report = await evaluateStreaming(db, opts);
    const path = reportPath(modelsDirFor(db));
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, JSON.stringify(report, null, 2) + '\n');
    return `${formatStreamingReport(report)}\nreport written to ${path}`;
  },
};
