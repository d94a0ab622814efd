import type { PackWithSynth } from '../../core/pack.js';
import { gamesSource, itemsSource, reviewsSource } from './sources.js';
import { STEAM_TABLES } from './tables.js';
import { steamModels } from './models.js';
import { steamProfileViews } from './profile.js';
import { steamStore } from './store.js';
import { steamPage } from './page.js';

export const steamPack: PackWithSynth = {
  name: 'steam',
  title: 'Steam games, user reviews and user libraries (UCSD "Australian" Steam data)',
  tables: STEAM_TABLES,
  sources: [gamesSource, reviewsSource, itemsSource],
  async finalize(conn) {
    // Reviewers and library owners both wrote `users` rows; keep one per user, the library's
    // row (it has steam_id and items_count) over the reviewer's.
    await conn.run(`
      CREATE TABLE users_merged AS
      SELECT user_id, steam_id, items_count, user_url FROM users
      QUALIFY row_number() OVER (PARTITION BY user_id ORDER BY steam_id IS NULL, user_url IS NULL) = 1
      ORDER BY user_id`);
    await conn.run('DROP TABLE users');
    await conn.run('ALTER TABLE users_merged RENAME TO users');
    // loaded on demand, like the api below: a replica serving from the store never builds a warehouse
    const { prepareAnswers } = await import('./queries.js');
    await prepareAnswers(conn);
  },
  async api(app, wh) {
    const { registerSteamRoutes } = await import('./routes.js');
    await registerSteamRoutes(app, wh);
  },
  store: steamStore,
  models: steamModels,
  profile: steamProfileViews,
  page: steamPage,
  synth: {
    description: 'writes steam_games.json.gz, australian_user_reviews.json.gz and australian_users_items.json.gz in their original formats',
    demo: { scale: '0.05' },
    options: [
      { flags: '--scale <s>', description: 'size relative to the real data (1 = 32,135 games, 88,310 users, ~5.15 M library rows)', default: '1' },
      { flags: '--seed <n>', description: 'random seed; the same seed gives byte-identical files', default: '42' },
      { flags: '--games <file>', description: 'reuse a real steam_games.json(.gz) as the catalogue' },
    ],
    async generate(out, options, log) {
      const scale = Number(options.scale ?? '1');
      const seed = Number(options.seed ?? '42');
      if (!(scale > 0 && scale <= 10)) throw new Error(`--scale must be a number in (0, 10], got '${options.scale}'`);
      if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got '${options.seed}'`);
      // loaded on demand: serving and ingesting never need the generator
      const { generateSteam } = await import('./synth/index.js');
      return generateSteam(out, { scale, seed, games: options.games }, log);
    },
  },
};
