import type { DuckDBConnection } from '@duckdb/node-api';
import type { ColumnSpec } from '../warehouse/schema.js';
import type { BooleanColumn, DateColumn, Histogram, LengthStats, ListColumn, NumericColumn, TextColumn, ValueCount } from './types.js';
import { lit, num, q, rows, type SqlRow } from './sql.js';

/** Bins of a histogram. */
export const BINS = 30;
/** A numeric column with at most this many distinct values also gets every value's count. */
export const FEW_VALUES = 30;
/** A text column with 2 to this many distinct values is categorical (all its values listed, in the association matrix). */
export const CATEGORICAL_MAX = 50;
/** Most frequent values listed for other text and list columns. */
export const TOP_VALUES = 15;
/** Longer values are cut in the profile (review texts). */
const VALUE_CHARS = 80;
/** Positive values spanning this many powers of ten (and right-skewed) also get a log-scale histogram. */
const LOG_DECADES = 3;
const QUANTILES = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99];
const Q_NAMES = ['p1', 'p5', 'p25', 'p50', 'p75', 'p95', 'p99'] as const;

export const isIdentifier = (name: string) => /(^|_)id$/i.test(name);

interface Base {
  table: string;
  rows: number;
}

function base(c: ColumnSpec, b: Base, count: number, distinct: number) {
  const missing = b.rows - count;
  return { table: b.table, name: c.name, type: c.type, doc: c.doc, rows: b.rows, count, missing, missingShare: b.rows ? missing / b.rows : 0, distinct };
}

function cut(v: unknown): string {
  const s = String(v);
  return s.length > VALUE_CHARS ? s.slice(0, VALUE_CHARS - 1) + '…' : s;
}

async function valueCounts(conn: DuckDBConnection, source: string, expr: string, limit: number): Promise<ValueCount[]> {
  const res = await rows(conn, `SELECT ${expr} AS v, count(*) AS n FROM ${source} WHERE ${expr} IS NOT NULL GROUP BY ALL ORDER BY n DESC, v LIMIT ${limit}`);
  return res.map((r) => ({ value: cut(r.v), count: Number(r.n) }));
}

function mapCounts(m: unknown, size: number): number[] {
  const counts = new Array<number>(size).fill(0);
  for (const e of (m as { key: unknown; value: unknown }[] | null) ?? []) {
    const i = Number(e.key);
    if (i >= 0 && i < size) counts[i] += Number(e.value);
  }
  return counts;
}

const isInteger = (type: string) => type === 'INTEGER' || type === 'BIGINT' || type === 'TINYINT';

/** How a numeric column is binned: equal-width bins over [min, max] (unit bins for small integer ranges). */
export function linearBins(min: number, max: number, integer: boolean): { lo: number; width: number; bins: number } {
  if (integer && max - min + 1 <= BINS) return { lo: min, width: 1, bins: max - min + 1 };
  if (max === min) return { lo: min, width: 1, bins: 1 };
  return { lo: min, width: (max - min) / BINS, bins: BINS };
}

/** Log-scale bins over the positive values: equal widths in log10 from the smallest positive value to the largest. */
export function logBins(minPositive: number, max: number): { lo: number; width: number; bins: number } {
  const lo = Math.log10(minPositive);
  const hi = Math.log10(max);
  return { lo, width: hi > lo ? (hi - lo) / BINS : 1, bins: hi > lo ? BINS : 1 };
}

// least() skips NULLs (least(NULL, 29) is 29): a missing value must stay out of the last bin
const binExpr = (x: string, b: { lo: number; width: number; bins: number }) => `CASE WHEN ${x} IS NOT NULL THEN least(floor((${x} - ${lit(b.lo)}) / ${lit(b.width)}), ${b.bins - 1})::INTEGER END`;

/**
 * Column i's values at 0-based positions `at` of its sorted values and its histogram over `bins`,
 * from a sort the caller does anyway over every present value of it; null when it does none.
 */
export type SortedProvider = (columns: NumericColumn[], i: number, at: number[], bins: { lo: number; width: number; bins: number }) => Promise<{ orderStats: number[]; histogram: number[] } | null>;

/** Tables up to this many rows get exact distinct counts in every column. */
export const EXACT_ROWS = 2_000_000;
/** Beyond EXACT_ROWS, columns whose estimate is below this get an exact count too (its hash table stays small). */
export const EXACT_DISTINCT = 1_000_000;

