/** australian_users_items: each user's library, drawn from their taste, with playtimes, as byte lines. */
import { pyReprString } from '../../../core/ingest/literal.js';
import { ByteBuilder } from '../../../core/synth/bytes.js';
import { LineWriter } from '../../../core/synth/lines.js';
import { mixSeed, Random } from '../../../core/synth/random.js';
import { fmt } from '../../../core/synth/text.js';
import { planLines, writePlanned } from './planned-lines.js';
import type { Pool } from './pool.js';
import { GZIP_LEVEL, ITEMS_BROKEN_RATE, STEAM_FILES, type SteamSynthOptions, Stream } from './spec.js';
import { makeTaste, type Taste, tastePick } from './taste.js';
import type { User, Users } from './users.js';

/**
 * Library size quantiles of the real 88,310 lines (value at cumulative share q), interpolated:
 * 19.5% empty, median 26, 99th percentile 437, largest 7,762; mean ≈ 58.4.
 */
const LIBRARY_QUANTILES: [number, number][] = [
  [0, 0], [0.195, 0], [0.2, 1], [0.22, 1], [0.23, 2], [0.25, 3], [0.27, 4], [0.29, 5], [0.3, 6], [0.31, 7], [0.33, 8],
  [0.35, 10], [0.4, 15], [0.45, 20], [0.5, 26], [0.55, 33], [0.6, 41], [0.65, 50], [0.7, 60], [0.75, 73], [0.8, 89],
  [0.85, 111], [0.9, 143], [0.92, 163], [0.94, 191], [0.95, 211], [0.96, 236], [0.97, 271], [0.98, 327], [0.99, 437],
  [0.995, 602], [0.997, 765], [0.998, 898], [0.999, 1294], [0.9995, 1835], [0.9999, 4212], [1, 7762],
];

function librarySize(rng: Random): number {
  const u = rng.next();
  for (let i = 1; i < LIBRARY_QUANTILES.length; i++) {
    const [q1, v1] = LIBRARY_QUANTILES[i];
    if (u <= q1) {
      const [q0, v0] = LIBRARY_QUANTILES[i - 1];
      return Math.floor(v0 + ((v1 - v0) * (u - q0)) / (q1 - q0));
    }
  }
  return LIBRARY_QUANTILES[LIBRARY_QUANTILES.length - 1][1];
}

const MAX_PLAYTIME = 642_773; // the largest real playtime_forever (minutes)
const TWO_WEEKS = 20_160; // minutes in two weeks

export interface Library {
  /** pool indices in ascending id order */
  items: Int32Array;
  playtimeForever: Int32Array;
  playtime2weeks: Int32Array;
}


/**
 * Draws libraries without replacement: rejection against a stamp array while the library is
 * small next to the pool, and weighted random keys (Efraimidis-Spirakis, with the user's own
 * weights) when it is large or rejections pile up. `stamp` and the other arrays are scratch
 * space shared by all calls.
 */
export class LibraryMaker {
  private readonly stamp: Int32Array;
  private stampValue = 0;
  /** θ of the current user's facets, 0 elsewhere: affinity(u, i) = Σ over i's facets */
  private readonly facetTheta: Float64Array;
  private keyWeights: Float64Array | null = null;
  private keys: Float64Array | null = null;
  private candidates: Int32Array | null = null;

  constructor(
    private readonly pool: Pool,
    private readonly seed: number,
  ) {
    this.stamp = new Int32Array(pool.size);
    this.facetTheta = new Float64Array(pool.facets.count);
  }

  taste(u: number): Taste {
    return makeTaste(this.pool, this.seed, u);
  }

  /** The library of user `u`: a pure function of (seed, u), so the reviews pass can rebuild it. */
  library(u: number, taste = this.taste(u)): Library {
    const rng = new Random(mixSeed(this.seed, Stream.Library, u));
    const k = Math.min(librarySize(rng), this.pool.maxLibrary);
    const ranks = this.draw(rng, k, taste);
    const items = ranks.map((r) => this.pool.byId[r]);
    const { playtimeForever, playtime2weeks } = playtimes(rng, items, this.affinities(items, taste), this.pool);
    return { items, playtimeForever, playtime2weeks };
  }

