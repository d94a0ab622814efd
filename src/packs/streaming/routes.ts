/**
 * The streaming analytics routes (issue 6's endpoints, paths and JSON keys as specified). Every
 * answer is read at server start from the small api_* tables (queries.ts) into maps; a request
 * is a lookup (a binary search for the score threshold).
 */
import type { FastifyInstance } from 'fastify';
import { readRows, type Warehouse } from '../../core/warehouse/warehouse.js';
import { NameIndex } from '../../core/text/names.js';
import { BAD_YEAR, badRequest, NAME_PARAM, notFound, parseYear, unknownName, yearParam } from '../../core/server/errors.js';
import { responses } from '../../core/server/openapi.js';
import { PLATFORMS, type Platform } from './clean.js';

type YearRange = { min: number; max: number } | null;

interface MaxDuration {
  title: string;
  durationInt: number;
}

export interface StreamingAnswers {
  platforms: NameIndex<Platform>;
  moviesByPlatform: Map<Platform, number>;
  /** key: `${year|*}|${platform|*}|${duration_type|*}` */
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
const durationKey = (year: number | null, platform: string | null, type: string | null) => `${year ?? ANY}|${platform ?? ANY}|${type ?? ANY}`;

/** Reads the api_* tables into lookup structures. */
export async function loadStreamingAnswers(wh: Warehouse): Promise<StreamingAnswers> {
  const platforms = new NameIndex<Platform>();
  for (const p of PLATFORMS) platforms.add(p, p, (a) => a);

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
export function countAbove(sorted: Float64Array, x: number): number {
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
// Parameters: 400 when a value has the wrong shape, 404 when it is well formed but names nothing
// in the data; both say what is accepted.

const PLATFORM_LIST = PLATFORMS.join(', ');

/** What the country and rating parameters accept, and where `/suggest/streaming/{what}` lists the names. */
const COUNTRY_NAMES = { accepted: 'a production country of the titles, lowercase or not', listedAt: '/suggest/streaming/country' };
const RATING_NAMES = { accepted: "an audience rating as the platforms write it, case-insensitive (titles without one count as 'g')", listedAt: '/suggest/streaming/rating' };

/** The four platforms are a closed list: the message names them all. */
function platformParam(a: StreamingAnswers, raw: string): Platform {
  const p = a.platforms.get(raw);
  if (!p) throw notFound(`unknown platform '${raw.trim().slice(0, 100)}'; accepted: ${PLATFORM_LIST}`, { suggestions: a.platforms.suggest(raw, 5), accepted: PLATFORM_LIST });
  return p.value;
}

const DURATION_TYPES: Record<string, 'min' | 'season'> = { min: 'min', mins: 'min', minute: 'min', minutes: 'min', season: 'season', seasons: 'season' };

function durationTypeParam(raw: string): 'min' | 'season' {
  const t = DURATION_TYPES[raw.trim().toLowerCase()];
  if (!t) throw badRequest(`'${raw.slice(0, 50)}' is not a duration type; duration_type accepts min or season`, { accepted: 'min, season' });
  return t;
}

const TYPES: Record<string, 'movie' | 'tv show'> = {
  movie: 'movie', movies: 'movie', film: 'movie', pelicula: 'movie', peliculas: 'movie',
  'tv show': 'tv show', 'tv shows': 'tv show', tvshow: 'tv show', show: 'tv show', shows: 'tv show', serie: 'tv show', series: 'tv show',
};

function typeParam(raw: string): 'movie' | 'tv show' {
  const key = raw
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ')
    .trim();
  const t = TYPES[key];
  if (!t) throw notFound(`unknown type '${raw.trim().slice(0, 50)}'; accepted: movie, tv show`, { accepted: 'movie, tv show' });
  return t;
}

const SCORE_ACCEPTED = 'a number from 0 to 5, e.g. 3.5';

function scoreParam(raw: string): number {
  const s = raw.trim();
  if (!/^\+?(\d{1,3}(\.\d{0,6})?|\.\d{1,6})$/.test(s)) throw badRequest(`'${raw.slice(0, 50)}' is not a score; scored accepts ${SCORE_ACCEPTED}`, { accepted: SCORE_ACCEPTED });
  const x = Number(s);
  if (x > 5) throw badRequest(`scored ${x} is above the scale; scored accepts ${SCORE_ACCEPTED}`, { accepted: SCORE_ACCEPTED });
  return x;
}

// ---------------------------------------------------------------------------------------------
// Schemas

const PLATFORM_PARAM = { type: 'string', minLength: 1, maxLength: 100, description: `${PLATFORMS.join(' | ')} (any case)` } as const;
const YEAR_PARAM = yearParam('a release year, e.g. 2019');
const tags = ['streaming'];
const BAD_PLATFORM = 'A value is empty or too long.';
const UNKNOWN_PLATFORM = `Unknown platform (accepted: ${PLATFORM_LIST}).`;
const NO_YEAR = "The year is outside the data's range (the message says it).";

function objectSchema(properties: Record<string, { type: string }>) {
  return { type: 'object', properties, required: Object.keys(properties), additionalProperties: false } as const;
}

/** Registers the analytics routes; returns the name indexes that `/suggest/streaming/{kind}` lists. */
export async function registerStreamingRoutes(app: FastifyInstance, wh: Warehouse): Promise<Record<string, NameIndex<unknown>>> {
  const a = await loadStreamingAnswers(wh);
  const year = (raw: string, what: string) => parseYear(raw, a.years, `${what} (release year)`);

  app.get<{ Querystring: { year?: string; platform?: string; duration_type?: string } }>(
    '/get_max_duration',
    {
      schema: {
        summary: 'The longest movie, with optional filters by release year, platform and duration type',
        description:
          "Among titles of type movie with a known duration, the one with the largest duration_int; each filter is optional (absent or empty = any). duration_type is 'min' or 'season' (a few Hulu movies are listed in seasons). Ties: title A→Z. 404 when no movie matches.",
        tags,
        querystring: {
          type: 'object',
          properties: {
            year: { type: 'string', maxLength: 50, description: 'release year' },
            platform: { type: 'string', maxLength: 100, description: PLATFORM_PARAM.description },
            duration_type: { type: 'string', maxLength: 50, description: 'min | season' },
          },
        },
        operationId: 'streamingGetMaxDuration',
        response: responses(
          { description: 'The title of the longest movie that matches', schema: objectSchema({ pelicula: { type: 'string' } }) },
          { 400: 'year is not an integer, duration_type is neither min nor season, or a value is too long.', 404: `${UNKNOWN_PLATFORM} Or ${NO_YEAR.toLowerCase()} Or no movie with a known duration matches.` },
        ),
      },
    },
    async (req) => {
      const q = req.query;
      const given = (v: string | undefined) => (v !== undefined && v.trim() !== '' ? v : null);
      const y = given(q.year) === null ? null : year(q.year!, 'get_max_duration year');
      const p = given(q.platform) === null ? null : platformParam(a, q.platform!);
      const t = given(q.duration_type) === null ? null : durationTypeParam(q.duration_type!);
      const best = a.maxDuration.get(durationKey(y, p, t));
      if (!best) {
        const filters = [y !== null && `year ${y}`, p && `platform ${p}`, t && `duration_type ${t}`].filter(Boolean).join(', ');
        throw notFound(`no movie with a known duration matches ${filters || 'no filter'}`);
      }
      return { pelicula: best.title };
    },
  );

  app.get<{ Params: { platform: string; scored: string; year: string } }>(
    '/get_score_count/:platform/:scored/:year',
    {
      schema: {
        summary: 'How many movies of a platform released in a year have a score above a threshold',
        description:
          "cantidad counts titles of type movie on the platform whose release_year is the year and whose score (the mean of their ratings) is strictly greater than scored; movies without ratings have no score and are not counted. score echoes the threshold. A year inside the data's range with no such movie gives cantidad 0.",
        tags,
        params: {
          type: 'object',
          properties: { platform: PLATFORM_PARAM, scored: { type: 'string', minLength: 1, maxLength: 50, description: SCORE_ACCEPTED }, year: YEAR_PARAM },
          required: ['platform', 'scored', 'year'],
        },
        operationId: 'streamingGetScoreCount',
        response: responses(
          { description: 'The platform, the count, the year and the threshold', schema: objectSchema({ plataforma: { type: 'string' }, cantidad: { type: 'integer' }, anio: { type: 'integer' }, score: { type: 'number' } }) },
          { 400: `scored is not ${SCORE_ACCEPTED}, the year is not an integer, or a value is empty or too long.`, 404: `${UNKNOWN_PLATFORM} Or ${NO_YEAR.toLowerCase()}` },
        ),
      },
    },
    async (req) => {
      const p = platformParam(a, req.params.platform);
      const threshold = scoreParam(req.params.scored);
      const y = year(req.params.year, 'get_score_count');
      const scores = a.movieScores.get(`${p}|${y}`);
      return { plataforma: p, cantidad: scores ? countAbove(scores, threshold) : 0, anio: y, score: threshold };
    },
  );

  app.get<{ Params: { platform: string } }>(
    '/get_count_platform/:platform',
    {
      schema: {
        summary: 'How many movies a platform has',
        description: 'peliculas counts titles of type movie on the platform.',
        tags,
        params: { type: 'object', properties: { platform: PLATFORM_PARAM }, required: ['platform'] },
        operationId: 'streamingGetCountPlatform',
        response: responses(
          { description: "The platform and its movies' count", schema: objectSchema({ plataforma: { type: 'string' }, peliculas: { type: 'integer' } }) },
          { 400: BAD_PLATFORM, 404: UNKNOWN_PLATFORM },
        ),
      },
    },
    async (req) => {
      const p = platformParam(a, req.params.platform);
      return { plataforma: p, peliculas: a.moviesByPlatform.get(p) ?? 0 };
    },
  );

  app.get<{ Params: { platform: string; year: string } }>(
    '/get_actor/:platform/:year',
    {
      schema: {
        summary: "The cast member in the most of a platform's titles released in a year",
        description:
          'Counts, over the titles of every type on the platform released that year, the titles whose cast lists the person (once per title); apariciones is that count. Ties: name A→Z. 404 when no such title lists a cast (the Hulu catalogue lists none).',
        tags,
        params: { type: 'object', properties: { platform: PLATFORM_PARAM, year: YEAR_PARAM }, required: ['platform', 'year'] },
        operationId: 'streamingGetActor',
        response: responses(
          {
            description: 'The platform, the year, the cast member and their number of titles',
            schema: objectSchema({ plataforma: { type: 'string' }, anio: { type: 'integer' }, actor: { type: 'string' }, apariciones: { type: 'integer' } }),
          },
          { 400: `${BAD_YEAR} Or a value is empty or too long.`, 404: `${UNKNOWN_PLATFORM} Or ${NO_YEAR.toLowerCase()} Or no title of that platform and year lists its cast.` },
        ),
      },
    },
    async (req) => {
      const p = platformParam(a, req.params.platform);
      const y = year(req.params.year, 'get_actor');
      const top = a.topActor.get(`${p}|${y}`);
      if (!top) throw notFound(`no ${p} title released in ${y} lists its cast`);
      return { plataforma: p, anio: y, actor: top.actor, apariciones: top.appearances };
    },
  );

  app.get<{ Params: { tipo: string; pais: string; anio: string } }>(
    '/prod_per_county/:tipo/:pais/:anio',
    {
      schema: {
        summary: 'How many titles of a type a country produced in a year (all platforms)',
        description:
          "contenido counts titles (rows of titles, all four platforms: a film on two platforms counts twice) of the type ('movie' or 'tv show'; also 'tv_show', 'series', 'pelicula', 'serie') whose country list names the country and whose release_year is anio. The country is matched without regard to case or accents; pais answers with its spelling in the data. A year inside the data's range with no such title gives 0.",
        tags,
        params: {
          type: 'object',
          properties: { tipo: { type: 'string', minLength: 1, maxLength: 50, description: 'movie | tv show' }, pais: { ...NAME_PARAM, description: 'a country, e.g. india (any case, accents optional)' }, anio: YEAR_PARAM },
          required: ['tipo', 'pais', 'anio'],
        },
        operationId: 'streamingProdPerCountry',
        response: responses(
          { description: 'The country as spelled in the data, the year and the count', schema: objectSchema({ pais: { type: 'string' }, anio: { type: 'integer' }, contenido: { type: 'integer' } }) },
          { 400: `${BAD_YEAR} Or a value is empty or too long.`, 404: `Unknown type (accepted: movie, tv show), or unknown country (\`suggestions\`: the nearest names), or ${NO_YEAR.toLowerCase()}` },
        ),
      },
    },
    async (req) => {
      const t = typeParam(req.params.tipo);
      const c = a.countries.get(req.params.pais);
      if (!c) throw unknownName(a.countries, 'country', req.params.pais, COUNTRY_NAMES);
      const y = year(req.params.anio, 'prod_per_county');
      return { pais: c.name, anio: y, contenido: c.value.get(`${t}|${y}`) ?? 0 };
    },
  );

  app.get<{ Params: { rating: string } }>(
    '/get_contents/:rating',
    {
      schema: {
        summary: 'How many titles have an audience rating (all platforms, all types)',
        description: "contenido counts titles whose rating is the given one, matched without regard to case ('TV-MA' = 'tv-ma'). Titles whose raw rating was empty count as 'g'.",
        tags,
        params: { type: 'object', properties: { rating: { ...NAME_PARAM, description: 'an audience rating, e.g. tv-ma (any case)' } }, required: ['rating'] },
        operationId: 'streamingGetContents',
        response: responses(
          { description: 'The rating as spelled in the data and the count', schema: objectSchema({ rating: { type: 'string' }, contenido: { type: 'integer' } }) },
          { 400: 'The rating is empty or over 200 characters.', 404: 'Unknown rating (`suggestions`: the nearest ratings).' },
        ),
      },
    },
    async (req) => {
      const r = a.ratings.get(req.params.rating);
      if (!r) throw unknownName(a.ratings, 'rating', req.params.rating, RATING_NAMES);
      return { rating: r.name, contenido: r.value };
    },
  );
  return { country: a.countries, rating: a.ratings };
}
