import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { ingestPack, type IngestReport } from '../../../src/core/ingest/run.js';
import type { RecordSink } from '../../../src/core/pack.js';
import { steamPack } from '../../../src/packs/steam/index.js';
import { gamesSource, itemsSource } from '../../../src/packs/steam/sources.js';
import { silent, tempDir } from '../../helpers.js';
import { warehouseDifferences } from '../../core/ingest/same-warehouse.js';
import { ITEM_LINES } from './fixtures.js';

const item = (id: string, name: string, forever: string | number, twoWeeks: string | number = 0) =>
  `{'item_id': ${id}, 'item_name': ${name}, 'playtime_forever': ${forever}, 'playtime_2weeks': ${twoWeeks}}`;
const user = (id: string, items: string[], count: string | number = items.length, steam = "'7656'", url = "'http://steamcommunity.com/id/x'") =>
  `{'user_id': ${id}, 'items_count': ${count}, 'steam_id': ${steam}, 'user_url': ${url}, 'items': [${items.join(', ')}]}`;

// Library lines at the edges of the byte-level fast path: the comment says whether it takes the
// line, and what the full parser (the reference) makes of it.
const EDGE_LINES: (string | Buffer)[] = [
  // fast: a double-quoted name holding a quote, a name holding '"', raw UTF-8, leading zeros in a playtime
  user("'e1'", [item("'10'", `"Tom Clancy's"`, '007'), item("'11'", `'say "hi"'`, 1, 2), item("'12'", "'Ünïcødé 😀'", 3)]),
  // fast: escapes in names (one new item, one seen), a user id holding '"' and ',' (CSV quoting), an id with a leading zero beside the same number without
  user(`'e"2,x'`, [item("'13'", "'Caf\\xe9 \\u2665 \\U0001F600 \\101'", 6), item("'10'", "'T\\'s'", 1), item("'010'", "'Zero'", 1)]),
  // fast: ids beyond the flat arrays, the largest 9-digit playtime; items_count differs from the list
  user("'e3'", [item("'9999999'", "'Big id'", 999999999, 1), item("'123456789'", "'Bigger'", 0)], 5),
  // fast: an empty library; an escaped user id; steam_id and url escaped
  user("'e4\\x41'", [], 0, "'\\x37'", "'http://x/\\u00e9'"),
  // full parser: a float playtime (6.0 is 6 minutes), an id given as a number, a 10-digit playtime (rejected item)
  user("'e5'", [item("'20'", "'F'", '6.0'), item('21', "'N'", 1), item("'22'", "'Huge'", 2147483648)]),
  // full parser: an item twice (duplicate), a blank id (rejected), a playtime as text (accepted by the cleaning rules), the largest playtime (10 digits)
  user("'e6'", [item("'23'", "'A'", 1), item("'23'", "'A'", 1), item("' '", "'B'", 1), item("'24'", "'C'", "'15'"), item("'24b'", "'D'", 2147483647)]),
  // full parser: other spacing, a trailing comma, a missing key, True as a playtime, a tuple of items
  `{'user_id' : 'e7', 'items_count': 0, 'steam_id': '7', 'user_url': 'u/e7', 'items': []}`,
  `{'user_id': 'e8', 'items_count': 1, 'steam_id': '8', 'user_url': 'u/e8', 'items': [${item("'25'", "'T'", 1)}, ]}`,
  `{'user_id': 'e9', 'items_count': 1, 'user_url': 'u/e9', 'items': [${item("'26'", "'M'", 1, 'True')}]}`,
  `{'user_id': 'e10', 'items_count': 1, 'steam_id': '10', 'user_url': 'u/e10', 'items': (${item("'27'", "'Tuple'", 1)},)}`,
  // full parser: spaces around the user id (trimmed), None as a name, NaN as a count, a u'' prefix
  user("' e11 '", [item("'28'", 'None', 1), item("'29'", "u'Prefixed'", 2)], 'NaN'),
  // a repeated user (the first fast, the second the full parser's duplicate), then with CRLF
  user("'e12'", [item("'30'", "'Other name'", 42)]),
  user("'e12'", [item("'30'", "'Other name'", 42)]) + '\r',
  // full parser: an empty user id (rejected), not a dict, broken lines, a bad escape, trailing text
  user("''", []),
  `['user_id', 'e13']`,
  `{'user_id': 'e14', 'items_count': 1, 'steam_id': '14', 'user_url': 'u/e14', 'items': [{'item_id': '31', 'item_name': 'unterminated}]}`,
  user("'e15'", [item("'32'", "'Bad \\xZZ escape'", 1)]),
  user("'e16'", [item("'33'", "'x'", 1)]) + ' # trailing',
  user("'e17'", [item("'34'", "'x'", 1)]) + ' ',
  // invalid UTF-8 in a name and in a user id: decoded to U+FFFD both ways
  Buffer.concat([Buffer.from(`{'user_id': 'e18\xff`, 'latin1'), Buffer.from(`', 'items_count': 1, 'steam_id': '18', 'user_url': 'u', 'items': [{'item_id': '35', 'item_name': 'bad `), Buffer.from([0xc3, 0x28, 0xe2, 0x82]), Buffer.from(`', 'playtime_forever': 1, 'playtime_2weeks': 0}]}`)]),
  // a blank line and one of spaces (no record), and an eval bait, refused
  '',
  '   ',
  "__import__('os').system('true')",
];

const withoutTimes = (r: IngestReport) => r.sources.map(({ seconds: _s, ...rest }) => rest);

