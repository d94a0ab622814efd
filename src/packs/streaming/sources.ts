/**
 * The streaming raw files and how each record becomes rows: the four title catalogues through
 * the core's CSV reader (23 k records), and the eight ratings files through a bulk loader of
 * their own (11 M records; see loadRatings for why).
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { DuckDBDataChunk, BIGINT, DOUBLE, INTEGER, VARCHAR, type DuckDBAppender, type DuckDBConnection, type DuckDBVector } from '@duckdb/node-api';
import type { BulkSink, SourceHandler, SourceSpec } from '../../core/pack.js';
import { cleanTitleRecord, parseHeader, parseRatingLine, ratingLayout, TITLE_FILES, type Platform, type RatingLayout, type RatingRow } from './clean.js';
import { RATINGS } from './tables.js';

function titlesSource(platform: Platform): SourceSpec {
  const file = TITLE_FILES[platform];
  return {
    name: file.replace(/\.csv$/, ''),
    files: [file, file + '.gz'],
    unit: 'title',
    mainTable: 'titles',
    format: 'csv',
    open(): SourceHandler {
      const seen = new Set<string>();
      return {
        record(raw, sink) {
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
      };
    },
  };
}

export const titleSources: SourceSpec[] = (['amazon', 'disney', 'hulu', 'netflix'] as const).map(titlesSource);

// =============================================================================================
// Ratings

/** DuckDB's vector size: a data chunk holds at most this many rows. */
const CHUNK_ROWS = 2048;
const READ_CHUNK = 1 << 20;
const EXCERPT = 200;

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

  private constructor(private readonly appender: DuckDBAppender) {
    this.fresh();
  }

  static async open(conn: DuckDBConnection): Promise<RatingsChunkWriter> {
    // the vectors are filled by position: a reordered table declaration must not go unnoticed
    const order = RATINGS.columns.map((c) => `${c.name} ${c.type}`).join(', ');
    if (order !== 'user_id INTEGER, movie_id VARCHAR, rating DOUBLE, timestamp BIGINT') throw new Error(`RatingsChunkWriter expects the ratings columns it fills, not ${order}`);
    return new RatingsChunkWriter(await conn.createAppender(RATINGS.name));
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

function openBytes(path: string): { stream: Readable; bytesRead: () => number; close: () => void } {
  const file = createReadStream(path, { highWaterMark: READ_CHUNK });
  let bytes = 0;
  file.on('data', (c) => (bytes += c.length));
  const stream: Readable = path.endsWith('.gz') ? file.pipe(createGunzip({ chunkSize: READ_CHUNK })) : file;
  file.on('error', (err) => stream.destroy(err));
  return {
    stream,
    bytesRead: () => bytes,
    close: () => {
      file.destroy();
      stream.destroy();
    },
  };
}

/**
 * Reads one ratings file (plain or .gz) from bytes: lines are cut from 1 MB buffers and parsed
 * in place (clean.ts parseRatingLine), good rows go to DuckDB in data chunks, bad ones to
 * `rejects` with their line. The core's CSV reader (csv-parse, an object per record) needs ~160 s
 * for 11 M rows and its line reader ~40 s with row appends; this takes ~17 s on 2 cores.
 * Blank lines hold no record and are skipped; '\r\n' is accepted.
 */
export async function loadRatings(conn: DuckDBConnection, path: string, sink: BulkSink): Promise<void> {
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

/** ratings/1.csv … ratings/8.csv: one source each, all into the one `ratings` table. */
export const ratingSources: SourceSpec[] = [1, 2, 3, 4, 5, 6, 7, 8].map((k) => ({
  name: `ratings_${k}`,
  files: [`ratings/${k}.csv`, `ratings/${k}.csv.gz`],
  unit: 'rating',
  mainTable: RATINGS.name,
  load: loadRatings,
}));
