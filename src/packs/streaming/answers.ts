/**
 * The streaming pack's load step: the one place that reads the warehouse and the live rating
 * model, and builds everything a request needs (the api_* tables as lookup maps, the live model
 * with its precomputed lists and who rated what, the titles' names, the suggesters). The route
 * modules ask a `StreamingReader`; `memoryReader` answers from what this process loaded, the
 * store's reader (store.ts) from a published version.
 */
import { readRows, type Warehouse } from '../../core/warehouse/warehouse.js';
import { NameIndex } from '../../core/text/names.js';
import { NumericPrefixSuggester } from '../../core/text/suggest.js';
import { HttpError } from '../../core/server/errors.js';
import type { Suggests } from '../../core/server/suggest.js';
import { TopN } from '../../core/models/topk.js';
import { NO_HISTORY } from '../../core/models/recommender.js';
import { PLATFORMS, type Platform } from './clean.js';
import { loadLiveRatings, type ServingRatings } from './models.js';

export type YearRange = { min: number; max: number } | null;

export interface MaxDuration {
  title: string;
  durationInt: number;
}

export interface StreamingAnswers {
  platforms: NameIndex<Platform>;
  moviesByPlatform: Map<Platform, number>;
  /** key: durationKey(year, platform, duration_type) */
  maxDuration: Map<string, MaxDuration>;
  /** key: `${platform}|${year}` → scores of its scored movies, ascending */
  movieScores: Map<string, Float64Array>;
  /** key: `${platform}|${year}` */
  topActor: Map<string, { actor: string; appearances: number }>;
  /** country → `${type}|${year}` → titles */
  countries: NameIndex<Map<string, number>>;
  ratings: NameIndex<number>;
  years: YearRange;
}

const ANY = '*';
export const durationKey = (year: number | null, platform: string | null, type: string | null) => `${year ?? ANY}|${platform ?? ANY}|${type ?? ANY}`;

/** The four platforms, found in any case: a closed list. */
export function platformIndex(): NameIndex<Platform> {
  const platforms = new NameIndex<Platform>();
  for (const p of PLATFORMS) platforms.add(p, p, (a) => a);
  return platforms;
}

/** Reads the api_* tables into lookup structures. */
export async function loadStreamingAnswers(wh: Warehouse): Promise<StreamingAnswers> {
  const platforms = platformIndex();

  const moviesByPlatform = new Map<Platform, number>(PLATFORMS.map((p) => [p, 0]));
  for (const r of await readRows(wh, 'SELECT platform, movies FROM api_platform_movies')) moviesByPlatform.set(r.platform as Platform, r.movies as number);

  const maxDuration = new Map<string, MaxDuration>();
  for (const r of await readRows(wh, 'SELECT by_year, release_year, by_platform, platform, by_type, duration_type, duration_int, title FROM api_max_duration')) {
    // a NULL release_year with by_year true is a real group (titles without a year): not "any"
    if ((r.by_year && r.release_year === null) || (r.by_platform && r.platform === null) || (r.by_type && r.duration_type === null)) continue;
    const key = durationKey(r.by_year ? (r.release_year as number) : null, r.by_platform ? (r.platform as string) : null, r.by_type ? (r.duration_type as string) : null);
    maxDuration.set(key, { title: r.title as string, durationInt: r.duration_int as number });
  }

  const scoreLists = new Map<string, number[]>();
  for (const r of await readRows(wh, 'SELECT platform, release_year, score FROM api_movie_scores')) {
    const key = `${r.platform}|${r.release_year}`;
    const list = scoreLists.get(key) ?? [];
    list.push(r.score as number);
    scoreLists.set(key, list);
  }
  const movieScores = new Map([...scoreLists].map(([k, v]) => [k, Float64Array.from(v).sort()]));

  const topActor = new Map<string, { actor: string; appearances: number }>();
  for (const r of await readRows(wh, 'SELECT platform, release_year, actor, appearances FROM api_actor_year')) {
    topActor.set(`${r.platform}|${r.release_year}`, { actor: r.actor as string, appearances: r.appearances as number });
  }

  const byCountry = new Map<string, Map<string, number>>();
  for (const r of await readRows(wh, 'SELECT country, type, release_year, titles FROM api_country_type_year ORDER BY country')) {
    const m = byCountry.get(r.country as string) ?? new Map<string, number>();
    m.set(`${r.type}|${r.release_year}`, r.titles as number);
    byCountry.set(r.country as string, m);
  }
  const countries = new NameIndex<Map<string, number>>();
  // spellings that differ only by accents or case ('côte d'ivoire') are one country: counts add up
  for (const [name, counts] of byCountry) countries.add(name, counts, mergeCounts);
  countries.addFoldedAliases();

  const ratings = new NameIndex<number>();
  for (const r of await readRows(wh, 'SELECT rating, titles FROM api_rating_titles ORDER BY titles DESC, rating')) ratings.add(r.rating as string, r.titles as number, (a, b) => a + b);
  ratings.addFoldedAliases();

  const [range] = await readRows(wh, 'SELECT min_year, max_year FROM api_year_range');
  const years = range && range.min_year !== null ? { min: range.min_year as number, max: range.max_year as number } : null;
  return { platforms, moviesByPlatform, maxDuration, movieScores, topActor, countries, ratings, years };
}

