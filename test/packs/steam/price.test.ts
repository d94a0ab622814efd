import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { ingestPack } from '../../../src/core/ingest/run.js';
import { buildApp } from '../../../src/core/server/app.js';
import { openReadOnly, type Warehouse } from '../../../src/core/warehouse/warehouse.js';
import { steamPack } from '../../../src/packs/steam/index.js';
import {
  BASE_FEATURES,
  PRICE_MODELS,
  buildVocabulary,
  evaluatePrice,
  featureIndex,
  formatPriceReport,
  loadCatalogue,
  loadCataloguePrices,
  loadPriceModel,
  priceCatalogue,
  priceFeatures,
  priceModelDir,
  trainPriceModels,
  type GameMeta,
  type PriceFeatureRow,
  type PriceVocabulary,
} from '../../../src/packs/steam/price.js';
import { registerPriceRoutes } from '../../../src/packs/steam/price-routes.js';
import { SHARED_DATA, hasShared, query, silent, tempDir } from '../../helpers.js';
import { writeFixture } from './fixtures.js';

const close = (a: number, b: number, tol = 1e-6) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

function valueOf(row: PriceFeatureRow, vocab: PriceVocabulary, name: string): number {
  const c = vocab.features.indexOf(name);
  assert.ok(c >= 0, `no feature ${name}`);
  const k = Array.from(row.indices).indexOf(c);
  return k < 0 ? 0 : row.values[k];
}

test('the feature function on hand-made games: every feature by hand, leave-one-out studio prices', () => {
  const game = (o: Partial<GameMeta> & { price: number | null }): GameMeta & { price: number | null } => ({
    title: null, genres: null, tags: null, specs: null, earlyAccess: false, releaseYear: null, developer: null, publisher: null, ...o,
  });
  const g1 = game({ title: 'Alpha', genres: ['Action', 'Indie'], tags: ['Shooter'], specs: ['Single-player'], releaseYear: 2015, developer: 'Studio A', publisher: 'Pub X', price: 9.99 });
  const g2 = game({ title: 'Beta', genres: ['Action'], tags: ['Shooter', 'Rare tag'], specs: ['Single-player'], releaseYear: 2016, developer: 'Studio A', publisher: 'Studio A', price: 0 });
  const unpriced = game({ title: 'Gamma', genres: ['Racing'], developer: 'constructor', price: null });
  const vocab = buildVocabulary([g1, g2], [g1, g2, unpriced], { minCount: { genres: 2, tags: 2, specs: 1 }, priorWeight: 2 });
  assert.deepEqual([vocab.genres, vocab.tags, vocab.specs], [['Action'], ['Shooter'], ['Single-player']]);
  assert.deepEqual(vocab.rare, { genres: ['Indie'], tags: ['Rare tag'], specs: [] });
  assert.deepEqual(vocab.features.slice(0, BASE_FEATURES.length), [...BASE_FEATURES]);
  assert.deepEqual(vocab.features.slice(BASE_FEATURES.length), ['genre:Action', 'genre:(other)', 'tag:Shooter', 'tag:(other)', 'spec:Single-player', 'spec:(other)']);
  assert.equal(vocab.referenceYear, 2016);
  const index = featureIndex(vocab);
  const mean = Math.log1p(9.99) / 2;

  // a new game: case-insensitive values, a rare genre pooled, an unknown one ignored, no year, no publisher
  const input: GameMeta = { title: 'Alpha 2 - Soundtrack', genres: ['action', 'Indie', 'Unknown'], tags: ['Shooter'], specs: [], earlyAccess: true, releaseYear: null, developer: ' studio a ', publisher: null };
  const row = priceFeatures(input, index, { inCatalogue: false, trainingPrice: null });
  const expected: Record<string, number> = {
    early_access: 1,
    release_year: 2016,
    release_year_missing: 1,
    'year:2016': 1,
    log_developer_games: Math.log1p(3), // 2 in the catalogue + this one
    developer_missing: 0,
    log_publisher_games: 0,
    publisher_missing: 1,
    self_published: 0,
    developer_log_price: (Math.log1p(9.99) + 0 + 2 * mean) / (2 + 2),
    developer_priced_games: Math.log1p(2),
    publisher_log_price: mean, // nothing known: the prior
    publisher_priced_games: 0,
    title_chars: 20,
    title_words: 4,
    title_missing: 0,
    'title:soundtrack': 1,
    'title:subtitle_dash': 1,
    'title:sequel_number': 1,
    'title:pack': 0,
    'title:dlc_like': 1,
    genres_count: 3,
    tags_count: 1,
    specs_count: 0,
    'genre:Action': 1,
    'genre:(other)': 1,
    'tag:Shooter': 1,
    'tag:(other)': 0,
    'spec:Single-player': 0,
  };
  for (const [name, v] of Object.entries(expected)) close(valueOf(row, vocab, name), v);
  // nothing else is set
  assert.equal(row.indices.length, Object.values(expected).filter((v) => v !== 0).length);
  for (let k = 1; k < row.indices.length; k++) assert.ok(row.indices[k - 1] < row.indices[k]);
  assert.deepEqual(row.ignored, { genres: ['Unknown'], tags: [], specs: [] });
  // pure: the same input gives the same row
  assert.deepEqual(priceFeatures(input, index, { inCatalogue: false, trainingPrice: null }), row);

  // a training game is left out of its own developer's price mean, and counts once in its size
  const own = priceFeatures(g1, index, { inCatalogue: true, trainingPrice: 9.99 });
  close(valueOf(own, vocab, 'developer_log_price'), (0 + 2 * mean) / (1 + 2));
  close(valueOf(own, vocab, 'developer_priced_games'), Math.log1p(1));
  close(valueOf(own, vocab, 'log_developer_games'), Math.log1p(2));
  close(valueOf(own, vocab, 'publisher_log_price'), (0 + 2 * mean) / (0 + 2));
  // a studio named like an Object.prototype property is just a name
  const odd = priceFeatures(unpriced, index, { inCatalogue: true, trainingPrice: null });
  close(valueOf(odd, vocab, 'log_developer_games'), Math.log1p(1));
  close(valueOf(odd, vocab, 'developer_log_price'), mean);
});

