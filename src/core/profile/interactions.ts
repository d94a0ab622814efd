import type { DuckDBConnection } from '@duckdb/node-api';
import type { Matrix, TableProfile } from './types.js';
import { num, q, rows } from './sql.js';
import { exactAsDouble, integerRangeOf, rhoFromSums, sortedPass, SORTED_PASS_MAX_ROWS, type SortedPass } from './sorted.js';

function square(columns: string[]): Matrix {
  return { columns, values: columns.map((_, i) => columns.map((__, j) => (i === j ? 1 : null))) };
}

function pairs(n: number): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) out.push([i, j]);
  return out;
}

/** Pearson correlation of every pair, on the rows where both are present, in one scan. */
export async function pearson(conn: DuckDBConnection, source: string, columns: string[]): Promise<Matrix> {
  const m = square(columns);
  const ps = pairs(columns.length);
  if (!ps.length) return m;
  const [r] = await rows(conn, `SELECT ${ps.map(([i, j], k) => `corr(${q(columns[i])}::DOUBLE, ${q(columns[j])}::DOUBLE) AS c${k}`).join(', ')} FROM ${source}`);
  ps.forEach(([i, j], k) => (m.values[i][j] = m.values[j][i] = num(r[`c${k}`])));
  return m;
}

/** A column ranked through its value counts when it has at most this many distinct values, else by a sort. */
const RANK_BY_COUNTS = 100_000;

/**
 * Asks spearman to count, in the sort it does anyway, the rows whose `hash` (of a whole row)
 * repeats the row before (duplicateRowsOf's candidates): set `candidates` when a pair could carry
 * it, left null otherwise.
 */
export interface RepeatCheck {
  hash: string;
  rows: number;
  candidates: number | null;
  /** instead of candidates, from the JS pass: the column sorted and its values that several rows have (duplicatesAmongTies) */
  ties?: { column: string; values: Float64Array } | null;
}

/** A column of the Spearman matrix: its distinct and present values, and (for the JS pass) type and range. */
export interface SpearmanColumn {
  name: string;
  distinct: number;
  count?: number;
  type?: string;
  min?: number | null;
  max?: number | null;
}

export const pairKey = (few: string, many: string) => `${few}\u0000${many}`;

/**
 * The pair of columns whose sort also counts the repeated rows (RepeatCheck): the first pair of a
 * few- and a many-valued column, in the matrix's order, both present on all `rows` rows.
 */
export function carryingPair(columns: SpearmanColumn[], rows: number, rankByCounts = RANK_BY_COUNTS): { few: string; many: string } | null {
  for (const [i, j] of pairs(columns.length)) {
    const fewI = columns[i].distinct <= rankByCounts;
    if (fewI === columns[j].distinct <= rankByCounts) continue;
    const [few, many] = fewI ? [columns[i], columns[j]] : [columns[j], columns[i]];
    if (few.count === rows && many.count === rows) return { few: few.name, many: many.name };
  }
  return null;
}

/**
 * Spearman's rho of every pair: the Pearson correlation of the values' ranks (ties get their
 * average rank), on the rows where both are present. A column of few distinct values is ranked
 * through its value counts (a running count over them, joined back); one of many by a sort
 * (rank + n·cume_dist is twice the average rank), which avoids joining a table of millions of
 * distinct values (the README's EDA section gives the figures). A pair of a few- and a
 * many-valued column is one sortedPass (or, for columns not exact as doubles, spearmanFewMany's
 * windows); `done` holds the passes already made (profileTable's, which also gave the column its
 * quantiles). With `repeats`, the first such pair with no missing values also finds where the
 * repeated rows can be: the tied values of its sort (RepeatCheck.ties), or candidate hashes.
 */