function mergeCounts(a: Map<string, number>, b: Map<string, number>): Map<string, number> {
  const out = new Map(a);
  for (const [k, v] of b) out.set(k, (out.get(k) ?? 0) + v);
  return out;
}

/** How many values of an ascending array are strictly greater than x. */
export function countAbove(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return sorted.length - lo;
}

// ---------------------------------------------------------------------------------------------
// The rating model as served

/** The largest n of `/streaming/recomendacion` (a cold user's list is computed this long). */
export const MAX_N = 100;

export interface TitleInfo {
  title: string;
  platform: string;
  type: string;
}

export interface RatingAnswers {
  /** null: no rating model is trained for this warehouse */
  live: ServingRatings | null;
  /** titles.id → what a recommendation shows of it */
  info: Map<string, TitleInfo>;
  /** 1 for a model item that is not in the catalogue (rated ids only): never recommended */
  notInCatalogue: Uint8Array;
  /** users without ratings: the best-liked titles (μ + b_i), MAX_N of them, best first */
  coldStart: number[];
  users: NumericPrefixSuggester;
}

export interface StreamingLoaded {
  analytics: StreamingAnswers;
  ratings: RatingAnswers;
}

/** The load step: everything the streaming routes answer from, read once. */
export async function loadStreaming(wh: Warehouse): Promise<StreamingLoaded> {
  const analytics = await loadStreamingAnswers(wh);
  const live = loadLiveRatings(wh.path);
  const info = new Map<string, TitleInfo>();
  for (const [id, title, platform, type] of (await wh.conn.runAndReadAll('SELECT id, title, platform, type FROM titles')).getRowsJS() as string[][]) info.set(id, { title, platform, type });
  // ids rated but absent from the catalogue are never recommended
  const notInCatalogue = new Uint8Array(live?.items.length ?? 0);
  live?.items.forEach((id, i) => (notInCatalogue[i] = info.has(id) ? 0 : 1));
  const coldStart = live ? bestLiked(live.model.bi, MAX_N, (i) => info.has(live.items[i])) : [];
  // build the search index now (one sorted order per user-norm bucket), not on the first request
  // that asks for more than the precomputed lists hold
  if (live && live.model.nUsers > 0) live.model.recommend(0, NO_HISTORY, 1);
  return { analytics, ratings: { live, info, notInCatalogue, coldStart, users: new NumericPrefixSuggester(live?.userIndex.keys() ?? []) } };
}

/** Indices of the `n` largest biases among the allowed items (ties: smaller index). */
function bestLiked(bias: Float32Array, n: number, allowed: (i: number) => boolean): number[] {
  const top = new TopN(n);
  for (let i = 0; i < bias.length; i++) if (allowed(i)) top.push(i, bias[i]);
  return top.result().map((s) => s.item);
}

// ---------------------------------------------------------------------------------------------
// What the routes ask

/** Predicted ratings are shown to 3 decimals. Rounding a rounded value gives it back unchanged. */
export const round = (x: number) => Math.round(x * 1000) / 1000;

export type SuggestKind = 'user' | 'country' | 'rating';

/** What a request needs without a lookup: the year range its parameters accept and the names behind "did you mean". */
export interface StreamingNames {
  years: YearRange;
  suggester(kind: SuggestKind): Suggests;
}

export interface Described {
  id: string;
  titulo: string | null;
  plataforma: string | null;
}
export type RatedTitle = Described & { rating_predicho: number };

export interface Recommendations {
  list: RatedTitle[];
  /** a user without ratings: the best-liked titles, and the mean rating (rounded) the note gives */
  coldMean?: number;
}

export interface Prediction extends RatedTitle {
  /** false: a user without ratings (the title's mean and bias alone) */
  known: boolean;
  /** the user's own rating of the title (their mean if several, rounded) */
  real?: number;
}

/**
 * Where the routes read their answers. Lookups are async (a shared store answers them); each
 * throws the route's HttpError (a 503 when no rating model is trained).
 */