/**
 * Distinct non-missing values of each expression: exact (count DISTINCT) in tables of up to
 * EXACT_ROWS rows and for columns of up to EXACT_DISTINCT values; a HyperLogLog estimate
 * otherwise, where an exact count would hash millions of distinct values for one figure.
 */
export async function distinctCounts(conn: DuckDBConnection, source: string, exprs: string[], tableRows: number, estimates?: number[]): Promise<{ distinct: number; exact: boolean }[]> {
  if (!exprs.length) return [];
  if (tableRows <= EXACT_ROWS) {
    const [r] = await rows(conn, `SELECT ${exprs.map((x, i) => `count(DISTINCT ${x}) AS d${i}`).join(', ')} FROM ${source}`);
    return exprs.map((_, i) => ({ distinct: Number(r[`d${i}`]), exact: true }));
  }
  if (!estimates) {
    const [est] = await rows(conn, `SELECT ${exprs.map((x, i) => `approx_count_distinct(${x}) AS d${i}`).join(', ')} FROM ${source}`);
    estimates = exprs.map((_, i) => Number(est[`d${i}`]));
  }
  const out = estimates.map((d) => ({ distinct: d, exact: false }));
  const few = exprs.map((x, i) => ({ x, i })).filter(({ i }) => out[i].distinct <= EXACT_DISTINCT);
  if (few.length) {
    const [r] = await rows(conn, `SELECT ${few.map(({ x, i }) => `count(DISTINCT ${x}) AS d${i}`).join(', ')} FROM ${source}`);
    for (const { i } of few) out[i] = { distinct: Number(r[`d${i}`]), exact: true };
  }
  return out;
}

/** The temporary table of one column's value counts (v, n); temp tables work on a read-only warehouse too. */
const COUNTS = 'temp.recops_profile_counts';

/**
 * From a column's value counts (one GROUP BY of the table, in COUNTS), exactly: the distinct count, the quantiles
 * (linear interpolation between order statistics, as quantile_cont and numpy: a running count over
 * the distinct values finds each order statistic) and, when there are few values, every value's
 * count. Much cheaper than quantile_cont on a column of few distinct values and many rows (the
 * README's EDA section gives the figures).
 */
async function valueStats(conn: DuckDBConnection, counts: string, n: number): Promise<{ distinct: number; quantiles: number[]; values: ValueCount[] | null }> {
  const ks = QUANTILES.flatMap((p) => {
    const h = (n - 1) * p;
    return [Math.floor(h), Math.min(Math.floor(h) + 1, n - 1)];
  });
  const [r] = await rows(
    conn,
    `SELECT count(*) AS d, ${ks.map((k, i) => `min(v) FILTER (WHERE cum > ${k}) AS o${i}`).join(', ')},
            list(struct_pack(v := v, n := n) ORDER BY n DESC, v) FILTER (WHERE top <= ${FEW_VALUES}) AS vals
     FROM (SELECT v, n, sum(n) OVER (ORDER BY v) AS cum, row_number() OVER (ORDER BY n DESC, v) AS top
           FROM ${counts})`,
  );
  const distinct = Number(r.d);
  const quantiles = QUANTILES.map((p, j) => {
    const h = (n - 1) * p;
    const lo = Number(r[`o${2 * j}`]);
    const hi = Number(r[`o${2 * j + 1}`]);
    return lo + (h - Math.floor(h)) * (hi - lo);
  });
  const values = distinct <= FEW_VALUES ? ((r.vals as { v: unknown; n: unknown }[] | null) ?? []).map((e) => ({ value: cut(e.v), count: Number(e.n) })) : null;
  return { distinct, quantiles, values };
}

/**
 * A column's moments from its value counts (v, n), exactly where DuckDB's aggregates are exact
 * (the zeros, the smallest positive value, the mean of an integer column from its HUGEINT sum)
 * and otherwise to the last digits: std and skewness from the central moments around that mean,
 * with every value weighted by its count (two passes over the distinct values, not one over the rows).
 */
