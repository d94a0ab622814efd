/** Compares two warehouse files table by table (used by the fast-vs-reference equivalence tests). */
import { DuckDBInstance } from '@duckdb/node-api';

/**
 * The differences between two warehouses, empty when they are the same: the same tables, each
 * with the same multiset of rows (build_info without its build time), the same data profile (see
 * jsonDifference), and for the `ordered` tables the same rows in the same order.
 */
export async function warehouseDifferences(a: string, b: string, ordered: string[]): Promise<string[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const out: string[] = [];
  try {
    await conn.run(`ATTACH '${a}' AS a (READ_ONLY)`);
    await conn.run(`ATTACH '${b}' AS b (READ_ONLY)`);
    const tables = async (db: string) => (await conn.runAndReadAll(`SELECT table_name FROM information_schema.tables WHERE table_catalog = '${db}' ORDER BY 1`)).getRows().map((r) => String(r[0]));
    const names = await tables('a');
    const other = await tables('b');
    if (names.join() !== other.join()) out.push(`tables differ: ${names.join(', ')} / ${other.join(', ')}`);
    for (const t of names.filter((n) => other.includes(n))) {
      if (t === 'profile') {
        const read = async (x: string) => (await conn.runAndReadAll(`SELECT schema_version, profile FROM ${x}.profile ORDER BY ALL`)).getRows().map((r) => [Number(r[0]), JSON.parse(String(r[1]))]);
        const diff = jsonDifference(await read('a'), await read('b'), 'profile');
        if (diff) out.push(diff);
        continue;
      }
      const cols = await columnsOf(conn, t);
      let same = true;
      for (const [x, y] of [['a', 'b'], ['b', 'a']]) {
        const diff = await conn.runAndReadAll(`SELECT count(*) FROM (SELECT ${cols} FROM ${x}."${t}" EXCEPT ALL SELECT ${cols} FROM ${y}."${t}")`);
        const n = Number(diff.getRows()[0][0]);
        if (n) out.push(`${t}: ${n} row(s) of ${x} not in ${y}`);
        same &&= n === 0;
      }
      if (same && ordered.includes(t)) {
        const seq = async (x: string) => String((await conn.runAndReadAll(`SELECT hash(list(to_json(r)::VARCHAR ORDER BY rid)) FROM (SELECT ${cols}, rowid AS rid FROM ${x}."${t}") r`)).getRows()[0][0]);
        if ((await seq('a')) !== (await seq('b'))) out.push(`${t}: the same rows in another order`);
      }
    }
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
  return out;
}

/** The columns compared: all but the ones that record when or how fast a build ran. */
async function columnsOf(conn: import('@duckdb/node-api').DuckDBConnection, table: string): Promise<string> {
  const res = await conn.runAndReadAll(`SELECT column_name FROM information_schema.columns WHERE table_catalog = 'a' AND table_name = '${table}' ORDER BY ordinal_position`);
  const skip = new Set(['built_at', 'computed_at', 'seconds']);
  return res
    .getRows()
    .map((r) => String(r[0]))
    .filter((c) => !skip.has(c))
    .map((c) => `"${c}"`)
    .join(', ');
}

const TIMES = new Set(['builtAt', 'computedAt', 'seconds']);

/**
 * Where two profiles differ, or null. Its times are left out, and numbers compared to 1e-6
 * relative: DuckDB sums a column's values on several threads in whatever order they finish, so
 * two computations over the same rows differ in the last bits of a mean, and more in a skewness
 * (a difference of large moments). The tables' rows themselves are compared exactly.
 */
function jsonDifference(a: unknown, b: unknown, path: string): string | null {
  if (typeof a === 'number' && typeof b === 'number') {
    return a === b || Math.abs(a - b) <= 1e-9 + 1e-6 * Math.max(Math.abs(a), Math.abs(b)) ? null : `${path}: ${a} / ${b}`;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path}: ${a.length} / ${b.length} items`;
    for (let i = 0; i < a.length; i++) {
      const d = jsonDifference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).filter((k) => !TIMES.has(k));
    const kb = Object.keys(b).filter((k) => !TIMES.has(k));
    if (ka.join() !== kb.join()) return `${path}: keys ${ka.join(',')} / ${kb.join(',')}`;
    for (const k of ka) {
      const d = jsonDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
      if (d) return d;
    }
    return null;
  }
  return a === b ? null : `${path}: ${JSON.stringify(a)} / ${JSON.stringify(b)}`;
}
