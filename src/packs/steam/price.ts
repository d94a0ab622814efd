/**
 * Price prediction for the Steam catalogue: a game's price (USD; free games count as 0) from its
 * metadata. One pure feature function (`priceFeatures`) is shared by training, evaluation and
 * serving; two models (ridge on typed arrays, gradient-boosted trees) are evaluated on a seeded
 * 20 % hold-out next to the mean and median baselines, then refitted on every priced game and
 * saved for the server. See README.md, "Price prediction".
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Csr } from '../../core/models/csr.js';
import { Ridge } from '../../core/models/ridge.js';
import { GradientBoosting, type GbmParams } from '../../core/models/gbm.js';
import { predictRows, selectRows, selectValues, type Regressor } from '../../core/models/regressor.js';
import { regressionMetrics, type RegressionMetrics } from '../../core/eval/regression.js';
import { randomHoldout } from '../../core/eval/splits.js';
import { loadModel } from '../../core/models/load.js';
import { openReadOnly } from '../../core/warehouse/warehouse.js';
import { Registry, dataFingerprint, modelsDirFor } from '../../core/registry/registry.js';
import type { Log } from '../../core/ingest/progress.js';
import { formatTable } from '../../core/text/table.js';
import { pidAlive } from '../../core/warehouse/lock.js';

// ---------------------------------------------------------------------------------------------
// Features

/** What the feature function reads of a game: the `games` columns, or the POST body. */
export interface GameMeta {
  title: string | null;
  genres: readonly string[] | null;
  tags: readonly string[] | null;
  specs: readonly string[] | null;
  earlyAccess: boolean | null;
  releaseYear: number | null;
  developer: string | null;
  publisher: string | null;
}

/**
 * Title patterns of add-ons, soundtracks and bundles (DLCs are cheap; bundles and "Complete
 * Edition"s dear). Each pattern is a feature; `title:dlc_like` is set when any of the first seven
 * (the add-on ones) matches.
 */
export const TITLE_PATTERNS: readonly [name: string, re: RegExp][] = [
  ['soundtrack', /\b(soundtrack|ost|original score|music pack)\b/i],
  ['dlc', /\bdlc\b/i],
  ['pack', /\bpack\b/i],
  ['season_pass', /\bseason pass\b/i],
  ['expansion', /\b(expansion|add-?on)\b/i],
  ['cosmetic', /\b(costume|skins?|outfits?|avatar|wallpapers?|artbook|art book)\b/i],
  ['subtitle_dash', / [-–—:] /],
  ['bundle', /\b(bundle|collection|complete|anthology|trilogy)\b/i],
  ['edition', /\b(edition|deluxe|gold|goty|game of the year|premium|ultimate)\b/i],
  ['upgrade', /\bupgrade\b/i],
  ['vr', /\bvr\b/i],
  ['sequel_number', /\b([2-9]|ii|iii|iv)\b/i],
];
const ADDON_PATTERNS = 7;

/** Release-year buckets, so the linear model can bend with the year (the trees use the raw year). */
const YEAR_BUCKETS: readonly [name: string, lo: number, hi: number][] = [
  ['≤2005', -Infinity, 2005],
  ['2006–2009', 2006, 2009],
  ['2010–2012', 2010, 2012],
  ['2013', 2013, 2013],
  ['2014', 2014, 2014],
  ['2015', 2015, 2015],
  ['2016', 2016, 2016],
  ['2017', 2017, 2017],
  ['≥2018', 2018, Infinity],
];

/** The fixed (non-vocabulary) features, in column order. */
export const BASE_FEATURES = [
  'early_access',
  'release_year',
  'release_year_missing',
  ...YEAR_BUCKETS.map(([name]) => `year:${name}`),
  'log_developer_games',
  'developer_missing',
  'log_publisher_games',
  'publisher_missing',
  'self_published',
  'developer_log_price',
  'developer_priced_games',
  'publisher_log_price',
  'publisher_priced_games',
  'title_chars',
  'title_words',
  'title_missing',
  ...TITLE_PATTERNS.map(([name]) => `title:${name}`),
  'title:dlc_like',
  'genres_count',
  'tags_count',
  'specs_count',
] as const;

