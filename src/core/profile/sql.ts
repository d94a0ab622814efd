import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdent } from '../warehouse/schema.js';

export type SqlRow = Record<string, unknown>;

/** A query's rows as plain objects; BIGINTs and DECIMALs as numbers. Only for aggregated (small) results. */
export async function rows(conn: DuckDBConnection, sql: string): Promise<SqlRow[]> {
  const res = await conn.runAndReadAll(sql);
  return res.getRowObjectsJS().map((row) => {
    const out: SqlRow = {};
    for (const [k, v] of Object.entries(row)) out[k] = typeof v === 'bigint' ? Number(v) : v;
    return out;
  });
}

export const q = quoteIdent;

/** A number for JSON: null for NULL, NaN and infinities. */
export function num(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}

/** A SQL literal of a finite double, exact (JS's shortest round-trip text). */
export function lit(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`not a finite number: ${n}`);
  return `${n}::DOUBLE`;
}

export function str(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}
