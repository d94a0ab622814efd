/** The item pool: catalogue games plus ids the catalogue lacks, ranked by popularity. */
import { pyReprString } from '../../../core/ingest/literal.js';
import { mixSeed, Random, WeightedSampler, zipfWeights } from '../../../core/synth/random.js';
import { type CatalogueGame, CatalogueMaker } from './catalogue.js';
import { buildFacets, type Facets } from './facets.js';
import { PLAY_BOOST, PLAY_GAME_SIGMA } from './libraries.js';
import { Stream } from './spec.js';
import { FAMOUS } from './vocabulary.js';

/**
 * Everything a library or a review can name. Real libraries and reviews also name apps missing
 * from steam_games (delisted games, DLC, tools: ~9% of real reviews), so ~10% extra ids are
 * added with invented names. Popularity is Zipf over a ranking: the famous best-sellers first
 * (when present), then a shuffle. The facets (below) are what users' tastes are made of.
 */
export interface Pool {
  size: number;
  ids: string[];
  /** UTF-8 of "{'item_id': '10', 'item_name': 'Counter-Strike', 'playtime_forever': " per item, */
  prefixBytes: Buffer;
  /** ... item i's prefix being prefixBytes[prefixStart[i], prefixStart[i + 1]) */
  prefixStart: Int32Array;
  /** pool index of the k-th smallest numeric id: libraries list items in id order */
  byId: Int32Array;
  /** position of each item in byId */
  idRank: Int32Array;
  /** popularity (Zipf over the ranking), summing to 1: what the mainstream picks follow */
  weights: Float64Array;
  global: WeightedSampler;
  /** 0..1 by popularity rank: 1 for the top game, 0 from rank 100 (the big multiplayer hits are played longest) */
  playBoost: Float32Array;
  /** per game, added to the log-minutes of its players: the hits' boost and the game's own length */
  playBias: Float32Array;
  facets: Facets;
  /** latent quality per item (standard normal), drives the recommend rate */
  quality: Float64Array;
  /** largest library a user may get: the pool must keep some items unchosen */
  maxLibrary: number;
}

/**
 * Zipf exponent of the popularity behind the mainstream picks (the share of a library that
 * follows the charts, see Taste): steep, so that those picks are the hits everyone owns (the
 * top 10 take 3/4 of them); the long tail is reached through tastes.
 */
const LIBRARY_ZIPF = 1.5;
/**
 * A game's appeal to the fans of its facets, which orders it within them: popularity^ρ ×
 * lognormal(0, σ). The famous hits lead their themes, but a theme's next favourites are often
 * games the charts rank low (the niche hits: Euro Truck Simulator for simulation fans).
 */
const APPEAL_RHO = 0.45;
const APPEAL_SIGMA = 1.2;
const EXTRA_SHARE = 0.1;

export function buildPool(games: CatalogueGame[], seed: number): Pool {
  const rng = new Random(mixSeed(seed, Stream.Pool));
  const entries: CatalogueGame[] = games.slice();
  const taken = new Set(entries.map((e) => e.id));
  const extras = Math.round(entries.length * EXTRA_SHARE);
  const names = new CatalogueMaker(new Random(mixSeed(seed, Stream.Pool, 1)));
  for (let i = 0; i < extras; i++) {
    const d = names.draft();
    let id = d.id;
    while (taken.has(id)) id = String(rng.int(10, 800000));
    taken.add(id);
    // no user tags for these (they have no store page); genres and studio still make a taste
    entries.push({ id, name: d.name, genres: d.genres, tags: [], developer: d.developer });
  }
  const size = entries.length;

  // popularity ranking: famous ids in order, then everything else shuffled
  const famousRank = new Map(FAMOUS.map((f, i) => [f.id, i]));
  const head = entries.map((_, i) => i).filter((i) => famousRank.has(entries[i].id));
  head.sort((a, b) => famousRank.get(entries[a].id)! - famousRank.get(entries[b].id)!);
  const tail = rng.shuffle(entries.map((_, i) => i).filter((i) => !famousRank.has(entries[i].id)));
  const zipf = zipfWeights(size, LIBRARY_ZIPF);
  let zipfTotal = 0;
  for (let r = 0; r < size; r++) zipfTotal += zipf[r];
  const weights = new Float64Array(size);
  const playBoost = new Float32Array(size);
  [...head, ...tail].forEach((item, rank) => {
    weights[item] = zipf[rank] / zipfTotal;
    playBoost[item] = Math.max(0, 1 - Math.log10(rank + 1) / 2);
  });

  const byId = Int32Array.from(entries.map((_, i) => i)).sort((a, b) => compareIds(entries[a].id, entries[b].id));
  const idRank = new Int32Array(size);
  byId.forEach((item, rank) => (idRank[item] = rank));

  const quality = new Float64Array(size);
  for (let i = 0; i < size; i++) quality[i] = rng.normal();
  // appeal to a game's fans: partly its overall popularity, partly its own (niche hits)
  const nicheRng = new Random(mixSeed(seed, Stream.Pool, 2));
  const appeal = new Float64Array(size);
  for (let i = 0; i < size; i++) appeal[i] = Math.pow(weights[i], APPEAL_RHO) * Math.exp(APPEAL_SIGMA * nicheRng.normal());
  const playBias = new Float32Array(size);
  for (let i = 0; i < size; i++) playBias[i] = PLAY_BOOST * playBoost[i] + PLAY_GAME_SIGMA * nicheRng.normal();

  return {
    size,
    ids: entries.map((e) => e.id),
    ...itemPrefixes(entries),
    byId,
    idRank,
    weights,
    global: new WeightedSampler(weights),
    playBoost,
    playBias,
    facets: buildFacets(entries, weights, appeal),
    quality,
    maxLibrary: Math.max(1, Math.floor(size * 0.8)),
  };
}

/** The constant start of each item's dict in a library line, encoded once. */
function itemPrefixes(entries: { id: string; name: string }[]): { prefixBytes: Buffer; prefixStart: Int32Array } {
  const parts = entries.map((e) => Buffer.from(`{'item_id': ${pyReprString(e.id)}, 'item_name': ${pyReprString(e.name)}, 'playtime_forever': `));
  const prefixStart = new Int32Array(parts.length + 1);
  parts.forEach((p, i) => (prefixStart[i + 1] = prefixStart[i] + p.length));
  return { prefixBytes: Buffer.concat(parts), prefixStart };
}

/** Numeric ids in numeric order; anything else after them, by code units. */
function compareIds(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  const aNum = Number.isFinite(na);
  const bNum = Number.isFinite(nb);
  if (aNum && bNum) return na - nb || (a < b ? -1 : a > b ? 1 : 0);
  if (aNum !== bNum) return aNum ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