/** Vocabulary values are matched case-insensitively, trimmed, with the data's `&amp;` read as `&`. */
export const normKey = (s: string): string => (s.includes('&') ? s.replace(/&amp;/gi, '&') : s).trim().toLowerCase();

export interface PriceVocabulary {
  /** vocabulary values with their own column (as spelled in the data) */
  genres: string[];
  tags: string[];
  specs: string[];
  /** values seen in training but too rare for a column: counted in `<kind>:(other)` */
  rare: { genres: string[]; tags: string[]; specs: string[] };
  /** games per developer / publisher in the whole catalogue (keys: normKey) */
  developerGames: Record<string, number>;
  publisherGames: Record<string, number>;
  /** training prices per developer / publisher: [Σ ln(1 + price), games] (keys: normKey) */
  developerPrices: Record<string, [number, number]>;
  publisherPrices: Record<string, [number, number]>;
  /** mean ln(1 + price) over the training games: the prior the per-studio means shrink to */
  meanLogPrice: number;
  /** how many games' worth of prior each studio mean gets */
  priorWeight: number;
  /** stands in for a missing release year (the training games' median) */
  referenceYear: number;
  /** every column's name, in order */
  features: string[];
}

export interface VocabularyOptions {
  /** a genre, tag or spec needs this many training games for a column of its own */
  minCount: { genres: number; tags: number; specs: number };
  /** prior weight (in games) of the developer / publisher price means */
  priorWeight: number;
}

export const DEFAULT_VOCABULARY: VocabularyOptions = { minCount: { genres: 10, tags: 20, specs: 10 }, priorWeight: 2 };

const LIST_KINDS = ['genres', 'tags', 'specs'] as const;
type ListKind = (typeof LIST_KINDS)[number];
const KIND_PREFIX: Record<ListKind, string> = { genres: 'genre', tags: 'tag', specs: 'spec' };

/**
 * Builds the vocabulary from the training games; developer and publisher sizes count every game
 * of the `catalogue` (a size is metadata the server knows too, not the target).
 */
