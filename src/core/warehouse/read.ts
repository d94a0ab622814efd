import type { DuckDBConnection } from '@duckdb/node-api';
import { openReadOnly, type Warehouse } from './warehouse.js';

/** Opens the warehouse read-only, runs `use` on it and closes it (a store's prepare, a publish): a running server keeps serving the file meanwhile. */
export async function withWarehouse<T>(db: string, use: (wh: Warehouse) => Promise<T>): Promise<T> {
  const wh = await openReadOnly(db);
  try {
    return await use(wh);
  } finally {
    wh.close();
  }
}

/** Opens the warehouse read-only, runs `load` on its connection and closes it: what a training or an evaluation reads first. */
export async function readWarehouse<T>(db: string, load: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
  return withWarehouse(db, (wh) => load(wh.conn));
}

/**
 * Streams a query's numeric columns into typed arrays chunk by chunk (2,048 rows at a time), so
 * millions of rows never become millions of JS objects. Column i of the query fills arrays[i]:
 * 'i32' → Int32Array, 'f32' → Float32Array. NULLs become 0.
 */
export async function readNumericColumns(conn: DuckDBConnection, sql: string, kinds: ('i32' | 'f32')[]): Promise<(Int32Array | Float32Array)[]> {
  const result = await conn.stream(sql);
  let cap = 1 << 16;
  let n = 0;
  let cols = kinds.map((k) => (k === 'i32' ? new Int32Array(cap) : new Float32Array(cap)));
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const rows = chunk.rowCount;
    if (n + rows > cap) {
      while (n + rows > cap) cap *= 2;
      cols = cols.map((c) => {
        const grown = c instanceof Int32Array ? new Int32Array(cap) : new Float32Array(cap);
        grown.set(c.subarray(0, n));
        return grown;
      });
    }
    for (let c = 0; c < kinds.length; c++) {
      const vector = chunk.getColumnVector(c);
      const out = cols[c];
      for (let r = 0; r < rows; r++) out[n + r] = Number(vector.getItem(r) ?? 0);
    }
    n += rows;
  }
  return cols.map((c) => c.slice(0, n));
}

/** One string column of a query, in order. */
export async function readStrings(conn: DuckDBConnection, sql: string): Promise<string[]> {
  const res = await conn.runAndReadAll(sql);
  return res.getRows().map((r) => String(r[0]));
}
