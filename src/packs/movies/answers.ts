/**
 * The movies pack's load step: the ONE place that reads the warehouse and the live model at
 * server start (or at `recops publish`), building everything a request needs: a lookup map per
 * kind of name from the small api_* tables (queries.ts makes them at ingest), the names behind
 * "did you mean", the live "similar movies" model and the titles it answers with. The routes
 * (routes.ts) only ask a reader over what this builds (memoryReader), or over a store version
 * (store.ts), and never see the warehouse.
 */
import { readRows, type Warehouse } from '../../core/warehouse/warehouse.js';
import { NameIndex } from '../../core/text/names.js';
import { NameSuggester } from '../../core/text/suggest.js';
import { HttpError } from '../../core/server/errors.js';
import type { Suggests } from '../../core/server/suggest.js';
import { loadLiveSimilar, type ServingSimilar } from './similar.js';

export interface TitleAnswer {
  /** movies.id of the movie answered for (the most popular of those sharing the title) */
  movieId: number;
  title: string;
  year: number;
  runtime: number | null;
  popularity: number | null;
  voteCount: number | null;
  voteAverage: number | null;
  /** movies sharing the title key, this one included */
  sameTitle: number;
  /** release years of the others */
  otherYears: number[];
}

export interface CodeAnswer {
  code: string;
  /** what the answer calls it */
  name: string;
  movies: number;
}

export interface CollectionAnswer {
  name: string;
  movies: number;
  revenueTotal: number;
  revenueMean: number;
}

export interface CompanyAnswer {
  name: string;
  movies: number;
  revenueTotal: number;
}

export interface DirectorMovie {
  title: string | null;
  releaseDate: string;
  return: number;
  budget: number;
  revenue: number;
}

export interface DirectorAnswer {
  name: string;
  movies: DirectorMovie[];
  returnTotal: number;
}

export interface ActorAnswer {
  name: string;
  movies: number;
  returnTotal: number;
  returnMean: number;
}

/** Exact lookups (NameIndex) and "did you mean" over the same names (NameSuggester). */
export interface Names<T> {
  index: NameIndex<T>;
  suggester: NameSuggester;
}

export interface MoviesAnswers {
  titles: Names<TitleAnswer>;
  languages: Names<CodeAnswer>;
  countries: Names<CodeAnswer>;
  collections: Names<CollectionAnswer>;
  companies: Names<CompanyAnswer>;
  directors: Names<DirectorAnswer>;
  actors: Names<ActorAnswer>;
  months: Names<{ name: string; movies: number }>;
  weekdays: Names<{ name: string; movies: number }>;
}

function names<T>(index: NameIndex<T>): Names<T> {
  return { index, suggester: index.prepareSuggestions() };
}

export const MESES = ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'];
/** ISO weekday order: 1 = Monday. */
export const DIAS = ['lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado', 'domingo'];

/** The first value added under a key stays (rows come one per key, so this only guards aliases). */
const keepFirst = <T>(a: T): T => a;

/**
 * Adds every entry under its own name, then under its name with the letters NFKD keeps spelled
 * in ASCII ('Soren Nelson' finds 'Søren Nelson', see foldLetters). Aliases come last, so a name
 * that really is spelled that way keeps its own answer.
 */
function indexNames<T>(entries: { name: string; value: T }[]): NameIndex<T> {
  const index = new NameIndex<T>();
  for (const e of entries) index.add(e.name, e.value, keepFirst);
  return index.addFoldedAliases();
}

/** Spanish and English names of ISO codes from the ICU data Node ships (not from the dataset). */
function displayNames(type: 'language' | 'region', code: string): { es: string | null; en: string | null } {
  const of = (locale: string) => {
    try {
      const name = new Intl.DisplayNames([locale], { type, fallback: 'none' }).of(code);
      return name && name.toLowerCase() !== code.toLowerCase() ? name : null;
    } catch {
      return null; // not a well-formed code ('cn', 'xx' are TMDB's own)
    }
  };
  return { es: of('es'), en: of('en') };
}

/**
 * Codes first, then the names of each: the data's own spelling, Spanish, English. A name that
 * is already taken (by a code or an earlier name) keeps its first meaning.
 */