async function momentsOf(conn: DuckDBConnection, counts: string, integer: boolean): Promise<{ zeros: number; minPos: number | null; mean: number | null; std: number | null; skewness: number | null }> {
  const [r] = await rows(
    conn,
    `SELECT sum(n) AS cnt, coalesce(sum(n) FILTER (WHERE v = 0), 0) AS z, min(v) FILTER (WHERE v > 0) AS pos, any_value(mean) AS mean,
            sum(n * (v::DOUBLE - mean) * (v::DOUBLE - mean)) AS m2, sum(n * (v::DOUBLE - mean) * (v::DOUBLE - mean) * (v::DOUBLE - mean)) AS m3
     FROM ${counts}, (SELECT sum(${integer ? 'v::HUGEINT * n' : 'v * n'})::DOUBLE / sum(n)::DOUBLE AS mean FROM ${counts})`,
  );
  const n = Number(r.cnt);
  const m2 = Number(r.m2) / n;
  const m3 = Number(r.m3) / n;
  // as stddev_samp and skewness: none below 2 (3) values, and no skewness of a constant column
  return {
    zeros: Number(r.z),
    minPos: num(r.pos),
    mean: num(r.mean),
    std: n > 1 ? num(Math.sqrt(Number(r.m2) / (n - 1))) : null,
    skewness: n > 2 && m2 > 0 ? num((Math.sqrt(n * (n - 1)) / (n - 2)) * (m3 / m2 ** 1.5)) : null,
  };
}

/**
 * Numeric columns of one table (or subquery `source`): a scan for the moments and counts, the
 * distinct counts, the quantiles, then a scan for the histograms and outliers (which need the
 * range and quartiles).
 */
