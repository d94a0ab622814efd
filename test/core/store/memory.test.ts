/**
 * The movies pack's prepared answers, served through the store interface in this process (no
 * Redis needed, so this runs everywhere): the same bodies as the in-process routes, a new version
 * answered at once, and a 503 with a clear message before anything is published.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { moviesPack } from '../../../src/packs/movies/index.js';
import { buildApp } from '../../../src/core/server/app.js';
import { MemoryServing } from '../../../src/core/store/store.js';
import { withWarehouse } from '../../../src/core/warehouse/read.js';
import { demoWarehouse, query, tempDir } from '../../helpers.js';

const { dir, cleanup } = tempDir('recops-store-');
let db: string;
let inProcess: FastifyInstance;
let fromStore: FastifyInstance;
const serving = new MemoryServing();

before(async () => {
  db = await demoWarehouse(moviesPack, { rows: '400', seed: '3' }, dir, { train: true });
  inProcess = await buildApp({ packs: [{ pack: moviesPack, db }], webDir: false });
  fromStore = await buildApp({ packs: [], store: { serving, packs: [moviesPack] }, webDir: false });
});
after(async () => {
  await inProcess?.close();
  await fromStore?.close();
  cleanup();
});

const prepared = () => withWarehouse(db, (wh) => moviesPack.store!.prepare(wh));

test('before a publish: 503 that says what to do, autocomplete too (its names are in the store)', async () => {
  const res = await fromStore.inject('/cantidad_filmaciones_mes/enero');
  assert.equal(res.statusCode, 503);
  assert.match(res.json().message, /nothing is published for movies/);
  const s = await fromStore.inject('/suggest/movies/title?q=a');
  assert.equal(s.statusCode, 503);
  assert.match(s.json().message, /nothing is published for movies/);
});

test('the prepared answers give every movies route the in-process bodies', async () => {
  await serving.publish('movies', await prepared());
  const titles = (await query(db, 'SELECT title FROM api_titles ORDER BY key')).map((r) => r.title as string);
  const actors = (await query(db, 'SELECT name FROM api_actors ORDER BY key LIMIT 200')).map((r) => r.name as string);
  const e = encodeURIComponent;
  const urls = [
    ...titles.flatMap((t) => ['/peliculas_duracion/', '/score_titulo/', '/votos_titulo/', '/recomendacion/'].map((r) => r + e(t.toUpperCase()))),
    ...actors.flatMap((a) => [`/get_actor/${e(a)}`, `/get_actor/${e(a.slice(1))}`]),
    '/peliculas_idioma/en', '/peliculas_idioma/ingles', '/peliculas_pais/US', '/peliculas_pais/Estados%20Unidos', '/cantidad_filmaciones_dia/sabado', '/cantidad_filmaciones_mes/setiembre',
    '/franquicia/zz', '/get_director/zz', '/productoras_exitosas/zz', '/suggest/movies/actor?q=an', '/suggest/movies/country?q=es',
  ];
  let ok = 0;
  for (const url of urls) {
    const [x, y] = [await inProcess.inject(url), await fromStore.inject(url)];
    assert.equal(y.statusCode, x.statusCode, url);
    assert.equal(y.body, x.body, url);
    if (x.statusCode === 200) ok++;
  }
  assert.ok(ok > urls.length / 2, `${ok} of ${urls.length} answered 200`);
  const keys = await prepared();
  // one key per name of every kind, its names list, one recommendation list per movie
  assert.equal([...keys.keys()].filter((k) => k.startsWith('similar:')).length, Number((await query(db, 'SELECT count(DISTINCT movie_id) AS n FROM api_titles'))[0].n));
});