  /** How much each item fits the taste: the summed weight of the user's facets it belongs to (0..1). */
  private affinities(items: Int32Array, taste: Taste): Float64Array {
    const fx = this.pool.facets;
    const theta = this.facetTheta;
    for (let j = 0; j < taste.facets.length; j++) theta[taste.facets[j]] = taste.theta[j];
    const out = new Float64Array(items.length);
    for (let n = 0; n < items.length; n++) {
      const i = items[n];
      let a = 0;
      for (let p = fx.itemStart[i]; p < fx.itemStart[i + 1]; p++) a += theta[fx.itemFacets[p]] * fx.itemStrength[p];
      out[n] = Math.min(1, a);
    }
    for (let j = 0; j < taste.facets.length; j++) theta[taste.facets[j]] = 0;
    return out;
  }

  /** k distinct items, returned as sorted id ranks. */
  private draw(rng: Random, k: number, taste: Taste): Int32Array {
    const pool = this.pool;
    const out = new Int32Array(k);
    if (k === 0) return out;
    const mark = ++this.stampValue;
    let got = 0;
    if (k <= pool.size / 4) {
      const limit = 20 * k + 100;
      for (let tries = 0; got < k && tries < limit; tries++) {
        const item = tastePick(pool, taste, rng);
        if (this.stamp[item] !== mark) {
          this.stamp[item] = mark;
          out[got++] = pool.idRank[item];
        }
      }
    }
    if (got < k) got = this.drawByKeys(rng, out, got, mark, taste);
    return out.sort();
  }

  /** Fills out[got..] with the unmarked items of smallest key -ln(U)/w, w the user's weights: no repeats. */
  private drawByKeys(rng: Random, out: Int32Array, got: number, mark: number, taste: Taste): number {
    const pool = this.pool;
    const w = this.userWeights(taste);
    const keys = (this.keys ??= new Float64Array(pool.size));
    const candidates = (this.candidates ??= new Int32Array(pool.size));
    let n = 0;
    for (let i = 0; i < pool.size; i++) {
      if (this.stamp[i] === mark) continue;
      keys[n] = -Math.log(1 - rng.next()) / w[i];
      candidates[n++] = i;
    }
    const threshold = nthSmallest(keys.slice(0, n), out.length - got - 1);
    for (let j = 0; j < n && got < out.length; j++) {
      if (keys[j] > threshold) continue;
      this.stamp[candidates[j]] = mark;
      out[got++] = pool.idRank[candidates[j]];
    }
    return got;
  }

  /** Each item's probability under tastePick (for the rare big libraries). */
  private userWeights(taste: Taste): Float64Array {
    const pool = this.pool;
    const fx = pool.facets;
    const w = (this.keyWeights ??= new Float64Array(pool.size));
    for (let i = 0; i < pool.size; i++) w[i] = taste.popShare * pool.weights[i];
    for (let j = 0; j < taste.facets.length; j++) {
      const f = taste.facets[j];
      const scale = ((1 - taste.popShare) * taste.theta[j]) / fx.total[f];
      for (let p = fx.start[f]; p < fx.start[f + 1]; p++) w[fx.members[p]] += scale * fx.memberWeight[p];
    }
    return w;
  }
}

