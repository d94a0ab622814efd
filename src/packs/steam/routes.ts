/**
 * The Steam analytics routes (the assignment's endpoints), and the pack's routes put together.
 * The routes only ask a reader (answers.ts): the answers loaded into this process at start
 * (`registerSteamRoutes`), or a version published to a shared store (store.ts); a request is a
 * lookup either way.
 */
import type { FastifyInstance } from 'fastify';
import type { Warehouse } from '../../core/warehouse/warehouse.js';
import { BAD_YEAR, badName, CASE_AND_ACCENTS, NAME_PARAM, notFound, parseYear, unknownName, yearParam } from '../../core/server/errors.js';
import { responses } from '../../core/server/openapi.js';
import { registerSuggestions } from '../../core/server/suggest.js';
import { registerRecommendationHandlers } from './recommend-routes.js';
import { registerPriceHandlers } from './price-routes.js';
import { loadSteam, memoryReader, STORE_DOWN, type Sentiment, type SteamLocal, type SteamReader, type Top3Kind } from './answers.js';

export { loadSteamAnswers, type SteamAnswers } from './answers.js';

// ---------------------------------------------------------------------------------------------

const GENRE_PARAM = { ...NAME_PARAM, description: 'a genre, e.g. Action (any case, accents optional)' } as const;
const YEAR_PARAM = yearParam('a year, e.g. 2015');
const BAD_NAME = badName('name');
const UNKNOWN_GENRE = "Unknown genre (`suggestions`: the nearest genres; `GET /suggest/steam/genre` lists them), or nobody has played the genre's games.";
const NO_YEAR = 'No data for that year: the message says the years with data.';
const PUESTOS = {
  type: 'array',
  items: { type: 'object', additionalProperties: { type: 'string' } },
  description: '[{"Puesto 1": name}, {"Puesto 2": name}, {"Puesto 3": name}]',
} as const;
const SENTIMENT_COUNTS = {
  type: 'object',
  properties: { Negative: { type: 'integer' }, Neutral: { type: 'integer' }, Positive: { type: 'integer' } },
  required: ['Negative', 'Neutral', 'Positive'],
} as const;

/** What each name parameter accepts, and where `/suggest/steam/{kind}` lists the names. */
const GENRE_NAMES = { accepted: "a genre of the catalogue's games", listedAt: '/suggest/steam/genre', note: CASE_AND_ACCENTS };
const DEVELOPER_NAMES = { accepted: 'a developer whose games have reviews', listedAt: '/suggest/steam/developer', note: CASE_AND_ACCENTS };

/** Largest value, ties broken by the smaller key. */
function argmaxSmallestKey(m: Iterable<[number, number]>): number | null {
  let best: number | null = null;
  let bestValue = -Infinity;
  for (const [k, v] of m) if (v > bestValue || (v === bestValue && best !== null && k < best)) [best, bestValue] = [k, v];
  return best;
}

const counts = (s: Sentiment) => ({ Negative: s.negative, Neutral: s.neutral, Positive: s.positive });

/** The pack's routes in process: the load step, then the routes over its answers. */
export async function registerSteamRoutes(app: FastifyInstance, wh: Warehouse): Promise<void> {
  const reader = memoryReader(await loadSteam(wh));
  await registerSteamHandlers(app, () => reader, () => reader.local);
}

/**
 * Every Steam route over a reader: `reader()` is called once per request (a store-served replica
 * gives the live version's, or throws a 503); `local()` gives the names for autocomplete (in
 * memory, or asked of the store, which may answer 503).
 */
