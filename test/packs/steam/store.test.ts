/**
 * The Steam pack served from a store answers every Steam route (each path the OpenAPI document
 * lists under the steam tag) exactly as the in-process server does on the same generated and
 * trained warehouse: through the store interface in this process (MemoryServing, no Redis needed)
 * and from a real Redis started here on a free loopback port (skipped, loudly, without
 * redis-server; RECOPS_REQUIRE_REDIS=1 makes its absence fail). Names come right, wrong-cased,
 * accented, misspelled and unknown; years in range, out of it and malformed; users with a
 * library, reviewers without one and unknown ids; price requests by id and by body.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { steamPack } from '../../../src/packs/steam/index.js';
import { buildApp } from '../../../src/core/server/app.js';
import { MemoryServing } from '../../../src/core/store/store.js';
import { RedisServing } from '../../../src/core/store/redis.js';
import { withWarehouse } from '../../../src/core/warehouse/read.js';
import { publish } from '../../../src/cli/publish.js';
import { demoWarehouse, query, tempDir } from '../../helpers.js';
import { RedisProcess, freePort, quietStderr, redisMissing } from '../../core/store/redis-server.js';

const missing = redisMissing();
const { dir, cleanup } = tempDir('recops-steam-store-');
let db: string;
let inProcess: FastifyInstance;
const memory = new MemoryServing();
let fromMemory: FastifyInstance;
let redis: RedisProcess | null = null;
let serving: RedisServing | null = null;
let fromRedis: FastifyInstance | null = null;

before(async () => {
  db = await demoWarehouse(steamPack, { scale: '0.01', seed: '3' }, dir, { train: true });
  inProcess = await buildApp({ packs: [{ pack: steamPack, db }], webDir: false });
  fromMemory = await buildApp({ packs: [], store: { serving: memory, packs: [steamPack] }, webDir: false });
});

after(async () => {
  await inProcess?.close();
  await fromMemory?.close();
  await fromRedis?.close();
  await serving?.close();
  await redis?.kill({ save: false });
  cleanup();
});

const prepared = () => withWarehouse(db, (wh) => steamPack.store!.prepare(wh));

const col = async (sql: string) => (await query(db, sql)).map((r) => String(Object.values(r)[0]));
const e = encodeURIComponent;
/** a name as typed: as spelled, upper-cased, lower-cased in spaces, with an accent, misspelled */
const variants = (names: string[]) => names.flatMap((n) => [n, n.toUpperCase(), ` ${n.toLowerCase()} `, n.replace(/[aeo]/, (c) => ({ a: 'á', e: 'é', o: 'ô' })[c]!), `${n.slice(0, -1)}x`]);

interface Request extends InjectOptions {
  url: string;
  /** the route (its OpenAPI path) this request exercises */
  route: string;
}