export async function spearman(conn: DuckDBConnection, source: string, columns: SpearmanColumn[], rankByCounts = RANK_BY_COUNTS, repeats?: RepeatCheck, done?: Map<string, SortedPass>): Promise<Matrix> {
  const m = square(columns.map((c) => c.name));
  const carrying = repeats && repeats.candidates === null && !repeats.ties ? carryingPair(columns, repeats.rows, rankByCounts) : null;
  for (const [i, j] of pairs(columns.length)) {
    const fewI = columns[i].distinct <= rankByCounts;
    if (fewI !== (columns[j].distinct <= rankByCounts)) {
      const [few, many] = fewI ? [columns[i], columns[j]] : [columns[j], columns[i]];
      // every row in the pair's sort, or its repeats would not be the table's
      const carry = carrying && carrying.few === few.name && carrying.many === many.name ? repeats : undefined;
      // one sort folded in JS where both columns read exactly as doubles; else the SQL windows
      const pass =
        done?.get(pairKey(few.name, many.name)) ??
        (exactAsDouble(few) && exactAsDouble(many) && (many.count ?? Infinity) <= SORTED_PASS_MAX_ROWS ? await sortedPass(conn, source, few.name, many.name, { ties: carry !== undefined, integerRange: integerRangeOf(many) }) : null);
      if (pass) {
        if (carry && pass.ties) carry.ties = { column: many.name, values: pass.ties };
        m.values[i][j] = m.values[j][i] = pass.rho;
        continue;
      }
      const r = await spearmanFewMany(conn, source, few.name, many.name, carry?.hash);
      if (carry) carry.candidates = r.repeats;
      m.values[i][j] = m.values[j][i] = r.rho;
      continue;
    }
    const withs = [`p AS (SELECT ${q(columns[i].name)} AS a, ${q(columns[j].name)} AS b FROM ${source} WHERE ${q(columns[i].name)} IS NOT NULL AND ${q(columns[j].name)} IS NOT NULL)`];
    const joins: string[] = [];
    const windows: string[] = [];
    // window ranks over p itself, before any join (ranking the joined rows was twice as slow)
    const rank = (x: 'a' | 'b', distinct: number) => {
      if (distinct > rankByCounts) {
        windows.push(`rank() OVER (ORDER BY ${x}) + count(*) OVER () * cume_dist() OVER (ORDER BY ${x}) AS w${x}`);
        return `w.w${x}`;
      }
      withs.push(`r${x} AS (SELECT v, 2 * sum(n) OVER (ORDER BY v) - (n - 1) AS r FROM (SELECT ${x} AS v, count(*) AS n FROM p GROUP BY 1))`);
      joins.push(`JOIN r${x} ON w.${x} = r${x}.v`);
      return `r${x}.r`;
    };
    const ra = rank('a', columns[i].distinct);
    const rb = rank('b', columns[j].distinct);
    const w = `(SELECT a, b${windows.map((x) => `, ${x}`).join('')} FROM p) AS w`;
    const [r] = await rows(conn, `WITH ${withs.join(', ')} SELECT corr(${ra}, ${rb}) AS rho FROM ${w} ${joins.join(' ')}`);
    m.values[i][j] = m.values[j][i] = num(r.rho);
  }
  return m;
}

/**
 * Spearman's rho of a column of few distinct values (a) and one of many (b), exactly, in one sort
 * (in SQL: what spearman falls back on where sortedPass cannot read the columns as exact doubles):
 * b's rows ranked (rank() + the running count to each row's last tie is twice its average rank),
 * summed per value of a, and a's ranks from the counts per value (a running count over them);
 * the correlation is then finished from these integer sums in BigInt. This spares a join of every
 * row to a's ranks and the window of the row count that the general query pays, and no sum is
 * rounded on the way. With `hash` (an expression of the whole row), the same sort, ordered by
 * (b, hash), also counts the rows whose hash repeats the row before: equal rows are neighbours
 * there, so this bounds the duplicate rows from above, as duplicateRowsOf's own sort by hash does.
 */
export async function spearmanFewMany(conn: DuckDBConnection, source: string, a: string, b: string, hash?: string): Promise<{ rho: number | null; repeats: number | null }> {
  const res = await conn.runAndReadAll(
    `SELECT (2 * sum(n) OVER (ORDER BY a) - (n - 1))::VARCHAR AS r, n::VARCHAR, s::VARCHAR, s2::VARCHAR${hash ? ', reps::VARCHAR' : ''}
     FROM (SELECT a, count(*) AS n, sum(rb) AS s, sum(rb * rb) AS s2${hash ? ', count_if(h = ph) AS reps' : ''}
           FROM (SELECT a, rank() OVER (ORDER BY b) + count(*) OVER (ORDER BY b) AS rb${hash ? ', h, lag(h) OVER (ORDER BY b, h) AS ph' : ''}
                 FROM (SELECT ${q(a)} AS a, ${q(b)} AS b${hash ? `, ${hash} AS h` : ''} FROM ${source} WHERE ${q(a)} IS NOT NULL AND ${q(b)} IS NOT NULL))
           GROUP BY a)`,
  );
  let n = 0n;
  let sx = 0n;
  let sxx = 0n;
  let sy = 0n;
  let syy = 0n;
  let sxy = 0n;
  let reps = 0n;
  for (const row of res.getRows()) {
    const [r, k, s, s2, rep] = row.map((v) => BigInt(String(v)));
    n += k;
    sx += k * r;
    sxx += k * r * r;
    sy += s;
    syy += s2;
    sxy += r * s;
    if (hash) reps += rep;
  }
  return { rho: rhoFromSums(n, sx, sxx, sy, syy, sxy), repeats: hash ? Number(reps) : null };
}


