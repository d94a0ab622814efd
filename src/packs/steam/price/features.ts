/**
 * A game's metadata → one sparse row of price features. The one pure feature function
 * (`priceFeatures`) is shared by training, evaluation and serving; its vocabulary (genres, tags
 * and specs with a column each, the studios' sizes and price means) is built from the training
 * games. See the pack README, "Price prediction".
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Csr } from '../../../core/models/csr.js';

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
// The catalogue the features are read from

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
