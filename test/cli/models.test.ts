import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Drift } from '../../src/core/profile/drift.js';
import { keepDriftWithRuns } from '../../src/core/registry/drift.js';
import { listModels } from '../../src/cli/models.js';
import { Registry } from '../../src/core/registry/registry.js';
import { tempDir } from '../helpers.js';

test('recops models: every run, the live ones marked, metrics shown; --pack filters; --json', () => {
  const { dir, cleanup } = tempDir();
  try {
    const db = join(dir, 'w.duckdb');
    assert.match(listModels({ db }), /no models registered beside .*recops train/);
    const registry = new Registry(join(dir, 'models'));
    const run = (id: string, pack: string, model: string, metrics: Record<string, number> | null) => ({ id, pack, model, params: {}, dataFingerprint: 'f', metrics, artifact: `${pack}/${id}`, createdAt: '2026-11-25T10:00:00.000Z', seconds: 1.5 });
    registry.add(run('r1/als', 'steam', 'als', { ndcg: 0.31 }), true);
    registry.add(run('r2/als', 'steam', 'als', { ndcg: 0.36 }), true);
    registry.add(run('r3/svd', 'streaming', 'svd', null), true);
    registry.add(run('r4/svd', 'streaming', 'svd', { rmse: 0.9 }), false);
    const table = listModels({ db }).split('\n');
    assert.equal(table.length, 3 + 4);
    const line = (id: string) => table.find((l) => l.includes(id))!;
    assert.match(line('r1/als'), /^ {4}\s*steam/);
    assert.match(line('r2/als'), /^\*\s+steam\s+als\s+r2\/als .* ndcg 0\.3600/);
    assert.match(line('r3/svd'), /^\*.*\(not evaluated\)/);
    assert.doesNotMatch(line('r4/svd'), /^\*/);
    assert.equal(listModels({ db, pack: 'streaming' }).split('\n').length, 3 + 2);
    // a retrain's run, with the drift it kept: its verdict in the table, its file named in the JSON
    const drift = { pack: 'streaming', level: 'changed', counts: { stable: 5, changed: 2, drifted: 0 }, tables: [] } as unknown as Drift;
    registry.add(run('r5/svd', 'streaming', 'svd', { rmse: 0.8 }), false);
    keepDriftWithRuns(join(dir, 'models'), [registry.read().runs.find((r) => r.id === 'r5/svd')!], drift);
    assert.match(listModels({ db }).split('\n').find((l) => l.includes('r5/svd'))!, /rmse 0\.8000\s+changed \(0 drifted, 2 changed columns\)$/);
    assert.equal(JSON.parse(listModels({ db, json: true })).runs[4].drift, join('streaming', 'r5', 'drift.json'));
    rmSync(join(dir, 'models', 'streaming', 'r5', 'drift.json'));
    assert.match(listModels({ db }), /\(streaming\/r5\/drift\.json is gone\)/);
    const json = JSON.parse(listModels({ db, json: true }));
    assert.deepEqual(json.live, { 'steam/als': 'r2/als', 'streaming/svd': 'r3/svd' });
    assert.deepEqual(json.runs.map((r: { live: boolean }) => r.live), [false, true, true, false, false]);
  } finally {
    cleanup();
  }
});
