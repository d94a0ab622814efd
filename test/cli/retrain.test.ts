import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { decidePromotion, retrain, setAsideShown } from '../../src/cli/retrain.js';
import { ingestPack } from '../../src/core/ingest/run.js';
import { buildApp } from '../../src/core/server/app.js';
import { Registry, modelsDirFor, type ModelRun } from '../../src/core/registry/registry.js';
import { openReadOnly } from '../../src/core/warehouse/warehouse.js';
import { moviesPack } from '../../src/packs/movies/index.js';
import { silent, tempDir } from '../helpers.js';

const run = (id: string, metrics: Record<string, number> | null): ModelRun => ({ id, pack: 'p', model: 'm', params: {}, dataFingerprint: 'f', metrics, artifact: id, createdAt: '', seconds: 0 });

test('promotion rule: not worse wins (ties included), either direction of "better"', () => {
  const higher = { model: 'm', metric: 'ndcg', higherIsBetter: true };
  const lower = { model: 'm', metric: 'rmse', higherIsBetter: false };
  assert.equal(decidePromotion(higher, run('old', { ndcg: 0.3 }), run('new', { ndcg: 0.31 })).promote, true);
  assert.equal(decidePromotion(higher, run('old', { ndcg: 0.3 }), run('new', { ndcg: 0.3 })).promote, true);
  const worse = decidePromotion(higher, run('old', { ndcg: 0.3 }), run('new', { ndcg: 0.29 }));
  assert.equal(worse.promote, false);
  assert.match(worse.reason, /m ndcg 0\.2900 vs live 0\.3000 \(higher is better\): worse, the live version stays/);
  assert.equal(decidePromotion(lower, run('old', { rmse: 0.8 }), run('new', { rmse: 0.79 })).promote, true);
  assert.equal(decidePromotion(lower, run('old', { rmse: 0.8 }), run('new', { rmse: 0.81 })).promote, false);
  assert.equal(decidePromotion(lower, undefined, run('new', null)).promote, true);
  assert.equal(decidePromotion(lower, run('old', null), run('new', null)).promote, true);
  assert.equal(decidePromotion(lower, run('old', { rmse: 0.8 }), run('new', null)).promote, false);
  assert.equal(decidePromotion(lower, run('old', { rmse: 0.8 }), undefined).promote, false);
});

async function builtAt(db: string): Promise<string> {
  const wh = await openReadOnly(db);
  try {
    return String((await wh.conn.runAndReadAll('SELECT max(built_at)::VARCHAR FROM build_info')).getRows()[0][0]);
  } finally {
    wh.close();
  }
}

