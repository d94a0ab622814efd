import type { ProfileView } from '../../core/profile/types.js';

/** The streaming pack's own questions for its data profile (`recops profile streaming`). */
export const streamingProfileViews: ProfileView[] = [
  { title: 'Titles per platform and type', chart: 'bar', sql: "SELECT platform, count_if(type = 'movie') AS movies, count_if(type = 'tv show') AS tv_shows FROM titles GROUP BY platform ORDER BY platform" },
  { title: 'Titles per release year', chart: 'line', sql: 'SELECT release_year::VARCHAR AS year, count(*) AS titles FROM titles WHERE release_year IS NOT NULL GROUP BY release_year ORDER BY release_year' },
  { title: 'Maturity ratings', chart: 'hbar', note: 'titles per audience rating (empty raw cells are read as g)', sql: 'SELECT rating, count(*) AS titles FROM titles GROUP BY rating ORDER BY titles DESC, rating LIMIT 20' },
  { title: 'Film durations', chart: 'histogram', note: 'minutes', sql: "SELECT duration_int AS minutes FROM titles WHERE duration_type = 'min'" },
  { title: 'Show seasons', chart: 'bar', sql: "SELECT duration_int::VARCHAR AS seasons, count(*) AS shows FROM titles WHERE duration_type = 'season' GROUP BY duration_int ORDER BY duration_int" },
  { title: 'Star ratings', chart: 'bar', note: 'ratings per value, 0.5 to 5 stars', sql: 'SELECT rating::VARCHAR AS stars, count(*) AS ratings FROM ratings GROUP BY rating ORDER BY rating' },
  { title: 'Ratings per user', chart: 'histogram', log: true, note: 'the long tail: most users rate a few titles, a few rate many', sql: 'SELECT count(*) AS ratings FROM ratings GROUP BY user_id' },
  { title: 'Ratings per title', chart: 'histogram', log: true, sql: 'SELECT count(*) AS ratings FROM ratings GROUP BY movie_id' },
  { title: 'Title scores', chart: 'histogram', note: "mean of a title's ratings (titles with ratings)", sql: 'SELECT score FROM titles WHERE score IS NOT NULL' },
];
