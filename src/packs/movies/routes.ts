/**
 * The movies analytics routes (the assignment's endpoints, with its Spanish paths and keys): the
 * schema, the parameters, a lookup in a reader (answers.ts builds what it reads at server start),
 * the answer's shape. A request is a map lookup; the warehouse is never read here.
 */
import type { FastifyInstance } from 'fastify';
import { registerSuggestions } from '../../core/server/suggest.js';
import { badName, CASE_AND_ACCENTS, NAME_PARAM, unknownName } from '../../core/server/errors.js';
import { responses } from '../../core/server/openapi.js';
import { DIAS, MESES, RECOMMENDED, type MoviesKind, type MoviesReader, type TitleAnswer, type ValueOf } from './answers.js';

// the contract test and older imports read these from here
export { DIAS, MESES };

/** The assignment's threshold for /votos_titulo. */
export const MIN_VOTES = 2000;

// ---------------------------------------------------------------------------------------------

const BAD_NAME = badName('value');
/** The route's 200 and its errors: a malformed value (400), an unknown name (404, with `suggestions`). */
const answers = (description: string, schema: object, unknown: string, extra: Parameters<typeof responses>[1] = {}) =>
  responses({ description, schema }, { 400: BAD_NAME, 404: `Unknown ${unknown} (\`suggestions\`: the nearest known names).`, 503: STORE_DOWN, ...extra });
/** the only 503 of a route served from a shared store (`recops serve --store`) */
const STORE_DOWN = 'Served from a shared store (`recops serve --store`): the store is unreachable or nothing is published yet; the message says which.';
const NOTA = { type: 'string', description: 'present when several movies share the title: which one was chosen and the years of the others' } as const;

function params(name: string, description: string) {
  return { type: 'object', properties: { [name]: { ...NAME_PARAM, description } }, required: [name] } as const;
}

function answerSchema(properties: Record<string, object>, required: string[]) {
  return { type: 'object', properties, required, additionalProperties: false } as const;
}

/** What each name parameter accepts, and its autocomplete kind where `/suggest/movies/{kind}` lists the names. */
const NAME_KINDS: Record<string, { accepted: string; kind?: string }> = {
  'movie title': { accepted: "a movie's title", kind: 'title' },
  language: { accepted: "an original language: its ISO 639-1 code, its name in Spanish or English, or the data's own", kind: 'language' },
  country: { accepted: 'a production country: its name or ISO 3166-1 code', kind: 'country' },
  collection: { accepted: 'a collection (franchise) as TMDB names it', kind: 'collection' },
  'production company': { accepted: 'a production company', kind: 'company' },
  director: { accepted: 'a director', kind: 'director' },
  actor: { accepted: 'an actor of the cast', kind: 'actor' },
  'month (enero … diciembre)': { accepted: `a month in Spanish: ${MESES.join(', ')} (also 'setiembre')` },
  'weekday (lunes … domingo)': { accepted: `a weekday in Spanish: ${DIAS.join(', ')}` },
};

function namesOf(what: string) {
  const { accepted, kind } = NAME_KINDS[what] ?? { accepted: `a ${what} in the data` };
  return { accepted, listedAt: kind && `/suggest/movies/${kind}`, note: CASE_AND_ACCENTS };
}



async function lookup<K extends MoviesKind>(reader: MoviesReader, kind: K, what: string, input: string): Promise<{ value: ValueOf<K> }> {
  const value = await reader.find(kind, input);
  if (value === undefined) throw await unknownName(reader.suggester(kind), what, input, namesOf(what));
  return { value };
}

/** Rounded for display: returns to 4 decimals, money means to cents. */
export const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Says which movie answers for a title several movies share (Spanish, like the answers). */
export function titleNote(t: TitleAnswer): string | undefined {
  if (t.sameTitle <= 1) return undefined;
  const others = t.otherYears.length === 1 ? `la otra es de ${t.otherYears[0]}` : `las otras son de ${t.otherYears.join(', ')}`;
  return `hay ${t.sameTitle} películas con el título '${t.title}': se muestra la más popular (${t.year}); ${others}`;
}