// ---------------------------------------------------------------------------------------------
// On a generated warehouse

const { dir, cleanup } = tempDir();
const db = join(dir, 'steam.duckdb');
const QUICK = { gbm: { trees: 30, learningRate: 0.2, maxDepth: 4, minLeaf: 5, maxBins: 32 } };
before(async () => {
  await steamPack.synth.generate(join(dir, 'raw'), { scale: '0.01', seed: '3' }, silent);
  await ingestPack(steamPack, { from: join(dir, 'raw'), db, log: silent });
});
after(cleanup);

async function priceApp(modelDir: string | null): Promise<{ app: FastifyInstance; wh: Warehouse }> {
  const app = await buildApp({ packs: [] });
  const wh = await openReadOnly(db);
  await registerPriceRoutes(app, wh, modelDir);
  app.addHook('onClose', async () => wh.close());
  return { app, wh };
}

const BODY = { title: 'Space Blaster - Soundtrack', genres: ['Action', 'Indie', 'Not A Genre'], tags: ['Zorgblat'], specs: ['Single-player'], early_access: false, release_year: 2016, developer: 'Valve', publisher: 'Valve' };

test('price routes answer 503 with the fix before any training', async () => {
  for (const modelDir of [null, join(dir, 'nothing-here')]) {
    const { app } = await priceApp(modelDir);
    try {
      for (const req of [{ url: '/prediccion_precio/10' }, { method: 'POST' as const, url: '/prediccion_precio', payload: BODY }]) {
        const res = await app.inject(req);
        assert.equal(res.statusCode, 503);
        assert.match(res.json().message, /recops train steam/);
      }
    } finally {
      await app.close();
    }
  }
});

test('eval: one report with both models and both baselines, and a text table', async () => {
  const report = await evaluatePrice(db, { seed: 1, log: silent, params: QUICK });
  assert.deepEqual(Object.keys(report.models), ['mean', 'median', ...PRICE_MODELS]);
  assert.deepEqual(Object.values(report.models).map((m) => m.kind), ['baseline', 'baseline', 'model', 'model']);
  const [{ n }] = await query(db, 'SELECT count(price) AS n FROM games');
  assert.equal(report.games.priced, n);
  assert.equal(report.split.test, Math.round(0.2 * n));
  assert.equal(report.split.train + report.split.test, n);
  for (const m of Object.values(report.models)) {
    assert.equal(m.n, report.split.test);
    for (const v of [m.rmse, m.mae, m.rmsle]) assert.ok(Number.isFinite(v) && v >= 0);
    assert.ok(m.mae <= m.rmse + 1e-12);
  }
  assert.ok((PRICE_MODELS as readonly string[]).includes(report.best));
  const table = formatPriceReport(report);
  for (const name of ['mean (baseline)', 'median (baseline)', 'ridge', 'gbm', 'RMSE', 'MAE']) assert.ok(table.includes(name), name);
  // the same seed, the same report (but the time stamps)
  const again = await evaluatePrice(db, { seed: 1, log: silent, params: QUICK });
  const strip = (r: typeof report) => Object.fromEntries(Object.entries(r.models).map(([k, m]) => [k, [m.rmse, m.mae, m.rmsle]]));
  assert.deepEqual(strip(again), strip(report));
});

