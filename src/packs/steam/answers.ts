/**
 * The Steam pack's load step: the one place that reads the warehouse and the live models (the
 * api_* tables, the recommenders and the game catalogue behind them, the price models and their
 * answers for every catalogue game, the names behind "did you mean") and builds everything a
 * request needs. The route modules only ask a reader (`SteamReader`): over these answers in this
 * process (`memoryReader`), or over a published version in a shared store (store.ts).
 */
import type { Warehouse } from '../../core/warehouse/warehouse.js';
import { readRows } from '../../core/warehouse/warehouse.js';
import { NameIndex } from '../../core/text/names.js';
import { PrefixSuggester } from '../../core/text/suggest.js';
import type { Suggests } from '../../core/server/suggest.js';
import { fullGc } from '../../core/server/gc.js';
import { TopN } from '../../core/models/topk.js';
import { historyOf, NO_HISTORY } from '../../core/models/recommender.js';
import { loadLiveRecommenders, type ServingRecommenders } from './models.js';
import { loadCataloguePrices, loadPriceModel, priceModelDir, type CataloguePrice, type PriceModel } from './price.js';

// ---------------------------------------------------------------------------------------------
// Analytics: the api_* tables

export interface GenreAnswer {
  /** release year → minutes, over all users */
  minutesByYear: Map<number, number>;
  topUser: { userId: string; minutes: number } | null;
  /** the top user's minutes per release year */
  topUserYears: Map<number, number>;
}

export interface Sentiment {
  negative: number;
  neutral: number;
  positive: number;
}

export type Top3Kind = 'recommend' | 'not_recommend' | 'worst_developer';
export const TOP3_KINDS: readonly Top3Kind[] = ['recommend', 'not_recommend', 'worst_developer'];

export interface YearRange {
  min: number;
  max: number;
}

export interface SteamAnswers {
  genres: NameIndex<GenreAnswer>;
  developers: NameIndex<Sentiment>;
  releaseYears: Map<number, Sentiment>;
  top3: Map<Top3Kind, Map<number, string[]>>;
  postedYears: YearRange | null;
  releaseYearsRange: YearRange | null;
}

const sumSentiment = (a: Sentiment, b: Sentiment): Sentiment => ({ negative: a.negative + b.negative, neutral: a.neutral + b.neutral, positive: a.positive + b.positive });
const total = (s: Sentiment) => s.negative + s.neutral + s.positive;

