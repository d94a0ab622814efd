/**
 * The titles' fast path (csv-fast's reader, cells cleaned from bytes into staged CSV rows)
 * builds the `titles` and `rejects` the reference builds (csv-parse, cleanTitleRecord, the row
 * appender: `fast: false`), on generated catalogues with planted records that hit every
 * cleaning rule and the readers' edges: CRLF and LF files, a gzipped one, a file handed over to
 * csv-parse half-way, columns in another order, non-ASCII, quotes, control characters, repeats,
 * rejects and duplicates.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { ingestPack, type IngestReport } from '../../../src/core/ingest/run.js';
import { fieldBytes, readCsvFast } from '../../../src/core/ingest/csv-fast.js';
import { streamingPack } from '../../../src/packs/streaming/index.js';
import { query, silent, tempDir } from '../../helpers.js';
import { warehouseDifferences } from '../../core/ingest/same-warehouse.js';

const COLUMNS = ['show_id', 'type', 'title', 'director', 'cast', 'country', 'date_added', 'release_year', 'rating', 'duration', 'listed_in', 'description'];

/** A CSV cell as pandas writes it: quoted when it holds a quote, comma or line break. */
const cell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

const LONG_CAST = Array.from({ length: 3000 }, (_, i) => `Actor Number${i} Surname`).join(', ') + ', ACTOR NUMBER7 SURNAME';

/** Planted records (cells in COLUMNS order, or a raw line), ids prefixed so that each file's are its own. */
function planted(p: string, eol = '\r\n'): (string[] | { line: string })[] {
  return [
    [`${p}1`, ' Movie ', '\t The GRAND\tSeduction \t', '\u200bDon McKellar', 'Brendan Gleeson, brendan GLEESON, , Taylor Kitsch,', ', South Korea,United States, ', 'September 25, 2021', '2014', 'TV-MA', '113 min', 'Comedy, Drama', `A "quoted" word, and${eol}a new line\nand LF`],
    [`${p}2`, 'TV Show', 'Amélie À', 'ΟΔΥΣΣΕΥΣ', 'Zoë Kravitz, ZOË KRAVITZ, \u00a0Ana\u00a0', "Côte d'Ivoire", '  August 1,2020 ', ' 2001 ', '', '2 Seasons', '\ufeffDrama, drama', '\u200b'],
    [`${p}3`, 'Movie', 'x', '', '', '', '', '1999', '74 min', '', '', ''],
    { line: '' },
    { line: '' },
    ['  ', 'Movie', 'no id', '', '', '', '', '2000', 'PG', '90 min', '', ''],
    [`${p.toUpperCase()}1`, 'Movie', 'a repeat', '', '', '', '', '2000', 'PG', '90 min', '', ''],
    [`${p}6`, 'Movie', 'T', 'D', 'C', 'U', 'February 30, 2020', '20x1', 'PG', '113 minutes long', 'A', ''],
    [`${p}7`, 'Movie', 'Back\\slash "q"', 'd', 'O"Brien, Back\\slash, Tab\there, \x01ctrl, x\x00y', 'A,B', '', '2000', 'R', '90 min', 'Action\t, Thriller', 'desc\x00nul \x01'],
    { line: `${p}8,Movie,short` },
    { line: '   ' },
    [`${p}11`, 'Movie', 'long cast', '', LONG_CAST, '', '', '2000', 'R', '90 min', '', ''],
    [`${p}12`, '', '', '', '', '', '', '', '', '', '', ''],
    [`${p}13`, 'MOVIE', 'Ümlaut', '', 'A  B,  a  b, A  b ', ' , , ', 'may 5, 2019', '2019', 'nr', '1 Season', 'Kids & Family,Kids & Family', 'Plain words'],
  ];
}

function lines(records: (string[] | { line: string })[], order = COLUMNS): string[] {
  return records.map((r) => ('line' in r ? r.line : order.map((c) => cell(r[COLUMNS.indexOf(c)])).join(',')));
}

const withoutTimes = (r: IngestReport) => r.sources.map(({ seconds: _s, ...rest }) => rest);

