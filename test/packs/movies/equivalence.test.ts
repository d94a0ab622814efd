import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { ingestPack, type IngestReport } from '../../../src/core/ingest/run.js';
import { fieldBytes, readCsvFast } from '../../../src/core/ingest/csv-fast.js';
import { moviesPack } from '../../../src/packs/movies/index.js';
import { CsvOut, readCastBytes, readCrewBytes } from '../../../src/packs/movies/sources.js';
import { silent, tempDir } from '../../helpers.js';
import { warehouseDifferences } from '../../core/ingest/same-warehouse.js';
import { CREDIT_LINES, MOVIE_LINES } from './fixtures.js';

/** A CSV field quoted as Python's csv module quotes it (written here, not taken from the code under test). */
const q = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const cast = (o: { castId?: string; character?: string; credit?: string; gender?: string; id?: string; name?: string; order?: string; profile?: string }) =>
  `{'cast_id': ${o.castId ?? '1'}, 'character': ${o.character ?? "'Hero'"}, 'credit_id': ${o.credit ?? "'c1'"}, 'gender': ${o.gender ?? '2'}, 'id': ${o.id ?? '7'}, 'name': ${o.name ?? "'Ann Lee'"}, 'order': ${o.order ?? '0'}, 'profile_path': ${o.profile ?? 'None'}}`;
const crew = (o: { credit?: string; department?: string; gender?: string; id?: string; job?: string; name?: string; profile?: string }) =>
  `{'credit_id': ${o.credit ?? "'k1'"}, 'department': ${o.department ?? "'Directing'"}, 'gender': ${o.gender ?? '1'}, 'id': ${o.id ?? '8'}, 'job': ${o.job ?? "'Director'"}, 'name': ${o.name ?? "'Bo Ng'"}, 'profile_path': ${o.profile ?? "'/p.jpg'"}}`;
const list = (items: string[]) => `[${items.join(', ')}]`;

// Credits cells at the edges of the byte-level reader: [cast, crew, fast path takes cast, fast path takes crew]
let nextId = 900_000_001;
const EDGES: [string, string, boolean, boolean][] = [
  // fast: escapes, a '"' in a single-quoted name, a name in double quotes (CSV doubles its quotes), raw UTF-8, gender 0/3, 9-digit ids
  [list([cast({ name: "'Caf\\xe9 \\u2665 \\U0001F600'", character: `'say "hi"'` }), cast({ name: `"Tim O'Allen"`, gender: '3', id: '999999999', order: '1' }), cast({ name: "'Zoë Ørnås'", gender: '0', castId: '123456789' })]), list([crew({}), crew({ job: `"Writer's aide"`, gender: '2' })]), true, true],
  // fast: empty and None texts (NULL), a name starting with a no-break space (not blank), an escaped profile path; crew empty text
  [list([cast({ character: "''", credit: 'None' }), cast({ name: "'\u00a0Nb'", profile: "'/x\\u00e9.jpg'" })]), list([crew({ department: 'None', job: "''", credit: "''" })]), true, true],
  // fast: empty lists written three ways
  ['[]', '', true, true],
  ['  []  ', list([crew({})]) + ' ', true, true],
  // reference: a 10-digit id, a negative order, a float id, gender None, keys in another order, a tuple, a trailing comma, spaces inside
  [list([cast({ id: '2147483647' })]), list([crew({ id: '1.0' })]), false, false],
  [list([cast({ order: '-1' })]), list([crew({ gender: 'None' })]), false, false],
  [list(["{'character': 'X', 'cast_id': 1, 'credit_id': 'c', 'gender': 1, 'id': 5, 'name': 'N', 'order': 0, 'profile_path': None}"]), `(${crew({})},)`, false, false],
  [list([cast({})]).replace(/\]$/, ', ]'), `[ ${crew({})} ]`, false, false],
  // reference: blank names (entries skipped and counted), one only of ideographic spaces; a number as a character
  [list([cast({ name: "'   '" }), cast({ name: "'\u3000'" }), cast({})]), list([crew({ name: "''" }), crew({})]), false, false],
  [list([cast({ character: '5' })]), list([crew({ department: '5' })]), false, false],
  // reference rejects: a bad escape in an ignored value, a line break in a string, trailing text, an eval bait
  [list([cast({ profile: "'\\xZZ'" })]), '[]', false, true],
  [list([cast({ character: "'two\nlines'" })]), '[]', false, true],
  ['[]', list([crew({})]) + ' # note', true, false],
  ["__import__('os').system('true')", '[]', false, true],
];