test('retrain: promotes a not-worse candidate with its warehouse; killed midway, the live warehouse, models and a running server are untouched', async () => {
  const { dir, cleanup } = tempDir();
  const db = join(dir, 'movies.duckdb');
  try {
    for (const [name, seed] of [['a', '1'], ['b', '2']]) await moviesPack.synth.generate(join(dir, name), { rows: '400', seed }, silent);
    await ingestPack(moviesPack, { from: join(dir, 'a'), db, log: silent });
    await moviesPack.models!.train(db, { seed: 42, log: silent });
    const registry = new Registry(modelsDirFor(db));
    const first = registry.live('movies', 'content')!;
    const builtFirst = await builtAt(db);

    // 1. new data, live version never evaluated: the candidate is promoted with its warehouse
    const d1 = await retrain('movies', { from: join(dir, 'b'), db, seed: '42', k: '10' });
    assert.equal(d1.promote, true, d1.reason);
    const second = registry.live('movies', 'content')!;
    assert.notEqual(second.id, first.id);
    assert.ok(second.metrics && typeof second.metrics.recallNoCollection === 'number');
    assert.notEqual(await builtAt(db), builtFirst);
    assert.ok(!existsSync(db.replace(/\.duckdb$/, '.candidate.duckdb')));

    // 2. a server on the live warehouse, then a retrain killed while it trains
    const app = await buildApp({ packs: [{ pack: moviesPack, db }] });
    try {
      const wh = await openReadOnly(db);
      const title = String((await wh.conn.runAndReadAll('SELECT title FROM api_titles LIMIT 1')).getRows()[0][0]);
      wh.close();
      const ask = () => app.inject(`/recomendacion/${encodeURIComponent(title)}`);
      const before = (await ask()).body;
      const builtSecond = await builtAt(db);
      const child = spawn(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, '../../src/cli/index.ts'), 'retrain', 'movies', '--from', join(dir, 'a'), '--db', db], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      await new Promise<void>((done) => {
        child.stderr.on('data', (chunk) => {
          stderr += chunk;
          if (stderr.includes('3/4 train') && child.exitCode === null) child.kill('SIGKILL');
        });
        child.on('exit', () => done());
      });
      assert.match(stderr, /3\/4 train/);
      assert.equal(child.signalCode, 'SIGKILL');
      assert.equal(registry.live('movies', 'content')!.id, second.id, 'live model unchanged');
      assert.equal(await builtAt(db), builtSecond, 'live warehouse unchanged');
      assert.equal((await ask()).body, before, 'the running server answers as before');
    } finally {
      await app.close();
    }

    // 3. the same data again: equal metric, not worse, promoted; every run kept
    const d3 = await retrain('movies', { from: join(dir, 'b'), db, seed: '42', k: '10' });
    assert.equal(d3.promote, true, d3.reason);
    assert.match(d3.reason, /not worse/);
    assert.ok(registry.read().runs.filter((r) => r.pack === 'movies').length >= 3);
  } finally {
    cleanup();
  }
});

test('a retrain that is not promoted leaves the live report, cards and price model as they were, even after a killed run', () => {
  const { dir, cleanup } = tempDir();
  try {
    const shown = join(dir, 'steam');
    mkdirSync(join(shown, 'price'), { recursive: true });
    mkdirSync(join(shown, 'runs', 'r1'), { recursive: true });
    const files: Record<string, string> = { 'report.json': '{"live":1}', 'als.md': '# live als', 'price/model.json': '{"w":[1]}', 'runs/r1/a.bin': 'r1' };
    for (const [f, text] of Object.entries(files)) writeFileSync(join(shown, f), text);
    const read = (f: string) => (existsSync(join(shown, f)) ? readFileSync(join(shown, f), 'utf8') : null);

    // a candidate writes over them (and trains a run), then is kept out
    let aside = setAsideShown(dir, 'steam');
    writeFileSync(join(shown, 'report.json'), '{"candidate":1}');
    writeFileSync(join(shown, 'als.md'), '# candidate als');
    writeFileSync(join(shown, 'itemknn.md'), '# candidate only');
    writeFileSync(join(shown, 'price/model.json'), '{"w":[2]}');
    mkdirSync(join(shown, 'runs', 'r2'));
    writeFileSync(join(shown, 'runs/r2/a.bin'), 'r2');
    aside.restore();
    for (const [f, text] of Object.entries(files)) assert.equal(read(f), text, f);
    assert.equal(read('itemknn.md'), null);
    assert.equal(read('runs/r2/a.bin'), 'r2', 'runs are the registry\'s: kept');
    assert.ok(!existsSync(join(dir, '.retrain-steam-shown')));

    // killed after writing its report: the next retrain puts the live files back first
    setAsideShown(dir, 'steam');
    writeFileSync(join(shown, 'report.json'), '{"killed":1}');
    aside = setAsideShown(dir, 'steam');
    assert.equal(read('report.json'), '{"live":1}');
    // promoted: the candidate's files stay
    writeFileSync(join(shown, 'report.json'), '{"promoted":1}');
    aside.drop();
    assert.equal(read('report.json'), '{"promoted":1}');
    assert.ok(!existsSync(join(dir, '.retrain-steam-shown')));
  } finally {
    cleanup();
  }
});
