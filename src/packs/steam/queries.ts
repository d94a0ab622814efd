/**
 * The questions the Steam API answers, prepared once as small `api_*` tables so that the server
 * loads a few thousand rows at start and a request is a map lookup. They are built at the end of
 * ingest, from clean tables that are final by then (review sentiment included, labelled as rows
 * are read), so a built warehouse is never written again.
 *
 * Definitions (shared with the route docs): hours come from user_items.playtime_forever (minutes);
 * a game's year is games.release_year; a review's year is reviews.posted_year. Ties break by the
 * smaller year, then by name A→Z.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

const GAME_GENRES = `
  SELECT item_id, release_year, unnest(list_distinct(genres)) AS genre
  FROM games WHERE genres IS NOT NULL`;

export const ANSWER_TABLES: Record<string, string> = {
  // minutes played per (genre, release year); release_year NULL keeps games without a year
  api_genre_year_playtime: `
    WITH g AS (${GAME_GENRES}),
    per_item AS (SELECT item_id, sum(playtime_forever)::BIGINT AS minutes FROM user_items GROUP BY item_id)
    SELECT genre, release_year, sum(minutes)::BIGINT AS minutes
    FROM g JOIN per_item USING (item_id)
    GROUP BY genre, release_year`,

  // per genre, the user with the most minutes over the genre's games (ties: user_id A→Z)
  api_genre_top_user: `
    WITH g AS (${GAME_GENRES}),
    per_user AS (
      SELECT g.genre, ui.user_id, sum(ui.playtime_forever)::BIGINT AS minutes
      FROM user_items ui JOIN g USING (item_id)
      GROUP BY g.genre, ui.user_id)
    SELECT genre, user_id, minutes FROM per_user
    QUALIFY row_number() OVER (PARTITION BY genre ORDER BY minutes DESC, user_id) = 1`,

  // that user's minutes per release year of the genre's games (years with 0 minutes left out)
  api_genre_top_user_years: `
    WITH g AS (${GAME_GENRES})
    SELECT t.genre, g.release_year, sum(ui.playtime_forever)::BIGINT AS minutes
    FROM api_genre_top_user t
    JOIN user_items ui ON ui.user_id = t.user_id
    JOIN g ON g.item_id = ui.item_id AND g.genre = t.genre
    WHERE g.release_year IS NOT NULL
    GROUP BY t.genre, g.release_year
    HAVING sum(ui.playtime_forever) > 0`,

  // per posted year, the 3 most reviewed games (recommend, sentiment 1/2), the 3 most
  // reviewed games (not recommend, sentiment 0), the 3 developers with most such reviews
  api_year_top3: `
    WITH r AS (
      SELECT r.posted_year, r.item_id, r.recommend, r.sentiment, g.developer,
             coalesce(g.app_name, g.title, n.item_name, r.item_id) AS name
      FROM reviews r LEFT JOIN games g USING (item_id) LEFT JOIN item_names n USING (item_id)
      WHERE r.posted_year IS NOT NULL),
    counted AS (
      SELECT posted_year, 'recommend' AS kind, item_id AS key, name, count(*) AS reviews
      FROM r WHERE recommend AND sentiment IN (1, 2) GROUP BY posted_year, item_id, name
      UNION ALL
      SELECT posted_year, 'not_recommend', item_id, name, count(*)
      FROM r WHERE NOT recommend AND sentiment = 0 GROUP BY posted_year, item_id, name
      UNION ALL
      SELECT posted_year, 'worst_developer', developer, developer, count(*)
      FROM r WHERE NOT recommend AND sentiment = 0 AND developer IS NOT NULL GROUP BY posted_year, developer)
    SELECT posted_year, kind,
           row_number() OVER (PARTITION BY posted_year, kind ORDER BY reviews DESC, name, key) AS rank,
           name, reviews
    FROM counted
    QUALIFY rank <= 3`,

  // review counts by sentiment over each developer's games
  api_developer_sentiment: `
    SELECT g.developer,
           count(*) FILTER (WHERE r.sentiment = 0) AS negative,
           count(*) FILTER (WHERE r.sentiment = 1) AS neutral,
           count(*) FILTER (WHERE r.sentiment = 2) AS positive,
           count(DISTINCT g.item_id) AS games
    FROM games g JOIN reviews r USING (item_id)
    WHERE g.developer IS NOT NULL
    GROUP BY g.developer`,

  // review counts by sentiment over the games released each year
  api_release_year_sentiment: `
    SELECT g.release_year,
           count(*) FILTER (WHERE r.sentiment = 0) AS negative,
           count(*) FILTER (WHERE r.sentiment = 1) AS neutral,
           count(*) FILTER (WHERE r.sentiment = 2) AS positive
    FROM games g JOIN reviews r USING (item_id)
    WHERE g.release_year IS NOT NULL
    GROUP BY g.release_year`,

  // the years the year-parameter routes accept
  api_year_ranges: `
    SELECT 'posted_year' AS what, min(posted_year) AS min_year, max(posted_year) AS max_year FROM reviews
    UNION ALL
    SELECT 'release_year_reviewed', min(g.release_year), max(g.release_year) FROM games g SEMI JOIN reviews r USING (item_id)`,
};

/** (Re)builds every api_* table from the clean tables. */
export async function prepareAnswers(conn: DuckDBConnection): Promise<void> {
  for (const [name, sql] of Object.entries(ANSWER_TABLES)) {
    await conn.run(`CREATE OR REPLACE TABLE ${name} AS ${sql}`);
  }
}
