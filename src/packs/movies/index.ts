import type { PackWithSynth } from '../../core/pack.js';
import { creditsSource, moviesSource } from './sources.js';
import { MOVIES_TABLES } from './tables.js';
import { moviesModels } from './similar.js';
import { moviesProfileViews } from './profile.js';
import { moviesPage } from './page.js';
import { moviesStore } from './store.js';

const FULL_MOVIE_ROWS = 45466;

/** --rows wins over --scale; the default is the real size. */
export function rowsOption(options: Record<string, string | undefined>): number {
  if (options.rows !== undefined) {
    const rows = Number(options.rows);
    if (!Number.isInteger(rows) || rows < 30 || rows > 10 * FULL_MOVIE_ROWS) throw new Error(`--rows must be an integer from 30 to ${10 * FULL_MOVIE_ROWS}, got '${options.rows}'`);
    return rows;
  }
  const scale = Number(options.scale ?? '1');
  if (!(scale > 0 && scale <= 10)) throw new Error(`--scale must be a number in (0, 10], got '${options.scale}'`);
  return Math.max(30, Math.round(scale * FULL_MOVIE_ROWS));
}

export const moviesPack: PackWithSynth = {
  name: 'movies',
  title: 'The Movies Dataset (TMDB via Kaggle): movie metadata with nested columns, and credits',
  tables: MOVIES_TABLES,
  sources: [moviesSource, creditsSource],
  store: moviesStore,
  async finalize(conn, log) {
    // kept (they are real records) but joined to nothing: say how many, so nobody is surprised
    const res = await conn.runAndReadAll('SELECT count(*) FROM movie_credits c ANTI JOIN movies m ON m.id = c.movie_id');
    const orphans = Number(res.getRows()[0][0]);
    if (orphans) log(`movies: ${orphans.toLocaleString('en-US')} credits records belong to movie ids without a kept movies row (dropped or broken); they count in no answer`);
    // loaded on demand, like the api below: a replica serving from the store never builds a warehouse
    const { prepareAnswers } = await import('./queries.js');
    await prepareAnswers(conn, log);
  },
  async api(app, wh) {
    const [{ registerMoviesRoutes }, { loadMovies, memoryReader }] = await Promise.all([import('./routes.js'), import('./answers.js')]);
    await registerMoviesRoutes(app, memoryReader(await loadMovies(wh)));
  },
  models: moviesModels,
  profile: moviesProfileViews,
  page: moviesPage,
  synth: {
    description: 'writes movies_dataset.csv and credits.csv in their original formats (full size by default)',
    demo: { scale: '0.05' },
    options: [
      { flags: '--rows <n>', description: 'records in movies_dataset.csv (default: the real 45,466; credits.csv gets 45,476 at that size)' },
      { flags: '--scale <s>', description: 'size relative to the real data, when --rows is not given (1 = 45,466 movie records)' },
      { flags: '--seed <n>', description: 'random seed; the same seed gives byte-identical files', default: '42' },
      { flags: '--from <dir>', description: 'rebuild the real catalogue from the derived tables in DIR (e.g. ../shared/data/movies), read in place' },
      { flags: '--gzip', description: 'write movies_dataset.csv.gz and credits.csv.gz' },
    ],
    async generate(out, options, log) {
      const seed = Number(options.seed ?? '42');
      if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got '${options.seed}'`);
      const gzip = options.gzip !== undefined && String(options.gzip) !== 'false';
      // loaded on demand: serving and ingesting never need the generator
      const { generateMovies } = await import('./synth/index.js');
      return generateMovies(out, { rows: rowsOption(options), seed, from: options.from, gzip }, log);
    },
  },
};
