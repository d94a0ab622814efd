import type { ProfileView } from '../../core/profile/types.js';

/** The movies pack's own questions for its data profile (`recops profile movies`). */
export const moviesProfileViews: ProfileView[] = [
  { title: 'Releases per year', chart: 'line', sql: 'SELECT release_year::VARCHAR AS year, count(*) AS movies FROM movies WHERE release_year IS NOT NULL GROUP BY release_year ORDER BY release_year' },
  { title: 'Runtime', chart: 'histogram', note: 'minutes, movies with a runtime above 0', sql: 'SELECT runtime AS minutes FROM movies WHERE runtime > 0' },
  { title: 'Budget', chart: 'histogram', log: true, note: 'USD, movies with a known budget (0 means unknown)', sql: 'SELECT budget AS usd FROM movies WHERE budget > 0' },
  { title: 'Revenue', chart: 'histogram', log: true, note: 'USD, movies with a known revenue (0 means unknown)', sql: 'SELECT revenue AS usd FROM movies WHERE revenue > 0' },
  { title: 'Vote counts', chart: 'histogram', log: true, note: 'votes per movie, movies with votes', sql: 'SELECT vote_count AS votes FROM movies WHERE vote_count > 0' },
  { title: 'Vote averages', chart: 'histogram', note: 'mean vote 0 to 10, movies with at least 10 votes', sql: 'SELECT vote_average FROM movies WHERE vote_count >= 10' },
  { title: 'Genres', chart: 'hbar', note: 'movies per genre (a movie has several)', sql: 'SELECT genre, count(*) AS movies FROM movie_genres GROUP BY genre ORDER BY movies DESC, genre LIMIT 20' },
  { title: 'Original languages', chart: 'hbar', sql: 'SELECT original_language AS language, count(*) AS movies FROM movies GROUP BY ALL ORDER BY movies DESC, language LIMIT 20' },
  { title: 'Production countries', chart: 'hbar', sql: 'SELECT country, count(*) AS movies FROM movie_countries GROUP BY country ORDER BY movies DESC, country LIMIT 20' },
];
