import type { ProfileView } from '../../core/profile/types.js';

/** Steam's own questions for its data profile (`recops profile steam`). */
export const steamProfileViews: ProfileView[] = [
  { title: 'Playtime per user', chart: 'histogram', log: true, note: 'hours played in total over the whole library, one value per library owner', sql: 'SELECT sum(playtime_forever) / 60.0 AS hours FROM user_items GROUP BY user_id' },
  { title: 'Library sizes', chart: 'histogram', log: true, note: 'games per library, as the raw line states it (users with a library line)', sql: 'SELECT items_count AS games FROM users WHERE items_count IS NOT NULL' },
  { title: 'Reviews per year', chart: 'bar', note: 'reviews posted each year (reviews without a year left out)', sql: 'SELECT posted_year::VARCHAR AS year, count(*) AS reviews FROM reviews WHERE posted_year IS NOT NULL GROUP BY posted_year ORDER BY posted_year' },
  { title: 'Recommend share per year', chart: 'line', note: '% of the year\'s reviews that recommend the game', sql: 'SELECT posted_year::VARCHAR AS year, round(100 * avg(recommend::INTEGER), 1) AS recommend_pct FROM reviews WHERE posted_year IS NOT NULL GROUP BY posted_year ORDER BY posted_year' },
  { title: 'Prices of paid games', chart: 'histogram', log: true, note: 'USD, games with a price above 0', sql: 'SELECT price AS usd FROM games WHERE price > 0' },
  { title: 'Free and paid games', chart: 'bar', note: 'is_free: free (price 0 or "Free to Play"), paid, or unknown price', sql: "SELECT CASE WHEN is_free THEN 'free' WHEN NOT is_free THEN 'paid' ELSE 'unknown' END AS price, count(*) AS games FROM games GROUP BY ALL ORDER BY games DESC" },
  { title: 'Games released per year', chart: 'line', sql: 'SELECT release_year::VARCHAR AS year, count(*) AS games FROM games WHERE release_year IS NOT NULL GROUP BY release_year ORDER BY release_year' },
  { title: 'Genres', chart: 'hbar', note: 'games per store genre (a game has several)', sql: 'SELECT genre, count(*) AS games FROM (SELECT unnest(genres) AS genre FROM games) GROUP BY genre ORDER BY games DESC, genre LIMIT 20' },
];