/** The routes over one reader for the server's life (in-process: `memoryReader(await loadMovies(wh))`). */
export async function registerMoviesRoutes(app: FastifyInstance, reader: MoviesReader): Promise<void> {
  await registerMoviesHandlers(app, () => reader, () => reader);
}

/**
 * The routes over a reader: `reader()` is called once per request (a store-served replica gives
 * the live version's, or throws a 503); `names()` gives the names for autocomplete (in memory,
 * or asked of the store, which may answer 503).
 */
export async function registerMoviesHandlers(app: FastifyInstance, reader: () => MoviesReader, names: () => Pick<MoviesReader, 'suggester'>): Promise<void> {
  const tags = ['movies'];
  const withNote = <T extends object>(body: T, t: TitleAnswer) => {
    const nota = titleNote(t);
    return nota ? { ...body, nota } : body;
  };

  app.get<{ Params: { idioma: string } }>(
    '/peliculas_idioma/:idioma',
    {
      schema: {
        summary: 'Cantidad de películas cuyo idioma original es el dado',
        description: 'Acepta el código ISO 639-1 (`en`), el nombre en español (`inglés`, `ingles`), en inglés (`English`) o el de los datos (`Français`). Responde `{"idioma": "en", "nombre": "inglés", "cantidad": 32269}`.',
        operationId: 'moviesPeliculasIdioma',
        tags,
        params: params('idioma', 'language code or name'),
        response: answers('The language code, its name and the count', answerSchema({ idioma: { type: 'string' }, nombre: { type: 'string' }, cantidad: { type: 'integer' } }, ['idioma', 'nombre', 'cantidad']), 'language'),
      },
    },
    async (req) => {
      const { value } = await lookup(reader(), 'languages', 'language', req.params.idioma);
      return { idioma: value.code, nombre: value.name, cantidad: value.movies };
    },
  );

  app.get<{ Params: { pelicula: string } }>(
    '/peliculas_duracion/:pelicula',
    {
      schema: {
        summary: 'Duración (minutos) y año de estreno de una película',
        description: 'Responde `{"pelicula": "Toy Story", "duracion": 81, "anio": 1995}`; `duracion` es null si no se conoce. Si varias películas tienen el título, responde la más popular y lo dice en `nota`.',
        operationId: 'moviesPeliculasDuracion',
        tags,
        params: params('pelicula', 'movie title'),
        response: answers('The title, its runtime in minutes and its release year', answerSchema({ pelicula: { type: 'string' }, duracion: { type: ['number', 'null'] }, anio: { type: 'integer' }, nota: NOTA }, ['pelicula', 'duracion', 'anio']), 'movie title'),
      },
    },
    async (req) => {
      const { value: t } = await lookup(reader(), 'titles', 'movie title', req.params.pelicula);
      return withNote({ pelicula: t.title, duracion: t.runtime, anio: t.year }, t);
    },
  );

  app.get<{ Params: { franquicia: string } }>(
    '/franquicia/:franquicia',
    {
      schema: {
        summary: 'Cantidad de películas, ganancia total y promedio de una franquicia (colección)',
        description: 'Ganancia = revenue en USD, sumada sobre las películas de la colección (promedio redondeado a centavos). Acepta el nombre con o sin "Collection". Responde `{"franquicia": "Toy Story Collection", "cantidad": 3, "ganancia_total": 1937890605, "ganancia_promedio": 645963535}`.',
        operationId: 'moviesFranquicia',
        tags,
        params: params('franquicia', 'collection name'),
        response: answers(
          'The collection, its movie count, total and mean revenue',
          answerSchema({ franquicia: { type: 'string' }, cantidad: { type: 'integer' }, ganancia_total: { type: 'number' }, ganancia_promedio: { type: 'number' } }, ['franquicia', 'cantidad', 'ganancia_total', 'ganancia_promedio']),
          'collection',
        ),
      },
    },
    async (req) => {
      const { value: c } = await lookup(reader(), 'collections', 'collection', req.params.franquicia);
      return { franquicia: c.name, cantidad: c.movies, ganancia_total: c.revenueTotal, ganancia_promedio: round(c.revenueMean, 2) };
    },
  );

  app.get<{ Params: { pais: string } }>(
    '/peliculas_pais/:pais',
    {
      schema: {
        summary: 'Cantidad de películas producidas en un país',
        description: 'Acepta el código ISO 3166-1 (`US`), el nombre de los datos (`United States of America`), en español (`Estados Unidos`) o en inglés. Responde `{"pais": "United States of America", "iso_3166_1": "US", "cantidad": 21153}`.',
        operationId: 'moviesPeliculasPais',
        tags,
        params: params('pais', 'country code or name'),
        response: answers('The country, its ISO code and the count', answerSchema({ pais: { type: 'string' }, iso_3166_1: { type: 'string' }, cantidad: { type: 'integer' } }, ['pais', 'iso_3166_1', 'cantidad']), 'country'),
      },
    },
    async (req) => {
      const { value } = await lookup(reader(), 'countries', 'country', req.params.pais);
      return { pais: value.name, iso_3166_1: value.code, cantidad: value.movies };
    },
  );

  app.get<{ Params: { productora: string } }>(
    '/productoras_exitosas/:productora',
    {
      schema: {
        summary: 'Revenue total y cantidad de películas de una productora',
        description: 'Responde `{"productora": "Pixar Animation Studios", "revenue_total": 11188533734, "cantidad": 26}` (USD).',
        operationId: 'moviesProductorasExitosas',
        tags,
        params: params('productora', 'production company name'),
        response: answers('The company, its total revenue and movie count', answerSchema({ productora: { type: 'string' }, revenue_total: { type: 'number' }, cantidad: { type: 'integer' } }, ['productora', 'revenue_total', 'cantidad']), 'production company'),
      },
    },
    async (req) => {
      const { value: c } = await lookup(reader(), 'companies', 'production company', req.params.productora);
      return { productora: c.name, revenue_total: c.revenueTotal, cantidad: c.movies };
    },
  );

  const directorMovie = answerSchema(
    { titulo: { type: ['string', 'null'] }, fecha_estreno: { type: 'string', format: 'date' }, retorno: { type: 'number' }, costo: { type: 'number' }, ganancia: { type: 'number' } },
    ['titulo', 'fecha_estreno', 'retorno', 'costo', 'ganancia'],
  );
  app.get<{ Params: { nombre: string } }>(
    '/get_director/:nombre',
    {
      schema: {
        summary: 'Éxito de un director medido por el retorno, y cada una de sus películas',
        description: 'Director = crew con job "Director". `retorno_total` suma el retorno (revenue / budget, 0 sin budget) de sus películas; cada película con fecha de estreno, retorno, costo (budget) y ganancia (revenue), por fecha. Retornos redondeados a 4 decimales. Responde `{"director": "John Lasseter", "cantidad": 5, "retorno_total": 27.65, "peliculas": [{"titulo": "Toy Story", "fecha_estreno": "1995-10-30", "retorno": 12.4518, "costo": 30000000, "ganancia": 373554033}, …]}`.',
        operationId: 'moviesGetDirector',
        tags,
        params: params('nombre', 'director name'),
        response: answers(
          'The director, their total return and each of their movies',
          answerSchema({ director: { type: 'string' }, cantidad: { type: 'integer' }, retorno_total: { type: 'number' }, peliculas: { type: 'array', items: directorMovie } }, ['director', 'cantidad', 'retorno_total', 'peliculas']),
          'director',
        ),
      },
    },
    async (req) => {
      const { value: d } = await lookup(reader(), 'directors', 'director', req.params.nombre);
      return {
        director: d.name,
        cantidad: d.movies.length,
        retorno_total: round(d.returnTotal, 4),
        peliculas: d.movies.map((m) => ({ titulo: m.title, fecha_estreno: m.releaseDate, retorno: round(m.return, 4), costo: m.budget, ganancia: m.revenue })),
      };
    },
  );

  app.get<{ Params: { mes: string } }>(
    '/cantidad_filmaciones_mes/:mes',
    {
      schema: {
        summary: 'Cantidad de películas estrenadas en un mes (en español), en todos los años',
        description: 'enero … diciembre (también "setiembre"); mayúsculas y tildes opcionales. Responde `{"mes": "enero", "cantidad": 5912}`.',
        operationId: 'moviesCantidadFilmacionesMes',
        tags,
        params: params('mes', 'Spanish month name'),
        response: answers('The month and the count', answerSchema({ mes: { type: 'string' }, cantidad: { type: 'integer' } }, ['mes', 'cantidad']), 'month (enero … diciembre)'),
      },
    },
    async (req) => {
      const { value } = await lookup(reader(), 'months', 'month (enero … diciembre)', req.params.mes);
      return { mes: value.name, cantidad: value.movies };
    },
  );

  app.get<{ Params: { dia: string } }>(
    '/cantidad_filmaciones_dia/:dia',
    {
      schema: {
        summary: 'Cantidad de películas estrenadas en un día de la semana (en español), en todo el catálogo',
        description: 'lunes … domingo; mayúsculas y tildes opcionales (`sabado` = `sábado`). Responde `{"dia": "sábado", "cantidad": 5051}`.',
        operationId: 'moviesCantidadFilmacionesDia',
        tags,
        params: params('dia', 'Spanish weekday name'),
        response: answers('The weekday and the count', answerSchema({ dia: { type: 'string' }, cantidad: { type: 'integer' } }, ['dia', 'cantidad']), 'weekday (lunes … domingo)'),
      },
    },
    async (req) => {
      const { value } = await lookup(reader(), 'weekdays', 'weekday (lunes … domingo)', req.params.dia);
      return { dia: value.name, cantidad: value.movies };
    },
  );

  app.get<{ Params: { titulo: string } }>(
    '/score_titulo/:titulo',
    {
      schema: {
        summary: 'Título, año de estreno y popularidad (score) de una película',
        description: 'Responde `{"titulo": "Toy Story", "anio": 1995, "popularidad": 21.946943}`. Si varias películas tienen el título, la más popular, dicho en `nota`.',
        operationId: 'moviesScoreTitulo',
        tags,
        params: params('titulo', 'movie title'),
        response: answers('The title, its release year and popularity', answerSchema({ titulo: { type: 'string' }, anio: { type: 'integer' }, popularidad: { type: ['number', 'null'] }, nota: NOTA }, ['titulo', 'anio', 'popularidad']), 'movie title'),
      },
    },
    async (req) => {
      const { value: t } = await lookup(reader(), 'titles', 'movie title', req.params.titulo);
      return withNote({ titulo: t.title, anio: t.year, popularidad: t.popularity }, t);
    },
  );

  app.get<{ Params: { titulo: string } }>(
    '/votos_titulo/:titulo',
    {
      schema: {
        summary: `Cantidad de votos y promedio de una película, solo si tiene al menos ${MIN_VOTES} votos`,
        description: `Con ≥ ${MIN_VOTES} votos: \`{"titulo": "Toy Story", "anio": 1995, "votos": 5415, "promedio": 7.7}\`. Con menos: \`{"titulo": …, "anio": …, "mensaje": "…"}\` sin valores, como pide la consigna. Título repetido: la más popular, dicho en \`nota\`.`,
        operationId: 'moviesVotosTitulo',
        tags,
        params: params('titulo', 'movie title'),
        response: answers(
          'The title, its year and, with enough votes, their count and mean (else a `mensaje`)',
          answerSchema(
            { titulo: { type: 'string' }, anio: { type: 'integer' }, votos: { type: 'integer' }, promedio: { type: ['number', 'null'] }, mensaje: { type: 'string' }, nota: NOTA },
            ['titulo', 'anio'],
          ),
          'movie title',
        ),
      },
    },
    async (req) => {
      const { value: t } = await lookup(reader(), 'titles', 'movie title', req.params.titulo);
      if ((t.voteCount ?? 0) < MIN_VOTES) {
        return withNote({ titulo: t.title, anio: t.year, mensaje: `la película '${t.title}' tiene menos de ${MIN_VOTES} valoraciones, por eso no se devuelve ningún valor` }, t);
      }
      return withNote({ titulo: t.title, anio: t.year, votos: t.voteCount!, promedio: t.voteAverage }, t);
    },
  );

  app.get<{ Params: { nombre: string } }>(
    '/get_actor/:nombre',
    {
      schema: {
        summary: 'Éxito de un actor medido por el retorno: cantidad de películas, retorno total y promedio',
        description: 'Actor = aparece en el cast (los créditos de crew, dirección incluida, no cuentan). Una película cuenta una vez aunque haga dos papeles. Responde `{"actor": "Tom Hanks", "cantidad": 71, "retorno_total": 153.4, "retorno_promedio": 2.16}` (4 decimales).',
        operationId: 'moviesGetActor',
        tags,
        params: params('nombre', 'actor name'),
        response: answers(
          'The actor, their movie count, total and mean return',
          answerSchema({ actor: { type: 'string' }, cantidad: { type: 'integer' }, retorno_total: { type: 'number' }, retorno_promedio: { type: 'number' } }, ['actor', 'cantidad', 'retorno_total', 'retorno_promedio']),
          'actor',
        ),
      },
    },
    async (req) => {
      const { value: p } = await lookup(reader(), 'actors', 'actor', req.params.nombre);
      return { actor: p.name, cantidad: p.movies, retorno_total: round(p.returnTotal, 4), retorno_promedio: round(p.returnMean, 4) };
    },
  );

  await registerRecommendationRoute(app, reader, withNote);
  const suggests = (kind: MoviesKind) => ({ suggest: (q: string, n: number) => names().suggester(kind).suggest(q, n) });
  registerSuggestions(app, 'movies', {
    title: suggests('titles'),
    actor: suggests('actors'),
    director: suggests('directors'),
    collection: suggests('collections'),
    company: suggests('companies'),
    country: suggests('countries'),
    language: suggests('languages'),
  });
}


