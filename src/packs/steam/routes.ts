/**
 * The Steam analytics routes (the assignment's endpoints). Everything is loaded from the small
 * api_* tables (see queries.ts) at server start; a request is a map lookup.
 */
import type { FastifyInstance } from 'fastify';
import { readRows, type Warehouse } from '../../core/warehouse/warehouse.js';
import { NameIndex } from '../../core/text/names.js';
import { BAD_YEAR, badName, CASE_AND_ACCENTS, NAME_PARAM, notFound, parseYear, unknownName, yearParam } from '../../core/server/errors.js';
import { responses } from '../../core/server/openapi.js';
import { registerRecommendationRoutes } from './recommend-routes.js';
import { registerPriceRoutes } from './price-routes.js';
import { priceModelDir } from './price.js';
import { registerSuggestions } from '../../core/server/suggest.js';
import { fullGc } from '../../core/server/gc.js';

interface GenreAnswer {
  /** release year → minutes, over all users */
  minutesByYear: Map<number, number>;
  topUser: { userId: string; minutes: number } | null;
  /** the top user's minutes per release year */
  topUserYears: Map<number, number>;
}

interface Sentiment {
  negative: number;
  neutral: number;
  positive: number;
}

type Top3Kind = 'recommend' | 'not_recommend' | 'worst_developer';

export interface SteamAnswers {
  genres: NameIndex<GenreAnswer>;
  developers: NameIndex<Sentiment>;
  releaseYears: Map<number, Sentiment>;
  top3: Map<Top3Kind, Map<number, string[]>>;
  postedYears: { min: number; max: number } | null;
  releaseYearsRange: { min: number; max: number } | null;
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

  const top3 = new Map<Top3Kind, Map<number, string[]>>([
    ['recommend', new Map()],
    ['not_recommend', new Map()],
    ['worst_developer', new Map()],
  ]);
  for (const r of await readRows(wh, 'SELECT posted_year, kind, rank, name FROM api_year_top3 ORDER BY kind, posted_year, rank')) {
    const byYear = top3.get(r.kind as Top3Kind)!;
    const list = byYear.get(r.posted_year as number) ?? [];
    list.push(r.name as string);
    byYear.set(r.posted_year as number, list);
  }

  const ranges = new Map<string, { min: number; max: number } | null>();
  for (const r of await readRows(wh, 'SELECT what, min_year, max_year FROM api_year_ranges')) {
    ranges.set(r.what as string, r.min_year === null ? null : { min: r.min_year as number, max: r.max_year as number });
  }
  return { genres, developers, releaseYears, top3, postedYears: ranges.get('posted_year') ?? null, releaseYearsRange: ranges.get('release_year_reviewed') ?? null };
}

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
function argmaxSmallestKey(m: Map<number, number>): number | null {
  let best: number | null = null;
  let bestValue = -Infinity;
  for (const [k, v] of m) if (v > bestValue || (v === bestValue && best !== null && k < best)) [best, bestValue] = [k, v];
  return best;
}

const counts = (s: Sentiment) => ({ Negative: s.negative, Neutral: s.neutral, Positive: s.positive });

export async function registerSteamRoutes(app: FastifyInstance, wh: Warehouse): Promise<void> {
  // each of the three loads leaves tens of MB of garbage (query results, parsed JSON): collected
  // before the next, the three-pack server's peak at start is 469–484 MB (bench:all-packs; it
  // reached 504–531 MB in some runs without)
  const recommenders = await registerRecommendationRoutes(app, wh);
  fullGc();
  await registerPriceRoutes(app, wh, priceModelDir(wh.path));
  fullGc();
  const a = await loadSteamAnswers(wh);
  const tags = ['steam'];
  registerSuggestions(app, 'steam', { game: recommenders.game, developer: a.developers, genre: a.genres, user: recommenders.user });

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
          { 400: BAD_NAME, 404: "Unknown genre (`suggestions`: the nearest genres; `GET /suggest/steam/genre` lists them)." },
        ),
      },
    },
    async (req) => {
      const g = a.genres.get(req.params.genero);
      if (!g) throw unknownName(a.genres, 'genre', req.params.genero, GENRE_NAMES);
      const years = [...g.value.minutesByYear].filter(([, m]) => m > 0).sort(([x], [y]) => x - y);
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
          { 400: BAD_NAME, 404: UNKNOWN_GENRE },
        ),
      },
    },
    async (req) => {
      const g = a.genres.get(req.params.genero);
      if (!g) throw unknownName(a.genres, 'genre', req.params.genero, GENRE_NAMES);
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
          { 400: BAD_NAME, 404: UNKNOWN_GENRE },
        ),
      },
    },
    async (req) => {
      const g = a.genres.get(req.params.genero);
      if (!g) throw unknownName(a.genres, 'genre', req.params.genero, GENRE_NAMES);
      if (!g.value.topUser) throw notFound(`nobody has played a ${g.name} game`);
      const years = [...g.value.topUserYears].sort(([x], [y]) => x - y).map(([year, minutes]) => ({ Año: year, Horas: Math.round(minutes / 60) }));
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
          response: responses({ description: 'Up to three names, first place first', schema: PUESTOS }, { 400: BAD_YEAR, 404: `${NO_YEAR} Or no review of that year matches.` }),
        },
      },
      async (req) => {
        const year = parseYear(req.params.anio, a.postedYears, `${path.split('/')[1]} (year a review was posted)`);
        const names = a.top3.get(kind)!.get(year);
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
        response: responses({ description: 'The review counts per sentiment', schema: SENTIMENT_COUNTS }, { 400: BAD_YEAR, 404: `${NO_YEAR} Or no reviewed game was released that year.` }),
      },
    },
    async (req) => {
      const year = parseYear(req.params.anio, a.releaseYearsRange, 'sentiment_analysis/year (release year of the reviewed games)');
      const s = a.releaseYears.get(year);
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
          { 400: BAD_NAME, 404: 'Unknown developer, or one without reviews (`suggestions`: the nearest names; `GET /suggest/steam/developer` lists them).' },
        ),
      },
    },
    async (req) => {
      const d = a.developers.get(req.params.desarrolladora);
      if (!d) throw unknownName(a.developers, 'developer (with reviews)', req.params.desarrolladora, DEVELOPER_NAMES);
      return { [d.name]: counts(d.value) };
    },
  );
}
