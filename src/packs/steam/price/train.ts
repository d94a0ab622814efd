/**
 * Evaluating and training the price models: a seeded 20 % hold-out next to the mean and median
 * baselines (the report), then both models refitted on every priced game and saved, with the
 * priced catalogue and the model card, into a folder swapped in whole.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { predictRows, selectRows, selectValues } from '../../../core/models/regressor.js';
import { regressionMetrics, type RegressionMetrics } from '../../../core/eval/regression.js';
import { randomHoldout } from '../../../core/eval/splits.js';
import { readWarehouse } from '../../../core/warehouse/read.js';
import { buildingPath, leftoverBuilds, swapIn } from '../../../core/warehouse/replace.js';
import { dataFingerprint } from '../../../core/registry/registry.js';
import type { Log } from '../../../core/ingest/progress.js';
import { formatTable } from '../../../core/text/table.js';
import type { EvaluationReport, MetricSpec } from '../../../core/registry/report.js';
import { buildVocabulary, featureIndex, featureMatrix, loadCatalogue, type CatalogueGame, type VocabularyOptions } from './features.js';
import { DEFAULT_PRICE_PARAMS, PRICE_MODELS, PriceModel, backTransform, fitModels, type PriceManifest, type PriceModelName, type PriceParams } from './model.js';
import type { GbmParams } from '../../../core/models/gbm.js';
import { CATALOGUE_FILE, priceCatalogue, serializeCataloguePrices } from './serve.js';
import { priceModelCard } from './card.js';

export interface PriceData {
  catalogue: CatalogueGame[];
  priced: CatalogueGame[];
  fingerprint: string;
}

function loadPriceData(db: string): Promise<PriceData> {
  return readWarehouse(db, async (conn) => {
    const catalogue = await loadCatalogue(conn);
    const priced = catalogue.filter((g) => g.price !== null);
    return { catalogue, priced, fingerprint: await dataFingerprint(conn, `price:${priced.length}`) };
  });
}

export const PRICE_METRICS: MetricSpec[] = [
  { name: 'rmse', higherIsBetter: false, description: 'root mean squared error of the held-out prices, USD' },
  { name: 'mae', higherIsBetter: false, description: 'mean absolute error of the held-out prices, USD' },
  { name: 'rmsle', higherIsBetter: false, description: 'root mean squared error of ln(1 + price)' },
];

export interface PriceReport extends EvaluationReport {
  pack: 'steam';
  task: 'price';
  target: string;
  games: { catalogue: number; priced: number; free: number };
  split: { kind: 'random hold-out'; fraction: number; seed: number; train: number; test: number };
  features: number;
  params: PriceParams;
  /** baselines first, then the models; metrics in USD on the test games */
  models: Record<string, RegressionMetrics & { kind: 'baseline' | 'model'; fitSeconds: number }>;
  /** the model with the lowest test RMSE (served) */
  best: PriceModelName;
}

/** Any subset of the parameters; the rest are `DEFAULT_PRICE_PARAMS`. */
export interface PriceParamsOverride {
  ridgeLambda?: number;
  gbm?: Partial<Omit<GbmParams, 'seed'>>;
  vocabulary?: { minCount?: Partial<VocabularyOptions['minCount']>; priorWeight?: number };
}

function mergeParams(opts: { seed: number; params?: PriceParamsOverride }): PriceParams {
  const d = DEFAULT_PRICE_PARAMS;
  const o = opts.params ?? {};
  return {
    seed: opts.seed,
    ridgeLambda: o.ridgeLambda ?? d.ridgeLambda,
    gbm: { ...d.gbm, ...o.gbm },
    vocabulary: { minCount: { ...d.vocabulary.minCount, ...o.vocabulary?.minCount }, priorWeight: o.vocabulary?.priorWeight ?? d.vocabulary.priorWeight },
  };
}

