/** ratings/1.csv … 8.csv: each user's ratings in time order, written as bytes, with a few malformed rows. */
import { join } from 'node:path';
import { LineWriter } from '../../../core/synth/lines.js';
import { mixSeed, Random } from '../../../core/synth/random.js';
import { fmt } from '../../../core/synth/text.js';
import { type CatalogueTitle, RATING_FILES, Stream, type StreamingSynthOptions } from './spec.js';
import { DAY, FACTORS, FIRST_DAY, GLOBAL_MEAN, LAST_DAY, MALFORMED_RATE, NOISE_SD, type TasteModel, tasteModel, USER_BIAS_SD, USER_FACTOR_SD, userCounts } from './taste.js';

const RATING_TEXT = Array.from({ length: 11 }, (_, i) => Buffer.from((i / 2).toFixed(1)));

/** The malformed rows a ratings file may hold, each breaking one rule of clean.ts. */
const MALFORMED: ((u: number, ts: number, id: string) => string)[] = [
  (u, ts, id) => `${u},6.0,${ts},${id}`, // out of range
  (u, ts, id) => `${u},0.0,${ts},${id}`,
  (u, ts, id) => `${u},3.7,${ts},${id}`, // not a half step
  (u, ts) => `${u},4.0,${ts}`, // a field missing
  (u, ts, id) => `${u},4.0,${ts},${id},1`, // a field too many
  (u, ts, id) => `user${u},4.0,${ts},${id}`, // not a number
  (u, ts) => `${u},4.0,${ts},`, // no movieId
  (u, ts, id) => `${u},4.0,${ts}000,${id}`, // milliseconds
  (u, ts, id) => `${u},,${ts},${id}`, // no rating
  (u, ts, id) => `${u},"4.0,${ts},${id}`, // a quote left open
];

class UserMaker {
  private readonly seen: Int32Array;
  private readonly factors = new Float64Array(FACTORS);
  // one user's ratings, reused
  private items = new Int32Array(1024);
  private steps = new Int32Array(1024);
  private times = new Float64Array(1025);

  constructor(
    private readonly m: TasteModel,
    private readonly seed: number,
  ) {
    this.seen = new Int32Array(m.n).fill(-1);
  }

  /** Writes user `u`'s `count` ratings, in time order. */
  write(file: LineWriter, u: number, count: number): void {
    const out = file.batch;
    const rng = new Random(mixSeed(this.seed, Stream.User, u));
    for (let k = 0; k < FACTORS; k++) this.factors[k] = USER_FACTOR_SD * rng.normal();
    const bias = USER_BIAS_SD * rng.normal();
    const wholeStars = rng.chance(0.45);
    const start = FIRST_DAY + rng.next() * (LAST_DAY - FIRST_DAY);
    const span = Math.min(LAST_DAY - start, DAY * rng.logNormal(Math.log(20), 1.8));
    this.grow(count);
    for (let c = 0; c < count; c++) {
      const i = this.pick(rng, u);
      this.items[c] = i;
      const r = GLOBAL_MEAN + bias + this.m.itemBias[i] + this.affinity(i) + NOISE_SD * rng.normal();
      this.steps[c] = wholeStars ? 2 * Math.min(5, Math.max(1, Math.round(r))) : Math.min(10, Math.max(1, Math.round(2 * r)));
    }
    // times in order without sorting: cumulative exponential gaps, scaled to the active span
    let acc = 0;
    for (let c = 0; c <= count; c++) this.times[c] = acc += -Math.log(1 - rng.next());
    const user = Buffer.from(`${u},`);
    for (let c = 0; c < count; c++) {
      out.bytes(user);
      out.bytes(RATING_TEXT[this.steps[c]]);
      out.byte(44);
      out.int(Math.floor(start + (span * this.times[c]) / acc));
      out.byte(44);
      out.bytes(this.m.ids[this.items[c]]);
      out.byte(10);
    }
    file.lines += count;
  }

  private affinity(i: number): number {
    let dot = 0;
    const f = this.m.itemFactors;
    for (let k = 0; k < FACTORS; k++) dot += this.factors[k] * f[i * FACTORS + k];
    return dot;
  }

