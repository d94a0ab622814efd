/**
 * The movies pack served from a real Redis (started here on a free loopback port) answers every
 * route exactly as the in-process server does on the same warehouse; a new publish is served
 * within a second; a publish that dies midway changes nothing live; Redis down → 503 and /health
 * says so; Redis back → served again, without a restart.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { moviesPack } from '../../../src/packs/movies/index.js';
import { buildApp } from '../../../src/core/server/app.js';
import { RedisServing, publishToRedis } from '../../../src/core/store/redis.js';
import { withWarehouse } from '../../../src/core/warehouse/read.js';
import { publish } from '../../../src/cli/publish.js';
import { demoWarehouse, query, tempDir } from '../../helpers.js';
import { RedisProcess, freePort, quietStderr, redisMissing } from './redis-server.js';

const missing = redisMissing();
const { dir, cleanup } = tempDir('recops-redis-');
let redis: RedisProcess;
let dbA: string;
let dbB: string;
let inA: FastifyInstance;
let inB: FastifyInstance;
let serving: RedisServing;
let fromStore: FastifyInstance;
let raw: Redis;

before(async () => {
  if (missing) return;
  dbA = await demoWarehouse(moviesPack, { rows: '1200', seed: '5' }, join(dir, 'a'), { train: true });
  // a second build with other data: the version published while serving
  dbB = await demoWarehouse(moviesPack, { rows: '300', seed: '9' }, join(dir, 'b'), { train: true });
  redis = new RedisProcess(await freePort(), dir);
  await redis.start();
  raw = new Redis(redis.url);
  inA = await buildApp({ packs: [{ pack: moviesPack, db: dbA }], webDir: false });
  inB = await buildApp({ packs: [{ pack: moviesPack, db: dbB }], webDir: false });
  await quietStderr(() => publish('movies', { db: dbA, store: redis.url }));
  // as `recops serve --store` does: the packs added, then connected
  serving = new RedisServing(new URL(redis.url));
  serving.add('movies', moviesPack.store!);
  await serving.start();
  fromStore = await buildApp({ packs: [], store: { serving, packs: [moviesPack] }, webDir: false });
});

after(async () => {
  await inA?.close();
  await inB?.close();
  await fromStore?.close();
  await serving?.close();
  raw?.disconnect();
  await redis?.kill({ save: false });
  cleanup();
});

/** Every route of the pack, over every name of the warehouse (and misspelled, re-cased, too long). */
async function urls(db: string): Promise<string[]> {
  const col = async (sql: string) => (await query(db, sql)).map((r) => String(Object.values(r)[0]));
  const variants = (names: string[]) => names.flatMap((n) => [n, n.toUpperCase(), `${n.slice(0, -1)}x`, ` ${n.toLowerCase()} `]);
  const e = encodeURIComponent;
  const titles = variants(await col('SELECT title FROM api_titles ORDER BY key LIMIT 400'));
  const out = [
    ...titles.flatMap((t) => ['/peliculas_duracion/', '/score_titulo/', '/votos_titulo/', '/recomendacion/'].map((r) => r + e(t))),
    ...variants([...(await col('SELECT iso FROM api_languages')), ...(await col('SELECT name FROM api_language_names WHERE name IS NOT NULL')), 'inglés', 'English']).map((n) => `/peliculas_idioma/${e(n)}`),
    ...variants([...(await col('SELECT iso FROM api_countries')), ...(await col('SELECT name FROM api_countries WHERE name IS NOT NULL')), 'Estados Unidos']).map((n) => `/peliculas_pais/${e(n)}`),
    ...variants(await col('SELECT name FROM api_collections')).flatMap((n) => [`/franquicia/${e(n)}`, `/franquicia/${e(n.replace(/ collection$/i, ''))}`]),
    ...variants(await col('SELECT name FROM api_companies LIMIT 300')).map((n) => `/productoras_exitosas/${e(n)}`),
    ...variants(await col('SELECT name FROM api_directors LIMIT 300')).map((n) => `/get_director/${e(n)}`),
    ...variants(await col('SELECT name FROM api_actors LIMIT 300')).map((n) => `/get_actor/${e(n)}`),
    ...variants(['enero', 'febrero', 'marzo', 'setiembre', 'diciembre', 'brumario']).map((n) => `/cantidad_filmaciones_mes/${e(n)}`),
    ...variants(['lunes', 'miércoles', 'sabado', 'domingo', 'feriado']).map((n) => `/cantidad_filmaciones_dia/${e(n)}`),
    ...['title', 'actor', 'director', 'collection', 'company', 'country', 'language', 'planet'].flatMap((k) => ['', 'a', 'the', 'toy', 'zzqq'].map((q) => `/suggest/movies/${k}?q=${q}&n=7`)),
    `/get_actor/${'x'.repeat(201)}`,
  ];
  return out;
}

