/**
 * The bulk ratings loader (DuckDB's reader over the plain lines, a JS scan for the others) builds
 * the warehouse the row-by-row reference builds (`ingestPack(…, { fast: false })`), on generated
 * files with edge lines, and falls back to the row path exactly where it must.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { ingestPack, type IngestReport } from '../../../src/core/ingest/run.js';
import { streamingPack } from '../../../src/packs/streaming/index.js';
import { bulkFallbacks, groupFallback, scannedAhead } from '../../../src/packs/streaming/sources.js';
import { silent, tempDir } from '../../helpers.js';
import { warehouseDifferences } from '../../core/ingest/same-warehouse.js';

// Rejected by the rules (clean.ts parseRatingLine), each for its own reason; none is plain.
const BAD = [
  '12,3.7,1500000000,ns1',
  '12,0,1500000000,ns1',
  '12,5.5,1500000000,ns1',
  '12,-1,1500000000,ns1',
  '-5,4.0,1500000000,ns1',
  '2147483648,4.0,1500000000,ns1',
  '12,4.0,1500000000000,ns1',
  '12,4.0,15e8,ns1',
  '12,4.0,1500000000,',
  '12,4.0,1500000000,' + 'a'.repeat(101),
  '12,"4.0,1500000000,ns1',
  '"12"x,4.0,1500000000,ns1',
  '12,4.0,1500000000,ns1,extra',
  '12,4.0,1500000000',
  '   ',
];
// Plain at the edges of the pattern: loaded by DuckDB, and the reference reads them the same.
const PLAIN_EDGES = ['0,0.5,0,a', '999999999,5,99999999999,' + 'z9'.repeat(50), '1,5.0,1,x', '7,1,2,y', '8,4.5,3,q0'];
// Good but not plain: the reference accepts them, so a file holding one is read row by row.
const GOOD_ODD = ['" 12 ",4.0,1500000000,ns1', '12,.5,1500000000,ns1', '12,4.50,1,ns1', '12,4.0,1,NS1', '2147483647,4.0,1,ns1', '12, 4.0 ,1,ns1', '12,4.0,1,"ns""1"', '12,4.0,1,ns1\0'];

const withoutTimes = (r: IngestReport) => r.sources.map(({ seconds: _s, ...rest }) => rest);

/** `extra` spread through `lines` (after the header), in order. */
function interleave(lines: string[], extra: string[]): string[] {
  const out = [lines[0]];
  const step = Math.max(1, Math.floor((lines.length - 1) / (extra.length + 1)));
  const pending = [...extra];
  lines.slice(1).forEach((l, i) => {
    out.push(l);
    if ((i + 1) % step === 0 && pending.length) out.push(pending.shift()!);
  });
  return [...out, ...pending];
}

