import { mixSeed, Random } from '../../../core/synth/random.js';
import type { Facets } from './facets.js';
import type { Pool } from './pool.js';
import { Stream } from './spec.js';

/**
 * A user's taste: a sparse mixture over a few facets (Dirichlet(1) weights over one to four
 * favourite themes, sometimes a favourite studio or franchise, found through a game of those
 * themes), and the share of their picks that follows the charts alone (everyone owns CS:GO,
 * Dota 2, TF2...). A library draw is then
 *
 *   with probability popShare:   a game by popularity,
 *   otherwise:                   a facet f by the user's weights θ_f, then a game of f by its member weight,
 *
 * that is, game i is drawn with probability
 *   popShare·pop_i + (1 − popShare)·Σ_{f ∋ i} θ_f·w_fi / Z_f
 * (w_fi: i's member weight in f, from its appeal rank there and its share of f; Z_f their sum):
 * the "popularity × (1 + strength × affinity)" shape, sampled in O(1) from samplers built once.
 * The draws of one library are without repeats (see LibraryMaker).
 */
export interface Taste {
  popShare: number;
  facets: Int32Array;
  /** θ_f of each facet, summing to 1 */
  theta: Float64Array;
  /** running sums of theta, for picking a facet */
  cum: Float64Array;
}

/** favourite themes per user: 1 + geometric(p), at most TASTE_MAX_THEMES */
const TASTE_THEMES_P = 0.45;
const TASTE_MAX_THEMES = 4;
/** chance of a favourite studio and of a favourite franchise, and their weight next to a theme's */
const TASTE_STUDIO = 0.35;
const TASTE_FRANCHISE = 0.25;
const TASTE_FAN_WEIGHT = 0.5;
/** share of a user's picks made by popularity alone: uniform in [min, max] per user */
const POP_SHARE_MIN = 0.05;
const POP_SHARE_MAX = 0.3;

/** The taste of user `u`: a pure function of (seed, u), shared by the libraries and the reviews. */
export function makeTaste(pool: Pool, seed: number, u: number): Taste {
  const rng = new Random(mixSeed(seed, Stream.Taste, u));
  const fx = pool.facets;
  const facets: number[] = [];
  const theta: number[] = [];
  const add = (f: number, w: number): void => {
    const at = facets.indexOf(f);
    if (at >= 0) theta[at] += w;
    else {
      facets.push(f);
      theta.push(w);
    }
  };
  if (fx.themePrior) {
    const n = 1 + Math.min(rng.geometric(TASTE_THEMES_P), TASTE_MAX_THEMES - 1);
    for (let j = 0; j < n; j++) add(fx.themes[fx.themePrior.sample(rng)], -Math.log(1 - rng.next())); // Exp(1) weights: Dirichlet(1)
    const nThemes = facets.length;
    // a favourite studio or franchise: the one of a game drawn from the favourite themes
    const fan = (of: Int32Array): void => {
      const j = pickIndex(rng, theta, nThemes);
      const f = facets[j];
      const game = facetPick(fx, f, rng);
      if (of[game] >= 0) add(of[game], TASTE_FAN_WEIGHT * -Math.log(1 - rng.next()));
    };
    if (rng.chance(TASTE_STUDIO)) fan(fx.studioOf);
    if (rng.chance(TASTE_FRANCHISE)) fan(fx.franchiseOf);
  }
  const popShare = facets.length ? POP_SHARE_MIN + (POP_SHARE_MAX - POP_SHARE_MIN) * rng.next() : 1;
  let sum = 0;
  for (const w of theta) sum += w;
  const cum = new Float64Array(facets.length);
  let run = 0;
  for (let j = 0; j < facets.length; j++) {
    theta[j] /= sum;
    run += theta[j];
    cum[j] = run;
  }
  if (facets.length) cum[facets.length - 1] = 1;
  return { popShare, facets: Int32Array.from(facets), theta: Float64Array.from(theta), cum };
}

/** An index in [0, n) drawn ∝ weights[0..n). */
function pickIndex(rng: Random, weights: readonly number[], n: number): number {
  let total = 0;
  for (let j = 0; j < n; j++) total += weights[j];
  let x = rng.next() * total;
  for (let j = 0; j < n - 1; j++) {
    x -= weights[j];
    if (x < 0) return j;
  }
  return n - 1;
}

/** One game drawn from a user's taste mixture (see Taste); repeats are the caller's business. */
export function tastePick(pool: Pool, taste: Taste, rng: Random): number {
  const nf = taste.facets.length;
  if (nf === 0 || rng.next() < taste.popShare) return pool.global.sample(rng);
  const x = rng.next();
  let j = 0;
  while (j < nf - 1 && x >= taste.cum[j]) j++;
  return facetPick(pool.facets, taste.facets[j], rng);
}

/** A game of facet f, by its member weights: one uniform, as WeightedSampler.sample. */
function facetPick(fx: Facets, f: number, rng: Random): number {
  const lo = fx.start[f];
  const x = rng.next() * (fx.start[f + 1] - lo);
  const i = Math.floor(x);
  const p = lo + i;
  return x - i < fx.aliasProb[p] ? fx.members[p] : fx.aliasItem[p];
}
