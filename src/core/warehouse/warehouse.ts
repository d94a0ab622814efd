import { existsSync, readdirSync, renameSync, rmSync, mkdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

export interface Warehouse {
  path: string;
  instance: DuckDBInstance;
  conn: DuckDBConnection;
  close(): void;
}

/** Opens a finished warehouse for serving: read-only, so any number of servers can share the file. */
export async function openReadOnly(path: string): Promise<Warehouse> {
  if (!existsSync(path)) {
    throw new Error(`no warehouse at ${path}: build one with \`recops ingest <pack> --from DIR --db ${path}\``);
  }
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

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const BUILDING = '.building-';

/** Leftovers of builds that were killed: `<db>.building-<pid>` files whose process is gone. */
function removeStaleBuilds(path: string): void {
  const dir = dirname(path);
  const prefix = basename(path) + BUILDING;
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number.parseInt(name.slice(prefix.length), 10);
    if (Number.isFinite(pid) && pid !== process.pid && pidAlive(pid)) continue;
    rmSync(join(dir, name), { force: true });
  }
}

/**
 * Builds a warehouse atomically: `build` writes a fresh DuckDB file beside the target, and only
 * when it has finished, been checkpointed and closed is it renamed over the target. A failed or
 * killed build leaves the previous warehouse untouched (and still serving).
 */
export async function buildWarehouse<T>(path: string, build: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
  path = resolve(path);
  mkdirSync(dirname(path), { recursive: true });
  removeStaleBuilds(path);
  const tmp = `${path}${BUILDING}${process.pid}`;
  rmSync(tmp, { force: true });
  rmSync(tmp + '.wal', { force: true });
  const instance = await DuckDBInstance.create(tmp);
  const conn = await instance.connect();
  let result: T;
  try {
    result = await build(conn);
    await conn.run('CHECKPOINT');
  } catch (err) {
    closeQuietly(instance, conn);
    rmSync(tmp, { force: true });
    rmSync(tmp + '.wal', { force: true });
    throw err;
  }
  closeQuietly(instance, conn);
  rmSync(tmp + '.wal', { force: true });
  renameSync(tmp, path);
  rmSync(path + '.wal', { force: true });
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
