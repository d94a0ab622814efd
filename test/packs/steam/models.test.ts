import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ingestPack } from '../../../src/core/ingest/run.js';
import { buildApp } from '../../../src/core/server/app.js';
import { Registry, modelsDirFor } from '../../../src/core/registry/registry.js';
import { steamPack } from '../../../src/packs/steam/index.js';
import { RECOMMENDERS, evaluateSteam, trainSteam } from '../../../src/packs/steam/models.js';
import { priceModelDir } from '../../../src/packs/steam/price.js';
import { query, silent, tempDir } from '../../helpers.js';

const { dir, cleanup } = tempDir();
const db = join(dir, 'steam.duckdb');
before(async () => {
  await steamPack.synth.generate(join(dir, 'raw'), { scale: '0.01', seed: '3' }, silent);
  await ingestPack(steamPack, { from: join(dir, 'raw'), db, log: silent });
});
after(cleanup);

function filesOf(runDir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string, prefix: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), `${prefix}${e.name}/`);
      else out.set(prefix + e.name, readFileSync(join(d, e.name)));
    }
  };
  walk(runDir, '');
  return out;
}

test('recommendation routes answer 503 with the fix before any training', async () => {
  const app = await buildApp({ packs: [{ pack: steamPack, db }] });
  try {
    const res = await app.inject({ url: '/recomendacion_usuario/anyone' });
    assert.equal(res.statusCode, 503);
    assert.match(res.json().message, /recops train steam/);
  } finally {
    await app.close();
  }
});

test('eval: one report with every model and the popularity baseline, metrics in range', async () => {
  const report = await evaluateSteam(db, { seed: 1, k: 10, log: silent });
  assert.deepEqual(Object.keys(report.models), [...RECOMMENDERS]);
  for (const m of Object.values(report.models)) {
    for (const v of [m.precision, m.recall, m.ndcg, m.map, m.coverage]) assert.ok(v >= 0 && v <= 1);
    assert.equal(m.users, report.split.testUsers);
  }
  // the test users are exactly the users with ≥ 5 library rows (computed in SQL here)
  const [row] = await query(db, 'SELECT count(*) AS n FROM (SELECT user_id FROM user_items GROUP BY user_id HAVING count(*) >= 5)');
  assert.equal(report.split.testUsers, row.n);
});

test('train twice with one seed gives identical artifacts; registry, cards, live versions', async () => {
  const a = await trainSteam(db, { seed: 5, log: silent });
  const b = await trainSteam(db, { seed: 5, log: silent });
  const dirA = join(a.modelsDir, a.runs[0].artifact, '..');
  const dirB = join(b.modelsDir, b.runs[0].artifact, '..');
  assert.notEqual(dirA, dirB);
  const fa = filesOf(dirA);
  const fb = filesOf(dirB);
  assert.deepEqual([...fa.keys()].sort(), [...fb.keys()].sort());
  for (const [name, bytes] of fa) {
    if (name.endsWith('model.json')) continue; // same params; compared below without run ids
    assert.ok(bytes.equals(fb.get(name)!), name);
  }
  const registry = new Registry(modelsDirFor(db));
  assert.equal(registry.read().runs.length, 6);
  for (const name of RECOMMENDERS) {
    assert.equal(registry.live('steam', name)?.id, b.runs.find((r) => r.model === name)!.id);
    assert.ok(existsSync(join(modelsDirFor(db), 'steam', `${name}.md`)));
  }
});