export async function profileNumeric(
  conn: DuckDBConnection,
  source: string,
  cols: ColumnSpec[],
  b: Base,
  opts: {
    forceLog?: boolean;
    /** columns of up to this many distinct values (estimated) go through their value counts */
    countsUpTo?: number;
    /** a sort of column i that the caller does anyway (Spearman's), asked for i's order statistics and linear histogram */
    sorted?: SortedProvider;
  } = {},
): Promise<NumericColumn[]> {
  if (!cols.length) return [];
  const upTo = opts.countsUpTo ?? EXACT_DISTINCT;
  // count, min and max first (DuckDB has them from its statistics): an integer column's range
  // bounds its distinct count, so only the others need the HyperLogLog estimate to choose a path
  const [first] = await rows(conn, `SELECT ${cols.map((c, i) => `count(${q(c.name)}) AS n${i}, min(${q(c.name)}) AS lo${i}, max(${q(c.name)}) AS hi${i}`).join(', ')} FROM ${source}`);
  const out: NumericColumn[] = cols.map((c, i) => {
    const count = Number(first[`n${i}`]);
    return {
      ...base(c, b, count, 0),
      distinctExact: true,
      kind: 'numeric',
      identifier: isIdentifier(c.name),
      zeros: 0,
      min: num(first[`lo${i}`]),
      max: num(first[`hi${i}`]),
      mean: null,
      std: null,
      quantiles: null,
      skewness: null,
      histogram: null,
      logHistogram: null,
      outliers: null,
      values: null,
    };
  });
  const bounded = (i: number) => isInteger(cols[i].type) && out[i].max! - out[i].min! + 1 <= upTo;
  const unbounded = cols.map((_, i) => i).filter((i) => out[i].count && !bounded(i));
  const estimate = new Map<number, number>();
  if (unbounded.length) {
    const [r] = await rows(conn, `SELECT ${unbounded.map((i) => `approx_count_distinct(${q(cols[i].name)}) AS ad${i}`).join(', ')} FROM ${source}`);
    for (const i of unbounded) estimate.set(i, Number(r[`ad${i}`]));
  }
  const many = unbounded.filter((i) => estimate.get(i)! > upTo);
  // the moments of the many-valued columns from one scan of the table; the few-valued ones get
  // theirs from their value counts (below)
  const minPos_ = new Map<number, number | null>();
  if (many.length) {
    const parts = many.flatMap((i) => {
      const x = q(cols[i].name);
      // no cast to DOUBLE: casting a column first made these aggregates several times slower
      return [`count_if(${x} = 0) AS z${i}`, `min(${x}) FILTER (WHERE ${x} > 0) AS pos${i}`, `avg(${x}) AS mean${i}`, `stddev_samp(${x}) AS std${i}`, `skewness(${x}) AS sk${i}`];
    });
    const [r] = await rows(conn, `SELECT ${parts.join(', ')} FROM ${source}`);
    for (const i of many) {
      Object.assign(out[i], { zeros: Number(r[`z${i}`]), mean: num(r[`mean${i}`]), std: num(r[`std${i}`]), skewness: num(r[`sk${i}`]) });
      minPos_.set(i, num(r[`pos${i}`]));
    }
  }

  // what a column's histograms and outliers need: the bins (from min, max, skewness) and the IQR fences
  const planOf = (col: NumericColumn, i: number) => {
    if (col.min === null || col.max === null || !col.quantiles) return null;
    const lin = linearBins(col.min, col.max, isInteger(cols[i].type));
    const minPos = minPos_.get(i) ?? null;
    const decades = minPos !== null && col.max > 0 ? Math.log10(col.max) - Math.log10(minPos) : 0;
    const wantLog = minPos !== null && col.max > minPos && (opts.forceLog || (!col.identifier && decades >= LOG_DECADES && (col.skewness ?? 0) > 1));
    const iqr = col.quantiles.p75 - col.quantiles.p25;
    return { lin, lg: wantLog ? logBins(minPos!, col.max) : null, fences: { low: col.quantiles.p25 - 1.5 * iqr, high: col.quantiles.p75 + 1.5 * iqr } };
  };
  const apply = (col: NumericColumn, plan: NonNullable<ReturnType<typeof planOf>>, res: SqlRow) => {
    const { lin, lg, fences } = plan;
    col.histogram = { edges: edges(lin, false), counts: mapCounts(res.h, lin.bins), log: false, leftOut: 0 };
    if (lg) col.logHistogram = { edges: edges(lg, true), counts: mapCounts(res.lh, lg.bins), log: true, leftOut: Number(res.lz ?? 0) };
    col.outliers = { low: Number(res.ol ?? 0), high: Number(res.oh ?? 0), lowFence: fences.low, highFence: fences.high };
  };

  // A column of few distinct values (its integer range or the estimate says) is grouped once into its value counts, and
  // everything else comes from them: distinct count, quantiles, value counts, histograms, outliers.
  // The others: count DISTINCT (or the estimate, in a big table), quantile_cont, and one scan of
  // the table for their histograms and outliers.
  for (let i = 0; i < out.length; i++) {
    if (!out[i].count || many.includes(i)) continue;
    const x = q(cols[i].name);
    await conn.run(`CREATE OR REPLACE TEMP TABLE ${COUNTS} AS SELECT ${x} AS v, count(*) AS n FROM ${source} WHERE ${x} IS NOT NULL GROUP BY 1`);
    try {
      const m = await momentsOf(conn, COUNTS, isInteger(cols[i].type));
      Object.assign(out[i], { zeros: m.zeros, mean: m.mean, std: m.std, skewness: m.skewness });
      minPos_.set(i, m.minPos);
      const v = await valueStats(conn, COUNTS, out[i].count);
      out[i].distinct = v.distinct;
      out[i].values = v.values;
      setQuantiles(out[i], v.quantiles);
      const plan = planOf(out[i], i)!;
      const binned = (expr: string, where = 'true') => `(SELECT list(struct_pack(key := k, value := s)) FROM (SELECT ${expr} AS k, sum(n) AS s FROM ${COUNTS} WHERE ${where} GROUP BY 1))`;
      const parts = [`${binned(binExpr('v', plan.lin))} AS h`, `sum(n) FILTER (WHERE v < ${lit(plan.fences.low)}) AS ol`, `sum(n) FILTER (WHERE v > ${lit(plan.fences.high)}) AS oh`];
      if (plan.lg) parts.push(`${binned(binExpr('log10(v)', plan.lg), 'v > 0')} AS lh`, `sum(n) FILTER (WHERE v <= 0) AS lz`);
      const [res] = await rows(conn, `SELECT ${parts.join(', ')} FROM ${COUNTS}`);
      apply(out[i], plan, res);
    } finally {
      await conn.run(`DROP TABLE IF EXISTS ${COUNTS}`);
    }
  }
  if (many.length) {
    const exprs = many.map((i) => q(cols[i].name));
    const distinct = await distinctCounts(conn, source, exprs, b.rows, many.map((i) => estimate.get(i)!));
    many.forEach((i, k) => {
      out[i].distinct = distinct[k].distinct;
      out[i].distinctExact = distinct[k].exact;
    });
    // a column the caller sorts anyway: its quantiles (order statistics, interpolated as
    // quantile_cont does) and linear histogram from that sort, sparing quantile_cont's own
    const fromSort = new Map<number, number[]>();
    for (const i of opts.sorted ? many : []) {
      const n = out[i].count;
      const at = QUANTILES.flatMap((p) => [Math.floor((n - 1) * p), Math.ceil((n - 1) * p)]);
      const lin = linearBins(out[i].min!, out[i].max!, isInteger(cols[i].type));
      const r = await opts.sorted!(out, i, at, lin);
      if (!r) continue;
      setQuantiles(
        out[i],
        QUANTILES.map((p, j) => {
          const [lo, hi] = [r.orderStats[2 * j], r.orderStats[2 * j + 1]];
          return lo === hi ? lo : lo + ((n - 1) * p - Math.floor((n - 1) * p)) * (hi - lo);
        }),
      );
      fromSort.set(i, r.histogram);
    }
    const rest = many.filter((i) => !fromSort.has(i));
    if (rest.length) {
      const [r] = await rows(conn, `SELECT ${rest.map((i) => `quantile_cont(${q(cols[i].name)}, [${QUANTILES.join(', ')}]) AS q${i}`).join(', ')} FROM ${source}`);
      for (const i of rest) setQuantiles(out[i], (r[`q${i}`] as number[]).map(Number));
    }
    const second: string[] = [];
    const plans = many.map((i) => {
      const plan = planOf(out[i], i);
      if (!plan) return null;
      const x = q(cols[i].name);
      if (!fromSort.has(i)) second.push(`histogram(${binExpr(x, plan.lin)}) AS h${i}`);
      second.push(`count_if(${x} < ${lit(plan.fences.low)}) AS ol${i}`, `count_if(${x} > ${lit(plan.fences.high)}) AS oh${i}`);
      if (plan.lg) second.push(`histogram(CASE WHEN ${x} > 0 THEN ${binExpr(`log10(${x})`, plan.lg)} END) AS lh${i}`, `count_if(${x} <= 0) AS lz${i}`);
      return plan;
    });
    if (second.length) {
      const [res] = await rows(conn, `SELECT ${second.join(', ')} FROM ${source}`);
      many.forEach((i, k) => {
        const plan = plans[k];
        const sorted = fromSort.get(i);
        if (plan) apply(out[i], plan, { h: sorted ? sorted.map((value, key) => ({ key, value })) : res[`h${i}`], lh: res[`lh${i}`], lz: res[`lz${i}`], ol: res[`ol${i}`], oh: res[`oh${i}`] });
      });
    }
  }
  return out;
}