/** Reads the api_* tables into lookup structures. */
export async function loadSteamAnswers(wh: Warehouse): Promise<SteamAnswers> {
  const genreAnswers = new Map<string, GenreAnswer>();
  const genre = (name: string) => {
    let g = genreAnswers.get(name);
    if (!g) genreAnswers.set(name, (g = { minutesByYear: new Map(), topUser: null, topUserYears: new Map() }));
    return g;
  };
  for (const r of await readRows(wh, 'SELECT genre, release_year, minutes FROM api_genre_year_playtime WHERE release_year IS NOT NULL')) {
    genre(r.genre as string).minutesByYear.set(r.release_year as number, r.minutes as number);
  }
  for (const r of await readRows(wh, 'SELECT genre, user_id, minutes FROM api_genre_top_user')) {
    genre(r.genre as string).topUser = { userId: r.user_id as string, minutes: r.minutes as number };
  }
  for (const r of await readRows(wh, 'SELECT genre, release_year, minutes FROM api_genre_top_user_years')) {
    genre(r.genre as string).topUserYears.set(r.release_year as number, r.minutes as number);
  }
  const genres = new NameIndex<GenreAnswer>();
  // genres are a closed vocabulary; two spellings of one key would keep the first
  for (const [name, answer] of [...genreAnswers].sort(([a], [b]) => (a < b ? -1 : 1))) genres.add(name, answer, (a) => a);
  genres.addFoldedAliases();

  const developers = new NameIndex<Sentiment>();
  // 'Ubisoft Montreal' and 'Ubisoft Montréal' are one studio: counts are summed, and the answer
  // is labelled with the spelling that has more reviews
  for (const r of await readRows(wh, 'SELECT developer, negative, neutral, positive FROM api_developer_sentiment ORDER BY developer')) {
    const s: Sentiment = { negative: r.negative as number, neutral: r.neutral as number, positive: r.positive as number };
    developers.add(r.developer as string, s, sumSentiment, (incoming, old) => total(incoming.value) > total(old.value));
  }
  developers.addFoldedAliases().prepareSuggestions();

  const releaseYears = new Map<number, Sentiment>();
  for (const r of await readRows(wh, 'SELECT release_year, negative, neutral, positive FROM api_release_year_sentiment')) {
    releaseYears.set(r.release_year as number, { negative: r.negative as number, neutral: r.neutral as number, positive: r.positive as number });
  }

  const top3 = new Map<Top3Kind, Map<number, string[]>>(TOP3_KINDS.map((k) => [k, new Map()]));
  for (const r of await readRows(wh, 'SELECT posted_year, kind, rank, name FROM api_year_top3 ORDER BY kind, posted_year, rank')) {
    const byYear = top3.get(r.kind as Top3Kind)!;
    const list = byYear.get(r.posted_year as number) ?? [];
    list.push(r.name as string);
    byYear.set(r.posted_year as number, list);
  }

  const ranges = new Map<string, YearRange | null>();
  for (const r of await readRows(wh, 'SELECT what, min_year, max_year FROM api_year_ranges')) {
    ranges.set(r.what as string, r.min_year === null ? null : { min: r.min_year as number, max: r.max_year as number });
  }
  return { genres, developers, releaseYears, top3, postedYears: ranges.get('posted_year') ?? null, releaseYearsRange: ranges.get('release_year_reviewed') ?? null };
}

// ---------------------------------------------------------------------------------------------
// Recommendations: the live models and the game catalogue behind them

/** How many games a recommendation lists. */
export const N = 5;

interface GameInfo {
  names: string[];
  /** content features per item index, as feature ids ('genre:x', 'tag:y', 'dev:z' numbered once: ~600 k strings fewer in memory) */
  features: Map<number, Int32Array>;
  /** feature id → the items that have it */
  postings: Int32Array[];
  /** feature name → id */
  featureIds: Map<string, number>;
}

async function loadGameInfo(wh: Warehouse, items: string[]): Promise<GameInfo> {
  const index = new Map(items.map((id, i) => [id, i]));
  const names = items.slice();
  const res = await wh.conn.runAndReadAll(`
    SELECT i.item_id, coalesce(g.app_name, g.title, n.item_name) AS name, g.genres, g.tags, g.developer
    FROM (SELECT item_id FROM games UNION SELECT item_id FROM item_names) i
    LEFT JOIN games g USING (item_id) LEFT JOIN item_names n USING (item_id)`);
  const features = new Map<number, Int32Array>();
  const featureIds = new Map<string, number>();
  const postingLists: number[][] = [];
  const idOf = (name: string) => {
    let id = featureIds.get(name);
    if (id === undefined) {
      featureIds.set(name, (id = postingLists.length));
      postingLists.push([]);
    }
    return id;
  };
  for (const [id, name, genres, tags, developer] of res.getRowsJS() as [string, string | null, string[] | null, string[] | null, string | null][]) {
    const i = index.get(id);
    if (i === undefined) continue;
    if (name) names[i] = name;
    const f = [...new Set([...(genres ?? []).map((g) => idOf(`genre:${g}`)), ...(tags ?? []).map((t) => idOf(`tag:${t}`)), ...(developer ? [idOf(`dev:${developer}`)] : [])])];
    if (!f.length) continue;
    features.set(i, Int32Array.from(f));
    for (const x of f) postingLists[x].push(i);
  }
  return { names, features, postings: postingLists.map((l) => Int32Array.from(l)), featureIds };
}

