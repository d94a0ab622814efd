import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { BulkSink, GroupPart, Pack, RecordSink, SourceGroup, SourceSpec } from '../pack.js';
import { buildWarehouse, type Leftover } from '../warehouse/warehouse.js';
import { checkBuildTarget } from '../warehouse/check.js';
import { BUILD_TABLE, REJECTS_TABLE, createTableSql, quoteIdent, type TableSpec } from '../warehouse/schema.js';
import { TableWriter, type Row } from '../warehouse/writer.js';
import { forEachLineBytes } from './lines.js';
import { StagedWriter, removeStaleStaging } from './staged-writer.js';
import { pidAlive } from '../warehouse/lock.js';
import { readCsvRecords } from './csv.js';
import { basename } from 'node:path';
import { startProgress, trackProgress, watchProgress, type Log } from './progress.js';
import { RECOPS_VERSION } from '../version.js';
import { formatTable } from '../text/table.js';
import { writeProfile } from '../profile/store.js';

export interface SourceReport {
  source: string;
  file: string;
  bytes: number;
  unit: string;
  lines: number;
  records: number;
  rows: number;
  rejected: number;
  duplicates: number;
  empty: number;
  notes: Record<string, number>;
  seconds: number;
}

export interface IngestReport {
  pack: string;
  db: string;
  sources: SourceReport[];
  tables: Record<string, number>;
  seconds: number;
  /** peak resident memory of this process so far (DuckDB's native memory included), MB */
  peakRssMB: number;
  /** files of killed builds removed by this one (`<db>.building-<pid>`, their `.wal`, a stale `<db>.wal`) */
  leftovers: Leftover[];
}

export interface IngestOptions {
  from: string;
  db: string;
  log: Log;
  /** build even when a source keeps no record or a required table ends empty (default: fail) */
  allowEmpty?: boolean;
  /**
   * false: every line through the handlers' `line` and every row through the row appender (no
   * byte-level fast paths, no staged tables). The reference build the fast one is tested against.
   */
  fast?: boolean;
  /** bytes of staged CSV per background load (default 16 MB; tests make it small to cut many pieces) */
  stagePieceBytes?: number;
}

/** What a source writes a table's rows through: DuckDB's row appender, or a staging CSV file. */
type Writer = Pick<TableWriter, 'append' | 'rows' | 'close'> & { appendCsv?: StagedWriter['appendCsv'] };

/** The raw data made an empty warehouse (or an empty required table): the build is abandoned. */
export class EmptyBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmptyBuildError';
  }
}

const EXCERPT = 200;

/** Staged rows are loaded in pieces of about this many bytes of CSV (see StagedWriter). */
const STAGE_PIECE_BYTES = 16 << 20;

/** Finds each source's raw file in `from`; fails before any work with the names it looked for. */
export function locateSources(pack: Pack, from: string): Map<SourceSpec, string> {
  if (!existsSync(from) || !statSync(from).isDirectory()) {
    throw new Error(`--from ${from} is ${existsSync(from) ? 'a file, not a folder' : 'not there'}: pass the folder holding the raw files${pack.synth ? `, or generate synthetic ones with \`recops gen ${pack.name} --out ${from}\`` : ` (pack '${pack.name}' has no generator: it reads real files only)`}`);
  }
  const found = new Map<SourceSpec, string>();
  const missing: string[] = [];
  for (const source of pack.sources) {
    const file = source.files.map((f) => join(from, f)).find((p) => existsSync(p));
    if (file) found.set(source, file);
    else missing.push(`${source.name} (one of: ${source.files.join(', ')})`);
  }
  if (missing.length) {
    throw new Error(
      `missing raw files in ${resolve(from)}: ${missing.join('; ')}.\n` +
        (pack.synth ? `Generate synthetic ones with \`recops gen ${pack.name} --out ${from}\`.` : `Pack '${pack.name}' has no generator: it reads real files only, so put them there.`),
    );
  }
  return found;
}

/**
 * Reads every raw source of a pack into a new warehouse file, atomically (see buildWarehouse).
 * Every record ends as rows or as a row of `rejects`; the returned report counts both. Fails
 * (EmptyBuildError, the previous warehouse kept) when a source keeps no record or a required
 * table ends empty, unless `allowEmpty`.
 */
