import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
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
    const json = JSON.parse(listModels({ db, json: true }));
    assert.deepEqual(json.live, { 'steam/als': 'r2/als', 'streaming/svd': 'r3/svd' });
    assert.deepEqual(json.runs.map((r: { live: boolean }) => r.live), [false, true, true, false]);
  } finally {
    cleanup();
  }
});
