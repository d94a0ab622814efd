/**
 * The questions the movies API answers, prepared once at the end of ingest as small `api_*`
 * tables; the server loads them at start and a request is a map lookup.
 *
 * Names (titles, collections, companies, directors, actors) are grouped by the same key the
 * server looks them up with (`nameKey`: case-, accent- and space-insensitive), so 'Pokemon' and
 * 'Pokémon' are one title and a count never double-counts a movie listed under two spellings.
 * The key is computed in JavaScript (DuckDB's strip_accents is not the same function) and
 * handed to SQL as a name → key table that lives only during finalize.
 *
 * Definitions (shared with the README and the route docs): a movie counts once per answer
 * however often its credits list the person or company; revenue, budget and `return` are the
 * movies table's; a display name is the spelling with the most movies (ties: A→Z).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { nameKey } from '../../core/text/names.js';
import { col, type TableSpec } from '../../core/warehouse/schema.js';
import { TableWriter } from '../../core/warehouse/writer.js';
import type { Log } from '../../core/ingest/progress.js';

const NAME_KEYS: TableSpec = {
  name: 'tmp_name_keys',
  doc: 'finalize only: every name the API looks up, with its lookup key',
  columns: [col('name', 'VARCHAR', 'a name as written in the data'), col('key', 'VARCHAR', 'nameKey(name)')],
};

/** Names of people and things, each as (key, spelling, movie_id) over the kept movies. */
const ENTITIES = {
  collection: `SELECT k.key, c.collection AS name, c.movie_id FROM movie_collections c SEMI JOIN movies m ON m.id = c.movie_id JOIN tmp_name_keys k ON k.name = c.collection`,
  company: `SELECT k.key, c.company AS name, c.movie_id FROM movie_companies c SEMI JOIN movies m ON m.id = c.movie_id JOIN tmp_name_keys k ON k.name = c.company`,
  director: `SELECT k.key, c.name, c.movie_id FROM movie_crew c SEMI JOIN movies m ON m.id = c.movie_id JOIN tmp_name_keys k ON k.name = c.name WHERE c.job = 'Director'`,
  actor: `SELECT k.key, c.name, c.movie_id FROM movie_cast c SEMI JOIN movies m ON m.id = c.movie_id JOIN tmp_name_keys k ON k.name = c.name`,
};

/**
 * One row per key: the display name, and `aggregates` over the key's distinct movies (the
 * movies table is `m`).
 */
function perKey(entity: string, aggregates: string): string {
  return `
    WITH e AS (${entity}),
    spellings AS (
      SELECT key, name FROM (SELECT key, name, count(DISTINCT movie_id) AS n FROM e GROUP BY key, name)
      QUALIFY row_number() OVER (PARTITION BY key ORDER BY n DESC, name) = 1),
    movies_of AS (SELECT DISTINCT key, movie_id FROM e)
    SELECT key, s.name, ${aggregates}
    FROM movies_of JOIN movies m ON m.id = movies_of.movie_id JOIN spellings s USING (key)
    GROUP BY key, s.name`;
}

