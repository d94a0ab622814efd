/**
 * The streaming pack served from its prepared answers answers every route exactly as the
 * in-process server does on the same warehouse: through MemoryServing (no Redis needed) and
 * through a real redis-server started here on a free loopback port. Every route of the pack's
 * OpenAPI is covered, over every platform, year, country and rating of the data, known and
 * unknown users, every n that has a path of its own (the precomputed top 20, the search beyond
 * it, the bounds), and bad input. An untrained warehouse: the same 503 both ways.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { ingestPack } from '../../../src/core/ingest/run.js';
import { buildApp } from '../../../src/core/server/app.js';
import { MemoryServing } from '../../../src/core/store/store.js';
import { RedisServing } from '../../../src/core/store/redis.js';
import { withWarehouse } from '../../../src/core/warehouse/read.js';
import { streamingPack } from '../../../src/packs/streaming/index.js';
import { trainStreaming } from '../../../src/packs/streaming/models.js';
import { publish } from '../../../src/cli/publish.js';
import { query, silent, tempDir } from '../../helpers.js';
import { RedisProcess, freePort, quietStderr, redisMissing } from '../../core/store/redis-server.js';

const missing = redisMissing();
const { dir, cleanup } = tempDir('recops-streaming-store-');
const db = join(dir, 'streaming.duckdb');
let inProcess: FastifyInstance;
let fromMemory: FastifyInstance;
const memory = new MemoryServing();
let redis: RedisProcess | null = null;
let replica: RedisServing | null = null;
let fromRedis: FastifyInstance | null = null;

const prepared = () => withWarehouse(db, (wh) => streamingPack.store!.prepare(wh));

before(async () => {
  await streamingPack.synth.generate(join(dir, 'raw'), { ratings: '40000', seed: '3' }, silent);
  await ingestPack(streamingPack, { from: join(dir, 'raw'), db, log: silent });
  fromMemory = await buildApp({ packs: [], store: { serving: memory, packs: [streamingPack] }, webDir: false });
});

after(async () => {
  await inProcess?.close();
  await fromMemory?.close();
  await fromRedis?.close();
  await replica?.close();
  await redis?.kill({ save: false });
  cleanup();
});

const e = encodeURIComponent;
const col = async (sql: string) => (await query(db, sql)).map((r) => Object.values(r)[0]);

/** Every analytics route over every value of the data, re-spelled, misspelled and malformed. */
async function analyticsUrls(): Promise<string[]> {
  const [range] = await query(db, 'SELECT min_year, max_year FROM api_year_range');
  const years: string[] = [];
  for (let y = range.min_year as number; y <= (range.max_year as number); y++) years.push(String(y));
  const badYears = [String((range.min_year as number) - 1), String((range.max_year as number) + 1), 'abc', '20.5', ' 2019 '];
  const platforms = ['netflix', 'amazon', 'hulu', 'disney'];
  const platformVariants = [...platforms, 'NETFLIX', ' Hulu ', 'netflx', 'x'.repeat(101)];
  const out: string[] = [];
  // every combination of the data's values; the malformed ones on a few years
  for (const y of ['', ...years, ...badYears]) {
    for (const p of ['', ...platforms, ...(years.indexOf(y) % 10 === 0 ? ['Disney', 'foo'] : [])]) {
      for (const t of ['', 'min', 'season', ...(years.indexOf(y) % 10 === 0 ? ['Seasons', 'hours'] : [])]) {
        const q = [y && `year=${e(y)}`, p && `platform=${e(p)}`, t && `duration_type=${e(t)}`].filter(Boolean).join('&');
        out.push(`/get_max_duration${q ? `?${q}` : ''}`);
      }
    }
  }
  // thresholds at the data's own scores (strictly greater counts), between them and at the ends
  const scores = (await col('SELECT DISTINCT score FROM api_movie_scores ORDER BY score')) as number[];
  const thresholds = ['0', '5', '2.5', '3.75', '.5', ...scores.filter((_, i) => i % Math.max(1, Math.floor(scores.length / 12)) === 0).map((s) => String(Math.floor(s * 1e6) / 1e6)), '5.5', '-1', 'abc', '1e2'];
  for (const p of platformVariants) for (const y of [...years, ...badYears]) out.push(`/get_actor/${e(p)}/${e(y)}`);
  for (const p of platforms) for (const y of years) for (const s of [thresholds[2 + (Number(y) % 3)], thresholds[5 + (Number(y) % 4)]]) out.push(`/get_score_count/${p}/${e(s)}/${y}`);
  for (const p of platformVariants) for (const s of thresholds) out.push(`/get_score_count/${e(p)}/${e(s)}/${years[years.length - 3]}`);
  for (const y of badYears) out.push(`/get_score_count/netflix/3/${e(y)}`);
  for (const p of platformVariants) out.push(`/get_count_platform/${e(p)}`);
  const countries = (await col('SELECT DISTINCT country FROM api_country_type_year ORDER BY country')) as string[];
  const countryVariants = [...countries, ...countries.slice(0, 30).flatMap((c) => [c.toUpperCase(), `${c.slice(0, -1)}x`, ` ${c} `]), 'côte d’ivoire', 'Atlantis'];
  const recent = years.slice(-8);
  for (const c of countryVariants) for (const t of ['movie', 'tv show']) for (const y of recent) out.push(`/prod_per_county/${e(t)}/${e(c)}/${y}`);
  for (const t of ['movie', 'TV_Show', 'series', 'pelicula', 'cartoon']) for (const c of [countries[0], 'Atlantis']) for (const y of [recent[0], ...badYears]) out.push(`/prod_per_county/${e(t)}/${e(c)}/${e(y)}`);
  const ratings = (await col('SELECT rating FROM api_rating_titles')) as string[];
  for (const r of [...ratings, ...ratings.map((r) => r.toUpperCase()), 'tv-mx', 'PG 13', 'x'.repeat(201)]) out.push(`/get_contents/${e(r)}`);
  for (const kind of ['user', 'country', 'rating', 'Country', 'planet']) for (const q of ['', '1', '12', 'a', 'uni', 'tv', 'zzqq', 'ü']) for (const n of ['', '1', '20', '21', 'x']) out.push(`/suggest/streaming/${kind}?q=${e(q)}${n ? `&n=${n}` : ''}`);
  return out;
}

