import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDBInstance } from '@duckdb/node-api';
import { col, createTableSql, type TableSpec } from '../../../src/core/warehouse/schema.js';
import { TableWriter, type Row } from '../../../src/core/warehouse/writer.js';
import { profileTable } from '../../../src/core/profile/compute.js';
import { compareProfiles, formatDrift, psi, type ColumnDrift, type DriftMeasure } from '../../../src/core/profile/drift.js';
import type { Profile, TableProfile } from '../../../src/core/profile/types.js';

// Naive, independent computations of the drift measures, from the rows themselves.
function ksOf(a: number[], b: number[]) {
  const xs = [...new Set([...a, ...b])].sort((x, y) => x - y);
  let d = 0;
  for (const x of xs) d = Math.max(d, Math.abs(a.filter((v) => v <= x).length / a.length - b.filter((v) => v <= x).length / b.length));
  return d;
}
/** PSI over given categories, shares under 1e-4 counted as 1e-4 (as documented). */
function psiOf(a: string[], b: string[]) {
  const keys = [...new Set([...a, ...b])];
  let out = 0;
  for (const k of keys) {
    const p = Math.max(a.filter((v) => v === k).length / a.length, 1e-4);
    const r = Math.max(b.filter((v) => v === k).length / b.length, 1e-4);
    out += (r - p) * Math.log(r / p);
  }
  return out;
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const std = (xs: number[]) => Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1));

const SPEC: TableSpec = {
  name: 'sample',
  doc: 'before and after',
  columns: [
    col('same', 'DOUBLE', 'identical in both builds'),
    col('shifted', 'DOUBLE', '1…1000 before, 501…1500 after'),
    col('holes', 'INTEGER', 'no missing before, 30 % after'),
    col('stars', 'INTEGER', 'five values, shares moved'),
    col('colour', 'VARCHAR', 'red/green before; blue appears after'),
    col('flag', 'BOOLEAN', '50 % true before, 80 % after'),
    col('spread', 'DOUBLE', '1…1000 both times, one value a million before: coarse bins, the same data'),
    col('item_id', 'INTEGER', 'identifiers: all new ones after'),
  ],
};
const N = 1000;
const COLOURS_OLD = Array.from({ length: N }, (_, i) => (i % 2 ? 'red' : 'green'));
const COLOURS_NEW = Array.from({ length: N }, (_, i) => (i < 200 ? 'blue' : i % 2 ? 'red' : 'green'));
const STARS_OLD = Array.from({ length: N }, (_, i) => 1 + (i % 5));
const STARS_NEW = Array.from({ length: N }, (_, i) => (i < 400 ? 5 : 1 + (i % 5)));

const before: Row[] = Array.from({ length: N }, (_, i) => [(i * 37) % 101, i + 1, i % 10, STARS_OLD[i], COLOURS_OLD[i], i % 2 === 0, i === 0 ? 1e6 : i + 1, i]);
const after: Row[] = Array.from({ length: N }, (_, i) => [(i * 37) % 101, i + 501, i % 10 < 3 ? null : i % 10, STARS_NEW[i], COLOURS_NEW[i], i % 10 < 8, i + 1, N + i]);

async function profileOf(data: Row[], other: number): Promise<Profile> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    const tables: TableProfile[] = [];
    const small: TableSpec = { name: 'small', doc: 'only rows change', columns: [col('x', 'INTEGER', 'a counter')] };
    for (const [spec, rows] of [[SPEC, data], [small, Array.from({ length: other }, (_, i) => [i % 3])]] as [TableSpec, Row[]][]) {
      await conn.run(createTableSql(spec));
      const w = await TableWriter.open(conn, spec);
      for (const r of rows) w.append(r);
      w.close();
      tables.push(await profileTable(conn, spec));
    }
    const rows = tables.reduce((a, t) => a + t.rows, 0);
    return { schemaVersion: 1, pack: 'test', title: 'test', computedAt: new Date().toISOString(), seconds: 0, approximations: [], overview: { builtAt: 'then', recopsVersion: null, fileBytes: null, tables: [], rows, columns: 7, sources: [], rejectsByReason: [], rejectsOther: 0 }, tables, alerts: [], views: [] };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

