import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { DuckDBInstance } from '@duckdb/node-api';
import { CHROMIUM, launchChromium } from '../../chromium.js';
import { buildApp } from '../../../src/core/server/app.js';
import { moviesPack } from '../../../src/packs/movies/index.js';
import type { Profile } from '../../../src/core/profile/types.js';
import { demoWarehouse, query, tempDir } from '../../helpers.js';


test('GET /profile/{pack}: the stored profile, whole or in parts; /profile/{pack}/report.html: the report under its own CSP; clear 400/404s; no key needed unless --require-key', { timeout: 300_000 }, async () => {
  const { dir, cleanup } = tempDir();
  try {
    const db = await demoWarehouse(moviesPack, { rows: '400', seed: '3' }, dir);
    // the profile as stored, read here without the code under test
    const [row] = await query(db, 'SELECT profile FROM profile');
    const stored = JSON.parse(String(row.profile)) as Profile;
    stored.overview.fileBytes = statSync(db).size;

    const app = await buildApp({ packs: [{ pack: moviesPack, db }], webDir: false });
    try {
      const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

      const whole = await get('/profile/movies');
      assert.equal(whole.statusCode, 200, whole.body);
      assert.deepEqual(whole.json(), stored);
      assert.deepEqual((await get('/profile/MOVIES?part=all')).json(), stored);
      // answers from the build: an ETag, and a 304 for it
      const etag = whole.headers.etag as string;
      assert.ok(etag);
      assert.equal((await get('/profile/movies', { 'if-none-match': etag })).statusCode, 304);

      const head = { pack: 'movies', title: stored.title, schemaVersion: stored.schemaVersion, computedAt: stored.computedAt, seconds: stored.seconds, approximations: stored.approximations };
      assert.deepEqual((await get('/profile/movies?part=overview')).json(), { ...head, overview: stored.overview });
      assert.deepEqual((await get('/profile/movies?part=alerts')).json(), { ...head, alerts: stored.alerts });
      assert.deepEqual((await get('/profile/movies?part=views')).json(), { ...head, views: stored.views });
      assert.deepEqual((await get('/profile/movies?part=tables&table=movie_cast')).json(), { ...head, tables: stored.tables.filter((t) => t.name === 'movie_cast') });
      assert.deepEqual((await get('/profile/movies?table=movie_cast')).json(), { ...stored, tables: stored.tables.filter((t) => t.name === 'movie_cast') });

      // the summary: overview, alerts and one line per column, far smaller than the whole
      const summary = await get('/profile/movies?part=summary');
      const s = summary.json() as { overview: unknown; alerts: unknown; columns: { table: string; name: string; missingShare: number; alerts: number }[] };
      assert.deepEqual(s.overview, stored.overview);
      assert.deepEqual(s.alerts, stored.alerts);
      assert.deepEqual(
        s.columns.map((c) => `${c.table}.${c.name}`),
        stored.tables.flatMap((t) => t.columns.map((c) => `${t.name}.${c.name}`)),
      );
      for (const c of s.columns) {
        assert.equal(c.missingShare, stored.tables.find((t) => t.name === c.table)!.columns.find((x) => x.name === c.name)!.missingShare);
        assert.equal(c.alerts, stored.alerts.filter((a) => a.table === c.table && a.column === c.name).length);
      }
      assert.ok(summary.body.length < whole.body.length / 2, `summary ${summary.body.length} B vs whole ${whole.body.length} B`);

      // mistakes: what was wrong and what is accepted
      const pack = await get('/profile/steam');
      assert.equal(pack.statusCode, 404);
      assert.match(pack.json().message, /no pack 'steam' is served; served: movies/);
      const table = await get('/profile/movies?table=movie');
      assert.equal(table.statusCode, 404);
      assert.match(table.json().message, /no table 'movie' in the movies profile; its tables: movies, /);
      assert.ok(table.json().suggestions.includes('movies'));
      const part = await get('/profile/movies?part=everything');
      assert.equal(part.statusCode, 400);
      assert.match(part.json().message, /part/);
      assert.equal((await get('/profile/movies?table=')).statusCode, 400);

      // the report: HTML, its own CSP (inline styles only, no script), checked in Chromium
      const report = await get('/profile/movies/report.html');
      assert.equal(report.statusCode, 200);
      assert.match(String(report.headers['content-type']), /^text\/html/);
      const csp = String(report.headers['content-security-policy']);
      assert.match(csp, /default-src 'none'/);
      assert.match(csp, /style-src 'unsafe-inline'/);
      assert.doesNotMatch(csp, /script-src/);
      assert.match(report.body, /<h1>movies: data profile<\/h1>/);
      assert.ok(report.body.includes(stored.computedAt.replace('T', ' ').slice(0, 19)), 'the stored profile, not a new one');

      if (existsSync(CHROMIUM)) {
        await app.listen({ host: '127.0.0.1', port: 0 });
        const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/profile/movies/report.html`;
        const browser = await launchChromium();
        try {
          const page = await browser.newPage();
          const requests: string[] = [];
          const refused: string[] = [];
          page.on('request', (r) => requests.push(r.url()));
          page.on('console', (m) => /Content Security Policy|Refused/i.test(m.text()) && refused.push(m.text()));
          await page.goto(url);
          await page.waitForLoadState('load');
          assert.deepEqual(requests, [url], 'no request leaves the page');
          assert.deepEqual(refused, [], 'the CSP refuses nothing the report uses');
          // the inline stylesheet applies under the CSP, and the charts are drawn
          assert.equal(await page.evaluate('getComputedStyle(document.body).maxWidth'), '1100px');
          assert.ok((await page.locator('svg').count()) > 5);
        } finally {
          await browser.close();
        }
      } else if (process.env.RECOPS_REQUIRE_BROWSER) assert.fail(`no Chromium at ${CHROMIUM}`);
    } finally {
      await app.close();
    }

    // keys configured: the profile is public like the analytics routes; --require-key covers it
    const keyed = await buildApp({ packs: [{ pack: moviesPack, db }], webDir: false, security: { apiKeys: ['k-123456789012345678901234'] } });
    try {
      assert.equal((await keyed.inject({ method: 'GET', url: '/profile/movies?part=overview' })).statusCode, 200);
      assert.equal((await keyed.inject({ method: 'GET', url: '/profile/movies/report.html' })).statusCode, 200);
    } finally {
      await keyed.close();
    }
    const locked = await buildApp({ packs: [{ pack: moviesPack, db }], webDir: false, security: { apiKeys: ['k-123456789012345678901234'], requireKey: true } });
    try {
      assert.equal((await locked.inject({ method: 'GET', url: '/profile/movies' })).statusCode, 401);
      assert.equal((await locked.inject({ method: 'GET', url: '/profile/movies', headers: { authorization: 'Bearer k-123456789012345678901234' } })).statusCode, 200);
    } finally {
      await locked.close();
    }

    // a warehouse built before profiles: the server starts, and the route says how to get one
    const old = join(dir, 'old.duckdb');
    copyFileSync(db, old);
    const instance = await DuckDBInstance.create(old);
    const conn = await instance.connect();
    await conn.run('DROP TABLE profile');
    await conn.run('CHECKPOINT');
    conn.closeSync();
    instance.closeSync();
    const older = await buildApp({ packs: [{ pack: moviesPack, db: old }], webDir: false });
    try {
      for (const url of ['/profile/movies', '/profile/movies/report.html']) {
        const res = await older.inject({ method: 'GET', url });
        assert.equal(res.statusCode, 404, url);
        assert.match(res.json().message, /has no stored profile: it was built before profiles existed\. Build it again with `recops ingest movies --from DIR --db /);
      }
    } finally {
      await older.close();
    }
  } finally {
    cleanup();
  }
});