async function requests(): Promise<Request[]> {
  const get = (route: string, url: string): Request => ({ method: 'GET', url, route });
  const out: Request[] = [];
  const genres = [...(await col('SELECT DISTINCT genre FROM api_genre_year_playtime ORDER BY 1')), 'Acton', 'Not A Genre', 'ÆSTHETIC'];
  for (const g of variants(genres)) {
    out.push(get('/steam/playtime/{genero}', `/steam/playtime/${e(g)}`), get('/PlayTimeGenre/{genero}', `/PlayTimeGenre/${e(g)}`), get('/UserForGenre/{genero}', `/UserForGenre/${e(g)}`));
  }
  const developers = [...(await col('SELECT developer FROM api_developer_sentiment ORDER BY developer LIMIT 150')), 'Ubisoft Montreal', 'No Such Studio'];
  for (const d of variants(developers)) out.push(get('/sentiment_analysis/{desarrolladora}', `/sentiment_analysis/${e(d)}`));

  const [posted] = await query(db, "SELECT min_year, max_year FROM api_year_ranges WHERE what = 'posted_year'");
  const [released] = await query(db, "SELECT min_year, max_year FROM api_year_ranges WHERE what = 'release_year_reviewed'");
  const badYears = ['abc', '20x5', '2015.5', '-3', ' 2015 ', '0', '99999999999999999999'];
  for (let y = Number(posted.min_year) - 2; y <= Number(posted.max_year) + 2; y++) badYears.push(String(y));
  for (const y of badYears) {
    for (const route of ['UsersRecommend', 'UsersNotRecommend', 'UsersWorstDeveloper']) out.push(get(`/${route}/{anio}`, `/${route}/${e(y)}`));
  }
  const releaseYears = ['abc', '1e3', ''];
  for (let y = Number(released.min_year) - 2; y <= Number(released.max_year) + 2; y++) releaseYears.push(String(y));
  for (const y of releaseYears) out.push(get('/sentiment_analysis/year/{anio}', `/sentiment_analysis/year/${e(y)}`));

  const ids = await col('SELECT item_id FROM games ORDER BY item_id LIMIT 150');
  const libraryOnly = await col('SELECT item_id FROM item_names WHERE item_id NOT IN (SELECT item_id FROM games) ORDER BY 1 LIMIT 40');
  const gameNames = await col('SELECT coalesce(app_name, title) FROM games WHERE coalesce(app_name, title) IS NOT NULL ORDER BY item_id LIMIT 120');
  for (const id of [...ids, ...libraryOnly, ` ${ids[0]} `, '999999999', 'not-an-id', 'x'.repeat(201)]) {
    out.push(get('/recomendacion_juego/{item_id}', `/recomendacion_juego/${e(id)}`), get('/prediccion_precio/{item_id}', `/prediccion_precio/${e(id)}`));
  }
  for (const n of variants([...gameNames, 'Counter-Strike', 'Half Life 7'])) out.push(get('/recomendacion_juego/{item_id}', `/recomendacion_juego/${e(n)}`));

  const libraryUsers = await col('SELECT DISTINCT user_id FROM user_items ORDER BY 1 LIMIT 150');
  const reviewersOnly = await col('SELECT DISTINCT user_id FROM reviews WHERE user_id NOT IN (SELECT user_id FROM user_items) ORDER BY 1 LIMIT 80');
  // ids that differ only by case: each answers for itself when typed exactly
  const sameLower = await col('SELECT user_id FROM users WHERE lower(user_id) IN (SELECT lower(user_id) FROM users GROUP BY 1 HAVING count(*) > 1) ORDER BY 1');
  const neither = await col('SELECT user_id FROM users WHERE user_id NOT IN (SELECT user_id FROM user_items) AND user_id NOT IN (SELECT user_id FROM reviews) ORDER BY 1 LIMIT 20');
  for (const u of [...libraryUsers, ...reviewersOnly, ...neither, ...sameLower].flatMap((u) => [u, u.toUpperCase(), ` ${u} `, `${u}zz`])) out.push(get('/recomendacion_usuario/{user_id}', `/recomendacion_usuario/${e(u)}`));
  out.push(get('/recomendacion_usuario/{user_id}', '/recomendacion_usuario/nobody-has-this-id'));

  for (const kind of ['game', 'developer', 'genre', 'user', 'planet']) {
    for (const q of ['', 'a', 'the', 'zzqq', libraryUsers[0].slice(0, 3), 'áction']) out.push(get('/suggest/steam/{kind}', `/suggest/steam/${kind}?q=${e(q)}&n=7`));
  }

  const post = (payload: unknown): Request => ({ method: 'POST', url: '/prediccion_precio', route: '/prediccion_precio', payload: payload as InjectOptions['payload'], headers: { 'content-type': 'application/json' } });
  const catalogue = await query(db, 'SELECT coalesce(app_name, title, item_id) AS title, genres, tags, specs, early_access, release_year, developer, publisher FROM games ORDER BY item_id LIMIT 40');
  for (const g of catalogue) {
    out.push(post({ title: g.title, genres: g.genres ?? [], tags: g.tags ?? [], specs: g.specs ?? [], early_access: g.early_access ?? false, release_year: g.release_year, developer: g.developer, publisher: g.publisher }));
  }
  out.push(
    post({ title: 'Space Blaster - Soundtrack', genres: ['Action', 'Indie', 'Not A Genre'], tags: ['Zorgblat'], specs: ['Single-player'], early_access: false, release_year: 2016, developer: 'Valve', publisher: 'Valve' }),
    post({ title: 'x', genres: [] }),
    post({ title: 'Café Racer DLC Pack', genres: ['RACING', 'indie'], release_year: null, developer: null }),
    post({ title: 'x', genres: [], colour: 'red' }),
    post({ title: 5, genres: [] }),
    post({ genres: ['Action'] }),
    post({ title: 'x', genres: ['Action'], release_year: 1800 }),
  );
  return out;
}