/** The rating routes: known users (some with few ratings), users the model never saw, every n with a path of its own, titles rated or not, unknown and malformed. */
async function ratingUrls(): Promise<string[]> {
  const users = (await col('SELECT user_id FROM (SELECT user_id, count(*) AS n FROM ratings GROUP BY user_id) ORDER BY n, user_id')) as number[];
  const sample = [...users.slice(0, 15), ...users.filter((_, i) => i % Math.max(1, Math.floor(users.length / 40)) === 0), ...users.slice(-10)];
  const out: string[] = [];
  for (const u of [...sample, 999999999, 0, 2147483647]) {
    for (const n of ['', '1', '5', '20', '21', '37', '100', '101', '0', 'bad', '-1', ' 7 ']) out.push(`/streaming/recomendacion/${u}${n === '' ? '' : `?n=${e(n)}`}`);
  }
  for (const u of ['abc', '-3', '2147483648', '1.5', ' 12 ']) out.push(`/streaming/recomendacion/${e(u)}`, `/streaming/prediccion/${e(u)}/ns1`);
  const titles = (await col('SELECT id FROM titles ORDER BY id')) as string[];
  const orphans = (await col('SELECT DISTINCT movie_id FROM ratings ANTI JOIN titles ON titles.id = ratings.movie_id ORDER BY 1 LIMIT 5')) as string[];
  for (const u of [...sample.slice(0, 30), 999999999]) {
    const own = (await col(`SELECT DISTINCT movie_id FROM ratings WHERE user_id = ${u} ORDER BY 1 LIMIT 6`)) as string[];
    const others = titles.filter((_, i) => (i + u) % 997 === 0).slice(0, 6);
    for (const id of [...own, ...own.slice(0, 2).map((i) => ` ${i.toUpperCase()} `), ...others, ...orphans, 'nope', 'ns']) out.push(`/streaming/prediccion/${u}/${e(id)}`);
  }
  return out;
}

async function assertSame(a: FastifyInstance, b: FastifyInstance, list: string[], what: string): Promise<Map<number, number>> {
  const statuses = new Map<number, number>();
  for (const url of list) {
    const [x, y] = await Promise.all([a.inject(url), b.inject(url)]);
    assert.equal(y.statusCode, x.statusCode, `${what} ${url}: status ${y.statusCode}, in-process ${x.statusCode}: ${y.body.slice(0, 300)}`);
    assert.equal(y.body, x.body, `${what} ${url}`);
    assert.equal(y.headers['content-type'], x.headers['content-type'], `${what} ${url}`);
    statuses.set(x.statusCode, (statuses.get(x.statusCode) ?? 0) + 1);
  }
  return statuses;
}