export async function ingestPack(pack: Pack, opts: IngestOptions): Promise<IngestReport> {
  const { log } = opts;
  const files = locateSources(pack, opts.from);
  checkBuildTarget(opts.db);
  const started = Date.now();
  const tables: TableSpec[] = [...pack.tables, REJECTS_TABLE, BUILD_TABLE];
  const leftovers: Leftover[] = [];
  const onLeftovers = (removed: Leftover[]) => {
    for (const l of removed) log(`removed ${l.file} (${formatBytes(l.bytes)}): ${l.why}`);
    leftovers.push(...removed);
  };

  const result = await buildWarehouse(opts.db, async (conn, instance) => {
    for (const t of tables) await conn.run(createTableSql(t));
    const fast = opts.fast !== false;
    const staged = new Set(fast ? pack.sources.flatMap((s) => s.staged ?? []) : []);
    // not the warehouse's own leftovers (those are reported): temporary files elsewhere
    if (staged.size) for (const l of removeStaleStaging(pidAlive)) log(`removed ${l.file} (${formatBytes(l.bytes)}): ${l.why}`);
    // staged rows load on a connection of their own, piece by piece while the sources are still
    // read (DuckDB on one core, the readers on the other), never waiting for the appenders
    const loader = staged.size ? await instance.connect() : null;
    const writers = new Map<string, Writer>();
    const stagedWriters: StagedWriter[] = [];
    const appended: TableWriter[] = [];
    const reports: SourceReport[] = [];
    const started: StartedGroup[] = [];
    try {
      if (loader) await trackProgress(loader);
      for (const t of tables) {
        if (t === BUILD_TABLE) continue;
        if (loader && staged.has(t.name)) {
          const w = new StagedWriter(t, { conn: loader, pieceBytes: opts.stagePieceBytes ?? STAGE_PIECE_BYTES });
          stagedWriters.push(w);
          writers.set(t.name, w);
        } else {
          const w = await TableWriter.open(conn, t);
          appended.push(w);
          writers.set(t.name, w);
        }
      }
      // groups of bulk sources start now, on connections of their own, and are waited for at their turn
      const groups = fast ? await startGroups(instance, files) : new Map<SourceGroup, StartedGroup>();
      started.push(...groups.values());
      for (const [source, file] of files) {
        const group = source.group && groups.get(source.group);
        const done = group && (await groupReport(conn, group, source, writers, log));
        reports.push(done ? done : source.load ? await loadSource(conn, source, file, writers, log, fast) : await readSource(source, file, writers, log, fast));
      }
      // the appenders' rows go in now, not behind the staged loads' millions of rows
      for (const w of appended) w.close();
      appended.length = 0;
      for (const w of stagedWriters) {
        log(`${pack.name}: loading ${w.rows.toLocaleString('en-US')} staged rows into ${w.table.name}`);
        const bytes = w.bytes;
        const bar = startProgress(`${w.table.name} (staged rows)`, bytes, log);
        // the pieces loaded already, and the running load's share of the rest
        const stop = watchProgress(loader!, (p) => bar.update(w.loadedBytes + (p >= 0 ? (Math.min(p, 100) / 100) * (bytes - w.loadedBytes) : 0)));
        try {
          await w.finish(conn);
        } finally {
          stop();
          bar.stop();
        }
      }
    } finally {
      for (const g of started) await g.done.catch(() => false);
      for (const g of started) g.conn.closeSync();
      for (const w of stagedWriters) await w.settled();
      for (const w of [...appended, ...stagedWriters]) w.close();
      loader?.closeSync();
    }
    if (!opts.allowEmpty) await failOnEmptySources(conn, reports);
    if (pack.finalize) {
      log(`${pack.name}: finalizing tables`);
      await pack.finalize(conn, log);
    }
    const counts = await countRows(conn, tables);
    if (!opts.allowEmpty) failOnEmptyTables(pack, counts);
    await writeBuildInfo(conn, pack, reports);
    await writeProfile(conn, pack, log);
    counts[BUILD_TABLE.name] = reports.length;
    return { reports, tables: counts };
  }, onLeftovers);
  return {
    pack: pack.name,
    db: resolve(opts.db),
    sources: result.reports,
    tables: result.tables,
    seconds: (Date.now() - started) / 1000,
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    leftovers,
  };
}