function setQuantiles(col: NumericColumn, qs: number[]): void {
  col.quantiles = Object.fromEntries(Q_NAMES.map((name, k) => [name, qs[k]])) as NumericColumn['quantiles'];
}

function edges(b: { lo: number; width: number; bins: number }, log: boolean): number[] {
  const e: number[] = [];
  for (let i = 0; i <= b.bins; i++) {
    const v = b.lo + i * b.width;
    e.push(log ? 10 ** v : v);
  }
  return e;
}

export async function profileDates(conn: DuckDBConnection, source: string, cols: ColumnSpec[], b: Base): Promise<DateColumn[]> {
  const out: DateColumn[] = [];
  for (const c of cols) {
    const x = q(c.name);
    const [r] = await rows(conn, `SELECT count(${x}) AS n, min(${x})::VARCHAR AS lo, max(${x})::VARCHAR AS hi, count(DISTINCT year(${x})) AS years FROM ${source}`);
    const [d] = await distinctCounts(conn, source, [x], b.rows);
    const count = Number(r.n);
    const byYear = count ? await valueCounts(conn, source, `year(${x})::VARCHAR`, 10_000) : [];
    byYear.sort((a, z) => Number(a.value) - Number(z.value));
    let byMonth: ValueCount[] | null = null;
    if (count && Number(r.years) <= 6) {
      byMonth = await valueCounts(conn, source, `strftime(${x}, '%Y-%m')`, 10_000);
      byMonth.sort((a, z) => a.value.localeCompare(z.value));
    }
    out.push({ ...base(c, b, count, d.distinct), distinctExact: d.exact, kind: 'date', min: (r.lo as string | null) ?? null, max: (r.hi as string | null) ?? null, byYear, byMonth });
  }
  return out;
}

function lengthStats(r: SqlRow, p: string): LengthStats | null {
  if (r[`${p}min`] === null || r[`${p}min`] === undefined) return null;
  return { min: Number(r[`${p}min`]), mean: Number(r[`${p}mean`]), max: Number(r[`${p}max`]), p50: Number(r[`${p}p50`]) };
}

const lengthParts = (expr: string, p: string) => [`min(${expr}) AS ${p}min`, `avg(${expr}) AS ${p}mean`, `max(${expr}) AS ${p}max`, `quantile_cont(${expr}, 0.5) AS ${p}p50`];

