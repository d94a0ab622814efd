/**
 * The streaming raw files and how each record becomes rows: the four title catalogues through
 * the core's CSV reader (23 k records), and the eight ratings files through a bulk loader of
 * their own (11 M records; see loadRatings for why).
 */
import { existsSync, statSync } from 'node:fs';
// type-only: the loaders get a connection (DuckDB already loaded) and take its values from that module; a replica never loads it
import type { DuckDBDataChunk, DuckDBAppender, DuckDBConnection, DuckDBVector } from '@duckdb/node-api';
type DuckDB = typeof import('@duckdb/node-api');
import type { BulkSink, GroupPart, SourceGroup, SourceHandler, SourceSpec } from '../../core/pack.js';
import type { RecordSink } from '../../core/pack.js';
import { withQueryProgress } from '../../core/ingest/progress.js';
import { fieldBytes, readCsvFast, type FieldBytes } from '../../core/ingest/csv-fast.js';
import { digits, listJson } from '../../core/ingest/staged-writer.js';
import { cleanText, cleanTextCsv, cleanTitleKeys, listCsv, splitList, TITLE_COLUMNS, type TitleKeys } from './clean.js';
import { cleanTitleRecord, parseHeader, parseRatingLine, ratingLayout, TITLE_FILES, type Platform, type RatingLayout, type RatingRow } from './clean.js';
import { RATINGS } from './tables.js';
import { TITLES } from './tables.js';
import { EXCERPT, openBytes, scanInWorkers, scanRatings, type RatingsScan } from './ratings-scan.js';

function titlesSource(platform: Platform): SourceSpec {
  const file = TITLE_FILES[platform];
  return {
    name: file.replace(/\.csv$/, ''),
    files: [file, file + '.gz'],
    unit: 'title',
    mainTable: 'titles',
    format: 'csv',
    // the catalogues' '\r\n' CSV read from bytes, and their rows staged as CSV for DuckDB's reader:
    // csv-parse and the row appender (a native call per value, a list value built per row) were
    // most of their time
    readCsv: readCsvFast,
    staged: ['titles'],
    open(): SourceHandler {
      const seen = new Set<string>();
      const row = new RowBytes();
      // per record class (one per header): whether its records have the 12 columns as bytes
      const bytesOk = new Map<object, boolean>();
      return {
        record(raw, sink) {
          const proto = Object.getPrototypeOf(raw) as object;
          let fast = bytesOk.get(proto);
          if (fast === undefined) {
            fast = TITLE_COLUMNS.every((c) => c in raw) && fieldBytes(raw, 'show_id') !== null;
            bytesOk.set(proto, fast);
          }
          if (fast) return titleBytes(platform, raw, sink, seen, row);
          // the rows written as bytes so far go first: the table keeps the file's order
          row.flush(sink);
          const r = cleanTitleRecord(platform, raw);
          if (!r.ok) return sink.reject(r.reason);
          for (const note of r.notes) sink.note(note);
          const t = r.title;
          if (seen.has(t.id)) return sink.duplicate(`duplicate show_id ${t.showId}`);
          seen.add(t.id);
          sink.row('titles', [
            t.id,
            t.platform,
            t.showId,
            t.type,
            t.title,
            t.director,
            t.cast,
            t.castMembers,
            t.country,
            t.countries,
            t.dateAdded,
            t.releaseYear,
            t.rating,
            t.duration?.durationInt ?? null,
            t.duration?.durationType ?? null,
            r.listedIn,
            r.genres,
            r.description,
            null, // score: finalize computes it from the ratings
            0,
          ]);
          sink.kept();
        },
        end(sink) {
          row.flush(sink);
        },
      };
    },
  };
}

/** The `titles` columns in the order titleBytes writes them. */
const TITLE_ROW = 'id platform show_id type title director cast cast_members country countries date_added release_year rating duration_int duration_type listed_in genres description score ratings_count';
let titleOrderChecked = false;

function checkTitleOrder(): void {
  const order = TITLES.columns.map((c) => c.name).join(' ');
  if (order !== TITLE_ROW) throw new Error(`titleBytes writes the titles columns ${TITLE_ROW}, not ${order}`);
  titleOrderChecked = true;
}