export const ANSWER_TABLES: Record<string, string> = {
  // per title key, the most popular movie (ties: more votes, then the smaller id) and how many
  // movies share the title, with the years of the others
  api_titles: `
    WITH t AS (
      SELECT k.key, m.id, m.title, m.release_year, m.runtime, m.popularity, m.vote_count, m.vote_average,
             row_number() OVER (PARTITION BY k.key ORDER BY m.popularity DESC NULLS LAST, m.vote_count DESC NULLS LAST, m.id) AS rank
      FROM movies m JOIN tmp_name_keys k ON k.name = m.title),
    groups AS (
      SELECT key, count(*) AS same_title,
             coalesce(list(release_year ORDER BY release_year, id) FILTER (WHERE rank > 1), []) AS other_years
      FROM t GROUP BY key)
    SELECT key, id AS movie_id, title, release_year, runtime, popularity, vote_count, vote_average, same_title, other_years
    FROM t JOIN groups USING (key) WHERE rank = 1`,

  // movies per original language (ISO 639-1 code as written)
  api_languages: `SELECT original_language AS iso, count(*) AS movies FROM movies WHERE original_language IS NOT NULL GROUP BY 1`,

  // every spoken-language code with its own name as TMDB writes it ('Français'), the most
  // frequent one; NULL when the data never names it ({'iso_639_1': 'yi', 'name': ''})
  api_language_names: `
    SELECT iso_639_1 AS iso, language AS name FROM (
      SELECT iso_639_1, language, count(*) AS n FROM movie_languages GROUP BY ALL)
    QUALIFY row_number() OVER (PARTITION BY iso_639_1 ORDER BY language IS NULL, n DESC, language) = 1`,

  // distinct movies per producing country, with its most frequent TMDB name
  api_countries: `
    WITH c AS (SELECT c.* FROM movie_countries c SEMI JOIN movies m ON m.id = c.movie_id),
    names AS (
      SELECT iso_3166_1, country FROM (SELECT iso_3166_1, country, count(*) AS n FROM c WHERE country IS NOT NULL GROUP BY ALL)
      QUALIFY row_number() OVER (PARTITION BY iso_3166_1 ORDER BY n DESC, country) = 1)
    SELECT iso_3166_1 AS iso, names.country AS name, count(DISTINCT movie_id) AS movies
    FROM c LEFT JOIN names USING (iso_3166_1) GROUP BY ALL`,

  api_collections: perKey(ENTITIES.collection, 'count(*) AS movies, sum(m.revenue)::BIGINT AS revenue_total, avg(m.revenue) AS revenue_mean'),
  api_companies: perKey(ENTITIES.company, 'count(*) AS movies, sum(m.revenue)::BIGINT AS revenue_total'),
  api_directors: perKey(ENTITIES.director, 'count(*) AS movies, sum(m."return") AS return_total'),
  // the movies of each director, for the detail list of /get_director
  api_director_movies: `
    SELECT DISTINCT e.key, m.id AS movie_id, m.title, m.release_date, m."return", m.budget, m.revenue
    FROM (${ENTITIES.director}) e JOIN movies m ON m.id = e.movie_id`,
  // actors: cast credits only (a director's crew credits are not acting)
  api_actors: perKey(ENTITIES.actor, 'count(*) AS movies, sum(m."return") AS return_total, avg(m."return") AS return_mean'),

  // releases per calendar month (1-12) and ISO weekday (1 = Monday ... 7 = Sunday)
  api_months: `SELECT month(release_date) AS month, count(*) AS movies FROM movies GROUP BY 1`,
  api_weekdays: `SELECT isodow(release_date) AS weekday, count(*) AS movies FROM movies GROUP BY 1`,
};

/** Every name the API looks up, keyed in JavaScript, written to tmp_name_keys. */
async function writeNameKeys(conn: DuckDBConnection): Promise<number> {
  const res = await conn.runAndReadAll(`
    SELECT DISTINCT name FROM (
      SELECT title AS name FROM movies WHERE title IS NOT NULL
      UNION ALL SELECT collection FROM movie_collections
      UNION ALL SELECT company FROM movie_companies
      UNION ALL SELECT name FROM movie_crew WHERE job = 'Director'
      UNION ALL SELECT name FROM movie_cast c SEMI JOIN movies m ON m.id = c.movie_id)`);
  await conn.run(`CREATE OR REPLACE TABLE tmp_name_keys (name VARCHAR, key VARCHAR)`);
  const w = await TableWriter.open(conn, NAME_KEYS);
  let n = 0;
  for (const [name] of res.getRows()) {
    const key = nameKey(name as string);
    // a name of only spaces or marks has no key; the API cannot look it up, so it is left out
    if (key) {
      w.append([name as string, key]);
      n++;
    }
  }
  w.close();
  return n;
}

/** (Re)builds every api_* table from the clean tables. */
export async function prepareAnswers(conn: DuckDBConnection, log: Log): Promise<void> {
  const names = await writeNameKeys(conn);
  log(`movies: ${names.toLocaleString('en-US')} names keyed for lookups`);
  for (const [name, sql] of Object.entries(ANSWER_TABLES)) {
    await conn.run(`CREATE OR REPLACE TABLE ${name} AS ${sql}`);
  }
  await conn.run('DROP TABLE tmp_name_keys');
}