/**
 * Text columns: each grouped once into its value counts, from which come its count, empty
 * strings, exact distinct count, most frequent values and length statistics (weighted by count).
 */
export async function profileText(conn: DuckDBConnection, source: string, cols: ColumnSpec[], b: Base): Promise<TextColumn[]> {
  const out: TextColumn[] = [];
  for (const c of cols) {
    const x = q(c.name);
    await conn.run(`CREATE OR REPLACE TEMP TABLE ${COUNTS} AS SELECT ${x} AS v, count(*) AS n FROM ${source} WHERE ${x} IS NOT NULL GROUP BY 1`);
    try {
      const [r] = await rows(conn, `SELECT count(*) AS d, coalesce(sum(n), 0) AS cnt, coalesce(sum(n) FILTER (WHERE v = ''), 0) AS empty, min(length(v)) AS lmin, max(length(v)) AS lmax, sum(length(v) * n) / sum(n) AS lmean FROM ${COUNTS}`);
      const count = Number(r.cnt);
      const distinct = Number(r.d);
      const categorical = distinct >= 2 && distinct <= CATEGORICAL_MAX;
      const top = await rows(conn, `SELECT v, n FROM ${COUNTS} ORDER BY n DESC, v LIMIT ${categorical ? CATEGORICAL_MAX : TOP_VALUES}`);
      let length: LengthStats | null = null;
      if (count) {
        // the median length, interpolated as quantile_cont does, from the counts of each length
        const h = (count - 1) / 2;
        const [m] = await rows(conn, `SELECT min(len) FILTER (WHERE cum > ${Math.floor(h)}) AS lo, min(len) FILTER (WHERE cum > ${Math.min(Math.floor(h) + 1, count - 1)}) AS hi FROM (SELECT len, sum(n) OVER (ORDER BY len) AS cum FROM (SELECT length(v) AS len, sum(n) AS n FROM ${COUNTS} GROUP BY 1))`);
        length = { min: Number(r.lmin), mean: Number(r.lmean), max: Number(r.lmax), p50: Number(m.lo) + (h - Math.floor(h)) * (Number(m.hi) - Number(m.lo)) };
      }
      out.push({ ...base(c, b, count, distinct), distinctExact: true, kind: 'text', empty: Number(r.empty), categorical, top: top.map((t) => ({ value: cut(t.v), count: Number(t.n) })), length });
    } finally {
      await conn.run(`DROP TABLE IF EXISTS ${COUNTS}`);
    }
  }
  return out;
}

export async function profileLists(conn: DuckDBConnection, source: string, cols: ColumnSpec[], b: Base): Promise<ListColumn[]> {
  const out: ListColumn[] = [];
  for (const c of cols) {
    const x = q(c.name);
    const [r] = await rows(conn, `SELECT count(${x}) AS n, count_if(len(${x}) = 0) AS empty, sum(len(${x})) AS items, ${lengthParts(`len(${x})`, 'l').join(', ')} FROM ${source}`);
    const items = `(SELECT unnest(${x}) AS item FROM ${source})`;
    const [d] = await distinctCounts(conn, items, ['item'], Number(r.items ?? 0));
    const top = await valueCounts(conn, items, 'item', TOP_VALUES);
    out.push({ ...base(c, b, Number(r.n), d.distinct), distinctExact: d.exact, kind: 'list', itemsPerRow: lengthStats(r, 'l'), emptyLists: Number(r.empty), items: Number(r.items ?? 0), top });
  }
  return out;
}

export async function profileBooleans(conn: DuckDBConnection, source: string, cols: ColumnSpec[], b: Base): Promise<BooleanColumn[]> {
  if (!cols.length) return [];
  const parts = cols.flatMap((c, i) => [`count(${q(c.name)}) AS n${i}`, `count(DISTINCT ${q(c.name)}) AS d${i}`, `count_if(${q(c.name)}) AS t${i}`]);
  const [r] = await rows(conn, `SELECT ${parts.join(', ')} FROM ${source}`);
  return cols.map((c, i) => {
    const count = Number(r[`n${i}`]);
    const t = Number(r[`t${i}`]);
    return { ...base(c, b, count, Number(r[`d${i}`])), distinctExact: true, kind: 'boolean', trueCount: t, falseCount: count - t, trueShare: count ? t / count : null };
  });
}

export type { Histogram };
