/**
 * SourceSpec.load: a source that reads its file itself and writes rows in bulk. The core must
 * still count its rows (from the table, not from the loader's word), put its rejects in `rejects`
 * with file, line and reason, and keep the build atomic when a loader fails.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { ingestPack } from '../../../src/core/ingest/run.js';
import type { BulkSink, Pack } from '../../../src/core/pack.js';
import { col } from '../../../src/core/warehouse/schema.js';
import { query, silent, tempDir } from '../../helpers.js';

/** A bulk loader for 'key,value' lines: writes good ones with its own appender, rejects the rest. */
async function loadPairs(conn: DuckDBConnection, file: string, sink: BulkSink): Promise<void> {
  const lines = readFileSync(file, 'utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  const app = await conn.createAppender('items');
  let kept = 0;
  lines.forEach((line, i) => {
    const m = /^(\w+),(\d+)$/.exec(line);
    if (line === 'boom') throw new Error('the loader broke');
    if (!m) return sink.reject(i + 1, `not key,integer`, line);
    app.appendVarchar(m[1]);
    app.appendInteger(Number(m[2]));
    app.endRow();
    kept++;
    if (Number(m[2]) === 0) sink.note('zero values');
  });
  app.closeSync();
  sink.progress(readFileSync(file).length, lines.length);
  sink.kept(kept);
}

const pack: Pack = {
  name: 'bulkdemo',
  title: 'a pack with one record-by-record and one bulk source on the same table',
  tables: [{ name: 'items', doc: 'pairs', columns: [col('k', 'VARCHAR', 'key'), col('v', 'INTEGER', 'value')] }],
  sources: [
    {
      name: 'lines_source',
      files: ['a.txt'],
      unit: 'pair',
      mainTable: 'items',
      open: () => ({
        line(text, sink) {
          const [k, v] = text.split(',');
          sink.row('items', [k, Number(v)]);
          sink.kept();
        },
      }),
    },
    { name: 'bulk_source', files: ['b.txt'], unit: 'pair', mainTable: 'items', load: loadPairs },
  ],
  synth: { description: '', options: [], generate: async () => [] },
};

test('a bulk source: rows counted from the table, rejects with line and reason, beside a line source', async () => {
  const { dir, cleanup } = tempDir();
  try {
    writeFileSync(join(dir, 'a.txt'), 'x,1\ny,2\n');
    writeFileSync(join(dir, 'b.txt'), 'p,10\nq,ten\nr,0\n\nlast,7\n');
    const db = join(dir, 'w.duckdb');
    const report = await ingestPack(pack, { from: dir, db, log: silent });
    const bulk = report.sources.find((s) => s.source === 'bulk_source')!;
    // 5 lines: 3 kept, 'q,ten' and the blank line rejected by this loader's own rule
    assert.deepEqual([bulk.lines, bulk.records, bulk.rows, bulk.rejected], [5, 5, 3, 2]);
    assert.deepEqual(bulk.notes, { 'zero values': 1 });
    assert.equal(bulk.records, bulk.rows + bulk.rejected + bulk.duplicates + bulk.empty);
    assert.equal(report.sources.find((s) => s.source === 'lines_source')!.rows, 2);
    assert.deepEqual(await query(db, 'SELECT k, v FROM items ORDER BY k'), [
      { k: 'last', v: 7 },
      { k: 'p', v: 10 },
      { k: 'r', v: 0 },
      { k: 'x', v: 1 },
      { k: 'y', v: 2 },
    ]);
    assert.deepEqual(await query(db, 'SELECT source, line, reason, excerpt, kind FROM rejects ORDER BY line'), [
      { source: 'bulk_source', line: 2, reason: 'not key,integer', excerpt: 'q,ten', kind: 'invalid' },
      { source: 'bulk_source', line: 4, reason: 'not key,integer', excerpt: '', kind: 'invalid' },
    ]);
    assert.deepEqual(await query(db, "SELECT rows, rejected FROM build_info WHERE source = 'bulk_source'"), [{ rows: 3, rejected: 2 }]);
  } finally {
    cleanup();
  }
});

test('a loader that throws fails the build and leaves the previous warehouse as it was', async () => {
  const { dir, cleanup } = tempDir();
  try {
    writeFileSync(join(dir, 'a.txt'), 'x,1\n');
    writeFileSync(join(dir, 'b.txt'), 'p,10\n');
    const db = join(dir, 'w.duckdb');
    await ingestPack(pack, { from: dir, db, log: silent });
    const before = readFileSync(db);
    writeFileSync(join(dir, 'b.txt'), 'p,11\nboom\n');
    await assert.rejects(ingestPack(pack, { from: dir, db, log: silent }), (err: Error) => {
      assert.match(err.message, /cannot load .*b\.txt.*the loader broke; the previous warehouse is kept/);
      return true;
    });
    assert.ok(readFileSync(db).equals(before));
    assert.deepEqual(await query(db, 'SELECT k, v FROM items ORDER BY k'), [
      { k: 'p', v: 10 },
      { k: 'x', v: 1 },
    ]);
  } finally {
    cleanup();
  }
});
