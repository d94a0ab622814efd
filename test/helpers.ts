import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

/**
 * Real data, read in place (never copied into the project): $RECOPS_SHARED_DATA, else the
 * workplace's ../shared/data beside the checkout. Tests that need it skip when it is absent.
 */
export const SHARED_DATA = process.env.RECOPS_SHARED_DATA ?? resolve(import.meta.dirname, '../../shared/data');
export const hasShared = (rel: string) => existsSync(join(SHARED_DATA, rel));

export function tempDir(prefix = 'recops-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs one query on a warehouse file (read-only) and returns plain row objects. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test rows are compared with deepEqual
export async function query(db: string, sql: string): Promise<Record<string, any>[]> {
  const instance = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
  const conn = await instance.connect();
  try {
    const res = await conn.runAndReadAll(sql);
    // counts come back as BIGINT; tests compare with plain numbers
    return res.getRowObjectsJS().map((row) =>
      Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])),
    );
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

export const silent = (): void => {};
