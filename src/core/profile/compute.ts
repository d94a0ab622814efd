import type { DuckDBConnection } from '@duckdb/node-api';
import type { ColumnSpec, TableSpec } from '../warehouse/schema.js';
import { profileBooleans, profileDates, profileLists, profileNumeric, profileText } from './columns.js';
import { carryingPair, cramersV, missingTogether, pairKey, pearson, spearman, type RepeatCheck } from './interactions.js';
import { duplicatesAmongTies, exactAsDouble, integerRangeOf, sortedPass, SORTED_PASS_MAX_ROWS, type SortedPass } from './sorted.js';
import type { SortedProvider } from './columns.js';
import { alertsFor } from './alerts.js';
import { num, q, rows } from './sql.js';
import { PROFILE_SCHEMA_VERSION, type ColumnKind, type ColumnProfile, type NumericColumn, type Overview, type Profile, type ProfileView, type TableProfile, type ViewResult } from './types.js';

/** What a profile is computed from: a pack's name, title, clean tables and own views (no pack code). */
export interface ProfileInput {
  pack: string;
  title: string;
  tables: TableSpec[];
  views?: ProfileView[];
}

const VIEW_TEMP = 'temp.recops_profile_view';
/** DuckDB's memory limit while a profile is computed (restored after). */
export const PROFILE_MEMORY_LIMIT = '512MB';
/** Rows of a bar/line view kept in the profile. */
const VIEW_ROWS = 200;
/** Reject reasons listed in the overview. */
const REJECT_REASONS = 25;
/** Columns of a correlation or association matrix, at most (the first ones in declared order). */
const MATRIX_MAX = 15;

export function kindOf(type: string): ColumnKind {
  switch (type) {
    case 'INTEGER':
    case 'BIGINT':
    case 'DOUBLE':
    case 'TINYINT':
      return 'numeric';
    case 'DATE':
    case 'TIMESTAMP':
      return 'date';
    case 'BOOLEAN':
      return 'boolean';
    case 'VARCHAR[]':
      return 'list';
    default:
      return 'text';
  }
}

/** The numeric columns of the correlation matrices: not identifiers, not constant, the first MATRIX_MAX. */
const matrixColumns = (columns: NumericColumn[]) => columns.filter((c) => !c.identifier && c.std !== null && c.std > 0).slice(0, MATRIX_MAX);

/** The hash of a whole row: equal rows have equal hashes. */
const rowHash = (columns: ColumnSpec[]) => `hash(${columns.map((c) => q(c.name)).join(', ')})`;

/**
 * Rows that repeat an earlier row exactly. Equal rows have equal hashes, so sorting the rows'
 * hashes finds every candidate (a sort of 64-bit numbers: cheaper than a DISTINCT over whole
 * rows); only the rows whose hash repeats are then compared in full, so the count is exact.
 * `candidates`: a count of such rows found by another sort that puts equal rows side by side
 * (spearman's, see RepeatCheck): when 0, no row repeats and this sort is spared.
 */
export async function duplicateRowsOf(conn: DuckDBConnection, source: string, columns: ColumnSpec[], candidates: number | null = null): Promise<number> {
  const h = rowHash(columns);
  const repeated = `SELECT h FROM (SELECT h, lag(h) OVER (ORDER BY h) AS prev FROM (SELECT ${h} AS h FROM ${source})) WHERE h = prev`;
  if (candidates === null) [{ n: candidates }] = (await rows(conn, `SELECT count(*) AS n FROM (${repeated})`)) as { n: number }[];
  if (!Number(candidates)) return 0;
  const [{ dup }] = await rows(
    conn,
    `WITH c AS (SELECT * FROM ${source} WHERE ${h} IN (${repeated}))
     SELECT (SELECT count(*) FROM c) - (SELECT count(*) FROM (SELECT DISTINCT * FROM c)) AS dup`,
  );
  return Number(dup);
}

