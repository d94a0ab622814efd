import type { DuckDBConnection, DuckDBDataChunk } from '@duckdb/node-api';
import { q } from './sql.js';

/**
 * One pass, in JS, over the rows sorted by a column of many values (b), with a column of few
 * values (a) and optionally a hash of the whole row beside it. DuckDB sorts once; each 2,048-row
 * chunk is read as typed arrays and folded into integer sums, so the pass costs the sort and a
 * few nanoseconds a row. What it gathers:
 * - Spearman's rho of a and b, exactly as spearmanFewMany's query (doubled average ranks, integer
 *   sums finished in BigInt);
 * - with `hash`: the rows whose hash repeats an earlier row of the same b (equal rows are equal
 *   in b and in hash, so every duplicate row is counted: duplicateRowsOf's candidates);
 * - with `positions`: b's order statistics at those 0-based positions (for its quantiles);
 * - with `bins`: b's histogram over those equal-width bins, as binExpr bins in SQL.
 */
export interface SortedPassOptions {
  hash?: string;
  positions?: number[];
  bins?: { lo: number; width: number; bins: number };
}

export interface SortedPass {
  rows: number;
  rho: number | null;
  repeats: number | null;
  orderStats: number[];
  histogram: number[] | null;
}

/** Rows beyond which a per-value sum of doubled ranks could pass 2^53 (n·(n+1)): the pass refuses them. */
export const SORTED_PASS_MAX_ROWS = 90_000_000;

const SAFE = Number.MAX_SAFE_INTEGER;

/** A 32-bit hash of a double's two words, mixed so that its low bits depend on every bit (0.5, 1, 1.5 … differ only in their top bits). */
function slotOf(lo: number, hi: number): number {
  let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 15;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * The distinct values of a double column, each given a dense index on first sight: an open-
 * addressing table on the value's two 32-bit words, read straight from the chunk. -0 and 0 (or
 * two NaNs) get two indexes here; the caller merges them, as DuckDB groups them as one value.
 */
class ValueIndex {
  private slots = new Int32Array(64);
  private mask = 63;
  private words: number[] = [];
  size = 0;
  of(lo: number, hi: number): number {
    let s = slotOf(lo, hi) & this.mask;
    for (;;) {
      const k = this.slots[s];
      if (k === 0) break;
      if (this.words[2 * k - 2] === lo && this.words[2 * k - 1] === hi) return k - 1;
      s = (s + 1) & this.mask;
    }
    this.words.push(lo, hi);
    this.slots[s] = ++this.size;
    if (this.size * 2 > this.mask) this.grow();
    return this.size - 1;
  }
  value(k: number): number {
    return new Float64Array(new Uint32Array([this.words[2 * k], this.words[2 * k + 1]]).buffer)[0];
  }
  private grow(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    this.mask = this.slots.length - 1;
    for (let k = 0; k < this.size; k++) {
      let s = slotOf(this.words[2 * k], this.words[2 * k + 1]) & this.mask;
      while (this.slots[s] !== 0) s = (s + 1) & this.mask;
      this.slots[s] = k + 1;
    }
  }
}

/** DuckDB's order of doubles: NaN after every number. */
const byDuckDBOrder = (x: number, y: number) => (x !== x ? (y !== y ? 0 : 1) : y !== y ? -1 : x < y ? -1 : x > y ? 1 : 0);

/**
 * A column's values in one chunk as a typed array. The vectors keep their data as a typed array
 * over DuckDB's own memory (`items`, not in the typings): read when present, else copied value by
 * value through the public getItem (slower, same values).
 */
function typedColumn<T extends Float64Array | BigUint64Array>(chunk: DuckDBDataChunk, column: number, kind: { new (n: number): T }): T {
  const vector = chunk.getColumnVector(column);
  const items = (vector as unknown as { items?: unknown }).items;
  if (items instanceof kind && items.length === chunk.rowCount) return items as T;
  const out = new kind(chunk.rowCount);
  for (let i = 0; i < chunk.rowCount; i++) (out as unknown as (number | bigint)[])[i] = vector.getItem(i) as number | bigint;
  return out;
}