/** The Steam paths of the OpenAPI document, as `/x/{param}`. */
async function steamRoutes(app: FastifyInstance): Promise<Set<string>> {
  const doc = app.swagger() as { paths: Record<string, Record<string, { tags?: string[] }>> };
  const out = new Set<string>();
  for (const [path, ops] of Object.entries(doc.paths)) for (const op of Object.values(ops)) if (op.tags?.includes('steam')) out.add(path);
  return out;
}

async function assertSame(reference: FastifyInstance, other: FastifyInstance, list: Request[], label: string): Promise<Map<string, number>> {
  const ok = new Map<string, number>();
  for (const { route, ...req } of list) {
    const [x, y] = [await reference.inject(req), await other.inject(req)];
    const what = `${req.method} ${req.url}${req.payload ? ` ${JSON.stringify(req.payload)}` : ''}`;
    assert.equal(y.statusCode, x.statusCode, `${label}: ${what}: status ${y.statusCode}, in-process ${x.statusCode}: ${y.body.slice(0, 300)}`);
    assert.equal(y.body, x.body, `${label}: ${what}`);
    assert.equal(y.headers['content-type'], x.headers['content-type'], `${label}: ${what}`);
    if (x.statusCode === 200) ok.set(route, (ok.get(route) ?? 0) + 1);
  }
  return ok;
}

/** Every Steam route was asked, and answered 200 at least once (real answers compared, not only errors). */
async function assertCoverage(list: Request[], ok: Map<string, number>): Promise<void> {
  const routes = await steamRoutes(inProcess);
  assert.ok(routes.size >= 13, `${routes.size} steam routes in the OpenAPI document`);
  for (const route of routes) {
    assert.ok(list.some((r) => r.route === route), `no request for ${route}`);
    assert.ok((ok.get(route) ?? 0) > 0, `no 200 from ${route}`);
  }
}

test('before a publish: 503 saying what to do, autocomplete too (its names are in the store)', async () => {
  const res = await fromMemory.inject('/PlayTimeGenre/Action');
  assert.equal(res.statusCode, 503);
  assert.match(res.json().message, /nothing is published for steam/);
  const s = await fromMemory.inject('/suggest/steam/game?q=a');
  assert.equal(s.statusCode, 503);
  assert.match(s.json().message, /nothing is published for steam/);
});

