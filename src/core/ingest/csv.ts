import { parse, type Options } from 'csv-parse';
import { openRaw, type LineProgress } from './lines.js';

export type CsvItem =
  | { ok: true; record: Record<string, string>; line: number; raw: string }
  | { ok: false; reason: string; line: number; raw: string };

/** A record as csv-parse hands it out with `info` and `raw`. */
interface Parsed {
  record: string[];
  raw: string;
  info: { lines: number; records: number };
}

/**
 * Streams a CSV file (plain or .gz; quoted fields may span lines) as header-keyed records, with
 * the line each record starts on. Records that cannot be parsed, or whose field count differs
 * from the header's, come out as `ok: false` with a reason, so the caller can reject them
 * instead of losing them. Parsing is csv-parse's.
 */
export async function* readCsvRecords(path: string, onProgress?: (p: LineProgress) => void): AsyncGenerator<CsvItem> {
  const input = openRaw(path, { chunk: 1 << 20, onProgress });
  const text = input.stream;
  const skipped: CsvItem[] = [];
  // csv-parse counts a CRLF inside a quoted field as two lines (it visits the '\r' and the '\n'),
  // so its line numbers drift by one per such CRLF (the real streaming catalogues have them);
  // `overcount` is that drift so far, taken back off every line number. It is counted as the
  // parser meets the records (on_record, and the 'skip' event of an unreadable one), in file
  // order: an unreadable record is handed out before the good ones parsed ahead of it in the
  // same chunk, and its CRLFs must not shift their lines.
  let overcount = 0;
  const options: Options<unknown, unknown> = {
    bom: true,
    info: true,
    raw: true,
    relax_column_count: true,
    skip_records_with_error: true,
    skip_empty_lines: true,
    // with `info` and `raw` the record comes as csv-parse's { record, raw, info }
    on_record: (parsed: unknown): unknown => {
      const item = parsed as Parsed;
      // raw holds any skipped blank lines before the record and its final newline; info.lines
      // is the line the record ends on
      const raw = item.raw.replace(/^(?:[ \t]*\r?\n)+/, '').replace(/\r?\n$/, '');
      overcount += quotedCrlfs(item.raw);
      return { ...item, raw, line: item.info.lines - overcount - (raw.match(/\n/g)?.length ?? 0) };
    },
  };
  const parser = parse(options as Options);
  parser.on('skip', (err: Error & { lines?: number; raw?: string }) => {
    overcount += quotedCrlfs(err.raw ?? '');
    skipped.push({ ok: false, reason: `unreadable CSV: ${err.message}`, line: (err.lines ?? 0) - overcount, raw: err.raw ?? '' });
  });
  text.pipe(parser);
  let header: string[] | null = null;
  try {
    for await (const item of parser as AsyncIterable<Parsed & { line: number }>) {
      while (skipped.length) yield skipped.shift()!;
      const { raw, line } = item;
      if (!header) {
        header = item.record.map((h) => h.trim());
        continue;
      }
      if (item.record.length !== header.length) {
        yield { ok: false, reason: `${item.record.length} fields where the header has ${header.length}`, line, raw };
        continue;
      }
      const record: Record<string, string> = {};
      for (let i = 0; i < header.length; i++) record[header[i]] = item.record[i];
      yield { ok: true, record, line, raw };
    }
    while (skipped.length) yield skipped.shift()!;
  } finally {
    input.close();
  }
}

/**
 * CRLFs inside a record's quoted fields, as they appear in csv-parse's raw text: a CRLF that ends
 * the record is in raw as '\r' alone (the parser skips its '\n'), so every '\r\n' is an inner one.
 */
function quotedCrlfs(raw: string): number {
  let n = 0;
  for (let i = raw.indexOf('\r\n'); i !== -1; i = raw.indexOf('\r\n', i + 2)) n++;
  return n;
}

/** The header of a CSV file (first record), to check columns before reading. */
export async function readCsvHeader(path: string): Promise<string[]> {
  for await (const item of readCsvRecordsRawHeader(path)) return item;
  return [];
}

async function* readCsvRecordsRawHeader(path: string): AsyncGenerator<string[]> {
  const input = openRaw(path);
  const text = input.stream;
  const parser = parse({ bom: true, to_line: 1, relax_column_count: true });
  text.pipe(parser);
  try {
    for await (const rec of parser as AsyncIterable<string[]>) yield rec.map((h) => h.trim());
  } finally {
    input.close();
  }
}