/** Rows of a b-tie that repeat an earlier row's hash (words lo, hi of each hash in `words`, k rows). */
function repeatedHashes(words: Uint32Array, k: number): number {
  if (k <= 8) {
    let reps = 0;
    for (let i = 1; i < k; i++) {
      for (let j = 0; j < i; j++) {
        if (words[2 * i] === words[2 * j] && words[2 * i + 1] === words[2 * j + 1]) {
          reps++;
          break;
        }
      }
    }
    return reps;
  }
  const sorted = new BigUint64Array(words.buffer, words.byteOffset, k).slice().sort();
  let reps = 0;
  for (let i = 1; i < k; i++) if (sorted[i] === sorted[i - 1]) reps++;
  return reps;
}

/**
 * The pass (see SortedPassOptions) over the rows where a and b are both present. Both must be
 * exactly representable as doubles (DOUBLE columns, or integers within ±2^53): the caller checks.
 */
/**
 * The fold itself, fed chunk by chunk (sortedPass's awaits stay out of it: the loop's variables
 * are plain locals here, which V8 keeps in registers, not in an async function's frame object).
 */
class SortedFold {
  readonly index = new ValueIndex();
  // per value of a: its rows and the sum of their doubled ranks in b (each below n·(n+1) < 2^53)
  counts = new Float64Array(64);
  sums = new Float64Array(64);
  // the sum of the squared doubled ranks: a double while below 2^53, flushed into BigInt
  sq = 0;
  sqBig = 0n;
  readonly orderStats: number[];
  nextStat = 0;
  readonly histogram: number[] | null;
  // the current tie of b: its first row's position, its value (NaN first: a leading NaN joins
  // it), its rows' indexes into a and hashes
  start = 0;
  prev = NaN;
  codes = new Int32Array(16);
  words = new Uint32Array(32);
  k = 0;
  pos = 0;
  repeats = 0;
  lastLo = -1;
  lastHi = -1;
  lastCode = -1;

  constructor(
    readonly positions: number[],
    readonly bins: { lo: number; width: number; bins: number } | undefined,
    readonly hashed: boolean,
  ) {
    this.orderStats = new Array<number>(positions.length).fill(NaN);
    this.histogram = bins ? new Array<number>(bins.bins).fill(0) : null;
  }

  /** Adds the current tie of b: its rows' doubled ranks, repeated hashes, order statistics and bin. */
  private close(start: number, k: number, prev: number): void {
    const r2 = 2 * start + k + 1; // twice the tie's average rank (1-based)
    const { codes, counts, sums } = this;
    for (let t = 0; t < k; t++) {
      counts[codes[t]] += 1;
      sums[codes[t]] += r2;
    }
    if (this.hashed && k > 1) this.repeats += repeatedHashes(this.words, k);
    const s2 = k * r2 * r2;
    if (s2 > SAFE) this.sqBig += BigInt(k) * BigInt(r2) * BigInt(r2);
    else {
      if (this.sq > SAFE - s2) {
        this.sqBig += BigInt(this.sq);
        this.sq = 0;
      }
      this.sq += s2;
    }
    while (this.nextStat < this.positions.length && this.positions[this.nextStat] < start + k) this.orderStats[this.nextStat++] = prev;
    const bins = this.bins;
    // as binExpr: least() puts NaN (DuckDB's greatest double) in the last bin
    if (bins) this.histogram![prev !== prev ? bins.bins - 1 : Math.min(Math.floor((prev - bins.lo) / bins.width), bins.bins - 1)] += k;
  }

  /** One chunk: b's values, a's as 32-bit word pairs, the hashes' likewise (or null). */
  feed(bs: Float64Array, aw: Uint32Array, hw: Uint32Array | null, n: number): void {
    let { start, prev, k, pos, lastLo, lastHi, lastCode, codes, words } = this;
    for (let i = 0; i < n; i++) {
      const x = bs[i];
      if (x !== prev && (x === x || prev === prev)) {
        if (k) {
          this.codes = codes;
          this.words = words;
          this.close(start, k, prev);
          k = 0;
        }
        start = pos;
        prev = x;
      }
      const lo = aw[2 * i];
      const hi = aw[2 * i + 1];
      if (lo !== lastLo || hi !== lastHi) {
        lastCode = this.index.of(lo, hi);
        lastLo = lo;
        lastHi = hi;
        if (lastCode === this.counts.length) this.growValues();
      }
      if (k === codes.length) {
        const c = new Int32Array(2 * k);
        c.set(codes);
        codes = c;
        const w = new Uint32Array(4 * k);
        w.set(words);
        words = w;
      }
      codes[k] = lastCode;
      if (hw) {
        words[2 * k] = hw[2 * i];
        words[2 * k + 1] = hw[2 * i + 1];
      }
      k++;
      pos++;
    }
    Object.assign(this, { start, prev, k, pos, lastLo, lastHi, lastCode, codes, words });
  }

