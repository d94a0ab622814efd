/**
 * Every pack's name lookups fold the letters NFKD keeps ('Paweł' typed 'Pawel') the same way,
 * through core/text's foldLetters. The loaders read a tiny in-memory warehouse holding just
 * the api_* tables they read; the expected answers are the rows written here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Warehouse } from '../../src/core/warehouse/warehouse.js';
import { loadSteamAnswers } from '../../src/packs/steam/routes.js';
import { loadStreamingAnswers } from '../../src/packs/streaming/routes.js';

async function warehouseOf(sql: string[]): Promise<Warehouse> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  for (const s of sql) await conn.run(s);
  return { path: ':memory:', instance, conn, close: () => (conn.closeSync(), instance.closeSync()) };
}

test('steam: developers and genres found by their ASCII spelling; a real ASCII spelling keeps its answer', async () => {
  const wh = await warehouseOf([
    'CREATE TABLE api_genre_year_playtime AS SELECT * FROM (VALUES (\'Æsthetic\', 2015, 10)) t(genre, release_year, minutes)',
    'CREATE TABLE api_genre_top_user (genre VARCHAR, user_id VARCHAR, minutes INTEGER)',
    'CREATE TABLE api_genre_top_user_years (genre VARCHAR, release_year INTEGER, minutes INTEGER)',
    `CREATE TABLE api_developer_sentiment AS SELECT * FROM (VALUES ('Paweł Wong', 1, 2, 3), ('Søren Games', 4, 5, 6), ('Soren Games', 7, 8, 9)) t(developer, negative, neutral, positive)`,
    'CREATE TABLE api_release_year_sentiment (release_year INTEGER, negative INTEGER, neutral INTEGER, positive INTEGER)',
    'CREATE TABLE api_year_top3 (posted_year INTEGER, kind VARCHAR, rank INTEGER, name VARCHAR)',
    'CREATE TABLE api_year_ranges (what VARCHAR, min_year INTEGER, max_year INTEGER)',
  ]);
  try {
    const a = await loadSteamAnswers(wh);
    assert.deepEqual(a.developers.get('pawel wong')?.value, { negative: 1, neutral: 2, positive: 3 });
    assert.deepEqual(a.developers.get('Søren Games')?.value, { negative: 4, neutral: 5, positive: 6 });
    assert.deepEqual(a.developers.get('Soren Games')?.value, { negative: 7, neutral: 8, positive: 9 });
    assert.equal(a.genres.get('aesthetic')?.value.minutesByYear.get(2015), 10);
  } finally {
    wh.close();
  }
});

test('streaming: countries and ratings found by their ASCII spelling', async () => {
  const wh = await warehouseOf([
    'CREATE TABLE api_platform_movies (platform VARCHAR, movies INTEGER)',
    'CREATE TABLE api_max_duration (by_year BOOLEAN, release_year INTEGER, by_platform BOOLEAN, platform VARCHAR, by_type BOOLEAN, duration_type VARCHAR, duration_int INTEGER, title VARCHAR)',
    'CREATE TABLE api_movie_scores (platform VARCHAR, release_year INTEGER, score DOUBLE)',
    'CREATE TABLE api_actor_year (platform VARCHAR, release_year INTEGER, actor VARCHAR, appearances INTEGER)',
    `CREATE TABLE api_country_type_year AS SELECT * FROM (VALUES ('føroyar', 'movie', 2019, 3), ('united states', 'movie', 2019, 40)) t(country, type, release_year, titles)`,
    `CREATE TABLE api_rating_titles AS SELECT * FROM (VALUES ('tv-ß', 2), ('tv-ma', 9)) t(rating, titles)`,
    'CREATE TABLE api_year_range AS SELECT 2019 AS min_year, 2019 AS max_year',
  ]);
  try {
    const a = await loadStreamingAnswers(wh);
    assert.equal(a.countries.get('Foroyar')?.value.get('movie|2019'), 3);
    assert.equal(a.countries.get('United States')?.value.get('movie|2019'), 40);
    assert.equal(a.ratings.get('TV-SS')?.value, 2);
    assert.equal(a.ratings.get('tv-ma')?.value, 9);
  } finally {
    wh.close();
  }
});
