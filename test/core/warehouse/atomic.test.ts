import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { once } from 'node:events';
import { ingestPack } from '../../../src/core/ingest/run.js';
import { buildWarehouse } from '../../../src/core/warehouse/warehouse.js';
import { steamPack } from '../../../src/packs/steam/index.js';
import { query, silent, tempDir } from '../../helpers.js';
import { GAME_LINES, writeFixture } from '../../packs/steam/fixtures.js';
import { writeBigLibraries } from './big.js';

const CLI = resolve(import.meta.dirname, '../../../src/cli/index.ts');

async function tableCounts(db: string) {
  return query(db, 'SELECT (SELECT count(*) FROM games) AS games, (SELECT count(*) FROM reviews) AS reviews, (SELECT count(*) FROM user_items) AS items');
}

test('a killed ingest leaves the previous warehouse untouched and readable', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const small = join(dir, 'small');
    const big = join(dir, 'big');
    const db = join(dir, 'steam.duckdb');
    for (const d of [small, big]) mkdirSync(d);
    writeFixture(small, true);
    await ingestPack(steamPack, { from: small, db, log: silent });
    const before = await tableCounts(db);

    writeFixture(big, true);
    await writeBigLibraries(join(big, 'australian_users_items.json'), 20000, 40);
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'ingest', 'steam', '--from', big, '--db', db], { stdio: 'ignore' });
    const tmp = `${db}.building-${child.pid}`;
    // wait until the build has started writing its own file, then kill it mid-way
    const deadline = Date.now() + 30_000;
    while (!existsSync(tmp) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.ok(existsSync(tmp), 'the build writes to a temporary file beside the warehouse');
    await new Promise((r) => setTimeout(r, 300));
    child.kill('SIGKILL');
    await once(child, 'exit');

    assert.deepEqual(await tableCounts(db), before, 'the old warehouse is unchanged');
    assert.ok(existsSync(tmp), 'the killed build left its temporary file (it had not finished)');

    // what the killed build left: its file, its write-ahead log (made here if DuckDB had not
    // written one yet, so that both kinds are swept), and its lock naming a dead pid
    if (!existsSync(`${tmp}.wal`)) writeFileSync(`${tmp}.wal`, 'x'.repeat(100));
    assert.ok(existsSync(`${db}.lock`), 'the killed build left its lock');
    const left = readdirSync(dir).filter((f) => f.startsWith('steam.duckdb.'));
    assert.deepEqual(left.sort(), [`steam.duckdb.building-${child.pid}`, `steam.duckdb.building-${child.pid}.wal`, 'steam.duckdb.lock']);
    const sizes = new Map(left.map((f) => [f, statSync(join(dir, f)).size]));

    // the next build sweeps the dead build's leftovers and says so, a line per file and a summary
    const next = spawnSync(process.execPath, ['--import', 'tsx', CLI, 'ingest', 'steam', '--from', small, '--db', db], { encoding: 'utf8' });
    assert.equal(next.status, 0, next.stderr);
    for (const f of left.filter((f) => f.includes('.building-'))) {
      assert.match(next.stderr, new RegExp(`^removed ${join(dir, f).replace(/[.]/g, '\\.')} \\(.+\\): left by a build that was killed$`, 'm'), f);
    }
    assert.match(next.stderr, new RegExp(`^removed .*steam\\.duckdb\\.lock \\(0 B\\): the lock of pid ${child.pid} \\(\`recops ingest steam --from .*\`, since .*\\), which is no longer running: taken over$`, 'm'));
    assert.match(next.stderr, /^removed 3 leftover file\(s\) of killed builds: steam\.duckdb\.lock \(0 B\), steam\.duckdb\.building-\d+ \(.+\), steam\.duckdb\.building-\d+\.wal \([^)]+\)$/m);
    assert.ok(sizes.get(`steam.duckdb.building-${child.pid}`)! > 0);
    assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('steam.duckdb.')), [], 'stale temporary files and lock removed');
    assert.deepEqual(await tableCounts(db), before);

    // --json carries them too (none this time)
    const report = await ingestPack(steamPack, { from: small, db, log: silent });
    assert.deepEqual(report.leftovers, []);
  } finally {
    cleanup();
  }
});

test('a build that fails leaves the previous warehouse and no temporary file', async () => {
  const { dir, cleanup } = tempDir();
  try {
    writeFixture(dir, true);
    const db = join(dir, 'steam.duckdb');
    await ingestPack(steamPack, { from: dir, db, log: silent });
    const before = await tableCounts(db);
    await assert.rejects(
      buildWarehouse(db, async (conn) => {
        await conn.run('CREATE TABLE games (x INTEGER)');
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.deepEqual(await tableCounts(db), before);
    assert.deepEqual(readdirSync(dir).filter((f) => f.includes('.building-')), []);
    // a missing raw file is refused before any work, naming what was expected
    writeFileSync(join(dir, 'steam_games.json'), GAME_LINES.join('\n'));
    const empty = join(dir, 'nothing-here');
    mkdirSync(empty);
    await assert.rejects(ingestPack(steamPack, { from: empty, db, log: silent }), /missing raw files.*steam_games\.json\.gz.*recops gen steam/s);
    assert.deepEqual(await tableCounts(db), before);
  } finally {
    cleanup();
  }
});