export async function registerSteamHandlers(app: FastifyInstance, reader: () => SteamReader, local: () => SteamLocal): Promise<void> {
  await registerRecommendationHandlers(app, reader);
  await registerPriceHandlers(app, reader);
  const tags = ['steam'];
  const suggests = (kind: keyof SteamLocal['names']) => ({ suggest: (q: string, n: number) => local().names[kind].suggest(q, n) });
  registerSuggestions(app, 'steam', { game: suggests('game'), developer: suggests('developer'), genre: suggests('genre'), user: suggests('user') });

  app.get<{ Params: { genero: string } }>(
    '/steam/playtime/:genero',
    {
      schema: {
        summary: 'Hours played per release year for a genre (the series behind /PlayTimeGenre)',
        description: 'Hours = the minutes of user_items.playtime_forever over the genre\'s games released that year, / 60, rounded; years ascending; years nobody played left out. Answers `{"genero": "Action", "horas_por_anio": [{"Año": 2010, "Horas": 1234}, …]}`.',
        operationId: 'steamPlaytimeByYear',
        tags,
        params: { type: 'object', properties: { genero: GENRE_PARAM }, required: ['genero'] },
        response: responses(
          {
            description: "The genre as spelled in the data and its hours per release year",
            schema: {
              type: 'object',
              properties: {
                genero: { type: 'string' },
                horas_por_anio: { type: 'array', items: { type: 'object', properties: { Año: { type: 'integer' }, Horas: { type: 'integer' } }, required: ['Año', 'Horas'] } },
              },
              required: ['genero', 'horas_por_anio'],
            },
          },
          { 400: BAD_NAME, 404: "Unknown genre (`suggestions`: the nearest genres; `GET /suggest/steam/genre` lists them).", 503: STORE_DOWN },
        ),
      },
    },
    async (req) => {
      const r = reader();
      const g = await r.genre(req.params.genero);
      if (!g) throw await unknownName(r.local.names.genre, 'genre', req.params.genero, GENRE_NAMES);
      const years = g.value.minutesByYear.filter(([, m]) => m > 0).sort(([x], [y]) => x - y);
      return { genero: g.name, horas_por_anio: years.map(([year, minutes]) => ({ Año: year, Horas: Math.round(minutes / 60) })) };
    },
  );

  app.get<{ Params: { genero: string } }>(
    '/PlayTimeGenre/:genero',
    {
      schema: {
        summary: 'Release year with the most hours played for a genre',
        description: 'Sums user_items.playtime_forever over the games of the genre, per release year; ties: the smaller year. Case- and accent-insensitive.',
        operationId: 'steamPlayTimeGenre',
        tags,
        params: { type: 'object', properties: { genero: GENRE_PARAM }, required: ['genero'] },
        response: responses(
          {
            description: 'One key, `Año de lanzamiento con más horas jugadas para Género {genre}`, whose value is the year',
            schema: { type: 'object', additionalProperties: { type: 'integer' }, minProperties: 1, maxProperties: 1 },
          },
          { 400: BAD_NAME, 404: UNKNOWN_GENRE, 503: STORE_DOWN },
        ),
      },
    },
    async (req) => {
      const r = reader();
      const g = await r.genre(req.params.genero);
      if (!g) throw await unknownName(r.local.names.genre, 'genre', req.params.genero, GENRE_NAMES);
      const year = argmaxSmallestKey(g.value.minutesByYear);
      if (year === null) throw notFound(`nobody has played a ${g.name} game with a known release year`);
      return { [`Año de lanzamiento con más horas jugadas para Género ${g.name}`]: year };
    },
  );

  app.get<{ Params: { genero: string } }>(
    '/UserForGenre/:genero',
    {
      schema: {
        summary: 'The user with the most hours in a genre, and their hours per release year',
        description: 'Hours = minutes / 60 rounded to the nearest integer; years ascending; years with 0 minutes left out.',
        operationId: 'steamUserForGenre',
        tags,
        params: { type: 'object', properties: { genero: GENRE_PARAM }, required: ['genero'] },
        response: responses(
          {
            description: 'Two keys: `Usuario con más horas jugadas para Género {genre}` (the user id) and `Horas jugadas` (`[{"Año", "Horas"}]`)',
            schema: {
              type: 'object',
              // declared properties would be written first: the user's key leads, as the assignment shows
              additionalProperties: {
                anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'object', properties: { Año: { type: 'integer' }, Horas: { type: 'integer' } }, required: ['Año', 'Horas'] } }],
              },
              minProperties: 2,
              maxProperties: 2,
            },
          },
          { 400: BAD_NAME, 404: UNKNOWN_GENRE, 503: STORE_DOWN },
        ),
      },
    },
    async (req) => {
      const r = reader();
      const g = await r.genre(req.params.genero);
      if (!g) throw await unknownName(r.local.names.genre, 'genre', req.params.genero, GENRE_NAMES);
      if (!g.value.topUser) throw notFound(`nobody has played a ${g.name} game`);
      const years = g.value.topUserYears.slice().sort(([x], [y]) => x - y).map(([year, minutes]) => ({ Año: year, Horas: Math.round(minutes / 60) }));
      return { [`Usuario con más horas jugadas para Género ${g.name}`]: g.value.topUser.userId, 'Horas jugadas': years };
    },
  );

  const top3Route = (path: string, kind: Top3Kind, summary: string, operationId: string) =>
    app.get<{ Params: { anio: string } }>(
      path,
      {
        schema: {
          summary,
          description: 'By the year a review was posted. Answers `[{"Puesto 1": name}, {"Puesto 2": name}, {"Puesto 3": name}]` (fewer when fewer match).',
          operationId,
          tags,
          params: { type: 'object', properties: { anio: YEAR_PARAM }, required: ['anio'] },
          response: responses({ description: 'Up to three names, first place first', schema: PUESTOS }, { 400: BAD_YEAR, 404: `${NO_YEAR} Or no review of that year matches.`, 503: STORE_DOWN }),
        },
      },
      async (req) => {
        const r = reader();
        const year = parseYear(req.params.anio, r.local.postedYears, `${path.split('/')[1]} (year a review was posted)`);
        const names = await r.top3(kind, year);
        if (!names?.length) throw notFound(`no review posted in ${year} matches ${path.split('/')[1]}`);
        return names.map((name, i) => ({ [`Puesto ${i + 1}`]: name }));
      },
    );
  top3Route('/UsersRecommend/:anio', 'recommend', 'The 3 games most recommended in a year (recommend = true, sentiment positive or neutral)', 'steamUsersRecommend');
  top3Route('/UsersNotRecommend/:anio', 'not_recommend', 'The 3 games least recommended in a year (recommend = false, sentiment negative)', 'steamUsersNotRecommend');
  top3Route('/UsersWorstDeveloper/:anio', 'worst_developer', 'The 3 developers with the most negative non-recommending reviews in a year', 'steamUsersWorstDeveloper');

  app.get<{ Params: { anio: string } }>(
    '/sentiment_analysis/year/:anio',
    {
      schema: {
        summary: 'Review counts by sentiment over the games released in a year',
        description: 'By the release year of the reviewed games. Answers `{"Negative": 12, "Neutral": 30, "Positive": 58}`.',
        operationId: 'steamSentimentByReleaseYear',
        tags,
        params: { type: 'object', properties: { anio: YEAR_PARAM }, required: ['anio'] },
        response: responses({ description: 'The review counts per sentiment', schema: SENTIMENT_COUNTS }, { 400: BAD_YEAR, 404: `${NO_YEAR} Or no reviewed game was released that year.`, 503: STORE_DOWN }),
      },
    },
    async (req) => {
      const r = reader();
      const year = parseYear(req.params.anio, r.local.releaseYearsRange, 'sentiment_analysis/year (release year of the reviewed games)');
      const s = await r.releaseYear(year);
      if (!s) throw notFound(`no reviewed game was released in ${year}`);
      return counts(s);
    },
  );

  app.get<{ Params: { desarrolladora: string } }>(
    '/sentiment_analysis/:desarrolladora',
    {
      schema: {
        summary: "Review counts by sentiment over a developer's games",
        description: 'The key is the developer as spelled in the data; spellings that differ only by case or accents are one developer.',
        operationId: 'steamSentimentByDeveloper',
        tags,
        params: { type: 'object', properties: { desarrolladora: { ...NAME_PARAM, description: 'a developer, e.g. Valve (any case, accents optional)' } }, required: ['desarrolladora'] },
        response: responses(
          { description: 'One key, the developer as spelled in the data, whose value is its review counts per sentiment', schema: { type: 'object', additionalProperties: SENTIMENT_COUNTS, minProperties: 1, maxProperties: 1 } },
          { 400: BAD_NAME, 404: 'Unknown developer, or one without reviews (`suggestions`: the nearest names; `GET /suggest/steam/developer` lists them).', 503: STORE_DOWN },
        ),
      },
    },
    async (req) => {
      const r = reader();
      const d = await r.developer(req.params.desarrolladora);
      if (!d) throw await unknownName(r.local.names.developer, 'developer (with reviews)', req.params.desarrolladora, DEVELOPER_NAMES);
      return { [d.name]: counts(d.value) };
    },
  );
}
