/**
 * `recops start` as a newcomer runs it (`npm start` is `recops start`): a child process on an
 * empty folder generates, ingests, evaluates, trains and serves the three packs from one server.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CHROMIUM, launchChromium } from '../chromium.js';
import { PACKS } from '../../src/packs/index.js';
import { tempDir } from '../helpers.js';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = [...['--import', 'tsx'], join(ROOT, 'src/cli/index.ts')];
const WEB = join(ROOT, 'dist/web/index.html');

test('start --packs with an unknown name exits 2 with the accepted list, before generating anything', () => {
  const { dir, cleanup } = tempDir();
  try {
    const demo = join(dir, 'demo');
    for (const packs of ['steam,nope', 'Steam, movies,,imdb', ',']) {
      const r = spawnSync(process.execPath, [...CLI, 'start', '--dir', demo, '--packs', packs, '--no-serve'], { encoding: 'utf8', cwd: ROOT, timeout: 60_000 });
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, new RegExp(`accepted: ${PACKS.map((p) => p.name).join(', ')} \\(comma-separated, e\\.g\\. --packs steam,movies\\)`));
      if (packs !== ',') assert.match(r.stderr, new RegExp(`unknown pack '${packs.endsWith('imdb') ? 'imdb' : 'nope'}' in --packs`));
      assert.ok(!existsSync(demo), `nothing written: ${existsSync(demo) ? readdirSync(demo).join(', ') : ''}`);
    }
  } finally {
    cleanup();
  }
});

test('start on an empty folder serves the three packs from one server: main routes, profiles, home page', { timeout: 600_000 }, async () => {
  const { dir, cleanup } = tempDir();
  // the demo's own default size is measured in the README; a smaller one keeps the test short
  const child = spawn(process.execPath, [...CLI, 'start', '--dir', join(dir, 'demo'), '--scale', '0.01', '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, HOST: '127.0.0.1' } });
  let stderr = '';
  try {
    const base = await new Promise<string>((done, fail) => {
      child.stderr!.on('data', (chunk) => {
        stderr += chunk;
        const m = /recops API listening on (http:\/\/\S+) /.exec(stderr);
        if (m) done(m[1]);
      });
      child.on('exit', (code) => fail(new Error(`start exited ${code} before serving:\n${stderr.slice(-3000)}`)));
    });
    // progress: every step of every pack, each line naming its pack, in the packs' order
    for (const [i, pack] of PACKS.map((p) => p.name).entries()) {
      for (const step of ['generating demo raw files', 'ingesting', 'warehouse ready', 'evaluating', 'training']) assert.match(stderr, new RegExp(`^start ${pack} \\(${i + 1}/3\\): ${step}`, 'm'), `${pack}: ${step}`);
    }
    const get = async (path: string) => {
      const res = await fetch(base + path);
      return { status: res.status, body: res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text() };
    };
    const first = async (pack: string, kind: string) => {
      const r = await get(`/suggest/${pack}/${kind}?q=&n=1`);
      assert.equal(r.status, 200, `${pack} ${kind}: ${JSON.stringify(r.body)}`);
      return (r.body as { suggestions: string[] }).suggestions[0];
    };
    const health = (await get('/health')).body as { packs: Record<string, { tables: Record<string, number> }> };
    assert.deepEqual(Object.keys(health.packs).sort(), ['movies', 'steam', 'streaming']);
    const main = [
      `/PlayTimeGenre/${encodeURIComponent(await first('steam', 'genre'))}`,
      `/recomendacion_usuario/${encodeURIComponent(await first('steam', 'user'))}`,
      '/get_max_duration',
      `/streaming/recomendacion/${encodeURIComponent(await first('streaming', 'user'))}`,
      `/recomendacion/${encodeURIComponent(await first('movies', 'title'))}`,
    ];
    for (const path of main) {
      const r = await get(path);
      assert.equal(r.status, 200, `${path}: ${JSON.stringify(r.body).slice(0, 300)}`);
    }
    for (const pack of ['steam', 'streaming', 'movies']) {
      const p = await get(`/profile/${pack}?part=summary`);
      assert.equal(p.status, 200, pack);
      const profile = p.body as { pack: string; overview: { rows: number } };
      assert.equal(profile.pack, pack);
      // the profile describes the warehouse served: its rows are the tables' rows /health counts
      assert.ok(profile.overview.rows > 0);
      const models = await get(`/models/${pack}`);
      assert.equal(models.status, 200, pack);
      assert.ok((models.body as { live: unknown[]; report: unknown }).live.length > 0 && (models.body as { report: unknown }).report, `${pack}: trained and evaluated`);
    }
    // the home page, as a browser draws it, offers the three catalogues
    assert.ok(existsSync(WEB), `no web app at ${WEB}: \`npm run build\` (npm ci runs it) builds it`);
    if (!existsSync(CHROMIUM)) {
      if (process.env.RECOPS_REQUIRE_BROWSER) assert.fail(`no Chromium at ${CHROMIUM}`);
      assert.match(String((await get('/')).body), /<script/);
      console.log(`# no Chromium at ${CHROMIUM}: the home page's three catalogues were checked from /health only`);
      return;
    }
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(`${base}/`);
      await page.waitForSelector('a.pack-card');
      const cards = await page.$$eval('a.pack-card', (as) => as.map((a) => a.getAttribute('href')));
      assert.deepEqual(cards.sort(), ['#/movies', '#/steam', '#/streaming']);
    } finally {
      await browser.close();
    }
  } finally {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((done) => child.once('exit', done));
    }
    cleanup();
  }
});
