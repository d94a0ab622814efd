/**
 * A real 3-master Redis Cluster (three redis-server --cluster-enabled on loopback, joined by
 * redis-cli --cluster create): published answers spread over every master, served with the
 * in-process bodies, a new version switched to within a second, old versions removed from every
 * master; one seed node that is a cluster member is recognised as a cluster.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { moviesPack } from '../../../src/packs/movies/index.js';
import { steamPack } from '../../../src/packs/steam/index.js';
import { buildApp } from '../../../src/core/server/app.js';
import { RedisServing, isClusterStore } from '../../../src/core/store/redis.js';
import { parseStoreUrl } from '../../../src/core/store/store.js';
import { publish } from '../../../src/cli/publish.js';
import { demoWarehouse, query, tempDir } from '../../helpers.js';
import { RedisProcess, freePort, quietStderr, redisMissing } from './redis-server.js';

const missing = redisMissing();
const { dir, cleanup } = tempDir('recops-cluster-');
const nodes: RedisProcess[] = [];
let store: string;
let dbA: string;
let dbB: string;
let inA: FastifyInstance;
let inB: FastifyInstance;
let serving: RedisServing;
let fromStore: FastifyInstance;
let steamFromStore: FastifyInstance | undefined;
let steamInProcess: FastifyInstance | undefined;

/** keys of a pattern on each master */
async function perNode(pattern: string): Promise<number[]> {
  const out = [];
  for (const n of nodes) {
    const c = new Redis(n.url);
    out.push((await c.keys(pattern)).length);
    c.disconnect();
  }
  return out;
}

before(async () => {
  if (missing) return;
  for (let i = 0; i < 3; i++) {
    const d = join(dir, `node${i}`);
    mkdirSync(d);
    const node = new RedisProcess(await freePort(), d, ['--cluster-enabled', 'yes', '--cluster-config-file', join(d, 'nodes.conf')]);
    await node.start();
    nodes.push(node);
  }
  const created = spawnSync('redis-cli', ['--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', '0', '--cluster-yes'], { encoding: 'utf8' });
  assert.equal(created.status, 0, created.stdout + created.stderr);
  for (const n of nodes) {
    const c = new Redis(n.url);
    const deadline = Date.now() + 15_000;
    while (!/cluster_state:ok/.test(await c.cluster('INFO'))) {
      assert.ok(Date.now() < deadline, 'cluster state ok');
      await new Promise((r) => setTimeout(r, 100));
    }
    c.disconnect();
  }
  store = `redis://${nodes.map((n) => `127.0.0.1:${n.port}`).join(',')}`;
  dbA = await demoWarehouse(moviesPack, { rows: '500', seed: '7' }, join(dir, 'a'), { train: true });
  dbB = await demoWarehouse(moviesPack, { rows: '200', seed: '8' }, join(dir, 'b'), { train: true });
  inA = await buildApp({ packs: [{ pack: moviesPack, db: dbA }], webDir: false });
  inB = await buildApp({ packs: [{ pack: moviesPack, db: dbB }], webDir: false });
  await quietStderr(() => publish('movies', { db: dbA, store }));
  serving = new RedisServing(parseStoreUrl(store));
  serving.add('movies', moviesPack.store!);
  await serving.start();
  fromStore = await buildApp({ packs: [], store: { serving, packs: [moviesPack] }, webDir: false });
});

after(async () => {
  await inA?.close();
  await inB?.close();
  await fromStore?.close();
  await steamFromStore?.close();
  await steamInProcess?.close();
  await serving?.close();
  for (const n of nodes) await n.kill({ save: false });
  cleanup();
});

async function urls(db: string): Promise<string[]> {
  const e = encodeURIComponent;
  const titles = (await query(db, 'SELECT title FROM api_titles ORDER BY key')).map((r) => r.title as string);
  const actors = (await query(db, 'SELECT name FROM api_actors ORDER BY key LIMIT 300')).map((r) => r.name as string);
  return [
    ...titles.flatMap((t) => ['/peliculas_duracion/', '/votos_titulo/', '/recomendacion/'].map((r) => r + e(t))),
    ...actors.flatMap((a) => [`/get_actor/${e(a)}`, `/get_actor/${e(a.slice(2))}`]),
    '/peliculas_idioma/en', '/peliculas_pais/US', '/cantidad_filmaciones_mes/enero', '/cantidad_filmaciones_dia/lunes', '/suggest/movies/title?q=th',
  ];
}