/** The k-th smallest value (0-based) of `a`, which it reorders: Hoare's quickselect, O(n). */
function nthSmallest(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >>> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i++] = a[j];
        a[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

/**
 * Minutes played: per user a share of never-played items (~35% overall) and an activity level;
 * played items are log-normal (median ~3 h), softly compressed above 500 h, up to the real
 * maximum of ~640,000 min. Games that fit the user's taste (affinity a, 0..1) are played more
 * often and 4.5^a times longer; the big hits are played far longer still (in the real data
 * CS:GO is the most played game of 24% of players, Garry's Mod of 13%), and every game has its
 * own length. Calibrated on each user's most played game, whose real quantiles (minutes) are
 * p25 5,173, median 14,909, p75 33,359, p99 149,083 (this model: ~4,900, 14,500, 35,000,
 * 160,000). A quarter of users played recently: a few items get playtime_2weeks ≤
 * min(forever, 20160).
 */
function playtimes(rng: Random, items: Int32Array, affinity: Float64Array, pool: Pool): { playtimeForever: Int32Array; playtime2weeks: Int32Array } {
  const k = items.length;
  const forever = new Int32Array(k);
  const recent = new Int32Array(k);
  const zeroShare = Math.min(0.97, Math.max(0.02, PLAY_ZERO_BASE + 0.22 * rng.normal()));
  const activity = PLAY_ACTIVITY + 0.8 * rng.normal();
  const recentPerItem = rng.chance(0.35) ? (1 + rng.geometric(0.3)) / Math.max(k, 1) : 0;
  for (let i = 0; i < k; i++) {
    const a = affinity[i];
    const item = items[i];
    if (rng.next() < zeroShare * (1 - PLAY_ZERO_AFFINITY * a) * (1 - PLAY_ZERO_BOOST * pool.playBoost[item])) continue;
    const mu = activity + PLAY_AFFINITY * a + pool.playBias[item];
    let t = minutesPlayed(rng, mu);
    for (let tries = 0; t > MAX_PLAYTIME && tries < 8; tries++) t = minutesPlayed(rng, mu);
    forever[i] = Math.min(t, MAX_PLAYTIME);
    if (recentPerItem && rng.next() < recentPerItem) {
      recent[i] = Math.min(forever[i], TWO_WEEKS, Math.round(rng.logNormal(4.6, 1.3)) + 1);
    }
  }
  return { playtimeForever: forever, playtime2weeks: recent };
}

/** Log-normal minutes, compressed above PLAY_SOFT_CAP: there are only so many hours in a life. */
function minutesPlayed(rng: Random, mu: number): number {
  const t = rng.logNormal(mu, PLAY_SIGMA);
  return Math.round(t > PLAY_SOFT_CAP ? PLAY_SOFT_CAP * Math.pow(t / PLAY_SOFT_CAP, PLAY_SOFT_POWER) : t) + 1;
}

/** playtime model: base never-played share and log-minutes, and what taste and charts add */
const PLAY_ZERO_BASE = 0.45;
const PLAY_ACTIVITY = 4.4;
const PLAY_ZERO_AFFINITY = 0.6;
const PLAY_ZERO_BOOST = 0.6;
const PLAY_AFFINITY = 1.5;
export const PLAY_BOOST = 4.5;
const PLAY_SIGMA = 1.5;
const PLAY_SOFT_CAP = 30000;
const PLAY_SOFT_POWER = 0.6;
export const PLAY_GAME_SIGMA = 0.6;

const PLAYTIME_2WEEKS = Buffer.from(", 'playtime_2weeks': ");

/** One library line, assembled as bytes in `line` (the hot loop: ~5 M items at scale 1). */
function itemsLine(line: ByteBuilder, user: User, lib: Library, pool: Pool): Buffer {
  const k = lib.items.length;
  line.reset();
  line.text(`{'user_id': ${pyReprString(user.id)}, 'items_count': ${k}, 'steam_id': ${pyReprString(user.steamId)}, 'user_url': ${pyReprString(user.url)}, 'items': [`);
  for (let i = 0; i < k; i++) {
    if (i > 0) {
      line.byte(44); // ,
      line.byte(32);
    }
    const item = lib.items[i];
    line.bytes(pool.prefixBytes, pool.prefixStart[item], pool.prefixStart[item + 1]);
    line.int(lib.playtimeForever[i]);
    line.bytes(PLAYTIME_2WEEKS);
    line.int(lib.playtime2weeks[i]);
    line.byte(125); // }
  }
  line.text(']}');
  return line.view();
}

/** Writes the libraries; returns those of the reviewers (~30% of the rows), which the reviews pass needs. */
export async function writeItems(path: string, pool: Pool, users: Users, opts: SteamSynthOptions, log: (m: string) => void): Promise<Map<number, Library>> {
  const libs = new LibraryMaker(pool, opts.seed);
  const owners = users.all.map((u, i) => (u.hasLibrary ? i : -1)).filter((i) => i >= 0);
  const rng = new Random(mixSeed(opts.seed, Stream.ItemsPlan));
  const plan = planLines(rng, owners.length, users.itemDupLines, ITEMS_BROKEN_RATE);
  const out = new LineWriter(path, { gzipLevel: GZIP_LEVEL });
  const line = new ByteBuilder();
  let rows = 0;
  const reviewerLibraries = new Map<number, Library>();
  const step = Math.max(1, Math.ceil(owners.length / 5));
  await writePlanned(out, plan, owners.length, (i) => {
    if (i > 0 && i % step === 0) log(`steam: ${STEAM_FILES.items}: ${fmt(i)}/${fmt(owners.length)} users, ${fmt(rows)} items`);
    const lib = libs.library(owners[i]);
    rows += lib.items.length;
    if (users.all[owners[i]].reviews) reviewerLibraries.set(owners[i], lib);
    return itemsLine(line, users.all[owners[i]], lib, pool);
  }, rng);
  await out.close();
  log(`steam: ${STEAM_FILES.items}: ${fmt(out.lines)} lines (${fmt(users.itemDupLines)} repeated, ${fmt(plan.broken.size)} broken), ${fmt(rows)} item rows`);
  return reviewerLibraries;
}