const checkOf = (c: ColumnDrift, m: DriftMeasure) => {
  const k = c.checks.find((x) => x.measure === m);
  assert.ok(k, `${c.column} has a ${m} check`);
  return k;
};
const near = (a: number, b: number, tol: number, what: string) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b} (±${tol})`);

test('PSI of two distributions over the same bins', () => {
  // (0.9 − 0.5)·ln(0.9/0.5) + (0.1 − 0.5)·ln(0.1/0.5), worked by hand
  near(psi([50, 50], [90, 10]), 0.8789, 1e-4, 'psi');
  assert.equal(psi([3, 7], [30, 70]), 0);
});

test('drift between two crafted builds: each column moves as constructed, the identical one stays', async () => {
  const d = compareProfiles(await profileOf(before, 100), await profileOf(after, 200));
  const t = d.tables.find((x) => x.table === 'sample')!;
  const c = (name: string) => t.columns.find((x) => x.column === name)!;

  // identical column: every figure 0, stable
  assert.equal(c('same').level, 'stable');
  for (const k of c('same').checks) assert.equal(k.value, 0, `same: ${k.measure}`);

  // shifted by half its range: KS 0.5 exactly on the rows; from the histograms within a bin (1/30)
  const oldS = before.map((r) => r[1] as number);
  const newS = after.map((r) => r[1] as number);
  near(ksOf(oldS, newS), 0.5, 1e-12, 'naive KS');
  near(checkOf(c('shifted'), 'ks').value, ksOf(oldS, newS), 1 / 30, 'shifted KS');
  near(checkOf(c('shifted'), 'mean').value, (mean(newS) - mean(oldS)) / std(oldS), 1e-9, 'mean shift in old stds');
  assert.equal(checkOf(c('shifted'), 'psi').level, 'drifted');
  assert.equal(c('shifted').level, 'drifted');

  // 30 % missing appear
  near(checkOf(c('holes'), 'missing').value, 0.3, 1e-12, 'missing share change');
  assert.equal(checkOf(c('holes'), 'missing').level, 'drifted');

  // few values: PSI and KS over every value, exact
  near(checkOf(c('stars'), 'psi').value, psiOf(STARS_OLD.map(String), STARS_NEW.map(String)), 1e-12, 'stars PSI');
  near(checkOf(c('stars'), 'ks').value, ksOf(STARS_OLD, STARS_NEW), 1e-12, 'stars KS');

  // a new category with 20 % of the rows, none vanished
  near(checkOf(c('colour'), 'new-categories').value, 0.2, 1e-12, 'new category share');
  assert.deepEqual(c('colour').newValues, [{ value: 'blue', count: 200 }]);
  assert.deepEqual(c('colour').vanishedValues, []);
  near(checkOf(c('colour'), 'psi').value, psiOf(COLOURS_OLD, COLOURS_NEW), 1e-12, 'colour PSI');
  assert.equal(c('colour').level, 'drifted');

  // booleans: 50 % → 80 % true
  near(checkOf(c('flag'), 'true-share').value, 0.3, 1e-12, 'true share change');
  near(checkOf(c('flag'), 'psi').value, psiOf(before.map((r) => String(r[5])), after.map((r) => String(r[5]))), 1e-12, 'flag PSI');

  // one far value makes the old bins 33,000 wide (all but one value in the first): the quantiles
  // pin the distribution inside it, so nearly the same data is not taken for drift
  const oldSp = before.map((r) => r[6] as number);
  const newSp = after.map((r) => r[6] as number);
  near(checkOf(c('spread'), 'ks').value, ksOf(oldSp, newSp), 0.02, 'spread KS');
  assert.equal(checkOf(c('spread'), 'ks').level, 'stable');
  assert.equal(checkOf(c('spread'), 'psi').level, 'stable');

  // identifiers: all new, yet only their missing share is compared
  assert.deepEqual(c('item_id').checks.map((k) => k.measure), ['missing']);
  assert.equal(c('item_id').level, 'stable');

  // a table whose rows double, its data the same
  const small = d.tables.find((x) => x.table === 'small')!;
  near(small.rows!.value, 1, 1e-12, 'rows change');
  assert.equal(small.rows!.level, 'drifted');
  assert.deepEqual(small.columns.map((x) => x.level), ['stable']);

  assert.equal(d.level, 'drifted');
  assert.equal(d.counts.stable + d.counts.changed + d.counts.drifted, 9);
  const text = formatDrift(d);
  assert.match(text, /^DRIFT test: DRIFTED/);
  assert.match(text, /colour \(text\): drifted/);
  assert.doesNotMatch(text, /same \(numeric\)/, 'stable columns are left out of the summary');
});

test('a build compared with itself is stable in every column', async () => {
  const p = await profileOf(before, 100);
  const d = compareProfiles(p, structuredClone(p));
  assert.equal(d.level, 'stable');
  assert.equal(d.counts.changed + d.counts.drifted, 0);
  assert.throws(() => compareProfiles(p, { ...p, pack: 'other' }), /different packs/);
});
