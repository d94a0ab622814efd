/**
 * Deterministic copies of the two raw files of The Movies Dataset (TMDB, Kaggle), as used by
 * the PI ML OPS assignment:
 *
 *   movies_dataset.csv  24 columns written by pandas; the nested columns hold Python literals
 *   credits.csv         cast, crew (Python-literal lists of dicts, ~190 MB at full size), id
 *
 * Two modes. Fully synthetic (the default), or `--from DIR` with the real derived tables of
 * shared/data/movies: real ids, titles, years, runtimes, release dates, revenue, budget,
 * collections, companies, countries, spoken languages, genres and directors, read in place;
 * what those tables lack (overview, tagline, cast, the rest of the crew, popularity, votes,
 * original language) is synthesised. Both modes reproduce the raw quirks: broken records
 * (an overview that breaks the line, so the rest of the row shifts left), rows without a
 * release date, repeated ids in both files, empty money fields, quotes and commas that need CSV
 * quoting, names with apostrophes (which Python's repr writes in double quotes).
 *
 * Determinism: every random choice flows from the seed through seeded sfc32 streams; the text
 * and the credits of a movie come from a stream of their own (seed, movie id), so a repeated
 * record is byte-identical and the credits can be written without keeping them in memory.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fmt } from '../../../core/synth/text.js';
import { writeCredits } from './credits.js';
import { writeMovies } from './movies-file.js';
import { makePlan, shapeFor } from './plan.js';
import { realCatalogue } from './real.js';
import type { MoviesSynthOptions } from './spec.js';
import { syntheticCatalogue } from './synthetic.js';
import { World } from './world.js';

export async function generateMovies(out: string, opts: MoviesSynthOptions, log: (m: string) => void): Promise<string[]> {
  if (!Number.isInteger(opts.rows) || opts.rows < 30) throw new Error(`rows must be an integer ≥ 30, got ${opts.rows}`);
  if (!Number.isInteger(opts.seed)) throw new Error(`seed must be an integer, got ${opts.seed}`);
  mkdirSync(out, { recursive: true });
  const started = Date.now();
  const shape = shapeFor(opts.rows, Boolean(opts.from));
  const world = new World(opts.seed, opts.rows);
  const base = opts.from ? realCatalogue(opts.from, world, opts.rows - shape.fixed - shape.repeats, log) : syntheticCatalogue(world, opts.rows - shape.fixed - shape.repeats);
  const plan = makePlan(world, base, shape);
  const ext = opts.gzip ? '.csv.gz' : '.csv';
  const paths = [join(out, 'movies_dataset' + ext), join(out, 'credits' + ext)];
  const rowsWritten = await writeMovies(paths[0], plan, opts.seed, opts.gzip);
  const creditRows = await writeCredits(paths[1], plan, world, opts.gzip);
  log(`movies: ${fmt(rowsWritten)} movie records, ${fmt(creditRows)} credits records (${opts.from ? 'real catalogue from ' + opts.from : 'synthetic'}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return paths;
}

export { FROM_FILES, FULL_ROWS, type MoviesSynthOptions } from './spec.js';
export { csvField, pyFloat } from './movies-file.js';
