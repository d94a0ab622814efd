/**
 * A byte-level reader of the CSV that pandas writes (',' between fields, '\n' or '\r\n' after
 * records, '"' around fields that need it, '"' doubled inside them): the same items, with the same
 * records, lines, raw text and reasons, as readCsvRecords (csv-parse), which stays the
 * reference. Its records decode a field only when it is read, and `fieldBytes` hands a field's
 * bytes to a reader with a byte-level fast path (the credits' cast and crew lists: 190 MB of
 * Python literals), so that no string is made of them.
 *
 * It reads only the plain grammar. At the first record outside it (a '\r' other than in the
 * '\r\n's of a file whose first line ends so, a lone '\n' in such a file outside quotes, a quote in
 * an unquoted field, text after a closing quote, a quote left open, a UTF-16 BOM, a header
 * naming `__proto__`) it hands the whole file to readCsvRecords and skips the items it already
 * gave: csv-parse's state at a record boundary depends only on what came before, so its items
 * from there on are the reference's by construction. (Their order differs in one way: csv-parse
 * hands out an unreadable record as soon as it meets it, before the good records of the same
 * megabyte; here it comes after them, in file order. The items are the same.)
 */
import type { ZlibOptions } from 'node:zlib';
import { readCsvRecords, type CsvItem } from './csv.js';
import { openRaw, type LineProgress } from './lines.js';

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/** The current record's fields: content ranges in `buf` (quotes excluded) and whether each holds doubled quotes. */
class Fields {
  buf: Buffer = Buffer.alloc(0);
  n = 0;
  start = new Int32Array(64);
  end = new Int32Array(64);
  escaped = new Uint8Array(64);
  /** bumped when the reader moves on: a record read after that is a bug, not stale data */
  generation = 0;
  /** the header's columns by name (the last of a repeated name, as in the reference's records) */
  columns = new Map<string, number>();
  private scratch = Buffer.allocUnsafe(1 << 16);

  push(start: number, end: number, escaped: number): void {
    if (this.n === this.start.length) {
      const grow = <T extends Int32Array | Uint8Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.start = grow(this.start);
      this.end = grow(this.end);
      this.escaped = grow(this.escaped);
    }
    this.start[this.n] = start;
    this.end[this.n] = end;
    this.escaped[this.n++] = escaped;
  }

  /** Field i's bytes with doubled quotes made single (a copy in a scratch buffer when it had any). */
  bytes(i: number): FieldBytes {
    const buf = this.buf;
    const start = this.start[i];
    const end = this.end[i];
    if (!this.escaped[i]) return { buf, start, end };
    if (this.scratch.length < end - start) this.scratch = Buffer.allocUnsafe(Math.max(end - start, this.scratch.length * 2));
    const out = this.scratch;
    let used = 0;
    let from = start;
    for (let q = buf.indexOf(QUOTE, from); q !== -1 && q < end; q = buf.indexOf(QUOTE, from)) {
      // inside a quoted field every quote is the first of a pair
      used += buf.copy(out, used, from, q + 1);
      from = q + 2;
    }
    used += buf.copy(out, used, from, end);
    return { buf: out, start: 0, end: used };
  }

  text(i: number): string {
    const b = this.bytes(i);
    return b.buf.toString('utf8', b.start, b.end);
  }
}

export interface FieldBytes {
  buf: Buffer;
  start: number;
  end: number;
}

// symbols, so that no column name (a column may be called `generation`) meets them
const FIELDS = Symbol('csv-fast fields');
const GENERATION = Symbol('csv-fast generation');

interface FastRecord {
  [FIELDS]: Fields;
  [GENERATION]: number;
}

/** A record class for a header: a getter per column that decodes its field when read. */
function recordClass(header: string[]): new (fields: Fields) => Record<string, string> {
  class Rec {
    [FIELDS]: Fields;
    [GENERATION]: number;
    constructor(fields: Fields) {
      this[FIELDS] = fields;
      this[GENERATION] = fields.generation;
    }
  }
  header.forEach((name, i) => {
    Object.defineProperty(Rec.prototype, name, {
      enumerable: true,
      configurable: true,
      get(this: FastRecord) {
        const f = this[FIELDS];
        if (f.generation !== this[GENERATION]) throw new Error('a CSV record was read after the reader moved on');
        return f.text(i);
      },
    });
  });
  return Rec as unknown as new (fields: Fields) => Record<string, string>;
}

/**
 * The bytes of a column of a record from readCsvFast (doubled quotes made single, in a buffer
 * the next call may reuse: valid until then, or until the reader moves on), or null for any other record or an unknown column: the caller then
 * reads the string.
 */
export function fieldBytes(record: Record<string, string>, column: string): FieldBytes | null {
  const f = (record as unknown as Partial<FastRecord>)[FIELDS];
  if (!f || f.generation !== (record as unknown as FastRecord)[GENERATION]) return null;
  const i = f.columns.get(column);
  return i === undefined ? null : f.bytes(i);
}