async function assertSame(a: FastifyInstance, b: FastifyInstance, list: string[]): Promise<number> {
  let ok = 0;
  for (const url of list) {
    const [x, y] = await Promise.all([a.inject(url), b.inject(url)]);
    assert.equal(y.statusCode, x.statusCode, `${url}: status ${y.statusCode} from the store, ${x.statusCode} in-process: ${y.body.slice(0, 300)}`);
    assert.equal(y.body, x.body, url);
    assert.equal(y.headers['content-type'], x.headers['content-type'], url);
    if (x.statusCode === 200) ok++;
  }
  return ok;
}

test('every movies route answers the same bodies from Redis as in-process', { skip: missing ?? false }, async () => {
  const list = await urls(dbA);
  const ok = await assertSame(inA, fromStore, list);
  process.stderr.write(`# ${list.length} requests compared, ${ok} of them 200\n`);
  // the comparison covers real answers, not only errors: every kind of route answered 200
  assert.ok(ok > list.length / 4, `${ok} of ${list.length} answered 200`);
  for (const route of ['/peliculas_duracion/', '/recomendacion/', '/peliculas_idioma/', '/peliculas_pais/', '/franquicia/', '/productoras_exitosas/', '/get_director/', '/get_actor/', '/cantidad_filmaciones_mes/', '/cantidad_filmaciones_dia/', '/suggest/movies/']) {
    const url = list.find((u) => u.startsWith(route))!;
    assert.ok(url, route);
  }
  const h = (await fromStore.inject('/health')).json();
  assert.equal(h.status, 'ok');
  assert.equal(h.store.reachable, true);
  assert.equal(h.store.packs.movies.version, 'v1');
  assert.equal(h.store.packs.movies.db, dbA);
});

test('a publish that dies midway leaves the live version whole; the next publish removes its keys', { skip: missing ?? false }, async () => {
  const before = await raw.get('recops:movies:live');
  const answers = await withWarehouse(dbB, (wh) => moviesPack.store!.prepare(wh));
  await assert.rejects(
    publishToRedis(raw, 'movies', answers, { db: dbB, builtAt: null }, () => {}, {
      count: 1,
      run: async () => {
        throw new Error('killed');
      },
    }),
    /killed/,
  );
  assert.equal(await raw.get('recops:movies:live'), before);
  const partial = (await raw.keys('recops:movies:v2:*')).length;
  assert.ok(partial > 0 && partial < answers.size, `${partial} partial keys`);
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(serving.versionOf('movies'), before);
  const sample = (await urls(dbA)).filter((_, i) => i % 25 === 0);
  await assertSame(inA, fromStore, sample);
});

