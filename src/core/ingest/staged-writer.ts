import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdent, type ColumnType, type TableSpec } from '../warehouse/schema.js';
import type { Row } from '../warehouse/writer.js';

// Column types whose CSV text DuckDB reads back to exactly the value the row appender would
// have stored. A DATE is given as ISO text both ways (the appender casts it, read_csv parses it).
// A list of strings is given as JSON text, which the load casts (JSON's escapes carry any
// string). TIMESTAMP stays with the row appender (TableWriter).
const CSV_TYPES: Partial<Record<ColumnType, true>> = { VARCHAR: true, TEXT: true, INTEGER: true, BIGINT: true, DOUBLE: true, BOOLEAN: true, TINYINT: true, DATE: true, 'VARCHAR[]': true };

type WellFormed = string & { toWellFormed(): string };

/**
 * A list of strings as JSON text. A lone surrogate becomes U+FFFD first, as the row appender
 * stores it (as UTF-8 does); DuckDB's JSON reader refuses one escaped.
 */
export function listJson(list: readonly string[]): string {
  return JSON.stringify(list.map((x) => (x as WellFormed).toWellFormed()));
}

/** True when every column of `table` can go through a StagedWriter. */
export function chunkable(table: TableSpec): boolean {
  return table.columns.every((c) => CSV_TYPES[c.type]);
}

const BUFFER_BYTES = 1 << 20;
const STAGE_PREFIX = 'recops-stage-';

/**
 * Staging folders (`recops-stage-<pid>-…` in the temporary folder) of ingests that were killed
 * before they could remove them (hundreds of MB at full scale): removed, with what they held.
 * A folder whose process still runs is another ingest's, and kept.
 */
export function removeStaleStaging(alive: (pid: number) => boolean): { file: string; bytes: number; why: string }[] {
  const removed: { file: string; bytes: number; why: string }[] = [];
  const dir = tmpdir();
  for (const name of readdirSync(dir)) {
    const m = new RegExp(`^${STAGE_PREFIX}(\\d+)-`).exec(name);
    if (!m || Number(m[1]) === process.pid || alive(Number(m[1]))) continue;
    const folder = join(dir, name);
    let bytes = 0;
    try {
      for (const f of readdirSync(folder)) bytes += statSync(join(folder, f)).size;
      rmSync(folder, { recursive: true, force: true });
      removed.push({ file: folder, bytes, why: `staging rows of an ingest (pid ${m[1]}) that was killed` });
    } catch {
      // another user's folder, or gone meanwhile: not ours to report
    }
  }
  return removed;
}

/**
 * Writes a table through a staging CSV file that DuckDB's own (parallel, C++) CSV reader loads
 * into the table at the end. The row appender makes one native call per value and one per row
 * (the second cost of the Steam libraries' ingest after parsing); the data-chunk vectors of
 * @duckdb/node-api one per string, and they kept the JS heap growing. Here a row is a line of
 * bytes in a buffer that is written a megabyte at a time.
 *
 * Same `append(row)` and `rows` as TableWriter, rows land in the same order (DuckDB keeps the
 * insertion order of a file it reads), and every value reads back as what the appender stores:
 * strings are quoted with `"` doubled (so an empty string stays '' and NULL is an empty field,
 * with quoted nulls off), numbers are written as JS prints them, NaN and infinities as DuckDB
 * spells them. `finish` loads the file; `close` always removes it.
 *
 * With `background` (a connection of its own, so the loads never wait for the caller's
 * appenders nor block them), the file is cut into pieces of about `pieceBytes` and each piece
 * is loaded as soon as it is complete, one after another in order, while the caller goes on
 * writing rows: DuckDB stores the first millions of rows on the other core while the reader
 * parses the next ones. The table holds the same rows in the same order either way.
 */
export class StagedWriter {
  rows = 0;
  private readonly out = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;
  private longest = 0;
  private readonly dir: string;
  private file: string;
  private fd: number | null;
  private readonly kinds: ('s' | 'n' | 'd' | 'b')[];
  /** the columns that are lists (written as JSON text, a string to the CSV) */
  private readonly lists: number[];
  /** bytes written to the current piece's file */
  private pieceBytes = 0;
  /** bytes in pieces whose file is complete, and in those loaded */
  private cutBytes = 0;
  private doneBytes = 0;
  private pieces = 0;
  /** pieces loaded by the background loads */
  loadedPieces = 0;
  /** the background loads, in order; rejected once one fails (the later ones are skipped) */
  private loading: Promise<void> = Promise.resolve();

