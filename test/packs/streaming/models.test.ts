/**
 * The streaming rating model through its routes, on a generated set: recommendations are the
 * best unrated catalogue titles by a brute-force scan of the model's predictions, predictions
 * are the model's, the user's real rating comes from the warehouse; bad inputs get 400/404 and
 * an untrained warehouse 503.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { ingestPack } from '../../../src/core/ingest/run.js';
import { buildApp } from '../../../src/core/server/app.js';
import { openReadOnly } from '../../../src/core/warehouse/warehouse.js';
import { streamingPack } from '../../../src/packs/streaming/index.js';
import { evaluateStreaming, loadLiveRatings, trainStreaming } from '../../../src/packs/streaming/models.js';
import { silent, tempDir } from '../../helpers.js';

const { dir, cleanup } = tempDir();
const db = join(dir, 'streaming.duckdb');
let app: FastifyInstance;
const rated = new Map<number, Map<string, number[]>>();
const catalogue = new Set<string>();

before(async () => {
  await streamingPack.synth.generate(join(dir, 'raw'), { ratings: '40000', seed: '3' }, silent);
  await ingestPack(streamingPack, { from: join(dir, 'raw'), db, log: silent });
  const bare = await buildApp({ packs: [{ pack: streamingPack, db }] });
  const res = await bare.inject('/streaming/recomendacion/1');
  assert.equal(res.statusCode, 503);
  assert.match(res.json().message, /recops train streaming/);
  await bare.close();
  await trainStreaming(db, { seed: 42, log: silent, params: { epochs: 10 } });
  app = await buildApp({ packs: [{ pack: streamingPack, db }] });
  const wh = await openReadOnly(db);
  for (const [u, id, r] of (await wh.conn.runAndReadAll('SELECT user_id, movie_id, rating FROM ratings')).getRowsJS() as [number, string, number][]) {
    if (!rated.has(u)) rated.set(u, new Map());
    const m = rated.get(u)!;
    m.set(id, [...(m.get(id) ?? []), r]);
  }
  for (const [id] of (await wh.conn.runAndReadAll('SELECT id FROM titles')).getRowsJS() as [string][]) catalogue.add(id);
  wh.close();
});
after(async () => {
  await app?.close();
  cleanup();
});

test('recomendacion: the n best unrated catalogue titles by a brute-force scan of predict (precomputed and live)', async () => {
  const live = loadLiveRatings(db)!;
  const users = [...rated.keys()].sort((a, b) => a - b).filter((_, k) => k % 13 === 0).slice(0, 25);
  assert.ok(users.length >= 10);
  for (const [k0, user] of users.entries()) {
    const u = live.userIndex.get(user)!;
    const want = live.items
      .map((id, i) => ({ id, s: live.model.predict(u, i) }))
      .filter((x) => catalogue.has(x.id) && !rated.get(user)!.has(x.id))
      .sort((a, b) => b.s - a.s || (a.id < b.id ? -1 : 1));
    // n ≤ 20 reads the lists made at train time, larger n searches per request: both checked
    const n = k0 % 4 === 3 ? 25 + (user % 5) : 1 + (user % 7);
    const res = await app.inject(`/streaming/recomendacion/${user}?n=${n}`);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.usuario, user);
    assert.equal(body.recomendaciones.length, n);
    body.recomendaciones.forEach((r: { id: string; rating_predicho: number }, k: number) => {
      assert.ok(!rated.get(user)!.has(r.id), `${r.id} was rated by ${user}`);
      // equal scores may come in either order: compare the k-th score
      assert.ok(Math.abs(r.rating_predicho - want[k].s) < 1e-3, `user ${user} #${k + 1}: ${r.rating_predicho} vs ${want[k].s}`);
    });
  }
  const dflt = await app.inject(`/streaming/recomendacion/${users[0]}`);
  assert.equal(dflt.json().recomendaciones.length, 5);
});

test('prediccion: the model estimate, and the real rating when the user rated the title', async () => {
  const live = loadLiveRatings(db)!;
  let withReal = 0;
  for (const [user, titles] of [...rated].slice(0, 30)) {
    const [id, values] = [...titles][0];
    const res = await app.inject(`/streaming/prediccion/${user}/${id.toUpperCase()}`);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.ok(Math.abs(body.rating_predicho - live.model.predict(live.userIndex.get(user)!, live.itemIndex.get(id)!)) < 1e-3);
    assert.ok(body.rating_predicho >= 0.5 && body.rating_predicho <= 5);
    assert.ok(Math.abs(body.rating_real - values.reduce((a, b) => a + b) / values.length) < 1e-3);
    withReal++;
  }
  assert.equal(withReal, 30);
});

test('unknown users get the best-liked titles with a note; bad inputs 400/404 naming what is accepted', async () => {
  const cold = (await app.inject('/streaming/recomendacion/999999999?n=3')).json();
  assert.equal(cold.recomendaciones.length, 3);
  assert.match(cold.nota, /no tiene valoraciones/);
  const cases: [string, number, RegExp][] = [
    ['/streaming/recomendacion/abc', 400, /integer user id/],
    ['/streaming/recomendacion/1?n=0', 400, /from 1 to 100/],
    ['/streaming/recomendacion/1?n=101', 400, /from 1 to 100/],
    ['/streaming/recomendacion/-3', 400, /integer user id/],
    ['/streaming/prediccion/1/nope', 404, /unknown title id 'nope'/],
    ['/streaming/prediccion/x/ns1', 400, /integer user id/],
  ];
  for (const [path, status, message] of cases) {
    const res = await app.inject(path);
    assert.equal(res.statusCode, status, path);
    assert.match(res.json().message, message, path);
  }
});

test('eval: both baselines, Surprise-default SVD and SVD++, the served SVD; the factor models beat the mean', async () => {
  const report = await evaluateStreaming(db, { seed: 1, log: silent });
  const by = Object.fromEntries(report.models.map((m) => [m.label, m]));
  assert.deepEqual(Object.keys(by), ['global mean (baseline)', 'BaselineOnly (baseline)', "svd, Surprise's defaults", "svd++, Surprise's defaults", 'svd, served']);
  assert.equal(report.split.train + report.split.test, [...rated.values()].reduce((n, m) => n + [...m.values()].reduce((k, v) => k + v.length, 0), 0));
  assert.ok(by['BaselineOnly (baseline)'].rmse < by['global mean (baseline)'].rmse);
  assert.ok(by['svd, served'].rmse < by['global mean (baseline)'].rmse);
});