/** Staged rows are handed to the table's writer this many bytes at a time, not a native copy per row. */
const ROWS_FLUSH = 1 << 16;

/** Rows of staged CSV being written (grown to fit), handed to the sink in batches. */
class RowBytes {
  buf = Buffer.allocUnsafe(2 * ROWS_FLUSH);
  p = 0;
  rows = 0;
  /** the last cell decoded (a list cell is also a text cell), and its string */
  private decodedCell: FieldBytes | null = null;
  private decoded = '';

  /** The rows written so far to `titles`. */
  flush(sink: RecordSink): void {
    if (this.rows > 0) sink.csvRows('titles', this.buf, 0, this.p, this.rows);
    this.p = 0;
    this.rows = 0;
  }

  private decode(f: FieldBytes): string {
    if (this.decodedCell !== f) {
      this.decoded = f.buf.toString('utf8', f.start, f.end);
      this.decodedCell = f;
    }
    return this.decoded;
  }

  /** Room for n more bytes. */
  room(n: number): Buffer {
    if (this.p + n > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(2 * this.buf.length, this.p + n));
      this.buf.copy(bigger, 0, 0, this.p);
      this.buf = bigger;
    }
    return this.buf;
  }

  /** A string cell (NULL for null), quoted as staged-writer.ts quotes it. */
  text(s: string | null): void {
    const out = this.room(s === null ? 1 : 6 * s.length + 3);
    if (s !== null) {
      out[this.p++] = 34;
      this.p += out.write(s.includes('"') ? s.replaceAll('"', '""') : s, this.p, 'utf8');
      out[this.p++] = 34;
    }
    out[this.p++] = 44;
  }

  /** A non-negative integer cell (NULL for null). */
  int(n: number | null): void {
    const out = this.room(24);
    if (n !== null) this.p = digits(out, n, this.p);
    out[this.p++] = 44;
  }

  /** cleanText of a cell, from its bytes when they are plain ASCII. */
  cleanText(f: FieldBytes): void {
    const out = this.room(2 * (f.end - f.start) + 3);
    const p = cleanTextCsv(f.buf, f.start, f.end, out, this.p);
    if (p < 0) return this.text(cleanText(this.decode(f)));
    this.p = p;
    out[this.p++] = 44;
  }

  /** splitList of a cell as JSON text, from its bytes when they are plain ASCII. */
  list(f: FieldBytes): void {
    const out = this.room(6 * (f.end - f.start) + 9);
    const p = listCsv(f.buf, f.start, f.end, out, this.p);
    if (p < 0) return this.text(listJson(splitList(this.decode(f))));
    this.p = p;
    out[this.p++] = 44;
  }
}

/**
 * One title of a fast CSV record (csv-fast's readCsvFast) as the `record` handler's reference
 * path makes it, with the same rejects, notes and duplicates: the short cells as strings
 * (clean.ts cleanTitleKeys), the text and list cells cleaned from their bytes into a row of
 * staged CSV, so that no string is made of most of the record.
 */
function titleBytes(platform: Platform, raw: Record<string, string>, sink: RecordSink, seen: Set<string>, row: RowBytes): void {
  // the cells are written by position: a reordered table declaration must not go unnoticed
  if (!titleOrderChecked) checkTitleOrder();
  const keys = cleanTitleKeys(platform, raw.show_id, raw.rating, raw.duration, raw.date_added, raw.release_year);
  if (!keys.ok) return sink.reject(keys.reason);
  for (const note of keys.notes) sink.note(note);
  if (seen.has(keys.id)) return sink.duplicate(`duplicate show_id ${keys.showId}`);
  seen.add(keys.id);
  // a field's bytes are valid until the next fieldBytes call: each is written before the next
  const cell = (c: string) => fieldBytes(raw, c)!;
  const start = row.p;
  try {
    titleRow(platform, keys, cell, row);
  } catch (err) {
    // no half row in the batch (the core rejects the record with the error)
    row.p = start;
    throw err;
  }
  row.rows++;
  if (row.p >= ROWS_FLUSH) row.flush(sink);
  sink.kept();
}