  constructor(
    readonly table: TableSpec,
    private readonly background?: { conn: DuckDBConnection; pieceBytes: number },
  ) {
    if (!chunkable(table)) throw new Error(`table ${table.name} has a column CSV cannot carry exactly; use TableWriter`);
    this.kinds = table.columns.map((c) => (c.type === 'VARCHAR' || c.type === 'TEXT' || c.type === 'DATE' || c.type === 'VARCHAR[]' ? 's' : c.type === 'DOUBLE' ? 'd' : c.type === 'BOOLEAN' ? 'b' : 'n'));
    this.lists = table.columns.flatMap((c, i) => (c.type === 'VARCHAR[]' ? [i] : []));
    this.dir = mkdtempSync(join(tmpdir(), `${STAGE_PREFIX}${process.pid}-`));
    this.file = this.pieceFile();
    this.fd = openSync(this.file, 'w');
  }

  private pieceFile(): string {
    return join(this.dir, `${this.table.name}-${this.pieces}.csv`);
  }

  append(row: Row): void {
    const kinds = this.kinds;
    if (row.length !== kinds.length) {
      throw new Error(`table ${this.table.name} has ${kinds.length} columns, got a row of ${row.length}`);
    }
    if (this.lists.length) {
      const text = row.slice();
      for (const c of this.lists) if (text[c] !== null && text[c] !== undefined) text[c] = listJson(text[c] as readonly string[]);
      row = text;
    }
    // Written as bytes straight into the buffer, not kept as a string: a row's strings are
    // often slices of the decoded text they came from, and V8 keeps that whole text alive as
    // long as a slice lives (rejects' excerpts buffered as text held much of the libraries' file).
    let need = 1;
    for (let c = 0; c < kinds.length; c++) {
      const v = row[c];
      need += kinds[c] === 's' && typeof v === 'string' ? 6 * v.length + 3 : 32;
    }
    if (this.used + need > BUFFER_BYTES) {
      this.flush();
      if (need > BUFFER_BYTES) return this.appendLong(row);
    }
    const out = this.out;
    const start = this.used;
    let p = start;
    for (let c = 0; c < kinds.length; c++) {
      if (c > 0) out[p++] = 44;
      const v = row[c];
      if (v === null || v === undefined) continue;
      switch (kinds[c]) {
        case 's': {
          const str = v as string;
          out[p++] = 34;
          if (str.length > 24) {
            // a long string (a review, an excerpt) in one native call; a short one (an id) char by char
            p += out.write(str.includes('"') ? str.replaceAll('"', '""') : str, p, 'utf8');
          } else {
            for (let k = 0; k < str.length; k++) {
              const ch = str.charCodeAt(k);
              if (ch >= 128) {
                p += out.write(str.slice(k).replaceAll('"', '""'), p, 'utf8');
                break;
              }
              out[p++] = ch;
              if (ch === 34) out[p++] = 34;
            }
          }
          out[p++] = 34;
          break;
        }
        case 'n':
          p = (v as number) >= 0 && Number.isSafeInteger(v) ? digits(out, v as number, p) : ascii(out, String(v), p);
          break;
        case 'd': {
          const d = v as number;
          p = ascii(out, d === d ? (d === Infinity ? 'inf' : d === -Infinity ? '-inf' : String(d)) : 'nan', p);
          break;
        }
        default:
          p = ascii(out, v ? 'true' : 'false', p);
      }
    }
    out[p++] = 10;
    if (p - start > this.longest) this.longest = p - start;
    this.used = p;
    this.rows++;
  }

  /**
   * `n` rows already in this file's CSV form (a reader that cuts its values from raw bytes
   * writes them without making strings), buf[start, end), each ending in '\n'.
   */
  appendCsv(buf: Buffer, start: number, end: number, n: number): void {
    const len = end - start;
    // no line of the piece is longer than the piece: a bound for read_csv's line limit
    if (len > this.longest) this.longest = len;
    this.rows += n;
    if (this.used + len > BUFFER_BYTES) {
      this.flush();
      if (len > BUFFER_BYTES) {
        this.write(buf, start, len);
        return;
      }
    }
    buf.copy(this.out, this.used, start, end);
    this.used += len;
  }

  /** A row longer than the buffer: as text, written at once. */
  private appendLong(row: Row): void {
    let line = '';
    for (let c = 0; c < this.kinds.length; c++) {
      if (c > 0) line += ',';
      const v = row[c];
      if (v === null || v === undefined) continue;
      const k = this.kinds[c];
      const d = v as number;
      line += k === 's' ? '"' + (v as string).replaceAll('"', '""') + '"' : k === 'b' ? (v ? 'true' : 'false') : k === 'd' && d !== d ? 'nan' : k === 'd' && !Number.isFinite(d) ? (d > 0 ? 'inf' : '-inf') : String(v);
    }
    line += '\n';
    const bytes = Buffer.byteLength(line);
    if (bytes > this.longest) this.longest = bytes;
    this.write(Buffer.from(line, 'utf8'), 0, bytes);
    this.rows++;
  }