const NEED_MORE = -1;
const OFF_GRAMMAR = -2;
const DONE = -3;

/** How records end: the first line break outside quotes, as csv-parse discovers it (a lone '\r' is off the grammar). */
const LF_ENDS = 1;
const CRLF_ENDS = 2;

/**
 * The record delimiter csv-parse settles on: the first '\n' or '\r\n' outside quotes from p, or
 * NEED_MORE, or OFF_GRAMMAR for a lone '\r'. A file without any is LF_ENDS (one record, no
 * delimiter: both read it alike). Quotes are only toggled here; a header off the grammar is
 * handed over by scanRecord whatever the result.
 */
function recordEnds(buf: Buffer, p: number, eof: boolean): number {
  let quoted = false;
  for (let q = p; q < buf.length; q++) {
    const c = buf[q];
    if (c === QUOTE) quoted = !quoted;
    else if (!quoted && c === LF) return LF_ENDS;
    else if (!quoted && c === CR) {
      if (q + 1 === buf.length) return eof ? OFF_GRAMMAR : NEED_MORE;
      return buf[q + 1] === LF ? CRLF_ENDS : OFF_GRAMMAR;
    }
  }
  return eof ? LF_ENDS : NEED_MORE;
}

/**
 * Scans the record starting at p (blank lines first): fills `fields` and returns the position
 * after its line break (or len at the end of the data), or NEED_MORE, OFF_GRAMMAR or DONE.
 * `out[0]` gets the record's first byte, `out[1]` the end of its raw text in csv-parse's terms
 * (before the '\n'; with CRLF_ENDS after the '\r', which csv-parse keeps in it), `out[2]` the
 * '\n's inside it, `out[3]` the blank lines before it.
 *
 * With CRLF_ENDS csv-parse takes only '\r\n' as a record's end: a lone '\n' or '\r' outside
 * quotes would be text of a field (handed over: off the grammar here); inside quotes a '\r\n'
 * and a lone '\n' are text, each one line in csv.ts's numbering, but a lone '\r' would shift
 * the reference's line numbers (handed over too). With LF_ENDS any '\r' is handed over.
 */
function scanRecord(buf: Buffer, p: number, eof: boolean, ends: number, fields: Fields, out: Int32Array): number {
  const len = buf.length;
  const crlf = ends === CRLF_ENDS;
  let q = p;
  let blanks = 0;
  if (crlf) {
    while (q + 1 < len && buf[q] === CR && buf[q + 1] === LF) {
      q += 2;
      blanks++;
    }
  } else {
    while (q < len && buf[q] === LF) q++;
    blanks = q - p;
  }
  if (q === len) return eof ? DONE : NEED_MORE;
  const recStart = q;
  fields.n = 0;
  let recEnd = -1;
  let rawEnd = -1;
  let next = -1;
  while (recEnd < 0) {
    if (buf[q] === QUOTE) {
      const from = q + 1;
      let k = from;
      let escaped = 0;
      for (;;) {
        k = buf.indexOf(QUOTE, k);
        if (k === -1) return eof ? OFF_GRAMMAR : NEED_MORE;
        if (k + 1 === len) {
          if (!eof) return NEED_MORE;
          fields.push(from, k, escaped);
          recEnd = rawEnd = next = len;
          break;
        }
        const c = buf[k + 1];
        if (c === QUOTE) {
          escaped = 1;
          k += 2;
          continue;
        }
        if (c === COMMA) {
          fields.push(from, k, escaped);
          q = k + 2;
          break;
        }
        if (!crlf && c === LF) {
          fields.push(from, k, escaped);
          recEnd = rawEnd = k + 1;
          next = k + 2;
          break;
        }
        if (crlf && c === CR) {
          if (k + 2 === len) return eof ? OFF_GRAMMAR : NEED_MORE;
          if (buf[k + 2] !== LF) return OFF_GRAMMAR;
          fields.push(from, k, escaped);
          recEnd = k + 1;
          rawEnd = k + 2;
          next = k + 3;
          break;
        }
        return OFF_GRAMMAR;
      }
    } else {
      const from = q;
      const end = crlf ? CR : LF;
      let c = 0;
      while (q < len) {
        c = buf[q];
        if (c === COMMA || c === end) break;
        if (c === QUOTE || c === CR || c === LF) return OFF_GRAMMAR;
        q++;
      }
      if (q === len) {
        if (!eof) return NEED_MORE;
        fields.push(from, q, 0);
        recEnd = rawEnd = next = len;
      } else if (c === COMMA) {
        fields.push(from, q, 0);
        q++;
      } else if (!crlf) {
        fields.push(from, q, 0);
        recEnd = rawEnd = q;
        next = q + 1;
      } else {
        if (q + 1 === len) return eof ? OFF_GRAMMAR : NEED_MORE;
        if (buf[q + 1] !== LF) return OFF_GRAMMAR;
        fields.push(from, q, 0);
        recEnd = q;
        rawEnd = q + 1;
        next = q + 2;
      }
    }
  }
  // a '\r' in a quoted field counts as a line break of its own in csv-parse: the reference's
  // business, but for the '\r\n's of a CRLF file, which csv.ts counts as one line
  for (let k = buf.indexOf(CR, recStart); k !== -1 && k < recEnd; k = buf.indexOf(CR, k + 1)) {
    if (!crlf || buf[k + 1] !== LF) return OFF_GRAMMAR;
  }
  let newlines = 0;
  for (let k = buf.indexOf(LF, recStart); k !== -1 && k < recEnd; k = buf.indexOf(LF, k + 1)) newlines++;
  out[0] = recStart;
  out[1] = rawEnd;
  out[2] = newlines;
  out[3] = blanks;
  return next;
}