function codeIndex(entries: { code: string; dataName: string | null; movies: number }[], type: 'language' | 'region'): NameIndex<CodeAnswer> {
  const index = new NameIndex<CodeAnswer>();
  const answers = entries.map((e) => {
    const intl = displayNames(type, e.code);
    // a language is named in Spanish where ICU knows it; a country by its name in the data
    const name = type === 'language' ? intl.es ?? e.dataName ?? e.code : e.dataName ?? intl.es ?? e.code;
    return { answer: { code: e.code, name, movies: e.movies }, names: [e.dataName, intl.es, intl.en] };
  });
  for (const { answer } of answers) index.add(answer.code, answer, keepFirst);
  for (const { answer, names } of answers) for (const n of names) if (n) index.add(n, answer, keepFirst);
  return index.addFoldedAliases();
}

/** Reads the api_* tables into lookup structures. */
export async function loadMoviesAnswers(wh: Warehouse): Promise<MoviesAnswers> {
  const titles = indexNames(
    (await readRows(wh, 'SELECT * FROM api_titles ORDER BY key')).map((r) => ({
      name: r.title as string,
      value: {
        movieId: r.movie_id as number,
        title: r.title as string,
        year: r.release_year as number,
        runtime: r.runtime as number | null,
        popularity: r.popularity as number | null,
        voteCount: r.vote_count as number | null,
        voteAverage: r.vote_average as number | null,
        sameTitle: r.same_title as number,
        otherYears: (r.other_years as number[]).map(Number),
      },
    })),
  );

  const languageNames = new Map((await readRows(wh, 'SELECT iso, name FROM api_language_names')).map((r) => [r.iso as string, r.name as string | null]));
  const languageMovies = new Map((await readRows(wh, 'SELECT iso, movies FROM api_languages')).map((r) => [r.iso as string, r.movies as number]));
  // every code seen as an original or a spoken language: a spoken-only one answers 0 movies
  const languageCodes = [...new Set([...languageMovies.keys(), ...languageNames.keys()])].sort();
  const languages = codeIndex(languageCodes.map((code) => ({ code, dataName: languageNames.get(code) ?? null, movies: languageMovies.get(code) ?? 0 })), 'language');

  const countryRows = await readRows(wh, 'SELECT iso, name, movies FROM api_countries ORDER BY iso');
  const countries = codeIndex(countryRows.map((r) => ({ code: r.iso as string, dataName: r.name as string | null, movies: r.movies as number })), 'region');

  const collectionRows = await readRows(wh, 'SELECT name, movies, revenue_total, revenue_mean FROM api_collections ORDER BY key');
  const collectionAnswers = collectionRows.map((r) => ({ name: r.name as string, movies: r.movies as number, revenueTotal: r.revenue_total as number, revenueMean: r.revenue_mean as number }));
  // 'Toy Story' finds 'Toy Story Collection' (after every full name, so a full name always wins)
  const collections = indexNames([
    ...collectionAnswers.map((c) => ({ name: c.name, value: c })),
    ...collectionAnswers.filter((c) => /\s+collection$/i.test(c.name)).map((c) => ({ name: c.name.replace(/\s+collection$/i, ''), value: c })),
  ]);

  const companies = indexNames(
    (await readRows(wh, 'SELECT name, movies, revenue_total FROM api_companies ORDER BY key')).map((r) => ({
      name: r.name as string,
      value: { name: r.name as string, movies: r.movies as number, revenueTotal: r.revenue_total as number },
    })),
  );

  const directorMovies = new Map<string, DirectorMovie[]>();
  for (const r of await readRows(wh, `SELECT key, title, release_date::VARCHAR AS release_date, "return", budget, revenue FROM api_director_movies ORDER BY key, release_date, title, movie_id`)) {
    const list = directorMovies.get(r.key as string) ?? [];
    list.push({ title: r.title as string | null, releaseDate: r.release_date as string, return: r.return as number, budget: r.budget as number, revenue: r.revenue as number });
    directorMovies.set(r.key as string, list);
  }
  const directors = indexNames(
    (await readRows(wh, 'SELECT key, name, return_total FROM api_directors ORDER BY key')).map((r) => ({
      name: r.name as string,
      value: { name: r.name as string, movies: directorMovies.get(r.key as string) ?? [], returnTotal: r.return_total as number },
    })),
  );

  const actors = indexNames(
    (await readRows(wh, 'SELECT name, movies, return_total, return_mean FROM api_actors ORDER BY key')).map((r) => ({
      name: r.name as string,
      value: { name: r.name as string, movies: r.movies as number, returnTotal: r.return_total as number, returnMean: r.return_mean as number },
    })),
  );

  const byMonth = new Map((await readRows(wh, 'SELECT month, movies FROM api_months')).map((r) => [r.month as number, r.movies as number]));
  const months = new NameIndex<{ name: string; movies: number }>();
  MESES.forEach((name, i) => months.add(name, { name, movies: byMonth.get(i + 1) ?? 0 }, keepFirst));
  // the spelling used in parts of Latin America
  months.add('setiembre', months.get('septiembre')!.value, keepFirst);
  const byWeekday = new Map((await readRows(wh, 'SELECT weekday, movies FROM api_weekdays')).map((r) => [r.weekday as number, r.movies as number]));
  const weekdays = new NameIndex<{ name: string; movies: number }>();
  DIAS.forEach((name, i) => weekdays.add(name, { name, movies: byWeekday.get(i + 1) ?? 0 }, keepFirst));

  return {
    titles: names(titles),
    languages: names(languages),
    countries: names(countries),
    collections: names(collections),
    companies: names(companies),
    directors: names(directors),
    actors: names(actors),
    months: names(months),
    weekdays: names(weekdays),
  };
}

