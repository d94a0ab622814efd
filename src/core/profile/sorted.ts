import type { DuckDBConnection, DuckDBDataChunk, DuckDBListVector, DuckDBVector } from '@duckdb/node-api';
import { q } from './sql.js';

/**
 * One pass, in JS, over the rows sorted by a column of many values (b), with a column of few
 * values (a) beside it. The rows are read as typed arrays, 2,048 a chunk: sorted by DuckDB, or,
 * for an integer b of a range under 2^32, unsorted and radix-sorted in JS (cheaper than DuckDB's
 * comparison sort, in CPU and memory). They are then folded into integer sums at a few
 * nanoseconds a row. What the pass gathers:
 * - Spearman's rho of a and b, exactly as spearmanFewMany's query (doubled average ranks, integer
 *   sums finished in BigInt);
 * - with `ties`: the values of b that more than one row has (equal rows are equal in b, so every
 *   duplicate row is among theirs: duplicatesAmongTies counts them exactly);
 * - with `positions`: b's order statistics at those 0-based positions (for its quantiles);
 * - with `bins` (lo at most b's least value): b's histogram over those equal-width bins, as binExpr bins in SQL.
 */
export interface SortedPassOptions {
  ties?: boolean;
  /** b is an integer column: its least and greatest values and its present values' count (the radix path) */
  integerRange?: { min: number; max: number; rows: number };
  positions?: number[];
  bins?: { lo: number; width: number; bins: number };
}

export interface SortedPass {
  rows: number;
  rho: number | null;
  ties: Float64Array | null;
  orderStats: number[];
  histogram: number[] | null;
}