/** Whether buf[start, end) is only spaces and tabs (csv-parse's raw of such a record is stripped to ''). */
function spacesOnly(buf: Buffer, start: number, end: number): boolean {
  for (let k = start; k < end; k++) if (buf[k] !== 32 && buf[k] !== 9) return false;
  return true;
}

/**
 * readCsvRecords' items (see there), read at the speed of the bytes. A record's fields are
 * decoded when read and only until the next item is asked for; they are getters of its
 * prototype, not own properties, so a handler that lists a record's keys needs the reference.
 */
export async function* readCsvFast(path: string, onProgress?: (p: LineProgress) => void): AsyncGenerator<CsvItem> {
  const input = openRaw(path, { chunk: 1 << 20, gunzip: { chunkSize: 1 << 20 } as ZlibOptions, onProgress });
  const source = input.stream;
  const chunks = source[Symbol.asyncIterator]();
  const fields = new Fields();
  const span = new Int32Array(4);
  let ends = 0;
  let buf: Buffer = Buffer.alloc(0);
  let pos = 0;
  let eof = false;
  let bomChecked = false;
  let line = 1;
  let header: string[] | null = null;
  let Rec: (new (f: Fields) => Record<string, string>) | null = null;
  let lastLine = 0;
  let offGrammar = false;
  try {
    for (;;) {
      if (!bomChecked && (buf.length - pos >= 3 || eof)) {
        bomChecked = true;
        if (buf[pos] === 0xef && buf[pos + 1] === 0xbb && buf[pos + 2] === 0xbf) pos += 3;
        else if (buf[pos] === 0xff && buf[pos + 1] === 0xfe) {
          offGrammar = true;
          break;
        }
      }
      if (bomChecked && !ends) {
        const found = recordEnds(buf, pos, eof);
        if (found === OFF_GRAMMAR) {
          offGrammar = true;
          break;
        }
        if (found !== NEED_MORE) ends = found;
      }
      const next = ends ? scanRecord(buf, pos, eof, ends, fields, span) : NEED_MORE;
      if (next === NEED_MORE) {
        const r = await chunks.next();
        if (r.done) eof = true;
        else {
          buf = pos < buf.length ? Buffer.concat([buf.subarray(pos), r.value as Buffer]) : (r.value as Buffer);
          pos = 0;
        }
        continue;
      }
      if (next === OFF_GRAMMAR) {
        offGrammar = true;
        break;
      }
      if (next === DONE) break;
      const [recStart, rawEnd, newlines, blanks] = span;
      line += blanks;
      const recordLine = line;
      line += newlines + (next > rawEnd ? 1 : 0);
      pos = next;
      fields.buf = buf;
      fields.generation++;
      if (!header) {
        header = [];
        for (let i = 0; i < fields.n; i++) header.push(fields.text(i).trim());
        if (header.includes('__proto__')) {
          offGrammar = true;
          break;
        }
        Rec = recordClass(header);
        header.forEach((name, i) => fields.columns.set(name, i));
        continue;
      }
      // csv.ts strips the blank lines before a record and a final '\n' from csv-parse's raw
      // text, not a blank '\r\n' line's '\r' nor the '\r' of a '\r\n' end
      const raw = ends === CRLF_ENDS ? '\r'.repeat(blanks) + buf.toString('utf8', recStart, rawEnd) : spacesOnly(buf, recStart, rawEnd) ? '' : buf.toString('utf8', recStart, rawEnd);
      lastLine = recordLine;
      if (fields.n !== header.length) yield { ok: false, reason: `${fields.n} fields where the header has ${header.length}`, line: recordLine, raw };
      else yield { ok: true, record: new Rec!(fields), line: recordLine, raw };
    }
  } finally {
    fields.generation++;
    input.close();
  }
  if (offGrammar) {
    // the records already given are the reference's first ones, each on a line of its own (its
    // unreadable ones come after them in the file, though csv-parse may hand one out early)
    for await (const item of readCsvRecords(path, onProgress)) if (item.line > lastLine) yield item;
  }
}