  /**
   * A title the user has not rated yet: of two popularity draws, the one they like more (most of
   * the time). Repeats are redrawn; past a few tries, any rateable title will do.
   */
  private pick(rng: Random, u: number): number {
    const m = this.m;
    for (let tries = 0; tries < 16; tries++) {
      const a = m.popularity.sample(rng);
      const b = m.popularity.sample(rng);
      const seenA = this.seen[a] === u;
      const seenB = this.seen[b] === u || b === a;
      if (seenA && seenB) continue;
      let i: number;
      if (seenA) i = b;
      else if (seenB) i = a;
      else {
        const aLiked = this.affinity(a) >= this.affinity(b);
        i = rng.chance(0.7) === aLiked ? a : b;
      }
      this.seen[i] = u;
      return i;
    }
    for (;;) {
      const i = m.rateable[rng.int(0, m.rateable.length - 1)];
      if (this.seen[i] !== u) {
        this.seen[i] = u;
        return i;
      }
    }
  }

  private grow(count: number): void {
    if (count <= this.items.length) return;
    const size = Math.max(count, this.items.length * 2);
    this.items = new Int32Array(size);
    this.steps = new Int32Array(size);
    this.times = new Float64Array(size + 1);
  }
}

export async function writeRatings(out: string, catalogue: CatalogueTitle[], opts: StreamingSynthOptions, log: (m: string) => void): Promise<string[]> {
  const model = tasteModel(catalogue, opts.seed);
  const counts = userCounts(opts.ratings, model.rateable.length, opts.seed);
  const maker = new UserMaker(model, opts.seed);
  const badRng = new Random(mixSeed(opts.seed, Stream.Malformed));
  const paths: string[] = [];
  let u = 0;
  let done = 0;
  for (let f = 1; f <= RATING_FILES; f++) {
    const file = new LineWriter(join(out, 'ratings', `${f}.csv`), { batchBytes: 8 << 20 });
    file.batch.ascii('userId,rating,timestamp,movieId\n');
    // users in order until this file's share of the ratings is reached, and at least one while
    // any is left: at a small N one heavy user can overshoot the next file's share too, which left
    // that file with only its malformed rows (and its ingest failing: a source that kept nothing)
    const target = Math.round((opts.ratings * f) / RATING_FILES);
    const firstUser = u;
    let rows = 0;
    while (u < counts.length && (done < target || u === firstUser || f === RATING_FILES)) {
      rows += counts[u];
      done += counts[u++];
    }
    const malformed = malformedBefore(badRng, firstUser, u, Math.max(1, Math.round(rows * MALFORMED_RATE)));
    const writeMalformed = (n: number, user: number) => {
      for (let k = 0; k < n; k++) {
        const id = model.ids[model.rateable[badRng.int(0, model.rateable.length - 1)]].toString();
        file.batch.ascii(badRng.pick(MALFORMED)(user, Math.floor(FIRST_DAY + badRng.next() * (LAST_DAY - FIRST_DAY)), id) + '\n');
        file.lines++;
      }
    };
    // a file without users (tiny N) still gets its malformed rows, after the header
    if (u === firstUser) writeMalformed(malformed.get(firstUser) ?? 0, firstUser + 1);
    for (let v = firstUser; v < u; v++) {
      writeMalformed(malformed.get(v) ?? 0, v + 1);
      maker.write(file, v + 1, counts[v]);
      await file.maybeFlush(4 << 20);
    }
    await file.close();
    paths.push(file.path);
    log(`streaming: ${file.path}: ${fmt(rows)} ratings of ${fmt(u - firstUser)} users, ${fmt(file.lines - rows)} malformed rows`);
  }
  return paths;
}

/** How many malformed rows go before each user's rows (user index → count), `n` in all. */
function malformedBefore(rng: Random, from: number, to: number, n: number): Map<number, number> {
  const at = new Map<number, number>();
  for (let k = 0; k < n; k++) {
    const v = to > from ? rng.int(from, to - 1) : from;
    at.set(v, (at.get(v) ?? 0) + 1);
  }
  return at;
}
