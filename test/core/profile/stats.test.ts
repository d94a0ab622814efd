import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { col, createTableSql, type TableSpec } from '../../../src/core/warehouse/schema.js';
import { TableWriter, type Row } from '../../../src/core/warehouse/writer.js';
import { duplicateRowsOf, profileTable } from '../../../src/core/profile/compute.js';
import { spearman, cramersVFromCounts, type RepeatCheck } from '../../../src/core/profile/interactions.js';
import { duplicatesAmongTies } from '../../../src/core/profile/sorted.js';
import { profileNumeric } from '../../../src/core/profile/columns.js';
import type { BooleanColumn, DateColumn, ListColumn, NumericColumn, TextColumn } from '../../../src/core/profile/types.js';

// Naive, independent computations of every statistic the profile reports.
const present = (xs: (number | null)[]) => xs.filter((x): x is number => x !== null);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
function std(xs: number[]) {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}
function skew(xs: number[]) {
  const n = xs.length;
  const m = mean(xs);
  const m2 = xs.reduce((a, x) => a + (x - m) ** 2, 0) / n;
  const m3 = xs.reduce((a, x) => a + (x - m) ** 3, 0) / n;
  return (Math.sqrt(n * (n - 1)) / (n - 2)) * (m3 / m2 ** 1.5);
}
function quantile(xs: number[], p: number) {
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  return s[lo] + (h - lo) * ((s[Math.min(lo + 1, s.length - 1)] ?? s[lo]) - s[lo]);
}
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
  const order = xs.map((x, i) => ({ x, i })).sort((a, b) => a.x - b.x);
  const ranks = new Array<number>(xs.length);
  for (let k = 0; k < order.length; ) {
    let e = k;
    while (e + 1 < order.length && order[e + 1].x === order[k].x) e++;
    for (let t = k; t <= e; t++) ranks[order[t].i] = (k + e) / 2 + 1;
    k = e + 1;
  }
  return ranks;
}
function cramers(as: string[], bs: string[]) {
  const ra = [...new Set(as)];
  const cb = [...new Set(bs)];
  const n = as.length;
  let chi2 = 0;
  for (const a of ra) {
    for (const b of cb) {
      const o = as.filter((x, i) => x === a && bs[i] === b).length;
      const e = (as.filter((x) => x === a).length * bs.filter((x) => x === b).length) / n;
      chi2 += (o - e) ** 2 / e;
    }
  }
  return Math.sqrt(chi2 / (n * (Math.min(ra.length, cb.length) - 1)));
}

