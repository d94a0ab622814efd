import { existsSync } from 'node:fs';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { readNumericColumns, readStrings } from '../warehouse/read.js';

/** Column names accepted for each role, compared case-insensitively. */
export const RATING_COLUMNS = {
  user: ['userId', 'user_id', 'user'],
  item: ['movieId', 'movie_id', 'itemId', 'item_id', 'item'],
  rating: ['rating', 'score'],
} as const;

export interface RatingsFile {
  path: string;
  /** dense user and item indices (shared by every file read together) and the ratings */
  users: Int32Array;
  items: Int32Array;
  values: Float32Array;
  /** rows dropped because the rating or an id was missing or not a number, with one example line */
  skipped: number;
  skippedExample: string | null;
  /** the day of each rating (Unix seconds / 86400, floored) when the header has a `timestamp` column; −1 where empty */
  days?: Int32Array;
}

export interface RatingsFiles {
  files: RatingsFile[];
  /** index → id as written in the files */
  userIds: string[];
  itemIds: string[];
}

/**
 * Reads ratings CSV files whose header names a user column, an item column and a rating column in
 * any order (other columns are ignored), with DuckDB's CSV reader (tens of millions of rows in
 * seconds). Ids are kept as text and numbered densely across all the files together, so a user
 * of the test file is the same index as in the training file. Rows whose rating is not a number
 * or whose ids are empty are counted and skipped, never silently.
 */
export async function readRatingsCsv(paths: string[]): Promise<RatingsFiles> {
  for (const p of paths) if (!existsSync(p)) throw new Error(`no such file: ${p}`);
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    const parts: { path: string; table: string }[] = [];
    const timed = new Set<string>();
    for (const [n, path] of paths.entries()) {
      const table = `f${n}`;
      await conn.run(`CREATE TABLE raw_${table} AS SELECT * FROM read_csv(${sqlString(path)}, header = true, all_varchar = true, null_padding = true, strict_mode = false)`);
      const columns = await readStrings(conn, `SELECT column_name FROM information_schema.columns WHERE table_name = 'raw_${table}' ORDER BY ordinal_position`);
      const pick = (role: keyof typeof RATING_COLUMNS) => {
        const found = columns.find((c) => (RATING_COLUMNS[role] as readonly string[]).some((a) => a.toLowerCase() === c.trim().toLowerCase()));
        if (!found) {
          throw new Error(`${path}: no ${role} column in the header (${columns.join(', ')}); accepted names: ${RATING_COLUMNS[role].join(', ')} (any case, any order)`);
        }
        return `"${found.replace(/"/g, '""')}"`;
      };
      const [u, i, r] = [pick('user'), pick('item'), pick('rating')];
      // optional: Unix seconds, for models with a time feature
      const ts = columns.find((c) => c.trim().toLowerCase() === 'timestamp');
      const day = ts ? `coalesce(floor(TRY_CAST("${ts.replace(/"/g, '""')}" AS DOUBLE) / 86400)::INTEGER, -1)` : '-1';
      await conn.run(`CREATE TABLE ${table} AS SELECT trim(${u}) AS user_id, trim(${i}) AS item_id, TRY_CAST(${r} AS DOUBLE) AS rating, ${day} AS day, row_number() OVER () AS line FROM raw_${table}`);
      if (ts) timed.add(table);
      await conn.run(`DROP TABLE raw_${table}`);
      parts.push({ path, table });
    }
    const valid = (t: string) => `SELECT * FROM ${t} WHERE rating IS NOT NULL AND isfinite(rating) AND coalesce(user_id, '') <> '' AND coalesce(item_id, '') <> ''`;
    const all = parts.map((p) => valid(p.table)).join(' UNION ALL ');
    await conn.run(`CREATE TABLE users AS SELECT user_id, (row_number() OVER (ORDER BY user_id) - 1)::INTEGER AS u FROM (SELECT DISTINCT user_id FROM (${all}))`);
    await conn.run(`CREATE TABLE items AS SELECT item_id, (row_number() OVER (ORDER BY item_id) - 1)::INTEGER AS i FROM (SELECT DISTINCT item_id FROM (${all}))`);
    const files: RatingsFile[] = [];
    for (const { path, table } of parts) {
      const [users, items, values, days] = await readNumericColumns(conn, `SELECT u, i, rating, day FROM (${valid(table)}) JOIN users USING (user_id) JOIN items USING (item_id) ORDER BY line`, ['i32', 'i32', 'f32', 'i32']);
      const skipped = await skippedRows(conn, table);
      files.push({ path, users: users as Int32Array, items: items as Int32Array, values: values as Float32Array, ...skipped, ...(timed.has(table) ? { days: days as Int32Array } : {}) });
    }
    return {
      files,
      userIds: await readStrings(conn, 'SELECT user_id FROM users ORDER BY u'),
      itemIds: await readStrings(conn, 'SELECT item_id FROM items ORDER BY i'),
    };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

async function skippedRows(conn: DuckDBConnection, table: string): Promise<{ skipped: number; skippedExample: string | null }> {
  const bad = `FROM ${table} WHERE rating IS NULL OR NOT isfinite(rating) OR coalesce(user_id, '') = '' OR coalesce(item_id, '') = ''`;
  const n = Number((await conn.runAndReadAll(`SELECT count(*) ${bad}`)).getRows()[0][0]);
  if (!n) return { skipped: 0, skippedExample: null };
  const ex = (await conn.runAndReadAll(`SELECT line + 1, user_id, item_id ${bad} ORDER BY line LIMIT 1`)).getRows()[0];
  return { skipped: n, skippedExample: `line ${ex[0]} (user ${ex[1] ?? 'empty'}, item ${ex[2] ?? 'empty'})` };
}

function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}
