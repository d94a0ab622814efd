import { col, type TableSpec } from '../../core/warehouse/schema.js';

/**
 * The movies warehouse: one table for the movie rows of movies_dataset.csv, and one table per
 * nested column (collections, genres, companies, countries, languages) and per credits list
 * (cast, crew), each keyed by the TMDB movie id. A product interface, documented here and in
 * README.md.
 */
export const MOVIES: TableSpec = {
  name: 'movies',
  doc: 'The catalogue: one row per distinct movie id with a release date (first record kept).',
  columns: [
    col('id', 'INTEGER', 'TMDB movie id'),
    col('title', 'VARCHAR', 'title (NULL when the raw title is empty)'),
    col('original_language', 'VARCHAR', "ISO 639-1 code of the original language ('en', 'fr', 'xx' = no language)"),
    col('overview', 'TEXT', 'plot summary; NULL when empty'),
    col('tagline', 'VARCHAR', 'tagline; NULL when empty'),
    col('status', 'VARCHAR', "'Released', 'Rumored', 'Post Production', ...; NULL when empty"),
    col('release_date', 'DATE', 'release day'),
    col('release_year', 'INTEGER', 'year of release_date'),
    col('runtime', 'DOUBLE', 'minutes; NULL when empty (0 is kept as written)'),
    col('budget', 'BIGINT', 'USD; 0 when empty or unknown'),
    col('revenue', 'BIGINT', 'USD; 0 when empty or unknown'),
    col('return', 'DOUBLE', 'revenue / budget; 0 when budget is 0'),
    col('popularity', 'DOUBLE', 'TMDB popularity score; NULL when empty'),
    col('vote_average', 'DOUBLE', 'mean vote, 0 to 10; NULL when empty'),
    col('vote_count', 'INTEGER', 'number of votes; NULL when empty'),
  ],
};

export const MOVIE_COLLECTIONS: TableSpec = {
  name: 'movie_collections',
  doc: 'belongs_to_collection unnested: the franchise of a movie (at most one per movie).',
  columns: [
    col('movie_id', 'INTEGER', 'movies.id'),
    col('collection_id', 'INTEGER', 'TMDB collection id'),
    col('collection', 'VARCHAR', "collection name ('Toy Story Collection')"),
  ],
};

export const MOVIE_GENRES: TableSpec = {
  name: 'movie_genres',
  doc: 'genres unnested: one row per movie and genre, in the raw order.',
  columns: [
    col('movie_id', 'INTEGER', 'movies.id'),
    col('genre_id', 'INTEGER', 'TMDB genre id'),
    col('genre', 'VARCHAR', "genre name ('Animation')"),
  ],
};

export const MOVIE_COMPANIES: TableSpec = {
  name: 'movie_companies',
  doc: 'production_companies unnested: one row per movie and production company.',
  columns: [
    col('movie_id', 'INTEGER', 'movies.id'),
    col('company_id', 'INTEGER', 'TMDB company id'),
    col('company', 'VARCHAR', "company name ('Pixar Animation Studios')"),
  ],
};

export const MOVIE_COUNTRIES: TableSpec = {
  name: 'movie_countries',
  doc: 'production_countries unnested: one row per movie and producing country.',
  columns: [
    col('movie_id', 'INTEGER', 'movies.id'),
    col('iso_3166_1', 'VARCHAR', "ISO 3166-1 country code ('US')"),
    col('country', 'VARCHAR', "country name as TMDB writes it ('United States of America')"),
  ],
};

export const MOVIE_LANGUAGES: TableSpec = {
  name: 'movie_languages',
  doc: 'spoken_languages unnested: one row per movie and spoken language.',
  columns: [
    col('movie_id', 'INTEGER', 'movies.id'),
    col('iso_639_1', 'VARCHAR', "ISO 639-1 language code ('fr')"),
    col('language', 'VARCHAR', "the language's own name as TMDB writes it ('Français'); NULL when empty"),
  ],
};

export const MOVIE_CREDITS: TableSpec = {
  name: 'movie_credits',
  doc: 'One row per distinct movie id of credits.csv (first record kept), with the sizes of its lists.',
  columns: [
    col('movie_id', 'INTEGER', 'TMDB movie id (may be absent from movies: its metadata row was dropped or broken)'),
    col('cast_size', 'INTEGER', 'cast entries written to movie_cast'),
    col('crew_size', 'INTEGER', 'crew entries written to movie_crew'),
  ],
};

export const MOVIE_CAST: TableSpec = {
  name: 'movie_cast',
  doc: 'credits.cast unnested: one row per movie and cast entry (an actor playing two roles has two rows).',
  columns: [
    col('movie_id', 'INTEGER', 'movie_credits.movie_id'),
    col('cast_order', 'INTEGER', "billing order ('order'; 0 = top billed)"),
    col('person_id', 'INTEGER', 'TMDB person id'),
    col('name', 'VARCHAR', 'actor name'),
    col('character', 'VARCHAR', "character played; NULL when empty"),
    col('gender', 'TINYINT', '0 unknown, 1 female, 2 male'),
    col('cast_id', 'INTEGER', 'cast_id (TMDB internal)'),
    col('credit_id', 'VARCHAR', 'TMDB credit id'),
  ],
};

export const MOVIE_CREW: TableSpec = {
  name: 'movie_crew',
  doc: 'credits.crew unnested: one row per movie and crew entry (a person with two jobs has two rows).',
  columns: [
    col('movie_id', 'INTEGER', 'movie_credits.movie_id'),
    col('person_id', 'INTEGER', 'TMDB person id'),
    col('name', 'VARCHAR', 'person name'),
    col('department', 'VARCHAR', "'Directing', 'Writing', 'Production', ..."),
    col('job', 'VARCHAR', "'Director', 'Screenplay', 'Producer', ..."),
    col('gender', 'TINYINT', '0 unknown, 1 female, 2 male'),
    col('credit_id', 'VARCHAR', 'TMDB credit id'),
  ],
};

export const MOVIES_TABLES: TableSpec[] = [
  MOVIES,
  MOVIE_COLLECTIONS,
  MOVIE_GENRES,
  MOVIE_COMPANIES,
  MOVIE_COUNTRIES,
  MOVIE_LANGUAGES,
  MOVIE_CREDITS,
  MOVIE_CAST,
  MOVIE_CREW,
];