test('routes: 5 similar games, 5 unowned games per user, case-insensitive ids, 404s', async () => {
  await trainSteam(db, { seed: 5, log: silent });
  const app = await buildApp({ packs: [{ pack: steamPack, db }] });
  try {
    const [popular] = await query(db, 'SELECT ui.item_id, coalesce(g.app_name, g.title, n.item_name) AS name FROM user_items ui LEFT JOIN games g USING (item_id) LEFT JOIN item_names n USING (item_id) GROUP BY ALL ORDER BY count(*) DESC, ui.item_id LIMIT 1');
    const res = await app.inject({ url: `/recomendacion_juego/${popular.item_id}` });
    assert.equal(res.statusCode, 200);
    const [[key, names]] = Object.entries(res.json() as Record<string, string[]>);
    assert.equal(key, `Juegos similares a ${popular.name}`);
    assert.equal(names.length, 5);
    assert.ok(!names.includes(popular.name));

    // the heaviest user: recommendations exclude everything they own
    const [user] = await query(db, 'SELECT user_id FROM user_items GROUP BY user_id ORDER BY count(*) DESC, user_id LIMIT 1');
    // names are not unique (DLCs share names), so a recommended name is fine when at least one
    // game of that name is not owned by the user
    const rows = await query(db, `SELECT coalesce(g.app_name, g.title, n.item_name, i.item_id) AS name, i.item_id,
        i.item_id IN (SELECT item_id FROM user_items WHERE user_id = '${user.user_id.replaceAll("'", "''")}') AS owned
      FROM (SELECT item_id FROM games UNION SELECT item_id FROM item_names) i LEFT JOIN games g USING (item_id) LEFT JOIN item_names n USING (item_id)`);
    const unownedNames = new Set(rows.filter((r) => !r.owned).map((r) => r.name));
    for (const id of [user.user_id, user.user_id.toUpperCase()]) {
      const r = await app.inject({ url: `/recomendacion_usuario/${encodeURIComponent(id)}` });
      assert.equal(r.statusCode, 200, id);
      const [[k, recs]] = Object.entries(r.json() as Record<string, string[]>);
      assert.equal(k, `Recomendaciones para usuario ${user.user_id}`);
      assert.equal(recs.length, 5);
      for (const name of recs) assert.ok(unownedNames.has(name), `${name} is owned by ${user.user_id}`);
    }
    for (const [url, listed] of [['/recomendacion_juego/no-such-game-42', '/suggest/steam/game'], ['/recomendacion_usuario/no-such-user-42', '/suggest/steam/user'], ['/recomendacion_juego/qxqxzjzj', '/suggest/steam/game']]) {
      const r = await app.inject({ url });
      assert.equal(r.statusCode, 404, url);
      const body = r.json() as { message: string; accepted: string; suggestions?: string[] };
      // never an empty "did you mean"; always what is accepted and where it is listed
      if (body.suggestions?.length) assert.match(body.message, new RegExp(`did you mean: ${body.suggestions.map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join(', ')}\\?`), url);
      else assert.doesNotMatch(body.message, /did you mean/, url);
      assert.match(body.message, /Accepted: /, url);
      assert.ok(body.accepted.includes(`GET ${listed}?q=`), url);
      assert.equal((await app.inject({ url: `${listed}?q=` })).statusCode, 200, listed);
    }
    const none = (await app.inject({ url: '/recomendacion_juego/qxqxzjzj' })).json() as { suggestions: string[] };
    assert.deepEqual(none.suggestions, []);
  } finally {
    await app.close();
  }
});

test('the pack\'s train registers the price models as a run: live, served by the price route, kept when a later run is not promoted', async () => {
  const modelsDir = modelsDirFor(db);
  await steamPack.models!.train(db, { seed: 42, log: silent });
  const registry = new Registry(modelsDir);
  const first = registry.live('steam', 'price')!;
  assert.ok(first, 'a live steam/price run');
  assert.equal(first.id.split('/')[0], registry.live('steam', 'als')!.id.split('/')[0], 'one run folder with the recommenders');
  assert.ok(first.metrics && first.metrics.rmse > 0 && first.metrics.mae > 0);
  assert.equal(priceModelDir(db), registry.artifactPath(first));
  assert.ok(existsSync(join(registry.artifactPath(first), 'manifest.json')));
  assert.match(readFileSync(join(modelsDir, 'steam', 'price.md'), 'utf8'), /price/i);

  const [priced] = await query(db, 'SELECT item_id FROM games WHERE price > 0 ORDER BY item_id LIMIT 1');
  const ask = async () => {
    const app = await buildApp({ packs: [{ pack: steamPack, db }], webDir: false });
    try {
      return (await app.inject({ url: `/prediccion_precio/${priced.item_id}` })).json();
    } finally {
      await app.close();
    }
  };
  const before = await ask();
  assert.equal(typeof before.precio_predicho, 'number');

  // a run trained but not promoted (what a retrain that keeps the live version leaves)
  await steamPack.models!.train(db, { seed: 43, log: silent, promote: false });
  const runs = registry.read().runs.filter((r) => r.model === 'price');
  assert.equal(runs.length >= 2, true);
  assert.equal(registry.live('steam', 'price')!.id, first.id);
  assert.equal(priceModelDir(db), registry.artifactPath(first));
  assert.deepEqual(await ask(), before);
});
