/** The taste model behind the ratings: title popularity, biases and genre-driven factors; ratings per user. */
import { mixSeed, Random, WeightedSampler, zipfWeights } from '../../../core/synth/random.js';
import { type CatalogueTitle, Stream } from './spec.js';

export const FACTORS = 8;
export const GLOBAL_MEAN = 3.55;
export const USER_BIAS_SD = 0.4;
const ITEM_BIAS_SD = 0.4;
export const USER_FACTOR_SD = 0.22;
export const NOISE_SD = 0.75;
/** average ratings per user: sets the number of users (11 M → 122 k users) */
const RATINGS_PER_USER = 90;
/** nobody rates more than this share of the catalogue (keeps sampling without repeats cheap) */
const MAX_USER_SHARE = 0.25;
const NEVER_RATED = 0.03;
export const MALFORMED_RATE = 1e-5;
export const FIRST_DAY = Date.UTC(2015, 0, 1) / 1000;
export const LAST_DAY = Date.UTC(2021, 11, 31) / 1000;
export const DAY = 86_400;

export interface TasteModel {
  n: number;
  ids: Buffer[];
  itemBias: Float64Array;
  /** n × FACTORS, row-major */
  itemFactors: Float64Array;
  popularity: WeightedSampler;
  /** titles that can be rated at all */
  rateable: Int32Array;
}

/**
 * Title side of the taste model. A genre is a random direction in factor space; a title's
 * factors are the mean of its genres' directions plus its own noise.
 */
export function tasteModel(catalogue: CatalogueTitle[], seed: number): TasteModel {
  const n = catalogue.length;
  const genreRng = new Random(mixSeed(seed, Stream.Genres));
  const genreVectors = new Map<string, Float64Array>();
  for (const genre of [...new Set(catalogue.flatMap((t) => t.genres))].sort()) {
    genreVectors.set(genre, Float64Array.from({ length: FACTORS }, () => genreRng.normal()));
  }
  const rng = new Random(mixSeed(seed, Stream.Items));
  const itemBias = new Float64Array(n);
  const itemFactors = new Float64Array(n * FACTORS);
  for (let i = 0; i < n; i++) {
    itemBias[i] = ITEM_BIAS_SD * rng.normal();
    const gs = catalogue[i].genres;
    for (let k = 0; k < FACTORS; k++) {
      let g = 0;
      for (const genre of gs) g += genreVectors.get(genre)![k];
      itemFactors[i * FACTORS + k] = 0.8 * (gs.length ? g / gs.length : 0) + 0.6 * rng.normal();
    }
  }
  // popularity: Zipf over a random order of the titles; a few are never rated (new arrivals)
  const popRng = new Random(mixSeed(seed, Stream.Popularity));
  const order = popRng.shuffle(Array.from({ length: n }, (_, i) => i));
  const zipf = zipfWeights(n, 0.85);
  const weights = new Float64Array(n);
  const rateable: number[] = [];
  for (let r = 0; r < n; r++) {
    const i = order[r];
    if (popRng.chance(NEVER_RATED)) continue;
    weights[i] = zipf[r];
    rateable.push(i);
  }
  if (rateable.length === 0) throw new Error('no title to rate');
  return { n, ids: catalogue.map((t) => Buffer.from(t.id)), itemBias, itemFactors, popularity: new WeightedSampler(weights), rateable: Int32Array.from(rateable.sort((a, b) => a - b)) };
}

/**
 * Ratings per user: log-normal activity scaled so they sum to exactly `total`, each user
 * capped at a share of the rateable catalogue (the excess goes to the others).
 */
export function userCounts(total: number, rateable: number, seed: number): Int32Array {
  const users = Math.max(1, Math.round(total / RATINGS_PER_USER));
  const cap = Math.max(1, Math.floor(rateable * MAX_USER_SHARE));
  if (total > users * cap) throw new Error(`${total} ratings do not fit ${users} users × ${cap} titles each`);
  const rng = new Random(mixSeed(seed, Stream.Users));
  const activity = Float64Array.from({ length: users }, () => rng.logNormal(0, 1.1));
  const counts = new Int32Array(users);
  let left = total;
  // proportional shares, a few rounds: whatever the caps cut off goes again to users below the cap
  for (let round = 0; left > 0 && round < 50; round++) {
    let weight = 0;
    for (let u = 0; u < users; u++) if (counts[u] < cap) weight += activity[u];
    let given = 0;
    for (let u = 0; u < users && given < left; u++) {
      if (counts[u] >= cap) continue;
      const add = Math.min(cap - counts[u], Math.floor((left * activity[u]) / weight), left - given);
      counts[u] += add;
      given += add;
    }
    left -= given;
    if (given === 0) break;
  }
  // the rounding remainder (fewer than one per user): one each, in user order
  for (let progressed = true; left > 0 && progressed; ) {
    progressed = false;
    for (let u = 0; u < users && left > 0; u++) {
      if (counts[u] < cap) {
        counts[u]++;
        left--;
        progressed = true;
      }
    }
  }
  if (left > 0) throw new Error('could not spread the ratings over the users');
  return counts;
}