test('the prepared answers give every steam route the in-process bodies (store interface in this process)', async () => {
  const answers = await prepared();
  await memory.publish('steam', answers);
  const list = await requests();
  const ok = await assertSame(inProcess, fromMemory, list, 'memory');
  process.stderr.write(`# steam, memory store: ${list.length} requests compared, ${[...ok.values()].reduce((a, b) => a + b, 0)} of them 200\n`);
  await assertCoverage(list, ok);
  // reviewers without a library got their genre-based list, under the id as typed
  const reviewer = (await col('SELECT DISTINCT user_id FROM reviews WHERE user_id NOT IN (SELECT user_id FROM user_items) ORDER BY 1 LIMIT 1'))[0];
  const res = await fromMemory.inject(`/recomendacion_usuario/${e(reviewer.toUpperCase())}`);
  assert.equal(res.statusCode, 200);
  assert.deepEqual(Object.keys(res.json()), [`Recomendaciones para usuario ${reviewer.toUpperCase()}`]);
  // one similar-games answer per game the models know (the catalogue's and the libraries'), one user answer per user id
  const items = Number((await query(db, 'SELECT count(*) AS n FROM (SELECT item_id FROM games UNION SELECT item_id FROM user_items)'))[0].n);
  assert.equal([...answers.keys()].filter((k) => k.startsWith('game:')).length, items);
  // every id lower-cased, plus the libraries whose id differs only by case from another's
  const [u] = await query(db, 'SELECT (SELECT count(DISTINCT lower(user_id)) FROM users) + (SELECT count(DISTINCT user_id) - count(DISTINCT lower(user_id)) FROM user_items) AS n');
  assert.equal([...answers.keys()].filter((k) => k.startsWith('user:') || k.startsWith('userx:')).length, Number(u.n));
});

test('every steam route answers the same bodies from a real Redis as in-process', { skip: missing ?? false }, async () => {
  redis = new RedisProcess(await freePort(), dir);
  await redis.start();
  await quietStderr(() => publish('steam', { db, store: redis!.url }));
  serving = new RedisServing(new URL(redis.url));
  serving.add('steam', steamPack.store!);
  await serving.start();
  fromRedis = await buildApp({ packs: [], store: { serving, packs: [steamPack] }, webDir: false });
  const list = await requests();
  const ok = await assertSame(inProcess, fromRedis, list, 'redis');
  process.stderr.write(`# steam, Redis: ${list.length} requests compared, ${[...ok.values()].reduce((a, b) => a + b, 0)} of them 200\n`);
  await assertCoverage(list, ok);
  const h = (await fromRedis.inject('/health')).json();
  assert.equal(h.store.packs.steam.version, 'v1');
  assert.equal(h.store.packs.steam.db, db);
});

test('an untrained warehouse: analytics served from the store as in-process; recommendations and prices 503 saying to train and publish', async () => {
  const untrained = await demoWarehouse(steamPack, { scale: '0.005', seed: '5' }, join(dir, 'untrained'));
  const local = await buildApp({ packs: [{ pack: steamPack, db: untrained }], webDir: false });
  const other = new MemoryServing();
  const served = await buildApp({ packs: [], store: { serving: other, packs: [steamPack] }, webDir: false });
  try {
    await other.publish('steam', await withWarehouse(untrained, (wh) => steamPack.store!.prepare(wh)));
    const genres = (await query(untrained, 'SELECT DISTINCT genre FROM api_genre_year_playtime ORDER BY 1')).map((r) => String(r.genre));
    const analytics = [...genres.map((g) => ({ method: 'GET' as const, url: `/UserForGenre/${e(g)}`, route: '/UserForGenre/{genero}' })), { method: 'GET' as const, url: '/suggest/steam/genre?q=a', route: '/suggest/steam/{kind}' }];
    assert.ok((await assertSame(local, served, analytics, 'untrained')).get('/UserForGenre/{genero}')! > 0);
    const untrainedRequests: InjectOptions[] = [{ url: '/recomendacion_juego/10' }, { url: '/recomendacion_usuario/someone' }, { url: '/prediccion_precio/10' }, { method: 'POST', url: '/prediccion_precio', payload: { title: 'x', genres: [] } }];
    for (const req of untrainedRequests) {
      const [x, y] = [await local.inject(req), await served.inject(req)];
      assert.equal(x.statusCode, 503, req.url as string);
      assert.equal(y.statusCode, 503, req.url as string);
      assert.match(x.json().message, /run `recops train steam --db <warehouse>` and restart the server$/);
      assert.match(y.json().message, /run `recops train steam --db <warehouse>` and publish again$/);
    }
    for (const kind of ['game', 'user']) assert.deepEqual((await served.inject(`/suggest/steam/${kind}?q=a`)).json().suggestions, []);
  } finally {
    await local.close();
    await served.close();
  }
});