/** Games sharing the most IDF-weighted content features with `item`; ties: the most owned. */
function contentNeighbours(info: GameInfo, owners: Int32Array, item: number, n: number, exclude: Set<number>): number[] {
  const feats = info.features.get(item);
  if (!feats) return [];
  const total = info.features.size;
  const scores = new Map<number, number>();
  for (const f of feats) {
    const list = info.postings[f];
    const idf = Math.log(total / list.length);
    for (const j of list) if (!exclude.has(j)) scores.set(j, (scores.get(j) ?? 0) + idf);
  }
  const top = new TopN(n);
  for (const [j, s] of scores) top.push(j, s + 1e-6 * Math.log1p(owners[j]));
  return top.result().map((r) => r.item);
}

/** Owners per item, from the libraries the models were trained on. */
function ownerCounts(models: ServingRecommenders): Int32Array {
  const counts = new Int32Array(models.items.length);
  const { indices, indptr, nRows } = models.libraries;
  for (let k = 0; k < indptr[nRows]; k++) counts[indices[k]]++;
  return counts;
}

/** The live recommenders and what their answers need. */
export interface Recommendations {
  models: ServingRecommenders;
  info: GameInfo;
  itemIndex: Map<string, number>;
  userIndex: Map<string, number>;
  /** lower-cased id → the first user with it */
  userByLower: Map<string, number>;
  gameNames: NameIndex<number>;
  /** users without a library (reviewers only), lower-cased: the genres of what they reviewed */
  reviewerGenres: Map<string, string[]>;
  /** every user id of the warehouse, lower-cased (DuckDB's lower) */
  knownUsers: Set<string>;
  owners: Int32Array;
  genrePostings: Map<string, Int32Array>;
}

/** The live recommenders with their catalogue; null when none is trained for this warehouse. */
export async function loadRecommendations(wh: Warehouse): Promise<Recommendations | null> {
  const models = loadLiveRecommenders(wh.path);
  if (!models) return null;
  const info = await loadGameInfo(wh, models.items);
  const itemIndex = new Map(models.items.map((id, i) => [id, i]));
  const userIndex = new Map(models.users.map((id, u) => [id, u]));
  const userByLower = new Map<string, number>();
  models.users.forEach((id, u) => {
    if (!userByLower.has(id.toLowerCase())) userByLower.set(id.toLowerCase(), u);
  });
  const gameNames = new NameIndex<number>();
  info.names.forEach((name, i) => gameNames.add(name, i, (a) => a));
  gameNames.addFoldedAliases().prepareSuggestions();
  const reviewerGenres = new Map<string, string[]>();
  const res = await wh.conn.runAndReadAll(`
    SELECT lower(r.user_id), list(DISTINCT g.genre) FROM reviews r
    JOIN (SELECT item_id, unnest(genres) AS genre FROM games) g USING (item_id)
    WHERE r.user_id NOT IN (SELECT DISTINCT user_id FROM user_items) GROUP BY 1`);
  for (const [u, genres] of res.getRowsJS() as [string, string[]][]) reviewerGenres.set(u, genres);
  const knownUsers = new Set((await wh.conn.runAndReadAll('SELECT lower(user_id) FROM users')).getRowsJS().map((r) => String(r[0])));
  const genrePostings = new Map<string, Int32Array>();
  for (const [name, id] of info.featureIds) if (name.startsWith('genre:')) genrePostings.set(name, info.postings[id]);
  return { models, info, itemIndex, userIndex, userByLower, gameNames, reviewerGenres, knownUsers, owners: ownerCounts(models), genrePostings };
}

/** A recommendation answer: whom (or what) it is for, as the answer names it, and the games. */
export interface Recommended {
  name: string;
  list: string[];
}

/** The item a route's `item_id` names: a Steam app id, else a game's name. */
export function findGame(r: Recommendations, raw: string): number | undefined {
  return r.itemIndex.get(raw) ?? r.gameNames.get(raw)?.value;
}

