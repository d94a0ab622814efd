/**
 * The web app in a real browser: Debian's Chromium (installed by .ci/run) driven by
 * playwright-core, against the web app built from web/ by this test and a server over the three
 * packs' demo data, trained and evaluated. Every answer the page shows is compared with the
 * API's own JSON fetched beside it. Screenshots go to $RECOPS_SCREENSHOTS (`npm run screenshots`
 * writes the README's, docs/screenshots) or a temp folder.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM, launchChromium, reportCspViolations } from '../chromium.js';
import { build } from 'vite';
import type { FastifyInstance } from 'fastify';
import type { Pack } from '../../src/core/pack.js';
import { buildApp } from '../../src/core/server/app.js';
import { steamPack } from '../../src/packs/steam/index.js';
import { streamingPack } from '../../src/packs/streaming/index.js';
import { moviesPack } from '../../src/packs/movies/index.js';
import { retrain } from '../../src/cli/retrain.js';
import type { Drift } from '../../src/core/profile/drift.js';
import { demoWarehouse, silent, tempDir } from '../helpers.js';

const ROOT = resolve(import.meta.dirname, '../..');
const missing = `no Chromium at ${CHROMIUM}: install Debian's (apt-get install chromium) or set RECOPS_CHROMIUM`;
// RECOPS_REQUIRE_BROWSER=1: a missing browser fails the run instead of skipping (for a CI that must run them)
if (!existsSync(CHROMIUM) && process.env.RECOPS_REQUIRE_BROWSER) throw new Error(missing);
const skip = existsSync(CHROMIUM) ? false : missing;

describe('web app in Chromium', { skip, timeout: 600_000 }, () => {
  const tmp = tempDir('recops-web-');
  const webDir = join(tmp.dir, 'web');
  const shots = resolve(process.env.RECOPS_SCREENSHOTS ?? join(tmp.dir, 'screenshots'));
  let app: FastifyInstance;
  let base: string;
  let browser: Browser;
  let page: Page;
  const api = async <T>(url: string): Promise<T> => (await app.inject({ method: 'GET', url })).json() as T;
  /** what the server's Content-Security-Policy blocked, on any page of any test (checked by the last one) */
  const cspViolations: string[] = [];
  const enc = encodeURIComponent;

  before(async () => {
    await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn', build: { outDir: webDir, emptyOutDir: true } });
    const demo = async (pack: Pack, options: Record<string, string>) => ({ pack, db: await demoWarehouse(pack, options, tmp.dir, { evaluate: true, train: true }) });
    const packs = [await demo(steamPack, { scale: '0.01', seed: '3' }), await demo(streamingPack, { ratings: '60000', seed: '5' }), await demo(moviesPack, { rows: '600', seed: '7' })];
    app = await buildApp({ packs, webDir });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    mkdirSync(shots, { recursive: true });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.setDefaultTimeout(15_000);
    await reportCspViolations(page);
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|CSP violation/i.test(m.text())) cspViolations.push(m.text());
    });
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    tmp.cleanup();
  });

  const open = async (hash: string) => {
    await page.goto(`${base}/${hash}`);
    await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]') && !document.body.textContent!.includes('Loading…'));
    // names reach the page decoded ('Animation & Modeling'), never as the raw data's HTML references
    const text = await page.evaluate(() => document.body.innerText);
    assert.doesNotMatch(text, /&(amp|lt|gt|quot|#\d+);/, `${hash} prints an HTML reference`);
  };
  /** Charts are drawn when they come near the screen: each one scrolled to, until all are drawn. */
  const drawAll = async () => {
    for (const canvas of await page.$$('canvas')) {
      await canvas.scrollIntoViewIfNeeded();
      await page.waitForFunction((c) => (c as HTMLCanvasElement).dataset.rendered === 'true', canvas);
    }
    await page.evaluate(() => window.scrollTo(0, 0));
  };
  /** every chart on the page drawn by Chart.js (a canvas with pixels, marked once drawn) */
  const chartsDrawn = async () => {
    await page.waitForSelector('canvas');
    await drawAll();
    return page.$$eval('canvas', (cs) => cs.map((c) => (c as HTMLCanvasElement).width > 0 && (c as HTMLCanvasElement).dataset.rendered === 'true'));
  };
  const listTexts = (label: string) => page.$$eval(`ol[aria-label="${label}"] li a`, (as) => as.map((a) => a.textContent));
  const shot = async (name: string) => {
    await drawAll();
    await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  };

  test('home lists the three packs, and the first page loads at most 200 KB of gzipped JavaScript', async () => {
    const scripts: string[] = [];
    page.on('response', (r) => {
      if (r.url().endsWith('.js')) scripts.push(new URL(r.url()).pathname);
    });
    await open('#/steam');
    await chartsDrawn();
    // what a browser downloads: the .gz the server sends for each script the page loaded
    const bytes = scripts.reduce((sum, p) => sum + statSync(join(webDir, `${p}.gz`)).size, 0);
    console.log(`# first page (steam): ${scripts.length} scripts, ${(bytes / 1024).toFixed(1)} KB gzipped`);
    assert.ok(scripts.length >= 2 && bytes <= 200 * 1024, `${bytes} bytes`);
    page.removeAllListeners('response');

    await open('');
    const cards = await page.$$eval('.pack-card h2', (hs) => hs.map((x) => x.textContent));
    assert.deepEqual(cards, ['Steam', 'Streaming', 'Movies']);
    await shot('home');
  });

  test('steam: autocomplete by keyboard, similar games as the API gives them, and following one', async () => {
    const names = (await api<{ suggestions: string[] }>('/suggest/steam/game?q=&n=20')).suggestions;
    const game = names.find((n) => n.length >= 6 && /^[A-Za-z]{3}/.test(n))!;
    await open('#/steam');
    // keyboard only: the search box is reached with Tab from the top of the page
    await page.locator('body').focus();
    for (let i = 0; i < 12 && !(await page.evaluate(() => document.activeElement?.getAttribute('role') === 'combobox')); i++) await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('role')), 'combobox', 'Tab reaches the search box');
    await page.keyboard.type(game.slice(0, 4));
    await page.waitForSelector('[role=option]');
    const offered = await page.$$eval('[role=option]', (os) => os.map((o) => o.textContent));
    const expected = (await api<{ suggestions: string[] }>(`/suggest/steam/game?q=${enc(game.slice(0, 4))}&n=8`)).suggestions;
    assert.deepEqual(offered, expected);
    const target = expected.indexOf(game) >= 0 ? expected.indexOf(game) : 0;
    for (let i = 0; i <= target; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForSelector('ol[aria-label="Similar games"]');
    const chosen = expected[target];
    assert.equal(decodeURIComponent(new URL(page.url()).hash), `#/steam/game/${chosen}`);
    const similar = Object.values(await api<Record<string, string[]>>(`/recomendacion_juego/${enc(chosen)}`))[0];
    assert.equal(similar.length, 5);
    assert.deepEqual(await listTexts('Similar games'), similar);

    // follow the first recommendation: its own similar games
    await page.click('ol[aria-label="Similar games"] li:first-child a');
    await page.waitForFunction((g) => decodeURIComponent(location.hash) === `#/steam/game/${g}`, similar[0]);
    await page.waitForSelector('ol[aria-label="Similar games"]');
    assert.deepEqual(await listTexts('Similar games'), Object.values(await api<Record<string, string[]>>(`/recomendacion_juego/${enc(similar[0])}`))[0]);
  });

  test('steam: a genre draws its playtime per year, a developer its sentiment split', async () => {
    const [genre] = (await api<{ suggestions: string[] }>('/suggest/steam/genre?q=act')).suggestions;
    await open(`#/steam/genre/${enc(genre)}`);
    assert.ok((await chartsDrawn()).every(Boolean));
    // the chart's data table holds the API's series
    const series = (await api<{ horas_por_anio: { Año: number; Horas: number }[] }>(`/steam/playtime/${enc(genre)}`)).horas_por_anio;
    const rows = await page.locator('figure').first().locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.querySelector('th')!.textContent, tr.querySelector('td')!.textContent]));
    assert.deepEqual(rows, series.map((y) => [String(y.Año), y.Horas.toLocaleString('en-US')]));
    await shot('steam');

    const [developer] = (await api<{ suggestions: string[] }>('/suggest/steam/developer?q=')).suggestions;
    await open(`#/steam/developer/${enc(developer)}`);
    await chartsDrawn();
    const counts = Object.values(await api<Record<string, { Negative: number; Neutral: number; Positive: number }>>(`/sentiment_analysis/${enc(developer)}`))[0];
    const cells = await page.$$eval('figure tbody td', (tds) => tds.map((td) => td.textContent));
    assert.deepEqual(cells, [counts.Negative, counts.Neutral, counts.Positive].map((n) => n.toLocaleString('en-US')));
  });

  test('steam: a year shows its top 3s as the API gives them and its sentiment chart; a bad year its 400', async () => {
    const status = async (url: string) => (await app.inject({ method: 'GET', url })).statusCode;
    let year = 0;
    for (let y = 2005; y <= 2020 && !year; y++) if ((await status(`/UsersRecommend/${y}`)) === 200 && (await status(`/sentiment_analysis/year/${y}`)) === 200) year = y;
    assert.ok(year, 'a year with reviews in the demo data');
    await open(`#/steam/year/${year}`);
    await chartsDrawn();
    const top = (await api<Record<string, string>[]>(`/UsersRecommend/${year}`)).map((p) => Object.values(p)[0]);
    assert.deepEqual(await page.locator(`ol[aria-label="Most recommended games in reviews posted in ${year}"] li`).allTextContents(), top);
    const s = await api<{ Negative: number; Neutral: number; Positive: number }>(`/sentiment_analysis/year/${year}`);
    assert.deepEqual(await page.$$eval('figure tbody td', (tds) => tds.map((td) => td.textContent)), [s.Negative, s.Neutral, s.Positive].map((n) => n.toLocaleString('en-US')));
    await shot('steam-year');

    await open('#/steam/year/abcd');
    const alert = page.locator('[role=alert]');
    await alert.waitFor();
    assert.match((await alert.textContent())!, /Not accepted \(400\).*'abcd' is not a year/);
  });

  test('a name that does not exist: the 404 message and its suggestions, no chart', async () => {
    await open('#/steam/game/Portul%20Two%20zz');
    const alert = page.locator('[role=alert]');
    await alert.waitFor();
    assert.equal(await page.locator('canvas').count(), 0);
    const body = await api<{ message: string; suggestions: string[] }>(`/recomendacion_juego/${enc('Portul Two zz')}`);
    assert.match((await alert.textContent())!, /Not found \(404\)/);
    // the server's message, its "did you mean" as links to each suggestion, what is accepted
    assert.ok((await alert.textContent())!.includes(body.message.split('; did you mean')[0]));
    assert.ok(body.suggestions.length > 0);
    assert.deepEqual(await alert.locator('.did-you-mean a').allTextContents(), body.suggestions);
    assert.match((await alert.locator('.accepted').textContent())!, /^Accepted: a Steam app id .*the API lists them at \/suggest\/steam\/game\.$/);
    await shot('not-found');
    await alert.locator('.did-you-mean a').first().click();
    await page.waitForFunction((g) => decodeURIComponent(location.hash) === `#/steam/game/${g}`, body.suggestions[0]);
    await page.waitForSelector('ol[aria-label="Similar games"]');
  });

  test('a name with nothing near it: no empty "did you mean", what is accepted and where the names are listed', async () => {
    await open('#/steam/genre/qxqxzjzj');
    const alert = page.locator('[role=alert]');
    await alert.waitFor();
    const text = (await alert.textContent())!;
    assert.match(text, /^Not found \(404\): unknown genre 'qxqxzjzj': no genre is spelled like it\./);
    assert.doesNotMatch(text, /did you mean/i);
    assert.match((await alert.locator('.accepted').textContent())!, /^Accepted: a genre of the catalogue's games, e\.g\. '.+'/);
    // the link lists names the page answers for
    const list = await alert.locator('.accepted a').getAttribute('href');
    assert.equal(list, '/suggest/steam/genre?q=&n=20');
    const [genre] = (await api<{ suggestions: string[] }>(list!)).suggestions;
    await open(`#/steam/genre/${enc(genre)}`);
    assert.equal(await page.locator('[role=alert]').count(), 0);
  });

  test('a genre written with &amp; in the raw data: found by its decoded name, shown decoded', async () => {
    const [genre] = (await api<{ suggestions: string[] }>('/suggest/steam/genre?q=' + enc('Animation &'))).suggestions;
    assert.equal(genre, 'Animation & Modeling');
    await open(`#/steam/genre/${enc(genre)}`);
    await chartsDrawn();
    assert.equal(await page.locator('h2').first().textContent(), 'Animation & Modeling: hours played per release year');
  });

  test('streaming: a user\'s recommendations with their predicted ratings, and one title\'s prediction', async () => {
    const [user] = (await api<{ suggestions: string[] }>('/suggest/streaming/user?q=1')).suggestions;
    await open(`#/streaming/user/${user}`);
    await chartsDrawn();
    const recs = (await api<{ recomendaciones: { id: string; titulo: string; plataforma: string; rating_predicho: number }[] }>(`/streaming/recomendacion/${user}?n=10`)).recomendaciones;
    assert.equal(recs.length, 10);
    assert.deepEqual(await listTexts('Recommended titles'), recs.map((r) => `${r.titulo} (${r.plataforma})`));
    await shot('streaming');
    await page.click('ol[aria-label="Recommended titles"] li:first-child a');
    await page.waitForSelector('dl.facts');
    const facts = await page.textContent('dl.facts');
    assert.ok(facts!.includes(`${recs[0].rating_predicho} / 5`), facts!);
  });

  test('movies: a title, its similar movies, and following one; the month chart', async () => {
    await open('#/movies');
    await chartsDrawn();
    const [title] = (await api<{ suggestions: string[] }>('/suggest/movies/title?q=')).suggestions;
    await open(`#/movies/title/${enc(title)}`);
    await page.waitForSelector('ol[aria-label="Similar movies"]');
    const similar = (await api<{ 'lista recomendada': string[] }>(`/recomendacion/${enc(title)}`))['lista recomendada'];
    assert.deepEqual(await listTexts('Similar movies'), similar);
    await shot('movies');
    await page.click('ol[aria-label="Similar movies"] li:first-child a');
    await page.waitForFunction((t) => decodeURIComponent(location.hash) === `#/movies/title/${t}`, similar[0]);
    await page.waitForSelector('ol[aria-label="Similar movies"]');
    assert.deepEqual(await listTexts('Similar movies'), (await api<{ 'lista recomendada': string[] }>(`/recomendacion/${enc(similar[0])}`))['lista recomendada']);
  });

  test('model pages: the report chart with the baseline, live versions and model cards', async () => {
    // movies retrained on changed data: its page shows the drift that retrain saw
    await moviesPack.synth.generate(join(tmp.dir, 'raw', 'movies-new'), { rows: '900', seed: '8' }, silent);
    await retrain('movies', { from: join(tmp.dir, 'raw', 'movies-new'), db: join(tmp.dir, 'movies.duckdb'), seed: '42', k: '10' });
    for (const pack of ['steam', 'streaming', 'movies']) {
      await open(`#/${pack}/model`);
      await chartsDrawn();
      const info = await api<{ live: { model: string }[]; report: { rows: { label: string }[] }; cards: { model: string }[]; drift: { drift: Drift } | null }>(`/models/${pack}`);
      assert.equal(Boolean(info.drift), pack === 'movies', pack);
      if (info.drift) {
        const { level, counts, tables } = info.drift.drift;
        assert.match(await page.textContent('.drift-summary') ?? '', new RegExp(`^${level}: ${counts.drifted} columns? drifted, ${counts.changed} changed, ${counts.stable} stable`, 'i'));
        const shown = await page.$$eval('table.drift-columns tbody tr', (trs) => trs.map((tr) => `${tr.children[0].textContent} ${tr.children[2].textContent}`));
        assert.deepEqual(shown.sort(), tables.flatMap((t) => t.columns.map((c) => `${t.table}.${c.column} ${c.level}`)).sort());
      }
      assert.ok(info.report.rows.length >= 2, pack);
      const series = await page.$$eval('figure thead th', (ths) => ths.map((t) => t.textContent).filter(Boolean));
      assert.deepEqual(series, info.report.rows.map((r) => r.label));
      assert.equal(await page.locator('section.model-card').count(), info.cards.length);
      assert.equal(await page.locator('table[aria-label="Live versions"] tbody tr').count(), info.live.length);
      await shot(`${pack}-model`);
    }
  });

  test('the API docs (Swagger UI at /docs) render every route under the server\'s CSP', async () => {
    await page.goto(`${base}/docs`);
    await page.waitForSelector('.opblock-summary');
    const spec = await api<{ paths: Record<string, object> }>('/docs/json');
    const shown = await page.$$eval('.opblock-summary-path', (els) => new Set(els.map((e) => e.getAttribute('data-path'))).size);
    assert.equal(shown, Object.keys(spec.paths).length);
    // the page is styled (its stylesheet was not blocked)
    assert.notEqual(await page.$eval('.swagger-ui .opblock', (e) => getComputedStyle(e).borderRadius), '0px');
  });

  test('phone width: nothing wider than the screen, search still usable', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      for (const hash of ['', '#/steam', '#/movies/title/' + enc((await api<{ suggestions: string[] }>('/suggest/movies/title?q=')).suggestions[0]), '#/streaming/model']) {
        await open(hash);
        const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
        assert.ok(scroll <= inner, `${hash}: page ${scroll}px wide on a ${inner}px screen`);
      }
      await open('#/steam');
      await page.fill('[role=combobox]', 'a');
      await page.waitForSelector('[role=option]');
      await shot('phone-steam');
    } finally {
      await page.setViewportSize({ width: 1200, height: 900 });
    }
  });

  test('no page broke the Content-Security-Policy (nothing blocked on any page above)', () => {
    assert.deepEqual(cspViolations, []);
  });
});