/** A seeded generator (mulberry32), so the table is the same on every run. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SPEC: TableSpec = {
  name: 'sample',
  doc: 'a hand-made table',
  columns: [
    col('amount', 'DOUBLE', 'lognormal, some missing, some zeros'),
    col('stars', 'INTEGER', '0 to 9'),
    col('score', 'DOUBLE', 'amount-dependent'),
    col('colour', 'VARCHAR', 'three values'),
    col('shade', 'VARCHAR', 'depends on colour'),
    col('flag', 'BOOLEAN', 'mostly true'),
    col('day', 'DATE', 'in 2020 and 2021'),
    col('tags', 'VARCHAR[]', 'zero to three tags'),
  ],
};

function makeRows(n: number): Row[] {
  const r = rng(7);
  const out: Row[] = [];
  for (let i = 0; i < n; i++) {
    const z = Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
    const amount = i % 11 === 0 ? null : i % 7 === 0 ? 0 : Math.round(Math.exp(2 + 1.5 * z) * 100) / 100;
    const stars = Math.floor(r() * 10);
    const score = amount === null ? (i % 3 === 0 ? null : 1) : Math.round((Math.log1p(amount) + r()) * 1000) / 1000;
    const colour = ['red', 'green', 'blue'][Math.floor(r() * 3)];
    const shade = r() < 0.7 ? (colour === 'red' ? 'dark' : 'light') : r() < 0.5 ? 'dark' : 'light';
    const day = `202${r() < 0.5 ? 0 : 1}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-1${Math.floor(r() * 9)}`;
    const tags = ['a', 'b', 'c', 'd'].filter(() => r() < 0.4);
    out.push([amount, stars, score, colour, shade, r() < 0.9, day, tags]);
  }
  return out;
}

async function tableOf(rows: Row[]): Promise<{ conn: DuckDBConnection; close: () => void }> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  await conn.run(createTableSql(SPEC));
  const w = await TableWriter.open(conn, SPEC);
  for (const r of rows) w.append(r);
  w.close();
  return { conn, close: () => (conn.closeSync(), instance.closeSync()) };
}

const close = (a: number | null, b: number, what: string, tol = 1e-9) => assert.ok(a !== null && Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

test('numeric statistics match a naive computation: moments, quantiles, skewness, zeros, distinct, histogram edges and counts, IQR outliers', async () => {
  const data = makeRows(997);
  data.push(data[5], data[6], data[5]); // three exact copies of earlier rows
  const { conn, close: done } = await tableOf(data);
  try {
    const t = await profileTable(conn, SPEC);
    assert.equal(t.rows, 1000);
    assert.equal(t.duplicateRows, 3);
    for (const [k, name] of [[0, 'amount'], [1, 'stars'], [2, 'score']] as const) {
      const all = data.map((r) => r[k] as number | null);
      const xs = present(all);
      const c = t.columns[k] as NumericColumn;
      assert.equal(c.name, name);
      assert.equal(c.count, xs.length, name);
      assert.equal(c.missing, all.length - xs.length);
      close(c.missingShare, (all.length - xs.length) / all.length, `${name} missing share`);
      assert.equal(c.distinct, new Set(xs).size);
      assert.equal(c.zeros, xs.filter((x) => x === 0).length);
      assert.equal(c.min, Math.min(...xs));
      assert.equal(c.max, Math.max(...xs));
      close(c.mean, mean(xs), `${name} mean`);
      close(c.std, std(xs), `${name} std`);
      close(c.skewness, skew(xs), `${name} skewness`, 1e-7);
      for (const [p, v] of Object.entries({ p1: 0.01, p5: 0.05, p25: 0.25, p50: 0.5, p75: 0.75, p95: 0.95, p99: 0.99 })) close(c.quantiles![p as 'p1'], quantile(xs, v), `${name} ${p}`);
      // histogram: 30 equal bins over [min, max] (unit bins for a small integer range), the last one closed
      const lo = Math.min(...xs);
      const hi = Math.max(...xs);
      const integer = name === 'stars';
      const bins = integer ? hi - lo + 1 : 30;
      const width = integer ? 1 : (hi - lo) / 30;
      const counts = new Array(bins).fill(0);
      for (const x of xs) counts[Math.min(Math.floor((x - lo) / width), bins - 1)]++;
      assert.deepEqual(c.histogram!.counts, counts, `${name} histogram counts`);
      assert.equal(c.histogram!.edges.length, bins + 1);
      c.histogram!.edges.forEach((e, i) => close(e, lo + i * width, `${name} edge ${i}`));
      const q1 = quantile(xs, 0.25);
      const q3 = quantile(xs, 0.75);
      assert.equal(c.outliers!.low, xs.filter((x) => x < q1 - 1.5 * (q3 - q1)).length);
      assert.equal(c.outliers!.high, xs.filter((x) => x > q3 + 1.5 * (q3 - q1)).length);
    }
    const stars = t.columns[1] as NumericColumn;
    assert.deepEqual(
      stars.values!.map((v) => [Number(v.value), v.count]).sort((a, b) => a[0] - b[0]),
      [...new Set(data.map((r) => r[1] as number))].sort((a, b) => a - b).map((v) => [v, data.filter((r) => r[1] === v).length]),
    );
    // amount spans decades and is right-skewed: a log histogram of its positive values
    const amount = t.columns[0] as NumericColumn;
    const pos = present(data.map((r) => r[0] as number | null)).filter((x) => x > 0);
    assert.ok(amount.logHistogram, 'log histogram');
    const llo = Math.log10(Math.min(...pos));
    const lw = (Math.log10(Math.max(...pos)) - llo) / 30;
    const lcounts = new Array(30).fill(0);
    for (const x of pos) lcounts[Math.min(Math.floor((Math.log10(x) - llo) / lw), 29)]++;
    assert.deepEqual(amount.logHistogram!.counts, lcounts);
    assert.equal(amount.logHistogram!.leftOut, amount.zeros);
    assert.equal((t.columns[1] as NumericColumn).logHistogram, null, 'a uniform 0–9 column has no log histogram');
    // the other path (columns of many distinct values: quantile_cont and a scan of the table) gives the same figures
    const scanned = await profileNumeric(conn, '"sample"', SPEC.columns.slice(0, 3), { table: 'sample', rows: 1000 }, { countsUpTo: 0 });
    const rounded = (c: NumericColumn) => JSON.parse(JSON.stringify({ ...c, values: null }, (_, v) => (typeof v === 'number' ? Number(v.toPrecision(12)) : v)));
    for (let k = 0; k < 3; k++) assert.deepEqual(rounded(scanned[k]), rounded(t.columns[k] as NumericColumn), SPEC.columns[k].name);
  } finally {
    done();
  }
});

test('Pearson, Spearman (both ranking methods) and Cramér\'s V match a naive computation', async () => {
  const data = makeRows(800);
  const { conn, close: done } = await tableOf(data);
  try {
    const t = await profileTable(conn, SPEC);
    assert.deepEqual(t.pearson!.columns, ['amount', 'stars', 'score']);
    const pairs = [
      [0, 1],
      [0, 2],
      [1, 2],
    ];
    const spearmanBySort = await spearman(conn, '"sample"', t.columns.slice(0, 3) as NumericColumn[], 0);
    // a column of few values beside one of many: ranked by counts and by a sort, summed per value
    const few = Math.min(...t.columns.slice(0, 3).map((c) => c.distinct));
    assert.ok(few < Math.max(...t.columns.slice(0, 3).map((c) => c.distinct)), 'the mixed path needs columns of different distinct counts');
    const spearmanMixed = await spearman(conn, '"sample"', t.columns.slice(0, 3) as NumericColumn[], few);
    for (const [i, j] of pairs) {
      const both = data.filter((r) => r[i] !== null && r[j] !== null);
      const xs = both.map((r) => r[i] as number);
      const ys = both.map((r) => r[j] as number);
      close(t.pearson!.values[i][j], pearsonOf(xs, ys), `pearson ${i},${j}`);
      assert.equal(t.pearson!.values[i][j], t.pearson!.values[j][i]);
      const rho = pearsonOf(averageRanks(xs), averageRanks(ys));
      close(t.spearman!.values[i][j], rho, `spearman by counts ${i},${j}`);
      close(spearmanBySort.values[i][j], rho, `spearman by sort ${i},${j}`);
      close(spearmanMixed.values[i][j], rho, `spearman mixed ${i},${j}`);
    }
    assert.ok(t.spearman!.values[0][2]! > 0.8, 'score follows amount');
    // categorical columns: colour, shade (text) and flag (boolean)
    assert.deepEqual(t.cramersV!.columns, ['colour', 'shade', 'flag']);
    const str = (k: number) => data.map((r) => String(r[k]));
    close(t.cramersV!.values[0][1], cramers(str(3), str(4)), "Cramér's V colour × shade");
    close(t.cramersV!.values[0][2], cramers(str(3), str(5)), "Cramér's V colour × flag");
    assert.ok(t.cramersV!.values[0][1]! > 0.3 && t.cramersV!.values[0][2]! < 0.15);
    assert.equal(cramersVFromCounts([{ a: 'x', b: 'p', n: 5 }, { a: 'y', b: 'q', n: 5 }]), 1, 'a perfect association');
  } finally {
    done();
  }
});

test('text, list, boolean and date columns; missing values and which go missing together', async () => {
  const data = makeRows(600);
  const { conn, close: done } = await tableOf(data);
  try {
    const t = await profileTable(conn, SPEC);
    const colour = t.columns[3] as TextColumn;
    assert.equal(colour.categorical, true);
    assert.equal(colour.distinct, 3);
    for (const v of colour.top) assert.equal(v.count, data.filter((r) => r[3] === v.value).length);
    assert.deepEqual(colour.length, { min: 3, mean: mean(data.map((r) => String(r[3]).length)), max: 5, p50: quantile(data.map((r) => String(r[3]).length), 0.5) });
    const flag = t.columns[5] as BooleanColumn;
    assert.equal(flag.trueCount, data.filter((r) => r[5] === true).length);
    close(flag.trueShare, flag.trueCount / 600, 'true share');
    const day = t.columns[6] as DateColumn;
    const days = data.map((r) => String(r[6])).sort();
    assert.equal(day.min, days[0]);
    assert.equal(day.max, days[days.length - 1]);
    assert.deepEqual(day.byYear, ['2020', '2021'].map((y) => ({ value: y, count: days.filter((d) => d.startsWith(y)).length })));
    assert.equal(day.byMonth!.reduce((a, m) => a + m.count, 0), 600);
    assert.equal(day.byMonth![0].count, days.filter((d) => d.startsWith(day.byMonth![0].value)).length);
    const tags = t.columns[7] as ListColumn;
    const lists = data.map((r) => r[7] as string[]);
    assert.equal(tags.items, lists.reduce((a, l) => a + l.length, 0));
    assert.equal(tags.emptyLists, lists.filter((l) => !l.length).length);
    assert.equal(tags.distinct, new Set(lists.flat()).size);
    close(tags.itemsPerRow!.mean, mean(lists.map((l) => l.length)), 'items per row');
    assert.deepEqual(tags.top.find((v) => v.value === 'a')!.count, lists.filter((l) => l.includes('a')).length);
    // amount is missing on every 11th row; score on some of those: the pattern counts both
    const bothMissing = data.filter((r) => r[0] === null && r[2] === null).length;
    const amountOnly = data.filter((r) => r[0] === null && r[2] !== null).length;
    const pattern = (cols: string[]) => t.missing.patterns.find((p) => p.columns.join() === cols.join())?.count;
    assert.equal(pattern(['amount', 'score']), bothMissing);
    assert.equal(pattern(['amount']), amountOnly);
    const ind = (k: number) => data.map((r) => (r[k] === null ? 1 : 0));
    close(t.missing.nullity!.values[0][1], pearsonOf(ind(0), ind(2)), 'nullity correlation');
  } finally {
    done();
  }
});

// A ratings-like table: a column of few values, one of many (with ties), text; no column missing.
const RATED: TableSpec = {
  name: 'rated',
  doc: 'few × many',
  columns: [col('who', 'INTEGER', 'user'), col('what', 'VARCHAR', 'item'), col('stars', 'DOUBLE', 'few values'), col('at', 'BIGINT', 'many values, some tied')],
};

function ratedRows(n: number, seed: number): Row[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => [Math.floor(r() * 50), `m${Math.floor(r() * 40)}`, Math.floor(r() * 10) / 2 + 0.5, 1_600_000_000 + Math.floor(r() * 3000)]);
}

async function ratedTable(rows: Row[]): Promise<{ conn: DuckDBConnection; close: () => void }> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  await conn.run(createTableSql(RATED));
  const w = await TableWriter.open(conn, RATED);
  for (const row of rows) w.append(row);
  w.close();
  return { conn, close: () => (conn.closeSync(), instance.closeSync()) };
}

const naiveDuplicates = (rows: Row[]) => rows.length - new Set(rows.map((r) => JSON.stringify(r))).size;

test("duplicate rows counted in Spearman's sort of a few- and a many-valued column (no column missing) match a naive count, and the pair's rho too", async () => {
  const data = ratedRows(1500, 11);
  // exact copies, one of them three times, and near-copies (one field changed, same `at`) that are not duplicates
  data.push(data[3], data[10], data[3], data[3], [data[20][0], data[20][1], data[20][2] === 5 ? 4.5 : 5, data[20][3]], [Number(data[30][0]) + 1, ...data[30].slice(1)]);
  const { conn, close: done } = await ratedTable(data);
  try {
    const t = await profileTable(conn, RATED);
    assert.equal(t.duplicateRows, naiveDuplicates(data));
    assert.equal(t.duplicateRows, 4);
    const stars = data.map((r) => r[2] as number);
    const at = data.map((r) => r[3] as number);
    const [i, j] = ['stars', 'at'].map((c) => t.spearman!.columns.indexOf(c));
    close(t.spearman!.values[i][j], pearsonOf(averageRanks(stars), averageRanks(at)), 'spearman stars × at');
    // `at` ranked by a sort (its ~3,000 values count as many here, as 11 M timestamps do by default):
    // the pair carries the check, and duplicateRowsOf finishes from its candidates
    const cols = t.columns.slice(2) as NumericColumn[];
    // the JS pass over one sort: the tied values of `at`, whose rows hold every duplicate
    const repeats: RepeatCheck = { hash: 'hash("who", "what", "stars", "at")', rows: data.length, candidates: null };
    const m = await spearman(conn, '"rated"', cols, 20, repeats);
    close(m.values[0][1], pearsonOf(averageRanks(stars), averageRanks(at)), 'spearman few × many');
    assert.equal(repeats.candidates, null);
    assert.deepEqual([...repeats.ties!.values].sort(), [...new Set(at.filter((x, i) => at.indexOf(x) !== i))].sort(), 'the tied values of at');
    assert.equal(await duplicatesAmongTies(conn, '"rated"', 'at', repeats.ties!.values), 4);
    // the SQL windows (columns without their type and range) count candidate hashes instead
    const bySql: RepeatCheck = { hash: 'hash("who", "what", "stars", "at")', rows: data.length, candidates: null };
    const m2 = await spearman(conn, '"rated"', cols.map((c) => ({ name: c.name, distinct: c.distinct, count: c.count })), 20, bySql);
    assert.equal(m2.values[0][1], m.values[0][1], 'both ways give the same rho from the same integer sums');
    assert.equal(bySql.candidates, 4);
    assert.equal(await duplicateRowsOf(conn, '"rated"', RATED.columns, bySql.candidates), 4);
  } finally {
    done();
  }
  // no copies: no candidates, no duplicates
  const clean = ratedRows(1500, 12).filter((r, i, all) => all.findIndex((s) => JSON.stringify(s) === JSON.stringify(r)) === i);
  const c = await ratedTable(clean);
  try {
    assert.equal((await profileTable(c.conn, RATED)).duplicateRows, 0);
    const cols = (await profileTable(c.conn, RATED)).columns.slice(2) as NumericColumn[];
    const repeats: RepeatCheck = { hash: 'hash("who", "what", "stars", "at")', rows: clean.length, candidates: null };
    await spearman(c.conn, '"rated"', cols, 20, repeats);
    assert.equal(await duplicatesAmongTies(c.conn, '"rated"', 'at', repeats.ties!.values), 0);
    const bySql: RepeatCheck = { hash: 'hash("who", "what", "stars", "at")', rows: clean.length, candidates: null };
    await spearman(c.conn, '"rated"', cols.map((x) => ({ name: x.name, distinct: x.distinct, count: x.count })), 20, bySql);
    assert.equal(bySql.candidates, 0);
  } finally {
    c.close();
  }
});

test('a missing value keeps the duplicate count off the Spearman pair: copies of a row with a missing value still count', async () => {
  const data = ratedRows(1000, 13);
  data[7] = [data[7][0], data[7][1], data[7][2], null];
  data.push(data[7], data[7], data[8]);
  const { conn, close: done } = await ratedTable(data);
  try {
    const t = await profileTable(conn, RATED);
    assert.equal(t.duplicateRows, naiveDuplicates(data));
    assert.equal(t.duplicateRows, 3);
    const repeats: RepeatCheck = { hash: 'hash("who", "what", "stars", "at")', rows: data.length, candidates: null };
    await spearman(conn, '"rated"', t.columns.slice(2) as NumericColumn[], 20, repeats);
    assert.equal(repeats.candidates, null, 'a pair that leaves rows out does not count repeats');
    assert.equal(repeats.ties ?? null, null, 'nor keeps its ties');
    assert.equal(await duplicateRowsOf(conn, '"rated"', RATED.columns, repeats.candidates), 3);
  } finally {
    done();
  }
});