export interface StreamingReader extends StreamingNames {
  moviesOn(platform: Platform): Promise<number>;
  maxDuration(key: string): Promise<{ title: string } | undefined>;
  /** the scores of a platform's scored movies of a year, ascending */
  movieScores(platform: Platform, year: number): Promise<ArrayLike<number> | undefined>;
  topActor(platform: Platform, year: number): Promise<{ actor: string; appearances: number } | undefined>;
  /** a country by any spelling: its name in the data and its titles per `${type}|${year}` */
  country(input: string): Promise<{ name: string; titles(key: string): number | undefined } | undefined>;
  rating(input: string): Promise<{ name: string; value: number } | undefined>;
  /** the top n (1 … MAX_N) for a user id, scores rounded */
  recommend(user: number, n: number): Promise<Recommendations>;
  /** a title id (trimmed, lowercase) for a user id; undefined for an unknown title */
  predict(user: number, id: string): Promise<Prediction | undefined>;
}

/** The 503 of a warehouse without a rating model; `then`: what makes the model served once trained. */
export function untrained(then: string): HttpError {
  return new HttpError(503, `no rating model is trained for this warehouse yet: run \`recops train streaming --db <warehouse>\` and ${then}`, {});
}

/** The user's mean rating of item `i` from their rated lists (half stars), rounded; undefined if they did not rate it. */
export function ownRating(items: ArrayLike<number>, halfStars: ArrayLike<number>, i: number): number | undefined {
  let sum = 0;
  let count = 0;
  for (let k = 0; k < items.length; k++) {
    if (items[k] === i) {
      sum += halfStars[k] / 2;
      count++;
    }
  }
  return count ? round(sum / count) : undefined;
}

/** What a list shows of the model's item `i` (a trained model). */
export function describer({ live, info }: RatingAnswers): (i: number) => Described {
  return (i) => {
    const id = live!.items[i];
    const t = info.get(id);
    return { id, titulo: t?.title ?? null, plataforma: t?.platform ?? null };
  };
}

/** A user without ratings: the n best-liked titles, predicted from the mean and their biases. */
export function coldList(r: RatingAnswers, n: number): RatedTitle[] {
  const describe = describer(r);
  return r.coldStart.slice(0, n).map((i) => ({ ...describe(i), rating_predicho: round(r.live!.model.predict(-1, i)) }));
}

/** The default reader: the answers and the live model this process loaded. */
export function memoryReader(loaded: StreamingLoaded): StreamingReader {
  const a = loaded.analytics;
  const { live, notInCatalogue, users } = loaded.ratings;
  const describe = describer(loaded.ratings);
  const suggesters: Record<SuggestKind, Suggests> = { user: users, country: a.countries, rating: a.ratings };
  return {
    years: a.years,
    suggester: (kind) => suggesters[kind],
    moviesOn: async (p) => a.moviesByPlatform.get(p) ?? 0,
    maxDuration: async (key) => a.maxDuration.get(key),
    movieScores: async (p, y) => a.movieScores.get(`${p}|${y}`),
    topActor: async (p, y) => a.topActor.get(`${p}|${y}`),
    country: async (input) => {
      const c = a.countries.get(input);
      return c && { name: c.name, titles: (key: string) => c.value.get(key) };
    },
    rating: async (input) => a.ratings.get(input),
    recommend: async (user, n) => {
      if (!live) throw untrained('restart the server');
      const u = live.userIndex.get(user);
      if (u === undefined) {
        return { list: coldList(loaded.ratings, n), coldMean: round(live.model.mu) };
      }
      if (n <= live.top.k) {
        // precomputed at train time: a lookup
        const list: RatedTitle[] = [];
        for (let j = 0; j < n; j++) {
          const i = live.top.items[u * live.top.k + j];
          if (i < 0) break;
          list.push({ ...describe(i), rating_predicho: round(live.top.scores[u * live.top.k + j]) });
        }
        return { list };
      }
      const recs = live.model.recommend(u, { items: live.rated.items.subarray(live.rated.indptr[u], live.rated.indptr[u + 1]) }, n, { exclude: notInCatalogue });
      return { list: recs.map((r) => ({ ...describe(r.item), rating_predicho: round(r.score) })) };
    },
    predict: async (user, id) => {
      if (!live) throw untrained('restart the server');
      const i = live.itemIndex.get(id);
      if (i === undefined) return undefined;
      const u = live.userIndex.get(user);
      const p: Prediction = { ...describe(i), rating_predicho: round(live.model.predict(u ?? -1, i)), known: u !== undefined };
      if (u !== undefined) {
        const [from, to] = [live.rated.indptr[u], live.rated.indptr[u + 1]];
        p.real = ownRating(live.rated.items.subarray(from, to), live.rated.halfStars.subarray(from, to), i);
      }
      return p;
    },
  };
}