/** The cells of one row of `titles` in staged CSV, in TITLE_ROW's order. */
function titleRow(platform: Platform, keys: TitleKeys & { ok: true }, cell: (c: string) => FieldBytes, row: RowBytes): void {
  row.text(keys.id);
  row.text(platform);
  row.text(keys.showId);
  row.cleanText(cell('type'));
  row.cleanText(cell('title'));
  row.cleanText(cell('director'));
  const cast = cell('cast');
  row.cleanText(cast);
  row.list(cast);
  const country = cell('country');
  row.cleanText(country);
  row.list(country);
  row.text(keys.dateAdded);
  row.int(keys.releaseYear);
  row.text(keys.rating);
  row.int(keys.duration?.durationInt ?? null);
  row.text(keys.duration?.durationType ?? null);
  const listedIn = cell('listed_in');
  row.cleanText(listedIn);
  row.list(listedIn);
  row.cleanText(cell('description'));
  // score NULL (an empty cell: finalize computes it from the ratings), ratings_count 0, the row's end
  const out = row.room(3);
  out[row.p++] = 44;
  out[row.p++] = 48;
  out[row.p++] = 10;
}

export const titleSources: SourceSpec[] = (['amazon', 'disney', 'hulu', 'netflix'] as const).map(titlesSource);

// =============================================================================================
// Ratings

/** DuckDB's vector size: a data chunk holds at most this many rows. */
const CHUNK_ROWS = 2048;

/**
 * Appends ratings to the `ratings` table a data chunk (2,048 rows) at a time: numbers go into
 * typed vectors in JS and reach DuckDB in one call per chunk, where a row-by-row appender makes
 * five native calls per row (measured: ~24 s of the 11 M-row budget against ~9 s).
 */
class RatingsChunkWriter {
  private chunk!: DuckDBDataChunk;
  private vectors!: DuckDBVector[];
  private fill = 0;
  rows = 0;

  private constructor(
    private readonly duckdb: DuckDB,
    private readonly appender: DuckDBAppender,
  ) {
    this.fresh();
  }

  static async open(conn: DuckDBConnection): Promise<RatingsChunkWriter> {
    // the vectors are filled by position: a reordered table declaration must not go unnoticed
    const order = RATINGS.columns.map((c) => `${c.name} ${c.type}`).join(', ');
    if (order !== 'user_id INTEGER, movie_id VARCHAR, rating DOUBLE, timestamp BIGINT') throw new Error(`RatingsChunkWriter expects the ratings columns it fills, not ${order}`);
    return new RatingsChunkWriter(await import('@duckdb/node-api'), await conn.createAppender(RATINGS.name));
  }

  /** Column order of RATINGS: user_id, movie_id, rating, timestamp. */
  append(r: RatingRow): void {
    const [user, movie, rating, ts] = this.vectors;
    const i = this.fill;
    user.setItem(i, r.userId);
    movie.setItem(i, r.movieId);
    rating.setItem(i, r.rating);
    ts.setItem(i, BigInt(r.timestamp));
    if (++this.fill === CHUNK_ROWS) this.flush();
  }

  close(): void {
    this.flush();
    this.appender.closeSync();
  }

  private fresh(): void {
    const { DuckDBDataChunk, INTEGER, VARCHAR, DOUBLE, BIGINT } = this.duckdb;
    this.chunk = DuckDBDataChunk.create([INTEGER, VARCHAR, DOUBLE, BIGINT], CHUNK_ROWS);
    this.vectors = [0, 1, 2, 3].map((c) => this.chunk.getColumnVector(c));
    this.fill = 0;
  }

  private flush(): void {
    if (this.fill === 0) return;
    for (const v of this.vectors) v.flush();
    // the vectors' data is in the native chunk now; a last, short chunk is cut to its rows
    if (this.fill < CHUNK_ROWS) this.chunk.rowCount = this.fill;
    this.appender.appendDataChunk(this.chunk);
    this.rows += this.fill;
    this.fresh();
  }
}


