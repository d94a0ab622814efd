/**
 * The JS side of the streaming ratings' bulk load (sources.ts loadRatings): one pass over a
 * ratings file's bytes that numbers its lines, counts the plain ones and gives every other line
 * to parseRatingLine. Kept apart from the loaders (no DuckDB here) so that worker threads can run
 * it (ratings-scan-worker.ts).
 */
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { openRaw, type RawInput } from '../../core/ingest/lines.js';
import { startWorker, workerUrl } from '../../core/models/pool.js';
import { isPlainRatingLine, parseHeader, parseRatingLine, plainRatingKinds, ratingLayout, type RatingLayout, type RatingRow } from './clean.js';

const READ_CHUNK = 1 << 20;
/** Characters of a rejected line kept as its excerpt. */
export const EXCERPT = 200;

/** A ratings file's bytes (plain or .gz) in 1 MB pieces. */
export function openBytes(path: string): RawInput {
  return openRaw(path, { chunk: READ_CHUNK, gunzip: { chunkSize: READ_CHUNK } });
}

/** A file's odd lines (not plain: see clean.ts isPlainRatingLine) kept in memory at most; beyond, the row path reads it. */
const MAX_ODD_LINES = 10_000;

export interface RatingsScan {
  /** null: the bulk load cannot be trusted with this file (why, for tests); the row path reads it */
  fallback: string | null;
  layout: RatingLayout | null;
  lines: number;
  plain: number;
  /** the text of every non-blank line that is not plain (the header's too): what the insert leaves out */
  odd: Set<string>;
  rejects: { line: number; reason: string; excerpt: string }[];
}

/**
 * Reads a ratings file's lines as loadRatings needs them: the header, the count of plain lines,
 * the text of every other non-blank line (the header's too) and parseRatingLine's reject of each.
 * Stops early when the file cannot be loaded in bulk.
 */
export async function scanRatings(path: string, onRead: (bytes: number, lines: number) => void): Promise<RatingsScan> {
  const input = openBytes(path);
  const out: RatingsScan = { fallback: null, layout: null, lines: 0, plain: 0, odd: new Set(), rejects: [] };
  const row: RatingRow = { userId: 0, movieId: '', rating: 0, timestamp: 0 };
  let kinds: Uint8Array | null = null;
  let lineNo = 0;
  let rest: Buffer | null = null;
  const handle = (buf: Buffer, start: number, end: number) => {
    lineNo++;
    if (end === start) return; // blank line (DuckDB reads it as NULL)
    if (kinds) {
      if (isPlainRatingLine(buf, start, end, kinds)) {
        out.plain++;
        return;
      }
      const why = parseRatingLine(buf, start, end, out.layout!, row);
      if (why === null) out.fallback = `line ${lineNo} is good but not plain`;
      else if (out.rejects.length === MAX_ODD_LINES) out.fallback = `more than ${MAX_ODD_LINES} lines are not plain`;
      else {
        out.odd.add(buf.toString('utf8', start, end));
        out.rejects.push({ line: lineNo, reason: why, excerpt: buf.toString('utf8', start, Math.min(end, start + EXCERPT)) });
      }
      return;
    }
    const header = parseHeader(buf, start, end);
    const l = typeof header === 'string' ? `an unreadable header: ${header}` : ratingLayout(header);
    if (typeof l === 'string') throw new Error(l);
    out.layout = l;
    out.odd.add(buf.toString('utf8', start, end));
    kinds = plainRatingKinds(l);
    if (!kinds) out.fallback = `the header has ${l.fields} fields`;
  };
  try {
    for await (const piece of input.stream) {
      const buf: Buffer = rest ? Buffer.concat([rest, piece as Buffer]) : (piece as Buffer);
      // DuckDB's line reader also ends a line at '\r', and 0x01 is its field delimiter here
      if (buf.indexOf(13) !== -1) out.fallback = "a '\\r' in the file";
      else if (buf.indexOf(1) !== -1) out.fallback = 'a byte 0x01 in the file';
      let start = 0;
      for (let nl = buf.indexOf(10, start); nl !== -1 && !out.fallback; nl = buf.indexOf(10, start)) {
        handle(buf, start, nl);
        start = nl + 1;
      }
      if (out.fallback) break;
      rest = start < buf.length ? Buffer.from(buf.subarray(start)) : null;
      onRead(input.bytesRead(), lineNo);
    }
    if (rest && !out.fallback) handle(rest, 0, rest.length); // a last line without '\n'
  } finally {
    input.close();
  }
  if (!out.layout && !out.fallback) out.fallback = 'no header';
  out.lines = lineNo;
  return out;
}

/**
 * Scans `paths` on worker threads (one per core, at most one per file; each takes whole files,
 * balanced by size): the scans are JS work that this spreads over the cores while the build's
 * own thread reads the other sources. A file whose
 * scan fails (a header without the columns) answers its error, as the scan on this thread would
 * throw it. `onRead` hears the bytes read so far, over all the files.
 */
export async function scanInWorkers(paths: string[], onRead: (bytes: number) => void): Promise<(RatingsScan | Error)[]> {
  const n = Math.min(paths.length, availableParallelism(), MAX_SCAN_WORKERS);
  const load = new Array<number>(n).fill(0);
  const tasks: { index: number; path: string }[][] = Array.from({ length: n }, () => []);
  paths.forEach((path, index) => {
    const w = load.indexOf(Math.min(...load));
    load[w] += statSync(path).size;
    tasks[w].push({ index, path });
  });
  const out = new Array<RatingsScan | Error>(paths.length);
  let read = 0;
  const workers = tasks.map(() => startWorker(workerUrl(import.meta.url, 'ratings-scan-worker')));
  try {
    await Promise.all(
      workers.map(
        (w, k) =>
          new Promise<void>((resolve, reject) => {
            let left = tasks[k].length;
            w.on('error', reject);
            w.on('exit', (code) => (left ? reject(new Error(`a ratings scan thread stopped (exit code ${code})`)) : resolve()));
            w.on('message', (m: { read?: number; index?: number; scan?: RatingsScan; error?: string }) => {
              if (m.read !== undefined) return onRead((read += m.read));
              out[m.index!] = m.error !== undefined ? new Error(m.error) : m.scan!;
              if (--left === 0) resolve();
            });
            w.postMessage({ files: tasks[k] });
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return out;
}

/** Scan threads at most (the scans are shared by whole files; more threads than cores only compete). */
const MAX_SCAN_WORKERS = 4;