/** The streaming paths of the OpenAPI, as their static prefixes: each must be requested by `urls`. */
async function assertEveryRoute(app: FastifyInstance, urls: string[]): Promise<void> {
  await app.ready();
  const spec = (app as unknown as { swagger(): { paths: Record<string, unknown> } }).swagger();
  const paths = Object.keys(spec.paths).filter((p) => (spec.paths[p] as { get?: { tags?: string[] } }).get?.tags?.includes('streaming'));
  assert.ok(paths.length >= 9, `${paths.length} streaming paths`);
  for (const p of paths) {
    const prefix = p.replace(/\{.*$/, '');
    assert.ok(urls.some((u) => u.startsWith(prefix) && u.split('?')[0].split('/').length === p.split('/').length), `no request covers ${p}`);
  }
}

test('untrained: the analytics are the same; the rating routes are the same 503 (publish, not restart, is what makes a model live)', async () => {
  const untrained = await buildApp({ packs: [{ pack: streamingPack, db }], webDir: false });
  try {
    await memory.publish('streaming', await prepared());
    const urls = (await analyticsUrls()).filter((_, i) => i % 7 === 0);
    await assertSame(untrained, fromMemory, urls, 'untrained');
    for (const url of ['/streaming/recomendacion/1', '/streaming/prediccion/1/ns1', '/streaming/recomendacion/999?n=50']) {
      const [x, y] = await Promise.all([untrained.inject(url), fromMemory.inject(url)]);
      assert.equal(x.statusCode, 503, url);
      assert.equal(y.statusCode, 503, url);
      assert.match(x.json().message, /run `recops train streaming --db <warehouse>` and restart the server/);
      assert.match(y.json().message, /run `recops train streaming --db <warehouse>` and publish again/);
    }
    assert.equal((await fromMemory.inject('/suggest/streaming/user?q=1')).json().suggestions.length, 0);
  } finally {
    await untrained.close();
  }
});

test('trained: every streaming route answers the same bodies from MemoryServing as in-process', async () => {
  await trainStreaming(db, { seed: 42, log: silent, params: { epochs: 10 } });
  inProcess = await buildApp({ packs: [{ pack: streamingPack, db }], webDir: false });
  await memory.publish('streaming', await prepared());
  const urls = [...(await analyticsUrls()), ...(await ratingUrls())];
  await assertEveryRoute(inProcess, urls);
  const statuses = await assertSame(inProcess, fromMemory, urls, 'memory');
  process.stderr.write(`# ${urls.length} requests compared: ${JSON.stringify(Object.fromEntries(statuses))}\n`);
  // real answers, not only errors: most answered 200, and the long lists went through the search
  assert.ok((statuses.get(200) ?? 0) > urls.length / 2, JSON.stringify(Object.fromEntries(statuses)));
  const user = (await col('SELECT user_id FROM ratings GROUP BY user_id ORDER BY count(*) DESC LIMIT 1'))[0];
  for (const n of [1, 20, 21, 100]) assert.equal((await fromMemory.inject(`/streaming/recomendacion/${user}?n=${n}`)).json().recomendaciones.length, n);
  const real = (await fromMemory.inject(`/streaming/prediccion/${user}/${(await col(`SELECT movie_id FROM ratings WHERE user_id = ${user} LIMIT 1`))[0]}`)).json();
  assert.equal(typeof real.rating_real, 'number');
});

test('trained: every streaming route answers the same bodies from a real Redis as in-process', { skip: missing ?? false }, async () => {
  redis = new RedisProcess(await freePort(), dir);
  await redis.start();
  await quietStderr(() => publish('streaming', { db, store: redis!.url }));
  replica = new RedisServing(new URL(redis.url));
  replica.add('streaming', streamingPack.store!);
  await replica.start();
  fromRedis = await buildApp({ packs: [], store: { serving: replica, packs: [streamingPack] }, webDir: false });
  const urls = [...(await analyticsUrls()), ...(await ratingUrls())];
  await assertEveryRoute(fromRedis, urls);
  const statuses = await assertSame(inProcess, fromRedis, urls, 'redis');
  process.stderr.write(`# ${urls.length} requests compared with Redis: ${JSON.stringify(Object.fromEntries(statuses))}\n`);
  assert.ok((statuses.get(200) ?? 0) > urls.length / 2);
  assert.equal((await fromRedis.inject('/health')).json().store.packs.streaming.version, 'v1');
});