/** Profiles one table (or any relation: `source` is SQL naming it) with DuckDB's aggregates. */
export async function profileTable(
  conn: DuckDBConnection,
  spec: TableSpec,
  source = q(spec.name),
  /** the thresholds of the paths (columns through their value counts, ranks by counts), lowered by tests to take the big-table paths on small tables */
  opts: { countsUpTo?: number; rankByCounts?: number } = {},
): Promise<TableProfile> {
  const [{ n }] = await rows(conn, `SELECT count(*) AS n FROM ${source}`);
  const b = { table: spec.name, rows: Number(n) };
  const of = (kind: ColumnKind) => spec.columns.filter((c) => kindOf(c.type) === kind);
  const profiled = new Map<string, ColumnProfile>();
  const add = (cs: ColumnProfile[]) => cs.forEach((c) => profiled.set(c.name, c));
  // the Spearman pair that sorts a many-valued column anyway gives it its quantiles and histogram too
  const passes = new Map<string, SortedPass>();
  const sorted: SortedProvider = async (cols, i, at, bins) => {
    const pair = carryingPair(matrixColumns(cols), b.rows, opts.rankByCounts);
    const few = cols.find((c) => c.name === pair?.few);
    if (!pair || !few || pair.many !== cols[i].name || !exactAsDouble(few) || !exactAsDouble(cols[i]) || cols[i].count > SORTED_PASS_MAX_ROWS) return null;
    const r = await sortedPass(conn, source, few.name, cols[i].name, { ties: true, positions: at, bins, integerRange: integerRangeOf(cols[i]) });
    passes.set(pairKey(few.name, cols[i].name), r);
    return r.rows === cols[i].count ? { orderStats: r.orderStats, histogram: r.histogram! } : null;
  };
  add(await profileNumeric(conn, source, of('numeric'), b, { sorted, countsUpTo: opts.countsUpTo }));
  add(await profileDates(conn, source, of('date'), b));
  add(await profileText(conn, source, of('text'), b));
  add(await profileLists(conn, source, of('list'), b));
  add(await profileBooleans(conn, source, of('boolean'), b));
  const columns = spec.columns.map((c) => profiled.get(c.name)!);

  const numeric = matrixColumns(columns.filter((c): c is NumericColumn => c.kind === 'numeric'));
  const categorical = columns.filter((c) => (c.kind === 'text' && c.categorical) || (c.kind === 'boolean' && c.distinct === 2)).map((c) => c.name).slice(0, MATRIX_MAX);
  const pearsonM = numeric.length >= 2 ? await pearson(conn, source, numeric.map((c) => c.name)) : null;
  // Spearman's sort of a many-valued column also says where repeated rows can be (its ties), sparing a sort of every row's hash
  const repeats: RepeatCheck = { hash: rowHash(spec.columns), rows: b.rows, candidates: null };
  const spearmanM = numeric.length >= 2 ? await spearman(conn, source, numeric, opts.rankByCounts, repeats, passes) : null;
  return {
    name: spec.name,
    doc: spec.doc,
    rows: b.rows,
    duplicateRows: repeats.ties ? await duplicatesAmongTies(conn, source, repeats.ties.column, repeats.ties.values) : await duplicateRowsOf(conn, source, spec.columns, repeats.candidates),
    columns,
    pearson: pearsonM,
    spearman: spearmanM,
    cramersV: categorical.length >= 2 ? await cramersV(conn, source, categorical) : null,
    missing: await missingTogether(conn, source, columns, b.rows),
  };
}

async function overviewOf(conn: DuckDBConnection, tables: TableProfile[]): Promise<Overview> {
  const build = await rows(conn, `SELECT source, max(built_at)::VARCHAR AS built_at, any_value(recops_version) AS version, sum(bytes) AS bytes, sum(lines) AS lines, sum(records) AS records, sum(rows) AS rows, sum(rejected) AS rejected, sum(duplicates) AS duplicates FROM build_info GROUP BY source ORDER BY min(rowid)`);
  const empties = new Map((await rows(conn, `SELECT source, count(*) AS n FROM rejects WHERE kind = 'empty' GROUP BY source`)).map((r) => [String(r.source), Number(r.n)]));
  const reasons = await rows(conn, `SELECT source, kind, reason, count(*) AS n FROM rejects GROUP BY ALL ORDER BY n DESC, source, kind, reason`);
  const totalRejects = reasons.reduce((a, r) => a + Number(r.n), 0);
  const listed = reasons.slice(0, REJECT_REASONS).map((r) => ({ source: String(r.source), kind: String(r.kind), reason: String(r.reason), count: Number(r.n) }));
  return {
    builtAt: build.length ? String(build[0].built_at) : null,
    recopsVersion: build.length ? String(build[0].version) : null,
    fileBytes: null,
    tables: tables.map((t) => ({ name: t.name, doc: t.doc, rows: t.rows, columns: t.columns.length, duplicateRows: t.duplicateRows })),
    rows: tables.reduce((a, t) => a + t.rows, 0),
    columns: tables.reduce((a, t) => a + t.columns.length, 0),
    sources: build.map((r) => {
      const empty = empties.get(String(r.source)) ?? 0;
      const records = Number(r.records);
      const rejected = Number(r.rejected);
      const duplicates = Number(r.duplicates);
      return { source: String(r.source), bytes: Number(r.bytes), lines: Number(r.lines), records, kept: records - rejected - duplicates - empty, rows: Number(r.rows), rejected, duplicates, empty };
    }),
    rejectsByReason: listed,
    rejectsOther: totalRejects - listed.reduce((a, r) => a + r.count, 0),
  };
}