/** The correlation of x and y from their exact integer sums over n pairs (Σx, Σx², Σy, Σy², Σxy), rounded once at the end; null when either is constant. */
export function rhoFromSums(n: bigint, sx: bigint, sxx: bigint, sy: bigint, syy: bigint, sxy: bigint): number | null {
  const vx = n * sxx - sx * sx;
  const vy = n * syy - sy * sy;
  return vx <= 0n || vy <= 0n ? null : Number(n * sxy - sx * sy) / Math.sqrt(Number(vx)) / Math.sqrt(Number(vy));
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
function typedColumn<T extends Float64Array | Uint32Array>(chunk: DuckDBDataChunk, column: number, kind: { new (n: number): T }): T {
  return typedItems(chunk.getColumnVector(column), kind, chunk.rowCount);
}

function typedItems<T extends Float64Array | Uint32Array>(vector: DuckDBVector, kind: { new (n: number): T }, count = vector.itemCount): T {
  const items = (vector as unknown as { items?: unknown }).items;
  if (items instanceof kind && items.length === count) return items as T;
  const out = new kind(count);
  for (let i = 0; i < count; i++) (out as unknown as (number | bigint)[])[i] = vector.getItem(i) as number | bigint;
  return out;
}

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
  readonly histogram: Float64Array | null;
  // the current tie of b: its first row's position, its value (NaN first: a leading NaN joins
  // it), its rows' indexes into a
  start = 0;
  prev = NaN;
  codes = new Int32Array(16);
  k = 0;
  pos = 0;
  ties = new Float64Array(0);
  tieCount = 0;
  lastLo = -1;
  lastHi = -1;
  lastCode = -1;

  constructor(
    readonly positions: number[],
    readonly bins: { lo: number; width: number; bins: number } | undefined,
    readonly keepTies: boolean,
  ) {
    this.orderStats = new Array<number>(positions.length).fill(NaN);
    this.histogram = bins ? new Float64Array(bins.bins) : null;
  }

  /** Adds the current tie of b: its rows' doubled ranks, repeated hashes, order statistics and bin. */
  private close(start: number, k: number, prev: number): void {
    const r2 = 2 * start + k + 1; // twice the tie's average rank (1-based)
    const { codes, counts, sums } = this;
    for (let t = 0; t < k; t++) {
      counts[codes[t]] += 1;
      sums[codes[t]] += r2;
    }
    if (this.keepTies && k > 1) {
      if (this.tieCount === this.ties.length) {
        const t = new Float64Array(Math.max(1024, 2 * this.tieCount));
        t.set(this.ties);
        this.ties = t;
      }
      this.ties[this.tieCount++] = prev;
    }
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

  /** a's values known beforehand (distinct ones): value i gets index i. */
  preset(values: number[]): void {
    const w = new Uint32Array(new Float64Array(values).buffer);
    for (let i = 0; i < values.length; i++) {
      if (this.index.of(w[2 * i], w[2 * i + 1]) !== i) throw new Error('sortedPass: a value of a given twice');
      if (this.index.size === this.counts.length) this.growValues();
    }
  }

  /** The indexes of n values of a (as 32-bit word pairs), into `out` from `at`. */
  codesOf(aw: Uint32Array, n: number, out: Uint16Array | Int32Array, at: number): void {
    let { lastLo, lastHi, lastCode } = this;
    for (let i = 0; i < n; i++) {
      const alo = aw[2 * i];
      const ahi = aw[2 * i + 1];
      if (alo !== lastLo || ahi !== lastHi) {
        lastCode = this.index.of(alo, ahi);
        lastLo = alo;
        lastHi = ahi;
        if (lastCode === this.counts.length) this.growValues();
      }
      out[at + i] = lastCode;
    }
    Object.assign(this, { lastLo, lastHi, lastCode });
  }

  /** n rows in b's order: b's values and a's indexes (codesOf). */
  feed(bs: Float64Array, as: Uint16Array | Int32Array, n: number): void {
    let { start, prev, k, pos, codes, sq } = this;
    const { counts, sums } = this;
    const hist = this.histogram;
    const lo = this.bins?.lo ?? 0;
    const width = this.bins?.width ?? 1;
    const last = (this.bins?.bins ?? 1) - 1;
    let nextAt = this.nextStat < this.positions.length ? this.positions[this.nextStat] : Infinity;
    for (let i = 0; i < n; i++) {
      const x = bs[i];
      if (x !== prev && (x === x || prev === prev)) {
        if (k === 1 && start < nextAt) {
          // most ties are one row: added here, without a call
          const c = codes[0];
          const r2 = 2 * start + 2;
          counts[c] += 1;
          sums[c] += r2;
          const s2 = r2 * r2;
          if (sq > SAFE - s2) {
            this.sqBig += BigInt(sq);
            sq = 0;
          }
          sq += s2;
          if (hist) {
            // as binExpr (b ≥ lo, so truncation is floor; least() puts NaN, DuckDB's greatest double, last)
            const f = (prev - lo) / width;
            hist[prev !== prev || f >= last ? last : f | 0] += 1;
          }
        } else if (k) {
          Object.assign(this, { codes, sq });
          this.close(start, k, prev);
          sq = this.sq;
          nextAt = this.nextStat < this.positions.length ? this.positions[this.nextStat] : Infinity;
        }
        k = 0;
        start = pos;
        prev = x;
      }
      if (k === codes.length) {
        const c = new Int32Array(2 * k);
        c.set(codes);
        codes = c;
      }
      codes[k] = as[i];
      k++;
      pos++;
    }
    Object.assign(this, { start, prev, k, pos, codes, sq });
  }

  /**
   * All rows at once, sorted as packed keys: b − min in the high bits, a's index in the low
   * `bits` (feed's loop on integers, without unpacking into blocks first).
   */
  feedPacked(keys: Uint32Array, bits: number, min: number): void {
    let { start, prev, k, pos, codes, sq } = this;
    const { counts, sums } = this;
    const hist = this.histogram;
    const lo = this.bins?.lo ?? 0;
    const width = this.bins?.width ?? 1;
    const last = (this.bins?.bins ?? 1) - 1;
    const mask = 2 ** bits - 1;
    let nextAt = this.nextStat < this.positions.length ? this.positions[this.nextStat] : Infinity;
    let prevV = -1;
    const n = keys.length;
    for (let i = 0; i < n; i++) {
      const key = keys[i];
      const v = key >>> bits;
      if (v !== prevV) {
        if (k === 1 && start < nextAt) {
          const c = codes[0];
          const r2 = 2 * start + 2;
          counts[c] += 1;
          sums[c] += r2;
          const s2 = r2 * r2;
          if (sq > SAFE - s2) {
            this.sqBig += BigInt(sq);
            sq = 0;
          }
          sq += s2;
          if (hist) {
            const f = (prev - lo) / width;
            hist[f >= last ? last : f | 0] += 1;
          }
        } else if (k) {
          Object.assign(this, { codes, sq });
          this.close(start, k, prev);
          sq = this.sq;
          nextAt = this.nextStat < this.positions.length ? this.positions[this.nextStat] : Infinity;
        }
        k = 0;
        start = pos;
        prevV = v;
        prev = min + v;
      }
      if (k === codes.length) {
        const c = new Int32Array(2 * k);
        c.set(codes);
        codes = c;
      }
      codes[k] = key & mask;
      k++;
      pos++;
    }
    Object.assign(this, { start, prev, k, pos, codes, sq });
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
    return { rows: this.pos, rho: rhoFromSums(n, sx, sxx, sy, syy, sxy), ties: this.keepTies ? this.ties.slice(0, this.tieCount) : null, orderStats: this.orderStats, histogram: this.histogram ? [...this.histogram] : null };
  }
}

/**
 * The pass (see SortedPassOptions) over the rows where a and b are both present. Both must be
 * exactly representable as doubles (DOUBLE columns, or integers within ±2^53): the caller checks.
 */
export async function sortedPass(conn: DuckDBConnection, source: string, a: string, b: string, opts: SortedPassOptions = {}): Promise<SortedPass> {
  const fold = new SortedFold(opts.positions ?? [], opts.bins, opts.ties ?? false);
  const r = opts.integerRange;
  if (r && r.max - r.min < 2 ** 32 && r.rows <= RADIX_MAX_ROWS) await radixPass(conn, source, a, b, r, fold);
  else await duckdbSortedPass(conn, source, a, b, fold);
  return fold.finish();
}

/** Streams a query's chunks to `each`, asking for the next before handling one (DuckDB produces it on its worker thread meanwhile). */
async function eachChunk(conn: DuckDBConnection, sql: string, each: (chunk: DuckDBDataChunk) => void): Promise<void> {
  const res = await conn.stream(sql);
  let next = res.fetchChunk();
  try {
    for (;;) {
      const chunk = await next;
      if (!chunk || chunk.rowCount === 0) break;
      next = res.fetchChunk();
      each(chunk);
    }
  } catch (err) {
    await next.catch(() => null);
    throw err;
  }
}

/** DuckDB sorts (by b itself: an integer sort key sorts markedly faster than its DOUBLE cast); each chunk is folded as it comes. */
async function duckdbSortedPass(conn: DuckDBConnection, source: string, a: string, b: string, fold: SortedFold): Promise<void> {
  const codes = new Int32Array(2048);
  await eachChunk(conn, `SELECT ${q(b)}::DOUBLE AS b, ${q(a)}::DOUBLE AS a FROM ${source} WHERE ${q(a)} IS NOT NULL AND ${q(b)} IS NOT NULL ORDER BY ${q(b)}`, (chunk) => {
    const n = chunk.rowCount;
    if (fold.pos + n > SORTED_PASS_MAX_ROWS) throw new Error(`sortedPass: more than ${SORTED_PASS_MAX_ROWS} rows`);
    const as = typedColumn(chunk, 1, Float64Array);
    const c = n <= codes.length ? codes : new Int32Array(n);
    fold.codesOf(new Uint32Array(as.buffer, as.byteOffset, 2 * n), n, c, 0);
    fold.feed(typedColumn(chunk, 0, Float64Array), c, n);
  });
}

/** Rows beyond which the radix pass (about 12 bytes a row in JS) leaves the sort to DuckDB. */
export const RADIX_MAX_ROWS = 30_000_000;

/**
 * An integer b whose range spans fewer than 2^32 values: its rows come unsorted (b − min as a
 * 32-bit key, a's index beside it) and are sorted in JS by an LSD radix sort on typed arrays,
 * a few linear passes instead of DuckDB's comparison sort of every row.
 */
async function radixPass(conn: DuckDBConnection, source: string, a: string, b: string, range: { min: number; max: number; rows: number }, fold: SortedFold): Promise<void> {
  // b's keys come as one list per value of a (a GROUP BY of a few groups): a handful of rows
  // whose lists are contiguous typed data, instead of thousands of 2,048-row chunks, and each
  // list's value of a is its index for every key in it
  const lists: { a: number; keys: Uint32Array }[] = [];
  const held: DuckDBDataChunk[] = [];
  await eachChunk(conn, `SELECT ${q(a)}::DOUBLE AS a, list((${q(b)}::BIGINT - ${range.min})::UINTEGER) AS k FROM ${source} WHERE ${q(a)} IS NOT NULL AND ${q(b)} IS NOT NULL GROUP BY 1`, (chunk) => {
    // the lists are read in place (views of DuckDB's memory): the chunk is held until they are copied
    held.push(chunk);
    const as = typedColumn(chunk, 0, Float64Array);
    const lv = chunk.getColumnVector(1) as DuckDBListVector;
    const child = typedItems(lv.childVector, Uint32Array);
    for (let i = 0; i < chunk.rowCount; i++) {
      const at = lv.getEntryOffset(i);
      lists.push({ a: as[i], keys: child.subarray(at, at + lv.getEntryLength(i)) });
    }
  });
  fold.preset(lists.map((l) => l.a));
  const n = lists.reduce((t, l) => t + l.keys.length, 0);
  if (n > range.rows) throw new Error(`sortedPass: more rows than the ${range.rows} given`);
  const span = range.max - range.min;
  const bits = Math.max(1, Math.ceil(Math.log2(fold.index.size)));
  let keys: Uint32Array = new Uint32Array(n);
  if (span * 2 ** bits < 2 ** 32) {
    // a's index packed into the key's low bits: one array sorted, half the memory moved
    let at = 0;
    for (let c = 0; c < lists.length; c++) {
      const from = lists[c].keys;
      for (let i = 0; i < from.length; i++) keys[at + i] = ((from[i] << bits) | c) >>> 0;
      at += from.length;
    }
    lists.length = held.length = 0;
    const [sorted] = radixSort(keys, null, span * 2 ** bits + 2 ** bits - 1);
    fold.feedPacked(sorted, bits, range.min);
    return;
  }
  let codes: Uint16Array | Int32Array = lists.length <= 0x10000 ? new Uint16Array(n) : new Int32Array(n);
  let at = 0;
  for (let c = 0; c < lists.length; c++) {
    keys.set(lists[c].keys, at);
    codes.fill(c, at, at + lists[c].keys.length);
    at += lists[c].keys.length;
  }
  lists.length = held.length = 0;
  const block = new Float64Array(4096);
  [keys, codes] = radixSort(keys.subarray(0, n), codes.subarray(0, n), span);
  for (let at = 0; at < n; at += block.length) {
    const m = Math.min(block.length, n - at);
    for (let i = 0; i < m; i++) block[i] = range.min + keys[at + i];
    fold.feed(block, codes.subarray(at, at + m), m);
  }
}

/** Sorts keys (with codes alongside, if any) by an LSD radix sort of 11-bit digits, as many as maxKey needs; stable. */
export function radixSort<C extends Uint16Array | Int32Array | null>(keys: Uint32Array, codes: C, maxKey: number): [Uint32Array, C] {
  const n = keys.length;
  let k: Uint32Array = keys;
  let c = codes;
  let k2: Uint32Array = new Uint32Array(n);
  let c2 = (codes === null ? null : codes instanceof Uint16Array ? new Uint16Array(n) : new Int32Array(n)) as C;
  // every digit's counts in one read of the keys
  const passes = maxKey >= 2 ** 22 ? 3 : maxKey >= 2 ** 11 ? 2 : 1;
  const counts = new Int32Array(2048 * passes);
  for (let i = 0; i < n; i++) {
    const key = k[i];
    counts[key & 2047]++;
    if (passes > 1) counts[2048 + ((key >>> 11) & 2047)]++;
    if (passes > 2) counts[4096 + (key >>> 22)]++;
  }
  for (let p = 0; p < passes; p++) {
    const shift = 11 * p;
    const offsets = counts.subarray(2048 * p, 2048 * (p + 1));
    if (n === 0 || offsets[(k[0] >>> shift) & 2047] === n) continue; // one digit everywhere: already in order
    let sum = 0;
    for (let d = 0; d < 2048; d++) {
      const t = offsets[d];
      offsets[d] = sum;
      sum += t;
    }
    if (c === null) {
      for (let i = 0; i < n; i++) {
        const key = k[i];
        k2[offsets[(key >>> shift) & 2047]++] = key;
      }
    } else {
      const from = c as Uint16Array | Int32Array;
      const to = c2 as Uint16Array | Int32Array;
      for (let i = 0; i < n; i++) {
        const key = k[i];
        const at = offsets[(key >>> shift) & 2047]++;
        k2[at] = key;
        to[at] = from[i];
      }
    }
    [k, k2] = [k2, k];
    [c, c2] = [c2, c];
  }
  return [k, c];
}

const TIES = 'recops_profile_ties';

/**
 * The exact count of rows that repeat an earlier row, when every row's b is present and `ties`
 * are b's values that more than one row has (sortedPass): equal rows are equal in b, so only
 * the rows of those values are compared, in full (SELECT DISTINCT), instead of hashing and
 * sorting every row.
 */
export async function duplicatesAmongTies(conn: DuckDBConnection, source: string, b: string, ties: Float64Array): Promise<number> {
  if (!ties.length) return 0;
  const { DuckDBDataChunk, DOUBLE } = await import('@duckdb/node-api');
  // a temporary table (allowed on a read-only warehouse too), filled a chunk at a time
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${TIES} (b DOUBLE)`);
  try {
    const appender = await conn.createAppender(TIES, 'main', 'temp');
    const size = 2048;
    for (let at = 0; at < ties.length; at += size) {
      const n = Math.min(size, ties.length - at);
      const chunk = DuckDBDataChunk.create([DOUBLE], n);
      const v = chunk.getColumnVector(0);
      for (let i = 0; i < n; i++) v.setItem(i, ties[at + i]);
      v.flush();
      appender.appendDataChunk(chunk);
    }
    appender.closeSync();
    const res = await conn.runAndReadAll(
      `WITH c AS (SELECT * FROM ${source} WHERE ${q(b)}::DOUBLE IN (SELECT b FROM temp.${TIES}))
       SELECT (SELECT count(*) FROM c) - (SELECT count(*) FROM (SELECT DISTINCT * FROM c)) AS dup`,
    );
    return Number(res.getRows()[0][0]);
  } finally {
    await conn.run(`DROP TABLE IF EXISTS temp.${TIES}`);
  }
}

/** An integer column's range and present values, for sortedPass's radix path; undefined for any other column. */
export function integerRangeOf(c: { type?: string; min?: number | null; max?: number | null; count?: number }): SortedPassOptions['integerRange'] {
  const integer = c.type === 'INTEGER' || c.type === 'BIGINT' || c.type === 'TINYINT';
  return integer && c.min != null && c.max != null && c.count !== undefined ? { min: c.min, max: c.max, rows: c.count } : undefined;
}

/** Whether a numeric column's values are all exact as doubles (what sortedPass reads them as). */
export function exactAsDouble(c: { type?: string; min?: number | null; max?: number | null }): boolean {
  if (c.type === 'DOUBLE') return true;
  return c.min !== undefined && c.min !== null && c.max !== undefined && c.max !== null && Math.abs(c.min) <= 2 ** 53 && Math.abs(c.max) <= 2 ** 53;
}
