import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StagedWriter, chunkable, removeStaleStaging } from '../../../src/core/ingest/staged-writer.js';
import { TableWriter, type Row } from '../../../src/core/warehouse/writer.js';
import { col, createTableSql, type TableSpec } from '../../../src/core/warehouse/schema.js';

const spec = (name: string): TableSpec => ({
  name,
  doc: 'test',
  columns: [col('s', 'VARCHAR', ''), col('i', 'INTEGER', ''), col('b', 'BIGINT', ''), col('d', 'DOUBLE', ''), col('f', 'BOOLEAN', ''), col('t', 'TINYINT', ''), col('x', 'TEXT', '')],
});

// every value a CSV round trip could get wrong
const ROWS: Row[] = [
  ['plain', 1, 2, 0.1, true, 3, ''],
  ['', 0, 0, 0, false, 0, null],
  [null, null, null, null, null, null, 'x'],
  ['say "hi", then\r\nleave', -5, -9_007_199_254_740_991, -1.5e-300, true, -128, '"'],
  ['nul \u0000 tab \t café 😀 lone \ud83d end', 2_147_483_647, 9_007_199_254_740_991, NaN, false, 127, 'ünï"'],
  ['"', -2_147_483_648, 1e15, Infinity, true, 1, ','],
  ['x'.repeat(600_000) + 'é'.repeat(300_000), 7, 7, -Infinity, false, 2, '\n'],
  ['after the long one', 8, 8, 1 / 3, true, 3, 'ok'],
  // longer than 24 characters (written in one native call): quotes, non-ASCII, a lone surrogate
  ['a "quoted" word, then é and 😀, a lone \udc00 and "', 9, 9, 0.5, false, 4, '"' + 'ü'.repeat(30) + '""'],
];

/**
 * Creates two tables of `table(name)`, 'staged' and 'appended', and writes `rows` to the first
 * through the staged CSV and to the second through the row appender; the staged writer's row count.
 */
async function writeBothWays(conn: DuckDBConnection, table: (name: string) => TableSpec, rows: Row[]): Promise<number> {
  for (const name of ['staged', 'appended']) await conn.run(createTableSql(table(name)));
  assert.ok(chunkable(table('staged')));
  const staged = new StagedWriter(table('staged'));
  const appended = await TableWriter.open(conn, table('appended'));
  try {
    for (const r of rows) {
      staged.append(r);
      appended.append(r);
    }
    await staged.finish(conn);
  } finally {
    staged.close();
    appended.close();
  }
  return staged.rows;
}

test('a staged table reads back exactly what the row appender writes, in the same order', async () => {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    assert.equal(await writeBothWays(conn, spec, ROWS), ROWS.length);
    const read = async (t: string) => (await conn.runAndReadAll(`SELECT s, i, b::VARCHAR, d::VARCHAR, f, t, x FROM ${t} ORDER BY rowid`)).getRows();
    const got = await read('staged');
    assert.deepEqual(got, await read('appended'));
    // and the appender's values are the rows given (so the comparison is not of two wrong things)
    assert.equal(got[3][0], 'say "hi", then\r\nleave');
    assert.equal(got[1][0], '');
    assert.equal(got[2][0], null);
    assert.equal(got[4][3], 'nan');
    assert.equal((got[6][0] as string).length, 900_000);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
});

test('a DATE column reads back as the row appender casts its ISO text', async () => {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    const t = (name: string): TableSpec => ({ name, doc: '', columns: [col('d', 'DATE', ''), col('n', 'INTEGER', '')] });
    const rows: Row[] = [['2015-03-03', 1], [null, 2], ['1999-12-31', 3], ['0001-01-01', 4], ['9999-12-31', 5], ['2016-02-29', 6]];
    await writeBothWays(conn, t, rows);
    const read = async (name: string) => (await conn.runAndReadAll(`SELECT d::VARCHAR, n FROM ${name} ORDER BY rowid`)).getRows();
    assert.deepEqual(await read('staged'), await read('appended'));
    assert.deepEqual(
      (await read('staged')).map((r) => r[0]),
      rows.map((r) => r[0]),
    );
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
});

test('a table with a TIMESTAMP column is not staged', () => {
  assert.equal(chunkable({ name: 't', doc: '', columns: [col('d', 'TIMESTAMP', '')] }), false);
});

