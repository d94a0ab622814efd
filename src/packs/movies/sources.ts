/**
 * The two raw files of The Movies Dataset and how each CSV record becomes rows. A handler checks
 * the whole record before writing any row, so a record ends either as rows (the movie and its
 * unnested lists) or as one row of `rejects`.
 */
import type { RecordSink, SourceHandler, SourceSpec } from '../../core/pack.js';
import {
  collection,
  count,
  decimal,
  money,
  movieId,
  movieReturn,
  nestedList,
  optionalText,
  pickCast,
  pickCompany,
  pickCountry,
  pickCrew,
  pickGenre,
  pickLanguage,
  releaseDate,
  type NumberField,
} from './clean.js';

/** The 24 columns of movies_dataset.csv, in file order. */
export const MOVIE_COLUMNS = [
  'adult', 'belongs_to_collection', 'budget', 'genres', 'homepage', 'id', 'imdb_id', 'original_language',
  'original_title', 'overview', 'popularity', 'poster_path', 'production_companies', 'production_countries',
  'release_date', 'revenue', 'runtime', 'spoken_languages', 'status', 'tagline', 'title', 'video',
  'vote_average', 'vote_count',
] as const;

export const CREDITS_COLUMNS = ['cast', 'crew', 'id'] as const;

/** Raw text in a reason is clipped: a shifted row can put a whole overview in the id column. */
function clip(s: string, n = 40): string {
  return s.length > n ? s.slice(0, n) + '…' : s;
}

/** Once per file: the header must have the columns the rules read, else every record says so. */
function missingColumns(record: Record<string, string>, columns: readonly string[]): string[] {
  return columns.filter((c) => !(c in record));
}

const NUMERIC: [column: string, read: (raw: string) => NumberField][] = [
  ['budget', money],
  ['revenue', money],
  ['popularity', decimal],
  ['runtime', decimal],
  ['vote_average', decimal],
  ['vote_count', count],
];

export const moviesSource: SourceSpec = {
  name: 'movies_dataset',
  files: ['movies_dataset.csv', 'movies_dataset.csv.gz', 'movies_metadata.csv', 'movies_metadata.csv.gz'],
  unit: 'movie',
  mainTable: 'movies',
  format: 'csv',
  open(): SourceHandler {
    const seen = new Set<number>();
    let missing: string[] | null = null;
    return {
      record(r, sink) {
        missing ??= missingColumns(r, MOVIE_COLUMNS);
        if (missing.length) return sink.reject(`the header lacks the columns ${missing.join(', ')}`);
        readMovie(r, sink, seen);
      },
    };
  },
};

function readMovie(r: Record<string, string>, sink: RecordSink, seen: Set<number>): void {
  const id = movieId(r.id);
  if (id === null) {
    // the known broken records: an overview broke the line, so every later column moved left
    sink.note('broken rows (columns shifted)');
    return sink.reject(`broken row: id '${clip(r.id)}' is not a movie id (columns shifted)`);
  }
  const numbers: Record<string, number | null> = {};
  for (const [column, read] of NUMERIC) {
    const n = read(r[column]);
    if (!n.ok) return sink.reject(`broken row: text in numeric column ${column}: '${clip(r[column])}'`);
    numbers[column] = n.value;
  }
  if (r.budget.trim() === '') sink.note('budget empty → 0');
  if (r.revenue.trim() === '') sink.note('revenue empty → 0');

  const coll = collection(r.belongs_to_collection);
  if (!coll.ok) return sink.reject(`belongs_to_collection: ${coll.reason}`);
  const genres = nestedList(r.genres, pickGenre);
  const companies = nestedList(r.production_companies, pickCompany);
  const countries = nestedList(r.production_countries, pickCountry);
  const languages = nestedList(r.spoken_languages, pickLanguage);
  const nested = { genres, production_companies: companies, production_countries: countries, spoken_languages: languages };
  for (const [column, list] of Object.entries(nested)) {
    if (!list.ok) return sink.reject(`${column}: ${list.reason}`);
    if (list.skipped) sink.note('nested entries without id or name (skipped)', list.skipped);
  }
  if (!genres.ok || !companies.ok || !countries.ok || !languages.ok) return; // narrowed above

  const released = releaseDate(r.release_date);
  if (released.kind === 'missing') {
    sink.note('no release_date (dropped)');
    return sink.reject('no release_date: the row is dropped');
  }
  if (released.kind === 'invalid') return sink.reject(`release_date '${clip(r.release_date)}' is not a date`);
  // a repeat is judged after the checks, so a broken first copy does not hide a good second one
  if (seen.has(id)) return sink.duplicate(`repeated id ${id}: the first record is kept`);
  seen.add(id);

  const budget = numbers.budget!;
  const revenue = numbers.revenue!;
  sink.row('movies', [
    id,
    optionalText(r.title),
    optionalText(r.original_language),
    optionalText(r.overview),
    optionalText(r.tagline),
    optionalText(r.status),
    released.date,
    released.year,
    numbers.runtime,
    budget,
    revenue,
    movieReturn(revenue, budget),
    numbers.popularity,
    numbers.vote_average,
    numbers.vote_count,
  ]);
  if (coll.value) sink.row('movie_collections', [id, coll.value.id, coll.value.name]);
  for (const g of genres.items) sink.row('movie_genres', [id, g.id, g.name]);
  for (const c of companies.items) sink.row('movie_companies', [id, c.id, c.name]);
  for (const c of countries.items) sink.row('movie_countries', [id, c.iso, c.name]);
  for (const l of languages.items) sink.row('movie_languages', [id, l.iso, l.name]);
  sink.kept();
}

export const creditsSource: SourceSpec = {
  name: 'credits',
  files: ['credits.csv', 'credits.csv.gz'],
  unit: 'movie credits',
  mainTable: 'movie_credits',
  format: 'csv',
  open(): SourceHandler {
    const seen = new Set<number>();
    let missing: string[] | null = null;
    return {
      record(r, sink) {
        missing ??= missingColumns(r, CREDITS_COLUMNS);
        if (missing.length) return sink.reject(`the header lacks the columns ${missing.join(', ')}`);
        readCredits(r, sink, seen);
      },
    };
  },
};

function readCredits(r: Record<string, string>, sink: RecordSink, seen: Set<number>): void {
  const id = movieId(r.id);
  if (id === null) return sink.reject(`broken row: id '${clip(r.id)}' is not a movie id`);
  const cast = nestedList(r.cast, pickCast);
  if (!cast.ok) return sink.reject(`cast: ${cast.reason}`);
  const crew = nestedList(r.crew, pickCrew);
  if (!crew.ok) return sink.reject(`crew: ${crew.reason}`);
  if (seen.has(id)) return sink.duplicate(`repeated id ${id}: the first record is kept`);
  seen.add(id);
  if (cast.skipped + crew.skipped) sink.note('credit entries without id or name (skipped)', cast.skipped + crew.skipped);
  for (const c of cast.items) sink.row('movie_cast', [id, c.order, c.personId, c.name, c.character, c.gender, c.castId, c.creditId]);
  for (const c of crew.items) sink.row('movie_crew', [id, c.personId, c.name, c.department, c.job, c.gender, c.creditId]);
  sink.row('movie_credits', [id, cast.items.length, crew.items.length]);
  sink.kept();
}