/** The 5 games like `item`: its item-item neighbours, then games sharing its content. */
export function similarGames(r: Recommendations, item: number): Recommended {
  const picked = r.models.itemknn.similarItems(item, N).map((s) => s.item);
  if (picked.length < N) picked.push(...contentNeighbours(r.info, r.owners, item, N - picked.length, new Set([item, ...picked])));
  return { name: r.info.names[item], list: picked.map((i) => r.info.names[i]) };
}

/** A user with a library: ALS over it, their own games left out. */
export function libraryRecommendations(r: Recommendations, u: number): Recommended {
  const recs = r.models.als.recommend(u, historyOf(r.models.libraries, u), N);
  return { name: r.models.users[u], list: recs.map((x) => r.info.names[x.item]) };
}

/** A reviewer without a library: popular games of the genres they reviewed, else popular overall. */
export function reviewerRecommendations(r: Recommendations, lowerId: string): string[] {
  const genres = r.reviewerGenres.get(lowerId) ?? [];
  const candidates = new Set<number>();
  for (const g of genres) for (const i of r.genrePostings.get(`genre:${g}`) ?? []) candidates.add(i);
  const recs = candidates.size >= N ? r.models.popularity.rankAmong(candidates, N) : r.models.popularity.recommend(-1, NO_HISTORY, N);
  return recs.map((x) => r.info.names[x.item]);
}

/** A user's answer, by id as typed (exact, else case-insensitive); undefined for an unknown user. */
export function userRecommendations(r: Recommendations, raw: string): Recommended | undefined {
  const u = r.userIndex.get(raw) ?? r.userByLower.get(raw.toLowerCase());
  if (u !== undefined) return libraryRecommendations(r, u);
  if (!r.knownUsers.has(raw.toLowerCase())) return undefined;
  return { name: raw, list: reviewerRecommendations(r, raw.toLowerCase()) };
}

// ---------------------------------------------------------------------------------------------
// Price: the live models and their answers for every catalogue game

export interface PriceAnswers {
  /** null: no price model trained for this warehouse */
  model: PriceModel | null;
  /** the folder the model was loaded from */
  dir: string | null;
  games: Map<string, CataloguePrice>;
  /** ids seen in libraries only (no catalogue metadata) */
  libraryOnly: Set<string>;
}

/** Loads the price models in `modelDir` (none there: `model` is null) and their catalogue answers. */
export async function loadPriceAnswers(wh: Warehouse, modelDir: string | null): Promise<PriceAnswers> {
  const model = loadPriceModel(modelDir);
  const games = model && modelDir ? await loadCataloguePrices(wh.conn, model, modelDir) : new Map<string, CataloguePrice>();
  const libraryOnly = new Set((await wh.conn.runAndReadAll('SELECT item_id FROM item_names WHERE item_id NOT IN (SELECT item_id FROM games)')).getRows().map((r) => String(r[0])));
  return { model, dir: model ? modelDir : null, games, libraryOnly };
}

/** A catalogue game's price answer; 'library-only' for an id only libraries know. */
export const catalogueGame = (price: PriceAnswers, id: string): CataloguePrice | 'library-only' | undefined =>
  price.games.get(id) ?? (price.libraryOnly.has(id) ? 'library-only' : undefined);

// ---------------------------------------------------------------------------------------------
// The load step and the reader the routes ask

export interface SteamLoaded {
  analytics: SteamAnswers;
  recommendations: Recommendations | null;
  price: PriceAnswers;
}

/** Everything the Steam routes need, from a warehouse and its live models. */
export async function loadSteam(wh: Warehouse): Promise<SteamLoaded> {
  // each of the three loads leaves tens of MB of garbage (query results, parsed JSON): collected
  // before the next, the three-pack server's peak at start stays lower (bench:all-packs)
  const recommendations = await loadRecommendations(wh);
  fullGc();
  const price = await loadPriceAnswers(wh, priceModelDir(wh.path));
  fullGc();
  const analytics = await loadSteamAnswers(wh);
  return { analytics, recommendations, price };
}