/** The kinds of names the routes look up (the fields of MoviesAnswers). */
export type MoviesKind = Exclude<keyof MoviesAnswers, never>;
export type ValueOf<K extends MoviesKind> = MoviesAnswers[K] extends Names<infer T> ? T : never;
export const MOVIES_KINDS: MoviesKind[] = ['titles', 'languages', 'countries', 'collections', 'companies', 'directors', 'actors', 'months', 'weekdays'];

/**
 * Where the routes read their answers: the maps this process loaded at start (the default), or a
 * shared store (one version per request, `recops serve --store`). The names behind "did you
 * mean" are in memory in-process, asked of the store (the same ranking) when served from one.
 */
export interface MoviesReader {
  find<K extends MoviesKind>(kind: K, input: string): Promise<ValueOf<K> | undefined>;
  suggester(kind: MoviesKind): Suggests;
  /** the recommended titles for a movie, or a 503 HttpError saying why there are none */
  similar(t: TitleAnswer): Promise<string[]>;
}

/** What the load step builds: the answers by name, the live "similar movies" model (null: none trained) and every movie's title by id. */
export interface MoviesLoaded {
  answers: MoviesAnswers;
  similar: ServingSimilar | null;
  titles: Map<number, string>;
}

/** The load step: everything a request of the movies routes needs, read once. */
export async function loadMovies(wh: Warehouse): Promise<MoviesLoaded> {
  const answers = await loadMoviesAnswers(wh);
  const similar = loadLiveSimilar(wh.path);
  const titles = new Map((await readRows(wh, 'SELECT id, title FROM movies')).map((r) => [r.id as number, (r.title as string | null) ?? `#${r.id}`]));
  return { answers, similar, titles };
}

/** The default reader: the answers this process loaded, the recommendations from the live model. */
export function memoryReader({ answers: a, similar, titles }: MoviesLoaded): MoviesReader {
  return {
    find: async (kind, input) => a[kind].index.get(input)?.value as never,
    suggester: (kind) => a[kind].suggester,
    similar: async (t) => similarTitles(similar, titles, t),
  };
}

/** titles in a /recomendacion answer */
export const RECOMMENDED = 5;

/** The recommended titles for a movie from the live model (503 when there is none that knows it). */
export function similarTitles(similar: ServingSimilar | null, titles: Map<number, string>, t: TitleAnswer): string[] {
  if (!similar) throw new HttpError(503, 'no "similar movies" model is trained for this warehouse yet: run `recops train movies --db <warehouse>` and restart the server', {});
  const i = similar.index.get(t.movieId);
  if (i === undefined) throw new HttpError(503, `the live "similar movies" model (${similar.runId}) does not know '${t.title}': it was trained on other data; run \`recops train movies --db <warehouse>\` and restart`, {});
  const picked = similar.model.similarItems(i, RECOMMENDED).map((s) => s.item);
  // a movie with (almost) nothing to compare (no overview, genres or credits): the most
  // popular movies fill the list (index order is popularity order)
  for (let j = 0; picked.length < RECOMMENDED && j < similar.ids.length; j++) if (j !== i && !picked.includes(j)) picked.push(j);
  return picked.map((j) => titles.get(similar.ids[j]) ?? `#${similar.ids[j]}`);
}