export async function runView(conn: DuckDBConnection, view: ProfileView): Promise<ViewResult> {
  const started = Date.now();
  const result: ViewResult = { title: view.title, chart: view.chart, note: view.note ?? null, log: view.log ?? false, columns: [], rows: [], numeric: null, error: null, seconds: 0 };
  try {
    if (view.chart === 'histogram') {
      const res = await conn.runAndReadAll(`SELECT * FROM (${view.sql}) LIMIT 0`);
      const name = res.columnNames()[0];
      const spec: ColumnSpec = { name, type: 'DOUBLE', doc: view.title };
      // the values once into a temporary table (allowed on a read-only warehouse too): the
      // statistics scan them five times, and a view is often a GROUP BY over millions of rows
      await conn.run(`CREATE OR REPLACE TEMP TABLE ${VIEW_TEMP} AS SELECT ${q(name)}::DOUBLE AS ${q(name)} FROM (${view.sql})`);
      try {
        const [{ n }] = await rows(conn, `SELECT count(*) AS n FROM ${VIEW_TEMP}`);
        [result.numeric] = await profileNumeric(conn, VIEW_TEMP, [spec], { table: view.title, rows: Number(n) }, { forceLog: view.log });
      } finally {
        await conn.run(`DROP TABLE IF EXISTS ${VIEW_TEMP}`);
      }
      result.columns = [name];
    } else {
      const res = await conn.runAndReadAll(`SELECT * FROM (${view.sql}) LIMIT ${VIEW_ROWS}`);
      result.columns = res.columnNames();
      result.rows = res.getRowsJS().map((r) => r.map((v, i) => (i === 0 ? (v === null ? null : String(v)) : typeof v === 'bigint' || typeof v === 'number' ? num(v) : v === null ? null : String(v))));
    }
  } catch (err) {
    result.error = (err as Error).message;
  }
  result.seconds = (Date.now() - started) / 1000;
  return result;
}

/**
 * The profile of a warehouse's clean tables (`input.tables`, not the prepared `api_*` ones; the
 * ingest's accounting from `build_info` and `rejects`), and the pack's own views. Every figure is
 * an aggregate DuckDB computes over all rows: no row comes into JS.
 */
export async function computeProfile(conn: DuckDBConnection, input: ProfileInput, log: (m: string) => void = () => {}): Promise<Profile> {
  const [{ limit }] = await rows(conn, `SELECT current_setting('memory_limit') AS limit`);
  // DuckDB's own limit is 80 % of the machine; sorts and hash tables past this spill to disk
  // instead, which keeps a profile of the 11 M ratings within its memory budget at no cost in time
  await conn.run(`SET memory_limit = '${PROFILE_MEMORY_LIMIT}'`);
  try {
    return await compute(conn, input, log);
  } finally {
    await conn.run(`SET memory_limit = '${String(limit)}'`);
  }
}

async function compute(conn: DuckDBConnection, input: ProfileInput, log: (m: string) => void): Promise<Profile> {
  const started = Date.now();
  const tables: TableProfile[] = [];
  for (const spec of input.tables) {
    const t0 = Date.now();
    log(`profile: ${spec.name}…`);
    tables.push(await profileTable(conn, spec));
    const t = tables[tables.length - 1];
    log(`profile: ${spec.name}: ${t.rows.toLocaleString('en-US')} rows × ${t.columns.length} columns in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  const views: ViewResult[] = [];
  for (const v of input.views ?? []) {
    views.push(await runView(conn, v));
    const r = views[views.length - 1];
    if (r.error) log(`profile: view '${v.title}' failed: ${r.error}`);
  }
  if (input.views?.length) log(`profile: ${input.views.length} views in ${views.reduce((a, v) => a + v.seconds, 0).toFixed(1)} s`);
  return {
    schemaVersion: PROFILE_SCHEMA_VERSION,
    pack: input.pack,
    title: input.title,
    computedAt: new Date().toISOString(),
    seconds: (Date.now() - started) / 1000,
    approximations: tables.flatMap((t) => t.columns.filter((c) => !c.distinctExact).map((c) => `${t.name}.${c.name}: distinct ≈ ${c.distinct.toLocaleString('en-US')}, a HyperLogLog estimate (typically within a few %; the README says how far)`)),
    overview: await overviewOf(conn, tables),
    tables,
    alerts: alertsFor(tables),
    views,
  };
}
