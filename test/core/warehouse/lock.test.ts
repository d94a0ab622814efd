import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { once } from 'node:events';
import { acquireLock, LockedError, lockFileFor, type LockHolder } from '../../../src/core/warehouse/lock.js';
import { ingestPack } from '../../../src/core/ingest/run.js';
import { modelsDirFor } from '../../../src/core/registry/registry.js';
import { moviesPack } from '../../../src/packs/movies/index.js';
import { steamPack } from '../../../src/packs/steam/index.js';
import { query, silent, tempDir } from '../../helpers.js';
import { writeFixture } from '../../packs/steam/fixtures.js';
import { writeBigLibraries } from './big.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const CLI = join(ROOT, 'src/cli/index.ts');
const recops = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { encoding: 'utf8', cwd: ROOT });

/** The pid of a process that has exited (so no process has it, barring reuse within the test). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

test('two ingests into one --db at once: the second fails at once naming the first (pid, command, since); the lock goes with the first', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const raw = join(dir, 'raw');
    mkdirSync(raw);
    writeFixture(raw, true);
    await writeBigLibraries(join(raw, 'australian_users_items.json'), 20000, 40);
    const db = join(dir, 'steam.duckdb');
    const first = spawn(process.execPath, ['--import', 'tsx', CLI, 'ingest', 'steam', '--from', raw, '--db', db], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let firstErr = '';
    first.stderr.on('data', (c) => (firstErr += c));
    const lockFile = `${db}.lock`;
    const deadline = Date.now() + 30_000;
    while (!existsSync(`${db}.building-${first.pid}`) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.ok(existsSync(lockFile), 'the running build holds <db>.lock');
    const holder = JSON.parse(readFileSync(lockFile, 'utf8')) as LockHolder;
    assert.equal(holder.pid, first.pid);

    const started = Date.now();
    const second = recops('ingest', 'steam', '--from', raw, '--db', db);
    const seconds = (Date.now() - started) / 1000;
    assert.equal(first.exitCode, null, 'the first build was still running when the second gave up');
    assert.equal(second.status, 1);
    assert.match(second.stderr, new RegExp(`${db.replaceAll('/', '\\/')} is in use by another recops: pid ${first.pid} \\(\`recops ingest steam --from ${raw.replaceAll('/', '\\/')} --db [^\`]+\`\\) since ${holder.since.replace(/\./g, '\\.')}`));
    assert.match(second.stderr, /Wait for it to finish/);
    assert.ok(seconds < 15, `the second failed at once (${seconds.toFixed(1)} s, mostly node start)`);
    assert.ok(!existsSync(`${db}.building-${second.pid}`), 'the second wrote nothing');

    const [code] = await once(first, 'exit');
    assert.equal(code, 0, firstErr);
    assert.ok(!existsSync(lockFile), 'released on exit');
    const [{ users }] = await query(db, 'SELECT count(DISTINCT user_id) AS users FROM user_items');
    assert.equal(users, 20000, 'the warehouse is the first build\'s, whole');
  } finally {
    cleanup();
  }
});

test('a stale lock (its process is gone) is taken over and reported; a live one in this process is refused', async () => {
  const { dir, cleanup } = tempDir();
  try {
    writeFixture(dir, true);
    const db = join(dir, 'steam.duckdb');
    const dead: LockHolder = { pid: deadPid(), host: hostname(), command: 'recops ingest steam (killed)', since: '2026-01-01T00:00:00.000Z' };
    writeFileSync(lockFileFor(db), JSON.stringify(dead));
    const run = recops('ingest', 'steam', '--from', dir, '--db', db);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, new RegExp(`removed .*steam\\.duckdb\\.lock \\(0 B\\): the lock of pid ${dead.pid} \\(\`recops ingest steam \\(killed\\)\`, since 2026-01-01T00:00:00\\.000Z\\), which is no longer running: taken over`));
    assert.ok(!existsSync(lockFileFor(db)));

    // held by this (live) process: refused, naming it; released, it can be taken again
    const lock = acquireLock(db, 'test holder');
    try {
      assert.throws(() => acquireLock(db), /already holds/);
      const other = recops('ingest', 'steam', '--from', dir, '--db', db);
      assert.equal(other.status, 1);
      assert.match(other.stderr, new RegExp(`is in use by another recops: pid ${process.pid} \\(\`test holder\`\\)`));
    } finally {
      lock.release();
    }
    assert.ok(!existsSync(lockFileFor(db)));
    acquireLock(db).release();
    // another host's lock cannot be checked: never taken over
    writeFileSync(lockFileFor(db), JSON.stringify({ ...dead, host: 'elsewhere.example' }));
    assert.throws(() => acquireLock(db), (err: unknown) => err instanceof LockedError && /pid \d+ on elsewhere\.example/.test(err.message));
  } finally {
    cleanup();
  }
});

test('train, eval and retrain on one models folder: one at a time, the others fail at once naming the holder', async () => {
  const { dir, cleanup } = tempDir();
  try {
    await moviesPack.synth.generate(join(dir, 'raw'), { rows: '200', seed: '5' }, silent);
    const db = join(dir, 'movies.duckdb');
    await ingestPack(moviesPack, { from: join(dir, 'raw'), db, log: silent });
    const models = modelsDirFor(db);
    const lock = acquireLock(models, 'recops train movies (the test)');
    try {
      for (const args of [['train', 'movies', '--db', db], ['eval', 'movies', '--db', db], ['retrain', 'movies', '--from', join(dir, 'raw'), '--db', db]]) {
        const r = recops(...args);
        assert.equal(r.status, 1, args[0]);
        assert.match(r.stderr, new RegExp(`${models.replaceAll('/', '\\/')} is in use by another recops: pid ${process.pid} \\(\`recops train movies \\(the test\\)\`\\) since`), args[0]);
        assert.ok(!existsSync(join(models, 'movies')), `${args[0]} wrote nothing`);
      }
    } finally {
      lock.release();
    }
    // retrain also holds the live warehouse: no ingest into it meanwhile
    const dbLock = acquireLock(db, 'recops retrain movies (the test)');
    try {
      const r = recops('ingest', 'movies', '--from', join(dir, 'raw'), '--db', db);
      assert.equal(r.status, 1);
      assert.match(r.stderr, /is in use by another recops: .*recops retrain movies \(the test\)/);
    } finally {
      dbLock.release();
    }
    const r = recops('train', 'movies', '--db', db);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(!existsSync(`${models}.lock`));
  } finally {
    cleanup();
  }
});

test('an ingest interrupted by SIGINT or SIGTERM takes its lock and unfinished file with it; the old warehouse stays', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const raw = join(dir, 'raw');
    mkdirSync(raw);
    writeFixture(raw, true);
    const db = join(dir, 'steam.duckdb');
    await ingestPack(steamPack, { from: raw, db, log: silent });
    const before = await query(db, 'SELECT count(*) AS n FROM user_items');
    await writeBigLibraries(join(raw, 'australian_users_items.json'), 20000, 40);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'ingest', 'steam', '--from', raw, '--db', db], { cwd: ROOT, stdio: 'ignore' });
      const deadline = Date.now() + 30_000;
      while (!existsSync(`${db}.building-${child.pid}`) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      assert.ok(existsSync(`${db}.lock`));
      child.kill(signal);
      const [code, sig] = await once(child, 'exit');
      assert.deepEqual([code, sig], [null, signal], 'ended by the signal, as without the lock');
      assert.deepEqual(readdirSync(dir).filter((f) => f !== 'raw' && f !== 'steam.duckdb'), [], `${signal}: no lock, no unfinished file`);
      assert.deepEqual(await query(db, 'SELECT count(*) AS n FROM user_items'), before);
    }
  } finally {
    cleanup();
  }
});
