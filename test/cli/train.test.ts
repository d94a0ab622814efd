import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { ingestPack } from '../../src/core/ingest/run.js';
import { Registry, modelsDirFor } from '../../src/core/registry/registry.js';
import { trainAndPromote, TrainFailedError } from '../../src/cli/train.js';
import type { Pack } from '../../src/core/pack.js';
import { moviesPack } from '../../src/packs/movies/index.js';
import { steamPack } from '../../src/packs/steam/index.js';
import { query, silent, tempDir } from '../helpers.js';

const CLI = resolve(import.meta.dirname, '../../src/cli/index.ts');
const recops = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { encoding: 'utf8', cwd: resolve(import.meta.dirname, '../..') });

/** Every file a pack shows for its live models (cards, report, price model), path → bytes; not the runs. */
function shownFiles(modelsDir: string, pack: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (rel: string) => {
    for (const e of readdirSync(join(modelsDir, pack, rel), { withFileTypes: true })) {
      const r = join(rel, e.name);
      if (r === 'runs') continue;
      if (e.isDirectory()) walk(r);
      else out.set(r, readFileSync(join(modelsDir, pack, r)));
    }
  };
  walk('');
  return out;
}

function assertSameFiles(after: Map<string, Buffer>, before: Map<string, Buffer>): void {
  assert.deepEqual([...after.keys()].sort(), [...before.keys()].sort());
  for (const [f, bytes] of before) assert.ok(after.get(f)!.equals(bytes), `${f} unchanged`);
}

test('recops train that fails midway (steam, no game has a price): nothing of it goes live, its runs are marked failed, cards and report stay byte-identical', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const raw = join(dir, 'raw');
    await steamPack.synth.generate(raw, { scale: '0.01', seed: '3' }, silent);
    const db = join(dir, 'steam.duckdb');
    await ingestPack(steamPack, { from: raw, db, log: silent });
    const modelsDir = modelsDirFor(db);
    const ok = recops('eval', 'steam', '--db', db);
    assert.equal(ok.status, 0, ok.stderr);
    const first = recops('train', 'steam', '--db', db);
    assert.equal(first.status, 0, first.stderr);
    const registry = new Registry(modelsDir);
    const liveBefore = registry.read().live;
    assert.deepEqual(Object.keys(liveBefore).sort(), ['steam/als', 'steam/itemknn', 'steam/popularity', 'steam/price']);
    const shownBefore = shownFiles(modelsDir, 'steam');
    assert.ok(shownBefore.has('als.md') && shownBefore.has('report.json') && shownBefore.has('price.md'));
    const runsBefore = new Set(registry.read().runs.map((r) => r.id));

    // the same games with every price blanked: the recommenders train, then the price models fail
    const gamesFile = join(raw, 'steam_games.json.gz');
    const text = gunzipSync(readFileSync(gamesFile)).toString('utf8');
    writeFileSync(gamesFile, gzipSync(text.replace(/"price": ("(?:[^"\\]|\\.)*"|-?[0-9.]+(?:e-?[0-9]+)?|NaN)/g, '"price": NaN')));
    await ingestPack(steamPack, { from: raw, db, log: silent });
    const [{ priced, games }] = await query(db, 'SELECT count(price) AS priced, count(*) AS games FROM games');
    assert.equal(priced, 0);
    assert.ok(games > 0);

    const failed = recops('train', 'steam', '--db', db);
    assert.equal(failed.status, 1);
    assert.match(failed.stderr, /train steam failed: only 0 games with a known price/);
    assert.match(failed.stderr, /nothing of it went live: the live versions stay/);
    // the recommenders of the failed run were trained and registered before the failure
    assert.match(failed.stderr, /train: als in/);

    assert.deepEqual(registry.read().live, liveBefore);
    assertSameFiles(shownFiles(modelsDir, 'steam'), shownBefore);
    const newRuns = registry.read().runs.filter((r) => !runsBefore.has(r.id));
    assert.deepEqual(newRuns.map((r) => r.model).sort(), ['als', 'itemknn', 'popularity']);
    for (const r of newRuns) {
      assert.equal(r.status, 'failed', r.id);
      assert.match(r.error!, /only 0 games with a known price/);
    }
    assert.throws(() => registry.promote([newRuns[0].id]), /failed .* cannot go live/);
    assert.ok(!existsSync(`${modelsDir}.lock`), 'lock released');
    assert.ok(!existsSync(join(modelsDir, '.retrain-steam-shown')), 'set-aside copy removed');

    const listed = recops('models', '--db', db);
    assert.equal(listed.status, 0, listed.stderr);
    for (const r of newRuns) assert.match(listed.stdout, new RegExp(`^ +steam +${r.model} +${r.id.replace('/', '\\/')} .*FAILED: only 0 games with a known price`, 'm'));
    const json = JSON.parse(recops('models', '--db', db, '--json').stdout) as { runs: { id: string; live: boolean; status?: string }[] };
    assert.deepEqual(
      json.runs.filter((r) => r.status === 'failed').map((r) => [r.id, r.live]),
      newRuns.map((r) => [r.id, false]),
    );
  } finally {
    cleanup();
  }
});

test('an injected failure after a pack registered its model: the run is failed, the live run and card stay; the next good train goes live in one write', async () => {
  const { dir, cleanup } = tempDir();
  try {
    await moviesPack.synth.generate(join(dir, 'raw'), { rows: '300', seed: '5' }, silent);
    const db = join(dir, 'movies.duckdb');
    await ingestPack(moviesPack, { from: join(dir, 'raw'), db, log: silent });
    const modelsDir = modelsDirFor(db);
    const registry = new Registry(modelsDir);
    await trainAndPromote(moviesPack, db, { seed: 42, log: silent });
    const liveBefore = registry.read().live;
    assert.equal(Object.keys(liveBefore).length, 1);
    const cardsBefore = shownFiles(modelsDir, 'movies');

    const models = moviesPack.models!;
    const failing: Pack = {
      ...moviesPack,
      models: {
        ...models,
        async train(d, opts) {
          assert.equal(opts.promote, false, 'the core trains unpromoted');
          await models.train(d, opts);
          throw new Error('disk full (injected)');
        },
      },
    };
    await assert.rejects(trainAndPromote(failing, db, { seed: 7, log: silent }), (err: unknown) => {
      assert.ok(err instanceof TrainFailedError);
      assert.match(err.message, /train movies failed: disk full \(injected\)/);
      assert.equal(err.runs.length, 1);
      return true;
    });
    assert.deepEqual(registry.read().live, liveBefore);
    assertSameFiles(shownFiles(modelsDir, 'movies'), cardsBefore);
    const last = registry.read().runs.at(-1)!;
    assert.equal(last.status, 'failed');
    assert.equal(last.error, 'disk full (injected)');

    // a train that succeeds is promoted whole: the live pointer moves to its run
    const summary = await trainAndPromote(moviesPack, db, { seed: 7, log: silent });
    const now = registry.read();
    const newest = now.runs.at(-1)!;
    assert.equal(newest.status, undefined);
    assert.deepEqual(now.live, { 'movies/content': newest.id });
    assert.match(summary, new RegExp(`live now: ${newest.id}`));
  } finally {
    cleanup();
  }
});
