/**
 * Deterministic synthetic copies of the three raw Steam files (UCSD "Australian" Steam data):
 *
 *   steam_games.json.gz              Python json.dumps lines, pandas NaN for missing values
 *   australian_user_reviews.json.gz  one Python-literal dict per user (repr), reviews nested
 *   australian_users_items.json.gz   one Python-literal dict per user, the whole library nested
 *
 * The real files are too big to ship; these reproduce their formats and quirks (all-NaN lines,
 * mixed-type prices, odd dates, duplicate and broken lines, escapes, heavy tails) at any scale,
 * so ingest, cleaning and models can be exercised at full size. Proportions come from the real
 * data described in shared/data/PROVENANCE.md.
 *
 * Libraries have a latent taste structure (see Taste): each user is a fan of a few themes of the
 * catalogue (strategy, horror, racing...), sometimes of a studio or a franchise, and owns games
 * of those plus the hits everyone owns; they play their kind of game longer and review what they
 * own and play. So personalised recommenders have real signal to find, while popularity stays
 * a strong baseline.
 *
 * Determinism: every random choice flows from `opts.seed` through seeded sfc32 streams (per-user
 * streams for tastes and libraries: a user's library is a pure function of the seed and the
 * user, and only the reviewers' libraries, ~30% of the 5 M rows, are kept for the reviews pass);
 * gzip runs at a fixed level with zlib's fixed header (mtime 0).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fmt } from '../../../core/synth/text.js';
import { copyCatalogue, writeSyntheticCatalogue } from './catalogue.js';
import { writeItems } from './libraries.js';
import { buildPool } from './pool.js';
import { writeReviews } from './reviews.js';
import { STEAM_FILES, type SteamSynthOptions } from './spec.js';
import { makeUsers } from './users.js';

export async function generateSteam(out: string, opts: SteamSynthOptions, log: (m: string) => void): Promise<string[]> {
  if (!(opts.scale > 0) || !Number.isFinite(opts.scale)) throw new Error(`scale must be a positive number, got ${opts.scale}`);
  if (!Number.isInteger(opts.seed)) throw new Error(`seed must be an integer, got ${opts.seed}`);
  mkdirSync(out, { recursive: true });
  const paths = {
    games: join(out, STEAM_FILES.games),
    reviews: join(out, STEAM_FILES.reviews),
    items: join(out, STEAM_FILES.items),
  };
  const started = Date.now();
  const games = opts.games
    ? await copyCatalogue(opts.games, paths.games, log)
    : await writeSyntheticCatalogue(paths.games, opts, log);
  const pool = buildPool(games, opts.seed);
  const users = makeUsers(opts);
  log(`steam: ${fmt(pool.size)} library items (${fmt(pool.size - games.length)} not in the catalogue), ${fmt(users.all.length)} users`);
  const reviewerLibraries = await writeItems(paths.items, pool, users, opts, log);
  await writeReviews(paths.reviews, pool, users, reviewerLibraries, opts, log);
  log(`steam: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return [paths.games, paths.reviews, paths.items];
}

export { STEAM_FILES, type SteamSynthOptions } from './spec.js';