test('equivalence: the bulk ratings loader builds the warehouse the row-by-row loader builds, and falls back where it must', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const raw = join(dir, 'raw');
    await streamingPack.synth.generate(raw, { ratings: '40000', seed: '11' }, silent);
    const file = (k: number) => join(raw, 'ratings', `${k}.csv`);
    const read = (k: number) => readFileSync(file(k), 'latin1').split('\n').filter((l, i, all) => i < all.length - 1 || l !== '');
    const write = (k: number, lines: string[], eol = '\n', last = eol) => writeFileSync(file(k), Buffer.from(lines.join(eol) + last, 'latin1'));

    // 1: rejects, blank lines and plain edge rows among the generated ones, no newline at the end: bulk
    write(1, interleave(read(1), [...BAD, '', ...PLAIN_EDGES, '']), '\n', '');
    // 2: good lines that are not plain: row by row
    write(2, interleave(read(2), GOOD_ODD));
    // 3: CRLF line ends: row by row
    write(3, read(3), '\r\n');
    // 4: the columns in another order: bulk, with that layout
    write(4, read(4).map((l) => {
      const f = l.split(',');
      return f.length === 4 ? [f[3], f[2], f[0], f[1]].join(',') : l;
    }));
    // 5: an extra column: row by row
    write(5, read(5).map((l, i) => (i === 0 ? l + ',source' : l + ',web')));
    // 6: invalid UTF-8 in a rejected line: DuckDB refuses the file, row by row
    write(6, interleave(read(6), ['12,9.0,1500000000,ns\xff1']));
    // 7: a byte 0x01 in a rejected line: row by row
    write(7, interleave(read(7), ['12,9.0,1500000000,ns\x011']));
    // 8: gzipped: bulk
    writeFileSync(file(8) + '.gz', gzipSync(readFileSync(file(8))));
    rmSync(file(8));

    const fast = await ingestPack(streamingPack, { from: raw, db: join(dir, 'fast.duckdb'), log: silent });
    // not all eight can go in bulk, so none went in together: the first file that cannot is named
    assert.match(String(groupFallback.why), /ratings\/2\.csv: line \d+ is good but not plain$/);
    const fallbacks = [1, 2, 3, 4, 5, 6, 7, 8].map((k) => bulkFallbacks.get(k === 8 ? file(8) + '.gz' : file(k)));
    const expected = [null, /^line \d+ is good but not plain$/, /^a '\\r' in the file$/, null, /^the header has 5 fields$/, /^DuckDB's read: .*CSV Error/, /^a byte 0x01 in the file$/, null];
    fallbacks.forEach((f, i) => {
      const want = expected[i];
      if (want === null) assert.equal(f, null, `ratings/${i + 1}: loaded row by row (${f})`);
      else assert.match(String(f), want, `ratings/${i + 1}`);
    });
    // a file's scan is read while the file before it is inserted, when that one went in bulk
    const ahead = [1, 2, 3, 4, 5, 6, 7, 8].map((k) => scannedAhead.get(k === 8 ? file(8) + '.gz' : file(k)));
    assert.deepEqual(ahead, [false, true, false, false, true, false, true, false]);
    const reference = await ingestPack(streamingPack, { from: raw, db: join(dir, 'ref.duckdb'), log: silent, fast: false });
    assert.deepEqual(withoutTimes(fast), withoutTimes(reference));
    const first = fast.sources.find((s) => s.source === 'ratings_1')!;
    // every record accounted for, and the edge lines did reach the rejects
    assert.equal(first.records, first.rows + first.rejected);
    assert.ok(first.rejected >= BAD.length, `rejected ${first.rejected}`);
    const ordered = ['titles', 'ratings', 'rejects'];
    assert.deepEqual(await warehouseDifferences(join(dir, 'fast.duckdb'), join(dir, 'ref.duckdb'), ordered), []);
    // the plain edge rows are there as the reference read them
    const instance = await DuckDBInstance.create(join(dir, 'fast.duckdb'));
    const conn = await instance.connect();
    const edge = (await conn.runAndReadAll(`SELECT user_id, rating, timestamp::VARCHAR, length(movie_id)::INTEGER FROM ratings WHERE user_id IN (0, 999999999) ORDER BY user_id`)).getRows();
    assert.deepEqual(edge, [
      [0, 0.5, '0', 1],
      [999999999, 5, '99999999999', 100],
    ]);
    // and the comparison does see a rating moved by one row
    await conn.run('UPDATE ratings SET rating = rating + 0.5 WHERE rowid = 3; UPDATE ratings SET rating = rating - 0.5 WHERE rowid = 4');
    conn.closeSync();
    instance.closeSync();
    assert.notDeepEqual(await warehouseDifferences(join(dir, 'fast.duckdb'), join(dir, 'ref.duckdb'), ordered), []);
  } finally {
    cleanup();
  }
});

test('equivalence: the eight ratings files inserted together build the warehouse the row-by-row loader builds', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const raw = join(dir, 'raw');
    await streamingPack.synth.generate(raw, { ratings: '40000', seed: '12' }, silent);
    const file = (k: number) => join(raw, 'ratings', `${k}.csv`);
    const read = (k: number) => readFileSync(file(k), 'latin1').split('\n').filter((l, i, all) => i < all.length - 1 || l !== '');
    const write = (k: number, lines: string[], last = '\n') => writeFileSync(file(k), Buffer.from(lines.join('\n') + last, 'latin1'));
    // rejects, blank lines and plain edge rows in every file, each file its own; one without a newline at the end, one gzipped
    for (const k of [1, 2, 3, 4, 5, 6, 7, 8]) write(k, interleave(read(k), [...BAD.slice(k - 1), '', ...PLAIN_EDGES.slice(0, k % 5)]), k === 3 ? '' : '\n');
    // the same odd line in two files is rejected in each, with its own line number
    write(6, interleave(read(6), ['12,9.5,1500000000,ns9']));
    write(7, interleave(read(7), ['12,9.5,1500000000,ns9']));
    writeFileSync(file(8) + '.gz', gzipSync(readFileSync(file(8))));
    rmSync(file(8));
    for (const k of [1, 2, 3, 4, 5, 6, 7, 8]) bulkFallbacks.delete(k === 8 ? file(8) + '.gz' : file(k));

    const fast = await ingestPack(streamingPack, { from: raw, db: join(dir, 'fast.duckdb'), log: silent });
    assert.equal(groupFallback.why, null, 'the eight files went in together');
    // and none was loaded on its own
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 8].map((k) => bulkFallbacks.get(k === 8 ? file(8) + '.gz' : file(k))), new Array(8).fill(undefined));
    const reference = await ingestPack(streamingPack, { from: raw, db: join(dir, 'ref.duckdb'), log: silent, fast: false });
    assert.deepEqual(withoutTimes(fast), withoutTimes(reference));
    for (const s of fast.sources.filter((r) => r.source.startsWith('ratings_'))) assert.equal(s.records, s.rows + s.rejected, s.source);
    assert.ok(fast.sources.find((s) => s.source === 'ratings_7')!.rejected >= 2);
    assert.deepEqual(await warehouseDifferences(join(dir, 'fast.duckdb'), join(dir, 'ref.duckdb'), ['titles', 'ratings', 'rejects', 'build_info']), []);
  } finally {
    cleanup();
  }
});
