import { col, type TableSpec } from '../../core/warehouse/schema.js';

/** The streaming warehouse: a product interface, documented here and in README.md. */
export const TITLES: TableSpec = {
  name: 'titles',
  doc: 'The four catalogues in one table: one row per title of a platform (the same film on two platforms is two rows).',
  columns: [
    col('id', 'VARCHAR', "platform letter (a, d, h, n) + show_id, e.g. 'as123': unique across platforms; ratings.movie_id refers to it"),
    col('platform', 'VARCHAR', "'amazon', 'disney', 'hulu' or 'netflix'"),
    col('show_id', 'VARCHAR', "the platform's own id as in the raw file ('s123'), unique within a platform only"),
    col('type', 'VARCHAR', "'movie' or 'tv show'"),
    col('title', 'VARCHAR', 'title, lowercase'),
    col('director', 'VARCHAR', 'director(s) as written, lowercase; NULL when empty'),
    col('cast', 'VARCHAR', 'cast as written (comma list), lowercase; NULL when empty. A SQL keyword: quote it ("cast")'),
    col('cast_members', 'VARCHAR[]', 'the cast split on commas, trimmed, without empties or repeats; [] when no cast'),
    col('country', 'VARCHAR', 'production countries as written (comma list), lowercase; NULL when empty'),
    col('countries', 'VARCHAR[]', 'the countries split on commas (stray leading/trailing commas dropped); [] when none'),
    col('date_added', 'DATE', "day the title was added to the platform ('September 25, 2021' → 2021-09-25); NULL when empty"),
    col('release_year', 'INTEGER', 'year of release'),
    col('rating', 'VARCHAR', "audience rating, lowercase ('tv-ma', '13+', 'pg'); 'g' when the raw cell is empty"),
    col('duration_int', 'INTEGER', "length: minutes for films, seasons for shows ('113 min' → 113, '2 Seasons' → 2); NULL when unknown"),
    col('duration_type', 'VARCHAR', "'min' or 'season'; NULL when the duration is unknown"),
    col('listed_in', 'VARCHAR', 'genres as written (comma list), lowercase'),
    col('genres', 'VARCHAR[]', 'listed_in split on commas'),
    col('description', 'VARCHAR', 'synopsis, lowercase; NULL when empty'),
    col('score', 'DOUBLE', 'mean of the title\'s ratings (0.5 to 5); NULL when it has none'),
    col('ratings_count', 'INTEGER', 'number of ratings of the title (0 when none)'),
  ],
};

export const RATINGS: TableSpec = {
  name: 'ratings',
  doc: 'User ratings of titles, from ratings/1.csv … 8.csv: one row per well-formed raw row.',
  columns: [
    col('user_id', 'INTEGER', 'the raw userId'),
    col('movie_id', 'VARCHAR', 'the raw movieId: a titles.id (a rating of an id missing from titles is kept; finalize counts them)'),
    col('rating', 'DOUBLE', '0.5 to 5.0 in steps of 0.5'),
    col('timestamp', 'BIGINT', 'when it was rated, unix seconds (UTC)'),
  ],
};

export const STREAMING_TABLES: TableSpec[] = [TITLES, RATINGS];