test('equivalence: the titles fast path builds the titles and rejects of the reference, planted quirks and all', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const raw = join(dir, 'raw');
    await streamingPack.synth.generate(raw, { ratings: '2000', seed: '5' }, silent);
    const file = (name: string) => join(raw, name);
    const generated = (name: string) => readFileSync(file(name), 'utf8');

    // amazon: the generated CRLF file, planted records at its end
    const amazon = generated('amazon_prime_titles.csv') + lines(planted('q')).join('\r\n') + '\r\n';
    writeFileSync(file('amazon_prime_titles.csv'), amazon);
    // disney: LF line ends, the columns in another order and one more column
    const order = [...COLUMNS].reverse();
    const disney = [[...order, 'extra'].join(','), ...lines(planted('d', '\n'), order).map((l) => (l.includes(',') ? l + ',x' : l))].join('\n') + '\n';
    writeFileSync(file('disney_plus_titles.csv'), disney);
    // hulu: a lone '\r' in a quoted cell half-way: csv-parse reads the file from there on
    const lone = [['h-lone', 'Movie', 'lone', '', '', '', '', '2000', 'PG', '90 min', '', 'a lone\rcarriage return']];
    writeFileSync(file('hulu_titles.csv'), generated('hulu_titles.csv') + [...lines(planted('p')), ...lines(lone), ...lines(planted('r'))].join('\r\n') + '\r\n');
    // netflix: gzipped
    writeFileSync(file('netflix_titles.csv.gz'), gzipSync(generated('netflix_titles.csv') + lines(planted('n')).join('\r\n')));
    rmSync(file('netflix_titles.csv'));

    // the fast reader does read amazon and disney whole, and hands hulu over after the planted 'p' records
    const fastRecords = async (name: string) => {
      const kinds: boolean[] = [];
      for await (const it of readCsvFast(file(name))) if (it.ok) kinds.push(fieldBytes(it.record, 'show_id') !== null);
      return kinds;
    };
    assert.ok((await fastRecords('amazon_prime_titles.csv')).every(Boolean));
    assert.ok((await fastRecords('disney_plus_titles.csv')).every(Boolean));
    const hulu = await fastRecords('hulu_titles.csv');
    assert.ok(hulu.filter(Boolean).length > 1000 && hulu.filter((x) => !x).length >= 10, `${hulu.filter(Boolean).length} fast, ${hulu.filter((x) => !x).length} handed over`);

    const fast = await ingestPack(streamingPack, { from: raw, db: join(dir, 'fast.duckdb'), log: silent });
    const reference = await ingestPack(streamingPack, { from: raw, db: join(dir, 'ref.duckdb'), log: silent, fast: false });
    assert.deepEqual(withoutTimes(fast), withoutTimes(reference));
    const ordered = ['titles', 'ratings', 'rejects'];
    assert.deepEqual(await warehouseDifferences(join(dir, 'fast.duckdb'), join(dir, 'ref.duckdb'), ordered), []);

    // the planted records are there as the rules (README) make them, checked by hand
    const row = async (id: string) => (await query(join(dir, 'fast.duckdb'), `SELECT title, director, "cast", cast_members, countries, genres, description, date_added::VARCHAR AS date_added, release_year, rating, duration_int, duration_type FROM titles WHERE id = '${id}'`))[0];
    for (const p of ['aq', 'dd', 'hp', 'hr', 'nn']) {
      const one = await row(`${p}1`);
      assert.equal(one.title, 'the grand\tseduction');
      assert.equal(one.director, 'don mckellar');
      assert.deepEqual(one.cast_members, ['brendan gleeson', 'taylor kitsch']);
      assert.deepEqual(one.countries, ['south korea', 'united states']);
      assert.deepEqual(one.genres, ['comedy', 'drama']);
      assert.equal(one.description, p === 'dd' ? 'a "quoted" word, and\na new line\nand lf' : 'a "quoted" word, and\r\na new line\nand lf');
      assert.equal(one.date_added, '2021-09-25');
      const two = await row(`${p}2`);
      assert.deepEqual(two.cast_members, ['zoë kravitz', 'ana']);
      assert.deepEqual(two.genres, ['drama']);
      assert.equal(two.description, null);
      assert.equal(two.rating, 'g');
      assert.deepEqual([two.duration_int, two.duration_type], [2, 'season']);
      const three = await row(`${p}3`);
      assert.deepEqual([three.rating, three.duration_int, three.duration_type], ['g', 74, 'min']);
      const seven = await row(`${p}7`);
      assert.deepEqual(seven.cast_members, ['o"brien', 'back\\slash', 'tab\there', '\x01ctrl', 'x\x00y']);
      assert.equal(seven.title, 'back\\slash "q"');
      assert.deepEqual(seven.genres, ['action', 'thriller']);
      const long = await row(`${p}11`);
      assert.equal(long.cast_members.length, 3000);
      assert.equal(long.cast_members[2999], 'actor number2999 surname');
      const empty = await row(`${p}12`);
      assert.deepEqual([empty.title, empty.cast_members, empty.countries, empty.genres, empty.release_year], [null, [], [], [], null]);
      const last = await row(`${p}13`);
      assert.deepEqual([last.cast_members, last.countries, last.genres], [['a  b'], [], ['kids & family']]);
    }
    // each planted reject, with the line its record starts on (counted here from the bytes written)
    const lineOf = (needle: string) => amazon.slice(0, amazon.indexOf(needle)).split('\n').length;
    const rejects = (await query(join(dir, 'fast.duckdb'), `SELECT source, line, reason, excerpt, kind FROM rejects WHERE source = 'amazon_prime_titles' ORDER BY rowid`)).filter((r) => r.line > lineOf('q1,'));
    assert.deepEqual(
      rejects.map((r) => [r.line, r.reason, r.kind]),
      [
        [lineOf('  ,Movie,no id'), 'no show_id', 'invalid'],
        [lineOf('Q1,Movie,a repeat'), 'duplicate show_id q1', 'duplicate'],
        [lineOf('q8,Movie,short'), '3 fields where the header has 12', 'invalid'],
        [lineOf('q8,Movie,short') + 1, '1 fields where the header has 12', 'invalid'],
      ],
    );
    // csv-parse's raw text: the blank lines' '\r's before a record, the '\r' of its end
    assert.equal(rejects[0].excerpt, '\r\r  ,Movie,no id,,,,,2000,PG,90 min,,\r');

    // and the comparison does see a title's list changed
    const instance = await DuckDBInstance.create(join(dir, 'fast.duckdb'));
    const conn = await instance.connect();
    await conn.run(`UPDATE titles SET cast_members = ['brendan gleeson'] WHERE id = 'aq1'`);
    conn.closeSync();
    instance.closeSync();
    assert.notDeepEqual(await warehouseDifferences(join(dir, 'fast.duckdb'), join(dir, 'ref.duckdb'), ordered), []);
  } finally {
    cleanup();
  }
});