/** `/recomendacion/{titulo}`: the 5 nearest movies by content, from the live trained model. */
async function registerRecommendationRoute(app: FastifyInstance, reader: () => MoviesReader, withNote: <T extends object>(body: T, t: TitleAnswer) => T & { nota?: string }) {
  app.get<{ Params: { titulo: string } }>(
    '/recomendacion/:titulo',
    {
      schema: {
        summary: `${RECOMMENDED} películas parecidas a una película (por contenido)`,
        description:
          'Similitud coseno de TF-IDF sobre sinopsis, tagline y título, géneros, colección, director y reparto principal, sobre TODAS las películas (vecinos calculados al entrenar). Responde `{"lista recomendada": ["Toy Story 2", ...]}`; si varias películas tienen el título, se usa la más popular y se dice en `nota`.',
        operationId: 'moviesRecomendacion',
        tags: ['movies'],
        params: params('titulo', 'movie title'),
        response: answers(
          `${RECOMMENDED} similar movies' titles`,
          answerSchema({ 'lista recomendada': { type: 'array', items: { type: 'string' }, maxItems: RECOMMENDED }, nota: NOTA }, ['lista recomendada']),
          'movie title',
          { 503: `The "similar movies" model is not trained, or was trained on other data: the message says how to train it. ${STORE_DOWN}` },
        ),
      },
    },
    async (req) => {
      const r = reader();
      const { value: t } = await lookup(r, 'titles', 'movie title', req.params.titulo);
      return withNote({ 'lista recomendada': await r.similar(t) }, t);
    },
  );
}