  private growValues(): void {
    const c = new Float64Array(2 * this.counts.length);
    c.set(this.counts);
    this.counts = c;
    const s = new Float64Array(2 * this.sums.length);
    s.set(this.sums);
    this.sums = s;
  }

  /** Spearman's rho from the sums: a's doubled average ranks from its value counts (-0 with 0, NaNs together, in DuckDB's order). */
  finish(): SortedPass {
    if (this.k) this.close(this.start, this.k, this.prev);
    this.k = 0;
    const merged = new Map<number, { v: number; n: number; s: number }>();
    for (let c = 0; c < this.index.size; c++) {
      let v = this.index.value(c);
      if (v === 0) v = 0;
      const m = merged.get(v);
      if (m) {
        m.n += this.counts[c];
        m.s += this.sums[c];
      } else merged.set(v, { v, n: this.counts[c], s: this.sums[c] });
    }
    const order = [...merged.values()].sort((x, y) => byDuckDBOrder(x.v, y.v));
    const n = BigInt(this.pos);
    let before = 0n;
    let sx = 0n;
    let sxx = 0n;
    let sxy = 0n;
    for (const { n: count, s } of order) {
      const cnt = BigInt(count);
      const r = 2n * before + cnt + 1n;
      sx += cnt * r;
      sxx += cnt * r * r;
      sxy += r * BigInt(s);
      before += cnt;
    }
    const sy = n * (n + 1n);
    const syy = this.sqBig + BigInt(this.sq);
    const vx = n * sxx - sx * sx;
    const vy = n * syy - sy * sy;
    const rho = vx <= 0n || vy <= 0n ? null : Number(n * sxy - sx * sy) / Math.sqrt(Number(vx)) / Math.sqrt(Number(vy));
    return { rows: this.pos, rho, repeats: this.hashed ? this.repeats : null, orderStats: this.orderStats, histogram: this.histogram };
  }
}

/**
 * The pass (see SortedPassOptions) over the rows where a and b are both present. Both must be
 * exactly representable as doubles (DOUBLE columns, or integers within ±2^53): the caller checks.
 */
export async function sortedPass(conn: DuckDBConnection, source: string, a: string, b: string, opts: SortedPassOptions = {}): Promise<SortedPass> {
  const hash = opts.hash;
  const res = await conn.stream(
    `SELECT ${q(b)}::DOUBLE AS b, ${q(a)}::DOUBLE AS a${hash ? `, ${hash} AS h` : ''} FROM ${source} WHERE ${q(a)} IS NOT NULL AND ${q(b)} IS NOT NULL ORDER BY 1`,
  );
  const fold = new SortedFold(opts.positions ?? [], opts.bins, hash !== undefined);
  for (;;) {
    const chunk = await res.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const n = chunk.rowCount;
    if (fold.pos + n > SORTED_PASS_MAX_ROWS) throw new Error(`sortedPass: more than ${SORTED_PASS_MAX_ROWS} rows`);
    const as = typedColumn(chunk, 1, Float64Array);
    const hs = hash ? typedColumn(chunk, 2, BigUint64Array) : null;
    fold.feed(typedColumn(chunk, 0, Float64Array), new Uint32Array(as.buffer, as.byteOffset, 2 * n), hs ? new Uint32Array(hs.buffer, hs.byteOffset, 2 * n) : null, n);
  }
  return fold.finish();
}

/** Whether a numeric column's values are all exact as doubles (what sortedPass reads them as). */
export function exactAsDouble(c: { type?: string; min?: number | null; max?: number | null }): boolean {
  if (c.type === 'DOUBLE') return true;
  return c.min !== undefined && c.min !== null && c.max !== undefined && c.max !== null && Math.abs(c.min) <= 2 ** 53 && Math.abs(c.max) <= 2 ** 53;
}