async function assertSame(a: FastifyInstance, b: FastifyInstance, list: string[]): Promise<void> {
  for (const url of list) {
    const [x, y] = [await a.inject(url), await b.inject(url)];
    assert.equal(y.statusCode, x.statusCode, `${url}: ${y.body.slice(0, 200)}`);
    assert.equal(y.body, x.body, url);
  }
}

test('a 3-master cluster: the answers spread over every master and are served as in-process', { skip: missing ?? false }, async () => {
  const spread = await perNode('recops:movies:v1:k:*');
  assert.ok(spread.every((n) => n > 0), `keys per master: ${spread.join(', ')}`);
  await assertSame(inA, fromStore, await urls(dbA));
  assert.equal(serving.health().packs.movies.version, 'v1');
  // one seed node that answers as a cluster member is one
  assert.equal(await isClusterStore([new URL(nodes[1].url)]), true);
});

test('a cluster: a new version served within a second of its announcement; old versions removed from every master', { skip: missing ?? false }, async () => {
  await quietStderr(() => publish('movies', { db: dbB, store }));
  const started = Date.now();
  while (serving.versionOf('movies') !== 'v2') {
    assert.ok(Date.now() - started < 1000, 'switched within a second');
    await new Promise((r) => setTimeout(r, 5));
  }
  await assertSame(inB, fromStore, await urls(dbB));
  // published through a single seed node: the cluster is recognised
  await quietStderr(() => publish('movies', { db: dbA, store: nodes[2].url }));
  assert.deepEqual(await perNode('recops:movies:v1:*'), [0, 0, 0]);
  assert.ok((await perNode('recops:movies:v2:*')).every((n) => n > 0));
  const deadline = Date.now() + 1000;
  while (serving.versionOf('movies') !== 'v3') {
    assert.ok(Date.now() < deadline, 'switched to v3 within a second');
    await new Promise((r) => setTimeout(r, 5));
  }
  await assertSame(inA, fromStore, (await urls(dbA)).filter((_, i) => i % 7 === 0));
});

test('a cluster serves the steam pack too: its keys spread over every master, the in-process bodies', { skip: missing ?? false }, async () => {
  const db = await demoWarehouse(steamPack, { scale: '0.005', seed: '4' }, join(dir, 'steam'), { train: true });
  steamInProcess = await buildApp({ packs: [{ pack: steamPack, db }], webDir: false });
  await quietStderr(() => publish('steam', { db, store }));
  serving.add('steam', steamPack.store!);
  steamFromStore = await buildApp({ packs: [], store: { serving, packs: [steamPack] }, webDir: false });
  const deadline = Date.now() + 5000;
  while (serving.versionOf('steam') !== 'v1') {
    assert.ok(Date.now() < deadline, 'steam served within 5 s');
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.ok((await perNode('recops:steam:v1:k:*')).every((n) => n > 0));
  const e = encodeURIComponent;
  const col = async (sql: string) => (await query(db, sql)).map((r) => String(Object.values(r)[0]));
  const list = [
    ...(await col('SELECT DISTINCT genre FROM api_genre_year_playtime')).flatMap((g) => [`/PlayTimeGenre/${e(g.toUpperCase())}`, `/UserForGenre/${e(g)}`]),
    ...(await col('SELECT developer FROM api_developer_sentiment LIMIT 40')).map((d) => `/sentiment_analysis/${e(d)}`),
    ...(await col('SELECT item_id FROM games LIMIT 40')).flatMap((id) => [`/recomendacion_juego/${id}`, `/prediccion_precio/${id}`]),
    ...(await col('SELECT DISTINCT user_id FROM reviews LIMIT 40')).map((u) => `/recomendacion_usuario/${e(u)}`),
    ...['2010', '2014', '2016', 'abc'].flatMap((y) => [`/UsersRecommend/${y}`, `/sentiment_analysis/year/${y}`]),
    '/recomendacion_usuario/nobody-here', '/suggest/steam/game?q=a', '/suggest/steam/user?q=a',
  ];
  await assertSame(steamInProcess, steamFromStore, list);
  const body = { title: 'Space Blaster', genres: ['Action', 'Indie'], release_year: 2016 };
  const [x, y] = [await steamInProcess.inject({ method: 'POST', url: '/prediccion_precio', payload: body }), await steamFromStore.inject({ method: 'POST', url: '/prediccion_precio', payload: body })];
  assert.equal(x.statusCode, 200);
  assert.equal(y.body, x.body);
});
