/**
 * The drift a retrain sees is kept with its runs (a file in the run's folder, named by the run
 * records) and served on the model page, equal to `recops profile --compare` run independently on
 * the same two builds.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ingestPack } from '../../src/core/ingest/run.js';
import type { Drift } from '../../src/core/profile/drift.js';
import { Registry, modelsDirFor } from '../../src/core/registry/registry.js';
import { buildApp } from '../../src/core/server/app.js';
import { moviesPack } from '../../src/packs/movies/index.js';
import { query, silent, tempDir } from '../helpers.js';

const ROOT = resolve(import.meta.dirname, '../..');

function recops(...args: string[]) {
  const res = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/index.ts'), ...args], { encoding: 'utf8', cwd: ROOT, maxBuffer: 1 << 26 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** Equal, numbers to 1e-9 relative: a re-ingest of the same raw files may sum in another order. */
function assertClose(actual: unknown, expected: unknown, path = 'drift'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${path}: ${actual} vs ${expected}`);
  } else if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual) && actual.length === expected.length, `${path}: length`);
    expected.forEach((e, i) => assertClose((actual as unknown[])[i], e, `${path}[${i}]`));
  } else if (expected && typeof expected === 'object') {
    assert.ok(actual && typeof actual === 'object', path);
    assert.deepEqual(Object.keys(actual as object).sort(), Object.keys(expected).sort(), `${path}: keys`);
    for (const [k, e] of Object.entries(expected)) assertClose((actual as Record<string, unknown>)[k], e, `${path}.${k}`);
  } else assert.equal(actual, expected, path);
}

test('retrain keeps the drift with its runs, and the model page serves it as `recops profile --compare` computes it', { timeout: 300_000 }, async () => {
  const { dir, cleanup } = tempDir();
  try {
    // changed data: a second catalogue, twice the size, of another seed
    for (const [name, rows, seed] of [['a', '400', '1'], ['b', '900', '2']]) await moviesPack.synth.generate(join(dir, name), { rows, seed }, silent);
    mkdirSync(join(dir, 'live'));
    const live = join(dir, 'live', 'movies.duckdb');
    await ingestPack(moviesPack, { from: join(dir, 'a'), db: live, log: silent });
    await moviesPack.models!.train(live, { seed: 42, log: silent });
    const registry = new Registry(modelsDirFor(live));
    const before = new Set(registry.read().runs.map((r) => r.id));
    assert.ok(registry.read().runs.every((r) => r.drift === undefined), 'a train keeps no drift');

    // the same two builds, apart: the live one as it was, the new raw files ingested on their own
    const old = join(dir, 'old.duckdb');
    copyFileSync(live, old);
    mkdirSync(join(dir, 'indep'));
    const indep = join(dir, 'indep', 'movies.duckdb');
    await ingestPack(moviesPack, { from: join(dir, 'b'), db: indep, log: silent });

    const r = recops('retrain', 'movies', '--from', join(dir, 'b'), '--db', live);
    assert.ok(r.code === 0 || r.code === 3, r.stderr);
    const runs = registry.read().runs.filter((x) => !before.has(x.id));
    assert.ok(runs.length > 0);
    for (const run of runs) {
      // a file in the run's folder (the one holding its artifacts), named relative to the models folder
      assert.equal(run.drift, join(dirname(run.artifact), 'drift.json'), run.id);
      assert.ok(existsSync(join(modelsDirFor(live), run.drift!)), run.drift);
    }
    assert.match(r.stderr, new RegExp(`the drift is kept with the runs: .*${join(dirname(runs[0].artifact), 'drift.json').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
    const kept = JSON.parse(readFileSync(join(modelsDirFor(live), runs[0].drift!), 'utf8')) as Drift;

    const compared = recops('profile', 'movies', '--db', indep, '--compare', old, '--json');
    assert.equal(compared.code, 0, compared.stderr);
    const expected = (JSON.parse(compared.stdout) as { drift: Drift }).drift;
    // the data changed: twice the rows, so at least the row counts drifted
    assert.equal(expected.level, 'drifted');

    const app = await buildApp({ packs: [{ pack: moviesPack, db: live }] });
    try {
      const res = await app.inject('/models/movies');
      assert.equal(res.statusCode, 200);
      const page = res.json() as { drift: { runs: string[]; trainedAt: string; live: boolean; drift: Drift } };
      assert.deepEqual(page.drift.runs.sort(), runs.map((x) => x.id).sort());
      assert.equal(page.drift.live, r.code === 0, 'live when promoted (exit 0), not when the live version stayed (exit 3)');
      assert.equal(page.drift.trainedAt, runs.map((x) => x.createdAt).sort()[0]);
      // the model page's JSON is the kept file, and both are what `recops profile --compare` finds;
      // the new build's own times differ (built apart), its row count does not
      assertClose(page.drift.drift, kept);
      const { new: pageNew, ...pageRest } = page.drift.drift;
      const { new: expNew, ...expRest } = expected;
      assertClose(pageRest, expRest);
      assert.equal(pageNew.rows, expNew.rows);
      // and the row changes, counted in the two warehouses
      for (const t of moviesPack.tables) {
        const [o] = await query(old, `SELECT count(*)::INTEGER AS n FROM "${t.name}"`);
        const [n] = await query(indep, `SELECT count(*)::INTEGER AS n FROM "${t.name}"`);
        const td = page.drift.drift.tables.find((x) => x.table === t.name)!;
        assert.deepEqual([td.oldRows, td.newRows], [o.n, n.n], t.name);
        assert.ok(Math.abs(td.rows!.value - (n.n / o.n - 1)) < 1e-12, t.name);
      }
    } finally {
      await app.close();
    }
  } finally {
    cleanup();
  }
});
