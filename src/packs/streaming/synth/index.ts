/**
 * Deterministic synthetic raw files for the streaming pack:
 *
 *   amazon_prime_titles.csv, disney_plus_titles.csv, hulu_titles.csv, netflix_titles.csv
 *       the real files copied byte for byte (--titles DIR), or synthesised in their 12-column
 *       format with their quirks (below) and their sizes (9,668 / 1,450 / 3,073 / 8,807)
 *   ratings/1.csv … ratings/8.csv
 *       userId,rating,timestamp,movieId: N well-formed ratings in all (default 11,000,000) plus a
 *       few malformed rows (about 1 in 100,000, at least one per file)
 *
 * The ratings have structure for a recommender to learn: heavy-tailed activity per user
 * (log-normal) and popularity per title (Zipf over a random order; 3 % of titles never rated),
 * a per-user and a per-title bias, and a rank-8 taste model whose title factors come from the
 * title's genres (so titles sharing genres are liked by the same users). Users choose between
 * two popular candidates by taste, so what is rated is not random either. About 45 % of users
 * give only whole stars (as MovieLens users did before half stars). Each user's ratings are in
 * time order over an active period; a user's rows are all in one file.
 *
 * Determinism: every draw comes from seeded sfc32 streams (one per user for the ratings), so the
 * same options give byte-identical files on every machine.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fmt } from '../../../core/synth/text.js';
import { PLATFORMS } from '../clean.js';
import { writeRatings } from './ratings.js';
import type { CatalogueTitle, StreamingSynthOptions } from './spec.js';
import { copyRealTitles, writeSyntheticTitles } from './titles.js';

export async function generateStreaming(out: string, opts: StreamingSynthOptions, log: (m: string) => void): Promise<string[]> {
  if (!(Number.isInteger(opts.ratings) && opts.ratings >= 0)) throw new Error(`ratings must be a non-negative integer, got ${opts.ratings}`);
  if (!Number.isInteger(opts.seed)) throw new Error(`seed must be an integer, got ${opts.seed}`);
  mkdirSync(join(out, 'ratings'), { recursive: true });
  const started = Date.now();
  const written: string[] = [];
  const catalogue: CatalogueTitle[] = [];
  for (const platform of PLATFORMS) {
    const { path, titles } = opts.titles ? copyRealTitles(opts.titles, out, platform) : writeSyntheticTitles(out, platform, opts.seed);
    written.push(path);
    catalogue.push(...titles);
    log(`streaming: ${path}: ${fmt(titles.length)} titles${opts.titles ? ' (real file, copied)' : ''}`);
  }
  written.push(...(await writeRatings(out, catalogue, opts, log)));
  log(`streaming: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return written;
}

export { DEFAULT_RATINGS, RATING_FILES, type StreamingSynthOptions } from './spec.js';