function median(sorted: Float64Array): number {
  const n = sorted.length;
  if (!n) return 0;
  return n % 2 ? sorted[(n - 1) >> 1] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

function evaluateOnSplit(data: PriceData, params: PriceParams, log: Log): PriceReport {
  const { priced } = data;
  const split = randomHoldout(priced.length, 0.2, params.seed);
  const trainGames = Array.from(split.train, (i) => priced[i]);
  const vocab = buildVocabulary(trainGames, data.catalogue, params.vocabulary);
  const index = featureIndex(vocab);
  const isTrain = new Uint8Array(priced.length);
  for (const i of split.train) isTrain[i] = 1;
  const X = featureMatrix(priced, index, (i) => isTrain[i] === 1);
  const price = Float64Array.from(priced, (g) => g.price!);
  const Xtrain = selectRows(X, split.train);
  const Xtest = selectRows(X, split.test);
  const yTrain = selectValues(price, split.train);
  const yTest = selectValues(price, split.test);
  log(`price eval: ${priced.length.toLocaleString('en-US')} priced games, ${vocab.features.length} features; train ${split.train.length.toLocaleString('en-US')}, test ${split.test.length.toLocaleString('en-US')}`);

  const models: PriceReport['models'] = {};
  const meanPrice = yTrain.reduce((a, b) => a + b, 0) / Math.max(1, yTrain.length);
  const medianPrice = median(yTrain.slice().sort());
  models.mean = { kind: 'baseline', ...regressionMetrics(yTest, new Float64Array(yTest.length).fill(meanPrice)), fitSeconds: 0 };
  models.median = { kind: 'baseline', ...regressionMetrics(yTest, new Float64Array(yTest.length).fill(medianPrice)), fitSeconds: 0 };
  const fitted = fitModels(Xtrain, yTrain, params);
  for (const name of PRICE_MODELS) {
    const f = predictRows(fitted[name], Xtest);
    const pred = f.map((v) => backTransform(v, fitted.transform[name]));
    models[name] = { kind: 'model', ...regressionMetrics(yTest, pred), fitSeconds: fitted.fitSeconds[name] };
    log(`price eval: ${name} fit ${fitted.fitSeconds[name].toFixed(2)} s, RMSE ${models[name].rmse.toFixed(3)}, MAE ${models[name].mae.toFixed(3)}`);
  }
  const best = PRICE_MODELS.reduce((a, b) => (models[b].rmse < models[a].rmse ? b : a));
  return {
    pack: 'steam',
    task: 'price',
    target: 'price in USD (free = 0); models learn ln(1 + price), back-transformed with smearing, clamped to the training range',
    dataFingerprint: data.fingerprint,
    games: { catalogue: data.catalogue.length, priced: priced.length, free: priced.filter((g) => g.price === 0).length },
    split: { kind: 'random hold-out', fraction: 0.2, seed: params.seed, train: split.train.length, test: split.test.length },
    features: vocab.features.length,
    params,
    models,
    best,
    createdAt: new Date().toISOString(),
    metrics: PRICE_METRICS,
    // the served one measures the registry's steam/price model
    rows: Object.entries(models).map(([label, m]) => ({ label, baseline: m.kind === 'baseline', ...(label === best ? { model: 'price' } : {}), metrics: { rmse: m.rmse, mae: m.mae, rmsle: m.rmsle }, fitSeconds: m.fitSeconds })),
  };
}

/** Seeded 20 % hold-out evaluation of both models and both baselines, in one report. */
export async function evaluatePrice(db: string, opts: { seed: number; log: Log; params?: PriceParamsOverride }): Promise<PriceReport> {
  const data = await loadPriceData(db);
  if (data.priced.length < 10) throw new Error(`only ${data.priced.length} games with a known price in ${db}: too few to learn prices from`);
  return evaluateOnSplit(data, mergeParams(opts), opts.log);
}

export function formatPriceReport(r: PriceReport): string {
  const head = ['model', 'RMSE $', 'MAE $', 'RMSLE', 'fit s'];
  const rows = Object.entries(r.models).map(([name, m]) => [`${name}${m.kind === 'baseline' ? ' (baseline)' : name === r.best ? ' (served)' : ''}`, m.rmse.toFixed(3), m.mae.toFixed(3), m.rmsle.toFixed(3), m.fitSeconds.toFixed(2)]);
  return [
    `price prediction: random hold-out of 20 % (seed ${r.split.seed}): train ${r.split.train.toLocaleString('en-US')}, test ${r.split.test.toLocaleString('en-US')} of ${r.games.priced.toLocaleString('en-US')} priced games (${r.games.free.toLocaleString('en-US')} free); ${r.features} features`,
    ...formatTable(head, rows),
  ].join('\n');
}

/**
 * Evaluates on the hold-out (the report), then fits both models on every priced game and saves
 * them into `outDir` (replaced whole: written beside it, then renamed in), with `report.json`
 * and a model card. Same seed and data → identical model files (the report has timestamps).
 */
export async function trainPriceModels(db: string, outDir: string, opts: { seed: number; log: Log; params?: PriceParamsOverride }): Promise<{ report: PriceReport; seconds: number }> {
  const started = performance.now();
  const params = mergeParams(opts);
  const data = await loadPriceData(db);
  if (data.priced.length < 10) throw new Error(`only ${data.priced.length} games with a known price in ${db}: too few to learn prices from`);
  const report = evaluateOnSplit(data, params, opts.log);

  const vocab = buildVocabulary(data.priced, data.catalogue, params.vocabulary);
  const X = featureMatrix(data.priced, featureIndex(vocab), () => true);
  const fitted = fitModels(X, Float64Array.from(data.priced, (g) => g.price!), params);
  opts.log(`price train: ridge ${fitted.fitSeconds.ridge.toFixed(2)} s, gbm ${fitted.fitSeconds.gbm.toFixed(2)} s on ${data.priced.length.toLocaleString('en-US')} games`);

  const target = resolve(outDir);
  const tmp = buildingPath(target);
  // folders of trainings that were killed
  for (const path of leftoverBuilds(target, { lockHeld: false })) rmSync(path, { recursive: true, force: true });
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const manifest: PriceManifest = {
    kind: 'steam-price',
    version: 1,
    dataFingerprint: data.fingerprint,
    params,
    trainedOn: data.priced.length,
    serving: report.best,
    transform: fitted.transform,
    evaluation: Object.fromEntries(Object.entries(report.models).map(([k, m]) => [k, { rmse: m.rmse, mae: m.mae, rmsle: m.rmsle }])),
  };
  writeFileSync(join(tmp, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  writeFileSync(join(tmp, 'vocabulary.json'), JSON.stringify(vocab) + '\n');
  fitted.ridge.save(join(tmp, 'ridge'));
  fitted.gbm.save(join(tmp, 'gbm'));
  // every catalogue game priced once here, so the server starts without pricing 32 k games
  const served = new PriceModel(vocab, fitted.ridge, fitted.gbm, fitted.transform, report.best);
  writeFileSync(join(tmp, CATALOGUE_FILE), serializeCataloguePrices(data.fingerprint, priceCatalogue(served, data.catalogue)));
  const seconds = (performance.now() - started) / 1000;
  writeFileSync(join(tmp, 'report.json'), JSON.stringify({ ...report, trainSeconds: seconds }, null, 2) + '\n');
  writeFileSync(join(tmp, 'model-card.md'), priceModelCard(report, manifest, vocab, fitted.gbm, seconds));
  mkdirSync(dirname(target), { recursive: true });
  swapIn(tmp, target);
  opts.log(`price train: ${seconds.toFixed(1)} s → ${target}`);
  return { report, seconds };
}