test('a list column reads back as the row appender stores it, whatever its strings hold', async () => {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    const t = (name: string): TableSpec => ({ name, doc: '', columns: [col('n', 'INTEGER', ''), col('l', 'VARCHAR[]', ''), col('s', 'VARCHAR', ''), col('m', 'VARCHAR[]', '')] });
    const rows: Row[] = [
      [1, ['Action', 'Indie'], 'a', []],
      [2, null, null, ['']],
      [3, ['say "hi", then\r\nleave', "it's", 'back\\slash \\u0041', '[1, 2]', 'null', ','], 'b', null],
      [4, ['nul \u0000 tab \t', 'café 😀', 'lone \ud83d and \udc00 end', '\u2028'], 'c', ['x']],
      [5, ['x'.repeat(600_000) + 'é'.repeat(300_000)], 'long', ['y']],
      [6, [], '', []],
    ];
    assert.ok(chunkable(t('staged')));
    await writeBothWays(conn, t, rows);
    const read = async (name: string) => (await conn.runAndReadAll(`SELECT n, l, s, m FROM ${name} ORDER BY rowid`)).getRowsJS();
    const got = await read('staged');
    assert.deepEqual(got, await read('appended'));
    // the values given, lone surrogates as U+FFFD (what UTF-8 makes of them)
    assert.deepEqual(got[2][1], rows[2][1]);
    assert.deepEqual(got[3][1], ['nul \u0000 tab \t', 'café 😀', 'lone \ufffd and \ufffd end', '\u2028']);
    assert.deepEqual([got[1][1], got[1][3], got[5][1]], [null, [''], []]);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
});

test('staging folders of killed ingests are swept, those of running ones kept', () => {
  const dead = mkdtempSync(join(tmpdir(), 'recops-stage-999999999-'));
  const live = mkdtempSync(join(tmpdir(), `recops-stage-${process.ppid}-`));
  try {
    writeFileSync(join(dead, 't.csv'), 'x'.repeat(1000));
    // pid 999999999 is beyond Linux's pid range: never running; the parent is
    const removed = removeStaleStaging((pid) => pid === process.ppid);
    const mine = removed.filter((r) => r.file === dead);
    assert.deepEqual(mine, [{ file: dead, bytes: 1000, why: 'staging rows of an ingest (pid 999999999) that was killed' }]);
    assert.equal(existsSync(dead), false);
    assert.equal(existsSync(live), true);
  } finally {
    rmSync(dead, { recursive: true, force: true });
    rmSync(live, { recursive: true, force: true });
  }
});

test('pieces loaded in the background, while rows are still written, give the table the row appender gives, in order', async () => {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const background = await instance.connect();
  try {
    for (const name of ['staged', 'appended']) await conn.run(createTableSql(spec(name)));
    const staged = new StagedWriter(spec('staged'), { conn: background, pieceBytes: 1_500_000 });
    const appended = await TableWriter.open(conn, spec('appended'));
    // the tricky rows (one longer than the write buffer) among many plain ones
    const rows: Row[] = [];
    for (let i = 0; i < 20_000; i++) rows.push(i % 1000 === 500 ? ROWS[(i / 1000) % ROWS.length | 0] : [`row ${i}`, i, i * 3, i / 7, i % 2 === 0, i % 100, 'é'.repeat(i % 5)]);
    let loadedBeforeFinish = 0;
    try {
      for (let i = 0; i < rows.length; i++) {
        staged.append(rows[i]);
        appended.append(rows[i]);
        // let the background loads run between rows, as the reader's awaits on its input do
        if (i === 10_000) for (let k = 0; k < 200 && staged.loadedBytes === 0; k++) await new Promise((r) => setTimeout(r, 50));
      }
      loadedBeforeFinish = staged.loadedBytes;
      await staged.finish(conn);
    } finally {
      await staged.settled();
      staged.close();
      appended.close();
    }
    assert.ok(loadedBeforeFinish > 0, 'no piece was loaded before finish');
    // pieces are cut as the 1 MB buffer is written out: the long rows make pieces of their own,
    // and the rows after the last of them a piece smaller than pieceBytes, loaded by finish
    assert.ok(staged.loadedPieces >= 3, `${staged.loadedPieces} pieces`);
    assert.equal(staged.loadedBytes, staged.bytes);
    const read = async (t: string) => (await conn.runAndReadAll(`SELECT s, i, b::VARCHAR, d::VARCHAR, f, t, x FROM ${t} ORDER BY rowid`)).getRows();
    const got = await read('staged');
    assert.equal(got.length, rows.length);
    assert.deepEqual(got, await read('appended'));
    assert.equal(got[19_999][0], 'row 19999');
  } finally {
    background.closeSync();
    conn.closeSync();
    instance.closeSync();
  }
});

test('a background piece that fails to load fails finish, and settled() waits without throwing', async () => {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const background = await instance.connect();
  try {
    // the pieces' table is not there: every load fails
    const staged = new StagedWriter(spec('missing'), { conn: background, pieceBytes: 1024 });
    try {
      for (let i = 0; i < 2000; i++) staged.append([`row ${i}`, i, i, i, true, 1, '']);
      await assert.rejects(staged.finish(conn), /missing/);
      await staged.settled();
      assert.equal(staged.loadedPieces, 0);
    } finally {
      staged.close();
    }
  } finally {
    background.closeSync();
    conn.closeSync();
    instance.closeSync();
  }
});
