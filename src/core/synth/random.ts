/**
 * Seeded pseudo-random numbers for the synthetic data generators.
 *
 * Generated files must be byte-identical for the same options on every machine and Node
 * version, so nothing here may touch Math.random or platform-dependent maths beyond IEEE
 * doubles. The generator is sfc32 (Chris Doty-Humphrey's Small Fast Counting generator,
 * 128-bit state, passes PractRand/BigCrush), seeded through splitmix32 so that nearby integer
 * seeds (1, 2, 3...) give unrelated streams. All arithmetic is on 32-bit integers, which V8
 * keeps in registers: tens of millions of draws per second.
 */

import { fillAlias } from './alias.js';

/** splitmix32 step: a strong 32-bit mixer, used for seeding and for hashing seed parts. */
function splitmix32(state: number): number {
  let z = (state + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

/**
 * Mixes several integers (a seed, a stream tag, a record index...) into one 32-bit seed, so a
 * generator can give every user its own independent, reproducible stream.
 */
export function mixSeed(...parts: number[]): number {
  let h = 0x6a09e667;
  for (const p of parts) h = splitmix32((h ^ (p | 0) ^ Math.floor(p / 0x100000000)) >>> 0);
  return h;
}

const TWO_POW_32 = 0x100000000;

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  /** second value of the last Box-Muller pair, NaN when none is waiting */
  private spare = NaN;

  constructor(seed: number) {
    // splitmix32 fills the state; the counter word d starts at a fixed value as sfc32 suggests.
    let s = seed >>> 0;
    this.a = splitmix32(s);
    s = (s + 0x9e3779b9) | 0;
    this.b = splitmix32(s);
    s = (s + 0x9e3779b9) | 0;
    this.c = splitmix32(s);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.uint32(); // discard the weakly mixed first outputs
  }

  /** A uniformly random unsigned 32-bit integer. */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Float in [0, 1) with 32 bits of randomness (plenty for sampling). */
  next(): number {
    return this.uint32() / TWO_POW_32;
  }

  /** Integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Standard normal (Box-Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.spare === this.spare) {
      const z = this.spare;
      this.spare = NaN;
      return z;
    }
    let u = this.next();
    while (u === 0) u = this.next(); // log(0) guard
    const r = Math.sqrt(-2 * Math.log(u));
    const theta = 2 * Math.PI * this.next();
    this.spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  /** exp(N(mu, sigma²)): heavy-tailed positive values (playtimes, text lengths, counts). */
  logNormal(mu: number, sigma: number): number {
    return Math.exp(mu + sigma * this.normal());
  }

  /** Number of failures before the first success, success probability p (0 < p ≤ 1). */
  geometric(p: number): number {
    if (p >= 1) return 0;
    let u = this.next();
    while (u === 0) u = this.next();
    return Math.floor(Math.log(u) / Math.log(1 - p));
  }

  /** A uniformly chosen element. The array must not be empty. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Fisher-Yates shuffle, in place; returns the same array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }
}

/**
 * Draws index i with probability weights[i] / sum(weights) in O(1) per draw, using Vose's
 * alias method (fillAlias): one uniform picks a column and its fractional part decides between the
 * column and its alias. Building is O(n). Weights must be finite, ≥ 0 and not all 0.
 */
export class WeightedSampler {
  readonly size: number;
  private readonly prob: Float64Array;
  private readonly alias: Int32Array;

  constructor(weights: ArrayLike<number>) {
    const n = weights.length;
    if (n === 0) throw new Error('WeightedSampler needs at least one weight');
    let total = 0;
    for (let i = 0; i < n; i++) {
      const w = weights[i];
      if (!(w >= 0) || !Number.isFinite(w)) throw new Error(`bad weight ${w} at ${i}`);
      total += w;
    }
    if (!(total > 0)) throw new Error('WeightedSampler needs a positive total weight');
    this.size = n;
    this.prob = new Float64Array(n);
    this.alias = new Int32Array(n);
    fillAlias(weights, 0, n, this.prob, this.alias);
  }

  /** One index, drawn with a single uniform. */
  sample(rng: Random): number {
    const x = rng.next() * this.size;
    const i = Math.floor(x);
    return x - i < this.prob[i] ? i : this.alias[i];
  }
}

/** Zipf weights 1/(rank)^s for ranks 1..n: index 0 is the most popular. */
export function zipfWeights(n: number, s: number): Float64Array {
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = Math.pow(i + 1, -s);
  return w;
}