  /** Bytes staged so far (what the loads read). */
  get bytes(): number {
    return this.cutBytes + this.pieceBytes + this.used;
  }

  /** Bytes already loaded into the table by the background loads. */
  get loadedBytes(): number {
    return this.doneBytes;
  }

  /**
   * Loads the staged rows into the table (call once, after the last append): the rest of the
   * file on `conn` (on the background connection when there is one, after the pieces before it).
   */
  async finish(conn: DuckDBConnection): Promise<void> {
    this.flush();
    closeSync(this.fd!);
    this.fd = null;
    if (this.pieceBytes > 0) this.cut(false);
    await this.loading;
    if (this.background || this.pieceBytes === 0) return;
    await loadStagedCsv(conn, this.table, this.file, this.longest);
  }

  /** Waits for the background loads under way, whatever their outcome (before the connection closes). */
  async settled(): Promise<void> {
    await this.loading.catch(() => {});
  }

  /** Removes the staging files (whether or not they were loaded). */
  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    this.used = 0;
    rmSync(this.dir, { recursive: true, force: true });
  }

  private flush(): void {
    if (this.used === 0) return;
    this.write(this.out, 0, this.used);
    this.used = 0;
  }

  private write(buf: Buffer, start: number, len: number): void {
    writeSync(this.fd!, buf, start, len);
    this.pieceBytes += len;
    if (this.background && this.pieceBytes >= this.background.pieceBytes) this.cut(true);
  }

  /** The current piece is complete: queued for loading in the background; `next`: a new piece is opened. */
  private cut(next: boolean): void {
    const bg = this.background;
    if (!bg) return;
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    const { table, file, longest } = this;
    const bytes = this.pieceBytes;
    this.cutBytes += bytes;
    this.pieceBytes = 0;
    this.loading = this.loading.then(async () => {
      await loadStagedCsv(bg.conn, table, file, longest);
      this.doneBytes += bytes;
      this.loadedPieces++;
      rmSync(file, { force: true });
    });
    // a failed load is reported by finish (or ignored by settled); never an unhandled rejection
    this.loading.catch(() => {});
    if (!next) return;
    this.pieces++;
    this.file = this.pieceFile();
    this.fd = openSync(this.file, 'w');
  }
}

/**
 * Appends a CSV file written as StagedWriter writes it (the table's columns in order, no header,
 * strings in '"' with '"' doubled, NULL an empty field) to `table`, in the file's order.
 * `longestLine` is the longest line in bytes (0 when unknown and under 2 MB).
 */
export async function loadStagedCsv(conn: DuckDBConnection, table: TableSpec, file: string, longestLine: number): Promise<void> {
  const columns = table.columns.map((c) => `${sqlString(c.name)}: ${sqlString(c.type === 'TEXT' || c.type === 'VARCHAR[]' ? 'VARCHAR' : c.type)}`).join(', ');
  const values = table.columns.map((c) => (c.type === 'VARCHAR[]' ? `CAST(CAST(${quoteIdent(c.name)} AS JSON) AS VARCHAR[])` : quoteIdent(c.name))).join(', ');
  const maxLine = Math.max(2_097_152, longestLine + 16);
  await conn.run(
    `INSERT INTO ${quoteIdent(table.name)} SELECT ${values} FROM read_csv(${sqlString(file)}, columns = {${columns}}, header = false, auto_detect = false, ` +
      `delim = ',', quote = '"', escape = '"', new_line = '\\n', allow_quoted_nulls = false, strict_mode = true, max_line_size = ${maxLine}, buffer_size = ${Math.max(16 * maxLine, 33_554_432)})`,
  );
}

/** A non-negative integer's decimal digits at `p`; the position after them. */
export function digits(out: Buffer, n: number, p: number): number {
  if (n < 10) {
    out[p] = 48 + n;
    return p + 1;
  }
  let len = 0;
  if (n < 2147483648) {
    // int32 arithmetic: the hot case (counts, ids, minutes)
    for (let m = n; m >= 1; m = (m / 10) | 0) len++;
    for (let k = p + len - 1; k >= p; k--) {
      const q = (n / 10) | 0;
      out[k] = 48 + n - q * 10;
      n = q;
    }
    return p + len;
  }
  for (let m = n; m >= 1; m = Math.floor(m / 10)) len++;
  for (let k = p + len - 1; k >= p; k--) {
    out[k] = 48 + (n % 10);
    n = Math.floor(n / 10);
  }
  return p + len;
}

function ascii(out: Buffer, s: string, p: number): number {
  for (let k = 0; k < s.length; k++) out[p++] = s.charCodeAt(k);
  return p;
}

function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}