const EMPTY_HINT = 'the build is abandoned and the previous warehouse (if any) is kept; pass --allow-empty to build it anyway';

/**
 * A source file that is empty (0 bytes), or whose every record was rejected or empty: not what
 * the pack reads. A file with no record at all but not empty (a CSV header alone, one part of a
 * split data set) passes here; its table must still end with rows (failOnEmptyTables).
 */
async function failOnEmptySources(conn: DuckDBConnection, reports: SourceReport[]): Promise<void> {
  const empty = reports.filter((r) => r.bytes === 0 || (r.records > 0 && r.rows === 0));
  if (!empty.length) return;
  const lines: string[] = [];
  for (const r of empty) {
    const n = (x: number) => x.toLocaleString('en-US');
    let what: string;
    if (r.bytes === 0) what = 'the file is empty (0 bytes)';
    else {
      what = `0 rows from ${n(r.records)} record(s): ${n(r.rejected)} rejected, ${n(r.empty)} empty, ${n(r.duplicates)} duplicate(s)`;
      const first = await conn.runAndReadAll(`SELECT line, reason FROM rejects WHERE source = ${sqlString(r.source)} ORDER BY kind <> 'invalid', line LIMIT 1`);
      const row = first.getRows()[0];
      if (row) what += `; first at line ${Number(row[0])}: ${String(row[1]).slice(0, 120)}`;
    }
    lines.push(`  ${r.source} (${r.file}): ${what}`);
  }
  throw new EmptyBuildError(
    `${empty.length === 1 ? 'a source' : `${empty.length} sources`} kept no record, so this is not ${empty.length === 1 ? 'its' : 'their'} data:\n${lines.join('\n')}\n` +
      `Check that each file is the pack's (\`recops gen <pack> --help\` names them); ${EMPTY_HINT}.`,
  );
}

/** Tables the pack needs rows in: every source's main table and the tables it marks required. */
function failOnEmptyTables(pack: Pack, counts: Record<string, number>): void {
  const needed = new Set([...pack.sources.map((s) => s.mainTable), ...pack.tables.filter((t) => t.required).map((t) => t.name)]);
  const empty = [...needed].filter((t) => counts[t] === 0);
  if (!empty.length) return;
  const from = pack.sources.filter((s) => empty.includes(s.mainTable)).map((s) => s.name);
  throw new EmptyBuildError(
    `required table${empty.length > 1 ? 's' : ''} ${empty.join(', ')} ended empty${from.length ? ` (no rows from ${from.join(', ')})` : ''}; rejects: ${(counts[REJECTS_TABLE.name] ?? 0).toLocaleString('en-US')}. ` +
      `Check the raw files in --from; ${EMPTY_HINT}.`,
  );
}

function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

