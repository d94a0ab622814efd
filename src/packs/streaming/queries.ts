/**
 * What finalize derives after the raw files are loaded: each title's score, and the questions
 * the API answers prepared as small `api_*` tables (a few thousand rows) that the server loads
 * into maps at start, so a request is a lookup.
 *
 * Definitions (shared with README.md and the route docs): a *movie* is a title of type 'movie';
 * a title's year is its release_year; counts count titles (rows of `titles`: the same film on two
 * platforms counts twice); ties break by name A→Z, then id.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Log } from '../../core/ingest/progress.js';

/** Each rated movie_id's mean rating and count, once: the titles' scores and the orphans both read it. */
const SCORES = 'temp.movie_scores';
export const SCORES_SQL = `CREATE OR REPLACE TEMP TABLE ${SCORES} AS SELECT movie_id, avg(rating) AS score, count(*)::INTEGER AS n FROM ratings GROUP BY movie_id`;

/** score = mean rating, ratings_count = number of ratings; titles without ratings keep NULL / 0. */
export const SCORE_SQL = `
  UPDATE titles SET score = s.score, ratings_count = s.n
  FROM ${SCORES} s
  WHERE titles.id = s.movie_id`;

export const ANSWER_TABLES: Record<string, string> = {
  // movies per platform (every platform listed, 0 when it has none)
  api_platform_movies: `
    SELECT p.platform, count(t.id)::INTEGER AS movies
    FROM (SELECT DISTINCT platform FROM titles) p
    LEFT JOIN titles t ON t.platform = p.platform AND t.type = 'movie'
    GROUP BY p.platform`,

  // the longest movie for every combination of the three optional filters: a NULL key with its
  // by_* flag false means "any" (GROUPING SETS of CUBE); ties: title A→Z, then id
  api_max_duration: `
    SELECT grouping(release_year) = 0 AS by_year, release_year,
           grouping(platform) = 0 AS by_platform, platform,
           grouping(duration_type) = 0 AS by_type, duration_type,
           max(duration_int) AS duration_int,
           first(title ORDER BY duration_int DESC, title, id) AS title
    FROM titles
    WHERE type = 'movie' AND duration_int IS NOT NULL AND title IS NOT NULL
    GROUP BY CUBE (release_year, platform, duration_type)`,

  // every scored movie's score, by platform and year (the route counts those above a threshold)
  api_movie_scores: `
    SELECT platform, release_year, score
    FROM titles
    WHERE type = 'movie' AND score IS NOT NULL AND release_year IS NOT NULL`,

  // per platform and year, the cast member listed by the most titles (ties: name A→Z)
  api_actor_year: `
    WITH appearances AS (
      SELECT platform, release_year, actor, count(*)::INTEGER AS titles
      FROM (SELECT platform, release_year, unnest(cast_members) AS actor FROM titles WHERE release_year IS NOT NULL)
      GROUP BY platform, release_year, actor)
    SELECT platform, release_year, actor, titles AS appearances
    FROM appearances
    QUALIFY row_number() OVER (PARTITION BY platform, release_year ORDER BY titles DESC, actor) = 1`,

  // titles per production country, type and year
  api_country_type_year: `
    SELECT country, type, release_year, count(*)::INTEGER AS titles
    FROM (SELECT unnest(countries) AS country, type, release_year FROM titles WHERE type IS NOT NULL AND release_year IS NOT NULL)
    GROUP BY country, type, release_year`,

  // titles per audience rating (all platforms, all types)
  api_rating_titles: `
    SELECT rating, count(*)::INTEGER AS titles FROM titles GROUP BY rating`,

  // the release years the year parameters accept
  api_year_range: `
    SELECT min(release_year) AS min_year, max(release_year) AS max_year FROM titles`,
};

/** Fills titles.score, then (re)builds every api_* table from the clean tables. */
export async function finalizeStreaming(conn: DuckDBConnection, log: Log): Promise<void> {
  // The 11 M ratings are written out and compressed now, on DuckDB's threads: left to the build's
  // closing checkpoint, after the data profile, the same work ran on one thread and cost more CPU
  // (README "Ingest speed" has the figures).
  await conn.run('CHECKPOINT');
  await conn.run(SCORES_SQL);
  await conn.run(SCORE_SQL);
  const orphans = await conn.runAndReadAll(`SELECT coalesce(sum(s.n), 0) FROM ${SCORES} s ANTI JOIN titles t ON t.id = s.movie_id`);
  await conn.run(`DROP TABLE ${SCORES}`);
  const n = Number(orphans.getRows()[0][0]);
  if (n > 0) log(`streaming: ${n.toLocaleString('en-US')} ratings name a movieId that is not in titles (kept in ratings, not in any score)`);
  for (const [name, sql] of Object.entries(ANSWER_TABLES)) {
    await conn.run(`CREATE OR REPLACE TABLE ${name} AS ${sql}`);
  }
}