const withoutTimes = (r: IngestReport) => r.sources.map(({ seconds: _s, ...rest }) => rest);

test('equivalence: the byte-level CSV reader and credits reader build the warehouse csv-parse, parseLiteral and the row appender build', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const raw = join(dir, 'raw');
    await moviesPack.synth.generate(raw, { rows: '1500', seed: '23' }, silent);
    const creditsFile = join(raw, 'credits.csv');
    const moviesFile = join(raw, 'movies_dataset.csv');
    // the generated files (their repeats, broken records, multi-line overviews, doubled quotes),
    // then the hand-written fixtures' records and the edge cells, and a record of invalid UTF-8
    const edgeIds: number[] = [];
    const edgeLines = EDGES.map(([c, w]) => {
      edgeIds.push(nextId);
      return `${q(c)},${q(w)},${nextId++}`;
    });
    appendFileSync(creditsFile, [...CREDIT_LINES.slice(1), ...edgeLines].join('\n') + '\n');
    appendFileSync(creditsFile, Buffer.concat([Buffer.from(`"${list([cast({ name: "'Bad " })]).slice(0, -3)}`), Buffer.from([0xc3, 0x28]), Buffer.from(`'}]",[],${nextId++}\n`)]));
    appendFileSync(moviesFile, MOVIE_LINES.slice(1).join('\n') + '\n');
    // a record csv-parse cannot read, then good ones: the fast reader hands the rest of the file over
    appendFileSync(creditsFile, `[],"[]"x,${nextId++}\n[],[],${nextId++}\r\n[],[],${nextId++}\n`);

    // the fast paths must carry most of the generated data and the edge cells they are meant to,
    // or this compares the reference with itself
    const out = new CsvOut();
    let cells = 0;
    let taken = 0;
    const edges: boolean[][] = [];
    for await (const item of readCsvFast(creditsFile)) {
      if (!item.ok) continue;
      // one field's bytes at a time: a field with doubled quotes is unquoted into a buffer the next call reuses
      const c = fieldBytes(item.record, 'cast')!;
      const castTaken = readCastBytes(c.buf, c.start, c.end, 1, out) >= 0;
      const w = fieldBytes(item.record, 'crew')!;
      const crewTaken = readCrewBytes(w.buf, w.start, w.end, 1, out) >= 0;
      const id = Number(item.record.id);
      if (edgeIds.includes(id)) edges.push([castTaken, crewTaken]);
      else if (id < 900_000_000) {
        cells += 2;
        taken += Number(castTaken) + Number(crewTaken);
      }
    }
    assert.ok(cells > 2500 && taken > 0.95 * cells, `fast path took ${taken} of ${cells} generated cells`);
    assert.deepEqual(edges, EDGES.map(([, , c, w]) => [c, w]));

    const fast = await ingestPack(moviesPack, { from: raw, db: join(dir, 'fast.duckdb'), log: silent });
    const reference = await ingestPack(moviesPack, { from: raw, db: join(dir, 'ref.duckdb'), log: silent, fast: false });
    assert.deepEqual(withoutTimes(fast), withoutTimes(reference));
    assert.deepEqual(fast.tables, reference.tables);
    const credits = fast.sources.find((s) => s.source === 'credits')!;
    // every record accounted for, and the edge cells did reach the rejects and the skipped entries
    assert.equal(credits.records, credits.rows + credits.rejected + credits.duplicates + credits.empty);
    assert.ok(credits.rejected >= 7 && credits.duplicates >= 1, `rejected ${credits.rejected}, duplicates ${credits.duplicates}`);
    assert.ok((credits.notes['credit entries without id or name (skipped)'] ?? 0) >= 4);
    // rejects as a multiset: csv-parse hands an unreadable record out before the good records
    // read in the same chunk, the fast reader in file order (same file, line, reason and text)
    const ordered = ['movies', 'movie_collections', 'movie_genres', 'movie_companies', 'movie_countries', 'movie_languages', 'movie_credits', 'movie_cast', 'movie_crew'];
    const differences = await warehouseDifferences(join(dir, 'fast.duckdb'), join(dir, 'ref.duckdb'), ordered);
    // the prepared api_* tables sum doubles in whatever order DuckDB's threads finish (two builds
    // of one file differ in the last bits): those are compared to 1e-9, relative
    const prepared = [...new Set(differences.filter((d) => d.startsWith('api_')).map((d) => d.split(':')[0]))];
    assert.deepEqual(differences.filter((d) => !d.startsWith('api_')), []);
    for (const t of prepared) assert.deepEqual(await nearlySame(join(dir, 'fast.duckdb'), join(dir, 'ref.duckdb'), t), [], t);
    // and the comparison does see a changed name and a reject's line
    const instance = await DuckDBInstance.create(join(dir, 'fast.duckdb'));
    const conn = await instance.connect();
    await conn.run(`UPDATE movie_cast SET name = name || 'x' WHERE rowid = 7; UPDATE rejects SET line = line + 1 WHERE rowid = 0`);
    conn.closeSync();
    instance.closeSync();
    assert.deepEqual((await warehouseDifferences(join(dir, 'fast.duckdb'), join(dir, 'ref.duckdb'), ordered)).filter((d) => !d.startsWith('api_')), [
      'movie_cast: 1 row(s) of a not in b',
      'movie_cast: 1 row(s) of b not in a',
      'rejects: 1 row(s) of a not in b',
      'rejects: 1 row(s) of b not in a',
    ]);
  } finally {
    cleanup();
  }
});

