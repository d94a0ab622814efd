import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildingPath, leftoverBuilds, swapIn } from '../../../src/core/warehouse/replace.js';
import { tempDir } from '../../helpers.js';

test('swapIn replaces a folder whole (no file of the old one stays) and a file in place', () => {
  const { dir, cleanup } = tempDir();
  try {
    const target = join(dir, 'price');
    mkdirSync(target);
    writeFileSync(join(target, 'old-only.json'), '1');
    writeFileSync(join(target, 'manifest.json'), 'old');
    const built = buildingPath(target);
    assert.equal(built, `${target}.building-${process.pid}`);
    mkdirSync(built);
    writeFileSync(join(built, 'manifest.json'), 'new');
    swapIn(built, target);
    assert.deepEqual(readdirSync(target), ['manifest.json']);
    assert.equal(readFileSync(join(target, 'manifest.json'), 'utf8'), 'new');
    assert.deepEqual(readdirSync(dir), ['price']);

    const file = join(dir, 'w.duckdb');
    writeFileSync(file, 'old');
    writeFileSync(buildingPath(file), 'new');
    swapIn(buildingPath(file), file);
    assert.equal(readFileSync(file, 'utf8'), 'new');
    assert.deepEqual(readdirSync(dir).sort(), ['price', 'w.duckdb']);
  } finally {
    cleanup();
  }
});

test("leftoverBuilds: a dead process's build and its side files; a running process's only when the caller holds the lock", () => {
  const { dir, cleanup } = tempDir();
  try {
    // a process that has exited, and one that runs (this test's parent)
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const alive = process.ppid;
    const target = join(dir, 'price');
    const names = [`price.building-${dead}`, `price.building-${dead}.wal`, `price.old-${dead}`, `price.building-${alive}`, `price.building-${process.pid}`, 'price.candidate.building-1', 'prices.building-1', 'price'];
    for (const n of names) writeFileSync(join(dir, n), '');
    const rel = (paths: string[]) => paths.map((p) => p.slice(dir.length + 1)).sort();
    assert.deepEqual(rel(leftoverBuilds(target, { lockHeld: false })), [`price.building-${dead}`, `price.building-${dead}.wal`, `price.old-${dead}`].sort());
    assert.deepEqual(rel(leftoverBuilds(target, { lockHeld: true })), [`price.building-${dead}`, `price.building-${dead}.wal`, `price.old-${dead}`, `price.building-${alive}`, `price.building-${process.pid}`].sort());
    assert.deepEqual(leftoverBuilds(join(dir, 'nowhere', 'x'), { lockHeld: true }), []);
  } finally {
    cleanup();
  }
});
