import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { col, createTableSql, type TableSpec } from '../../../src/core/warehouse/schema.js';
import { TableWriter, type Row } from '../../../src/core/warehouse/writer.js';
import { profileTable } from '../../../src/core/profile/compute.js';
import { profileNumeric } from '../../../src/core/profile/columns.js';
import { spearmanFewMany } from '../../../src/core/profile/interactions.js';
import { duplicatesAmongTies, radixSort, sortedPass } from '../../../src/core/profile/sorted.js';
import type { NumericColumn } from '../../../src/core/profile/types.js';

// Naive computations, independent of the code under test. Doubles are ordered as DuckDB orders
// them: NaN after every number and equal to itself, -0 equal to 0.
const key = (x: number) => (Number.isNaN(x) ? Infinity : x);
const cmp = (x: number, y: number) => key(x) - key(y) || 0;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
function pearsonOf(xs: number[], ys: number[]) {
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}
function averageRanks(xs: number[]) {
  const order = xs.map((x, i) => ({ x, i })).sort((a, b) => cmp(a.x, b.x));
  const ranks = new Array<number>(xs.length);
  for (let k = 0; k < order.length; ) {
    let e = k;
    while (e + 1 < order.length && cmp(order[e + 1].x, order[k].x) === 0) e++;
    for (let t = k; t <= e; t++) ranks[order[t].i] = (k + e) / 2 + 1;
    k = e + 1;
  }
  return ranks;
}
function quantile(sorted: number[], p: number) {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return sorted[lo] + (h - lo) * (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]);
}
/** Values that more than one of xs has (-0 as 0, one NaN). */
function tiedValues(xs: number[]) {
  const seen = new Map<number, number>();
  for (const x of xs) seen.set(x === 0 ? 0 : x, (seen.get(x === 0 ? 0 : x) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([v]) => v).sort(cmp);
}
const naiveDuplicates = (rows: Row[]) => rows.length - new Set(rows.map((r) => JSON.stringify(r))).size;
const close = (a: number | null, b: number, what: string, tol = 1e-9) => assert.ok(a !== null && Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function tableOf(spec: TableSpec, rows: Row[]): Promise<{ conn: DuckDBConnection; close: () => void }> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  await conn.run(createTableSql(spec));
  const w = await TableWriter.open(conn, spec);
  for (const r of rows) w.append(r);
  w.close();
  return { conn, close: () => (conn.closeSync(), instance.closeSync()) };
}

/** The connection, with every statement it runs written down (which path a profile took). */
function recording(conn: DuckDBConnection): { conn: DuckDBConnection; sql: string[] } {
  const sql: string[] = [];
  const wrapped = new Proxy(conn, {
    get(target, prop) {
      const v = Reflect.get(target, prop, target);
      if (typeof v !== 'function') return v;
      return (...args: unknown[]) => {
        if (typeof args[0] === 'string' && ['run', 'runAndReadAll', 'stream', 'streamAndReadAll'].includes(String(prop))) sql.push(args[0]);
        return v.apply(target, args);
      };
    },
  });
  return { conn: wrapped, sql };
}

// b: BIGINT beyond 2^32 (read as exact doubles), ties of many sizes and one of 3,000 rows across
// chunk boundaries (2,048 rows a chunk), some NULLs; a: few doubles with -0 and 0 and a NaN.
const PAIR: TableSpec = { name: 'pair', doc: 'few × many', columns: [col('a', 'DOUBLE', 'few'), col('b', 'BIGINT', 'many, tied')] };

function pairRows(n: number, seed: number): Row[] {
  const r = rng(seed);
  const as = [-0, 0, 1.5, 2, 7, NaN];
  return Array.from({ length: n }, (_, i) => {
    const a = r() < 0.03 ? null : as[Math.floor(r() * as.length)];
    const b = r() < 0.03 ? null : i >= 2000 && i < 5000 ? 2 ** 40 + 777 : 2 ** 40 + Math.floor(r() * 1500) * 3;
    return [a, b];
  });
}

test('the sorted pass: rho, tied values, order statistics and histogram match a naive computation, and rho equals the SQL windows\' exactly', async () => {
  const data = pairRows(9000, 3);
  const { conn, close: done } = await tableOf(PAIR, data);
  try {
    const both = data.filter((r) => r[0] !== null && r[1] !== null);
    const as = both.map((r) => r[0] as number);
    const bs = both.map((r) => r[1] as number);
    const sorted = [...bs].sort(cmp);
    const positions = [0, 1, 2047, 2048, 2049, 4100, sorted.length - 1];
    const lo = sorted[0];
    const width = (sorted[sorted.length - 1] - lo) / 30;
    const pass = await sortedPass(conn, '"pair"', 'a', 'b', { ties: true, positions, bins: { lo, width, bins: 30 } });
    assert.equal(pass.rows, both.length);
    close(pass.rho, pearsonOf(averageRanks(as), averageRanks(bs)), 'rho');
    assert.ok(Math.abs(pass.rho!) > 0 && Math.abs(pass.rho!) < 1);
    assert.equal(pass.rho, (await spearmanFewMany(conn, '"pair"', 'a', 'b')).rho, 'the same integer sums as the SQL windows');
    assert.deepEqual([...pass.ties!], tiedValues(bs));
    assert.deepEqual(pass.orderStats, positions.map((p) => sorted[p]));
    const counts = new Array(30).fill(0);
    for (const x of bs) counts[Math.min(Math.floor((x - lo) / width), 29)]++;
    assert.deepEqual(pass.histogram, counts);
    // the radix path (b's range given) folds the same sorted rows: everything equal, exactly
    const bRange = { min: sorted[0], max: sorted[sorted.length - 1], rows: data.filter((r) => r[1] !== null).length };
    const radix = await sortedPass(conn, '"pair"', 'a', 'b', { ties: true, positions, bins: { lo, width, bins: 30 }, integerRange: bRange });
    assert.deepEqual(radix, pass);
    // without the options: the same rho, nothing else
    const bare = await sortedPass(conn, '"pair"', 'a', 'b');
    assert.equal(bare.rho, pass.rho);
    assert.equal(bare.ties, null);
    assert.equal(bare.histogram, null);
  } finally {
    done();
  }
});

test('the sorted pass over a DOUBLE column with NaN, -0 and 0 ties them as DuckDB does', async () => {
  const r = rng(5);
  const bsOf = [-0, 0, NaN, 0.25, 1e300, -3.5];
  const data: Row[] = Array.from({ length: 5000 }, () => [Math.floor(r() * 4), r() < 0.5 ? bsOf[Math.floor(r() * bsOf.length)] : r() * 100]);
  const spec: TableSpec = { name: 'd', doc: 'doubles', columns: [col('a', 'DOUBLE', 'few'), col('b', 'DOUBLE', 'many')] };
  const { conn, close: done } = await tableOf(spec, data);
  try {
    const as = data.map((x) => x[0] as number);
    const bs = data.map((x) => x[1] as number);
    const pass = await sortedPass(conn, '"d"', 'a', 'b', { ties: true, positions: [0, 4999] });
    close(pass.rho, pearsonOf(averageRanks(as), averageRanks(bs)), 'rho');
    assert.equal(pass.rho, (await spearmanFewMany(conn, '"d"', 'a', 'b')).rho);
    assert.deepEqual([...pass.ties!].map((x) => (Number.isNaN(x) ? 'NaN' : x)), tiedValues(bs).map((x) => (Number.isNaN(x) ? 'NaN' : x)));
    assert.equal(pass.orderStats[0], -3.5);
    assert.ok(Number.isNaN(pass.orderStats[1]), 'NaN sorts last');
  } finally {
    done();
  }
});

test('duplicates among the tied rows: exact, copies and near-copies alike', async () => {
  const spec: TableSpec = { name: 'r', doc: 'rows', columns: [col('u', 'INTEGER', 'user'), col('m', 'VARCHAR', 'item'), col('s', 'DOUBLE', 'stars'), col('t', 'BIGINT', 'time')] };
  const r = rng(9);
  const data: Row[] = Array.from({ length: 4000 }, () => [Math.floor(r() * 30), `m${Math.floor(r() * 20)}`, Math.floor(r() * 10) / 2 + 0.5, 1_600_000_000 + Math.floor(r() * 2500)]);
  // copies (one three times), a copy of a row whose time is otherwise unique, near-copies that differ in one field
  data.push(data[1], data[1], data[1], data[50], [data[60][0], data[60][1], data[60][2], 1_700_000_000], [data[60][0], data[60][1], data[60][2], 1_700_000_000], [Number(data[70][0]) + 1, ...data[70].slice(1)], [data[80][0], `${data[80][1]}x`, ...data[80].slice(2)]);
  const { conn, close: done } = await tableOf(spec, data);
  try {
    const pass = await sortedPass(conn, '"r"', 's', 't', { ties: true });
    const dup = await duplicatesAmongTies(conn, '"r"', 't', pass.ties!);
    assert.equal(dup, naiveDuplicates(data));
    assert.equal(dup, 5);
    assert.equal(await duplicatesAmongTies(conn, '"r"', 't', new Float64Array(0)), 0);
  } finally {
    done();
  }
});

const RATED: TableSpec = {
  name: 'rated',
  doc: 'few × many',
  columns: [col('who', 'INTEGER', 'user'), col('what', 'VARCHAR', 'item'), col('stars', 'DOUBLE', 'few values'), col('at', 'BIGINT', 'many values, some tied')],
};

test("a big table's paths on a small one: the Spearman pair's sort gives the many-valued column's quantiles, histogram and the duplicates, with no quantile_cont, histogram scan or hash sort of it", async () => {
  const r = rng(21);
  const data: Row[] = Array.from({ length: 6000 }, () => [Math.floor(r() * 40), `m${Math.floor(r() * 30)}`, Math.floor(r() * 10) / 2 + 0.5, 1_600_000_000 + Math.floor(r() * 4000) * 7]);
  data.push(data[3], data[3], data[9]);
  const { conn: raw, close: done } = await tableOf(RATED, data);
  try {
    const { conn, sql } = recording(raw);
    const t = await profileTable(conn, RATED, undefined, { countsUpTo: 100, rankByCounts: 100 });
    const at = t.columns[3] as NumericColumn;
    const ats = data.map((x) => x[3] as number).sort((x, y) => x - y);
    for (const [p, v] of Object.entries({ p1: 0.01, p5: 0.05, p25: 0.25, p50: 0.5, p75: 0.75, p95: 0.95, p99: 0.99 })) assert.equal(at.quantiles![p as 'p1'], quantile(ats, v), p);
    const lo = ats[0];
    const width = (ats[ats.length - 1] - lo) / 30;
    const counts = new Array(30).fill(0);
    for (const x of ats) counts[Math.min(Math.floor((x - lo) / width), 29)]++;
    assert.deepEqual(at.histogram!.counts, counts);
    const q1 = quantile(ats, 0.25);
    const q3 = quantile(ats, 0.75);
    assert.equal(at.outliers!.low, ats.filter((x) => x < q1 - 1.5 * (q3 - q1)).length);
    assert.equal(t.duplicateRows, naiveDuplicates(data));
    assert.equal(t.duplicateRows, 3);
    const [i, j] = ['stars', 'at'].map((c) => t.spearman!.columns.indexOf(c));
    close(t.spearman!.values[i][j], pearsonOf(averageRanks(data.map((x) => x[2] as number)), averageRanks(data.map((x) => x[3] as number))), 'rho');
    // the path: one sort of `at`, and none of the statements the scan path or the hash sort would run
    close(t.spearman!.values[t.spearman!.columns.indexOf('who')][j], pearsonOf(averageRanks(data.map((x) => x[0] as number)), averageRanks(data.map((x) => x[3] as number))), 'rho who × at');
    assert.equal(sql.filter((s) => /ORDER BY "at"|\("at"::BIGINT - \d+\)::UINTEGER/.test(s)).length, 2, 'one pass over at per few-valued partner (who, stars)');
    assert.ok(sql.some((s) => /\("at"::BIGINT - \d+\)::UINTEGER/.test(s)) && !sql.some((s) => /ORDER BY "at"/.test(s)), 'an integer column of a small range is sorted in JS');
    assert.ok(!sql.some((s) => /quantile_cont\("at"/.test(s)), 'no quantile_cont of at');
    assert.ok(!sql.some((s) => /histogram\(.*"at"/.test(s)), 'no histogram scan of at');
    assert.ok(!sql.some((s) => /hash\(/.test(s)), 'no row hash');
    // and the scan path (no Spearman pair: the default thresholds rank by counts) agrees exactly
    const [scanned] = await profileNumeric(raw, '"rated"', [RATED.columns[3]], { table: 'rated', rows: data.length }, { countsUpTo: 100 });
    assert.deepEqual(scanned.quantiles, at.quantiles);
    assert.deepEqual(scanned.histogram, at.histogram);
    assert.deepEqual(scanned.outliers, at.outliers);
  } finally {
    done();
  }
});

test('moments from value counts match a naive computation and DuckDB\'s aggregates; an integer range within the threshold takes no distinct estimate', async () => {
  const spec: TableSpec = {
    name: 'm',
    doc: 'few-valued columns',
    columns: [col('same', 'INTEGER', 'constant'), col('two', 'INTEGER', 'two present values'), col('big', 'BIGINT', 'few values near 2^52'), col('x', 'DOUBLE', 'few values, zeros, negatives'), col('small', 'TINYINT', 'skewed small range')],
  };
  const r = rng(33);
  const data: Row[] = Array.from({ length: 3000 }, (_, i) => [7, i === 5 ? 1 : i === 9 ? 4 : null, 2 ** 52 + Math.floor(r() * 5) * 2 ** 20, r() < 0.1 ? null : [-2.5, 0, 0, 0.1, 3][Math.floor(r() * 5)], Math.floor(r() ** 3 * 9)]);
  const { conn: raw, close: done } = await tableOf(spec, data);
  try {
    const { conn, sql } = recording(raw);
    const cols = await profileNumeric(conn, '"m"', spec.columns, { table: 'm', rows: data.length }, { countsUpTo: 100 });
    for (let k = 0; k < spec.columns.length; k++) {
      const xs = data.map((row) => row[k] as number | null).filter((x): x is number => x !== null);
      const c = cols[k];
      const m = mean(xs);
      const m2 = xs.reduce((a, x) => a + (x - m) ** 2, 0) / xs.length;
      const m3 = xs.reduce((a, x) => a + (x - m) ** 3, 0) / xs.length;
      assert.equal(c.count, xs.length, c.name);
      assert.equal(c.zeros, xs.filter((x) => x === 0).length, `${c.name} zeros`);
      close(c.mean, m, `${c.name} mean`, 1e-15);
      if (xs.length > 1) close(c.std, Math.sqrt((m2 * xs.length) / (xs.length - 1)), `${c.name} std`, 1e-12);
      if (m2 === 0 || xs.length < 3) assert.equal(c.skewness, null, `${c.name}: no skewness`);
      else close(c.skewness, (Math.sqrt(xs.length * (xs.length - 1)) / (xs.length - 2)) * (m3 / m2 ** 1.5), `${c.name} skewness`, 1e-9);
      assert.equal(c.distinct, new Set(xs).size, `${c.name} distinct`);
    }
    assert.equal(cols[0].std, 0);
    // the exact mean of the BIGINT column, from its HUGEINT sum (a double sum of values near 2^52 loses digits)
    const [{ exact }] = (await raw.runAndReadAll(`SELECT avg(big) AS exact FROM m`)).getRowObjectsJS() as { exact: number }[];
    assert.equal(cols[2].mean, exact);
    // the columns with an integer range of at most 100 values (same, two, small) took no estimate
    const estimated = sql.filter((s) => s.includes('approx_count_distinct')).join(' ');
    for (const name of ['same', 'two', 'small']) assert.ok(!estimated.includes(`"${name}"`), `${name} estimated`);
    assert.ok(estimated.includes('"big"') && estimated.includes('"x"'), 'the others are estimated');
  } finally {
    done();
  }
});

test('the radix sort orders 32-bit keys as a stable sort does, codes alongside; a range past 32 bits goes to DuckDB\'s sort', async () => {
  const r = rng(44);
  for (const [n, max] of [[1, 5], [5000, 3], [70_000, 2 ** 32 - 1], [9000, 2 ** 21]] as const) {
    const keys = Uint32Array.from({ length: n }, () => Math.floor(r() * (max + 1)));
    const codes = Int32Array.from({ length: n }, (_, i) => i);
    const expected = [...keys].map((k, i) => [k, i]).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    const [k, c] = radixSort(keys.slice(), codes.slice(), max);
    assert.deepEqual([...k], expected.map((e) => e[0]), `keys n=${n}`);
    assert.deepEqual([...c], expected.map((e) => e[1]), `codes follow their keys, in their order (n=${n})`);
  }
  // b spanning close to 2^32 values with a's four values beside it: too wide to pack a's index
  // into the key, so the radix sort carries it alongside; the same figures as DuckDB's sort
  const spec2: TableSpec = { name: 'v', doc: 'near 2^32', columns: [col('a', 'DOUBLE', 'few'), col('b', 'BIGINT', 'wide')] };
  const data2: Row[] = Array.from({ length: 5000 }, (_, i) => [[0.5, 1, 2, 3][i % 4], i % 7 === 0 ? 2 ** 31 + 17 : Math.floor(r() * 2 ** 31) + (i % 3) * 2 ** 30]);
  const t2 = await tableOf(spec2, data2);
  try {
    const bs = data2.map((x) => x[1] as number);
    const sorted = [...bs].sort((x, y) => x - y);
    const opts = { ties: true, positions: [0, 2500, 4999], bins: { lo: sorted[0], width: (sorted[4999] - sorted[0]) / 30, bins: 30 } };
    const radix = await sortedPass(t2.conn, '"v"', 'a', 'b', { ...opts, integerRange: { min: sorted[0], max: sorted[4999], rows: 5000 } });
    assert.deepEqual(radix, await sortedPass(t2.conn, '"v"', 'a', 'b', opts));
    close(radix.rho, pearsonOf(averageRanks(data2.map((x) => x[0] as number)), averageRanks(bs)), 'rho');
    assert.deepEqual(radix.orderStats, [sorted[0], sorted[2500], sorted[4999]]);
  } finally {
    t2.close();
  }
  // an INTEGER b over its whole range (2^32 − 1 apart: b − min must not be computed in INTEGER)
  const spec3: TableSpec = { name: 'i', doc: 'full INTEGER range', columns: [col('a', 'INTEGER', 'few'), col('b', 'INTEGER', 'whole range')] };
  const data3: Row[] = Array.from({ length: 3000 }, (_, i) => [i % 5, i % 3 === 0 ? -(2 ** 31) : i % 3 === 1 ? 2 ** 31 - 1 : Math.floor(r() * 2 ** 32) - 2 ** 31]);
  const t3 = await tableOf(spec3, data3);
  try {
    const bs = data3.map((x) => x[1] as number);
    const pass = await sortedPass(t3.conn, '"i"', 'a', 'b', { ties: true, integerRange: { min: -(2 ** 31), max: 2 ** 31 - 1, rows: 3000 } });
    close(pass.rho, pearsonOf(averageRanks(data3.map((x) => x[0] as number)), averageRanks(bs)), 'rho over the whole INTEGER range');
    assert.deepEqual([...pass.ties!], tiedValues(bs));
  } finally {
    t3.close();
  }
  // b spanning more than 2^32 values: the range is refused for the radix path, and the pass is still right
  const spec: TableSpec = { name: 'w', doc: 'wide', columns: [col('a', 'INTEGER', 'few'), col('b', 'BIGINT', 'wide')] };
  const data: Row[] = Array.from({ length: 3000 }, (_, i) => [i % 3, i % 2 ? 2 ** 34 + (i % 700) : i % 500]);
  const { conn, close: done } = await tableOf(spec, data);
  try {
    const bs = data.map((x) => x[1] as number);
    const pass = await sortedPass(conn, '"w"', 'a', 'b', { ties: true, integerRange: { min: 0, max: 2 ** 34 + 699, rows: 3000 } });
    close(pass.rho, pearsonOf(averageRanks(data.map((x) => x[0] as number)), averageRanks(bs)), 'rho');
    assert.deepEqual([...pass.ties!], tiedValues(bs));
  } finally {
    done();
  }
});
