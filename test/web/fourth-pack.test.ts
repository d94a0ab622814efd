/**
 * "A fourth pack is a folder and one line": the pack in test/fixtures/fourth-pack (tables, one
 * source over a real CSV file this test writes, a profile view, a load step and routes, a page,
 * no generator) handed to the core's own functions — ingest, then the server over a packs list,
 * as src/packs/index.ts hands it the others — is ingested with its rejects accounted, profiled,
 * served, and listed and drawn by the web app (built from web/ as it is, in Debian's Chromium).
 * Every figure checked is computed here from the rows the test wrote, not by the code under test.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import type { FastifyInstance } from 'fastify';
import { CHROMIUM, launchChromium, reportCspViolations } from '../chromium.js';
import { ingestPack } from '../../src/core/ingest/run.js';
import { buildApp } from '../../src/core/server/app.js';
import { PACKS } from '../../src/packs/index.js';
import { bookshelfPack } from '../fixtures/fourth-pack/index.js';
import { silent, tempDir } from '../helpers.js';

const ROOT = resolve(import.meta.dirname, '../..');
const missing = `no Chromium at ${CHROMIUM}: install Debian's (apt-get install chromium) or set RECOPS_CHROMIUM`;
if (!existsSync(CHROMIUM) && process.env.RECOPS_REQUIRE_BROWSER) throw new Error(missing);
const skip = existsSync(CHROMIUM) ? false : missing;

/** The books the file holds, as this test means them: [id, title, author, year, pages]. */
const GOOD: [number, string, string, number, number][] = [
  [1, 'A Wizard of Earthsea', 'Ursula K. Le Guin', 1968, 183],
  [2, 'The Left Hand of Darkness', 'Ursula K. Le Guin', 1969, 286],
  [3, 'The Dispossessed', 'Ursula K. Le Guin', 1974, 387],
  [4, 'Solaris', 'Stanisław Lem', 1961, 204],
  [5, 'The Cyberiad', 'Stanisław Lem', 1965, 295],
  [6, 'Kindred', 'Octavia E. Butler', 1979, 264],
  [7, 'Dune', 'Frank Herbert', 1965, 412],
];
/** Records that must not become rows: each a reject (or a duplicate) the report counts. */
const BAD_LINES = ['x9,Nameless,Nobody,1970,100', '8,,Anon,1971,90', '9,Some Book,Someone,197x,90'];
const DUPLICATE = '1,A Wizard of Earthsea (again),Ursula K. Le Guin,1968,183';
const csvCell = (v: string | number) => (/[",\n]/.test(String(v)) ? `"${String(v).replaceAll('"', '""')}"` : String(v));

describe('a fourth pack from a fixture folder', { skip, timeout: 300_000 }, () => {
  const tmp = tempDir('recops-fourth-');
  const webDir = join(tmp.dir, 'web');
  const raw = join(tmp.dir, 'raw');
  const db = join(tmp.dir, 'bookshelf.duckdb');
  let app: FastifyInstance;
  let base: string;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  before(async () => {
    mkdirSync(raw, { recursive: true });
    const lines = ['id,title,author,year,pages', ...GOOD.map((b) => b.map(csvCell).join(',')), ...BAD_LINES, DUPLICATE];
    writeFileSync(join(raw, 'bookshelf.csv'), lines.join('\n') + '\n');
    await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn', build: { outDir: webDir, emptyOutDir: true } });
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    tmp.cleanup();
  });

  test('no code outside its folder knows it: not in src/packs/index.ts, not in the web bundle', () => {
    assert.ok(!PACKS.some((p) => p.name === bookshelfPack.name));
    const assets = readdirSync(join(webDir, 'assets')).filter((f) => f.endsWith('.js'));
    assert.ok(assets.length > 0);
    for (const f of assets) assert.doesNotMatch(readFileSync(join(webDir, 'assets', f), 'utf8'), /bookshelf/i, f);
  });

  test('ingested by the core: every record a row, a reject or a duplicate', async () => {
    // no generator: a missing file is named, and nobody is sent to `recops gen`
    await assert.rejects(ingestPack(bookshelfPack, { from: join(tmp.dir, 'nothing-here'), db, log: silent }), (err: Error) => /has no generator: it reads real files only/.test(err.message) && !err.message.includes('recops gen'));
    const report = await ingestPack(bookshelfPack, { from: raw, db, log: silent });
    const [source] = report.sources;
    assert.equal(source.records, GOOD.length + BAD_LINES.length + 1);
    assert.equal(source.rows, GOOD.length);
    assert.equal(source.rejected, BAD_LINES.length);
    assert.equal(source.duplicates, 1);
    assert.equal(report.tables.books, GOOD.length);
  });

  test('served: its route answers from its load step, its profile, its page at /packs', async () => {
    app = await buildApp({ packs: [{ pack: bookshelfPack, db }], webDir });
    const author = 'Ursula K. Le Guin';
    const mine = GOOD.filter((b) => b[2] === author).sort((a, b) => a[3] - b[3]);
    const res = await app.inject(`/bookshelf/author/${encodeURIComponent(author.toLowerCase())}`);
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { author, books: mine.length, pages: mine.reduce((s, b) => s + b[4], 0), titles: mine.map((b) => b[1]) });
    const unknown = await app.inject('/bookshelf/author/Nobody%20At%20All');
    assert.equal(unknown.statusCode, 404);

    const profile = (await app.inject('/profile/bookshelf')).json() as { overview: { sources: { source: string; kept: number; rejected: number; duplicates: number }[] }; views: { title: string; rows?: unknown[] }[] };
    const acc = profile.overview.sources.find((s) => s.source === 'bookshelf')!;
    assert.deepEqual([acc.kept, acc.rejected, acc.duplicates], [GOOD.length, BAD_LINES.length, 1]);
    assert.deepEqual(profile.views.map((v) => v.title), ['Books per year']);

    const packs = (await app.inject('/packs')).json() as { packs: { name: string; page: { title: string } }[] };
    assert.deepEqual(packs.packs.map((p) => [p.name, p.page.title]), [['bookshelf', 'Bookshelf']]);
    // the route is declared in the OpenAPI document beside the pack's own
    const spec = (await app.inject('/docs/json')).json() as { paths: Record<string, unknown> };
    assert.ok(spec.paths['/packs'] && spec.paths['/bookshelf/author/{name}']);
  });

  test('the web app lists it and draws its page from its description', async () => {
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.setDefaultTimeout(20_000);
    await reportCspViolations(page);
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
    const settled = () => page.waitForFunction(() => !document.querySelector('[aria-busy="true"]') && !document.body.textContent!.includes('Loading…'));

    await page.goto(`${base}/`);
    await page.waitForSelector('.pack-card');
    assert.deepEqual(await page.$$eval('.pack-card h2', (hs) => hs.map((x) => x.textContent)), ['Bookshelf']);
    assert.deepEqual(await page.$$eval('#nav a', (as) => as.map((a) => a.textContent)), ['Bookshelf']);

    // the overview: the chart of books per year, its data table the years of the file
    await page.click('.pack-card');
    await page.waitForSelector('figure tbody tr', { state: 'attached' });
    await settled();
    const perYear = new Map<number, number>();
    for (const b of GOOD) perYear.set(b[3], (perYear.get(b[3]) ?? 0) + 1);
    const rows = await page.locator('figure tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.querySelector('th')!.textContent, tr.querySelector('td')!.textContent]));
    assert.deepEqual(rows, [...perYear].sort((a, b) => a[0] - b[0]).map(([y, n]) => [String(y), String(n)]));
    assert.equal(await page.textContent('h1'), 'Bookshelf');

    // the search box's autocomplete is the pack's suggest route; an author's view its blocks
    await page.fill('[role=combobox]', 'stan');
    await page.waitForSelector('[role=option]');
    assert.deepEqual(await page.$$eval('[role=option]', (os) => os.map((o) => o.textContent)), ['Stanisław Lem']);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForSelector('dl.facts');
    await settled();
    const lem = GOOD.filter((b) => b[2] === 'Stanisław Lem').sort((a, b) => a[3] - b[3]);
    assert.equal(await page.textContent('section h2'), 'Stanisław Lem');
    assert.deepEqual(await page.$$eval('dl.facts dd', (dds) => dds.map((d) => d.textContent)), [String(lem.length), String(lem.reduce((s, b) => s + b[4], 0))]);
    assert.deepEqual(await page.locator('ol[aria-label="Books by Stanisław Lem"] li').allTextContents(), lem.map((b) => b[1]));

    // its data page, from the core's profile route: the rejects by reason, as this file made them
    await page.goto(`${base}/#/bookshelf/data`);
    await page.waitForSelector('text=Rejects by reason');
    await settled();
    assert.equal(await page.textContent('h1'), 'Bookshelf: the data');
    const text = await page.evaluate(() => document.body.innerText);
    for (const reason of ["id 'x9' is not a whole number", 'no title', "year '197x' is not a year", 'id seen before']) assert.ok(text.includes(reason), reason);
    assert.deepEqual(errors, []);
  });
});
