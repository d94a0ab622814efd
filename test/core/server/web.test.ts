import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildApp } from '../../../src/core/server/app.js';
import { registerSuggestions } from '../../../src/core/server/suggest.js';
import { reportRows } from '../../../src/core/server/model-page.js';
import { tempDir } from '../../helpers.js';

test('the web app is served at / and its assets precompressed; API paths keep their 404s', async () => {
  const { dir, cleanup } = tempDir();
  try {
    mkdirSync(join(dir, 'assets'));
    const html = '<!doctype html><title>t</title><script src="/assets/app-1.js"></script>';
    const js = 'console.log("hello, recops");'.repeat(20);
    writeFileSync(join(dir, 'index.html'), html);
    writeFileSync(join(dir, 'assets/app-1.js'), js);
    writeFileSync(join(dir, 'assets/app-1.js.gz'), gzipSync(js));
    const app = await buildApp({ packs: [], webDir: dir });
    try {
      // browsers always send accept-encoding: the page must still be found
      const page = await app.inject({ url: '/', headers: { 'accept-encoding': 'gzip, deflate, br' } });
      assert.equal(page.statusCode, 200);
      assert.equal(page.body, html);
      assert.match(String(page.headers['content-type']), /text\/html/);
      assert.equal(page.headers['cache-control'], 'no-cache');
      const gz = await app.inject({ url: '/assets/app-1.js', headers: { 'accept-encoding': 'gzip' } });
      assert.equal(gz.statusCode, 200);
      assert.equal(gz.headers['content-encoding'], 'gzip');
      assert.equal(gz.rawPayload.length, gzipSync(js).length);
      assert.match(String(gz.headers['cache-control']), /immutable/);
      const plain = await app.inject({ url: '/assets/app-1.js' });
      assert.equal(plain.body, js);
      const missing = await app.inject({ url: '/assets/nope.js' });
      assert.equal(missing.statusCode, 404);
      assert.match(missing.json().message, /no route GET \/assets\/nope\.js/);
    } finally {
      await app.close();
    }
    const unbuilt = await buildApp({ packs: [], webDir: join(dir, 'not-there') });
    try {
      const res = await unbuilt.inject({ url: '/' });
      assert.equal(res.statusCode, 503);
      assert.match(res.body, /npm run build/);
    } finally {
      await unbuilt.close();
    }
  } finally {
    cleanup();
  }
});

test('/suggest/{pack}/{kind}: the kind\'s own suggestions, 400s that list what is accepted', async () => {
  const app = await buildApp({ packs: [], webDir: false });
  const calls: [string, number][] = [];
  registerSuggestions(app, 'demo', {
    game: { suggest: (q, n) => (calls.push([q, n]), [`${q}-1`, `${q}-2`].slice(0, n)) },
    user: { suggest: () => [] },
  });
  try {
    assert.deepEqual((await app.inject({ url: '/suggest/demo/game?q=po&n=1' })).json(), { kind: 'game', q: 'po', suggestions: ['po-1'] });
    assert.deepEqual((await app.inject({ url: '/suggest/demo/GAME?q=x' })).json().suggestions, ['x-1', 'x-2']);
    assert.deepEqual(calls, [['po', 1], ['x', 8]]);
    const badKind = await app.inject({ url: '/suggest/demo/genre?q=x' });
    assert.equal(badKind.statusCode, 400);
    assert.match(badKind.json().message, /unknown kind 'genre' for demo; accepted: game, user/);
    for (const n of ['0', '21', 'ten', '-1']) {
      const res = await app.inject({ url: `/suggest/demo/game?q=x&n=${n}` });
      assert.equal(res.statusCode, 400, n);
      assert.match(res.json().message, /n is an integer from 1 to 20/);
    }
  } finally {
    await app.close();
  }
});

test('reportRows flattens both report shapes into metric rows, baselines marked, counts and timings left out', () => {
  const keyed = { models: { popularity: { k: 10, users: 5, ndcg: 0.2, precision: 0.1, fitSeconds: 1 }, als: { k: 10, users: 5, ndcg: 0.36, precision: 0.27, evalSeconds: 2 } } };
  const ranking = ['ndcg', 'precision', 'recall'].map((name) => ({ name, higherIsBetter: true }));
  assert.deepEqual(reportRows(keyed, 'popularity', ranking), [
    { label: 'popularity', baseline: true, metrics: { ndcg: 0.2, precision: 0.1 } },
    { label: 'als', baseline: false, metrics: { ndcg: 0.36, precision: 0.27 } },
  ]);
  const listed = { models: [{ label: 'global mean (baseline)', algo: 'global_mean', params: {}, rmse: 1, mae: 0.8, n_test: 9, fit_seconds: 0 }, { label: 'svd, served', rmse: 0.78, mae: 0.6, n_test: 9 }] };
  const errors = ['rmse', 'mae'].map((name) => ({ name, higherIsBetter: false }));
  assert.deepEqual(reportRows(listed, undefined, errors), [
    { label: 'global mean (baseline)', baseline: true, metrics: { rmse: 1, mae: 0.8 } },
    { label: 'svd, served', baseline: false, metrics: { rmse: 0.78, mae: 0.6 } },
  ]);
  assert.deepEqual(reportRows(null, undefined, ranking), []);
  assert.deepEqual(reportRows({}, undefined, ranking), []);
});