export function buildVocabulary(training: readonly (GameMeta & { price: number | null })[], catalogue: readonly GameMeta[], opts: VocabularyOptions = DEFAULT_VOCABULARY): PriceVocabulary {
  const lists = {} as Record<ListKind, string[]>;
  const rare = {} as Record<ListKind, string[]>;
  for (const kind of LIST_KINDS) {
    const counts = new Map<string, { name: string; n: number }>();
    for (const g of training) {
      for (const v of new Set((g[kind] ?? []).map(normKey))) {
        if (!v) continue;
        const c = counts.get(v);
        if (c) c.n++;
        else counts.set(v, { name: (g[kind] ?? []).find((x) => normKey(x) === v)!, n: 1 });
      }
    }
    const sorted = [...counts.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    lists[kind] = sorted.filter((c) => c.n >= opts.minCount[kind]).map((c) => c.name);
    rare[kind] = sorted.filter((c) => c.n < opts.minCount[kind]).map((c) => c.name);
  }
  // Maps while counting (a studio called 'constructor' or '__proto__' is just a key)
  const developerGames = new Map<string, number>();
  const publisherGames = new Map<string, number>();
  for (const g of catalogue) {
    if (g.developer?.trim()) developerGames.set(normKey(g.developer), (developerGames.get(normKey(g.developer)) ?? 0) + 1);
    if (g.publisher?.trim()) publisherGames.set(normKey(g.publisher), (publisherGames.get(normKey(g.publisher)) ?? 0) + 1);
  }
  const developerPrices = new Map<string, [number, number]>();
  const publisherPrices = new Map<string, [number, number]>();
  let logSum = 0;
  let priced = 0;
  for (const g of training) {
    if (g.price === null) continue;
    const lp = Math.log1p(g.price);
    logSum += lp;
    priced++;
    for (const [studio, table] of [[g.developer, developerPrices], [g.publisher, publisherPrices]] as const) {
      if (!studio?.trim()) continue;
      const key = normKey(studio);
      const entry = table.get(key) ?? [0, 0];
      entry[0] += lp;
      entry[1] += 1;
      table.set(key, entry);
    }
  }
  const years = training.map((g) => g.releaseYear).filter((y): y is number => y !== null).sort((a, b) => a - b);
  const referenceYear = years.length ? years[Math.floor(years.length / 2)] : 2015;
  const features = [
    ...BASE_FEATURES,
    ...LIST_KINDS.flatMap((kind) => [...lists[kind].map((v) => `${KIND_PREFIX[kind]}:${v}`), `${KIND_PREFIX[kind]}:(other)`]),
  ];
  return {
    genres: lists.genres,
    tags: lists.tags,
    specs: lists.specs,
    rare,
    developerGames: sortKeys(developerGames),
    publisherGames: sortKeys(publisherGames),
    developerPrices: sortKeys(developerPrices),
    publisherPrices: sortKeys(publisherPrices),
    meanLogPrice: priced ? logSum / priced : 0,
    priorWeight: opts.priorWeight,
    referenceYear,
    features,
  };
}

/** A Map as a plain object with sorted keys (stable JSON); Object.fromEntries defines own properties, so any key is safe. */
function sortKeys<T>(m: Map<string, T>): Record<string, T> {
  return Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

type BaseFeature = (typeof BASE_FEATURES)[number];

/** Lookup tables derived from a vocabulary (built once per model, not per row). */
export interface FeatureIndex {
  vocab: PriceVocabulary;
  /** column of each fixed feature */
  base: Record<BaseFeature, number>;
  yearColumns: number[];
  titleColumns: number[];
  column: Record<ListKind, Map<string, number>>;
  other: Record<ListKind, number>;
  rare: Record<ListKind, Set<string>>;
  developerGames: Map<string, number>;
  publisherGames: Map<string, number>;
  developerPrices: Map<string, [number, number]>;
  publisherPrices: Map<string, [number, number]>;
}

export function featureIndex(vocab: PriceVocabulary): FeatureIndex {
  const byName = new Map(vocab.features.map((f, i) => [f, i]));
  const col = (name: string) => {
    const c = byName.get(name);
    if (c === undefined) throw new Error(`the price vocabulary has no feature '${name}'`);
    return c;
  };
  const column = {} as FeatureIndex['column'];
  const other = {} as FeatureIndex['other'];
  const rare = {} as FeatureIndex['rare'];
  for (const kind of LIST_KINDS) {
    column[kind] = new Map(vocab[kind].map((v) => [normKey(v), col(`${KIND_PREFIX[kind]}:${v}`)]));
    other[kind] = col(`${KIND_PREFIX[kind]}:(other)`);
    rare[kind] = new Set(vocab.rare[kind].map(normKey));
  }
  return {
    vocab,
    base: Object.fromEntries(BASE_FEATURES.map((f) => [f, col(f)])) as Record<BaseFeature, number>,
    yearColumns: YEAR_BUCKETS.map(([name]) => col(`year:${name}`)),
    titleColumns: TITLE_PATTERNS.map(([name]) => col(`title:${name}`)),
    column,
    other,
    rare,
    // Maps, not the JSON objects: a studio called 'constructor' must not find Object.prototype's
    developerGames: new Map(Object.entries(vocab.developerGames)),
    publisherGames: new Map(Object.entries(vocab.publisherGames)),
    developerPrices: new Map(Object.entries(vocab.developerPrices)),
    publisherPrices: new Map(Object.entries(vocab.publisherPrices)),
  };
}

export interface PriceFeatureRow {
  /** column indices, ascending */
  indices: Int32Array;
  values: Float32Array;
  /** genres / tags / specs never seen in training: no column, ignored */
  ignored: Record<ListKind, string[]>;
}

export interface FeatureOptions {
  /** the game is in the catalogue (else: a new game, counted into its studios' sizes) */
  inCatalogue: boolean;
  /**
   * the game's price when it is one of the games the vocabulary's studio price means were
   * computed from: it is left out of them (leave-one-out), so no row sees its own price
   */
  trainingPrice: number | null;
}

/**
 * The feature function: a game's metadata → one sparse row over `vocab.features`. Pure: the
 * same input and vocabulary always give the same row.
 *
 * - `early_access` 0/1; `release_year` (the training median when missing) with a
 *   `release_year_missing` flag and one-hot year buckets;
 * - `log_developer_games` = ln(1 + games by the developer in the catalogue), likewise for the
 *   publisher, with missing flags and `self_published` (same developer and publisher). A game of
 *   the catalogue is one of its developer's games already; a new game (`inCatalogue: false`)
 *   counts itself in: catalogue count + 1;
 * - `developer_log_price`: the mean ln(1 + price) of the developer's training games, shrunk
 *   towards the overall mean with `priorWeight` games' worth of prior, the game itself left out
 *   (`trainingPrice`); `developer_priced_games` = ln(1 + how many such games); same for the
 *   publisher. Studios price consistently (a studio's DLCs, a publisher's catalogue);
 * - title length in characters and words, and the title patterns of `TITLE_PATTERNS`;
 * - multi-hot genres, tags and specs with a column each, and per kind an `(other)` column
 *   counting the values that were too rare in training; values never seen are ignored and
 *   reported; plus how many genres, tags and specs the game lists.
 */
export function priceFeatures(game: GameMeta, index: FeatureIndex, opts: FeatureOptions): PriceFeatureRow {
  const { vocab, base } = index;
  const x = new Float64Array(vocab.features.length);
  x[base.early_access] = game.earlyAccess ? 1 : 0;
  const year = game.releaseYear ?? vocab.referenceYear;
  x[base.release_year] = year;
  x[base.release_year_missing] = game.releaseYear === null ? 1 : 0;
  YEAR_BUCKETS.forEach(([, lo, hi], i) => {
    if (year >= lo && year <= hi) x[index.yearColumns[i]] = 1;
  });
  const self = opts.inCatalogue ? 0 : 1;
  const dev = game.developer?.trim() ? normKey(game.developer) : null;
  const pub = game.publisher?.trim() ? normKey(game.publisher) : null;
  x[base.log_developer_games] = dev === null ? 0 : Math.log1p((index.developerGames.get(dev) ?? 0) + self);
  x[base.developer_missing] = dev === null ? 1 : 0;
  x[base.log_publisher_games] = pub === null ? 0 : Math.log1p((index.publisherGames.get(pub) ?? 0) + self);
  x[base.publisher_missing] = pub === null ? 1 : 0;
  x[base.self_published] = dev !== null && dev === pub ? 1 : 0;
  const own = opts.trainingPrice === null ? null : Math.log1p(opts.trainingPrice);
  const studioPrice = (key: string | null, table: Map<string, [number, number]>, meanColumn: number, countColumn: number) => {
    const [sum, count] = (key === null ? undefined : table.get(key)) ?? [0, 0];
    const leftOut = own !== null && count > 0;
    const others = count - (leftOut ? 1 : 0);
    x[meanColumn] = (sum - (leftOut ? own : 0) + vocab.priorWeight * vocab.meanLogPrice) / (others + vocab.priorWeight);
    x[countColumn] = Math.log1p(others);
  };
  studioPrice(dev, index.developerPrices, base.developer_log_price, base.developer_priced_games);
  studioPrice(pub, index.publisherPrices, base.publisher_log_price, base.publisher_priced_games);
  const title = game.title?.trim() ?? '';
  x[base.title_chars] = title.length;
  x[base.title_words] = title ? title.split(/\s+/).length : 0;
  x[base.title_missing] = title ? 0 : 1;
  let addon = false;
  TITLE_PATTERNS.forEach(([, re], i) => {
    if (!re.test(title)) return;
    x[index.titleColumns[i]] = 1;
    if (i < ADDON_PATTERNS) addon = true;
  });
  x[base['title:dlc_like']] = addon ? 1 : 0;
  const ignored = { genres: [] as string[], tags: [] as string[], specs: [] as string[] };
  for (const kind of LIST_KINDS) {
    const seen = new Set<string>();
    for (const raw of game[kind] ?? []) {
      const key = normKey(raw);
      if (!key || seen.has(key)) continue;
      seen.add(key);
      const c = index.column[kind].get(key);
      if (c !== undefined) x[c] = 1;
      else if (index.rare[kind].has(key)) x[index.other[kind]]++;
      else ignored[kind].push(raw);
    }
    x[base[`${kind}_count`]] = seen.size;
  }
  let nnz = 0;
  for (let c = 0; c < x.length; c++) if (x[c] !== 0) nnz++;
  const indices = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  for (let c = 0, k = 0; c < x.length; c++) {
    if (x[c] !== 0) {
      indices[k] = c;
      values[k++] = x[c];
    }
  }
  return { indices, values, ignored };
}

/**
 * The design matrix of catalogue games (one row each, in order); `inTraining(i)` says whether
 * game i's price is in the vocabulary's studio price means.
 */
export function featureMatrix(games: readonly (GameMeta & { price: number | null })[], index: FeatureIndex, inTraining: (i: number) => boolean): Csr {
  const rows = games.map((g, i) => priceFeatures(g, index, { inCatalogue: true, trainingPrice: inTraining(i) ? g.price : null }));
  const indptr = new Int32Array(games.length + 1);
  rows.forEach((r, i) => (indptr[i + 1] = indptr[i] + r.indices.length));
  const indices = new Int32Array(indptr[games.length]);
  const values = new Float32Array(indptr[games.length]);
  rows.forEach((r, i) => {
    indices.set(r.indices, indptr[i]);
    values.set(r.values, indptr[i]);
  });
  return { nRows: games.length, nCols: index.vocab.features.length, indptr, indices, values };
}

// ---------------------------------------------------------------------------------------------
// Data

export interface CatalogueGame extends GameMeta {
  itemId: string;
  name: string | null;
  /** USD, 0 for free games, null when unknown */
  price: number | null;
}

/**
 * Every game of the catalogue (priced or not), ordered by item_id. DuckDB hands the rows over as
 * one JSON document: decoding 32 k rows of string lists value by value through the client costs
 * several times more than one JSON.parse.
 */
export async function loadCatalogue(conn: DuckDBConnection): Promise<CatalogueGame[]> {
  const res = await conn.runAndReadAll(`
    SELECT coalesce(to_json(list({
      i: item_id, n: coalesce(app_name, title), t: coalesce(title, app_name), g: genres, tg: tags, s: specs,
      e: early_access, y: release_year, d: developer, p: publisher, pr: price} ORDER BY item_id)), '[]')::VARCHAR
    FROM games`);
  type Row = { i: string; n: string | null; t: string | null; g: string[] | null; tg: string[] | null; s: string[] | null; e: boolean | null; y: number | null; d: string | null; p: string | null; pr: number | null };
  const rows = JSON.parse(String(res.getRows()[0][0])) as Row[];
  return rows.map((r) => ({
    itemId: r.i,
    name: r.n,
    title: r.t,
    genres: r.g,
    tags: r.tg,
    specs: r.s,
    earlyAccess: r.e,
    releaseYear: r.y,
    developer: r.d,
    publisher: r.p,
    price: r.pr,
  }));
}


interface PriceData {
  catalogue: CatalogueGame[];
  priced: CatalogueGame[];
  fingerprint: string;
}

async function loadPriceData(db: string): Promise<PriceData> {
  const wh = await openReadOnly(db);
  try {
    const catalogue = await loadCatalogue(wh.conn);
    const priced = catalogue.filter((g) => g.price !== null);
    return { catalogue, priced, fingerprint: await dataFingerprint(wh.conn, `price:${priced.length}`) };
  } finally {
    wh.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Models

export const PRICE_MODELS = ['ridge', 'gbm'] as const;
export type PriceModelName = (typeof PRICE_MODELS)[number];
export const PRICE_BASELINES = ['mean', 'median'] as const;

export interface PriceParams {
  seed: number;
  /** ridge penalty on standardised coefficients */
  ridgeLambda: number;
  gbm: Omit<GbmParams, 'seed'>;
  vocabulary: VocabularyOptions;
}

export const DEFAULT_PRICE_PARAMS: Omit<PriceParams, 'seed'> = {
  ridgeLambda: 10,
  gbm: { trees: 200, learningRate: 0.12, maxDepth: 8, minLeaf: 10, lambda: 1, subsample: 0.8, colsample: 0.8, maxBins: 64 },
  vocabulary: DEFAULT_VOCABULARY,
};

/** How a model's output f (on the ln(1 + price) scale) becomes a price. */
export interface BackTransform {
  /** Duan's smearing factor: mean of e^residual over the training rows */
  smearing: number;
  /** range of the model's outputs on its training rows; f is clamped to it */
  fMin: number;
  fMax: number;
}

/**
 * Both models learn ln(1 + price): prices are heavy-tailed (0 to 995 USD, median 4.99), so on the
 * raw scale a few software packages would drive the fit. The back-transform is
 * price = max(0, S · e^clamp(f) − 1), where f is the model's output and S = mean(e^residual) over
 * the training rows (Duan's smearing estimate): plain e^f − 1 would predict the conditional
 * *median*, S moves it towards the conditional mean that RMSE rewards. f is first clamped to
 * the range the model produced on its training rows: a linear model on the log scale extrapolates
 * exponentially (a game listing all ten software genres would be priced at ~800 USD).
 */
export function backTransform(f: number, t: BackTransform): number {
  return Math.max(0, t.smearing * Math.exp(Math.min(t.fMax, Math.max(t.fMin, f))) - 1);
}

function fitBackTransform(model: Regressor, X: Csr, logY: Float64Array): BackTransform {
  const fitted = predictRows(model, X);
  let s = 0;
  let fMin = Infinity;
  let fMax = -Infinity;
  for (let i = 0; i < logY.length; i++) {
    s += Math.exp(logY[i] - fitted[i]);
    fMin = Math.min(fMin, fitted[i]);
    fMax = Math.max(fMax, fitted[i]);
  }
  return { smearing: logY.length ? s / logY.length : 1, fMin, fMax };
}

interface FittedModels {
  ridge: Ridge;
  gbm: GradientBoosting;
  transform: Record<PriceModelName, BackTransform>;
  fitSeconds: Record<PriceModelName, number>;
}

function fitModels(X: Csr, price: Float64Array, params: PriceParams): FittedModels {
  const logY = price.map(Math.log1p);
  let t = performance.now();
  const ridge = new Ridge({ lambda: params.ridgeLambda, standardize: true });
  ridge.fit({ X, y: logY });
  const ridgeSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const gbm = new GradientBoosting({ ...params.gbm, seed: params.seed });
  gbm.fit({ X, y: logY });
  const gbmSeconds = (performance.now() - t) / 1000;
  return {
    ridge,
    gbm,
    transform: { ridge: fitBackTransform(ridge, X, logY), gbm: fitBackTransform(gbm, X, logY) },
    fitSeconds: { ridge: ridgeSeconds, gbm: gbmSeconds },
  };
}

/** A trained price model set, ready to answer: vocabulary, both models and their back-transform. */
export class PriceModel {
  readonly index: FeatureIndex;
  constructor(
    readonly vocab: PriceVocabulary,
    readonly ridge: Ridge,
    readonly gbm: GradientBoosting,
    readonly transform: Record<PriceModelName, BackTransform>,
    /** the model whose prediction is the answer (best held-out RMSE at training time) */
    readonly serving: PriceModelName,
  ) {
    this.index = featureIndex(vocab);
  }

  predict(game: GameMeta, opts: FeatureOptions): { predictions: Record<PriceModelName, number>; ignored: PriceFeatureRow['ignored'] } {
    const row = priceFeatures(game, this.index, opts);
    return {
      predictions: {
        ridge: backTransform(this.ridge.predictRow(row.indices, row.values), this.transform.ridge),
        gbm: backTransform(this.gbm.predictRow(row.indices, row.values), this.transform.gbm),
      },
      ignored: row.ignored,
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Evaluation

export interface PriceReport {
  pack: 'steam';
  task: 'price';
  target: string;
  dataFingerprint: string;
  games: { catalogue: number; priced: number; free: number };
  split: { kind: 'random hold-out'; fraction: number; seed: number; train: number; test: number };
  features: number;
  params: PriceParams;
  /** baselines first, then the models; metrics in USD on the test games */
  models: Record<string, RegressionMetrics & { kind: 'baseline' | 'model'; fitSeconds: number }>;
  /** the model with the lowest test RMSE (served) */
  best: PriceModelName;
  createdAt: string;
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

// ---------------------------------------------------------------------------------------------
// Training for serving, artifacts, loading

/** manifest.json: what the server needs besides the two model folders. */
interface PriceManifest {
  kind: 'steam-price';
  version: 1;
  dataFingerprint: string;
  params: PriceParams;
  trainedOn: number;
  serving: PriceModelName;
  transform: Record<PriceModelName, BackTransform>;
  evaluation: Record<string, { rmse: number; mae: number; rmsle: number }>;
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
  const tmp = `${target}.building-${process.pid}`;
  removeStaleBuilds(target);
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
  writeFileSync(join(tmp, 'model-card.md'), modelCard(report, manifest, vocab, fitted.gbm, seconds));
  mkdirSync(dirname(target), { recursive: true });
  const old = `${target}.old-${process.pid}`;
  if (existsSync(target)) renameSync(target, old);
  renameSync(tmp, target);
  rmSync(old, { recursive: true, force: true });
  opts.log(`price train: ${seconds.toFixed(1)} s → ${target}`);
  return { report, seconds };
}

/** Folders `<target>.building-<pid>` / `.old-<pid>` left by trainings that were killed. */
function removeStaleBuilds(target: string): void {
  const parent = dirname(target);
  if (!existsSync(parent)) return;
  const prefix = basename(target);
  for (const name of readdirSync(parent)) {
    const m = /^(.*)\.(building|old)-(\d+)$/.exec(name);
    if (!m || m[1] !== prefix || Number(m[3]) === process.pid || pidAlive(Number(m[3]))) continue;
    rmSync(join(parent, name), { recursive: true, force: true });
  }
}

function modelCard(r: PriceReport, m: PriceManifest, vocab: PriceVocabulary, gbm: GradientBoosting, seconds: number): string {
  const top = Array.from(gbm.importance, (g, i) => ({ name: vocab.features[i], g }))
    .sort((a, b) => b.g - a.g)
    .slice(0, 10);
  const total = gbm.importance.reduce((a, b) => a + b, 0) || 1;
  return `# Model card: steam / price

- **Task**: a game's price in USD (free games = 0) from its catalogue metadata.
- **Data**: warehouse fingerprint \`${m.dataFingerprint}\`; ${r.games.priced.toLocaleString('en-US')} games with a known price (${r.games.free.toLocaleString('en-US')} free) of ${r.games.catalogue.toLocaleString('en-US')}; all of them for the served models.
- **Features** (${vocab.features.length}): genres (${vocab.genres.length}), tags (${vocab.tags.length}), specs (${vocab.specs.length}) multi-hot with rare values pooled; early access; release year (+ missing flag, buckets); developer and publisher catalogue sizes and their training games' mean ln(1 + price) (leave-one-out, shrunk to the overall mean); title length and add-on / edition patterns.
- **Models**: ridge (λ = ${m.params.ridgeLambda} on standardised features) and gradient-boosted trees (\`${JSON.stringify(m.params.gbm)}\`), both on ln(1 + price), back-transformed as max(0, S·e^f − 1), f clamped to its training range, with smearing S = ${m.transform.ridge.smearing.toFixed(4)} (ridge), ${m.transform.gbm.smearing.toFixed(4)} (gbm). Seed ${m.params.seed}.
- **Served**: \`${m.serving}\` (lowest hold-out RMSE). Trained in ${seconds.toFixed(1)} s (evaluation included).

## Metrics (random 20 % hold-out, seed ${r.split.seed}; USD)

| model | RMSE | MAE | RMSLE |
|---|---|---|---|
${Object.entries(r.models)
  .map(([name, x]) => `| ${name}${x.kind === 'baseline' ? ' (baseline)' : ''} | ${x.rmse.toFixed(3)} | ${x.mae.toFixed(3)} | ${x.rmsle.toFixed(3)} |`)
  .join('\n')}

Most used features of the trees (share of split gain): ${top.map((t) => `${t.name} ${((100 * t.g) / total).toFixed(1)} %`).join(', ')}.

## Limits

Prices are list prices at crawl time (2018), not discounts or regional prices. A few software
packages and hardware listings cost hundreds of dollars; metadata says little about them, so they
dominate RMSE. Developer and publisher sizes are counts in this catalogue, so a studio's first game
looks like any unknown studio's. Values of genres, tags or specs never seen in training are ignored.
`;
}

/**
 * The live price models of a warehouse: the artifact of the registry's live `steam/price` run,
 * else (trained before price runs were registered) `models/steam/price/` beside the warehouse.
 */
export function priceModelDir(db: string): string {
  const registry = new Registry(modelsDirFor(db));
  const live = registry.live('steam', 'price');
  return live ? registry.artifactPath(live) : join(modelsDirFor(db), 'steam', 'price');
}

/** A catalogue game's answer: its name, actual price and every model's prediction. */
export interface CataloguePrice {
  name: string | null;
  actual: number | null;
  predictions: Record<PriceModelName, number>;
}

const CATALOGUE_FILE = 'catalogue-prices.json';

/**
 * Prices every catalogue game. A priced game was one of the training games, so it is left out
 * of its studios' price means: no answer is made from the game's own price.
 */
export function priceCatalogue(model: PriceModel, games: readonly CatalogueGame[]): Map<string, CataloguePrice> {
  const out = new Map<string, CataloguePrice>();
  for (const g of games) {
    const { predictions } = model.predict(g, { inCatalogue: true, trainingPrice: g.price });
    out.set(g.itemId, { name: g.name, actual: g.price, predictions });
  }
  return out;
}

function serializeCataloguePrices(fingerprint: string, prices: Map<string, CataloguePrice>): string {
  const rows = [...prices].map(([id, p]) => [id, p.name, p.actual, ...PRICE_MODELS.map((m) => Math.round(p.predictions[m] * 1e4) / 1e4)]);
  return JSON.stringify({ dataFingerprint: fingerprint, models: PRICE_MODELS, games: rows }) + '\n';
}

/**
 * The answers for every catalogue game: read from the file training wrote when the warehouse is
 * the one the models were trained on (same fingerprint), else computed now from the warehouse.
 */
export async function loadCataloguePrices(conn: DuckDBConnection, model: PriceModel, dir: string): Promise<Map<string, CataloguePrice>> {
  const count = await conn.runAndReadAll('SELECT count(price) FROM games');
  const fingerprint = await dataFingerprint(conn, `price:${Number(count.getRows()[0][0])}`);
  const path = join(dir, CATALOGUE_FILE);
  if (existsSync(path)) {
    const saved = JSON.parse(readFileSync(path, 'utf8')) as { dataFingerprint: string; models: string[]; games: [string, string | null, number | null, ...number[]][] };
    if (saved.dataFingerprint === fingerprint && saved.models.join() === PRICE_MODELS.join()) {
      const out = new Map<string, CataloguePrice>();
      for (const [id, name, actual, ...preds] of saved.games) {
        out.set(id, { name, actual, predictions: Object.fromEntries(PRICE_MODELS.map((m, i) => [m, preds[i]])) as Record<PriceModelName, number> });
      }
      return out;
    }
  }
  return priceCatalogue(model, await loadCatalogue(conn));
}

/** Loads the saved price models; null when `dir` holds none (nothing trained yet). */
export function loadPriceModel(dir: string | null): PriceModel | null {
  if (!dir || !existsSync(join(dir, 'manifest.json'))) return null;
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as PriceManifest;
  if (manifest.kind !== 'steam-price' || manifest.version !== 1) throw new Error(`${dir}/manifest.json is not a steam price model (version 1)`);
  const vocab = JSON.parse(readFileSync(join(dir, 'vocabulary.json'), 'utf8')) as PriceVocabulary;
  return new PriceModel(vocab, loadModel(join(dir, 'ridge'), Ridge), loadModel(join(dir, 'gbm'), GradientBoosting), manifest.transform, manifest.serving);
}