/**
 * Reads one ratings file (plain or .gz) from bytes: lines are cut from 1 MB buffers and parsed
 * in place (clean.ts parseRatingLine), good rows go to DuckDB in data chunks, bad ones to
 * `rejects` with their line. The core's CSV reader (csv-parse, an object per record) needs ~160 s
 * for 11 M rows and its line reader ~40 s with row appends; this takes ~17 s on 2 cores.
 * Blank lines hold no record and are skipped; '\r\n' is accepted. The reference for what a
 * line becomes, and the path of any file the bulk loader (loadRatings) does not take whole.
 */
export async function loadRatingsByRows(conn: DuckDBConnection, path: string, sink: BulkSink): Promise<void> {
  const writer = await RatingsChunkWriter.open(conn);
  const input = openBytes(path);
  const row: RatingRow = { userId: 0, movieId: '', rating: 0, timestamp: 0 };
  let layout: RatingLayout | null = null;
  let lineNo = 0;
  let rest: Buffer | null = null;
  const handle = (buf: Buffer, start: number, end: number) => {
    lineNo++;
    if (end > start && buf[end - 1] === 13) end--;
    if (end === start) return; // blank line
    if (!layout) {
      const header = parseHeader(buf, start, end);
      const l = typeof header === 'string' ? `an unreadable header: ${header}` : ratingLayout(header);
      if (typeof l === 'string') throw new Error(l);
      layout = l;
      return;
    }
    const why = parseRatingLine(buf, start, end, layout, row);
    if (why === null) writer.append(row);
    else sink.reject(lineNo, why, buf.toString('utf8', start, Math.min(end, start + EXCERPT)));
  };
  try {
    for await (const piece of input.stream) {
      const buf: Buffer = rest ? Buffer.concat([rest, piece as Buffer]) : (piece as Buffer);
      let start = 0;
      for (let nl = buf.indexOf(10, start); nl !== -1; nl = buf.indexOf(10, start)) {
        handle(buf, start, nl);
        start = nl + 1;
      }
      rest = start < buf.length ? Buffer.from(buf.subarray(start)) : null;
      sink.progress(input.bytesRead(), lineNo);
    }
    if (rest) handle(rest, 0, rest.length); // a last line without '\n'
  } finally {
    input.close();
    writer.close();
  }
  sink.progress(input.bytesRead(), lineNo);
  sink.kept(writer.rows);
}

/**
 * Compression DuckDB does not try in this build (a setting of the build's own instance, not
 * stored in the file): FSST on `movie_id` (short ids such as 'hs1502') cost CPU compressing at
 * the insert and the checkpoint and decompressing in every scan of finalize and the data
 * profile; the ids go into dictionaries instead, for a somewhat larger file (README "Ingest
 * speed" has the figures).
 */
export const RATINGS_NO_COMPRESSION = 'fsst';

/**
 * One ratings file into `ratings`, DuckDB's C++ reader doing the bulk of the work. This thread
 * reads the file once: it numbers the lines, counts the plain ones (clean.ts
 * isPlainRatingLine: the shape of nearly every line) and gives every other line to
 * parseRatingLine, which rejects it with its line and reason as the row path does. Then one
 * `INSERT … SELECT` over the file read as lines (`read_csv` with one column, no quoting) keeps
 * every line but those others (excluded by their text: a set lookup where a pattern match per
 * line cost more) and casts its fields, on DuckDB's threads, in a transaction committed only when
 * it inserted as many rows as the scan counted plain lines. A file the scan finds unfit is read
 * by loadRatingsByRows instead: a line that is good but not plain (its row would have to sit
 * between the plain rows), a '\r' or a byte 0x01 (DuckDB's line reader would cut the lines
 * otherwise), more than MAX_ODD_LINES other lines; so is one DuckDB refuses (invalid UTF-8). The
 * table holds the same rows in the same order either way (test/packs/streaming/equivalence.test.ts).
 */
