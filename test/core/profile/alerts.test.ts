import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDBInstance } from '@duckdb/node-api';
import { col, createTableSql, type TableSpec } from '../../../src/core/warehouse/schema.js';
import { TableWriter, type Row } from '../../../src/core/warehouse/writer.js';
import { profileTable } from '../../../src/core/profile/compute.js';
import { alertsFor, imbalanceOf, THRESHOLDS } from '../../../src/core/profile/alerts.js';

const SPEC: TableSpec = {
  name: 'crafted',
  doc: 'one column per alert, and well-behaved ones that must raise none',
  columns: [
    col('half_missing', 'INTEGER', 'missing on every other row'),
    col('constant', 'VARCHAR', "always 'x'"),
    col('code', 'VARCHAR', 'unique'),
    col('free_text', 'VARCHAR', '60 distinct values in 100 rows'),
    col('heavy_tail', 'DOUBLE', 'a few huge values'),
    col('mostly_zero', 'INTEGER', '0 on 80 % of rows'),
    col('rare_flag', 'BOOLEAN', 'true on 3 % of rows'),
    col('uniform', 'DOUBLE', '0.5, 1.5, … evenly spread, never 0'),
    col('twice_uniform', 'DOUBLE', 'exactly 2 × uniform'),
    col('balanced', 'VARCHAR', "'a' or 'b', half each"),
  ],
};

test('each alert fires on the column built to trigger it, with the figure behind it, and only there', async () => {
  const rows: Row[] = [];
  for (let i = 0; i < 100; i++) {
    const u = (i % 50) + 0.5;
    rows.push([i % 2 ? null : i, 'x', `c${i}`, `t${i % 60}`, i >= 97 ? 1e6 * i : i % 10, i % 5 === 0 ? i : 0, i < 3, u, 2 * u, i % 2 ? 'a' : 'b']);
  }
  rows.push(rows[10], rows[11]); // two duplicate rows: 102 rows, 'code' no longer unique
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    await conn.run(createTableSql(SPEC));
    const w = await TableWriter.open(conn, SPEC);
    for (const r of rows) w.append(r);
    w.close();
    const t = await profileTable(conn, SPEC);
    const alerts = alertsFor([t]);
    const of = (column: string | null) => alerts.filter((a) => a.column === column).map((a) => a.kind).sort();
    const one = (kind: string, column: string | null) => {
      const found = alerts.filter((a) => a.kind === kind && a.column === column);
      assert.equal(found.length, 1, `${kind} on ${column}: ${JSON.stringify(alerts.map((a) => a.message))}`);
      return found[0];
    };
    assert.equal(one('duplicates', null).value, 2);
    const missing = one('missing', 'half_missing');
    assert.equal(missing.value, 51 / 102); // rows 11 and its copy are missing too
    assert.equal(missing.threshold, THRESHOLDS.missing);
    assert.match(missing.message, /50\.0 % missing \(51 of 102 rows\)/);
    assert.match(one('constant', 'constant').message, /every present value is "x"/);
    assert.equal(one('high-cardinality', 'free_text').value, 60 / 102);
    const skewed = one('skewed', 'heavy_tail');
    assert.ok(skewed.value > THRESHOLDS.skewed);
    assert.equal(skewed.value, (t.columns[4] as { skewness: number }).skewness);
    assert.equal(one('zeros', 'mostly_zero').value, rows.filter((r) => r[5] === 0).length / 102);
    const imbalance = one('imbalance', 'rare_flag');
    assert.equal(imbalance.value, imbalanceOf([3, 99]));
    assert.match(imbalance.message, /'false' is 97\.1 % of the values/);
    const corr = one('correlated', 'uniform, twice_uniform');
    assert.ok(Math.abs(corr.value - 1) < 1e-12);
    // the unique alert: a table without the duplicated rows
    const unique = alertsFor([{ ...t, duplicateRows: 0, columns: t.columns.map((c) => (c.name === 'code' ? { ...c, distinct: c.count } : c)) }]).filter((a) => a.kind === 'unique');
    assert.deepEqual(unique.map((a) => a.column), ['code']);
    // columns built to be well-behaved raise nothing of their own
    assert.deepEqual(of('balanced'), []);
    assert.deepEqual(of('uniform'), []);
    assert.deepEqual(of('twice_uniform'), []);
    assert.deepEqual(of('code'), ['high-cardinality'], 'two repeated values after the duplicated rows: nearly unique, not unique');
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
});

test('a truly unique column raises the unique alert; an estimated distinct count never does', async () => {
  const spec: TableSpec = { name: 'u', doc: '', columns: [col('key', 'VARCHAR', 'unique'), col('n', 'INTEGER', 'unique too')] };
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    await conn.run(createTableSql(spec));
    const w = await TableWriter.open(conn, spec);
    for (let i = 0; i < 50; i++) w.append([`k${i}`, i]);
    w.close();
    const t = await profileTable(conn, spec);
    assert.deepEqual(alertsFor([t]).filter((a) => a.kind === 'unique').map((a) => [a.column, a.value]), [['key', 1], ['n', 1]]);
    const estimated = { ...t, columns: t.columns.map((c) => ({ ...c, distinctExact: false })) };
    assert.deepEqual(alertsFor([estimated]).filter((a) => a.kind === 'unique'), []);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
});

test('imbalance is 1 − normalised entropy', () => {
  assert.equal(imbalanceOf([50, 50]), 0);
  assert.equal(imbalanceOf([10, 0]), null);
  const p = 0.9;
  assert.ok(Math.abs(imbalanceOf([90, 10])! - (1 - -(p * Math.log(p) + (1 - p) * Math.log(1 - p)) / Math.log(2))) < 1e-12);
});
