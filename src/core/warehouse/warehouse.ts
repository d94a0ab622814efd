import { existsSync, rmSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
// DuckDB's native library is loaded by the first open, not on import: a replica serving from the store never opens one
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { checkWarehouseFile } from './check.js';
import { acquireLock } from './lock.js';
import { buildingPath, leftoverBuilds, swapIn } from './replace.js';

export interface Warehouse {
  path: string;
  instance: DuckDBInstance;
  conn: DuckDBConnection;
  close(): void;
}

/** Opens a finished warehouse for serving: read-only, so any number of servers can share the file. */
export async function openReadOnly(path: string): Promise<Warehouse> {
  checkWarehouseFile(path);
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  const conn = await instance.connect();
  return { path, instance, conn, close: () => closeQuietly(instance, conn) };
}

function closeQuietly(instance: DuckDBInstance, conn: DuckDBConnection): void {
  try {
    conn.closeSync();
  } finally {
    instance.closeSync();
  }
}

/** A file removed before or after a build: the leftover of a killed one. */
export interface Leftover {
  file: string;
  bytes: number;
  why: string;
}

/** Leftovers of builds that were killed: `<db>.building-<pid>` files and their `.wal` (called with the target's lock held). */
function removeStaleBuilds(path: string): Leftover[] {
  return leftoverBuilds(path, { lockHeld: true }).map((file) => {
    const removed = { file, bytes: statSync(file).size, why: 'left by a build that was killed' };
    rmSync(file, { force: true, recursive: true });
    return removed;
  });
}

/**
 * Builds a warehouse atomically: `build` writes a fresh DuckDB file beside the target, and only
 * when it has finished, been checkpointed and closed is it renamed over the target. A failed or
 * killed build leaves the previous warehouse untouched (and still serving). The target's lock
 * (`<db>.lock`) is held throughout: a second build of the same file fails at once, naming this
 * one. `onLeftovers` hears of the files of killed builds removed on the way.
 */
export async function buildWarehouse<T>(path: string, build: (conn: DuckDBConnection, instance: DuckDBInstance) => Promise<T>, onLeftovers?: (removed: Leftover[]) => void): Promise<T> {
  path = resolve(path);
  mkdirSync(dirname(path), { recursive: true });
  const tmp = buildingPath(path);
  // interrupted (Ctrl-C, SIGTERM): the unfinished file goes with the lock
  const lock = acquireLock(path, undefined, () => removeBuild(tmp));
  try {
    const removed = removeStaleBuilds(path);
    const dead = lock.tookOverFrom;
    if (dead) removed.unshift({ file: lock.file, bytes: 0, why: `the lock of pid ${dead.pid} (\`${dead.command}\`, since ${dead.since}), which is no longer running: taken over` });
    if (removed.length) onLeftovers?.(removed);
    const result = await buildLocked(path, tmp, build);
    // a write-ahead log beside the old file belongs to the old file: replayed on the new one it
    // would corrupt it
    if (existsSync(path + '.wal')) {
      const wal = { file: path + '.wal', bytes: statSync(path + '.wal').size, why: 'the write-ahead log of the replaced warehouse' };
      rmSync(wal.file, { force: true });
      onLeftovers?.([wal]);
    }
    return result;
  } finally {
    lock.release();
  }
}

function removeBuild(tmp: string): void {
  rmSync(tmp, { force: true });
  rmSync(tmp + '.wal', { force: true });
}

async function buildLocked<T>(path: string, tmp: string, build: (conn: DuckDBConnection, instance: DuckDBInstance) => Promise<T>): Promise<T> {
  removeBuild(tmp);
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(tmp);
  const conn = await instance.connect();
  let result: T;
  try {
    result = await build(conn, instance);
    await conn.run('CHECKPOINT');
  } catch (err) {
    closeQuietly(instance, conn);
    removeBuild(tmp);
    throw err;
  }
  closeQuietly(instance, conn);
  rmSync(tmp + '.wal', { force: true });
  swapIn(tmp, path);
  return result;
}

/**
 * A query's rows as plain objects, BIGINTs (counts, sums) as numbers, read chunk by chunk (the
 * movies' actors table has ~130 k rows at full size: materialising it whole doubled the server's
 * memory at start). What the packs' routes load their answers with.
 */
export async function readRows(wh: Warehouse, sql: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  const result = await wh.conn.stream(sql);
  for await (const chunk of result.yieldRowObjectJs()) {
    for (const r of chunk) {
      for (const k in r) if (typeof r[k] === 'bigint') r[k] = Number(r[k]);
      out.push(r);
    }
  }
  return out;
}