export async function loadRatings(conn: DuckDBConnection, path: string, sink: BulkSink): Promise<void> {
  await conn.run(`SET disabled_compression_methods = '${RATINGS_NO_COMPRESSION}'`);
  if (sink.fast === false) return loadRatingsByRows(conn, path, sink);
  const size = statSync(path).size;
  // the bar: the scan's bytes (done already when it was read ahead), then the insert's own progress
  const scan = await (takeScanAhead(conn, path) ?? scanRatings(path, (bytes, lines) => sink.progress(bytes / 2, lines)));
  let fallback = scan.fallback;
  // the next file's scan runs on this thread while DuckDB's threads insert this one
  if (!fallback) scanAhead(conn, path);
  if (!fallback) fallback = await insertScanned(conn, [path], [scan], (percent) => sink.progress(size / 2 + (percent / 200) * size, scan.lines));
  bulkFallbacks.set(path, fallback);
  if (fallback) return loadRatingsByRows(conn, path, sink);
  for (const r of scan.rejects) sink.reject(r.line, r.reason, r.excerpt);
  sink.progress(size, scan.lines);
  sink.kept(scan.plain);
}

/** Scans started ahead, per build (its connection): the next ratings file's, by path. */
const scansAhead = new WeakMap<DuckDBConnection, Map<string, Promise<RatingsScan>>>();

/**
 * Starts the scan of the ratings file of the source after `path`'s (ratingSources' next one, the
 * first of its files found, as locateSources picks), for loadRatings of that file to take. A scan
 * has no effect but its result: one never taken is dropped with its build's connection.
 */
function scanAhead(conn: DuckDBConnection, path: string): void {
  const k = ratingSources.findIndex((s) => s.files.some((f) => path.endsWith(`/${f}`)));
  if (k < 0 || k + 1 >= ratingSources.length) return;
  const root = path.slice(0, path.length - ratingSources[k].files.find((f) => path.endsWith(`/${f}`))!.length);
  const next = ratingSources[k + 1].files.map((f) => root + f).find((p) => existsSync(p));
  if (!next) return;
  const scan = scanRatings(next, () => {});
  scan.catch(() => undefined); // its error is the load's to report, when it takes the scan
  let ahead = scansAhead.get(conn);
  if (!ahead) scansAhead.set(conn, (ahead = new Map()));
  ahead.set(next, scan);
}

function takeScanAhead(conn: DuckDBConnection, path: string): Promise<RatingsScan> | undefined {
  const ahead = scansAhead.get(conn);
  const scan = ahead?.get(path);
  ahead?.delete(path);
  scannedAhead.set(path, scan !== undefined);
  return scan;
}

/** Whether loadRatings last took a file's scan (by path) ready, read while the file before it was inserted: for the tests. */
export const scannedAhead = new Map<string, boolean>();

/**
 * Inserts the plain lines of `paths` (one statement over all of them: DuckDB then writes whole
 * row groups once, where one statement per file left each file's last row group to be rewritten
 * at the checkpoint) in a transaction left open; resolves to the rows inserted or the error. Each
 * file's lines are checked against that file's odd lines only (a list looked through per line).
 */
async function insertPlainRatings(conn: DuckDBConnection, paths: string[], layout: RatingLayout, odd: Set<string>[]): Promise<number | Error> {
  const field = (k: number) => `f[${k + 1}]`;
  const { LIST, VARCHAR, listValue } = await import('@duckdb/node-api');
  const oddOf = paths.length === 1 ? '$odd0' : `CASE filename ${paths.map((p, k) => `WHEN ${sqlString(p)} THEN $odd${k}`).join(' ')} END`;
  try {
    await conn.run('BEGIN TRANSACTION');
    const result = await conn.run(
      `INSERT INTO ${RATINGS.name} (user_id, movie_id, rating, timestamp) ` +
        `SELECT ${field(layout.userId)}::INTEGER, ${field(layout.movieId)}, ${field(layout.rating)}::DOUBLE, ${field(layout.timestamp)}::BIGINT ` +
        `FROM (SELECT string_split(line, ',') AS f ` +
        `FROM read_csv([${paths.map(sqlString).join(', ')}], columns = {'line': 'VARCHAR'}, header = false, delim = chr(1), quote = '', escape = '', new_line = '\\n', auto_detect = false, strict_mode = false${paths.length === 1 ? '' : ', filename = true'}) ` +
        `WHERE line IS NOT NULL AND NOT list_contains(${oddOf}, line))`,
      Object.fromEntries(odd.map((o, k) => [`odd${k}`, listValue([...o])])),
      Object.fromEntries(odd.map((_, k) => [`odd${k}`, LIST(VARCHAR)])),
    );
    return result.rowsChanged;
  } catch (err) {
    return err as Error;
  }
}

