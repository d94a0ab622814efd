import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EmptyBuildError, ingestPack } from '../../../src/core/ingest/run.js';
import { col } from '../../../src/core/warehouse/schema.js';
import type { Pack } from '../../../src/core/pack.js';
import { steamPack } from '../../../src/packs/steam/index.js';
import { streamingPack } from '../../../src/packs/streaming/index.js';
import { query, silent, tempDir } from '../../helpers.js';
import { writeFixture } from '../../packs/steam/fixtures.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const recops = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/index.ts'), ...args], { encoding: 'utf8', cwd: ROOT });

const counts = (db: string) => query(db, 'SELECT (SELECT count(*) FROM games) AS games, (SELECT count(*) FROM user_items) AS items, (SELECT max(built_at)::VARCHAR FROM build_info) AS built');

/** Random bytes in lines of 1-200 bytes (no blank line): how many records a line reader sees. */
function randomLines(n: number): { bytes: Buffer; records: number } {
  const parts: Buffer[] = [];
  let records = 0;
  for (let i = 0; i < n; i++) {
    const line = Buffer.from(randomBytes(1 + Math.floor(Math.random() * 200)).map((b) => (b === 0x0a || b === 0x0d ? 0x41 : b)));
    // a line that is only whitespace once decoded holds no record (and is not counted)
    if (line.toString('utf8').trim().length > 0) records++;
    parts.push(line, Buffer.from('\n'));
  }
  return { bytes: Buffer.concat(parts), records };
}

test('random bytes saved as steam_games.json: the build fails with the reason and the rejects count, the previous warehouse stays', async () => {
  const { dir, cleanup } = tempDir();
  try {
    writeFixture(dir, true);
    const db = join(dir, 'steam.duckdb');
    await ingestPack(steamPack, { from: dir, db, log: silent });
    const before = await counts(db);
    const { bytes, records } = randomLines(60);
    writeFileSync(join(dir, 'steam_games.json'), bytes);

    await assert.rejects(ingestPack(steamPack, { from: dir, db, log: silent }), (err: unknown) => {
      assert.ok(err instanceof EmptyBuildError);
      assert.match(err.message, new RegExp(`steam_games \\(.*steam_games\\.json\\): 0 rows from ${records} record\\(s\\): ${records} rejected, 0 empty, 0 duplicate\\(s\\); first at line 1: `));
      assert.match(err.message, /previous warehouse \(if any\) is kept; pass --allow-empty/);
      return true;
    });
    assert.deepEqual(await counts(db), before);
    assert.deepEqual(readdirSync(dir).filter((f) => f.includes('.building-') || f.endsWith('.lock')), []);

    // the same through the CLI: exit 1 and the count on stderr
    const cli = recops('ingest', 'steam', '--from', dir, '--db', db);
    assert.equal(cli.status, 1);
    assert.match(cli.stderr, new RegExp(`recops: error: a source kept no record.*\\n  steam_games .*: 0 rows from ${records} record\\(s\\): ${records} rejected`));
    assert.deepEqual(await counts(db), before);
  } finally {
    cleanup();
  }
});

test('an empty steam_games.json fails the build; --allow-empty builds it (games 0)', async () => {
  const { dir, cleanup } = tempDir();
  try {
    writeFixture(dir, true);
    writeFileSync(join(dir, 'steam_games.json'), '');
    const db = join(dir, 'steam.duckdb');
    const cli = recops('ingest', 'steam', '--from', dir, '--db', db);
    assert.equal(cli.status, 1);
    assert.match(cli.stderr, /steam_games \(.*steam_games\.json\): the file is empty \(0 bytes\)/);
    assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('steam.duckdb')), [], 'no warehouse was made');

    const allowed = recops('ingest', 'steam', '--from', dir, '--db', db, '--allow-empty', '--json');
    assert.equal(allowed.status, 0, allowed.stderr);
    const report = JSON.parse(allowed.stdout) as { tables: Record<string, number>; sources: { source: string; rows: number; bytes: number }[] };
    assert.equal(report.tables.games, 0);
    assert.deepEqual(report.sources[0], { ...report.sources[0], source: 'steam_games', rows: 0, bytes: 0 });
    const [{ games }] = await query(db, 'SELECT count(*) AS games FROM games');
    assert.equal(games, 0);
  } finally {
    cleanup();
  }
});

test('a required table left empty fails the build: a table the pack marks required, and a main table whose files hold only headers', async () => {
  const { dir, cleanup } = tempDir();
  try {
    writeFixture(dir, true);
    const db = join(dir, 'steam.duckdb');
    const withRequired: Pack = { ...steamPack, tables: [...steamPack.tables, { name: 'wishlists', doc: 'never filled', columns: [col('user_id', 'VARCHAR', 'who')], required: true }] };
    const report = await ingestPack(withRequired, { from: dir, db, log: silent, allowEmpty: true });
    assert.equal(report.tables.wishlists, 0);
    assert.ok(report.tables.rejects > 0);
    await assert.rejects(ingestPack(withRequired, { from: dir, db, log: silent }), new RegExp(`required table wishlists ended empty; rejects: ${report.tables.rejects}\\. `));

    // streaming's ratings come in 8 files: one with a header only is fine, all of them is not
    const s = join(dir, 'streaming');
    await streamingPack.synth.generate(s, { ratings: '40000', seed: '1' }, silent);
    const header = readFileSync(join(s, 'ratings', '1.csv'), 'utf8').split('\n')[0] + '\n';
    writeFileSync(join(s, 'ratings', '3.csv'), header);
    const ok = await ingestPack(streamingPack, { from: s, db: join(dir, 'streaming.duckdb'), log: silent });
    assert.ok(ok.tables.ratings > 0);
    for (let i = 1; i <= 8; i++) writeFileSync(join(s, 'ratings', `${i}.csv`), header);
    await assert.rejects(ingestPack(streamingPack, { from: s, db: join(dir, 'streaming.duckdb'), log: silent }), /required table ratings ended empty \(no rows from ratings_1, ratings_2, .*ratings_8\); rejects: \d+\. .*--allow-empty/s);
    const [{ ratings }] = await query(join(dir, 'streaming.duckdb'), 'SELECT count(*) AS ratings FROM ratings');
    assert.equal(ratings, ok.tables.ratings, 'the previous warehouse stays');
  } finally {
    cleanup();
  }
});
