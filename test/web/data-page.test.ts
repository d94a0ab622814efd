/**
 * The Data page of each pack (`#/<pack>/data`) in Debian's Chromium, against a real server over
 * the three packs' demo warehouses (the data of test/web/browser.test.ts). Every figure the page
 * prints is compared with `GET /profile/{pack}` fetched over HTTP by the test beside it; the page's
 * own requests are watched (the summary first, a table's part only when its section is opened).
 * Screenshots go to $RECOPS_SCREENSHOTS (`npm run screenshots`: docs/screenshots) or a temp folder.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM, launchChromium, reportCspViolations } from '../chromium.js';
import { build } from 'vite';
import type { FastifyInstance } from 'fastify';
import type { Pack } from '../../src/core/pack.js';
import type { ColumnProfile, Matrix, Profile, TableProfile } from '../../src/core/profile/types.js';
import { buildApp } from '../../src/core/server/app.js';
import { steamPack } from '../../src/packs/steam/index.js';
import { streamingPack } from '../../src/packs/streaming/index.js';
import { moviesPack } from '../../src/packs/movies/index.js';
import { demoWarehouse, tempDir } from '../helpers.js';

const ROOT = resolve(import.meta.dirname, '../..');
const missing = `no Chromium at ${CHROMIUM}: install Debian's (apt-get install chromium) or set RECOPS_CHROMIUM`;
if (!existsSync(CHROMIUM) && process.env.RECOPS_REQUIRE_BROWSER) throw new Error(missing);
const skip = existsSync(CHROMIUM) ? false : missing;
const PACKS = ['steam', 'streaming', 'movies'];

/** How a figure reads in en-US with up to 4 decimals (the charts' tables and the pages print them so). */
const num = (v: number | null | undefined) => (v === null || v === undefined ? '–' : v.toLocaleString('en-US', { maximumFractionDigits: 4 }));

/** What the page shows of one column section, read from the DOM. */
interface ShownColumn {
  name: string;
  stats: Record<string, string>;
  figures: string[][][];
}