/** Inserts the scanned plain lines of `paths` and commits when the count is the scans', else rolls back; why not, or null. */
async function insertScanned(conn: DuckDBConnection, paths: string[], scans: RatingsScan[], onPercent: (percent: number) => void): Promise<string | null> {
  const plain = scans.reduce((a, s) => a + s.plain, 0);
  return withQueryProgress(conn, onPercent, async () => {
    const inserted = await insertPlainRatings(conn, paths, scans[0].layout!, scans.map((s) => s.odd));
    const why = typeof inserted !== 'number' ? `DuckDB's read: ${inserted.message.split('\n')[0]}` : inserted !== plain ? `${inserted} plain rows inserted where the scans counted ${plain}` : null;
    if (why) await conn.run('ROLLBACK').catch(() => undefined); // nothing to undo when it failed before BEGIN
    else await conn.run('COMMIT');
    return why;
  });
}

/** Why loadRatings last read a file (by path) row by row, null when it loaded it in bulk: for the tests. */
export const bulkFallbacks = new Map<string, string | null>();

/**
 * The eight ratings files in one `INSERT … SELECT` (insertPlainRatings): scanned first on worker
 * threads (scanInWorkers) while the build's thread reads the title files, then inserted together
 * when every file can go in bulk with the same column order, which costs DuckDB less than a
 * statement per file (README "Ingest speed" has the figures). Otherwise nothing is written, and each file
 * is loaded by loadRatings at its turn, as when loaded alone.
 */
export async function loadRatingsTogether(conn: DuckDBConnection, parts: GroupPart[], progress: (bytesRead: number) => void): Promise<boolean> {
  const paths = parts.map((p) => p.file);
  const sizes = paths.map((p) => statSync(p).size);
  const total = sizes.reduce((a, b) => a + b, 0);
  const scanned = await scanInWorkers(paths, (read) => progress(read / 2));
  const scans = scanned.filter((s): s is RatingsScan => !(s instanceof Error));
  const first = scans[0]?.layout;
  const same = (l: RatingLayout) => (Object.keys(l) as (keyof RatingLayout)[]).every((k) => l[k] === first![k]);
  let why =
    scanned.map((s, k) => (s instanceof Error ? `${paths[k]}: ${s.message}` : s.fallback ? `${paths[k]}: ${s.fallback}` : null)).find((w) => w !== null) ??
    (scans.every((s) => same(s.layout!)) ? null : 'the files do not all have the same columns in the same order');
  if (!why) {
    await conn.run(`SET disabled_compression_methods = '${RATINGS_NO_COMPRESSION}'`);
    why = await insertScanned(conn, paths, scans, (percent) => progress(total / 2 + (percent / 200) * total));
  }
  groupFallback.why = why;
  if (why) return false;
  parts.forEach(({ sink }, k) => {
    for (const r of scans[k].rejects) sink.reject(r.line, r.reason, r.excerpt);
    sink.progress(sizes[k], scans[k].lines);
    sink.kept(scans[k].plain);
    sink.rows(scans[k].plain);
  });
  return true;
}

/** Why the last loadRatingsTogether left the files to be loaded one by one, null when it loaded them: for the tests. */
export const groupFallback: { why: string | null | undefined } = { why: undefined };

const ratingsGroup: SourceGroup = { name: 'ratings', load: loadRatingsTogether };

function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/** ratings/1.csv … ratings/8.csv: one source each, all into the one `ratings` table. */
export const ratingSources: SourceSpec[] = [1, 2, 3, 4, 5, 6, 7, 8].map((k) => ({
  name: `ratings_${k}`,
  files: [`ratings/${k}.csv`, `ratings/${k}.csv.gz`],
  unit: 'rating',
  mainTable: RATINGS.name,
  load: loadRatings,
  group: ratingsGroup,
}));