function filesOf(root: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string, prefix: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), `${prefix}${e.name}/`);
      else out.set(prefix + e.name, readFileSync(join(d, e.name)));
    }
  };
  walk(root, '');
  return out;
}

test('train twice with one seed: identical model files; a loader; the catalogue answers match a fresh pricing', async () => {
  const a = join(dir, 'price-a');
  const b = join(dir, 'price-b');
  // the leftover of a killed training is cleaned up
  mkdirSync(`${a}.building-999999`, { recursive: true });
  const ra = await trainPriceModels(db, a, { seed: 5, log: silent, params: QUICK });
  await trainPriceModels(db, b, { seed: 5, log: silent, params: QUICK });
  assert.ok(ra.seconds > 0);
  assert.deepEqual(Object.keys(ra.report.models), ['mean', 'median', 'ridge', 'gbm']);
  const fa = filesOf(a);
  const fb = filesOf(b);
  assert.deepEqual([...fa.keys()].sort(), [...fb.keys()].sort());
  for (const f of ['manifest.json', 'vocabulary.json', 'ridge/model.json', 'gbm/model.json', 'gbm/value.bin', 'gbm/threshold.bin', 'catalogue-prices.json', 'report.json', 'model-card.md']) assert.ok(fa.has(f), f);
  for (const [name, bytes] of fa) {
    if (name === 'report.json' || name === 'model-card.md') continue; // time stamps and durations
    assert.ok(bytes.equals(fb.get(name)!), name);
  }
  // training again replaces the folder whole
  await trainPriceModels(db, a, { seed: 6, log: silent, params: QUICK });
  assert.deepEqual([...filesOf(a).keys()].sort(), [...fa.keys()].sort());
  assert.ok(!readdirSync(dir).some((f) => f.includes('.building-') || f.includes('.old-')));

  const model = loadPriceModel(b)!;
  assert.ok(model);
  assert.equal(loadPriceModel(join(dir, 'missing')), null);
  assert.equal(loadPriceModel(null), null);
  const wh = await openReadOnly(db);
  try {
    const fresh = priceCatalogue(model, await loadCatalogue(wh.conn));
    const saved = await loadCataloguePrices(wh.conn, model, b);
    assert.equal(saved.size, fresh.size);
    for (const [id, p] of fresh) {
      const s = saved.get(id)!;
      assert.equal(s.actual, p.actual);
      for (const m of PRICE_MODELS) close(s.predictions[m], p.predictions[m], 1e-4);
    }
    // a file from another warehouse build is not trusted: the answers are computed again
    const path = join(b, 'catalogue-prices.json');
    const body = JSON.parse(readFileSync(path, 'utf8'));
    body.dataFingerprint = 'another-build';
    body.games = [];
    writeFileSync(path, JSON.stringify(body));
    assert.equal((await loadCataloguePrices(wh.conn, model, b)).size, fresh.size);
  } finally {
    wh.close();
  }
  assert.ok(priceModelDir(db).endsWith(join('models', 'steam', 'price')));
});