/** How many of `lines` the fast path takes, each alone (a fresh handler, so no line is a repeat). */
function fastTaken(lines: Buffer[]): number {
  const sink = { row() {}, csvRows() {}, kept() {}, note() {}, reject() {}, duplicate() {}, empty() {}, lineNo: 0, file: '' } as unknown as RecordSink;
  let n = 0;
  for (const l of lines) if (itemsSource.open!().bytes!(l, 0, l.length, sink)) n++;
  return n;
}

test('equivalence: the byte-level library reader and the staged table build the warehouse the full parser and row appender build', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const raw = join(dir, 'raw');
    await steamPack.synth.generate(raw, { scale: '0.01', seed: '17' }, silent);
    // the generated libraries (with their repeated and broken lines), the fixture's and the edge
    // lines interleaved, as a plain file in place of the .gz
    const gz = join(raw, 'australian_users_items.json.gz');
    const generated = gunzipSync(readFileSync(gz))
      .toString('latin1')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => Buffer.from(l, 'latin1'));
    rmSync(gz);
    const extra: Buffer[] = [...ITEM_LINES, ...EDGE_LINES].map((l) => (typeof l === 'string' ? Buffer.from(l, 'utf8') : l));
    const lines: Buffer[] = [];
    const step = Math.max(1, Math.floor(generated.length / extra.length));
    const pending = [...extra];
    generated.forEach((l, i) => {
      lines.push(l);
      if (i % step === 0 && pending.length) lines.push(pending.shift()!);
    });
    lines.push(...pending, generated[3], generated[5]);
    writeFileSync(join(raw, 'australian_users_items.json'), Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\n')])));

    // the catalogue: its every-field-NaN lines (taken from their bytes) among lines that differ
    // from them only late in the line, or only in spelling (the full parser's)
    const gamesGz = join(raw, 'steam_games.json.gz');
    const games = gunzipSync(readFileSync(gamesGz)).toString('utf8').split('\n').filter((l) => l !== '');
    const allNaN = games.find((l) => l.includes('"id": NaN'))!;
    const GAME_EDGES = [
      allNaN.replace('"developer": NaN', '"developer": NaM'),
      allNaN.replace('"id": NaN', '"id": "77"'),
      allNaN + ' ',
      ' ' + allNaN,
      allNaN.replaceAll('"', "'"),
      allNaN.replace('}', ', "extra": NaN}'),
      allNaN.slice(0, -1),
    ];
    rmSync(gamesGz);
    writeFileSync(join(raw, 'steam_games.json'), [...games.slice(0, 50), ...GAME_EDGES, ...games.slice(50)].join('\n') + '\n');
    const gamesTaken = (lines: string[]) => {
      const sink = { empty() {}, lineNo: 0, file: '' } as unknown as RecordSink;
      return lines.filter((l) => gamesSource.open!().bytes!(Buffer.from(l), 0, Buffer.byteLength(l), sink)).length;
    };
    const nanLines = games.filter((l) => l === allNaN).length;
    assert.ok(nanLines > 100 && gamesTaken(games) === nanLines, `${gamesTaken(games)} of ${nanLines} all-NaN lines taken from their bytes`);
    assert.equal(gamesTaken(GAME_EDGES), 0);

    // the fast path must carry most lines and the edge lines it is meant to, or this compares the parser with itself
    assert.ok(fastTaken(generated) > 0.95 * generated.length, `fast path took ${fastTaken(generated)} of ${generated.length} generated lines`);
    const edges = EDGE_LINES.map((l) => (typeof l === 'string' ? Buffer.from(l.replace(/\r$/, ''), 'utf8') : l));
    assert.deepEqual(
      edges.map((l) => fastTaken([l])),
      [1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0],
    );

    // staged rows loaded in the background a piece (a 1 MB buffer written out) at a time, while
    // the libraries are still read
    const fast = await ingestPack(steamPack, { from: raw, db: join(dir, 'fast.duckdb'), log: silent, stagePieceBytes: 1 });
    const reference = await ingestPack(steamPack, { from: raw, db: join(dir, 'ref.duckdb'), log: silent, fast: false });
    assert.deepEqual(withoutTimes(fast), withoutTimes(reference));
    assert.deepEqual(fast.tables, reference.tables);
    const lib = fast.sources.find((s) => s.source === 'australian_users_items')!;
    // every record accounted for, and the edge lines did reach the rejects
    assert.equal(lib.records, lib.rows + lib.rejected + lib.duplicates + lib.empty);
    assert.ok(lib.rejected >= 12 && lib.duplicates >= 4, `rejected ${lib.rejected}, duplicates ${lib.duplicates}`);
    const ordered = ['games', 'reviews', 'user_items', 'users', 'item_names', 'rejects'];
    assert.deepEqual(await warehouseDifferences(join(dir, 'fast.duckdb'), join(dir, 'ref.duckdb'), ordered), []);
    // and the comparison does see a changed playtime and a reject's line
    const instance = await DuckDBInstance.create(join(dir, 'fast.duckdb'));
    const conn = await instance.connect();
    await conn.run('UPDATE user_items SET playtime_2weeks = playtime_2weeks + 1 WHERE rowid = 7; UPDATE rejects SET line = line + 1 WHERE rowid = 0');
    conn.closeSync();
    instance.closeSync();
    assert.deepEqual(await warehouseDifferences(join(dir, 'fast.duckdb'), join(dir, 'ref.duckdb'), ordered), [
      'rejects: 1 row(s) of a not in b',
      'rejects: 1 row(s) of b not in a',
      'user_items: 1 row(s) of a not in b',
      'user_items: 1 row(s) of b not in a',
    ]);
  } finally {
    cleanup();
  }
});
