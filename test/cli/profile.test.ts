import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { CHROMIUM, launchChromium } from '../chromium.js';
import { streamingPack } from '../../src/packs/streaming/index.js';
import { demoWarehouse, tempDir } from '../helpers.js';
import type { NumericColumn, Profile } from '../../src/core/profile/types.js';
import type { Drift } from '../../src/core/profile/drift.js';

const ROOT = resolve(import.meta.dirname, '../..');

function recops(...args: string[]) {
  const res = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/index.ts'), ...args], { encoding: 'utf8', cwd: ROOT, maxBuffer: 1 << 26 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

test('recops profile: the summary, --json, --html (a self-contained report, checked in Chromium), an older warehouse profiled on the fly, and clear errors', { timeout: 300_000 }, async () => {
  const { dir, cleanup } = tempDir();
  try {
    const db = await demoWarehouse(streamingPack, { ratings: '20000', seed: '9' }, dir);

    // the summary: overview, alerts, findings, every table
    const summary = recops('profile', 'streaming', '--db', db);
    assert.equal(summary.code, 0, summary.stderr);
    for (const part of ['OVERVIEW: 2 tables', 'INGEST:', 'ALERTS (', 'TOP FINDINGS', 'TABLE titles:', 'TABLE ratings:', "THE PACK'S VIEWS (9"]) assert.ok(summary.stdout.includes(part), part);
    assert.match(summary.stdout, /profile stored at build/);

    // --json: the whole profile, the same one the summary printed
    const json = recops('profile', 'streaming', '--db', db, '--json');
    assert.equal(json.code, 0, json.stderr);
    const profile = JSON.parse(json.stdout) as Profile;
    assert.equal(profile.pack, 'streaming');
    assert.equal(profile.overview.fileBytes, statSync(db).size);
    for (const a of profile.alerts) assert.ok(summary.stdout.includes(a.message), a.message);
    const ratings = profile.tables.find((t) => t.name === 'ratings')!;
    assert.match(summary.stdout, new RegExp(`TABLE ratings: ${ratings.rows.toLocaleString('en-US')} rows`));

    // a warehouse built before profiles: no profile table; computed now, read-only, same figures
    const old = join(dir, 'old.duckdb');
    copyFileSync(db, old);
    const instance = await DuckDBInstance.create(old);
    const conn = await instance.connect();
    await conn.run('DROP TABLE profile');
    await conn.run('CHECKPOINT');
    conn.closeSync();
    instance.closeSync();
    const before = statSync(old).mtimeMs;
    const fly = recops('profile', 'streaming', '--db', old, '--json');
    assert.equal(fly.code, 0, fly.stderr);
    assert.match(fly.stderr, /no stored profile .* computing it now, read-only/);
    assert.match(fly.stderr, /profile: ratings: 20,000 rows/, 'progress on stderr');
    assert.equal(statSync(old).mtimeMs, before, 'the warehouse is not written');
    const computed = JSON.parse(fly.stdout) as Profile;
    assert.deepEqual(computed.tables.map((t) => [t.name, t.rows, t.duplicateRows]), profile.tables.map((t) => [t.name, t.rows, t.duplicateRows]));
    assert.deepEqual(computed.alerts.map((a) => a.message), profile.alerts.map((a) => a.message));

    // --html: one file, no reference to anything outside it
    const html = join(dir, 'report.html');
    const res = recops('profile', 'streaming', '--db', db, '--html', html);
    assert.equal(res.code, 0, res.stderr);
    const text = readFileSync(html, 'utf8');
    assert.doesNotMatch(text, /<script|<link|<img|<iframe|@import|url\(|src=/i);
    assert.doesNotMatch(text, /https?:\/\//);
    if (existsSync(CHROMIUM)) {
      const browser = await launchChromium();
      try {
        const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
        const requests: string[] = [];
        page.on('request', (r) => requests.push(r.url()));
        await page.goto('file://' + html);
        await page.waitForLoadState('load');
        assert.deepEqual(requests, ['file://' + html], 'no request leaves the page');
        // charts drawn: a histogram per numeric column, heatmaps, the views; each with its numbers' table
        assert.ok((await page.locator('svg').count()) >= 20);
        // the star ratings take ten values: one bar per value, as many as the profile lists
        const rating = ratings.columns.find((c) => c.name === 'rating') as NumericColumn;
        assert.equal(await page.locator('#ratings-rating svg .mark').count(), rating.values!.length);
        const box = await page.locator('#ratings-rating svg').first().boundingBox();
        assert.ok(box && box.width > 200 && box.height > 50, 'the chart has a size');
        assert.equal(await page.locator('section.view').count(), 9);
        assert.equal(await page.locator('section.view .error').count(), 0);
        assert.ok((await page.locator('details table').count()) >= (await page.locator('section.view svg').count()));
        // keyboard: the contents links are reachable and lead to their section
        await page.keyboard.press('Tab');
        assert.equal(await page.evaluate('document.activeElement && document.activeElement.textContent'), 'Overview');
        await page.screenshot({ path: join(dir, 'report.png') });
        // at phone width nothing is wider than the screen (wide tables scroll inside themselves)
        await page.setViewportSize({ width: 390, height: 800 });
        assert.ok(Number(await page.evaluate('document.documentElement.scrollWidth')) <= 390);
        assert.ok(statSync(join(dir, 'report.png')).size > 10_000);
      } finally {
        await browser.close();
      }
    } else if (process.env.RECOPS_REQUIRE_BROWSER) {
      assert.fail(`no Chromium at ${CHROMIUM}`);
    }

    // mistakes: exit 2 with a message saying how to fix them, before any work
    const unknown = recops('profile', 'stream', '--db', db);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown pack 'stream'; known packs: steam, movies, streaming/);
    const wrong = recops('profile', 'movies', '--db', db);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /is a streaming warehouse, not movies: run `recops profile streaming --db/);
    const none = recops('profile', 'streaming', '--db', join(dir, 'nope.duckdb'));
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no warehouse at .*nope\.duckdb: build one with `recops ingest streaming/);
    const badHtml = recops('profile', 'streaming', '--db', db, '--html', join(dir, 'no/such/dir/r.html'));
    assert.equal(badHtml.code, 2);
    assert.match(badHtml.stderr, /cannot write the report to .*folder .* does not exist/);
  } finally {
    cleanup();
  }
});

test('recops profile --compare: the drift from an older build (summary, --json, --html), and recops retrain prints it before deciding', { timeout: 300_000 }, async () => {
  const { dir, cleanup } = tempDir();
  try {
    const { moviesPack } = await import('../../src/packs/movies/index.js');
    const { ingestPack } = await import('../../src/core/ingest/run.js');
    const { silent, query } = await import('../helpers.js');
    for (const [name, rows, seed] of [['a', '400', '1'], ['b', '900', '2']]) await moviesPack.synth.generate(join(dir, name), { rows, seed }, silent);
    const oldDb = join(dir, 'old.duckdb');
    const newDb = join(dir, 'new.duckdb');
    await ingestPack(moviesPack, { from: join(dir, 'a'), db: oldDb, log: silent });
    await ingestPack(moviesPack, { from: join(dir, 'b'), db: newDb, log: silent });

    // a build compared with itself: stable, every check's figure 0
    const self = recops('profile', 'movies', '--db', oldDb, '--compare', oldDb, '--json');
    assert.equal(self.code, 0, self.stderr);
    const selfDrift = (JSON.parse(self.stdout) as Profile & { drift: Drift }).drift;
    assert.equal(selfDrift.level, 'stable');
    for (const t of selfDrift.tables) for (const c of t.columns) for (const k of c.checks) assert.equal(k.value, 0, `${t.table}.${c.column} ${k.measure}`);

    // two builds: each table's row change as counted in the two warehouses
    const json = recops('profile', 'movies', '--db', newDb, '--compare', oldDb, '--json');
    assert.equal(json.code, 0, json.stderr);
    const { drift, ...profile } = JSON.parse(json.stdout) as Profile & { drift: Drift };
    assert.equal(profile.pack, 'movies');
    assert.equal(drift.tables.length, moviesPack.tables.length);
    for (const t of moviesPack.tables) {
      const [o] = await query(oldDb, `SELECT count(*)::INTEGER AS n FROM "${t.name}"`);
      const [n] = await query(newDb, `SELECT count(*)::INTEGER AS n FROM "${t.name}"`);
      const td = drift.tables.find((x) => x.table === t.name)!;
      assert.deepEqual([td.oldRows, td.newRows], [o.n, n.n], t.name);
      assert.ok(Math.abs(td.rows!.value - (n.n / o.n - 1)) < 1e-12, t.name);
    }
    const summary = recops('profile', 'movies', '--db', newDb, '--compare', oldDb);
    assert.equal(summary.code, 0, summary.stderr);
    assert.match(summary.stdout, new RegExp(`DRIFT movies: ${drift.level.toUpperCase()}`));
    const html = join(dir, 'drift.html');
    assert.equal(recops('profile', 'movies', '--db', newDb, '--compare', oldDb, '--html', html).code, 0);
    const text = readFileSync(html, 'utf8');
    assert.match(text, /<section id="drift"><h2>Drift from the older build/);
    assert.doesNotMatch(text, /<script|https?:\/\//);

    // mistakes, before any work
    const none = recops('profile', 'movies', '--db', newDb, '--compare', join(dir, 'nope.duckdb'));
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no warehouse at .*nope\.duckdb to compare with/);

    // retrain: the drift between the live warehouse and the candidate, before the decision
    await moviesPack.models!.train(oldDb, { seed: 42, log: silent });
    const retrain = recops('retrain', 'movies', '--from', join(dir, 'b'), '--db', oldDb);
    assert.ok(retrain.code === 0 || retrain.code === 3, retrain.stderr);
    const at = retrain.stderr.indexOf('DRIFT movies:');
    assert.ok(at > 0, retrain.stderr);
    assert.ok(at < retrain.stderr.indexOf('4/4'), 'the drift comes before the decision');
  } finally {
    cleanup();
  }
});