test('routes: predicted next to actual price, POST for a new game, 404s and 400s naming the field', async () => {
  const modelDir = join(dir, 'price-routes');
  await trainPriceModels(db, modelDir, { seed: 5, log: silent, params: QUICK });
  const { app } = await priceApp(modelDir);
  try {
    const [priced] = await query(db, 'SELECT item_id, coalesce(app_name, title) AS name, price FROM games WHERE price > 0 ORDER BY item_id LIMIT 1');
    let res = await app.inject({ url: `/prediccion_precio/${priced.item_id}` });
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.deepEqual(Object.keys(body).sort(), ['app_name', 'item_id', 'modelo', 'precio_predicho', 'precio_real', 'predicciones']);
    assert.equal(body.item_id, priced.item_id);
    assert.equal(body.app_name, priced.name);
    assert.equal(body.precio_real, priced.price);
    assert.ok(body.precio_predicho >= 0);
    assert.deepEqual(Object.keys(body.predicciones).sort(), ['gbm', 'ridge']);
    assert.equal(body.precio_predicho, body.predicciones[body.modelo]);
    // ids are trimmed strings
    assert.equal((await app.inject({ url: `/prediccion_precio/%20${priced.item_id}%20` })).json().item_id, priced.item_id);

    const [unpriced] = await query(db, 'SELECT item_id FROM games WHERE price IS NULL ORDER BY item_id LIMIT 1');
    res = await app.inject({ url: `/prediccion_precio/${unpriced.item_id}` });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().precio_real, null);

    res = await app.inject({ url: '/prediccion_precio/no-such-game-42' });
    assert.equal(res.statusCode, 404);
    assert.match(res.json().message, /no game with id 'no-such-game-42'/);
    const [libraryOnly] = await query(db, 'SELECT item_id FROM item_names WHERE item_id NOT IN (SELECT item_id FROM games) ORDER BY item_id LIMIT 1');
    if (libraryOnly) {
      res = await app.inject({ url: `/prediccion_precio/${libraryOnly.item_id}` });
      assert.equal(res.statusCode, 404);
      assert.match(res.json().message, /no metadata in the catalogue/);
    }

    res = await app.inject({ method: 'POST', url: '/prediccion_precio', payload: BODY });
    assert.equal(res.statusCode, 200);
    const post = res.json();
    assert.deepEqual(Object.keys(post).sort(), ['modelo', 'precio_predicho', 'predicciones', 'titulo', 'valores_ignorados']);
    assert.equal(post.titulo, BODY.title);
    assert.ok(post.precio_predicho >= 0);
    assert.deepEqual(post.valores_ignorados, { genres: ['Not A Genre'], tags: ['Zorgblat'], specs: [] });
    // only title and genres are required
    res = await app.inject({ method: 'POST', url: '/prediccion_precio', payload: { title: 'Minimal', genres: [] } });
    assert.equal(res.statusCode, 200);

    const bad: [Record<string, unknown> | string, RegExp][] = [
      [{ ...BODY, release_year: 'soon' }, /release_year/],
      [{ ...BODY, release_year: 1850 }, /release_year/],
      [{ ...BODY, early_access: 'maybe' }, /early_access/],
      [{ ...BODY, tags: [1, {}] }, /tags/],
      [{ genres: ['Action'] }, /title/],
      [{ title: 'X' }, /genres/],
      [{ ...BODY, genre: ['Action'] }, /unknown field 'genre'/],
      ['[1, 2]', /body must be object/],
    ];
    for (const [payload, field] of bad) {
      res = await app.inject({ method: 'POST', url: '/prediccion_precio', payload, headers: { 'content-type': 'application/json' } });
      assert.equal(res.statusCode, 400, JSON.stringify(payload));
      assert.match(res.json().message, field);
    }

    // both routes are documented in the OpenAPI page
    const spec = (app as unknown as { swagger(): { paths: Record<string, Record<string, { summary?: string; requestBody?: unknown }>> } }).swagger();
    assert.ok(spec.paths['/prediccion_precio/{item_id}']?.get?.summary);
    assert.ok(spec.paths['/prediccion_precio']?.post?.requestBody);
  } finally {
    await app.close();
  }
});

// ---------------------------------------------------------------------------------------------
// On the real catalogue

test('real catalogue: ridge and the trees beat the mean baseline on RMSE and MAE', { skip: !hasShared('steam/steam_games.json.gz') && 'no ../shared/data' }, async () => {
  const { dir: realDir, cleanup: realCleanup } = tempDir();
  try {
    symlinkSync(join(SHARED_DATA, 'steam/steam_games.json.gz'), join(realDir, 'steam_games.json.gz'));
    writeFixture(realDir, false);
    const realDb = join(realDir, 'w.duckdb');
    await ingestPack(steamPack, { from: realDir, db: realDb, log: silent });
    // fewer trees than the served model, to keep the test short; the ridge is the real one
    const report = await evaluatePrice(realDb, { seed: 42, log: silent, params: { gbm: { trees: 60, maxDepth: 6 } } });
    assert.ok(report.games.priced > 30_000, `${report.games.priced} priced games`);
    const { mean, median, ridge, gbm } = report.models;
    for (const [name, m] of Object.entries({ ridge, gbm })) {
      assert.ok(m.rmse < mean.rmse, `${name} RMSE ${m.rmse} vs mean ${mean.rmse}`);
      assert.ok(m.mae < mean.mae, `${name} MAE ${m.mae} vs mean ${mean.mae}`);
      assert.ok(m.mae < median.mae, `${name} MAE ${m.mae} vs median ${median.mae}`);
    }
    assert.ok(existsSync(realDb));
  } finally {
    realCleanup();
  }
});