/** Cramér's V from a contingency table's counts: sqrt(chi² / (n · (min(rows, cols) − 1))). */
export function cramersVFromCounts(cells: { a: string; b: string; n: number }[]): number | null {
  const rowTotals = new Map<string, number>();
  const colTotals = new Map<string, number>();
  let n = 0;
  for (const c of cells) {
    rowTotals.set(c.a, (rowTotals.get(c.a) ?? 0) + c.n);
    colTotals.set(c.b, (colTotals.get(c.b) ?? 0) + c.n);
    n += c.n;
  }
  const k = Math.min(rowTotals.size, colTotals.size);
  if (k < 2 || n === 0) return null;
  const observed = new Map(cells.map((c) => [`${c.a}\u0000${c.b}`, c.n]));
  let chi2 = 0;
  for (const [a, ra] of rowTotals) {
    for (const [b, cb] of colTotals) {
      const expected = (ra * cb) / n;
      const o = observed.get(`${a}\u0000${b}`) ?? 0;
      chi2 += ((o - expected) * (o - expected)) / expected;
    }
  }
  return Math.sqrt(chi2 / (n * (k - 1)));
}

/** Cramér's V of every pair of categorical columns; DuckDB counts each pair's cells. */
export async function cramersV(conn: DuckDBConnection, source: string, columns: string[]): Promise<Matrix> {
  const m = square(columns);
  for (const [i, j] of pairs(columns.length)) {
    const a = q(columns[i]);
    const b = q(columns[j]);
    const cells = await rows(conn, `SELECT ${a}::VARCHAR AS a, ${b}::VARCHAR AS b, count(*) AS n FROM ${source} WHERE ${a} IS NOT NULL AND ${b} IS NOT NULL GROUP BY ALL`);
    m.values[i][j] = m.values[j][i] = cramersVFromCounts(cells.map((c) => ({ a: String(c.a), b: String(c.b), n: Number(c.n) })));
  }
  return m;
}

/** Most frequent combinations of missing columns shown. */
const PATTERNS = 10;

/**
 * Which columns are missing together: the most frequent sets of missing columns (over the columns
 * missing somewhere), and the correlation of their missing indicators (those missing in some
 * rows but not all), in two scans.
 */
export async function missingTogether(conn: DuckDBConnection, source: string, columns: { name: string; missing: number }[], tableRows: number): Promise<TableProfile['missing']> {
  const some = columns.filter((c) => c.missing > 0);
  if (!some.length) return { patterns: [], nullity: null };
  const flags = some.map((c, i) => `${q(c.name)} IS NULL AS m${i}`);
  const res = await rows(
    conn,
    `SELECT ${some.map((_, i) => `m${i}`).join(', ')}, count(*) AS n FROM (SELECT ${flags.join(', ')} FROM ${source})
     WHERE ${some.map((_, i) => `m${i}`).join(' OR ')} GROUP BY ALL ORDER BY n DESC, ${some.map((_, i) => `m${i}`).join(', ')} LIMIT ${PATTERNS}`,
  );
  const patterns = res.map((r) => ({ columns: some.filter((_, i) => r[`m${i}`] === true).map((c) => c.name), count: Number(r.n) }));
  const partial = some.filter((c) => c.missing < tableRows);
  let nullity: Matrix | null = null;
  if (partial.length >= 2) {
    nullity = square(partial.map((c) => c.name));
    const ps = pairs(partial.length);
    const ind = (c: string) => `(${q(c)} IS NULL)::INTEGER`;
    const [r] = await rows(conn, `SELECT ${ps.map(([i, j], k) => `corr(${ind(partial[i].name)}, ${ind(partial[j].name)}) AS c${k}`).join(', ')} FROM ${source}`);
    ps.forEach(([i, j], k) => (nullity!.values[i][j] = nullity!.values[j][i] = num(r[`c${k}`])));
  }
  return { patterns, nullity };
}