test('a version published while serving is served within a second, its ETag changed, old versions removed', { skip: missing ?? false }, async () => {
  const url = '/cantidad_filmaciones_mes/enero';
  const etagBefore = (await fromStore.inject(url)).headers.etag;
  await quietStderr(() => publish('movies', { db: dbB, store: redis.url }));
  // the pointer flipped (and was announced) before publish returned: the replica follows within a second
  const started = Date.now();
  const published = await raw.get('recops:movies:live');
  assert.equal(published, 'v3');
  while (serving.versionOf('movies') !== published) {
    assert.ok(Date.now() - started < 1000, 'switched within a second of the announcement');
    await new Promise((r) => setTimeout(r, 5));
  }
  await assertSame(inB, fromStore, (await urls(dbB)).filter((_, i) => i % 5 === 0));
  assert.notEqual((await fromStore.inject(url)).headers.etag, etagBefore);
  // v2 (the dead publish) is gone; v1 (the version v3 replaced) is kept
  assert.equal((await raw.keys('recops:movies:v2:*')).length, 0);
  assert.ok((await raw.keys('recops:movies:v1:*')).length > 0);
  // one more: v1 goes, v3 stays
  await quietStderr(() => publish('movies', { db: dbA, store: redis.url }));
  assert.equal((await raw.keys('recops:movies:v1:*')).length, 0);
  assert.ok((await raw.keys('recops:movies:v3:*')).length > 0);
  assert.deepEqual(await raw.zrange('recops:movies:versions', 0, -1), ['v3', 'v4']);
  const deadline = Date.now() + 1000;
  while (serving.versionOf('movies') !== 'v4') {
    assert.ok(Date.now() < deadline, 'switched to v4 within a second');
    await new Promise((r) => setTimeout(r, 10));
  }
});

test('Redis down: 503 with a clear message and /health says so; Redis back: served again without a restart', { skip: missing ?? false }, async () => {
  const url = `/get_director/${encodeURIComponent((await query(dbA, 'SELECT name FROM api_directors LIMIT 1'))[0].name)}`;
  const expected = (await inA.inject(url)).body;
  assert.equal((await fromStore.inject(url)).body, expected);
  raw.disconnect();
  await redis.kill({ save: true });
  await new Promise((r) => setTimeout(r, 200));
  const down = await fromStore.inject(url);
  assert.equal(down.statusCode, 503);
  assert.match(down.json().message, /shared store redis:\/\/127\.0\.0\.1:\d+ is unreachable/);
  assert.equal(down.headers['cache-control'], 'no-store');
  const h = (await fromStore.inject('/health')).json();
  assert.equal(h.status, 'degraded');
  assert.equal(h.store.reachable, false);
  // the names are in the store too: autocomplete and "did you mean" answer the same 503
  for (const u of ['/suggest/movies/director?q=a', '/get_director/zz%20nobody']) {
    const res = await fromStore.inject(u);
    assert.equal(res.statusCode, 503, u);
    assert.match(res.json().message, /shared store redis:\/\/127\.0\.0\.1:\d+ is unreachable/, u);
  }
  await redis.start();
  raw = new Redis(redis.url);
  const deadline = Date.now() + 10_000;
  for (;;) {
    const res = await fromStore.inject(url);
    if (res.statusCode === 200) {
      assert.equal(res.body, expected);
      break;
    }
    assert.ok(Date.now() < deadline, 'served again within 10 s of Redis coming back');
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal((await fromStore.inject('/health')).json().status, 'ok');
});

test('a replica started while Redis is down answers 503, then serves once Redis is up and a version is published', { skip: missing ?? false }, async () => {
  const port = await freePort();
  const late = new RedisProcess(port, join(dir, 'late'));
  const replica = new RedisServing(new URL(late.url));
  replica.add('movies', moviesPack.store!);
  const started = Date.now();
  await replica.start();
  assert.ok(Date.now() - started < 5000, 'start does not wait for Redis');
  const app = await buildApp({ packs: [], store: { serving: replica, packs: [moviesPack] }, webDir: false });
  try {
    const down = await app.inject('/cantidad_filmaciones_mes/enero');
    assert.equal(down.statusCode, 503);
    assert.match(down.json().message, /is unreachable/);
    assert.equal((await app.inject('/health')).json().status, 'degraded');
    mkdirSync(join(dir, 'late'), { recursive: true });
    await late.start();
    await quietStderr(() => publish('movies', { db: dbA, store: late.url }));
    const expected = (await inA.inject('/cantidad_filmaciones_mes/enero')).body;
    const deadline = Date.now() + 10_000;
    for (;;) {
      const res = await app.inject('/cantidad_filmaciones_mes/enero');
      if (res.statusCode === 200) {
        assert.equal(res.body, expected);
        break;
      }
      assert.ok(Date.now() < deadline, `served within 10 s of Redis coming up: ${res.body}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await app.close();
    await replica.close();
    await late.kill({ save: false });
  }
});
