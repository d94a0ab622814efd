/**
 * The streaming analytics routes (issue 6's endpoints, paths and JSON keys as specified): schema,
 * parameters, a lookup of the reader (answers.ts: the api_* tables loaded into maps, or a version
 * of the shared store), the answer. A request is a lookup (a binary search for the score threshold).
 */
import type { FastifyInstance } from 'fastify';
import { BAD_YEAR, badRequest, NAME_PARAM, notFound, parseYear, unknownName, yearParam } from '../../core/server/errors.js';
import { responses } from '../../core/server/openapi.js';
import { PLATFORMS, type Platform } from './clean.js';
import { countAbove, durationKey, platformIndex, type StreamingNames, type StreamingReader } from './answers.js';
import { registerRatingRoutes } from './recommend-routes.js';

export { countAbove, loadStreamingAnswers, type StreamingAnswers } from './answers.js';

// ---------------------------------------------------------------------------------------------
// Parameters: 400 when a value has the wrong shape, 404 when it is well formed but names nothing
// in the data; both say what is accepted.

const PLATFORM_LIST = PLATFORMS.join(', ');

/** What the country and rating parameters accept, and where `/suggest/streaming/{what}` lists the names. */
const COUNTRY_NAMES = { accepted: 'a production country of the titles, lowercase or not', listedAt: '/suggest/streaming/country' };
const RATING_NAMES = { accepted: "an audience rating as the platforms write it, case-insensitive (titles without one count as 'g')", listedAt: '/suggest/streaming/rating' };

const PLATFORM_INDEX = platformIndex();

/** The four platforms are a closed list: the message names them all. */
function platformParam(raw: string): Platform {
  const p = PLATFORM_INDEX.get(raw);
  if (!p) throw notFound(`unknown platform '${raw.trim().slice(0, 100)}'; accepted: ${PLATFORM_LIST}`, { suggestions: PLATFORM_INDEX.suggest(raw, 5), accepted: PLATFORM_LIST });
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

/**
 * Registers the analytics routes over a reader: `reader()` is called once per request (a
 * store-served replica gives the live version's, or throws a 503); `names()` gives what a
 * parameter is checked against without a lookup (the years), which never needs the store.
 */
export function registerStreamingRoutes(app: FastifyInstance, reader: () => StreamingReader, names: () => StreamingNames): void {
  const year = (raw: string, what: string) => parseYear(raw, names().years, `${what} (release year)`);

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
      const p = given(q.platform) === null ? null : platformParam(q.platform!);
      const t = given(q.duration_type) === null ? null : durationTypeParam(q.duration_type!);
      const best = await reader().maxDuration(durationKey(y, p, t));
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
      const p = platformParam(req.params.platform);
      const threshold = scoreParam(req.params.scored);
      const y = year(req.params.year, 'get_score_count');
      const scores = await reader().movieScores(p, y);
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
      const p = platformParam(req.params.platform);
      return { plataforma: p, peliculas: await reader().moviesOn(p) };
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
      const p = platformParam(req.params.platform);
      const y = year(req.params.year, 'get_actor');
      const top = await reader().topActor(p, y);
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
      const c = await reader().country(req.params.pais);
      if (!c) throw await unknownName(names().suggester('country'), 'country', req.params.pais, COUNTRY_NAMES);
      const y = year(req.params.anio, 'prod_per_county');
      return { pais: c.name, anio: y, contenido: c.titles(`${t}|${y}`) ?? 0 };
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
      const r = await reader().rating(req.params.rating);
      if (!r) throw await unknownName(names().suggester('rating'), 'rating', req.params.rating, RATING_NAMES);
      return { rating: r.name, contenido: r.value };
    },
  );
}

/**
 * Every streaming route over a reader: the analytics, then autocomplete and the rating routes.
 * `names()`: the years a parameter accepts; `suggest()`: the names behind autocomplete (in
 * memory, or asked of the store, which may answer 503).
 */
export function registerStreamingHandlers(app: FastifyInstance, reader: () => StreamingReader, names: () => StreamingNames, suggest: () => StreamingNames = names): void {
  registerStreamingRoutes(app, reader, names);
  registerRatingRoutes(app, reader, suggest);
}