/** A name as the answer spells it, with its value. */
export interface Named<T> {
  name: string;
  value: T;
}

/** A genre's answer as plain JSON: [year, minutes] pairs. */
export interface GenreView {
  minutesByYear: [number, number][];
  topUser: { userId: string; minutes: number } | null;
  topUserYears: [number, number][];
}

export const genreView = (g: GenreAnswer): GenreView => ({ minutesByYear: [...g.minutesByYear], topUser: g.topUser, topUserYears: [...g.topUserYears] });

export type SteamNameKind = 'game' | 'developer' | 'genre' | 'user';

/**
 * What a server keeps in memory for the Steam routes whatever the reader: the names behind "did
 * you mean" and autocomplete, the year ranges a year parameter is checked against, whether the
 * models are trained, and the price models (a POST prices any game, so they are run here).
 */
export interface SteamLocal {
  names: Record<SteamNameKind, Suggests>;
  postedYears: YearRange | null;
  releaseYearsRange: YearRange | null;
  /** null: no recommender is trained; else an app id the messages give as an example */
  recommender: { exampleItem: string } | null;
  price: PriceModel | null;
  /** what a "not trained" message says to do after training: restart this server, or publish again */
  afterTraining: string;
}

/** Where the routes read their answers; one reader per request (one store version). */
export interface SteamReader {
  local: SteamLocal;
  genre(input: string): Promise<Named<GenreView> | undefined>;
  developer(input: string): Promise<Named<Sentiment> | undefined>;
  releaseYear(year: number): Promise<Sentiment | undefined>;
  top3(kind: Top3Kind, year: number): Promise<string[] | undefined>;
  /** by app id, else by name (trimmed input); undefined for an unknown game */
  similarGames(raw: string): Promise<Recommended | undefined>;
  /** by user id as typed (trimmed); undefined for an unknown user */
  forUser(raw: string): Promise<Recommended | undefined>;
  /** a catalogue game's price answer; 'library-only' for an id only libraries know */
  catalogueGame(id: string): Promise<CataloguePrice | 'library-only' | undefined>;
}

export const RESTART = 'and restart the server';

/** The 503 every route may answer when served from a shared store (`recops serve --store`). */
export const STORE_DOWN = 'Served from a shared store (`recops serve --store`): the store is unreachable or nothing is published yet; the message says which.';

/** The names behind the routes' suggestions, from the loaded answers. */
export function localOf(a: SteamLoaded): SteamLocal {
  const r = a.recommendations;
  return {
    names: { game: r?.gameNames ?? new NameIndex<number>(), developer: a.analytics.developers, genre: a.analytics.genres, user: new PrefixSuggester(r?.models.users ?? []) },
    postedYears: a.analytics.postedYears,
    releaseYearsRange: a.analytics.releaseYearsRange,
    recommender: r ? { exampleItem: r.models.items[0] } : null,
    price: a.price.model,
    afterTraining: RESTART,
  };
}

/** The in-process reader: lookups in the loaded maps, recommendations computed from the live models. */
export function memoryReader(a: SteamLoaded): SteamReader {
  const local = localOf(a);
  const { analytics: s, recommendations: r, price } = a;
  return {
    local,
    genre: async (input) => {
      const g = s.genres.get(input);
      return g && { name: g.name, value: genreView(g.value) };
    },
    developer: async (input) => s.developers.get(input),
    releaseYear: async (year) => s.releaseYears.get(year),
    top3: async (kind, year) => s.top3.get(kind)!.get(year),
    similarGames: async (raw) => {
      const item = r ? findGame(r, raw) : undefined;
      return item === undefined ? undefined : similarGames(r!, item);
    },
    forUser: async (raw) => (r ? userRecommendations(r, raw) : undefined),
    catalogueGame: async (id) => catalogueGame(price, id),
  };
}