/** Rows of `table` in a and b, sorted by their other columns, whose DOUBLE values differ by more than 1e-9 relative (or whose other values differ). */
async function nearlySame(a: string, b: string, table: string): Promise<string[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    await conn.run(`ATTACH '${a}' AS a (READ_ONLY); ATTACH '${b}' AS b (READ_ONLY)`);
    const cols = (await conn.runAndReadAll(`SELECT column_name, data_type FROM information_schema.columns WHERE table_catalog = 'a' AND table_name = '${table}' ORDER BY ordinal_position`)).getRows();
    const exact = cols.filter((c) => c[1] !== 'DOUBLE').map((c) => `"${String(c[0])}"`);
    const read = async (db: string) => (await conn.runAndReadAll(`SELECT ${cols.map((c) => `"${String(c[0])}"`).join(', ')} FROM ${db}."${table}" ORDER BY ${exact.join(', ')}`)).getRows();
    const [ra, rb] = [await read('a'), await read('b')];
    if (ra.length !== rb.length) return [`${ra.length} / ${rb.length} rows`];
    const out: string[] = [];
    ra.forEach((row, i) =>
      row.forEach((v, k) => {
        const w = rb[i][k];
        const same = typeof v === 'number' && typeof w === 'number' ? Math.abs(v - w) <= 1e-9 * Math.max(1, Math.abs(v), Math.abs(w)) : String(v) === String(w);
        if (!same) out.push(`row ${i} ${String(cols[k][0])}: ${String(v)} / ${String(w)}`);
      }),
    );
    return out.slice(0, 5);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