describe('Data pages in Chromium', { skip, timeout: 900_000 }, () => {
  const tmp = tempDir('recops-data-page-');
  const webDir = join(tmp.dir, 'web');
  const shots = resolve(process.env.RECOPS_SCREENSHOTS ?? join(tmp.dir, 'screenshots'));
  let app: FastifyInstance;
  let base: string;
  let browser: Browser;
  let page: Page;
  /** the page's own requests to /profile (path and query) */
  let profileRequests: string[] = [];
  const consoleErrors: string[] = [];
  const profiles = new Map<string, Profile>();

  before(async () => {
    await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn', build: { outDir: webDir, emptyOutDir: true } });
    const demo = async (pack: Pack, options: Record<string, string>) => ({ pack, db: await demoWarehouse(pack, options, tmp.dir) });
    const packs = [await demo(steamPack, { scale: '0.01', seed: '3' }), await demo(streamingPack, { ratings: '60000', seed: '5' }), await demo(moviesPack, { rows: '600', seed: '7' })];
    app = await buildApp({ packs, webDir });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    // the whole profile of each pack, over HTTP, as any client would have it
    for (const pack of PACKS) {
      const res = await fetch(`${base}/profile/${pack}`);
      assert.equal(res.status, 200, pack);
      profiles.set(pack, (await res.json()) as Profile);
    }
    mkdirSync(shots, { recursive: true });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.setDefaultTimeout(20_000);
    await reportCspViolations(page);
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(`uncaught: ${e.message}`));
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname.startsWith('/profile/')) profileRequests.push(decodeURIComponent(u.pathname + u.search));
    });
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    tmp.cleanup();
  });

  const settled = () => page.waitForFunction(() => !document.querySelector('[aria-busy="true"]') && !document.body.textContent!.includes('Loading…'));
  /** A fresh load of the page at `hash` (not a same-document hash change), until it has its heading or an error and nothing loads. */
  const open = async (hash: string) => {
    await page.goto('about:blank');
    profileRequests = [];
    await page.goto(`${base}/${hash}`);
    await page.waitForSelector('main h1, main [role=alert]');
    await settled();
  };
  /** Charts are drawn when they come near the screen: each one scrolled to until drawn; then every chart has pixels. */
  const drawAll = async () => {
    for (const canvas of await page.$$('canvas')) {
      await canvas.scrollIntoViewIfNeeded();
      await page.waitForFunction((c) => (c as HTMLCanvasElement).dataset.rendered === 'true', canvas);
    }
    await page.evaluate(() => window.scrollTo(0, 0));
    const sizes = await page.$$eval('canvas, svg.heatmap', (els) => els.map((e) => [e.getBoundingClientRect().width, e.getBoundingClientRect().height]));
    assert.ok(sizes.length > 0);
    for (const [w, h] of sizes) assert.ok(w > 0 && h > 0, `a chart of ${w}×${h} px`);
    return sizes.length;
  };
  /** The rows of the table labelled `label`: each row's cells' text (a header cell first). */
  const tableRows = (label: string) => page.$$eval(`table[aria-label="${label}"] tbody tr`, (trs) => trs.map((tr) => Array.from(tr.children).map((c) => c.textContent!.trim())));
  const openSection = async (selector: string, part: string) => {
    const before = profileRequests.length;
    await page.click(`${selector} > summary`);
    await page.waitForFunction((s) => document.querySelector(`${s} .lazy-body`)!.children.length > 0, selector);
    await settled();
    assert.deepEqual(profileRequests.slice(before), [part], `opening ${selector} asks for its part, and only it`);
  };

  /** Each column section of an opened table: its stats (dt → dd) and each figure's table rows. */
  const shownColumns = (table: string) =>
    page.$$eval(`details[data-table="${table}"] section.column`, (secs) =>
      secs.map((s) => ({
        name: s.getAttribute('data-column')!,
        stats: Object.fromEntries(Array.from(s.querySelectorAll('dl.stats > div')).map((d) => [d.querySelector('dt')!.textContent!, d.querySelector('dd')!.textContent!])),
        figures: Array.from(s.querySelectorAll('figure')).map((f) => Array.from(f.querySelectorAll('tbody tr')).map((tr) => Array.from(tr.children).map((c) => c.textContent!.trim()))),
      })),
    ) as Promise<ShownColumn[]>;

  /** What the profile says each column's section must show, computed here from the JSON. */
  function expectedColumn(c: ColumnProfile): { stats: Record<string, string>; figures: string[][] } {
    const counts = (xs: number[]) => xs.map((x) => x.toLocaleString('en-US'));
    const stats: Record<string, string> = { present: num(c.count), missing: num(c.missing), [c.kind === 'list' ? 'distinct items' : 'distinct']: `${c.distinctExact ? '' : '≈ '}${num(c.distinct)}` };
    const figures: string[][] = [];
    if (c.kind === 'numeric') {
      Object.assign(stats, { min: num(c.min), max: num(c.max), mean: num(c.mean), std: num(c.std), median: num(c.quantiles?.p50), p1: num(c.quantiles?.p1), p99: num(c.quantiles?.p99), skewness: num(c.skewness), zeros: num(c.zeros) });
      if (c.logHistogram) figures.push(counts(c.logHistogram.counts));
      if (c.histogram) figures.push(counts(c.histogram.counts));
    } else if (c.kind === 'date') {
      Object.assign(stats, { from: c.min ?? '–', to: c.max ?? '–' });
      if (c.byYear.length) figures.push(counts(c.byYear.map((v) => v.count)));
      if (c.byMonth && c.byMonth.length > 1) figures.push(counts(c.byMonth.map((v) => v.count)));
    } else if (c.kind === 'text') {
      Object.assign(stats, { 'empty strings': num(c.empty) });
      if (c.top.length) figures.push(counts(c.top.map((v) => v.count)));
    } else if (c.kind === 'list') {
      Object.assign(stats, { items: num(c.items), 'empty lists': num(c.emptyLists) });
      if (c.top.length) figures.push(counts(c.top.map((v) => v.count)));
    } else {
      Object.assign(stats, { true: num(c.trueCount), false: num(c.falseCount) });
      figures.push(counts([c.trueCount, c.falseCount, ...(c.missing ? [c.missing] : [])]));
    }
    return { stats, figures };
  }

  const matrixRows = (m: Matrix) => m.columns.map((c, i) => [c, ...m.values[i].map((v) => (v === null ? '–' : num(v)))]);

  async function checkTable(pack: string, t: TableProfile) {
    const shown = await shownColumns(t.name);
    assert.deepEqual(shown.map((c) => c.name), t.columns.map((c) => c.name), `${pack}.${t.name}: a section per column, in order`);
    for (const [i, c] of t.columns.entries()) {
      const want = expectedColumn(c);
      for (const [k, v] of Object.entries(want.stats)) assert.equal(shown[i].stats[k], v, `${pack} ${t.name}.${c.name}: ${k}`);
      assert.deepEqual(
        shown[i].figures.map((rows) => rows.map((r) => r[r.length - 1])),
        want.figures,
        `${pack} ${t.name}.${c.name}: the counts in its charts' tables`,
      );
      // the top values' labels too (text and list columns)
      if ((c.kind === 'text' || c.kind === 'list') && c.top.length) assert.deepEqual(shown[i].figures[0].map((r) => r[0]), c.top.map((v) => v.value));
    }
    // the missing-values chart, the correlation heatmaps with their numbers
    const missingRows = await tableRowsIn(`details[data-table="${t.name}"]`, `${t.name}: rows missing, per column`);
    if (t.columns.some((c) => c.missing > 0)) assert.deepEqual(missingRows, t.columns.map((c) => [c.name, c.missing.toLocaleString('en-US')]));
    else assert.equal(missingRows, null);
    const matrices: [string, Matrix | null][] = [
      [`${t.name}: Pearson correlations`, t.pearson],
      [`${t.name}: Spearman correlations`, t.spearman],
      [`${t.name}: Cramér's V between categorical columns`, t.cramersV],
      [`${t.name}: correlation of the columns' missing values`, t.columns.some((c) => c.missing > 0) ? t.missing.nullity : null],
    ];
    for (const [label, m] of matrices) {
      const rows = await tableRows(label);
      assert.deepEqual(rows, m ? matrixRows(m) : [], `${pack}: ${label}`);
      if (m) assert.equal(await page.locator(`svg.heatmap[aria-label^="${label} "] rect`).count(), m.columns.length ** 2);
    }
    if (t.missing.patterns.length && t.columns.some((c) => c.missing > 0))
      assert.deepEqual(await tableRows(`${t.name}: columns missing together`), t.missing.patterns.map((p) => [p.columns.join(' + '), num(p.count)]));
  }

  /** The rows of the data table under the figure captioned `caption` inside `scope` (null: no such figure). */
  const tableRowsIn = (scope: string, caption: string) =>
    page.evaluate(
      ([s, cap]) => {
        const f = Array.from(document.querySelectorAll(`${s} figure`)).find((x) => x.querySelector('figcaption')?.textContent === cap);
        return f ? Array.from(f.querySelectorAll('tbody tr')).map((tr) => Array.from(tr.children).map((c) => c.textContent!.trim())) : null;
      },
      [scope, caption] as const,
    );

  for (const pack of PACKS) {
    test(`${pack}: the Data page shows the profile's figures, each table's part fetched when its section is opened`, async () => {
      const p = profiles.get(pack)!;
      const o = p.overview;
      await open(`#/${pack}/data`);
      // first paint: the summary only
      assert.deepEqual(profileRequests, [`/profile/${pack}?part=summary`]);
      assert.equal(await page.locator('h1').textContent(), `${p.pack === 'steam' ? 'Steam' : p.pack === 'streaming' ? 'Streaming' : 'Movies'}: the data`);

      // overview and the ingest's accounting
      assert.deepEqual(await tableRows('Tables'), o.tables.map((t) => [t.name, num(t.rows), num(t.columns), num(t.duplicateRows), t.doc]));
      const accounting = await tableRows('Ingest accounting per source');
      assert.deepEqual(accounting.map((r) => r.slice(0, 7)), o.sources.map((s) => [s.source, num(s.records), num(s.kept), num(s.rejected), num(s.duplicates), num(s.empty), num(s.rows)]));
      for (const r of accounting) assert.match(r[7], /^\d+(\.\d+)? (kB|MB|GB)$/);
      // the accounting adds up: every record kept, rejected, a duplicate or empty
      for (const s of o.sources) assert.equal(s.kept + s.rejected + s.duplicates + s.empty, s.records, s.source);
      const outcome = await tableRowsIn('section', 'Raw records of each source, by outcome');
      assert.deepEqual(outcome, o.sources.map((s) => [s.source, ...[s.kept, s.rejected, s.duplicates, s.empty].map((n) => n.toLocaleString('en-US'))]));
      if (o.rejectsByReason.length)
        assert.deepEqual((await tableRows('Rejects by reason')).slice(0, o.rejectsByReason.length), o.rejectsByReason.map((r) => [r.source, r.kind, r.reason, num(r.count)]));

      // alerts, each with its figure (the exact value in a <data> element)
      const alerts = await page.$$eval('table[aria-label="Alerts"] tbody tr', (trs) => trs.map((tr) => ({ where: tr.children[0].textContent, kind: tr.children[1].textContent, value: tr.querySelector('data')!.value, message: tr.children[4].textContent })));
      assert.deepEqual(alerts, p.alerts.map((a) => ({ where: a.column ? `${a.table}.${a.column}` : a.table, kind: a.kind, value: String(a.value), message: a.message })));
      assert.ok(p.alerts.length > 0, `${pack}: the demo data triggers alerts`);

      assert.equal(await drawAll(), 1, 'the first paint draws one chart (the ingest accounting)');
      // its top for the README (the alerts run on for a screen or two)
      await page.screenshot({ path: join(shots, `data-${pack}.png`), fullPage: true, clip: { x: 0, y: 0, width: 1200, height: Math.min(2400, await page.evaluate(() => document.documentElement.scrollHeight)) } });

      // the column index (made when opened): every column of every table
      await page.locator('details.index > summary').click();
      await page.waitForSelector('table[aria-label="Column index"]');
      const index = await tableRows('Column index');
      assert.deepEqual(index.map((r) => r[0]), p.tables.flatMap((t) => t.columns.map((c) => `${t.name}.${c.name}`)));
      assert.deepEqual(index.map((r) => r[4]), p.tables.flatMap((t) => t.columns.map((c) => num(c.distinct))));

      // keyboard: Tab from the top reaches the first table's section; Enter opens it and fetches its part
      const first = o.tables[0].name;
      await page.locator('body').focus();
      let tabs = 0;
      while (tabs < 400 && !(await page.evaluate((t) => document.activeElement?.matches(`details[data-table="${t}"] > summary`), first))) {
        await page.keyboard.press('Tab');
        tabs++;
      }
      assert.ok(tabs < 400, `Tab reaches the section of ${first}`);
      const before = profileRequests.length;
      await page.keyboard.press('Enter');
      await page.waitForFunction((t) => (document.querySelector(`details[data-table="${t}"]`) as HTMLDetailsElement).open, first);
      await page.waitForFunction((t) => document.querySelector(`details[data-table="${t}"] .lazy-body`)!.children.length > 0, first);
      await settled();
      assert.deepEqual(profileRequests.slice(before), [`/profile/${pack}?part=tables&table=${first}`]);
      await checkTable(pack, p.tables[0]);
      // the section's first chart shot for the README (its top only: a table of many columns runs on for pages)
      await drawAll();
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      const box = (await page.locator(`details[data-table="${first}"]`).boundingBox())!;
      await page.screenshot({ path: join(shots, `data-${pack}-table.png`), fullPage: true, clip: { x: 0, y: box.y - 10, width: 1200, height: Math.min(box.height + 20, 2200) } });

      // every other table, opened by a click: its part, its figures
      for (const t of p.tables.slice(1)) {
        await openSection(`details[data-table="${t.name}"]`, `/profile/${pack}?part=tables&table=${t.name}`);
        await checkTable(pack, t);
      }

      // the pack's own views
      await openSection('details[data-views]', `/profile/${pack}?part=views`);
      const views = await page.$$eval('section.view', (vs) =>
        vs.map((v) => ({ title: v.querySelector('h4')!.textContent, rows: Array.from(v.querySelectorAll('figure tbody tr')).map((tr) => Array.from(tr.children).map((c) => c.textContent!.trim())) })),
      );
      assert.deepEqual(views.map((v) => v.title), p.views.map((v) => v.title));
      for (const [i, v] of p.views.entries()) {
        if (v.error) continue;
        if (v.numeric) {
          const hist = v.numeric.logHistogram ?? v.numeric.histogram!;
          assert.deepEqual(views[i].rows.map((r) => r[1]), hist.counts.map((n) => n.toLocaleString('en-US')), v.title);
        } else {
          assert.deepEqual(views[i].rows, v.rows.map((r) => [String(r[0] ?? '–'), ...r.slice(1).map((x) => (typeof x === 'number' ? num(x) : ''))]), v.title);
        }
      }
      const charts = await drawAll();
      console.log(`# ${pack}: ${charts} charts drawn with every section open, ${profileRequests.length} profile requests`);

      // the column index leads to a column: its section opened (already), its heading focused
      const target = p.tables[p.tables.length - 1].columns[0];
      await page.locator('table[aria-label="Column index"] button', { hasText: new RegExp(`^${target.table}\\.${target.name}$`) }).click();
      await page.waitForFunction((n) => document.activeElement?.closest('section.column')?.getAttribute('data-column') === n && document.activeElement.tagName === 'H4', target.name);

      // phone width, every section open: nothing wider than the screen
      await page.setViewportSize({ width: 375, height: 800 });
      try {
        await page.waitForTimeout(200);
        const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
        assert.ok(scroll <= inner, `${pack}: page ${scroll}px wide on a ${inner}px screen`);
        if (pack === 'steam') {
          // a numeric column's figures and histogram, as a phone shows them
          await page.evaluate(() => Array.from(document.querySelectorAll('section.column')).find((s) => /^numeric ·/.test(s.querySelector('.kind')!.textContent!))!.scrollIntoView());
          await page.waitForTimeout(300);
          await page.screenshot({ path: join(shots, 'data-phone-steam.png') });
        }
      } finally {
        await page.setViewportSize({ width: 1200, height: 900 });
      }
    });
  }

  test('a pack page links to its Data page; an unknown pack answers with what exists', async () => {
    await open('#/movies');
    await page.click('a[href="#/movies/data"]');
    // a same-document route change: its heading, then nothing loading
    await page.waitForFunction(() => location.hash === '#/movies/data' && document.querySelector('main h1')?.textContent === 'Movies: the data');
    await settled();
    assert.deepEqual(profileRequests, ['/profile/movies?part=summary']);
    await open('#/nosuchpack/data');
    assert.match((await page.locator('[role=alert]').textContent())!, /there is no page 'nosuchpack'/);
  });

  test('no console error and nothing blocked by the Content-Security-Policy on any Data page above', () => {
    assert.deepEqual(consoleErrors, []);
  });
});