function formatBytes(n: number): string {
  return n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KB` : `${n} B`;
}

function emptyReport(source: SourceSpec, file: string): SourceReport {
  return {
    source: source.name,
    file,
    bytes: statSync(file).size,
    unit: source.unit,
    lines: 0,
    records: 0,
    rows: 0,
    rejected: 0,
    duplicates: 0,
    empty: 0,
    notes: {},
    seconds: 0,
  };
}

async function readSource(source: SourceSpec, file: string, writers: Map<string, Writer>, log: Log, fast: boolean): Promise<SourceReport> {
  const started = Date.now();
  const report = emptyReport(source, file);
  const bytes = report.bytes;
  const rejects = writers.get(REJECTS_TABLE.name)!;
  const main = writers.get(source.mainTable);
  if (!main) throw new Error(`source ${source.name} names main table ${source.mainTable}, which the pack does not declare`);
  let lineNo = 0;
  let text = '';
  const rejectRow = (reason: string, kind: string, excerpt: string): Row => [source.name, lineNo, reason, excerpt.slice(0, EXCERPT), kind];
  const sink: RecordSink = {
    get lineNo() {
      return lineNo;
    },
    file: basename(file),
    row(table, row) {
      const w = writers.get(table);
      if (!w) throw new Error(`unknown table ${table}`);
      w.append(row);
    },
    csvRows(table, buf, start, end, n) {
      const w = writers.get(table);
      if (!w?.appendCsv) throw new Error(`table ${table} is not staged: write its rows with row()`);
      w.appendCsv(buf, start, end, n);
    },
    kept(n = 1) {
      report.records += n;
    },
    reject(reason, excerpt = text) {
      report.records++;
      report.rejected++;
      rejects.append(rejectRow(reason, 'invalid', excerpt));
    },
    duplicate(reason, n = 1) {
      report.records += n;
      report.duplicates += n;
      rejects.append(rejectRow(n !== 1 ? `${reason} (${n} records)` : reason, 'duplicate', text));
    },
    empty(reason, excerpt = text) {
      report.records++;
      report.empty++;
      rejects.append(rejectRow(reason, 'empty', excerpt));
    },
    note(name, n = 1) {
      report.notes[name] = (report.notes[name] ?? 0) + n;
    },
  };
  if (!source.open) throw new Error(`source ${source.name} has neither open() nor load()`);
  const mainBefore = main.rows;
  const progress = startProgress(source.name, bytes, log);
  const handler = source.open();
  const handle = (fn: () => void) => {
    try {
      fn();
    } catch (err) {
      sink.reject(`unreadable: ${(err as Error).message}`);
    }
  };
  try {
    if (source.format === 'csv') {
      if (!handler.record) throw new Error(`source ${source.name} is CSV but its handler has no record()`);
      for await (const item of (fast && source.readCsv ? source.readCsv.bind(source) : readCsvRecords)(file, (p) => progress.update(p.bytesRead))) {
        lineNo = item.line;
        text = item.raw;
        if (!item.ok) sink.reject(item.reason);
        else handle(() => handler.record!(item.record, sink));
      }
      report.lines = lineNo;
    } else {
      const line = handler.line?.bind(handler);
      if (!line) throw new Error(`source ${source.name} reads lines but its handler has no line()`);
      // the fast path only where every row it writes can go where it writes them
      const fastLine = fast && (source.staged ?? []).every((t) => writers.get(t)?.appendCsv) ? handler.bytes?.bind(handler) : undefined;
      await forEachLineBytes(
        file,
        (buf, start, end) => {
          lineNo++;
          if (fastLine && fastLine(buf, start, end, sink)) return;
          const decoded = buf.toString('utf8', start, end);
          if (decoded.length === 0 || decoded.trim().length === 0) return; // blank lines hold no record
          text = decoded;
          handle(() => line(decoded, sink));
        },
        (p) => progress.update(p.bytesRead),
      );
      report.lines = lineNo;
    }
  } catch (err) {
    // the file itself cannot be read (truncated or corrupt gzip, I/O error): the build fails
    progress.stop();
    throw new Error(`cannot read ${file} after line ${lineNo}: ${(err as Error).message}; the previous warehouse is kept`);
  }
  text = '';
  handler.end?.(sink);
  progress.stop();
  report.rows = main.rows - mainBefore;
  report.seconds = (Date.now() - started) / 1000;
  return report;
}

/**
 * A source that loads itself in bulk (SourceSpec.load). Its rows are counted in the table, not
 * trusted from the loader; its rejects go to `rejects` like any other source's.
 */
async function loadSource(conn: DuckDBConnection, source: SourceSpec, file: string, writers: Map<string, Writer>, log: Log, fast: boolean): Promise<SourceReport> {
  const started = Date.now();
  const report = emptyReport(source, file);
  const rejects = writers.get(REJECTS_TABLE.name)!;
  if (!writers.has(source.mainTable)) throw new Error(`source ${source.name} names main table ${source.mainTable}, which the pack does not declare`);
  const rowsBefore = await tableRows(conn, source.mainTable);
  const progress = startProgress(source.name, report.bytes, log);
  const sink = bulkSink(source, report, fast, (row) => rejects.append(row), (bytes) => progress.update(bytes));
  try {
    await source.load!(conn, file, sink);
  } catch (err) {
    throw new Error(`cannot load ${file} after line ${report.lines}: ${(err as Error).message}; the previous warehouse is kept`);
  } finally {
    progress.stop();
  }
  report.rows = (await tableRows(conn, source.mainTable)) - rowsBefore;
  report.seconds = (Date.now() - started) / 1000;
  return report;
}

/** What a bulk loader reports through: its records and notes into `report`, each reject as a row of `rejects` to `reject`. */
function bulkSink(source: SourceSpec, report: SourceReport, fast: boolean, reject: (row: Row) => void, onBytes?: (bytesRead: number) => void): BulkSink {
  return {
    file: basename(report.file),
    fast,
    kept(n) {
      report.records += n;
    },
    reject(line, reason, excerpt) {
      report.records++;
      report.rejected++;
      reject([source.name, line, reason, excerpt.slice(0, EXCERPT), 'invalid']);
    },
    note(name, n = 1) {
      report.notes[name] = (report.notes[name] ?? 0) + n;
    },
    progress(bytesRead, lines) {
      report.lines = lines;
      onBytes?.(bytesRead);
    },
  };
}

/** A group of bulk sources being loaded (SourceSpec.group), and what each of its sources reports. */
interface StartedGroup {
  group: SourceGroup;
  conn: DuckDBConnection;
  table: string;
  rowsBefore: number;
  bytes: number;
  /** bytes read so far, as the group tells them */
  read: number;
  started: number;
  done: Promise<boolean>;
  parts: Map<SourceSpec, { report: SourceReport; rows: number; rejects: Row[] }>;
  /** true once the group loaded its sources and their rows were checked against the table */
  checked: boolean;
}

/**
 * Starts every group of bulk sources (SourceSpec.group) on a connection of its own. The group's
 * sources must all `load` into one main table that no other source writes, so that what the
 * table gained is theirs.
 */
async function startGroups(instance: DuckDBInstance, files: Map<SourceSpec, string>): Promise<Map<SourceGroup, StartedGroup>> {
  const groups = new Map<SourceGroup, StartedGroup>();
  for (const [source, file] of files) {
    if (!source.group) continue;
    let g = groups.get(source.group);
    if (!g) {
      const conn = await instance.connect();
      g = { group: source.group, conn, table: source.mainTable, rowsBefore: await tableRows(conn, source.mainTable), bytes: 0, read: 0, started: Date.now(), done: Promise.resolve(false), parts: new Map(), checked: false };
      groups.set(source.group, g);
    }
    if (!source.load || source.mainTable !== g.table) throw new Error(`source ${source.name} is in group ${source.group.name} but ${source.load ? `writes ${source.mainTable}, not ${g.table}` : 'has no load()'}`);
    const report = emptyReport(source, file);
    g.bytes += report.bytes;
    g.parts.set(source, { report, rows: 0, rejects: [] });
  }
  for (const g of groups.values()) {
    const others = [...files.keys()].filter((s) => s.group !== g.group && s.mainTable === g.table);
    if (others.length) throw new Error(`group ${g.group.name} loads ${g.table}, which ${others.map((s) => s.name).join(', ')} also write${others.length === 1 ? 's' : ''}`);
    const parts: GroupPart[] = [...g.parts].map(([source, part]) => ({ source, file: part.report.file, sink: groupSink(source, part) }));
    g.done = g.group.load(g.conn, parts, (bytes) => (g!.read = bytes));
    g.done.catch(() => undefined); // reported when its first source's turn comes
  }
  return groups;
}

/** A grouped source's sink: its rejects held until its turn, its bytes read counted by the group. */
function groupSink(source: SourceSpec, part: { report: SourceReport; rows: number; rejects: Row[] }): GroupPart['sink'] {
  return {
    ...bulkSink(source, part.report, true, (row) => part.rejects.push(row)),
    rows(n) {
      part.rows += n;
    },
  };
}

/**
 * At a grouped source's turn: waits for its group (a bar for what is left of it); when the group
 * loaded its sources, checks once that their rows are what the table gained, then writes this
 * source's rejects and gives its report (its seconds: its share, by bytes, of the group's time);
 * null when the group left its sources to be loaded one by one.
 */
async function groupReport(conn: DuckDBConnection, g: StartedGroup, source: SourceSpec, writers: Map<string, Writer>, log: Log): Promise<SourceReport | null> {
  if (!g.checked) {
    const label = `${g.group.name} (${g.parts.size} files)`;
    const bar = startProgress(label, g.bytes, log);
    const timer = setInterval(() => bar.update(g.read), 200);
    let loaded: boolean;
    try {
      loaded = await g.done;
    } catch (err) {
      throw new Error(`cannot load ${label}: ${(err as Error).message}; the previous warehouse is kept`);
    } finally {
      clearInterval(timer);
      bar.stop();
    }
    if (!loaded) return null;
    const gained = (await tableRows(conn, g.table)) - g.rowsBefore;
    const told = [...g.parts.values()].reduce((a, p) => a + p.rows, 0);
    if (gained !== told) throw new Error(`group ${g.group.name}: its sources told ${told} rows, ${g.table} gained ${gained}; the previous warehouse is kept`);
    const seconds = (Date.now() - g.started) / 1000;
    for (const p of g.parts.values()) {
      p.report.rows = p.rows;
      p.report.seconds = g.bytes ? (seconds * p.report.bytes) / g.bytes : 0;
    }
    g.checked = true;
  } else if (!(await g.done)) return null;
  const part = g.parts.get(source)!;
  const rejects = writers.get(REJECTS_TABLE.name)!;
  for (const r of part.rejects) rejects.append(r);
  return part.report;
}

async function tableRows(conn: DuckDBConnection, table: string): Promise<number> {
  const res = await conn.runAndReadAll(`SELECT count(*) FROM ${quoteIdent(table)}`);
  return Number(res.getRows()[0][0]);
}

async function writeBuildInfo(conn: DuckDBConnection, pack: Pack, reports: SourceReport[]): Promise<void> {
  const builtAt = new Date().toISOString().replace('T', ' ').replace('Z', '');
  const w = await TableWriter.open(conn, BUILD_TABLE);
  for (const r of reports) {
    w.append([pack.name, builtAt, r.source, r.bytes, r.lines, r.records, r.rows, r.rejected, r.duplicates, RECOPS_VERSION]);
  }
  w.close();
}

async function countRows(conn: DuckDBConnection, tables: TableSpec[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const t of tables) {
    const res = await conn.runAndReadAll(`SELECT count(*) FROM "${t.name}"`);
    counts[t.name] = Number(res.getRows()[0][0]);
  }
  return counts;
}

/** The report as the aligned table `recops ingest` prints. */
export function formatIngestReport(report: IngestReport): string {
  const head = ['source', 'unit', 'lines read', 'records', 'rows written', 'rejected', 'duplicates', 'empty', 'seconds'];
  const rows = report.sources.map((s) => [
    s.source,
    s.unit,
    s.lines.toLocaleString('en-US'),
    s.records.toLocaleString('en-US'),
    s.rows.toLocaleString('en-US'),
    s.rejected.toLocaleString('en-US'),
    s.duplicates.toLocaleString('en-US'),
    s.empty.toLocaleString('en-US'),
    s.seconds.toFixed(1),
  ]);
  const out = formatTable(head, rows, (i) => i < 2);
  for (const s of report.sources) {
    const notes = Object.entries(s.notes);
    if (notes.length) out.push(`${s.source}: ` + notes.map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`).join(', '));
  }
  out.push(
    'tables: ' +
      Object.entries(report.tables)
        .map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`)
        .join(', '),
  );
  if (report.leftovers.length) out.push(`removed ${report.leftovers.length} leftover file(s) of killed builds: ${report.leftovers.map((l) => `${basename(l.file)} (${formatBytes(l.bytes)})`).join(', ')}`);
  out.push(`warehouse ${report.db} built in ${report.seconds.toFixed(1)} s, peak memory ${report.peakRssMB} MB`);
  return out.join('\n');
}
