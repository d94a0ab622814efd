/**
 * The two raw files of The Movies Dataset and how each CSV record becomes rows. A handler checks
 * the whole record before writing any row, so a record ends either as rows (the movie and its
 * unnested lists) or as one row of `rejects`.
 */
import { isUtf8 } from 'node:buffer';
import type { RecordSink, SourceHandler, SourceSpec } from '../../core/pack.js';
import { fieldBytes, readCsvFast } from '../../core/ingest/csv-fast.js';
import { countValue, expect, readString, scanCount, scanString, shape, stringEscaped } from '../../core/ingest/literal-bytes.js';
import { digits } from '../../core/ingest/staged-writer.js';
import {
  collection,
  count,
  decimal,
  money,
  movieId,
  movieReturn,
  nestedList,
  optionalText,
  pickCast,
  pickCompany,
  pickCountry,
  pickCrew,
  pickGenre,
  pickLanguage,
  releaseDate,
  type CastEntry,
  type CrewEntry,
  type Nested,
  type NumberField,
} from './clean.js';

/** The 24 columns of movies_dataset.csv, in file order. */
export const MOVIE_COLUMNS = [
  'adult', 'belongs_to_collection', 'budget', 'genres', 'homepage', 'id', 'imdb_id', 'original_language',
  'original_title', 'overview', 'popularity', 'poster_path', 'production_companies', 'production_countries',
  'release_date', 'revenue', 'runtime', 'spoken_languages', 'status', 'tagline', 'title', 'video',
  'vote_average', 'vote_count',
] as const;

export const CREDITS_COLUMNS = ['cast', 'crew', 'id'] as const;

/** Raw text in a reason is clipped: a shifted row can put a whole overview in the id column. */
function clip(s: string, n = 40): string {
  return s.length > n ? s.slice(0, n) + '…' : s;
}

/** Once per file: the header must have the columns the rules read, else every record says so. */
function missingColumns(record: Record<string, string>, columns: readonly string[]): string[] {
  return columns.filter((c) => !(c in record));
}

const NUMERIC: [column: string, read: (raw: string) => NumberField][] = [
  ['budget', money],
  ['revenue', money],
  ['popularity', decimal],
  ['runtime', decimal],
  ['vote_average', decimal],
  ['vote_count', count],
];

export const moviesSource: SourceSpec = {
  name: 'movies_dataset',
  files: ['movies_dataset.csv', 'movies_dataset.csv.gz', 'movies_metadata.csv', 'movies_metadata.csv.gz'],
  unit: 'movie',
  mainTable: 'movies',
  format: 'csv',
  readCsv: readCsvFast,
  staged: ['movie_collections', 'movie_genres', 'movie_companies', 'movie_countries', 'movie_languages'],
  open(): SourceHandler {
    const seen = new Set<number>();
    let missing: string[] | null = null;
    return {
      record(r, sink) {
        missing ??= missingColumns(r, MOVIE_COLUMNS);
        if (missing.length) return sink.reject(`the header lacks the columns ${missing.join(', ')}`);
        readMovie(r, sink, seen);
      },
    };
  },
};

function readMovie(r: Record<string, string>, sink: RecordSink, seen: Set<number>): void {
  const id = movieId(r.id);
  if (id === null) {
    // the known broken records: an overview broke the line, so every later column moved left
    sink.note('broken rows (columns shifted)');
    return sink.reject(`broken row: id '${clip(r.id)}' is not a movie id (columns shifted)`);
  }
  const numbers: Record<string, number | null> = {};
  for (const [column, read] of NUMERIC) {
    const n = read(r[column]);
    if (!n.ok) return sink.reject(`broken row: text in numeric column ${column}: '${clip(r[column])}'`);
    numbers[column] = n.value;
  }
  if (r.budget.trim() === '') sink.note('budget empty → 0');
  if (r.revenue.trim() === '') sink.note('revenue empty → 0');

  const coll = collection(r.belongs_to_collection);
  if (!coll.ok) return sink.reject(`belongs_to_collection: ${coll.reason}`);
  const genres = nestedList(r.genres, pickGenre);
  const companies = nestedList(r.production_companies, pickCompany);
  const countries = nestedList(r.production_countries, pickCountry);
  const languages = nestedList(r.spoken_languages, pickLanguage);
  const nested = { genres, production_companies: companies, production_countries: countries, spoken_languages: languages };
  for (const [column, list] of Object.entries(nested)) {
    if (!list.ok) return sink.reject(`${column}: ${list.reason}`);
    if (list.skipped) sink.note('nested entries without id or name (skipped)', list.skipped);
  }
  if (!genres.ok || !companies.ok || !countries.ok || !languages.ok) return; // narrowed above

  const released = releaseDate(r.release_date);
  if (released.kind === 'missing') {
    sink.note('no release_date (dropped)');
    return sink.reject('no release_date: the row is dropped');
  }
  if (released.kind === 'invalid') return sink.reject(`release_date '${clip(r.release_date)}' is not a date`);
  // a repeat is judged after the checks, so a broken first copy does not hide a good second one
  if (seen.has(id)) return sink.duplicate(`repeated id ${id}: the first record is kept`);
  seen.add(id);

  const budget = numbers.budget!;
  const revenue = numbers.revenue!;
  sink.row('movies', [
    id,
    optionalText(r.title),
    optionalText(r.original_language),
    optionalText(r.overview),
    optionalText(r.tagline),
    optionalText(r.status),
    released.date,
    released.year,
    numbers.runtime,
    budget,
    revenue,
    movieReturn(revenue, budget),
    numbers.popularity,
    numbers.vote_average,
    numbers.vote_count,
  ]);
  if (coll.value) sink.row('movie_collections', [id, coll.value.id, coll.value.name]);
  for (const g of genres.items) sink.row('movie_genres', [id, g.id, g.name]);
  for (const c of companies.items) sink.row('movie_companies', [id, c.id, c.name]);
  for (const c of countries.items) sink.row('movie_countries', [id, c.iso, c.name]);
  for (const l of languages.items) sink.row('movie_languages', [id, l.iso, l.name]);
  sink.kept();
}

export const creditsSource: SourceSpec = {
  name: 'credits',
  files: ['credits.csv', 'credits.csv.gz'],
  unit: 'movie credits',
  mainTable: 'movie_credits',
  format: 'csv',
  readCsv: readCsvFast,
  staged: ['movie_cast', 'movie_crew', 'movie_credits'],
  open(): SourceHandler {
    const seen = new Set<number>();
    const cast = new CsvOut();
    const crew = new CsvOut();
    let missing: string[] | null = null;
    return {
      record(r, sink) {
        missing ??= missingColumns(r, CREDITS_COLUMNS);
        if (missing.length) return sink.reject(`the header lacks the columns ${missing.join(', ')}`);
        readCredits(r, sink, seen, cast, crew);
      },
    };
  },
};

function readCredits(r: Record<string, string>, sink: RecordSink, seen: Set<number>, castOut: CsvOut, crewOut: CsvOut): void {
  const id = movieId(r.id);
  if (id === null) return sink.reject(`broken row: id '${clip(r.id)}' is not a movie id`);
  // the lists' usual shape is read from the bytes, straight to the staged tables' CSV; any other
  // cell (and every cell of the reference build, whose records have no bytes) by nestedList
  const castBytes = fieldBytes(r, 'cast');
  const castFast = castBytes ? readCastBytes(castBytes.buf, castBytes.start, castBytes.end, id, castOut) : -1;
  let cast: Nested<CastEntry> | null = null;
  if (castFast < 0) {
    cast = nestedList(r.cast, pickCast);
    if (!cast.ok) return sink.reject(`cast: ${cast.reason}`);
  }
  const crewBytes = fieldBytes(r, 'crew');
  const crewFast = crewBytes ? readCrewBytes(crewBytes.buf, crewBytes.start, crewBytes.end, id, crewOut) : -1;
  let crew: Nested<CrewEntry> | null = null;
  if (crewFast < 0) {
    crew = nestedList(r.crew, pickCrew);
    if (!crew.ok) return sink.reject(`crew: ${crew.reason}`);
  }
  if (seen.has(id)) return sink.duplicate(`repeated id ${id}: the first record is kept`);
  seen.add(id);
  const skipped = (cast?.skipped ?? 0) + (crew?.skipped ?? 0);
  if (skipped) sink.note('credit entries without id or name (skipped)', skipped);
  if (cast) for (const c of cast.items) sink.row('movie_cast', [id, c.order, c.personId, c.name, c.character, c.gender, c.castId, c.creditId]);
  else if (castFast > 0) sink.csvRows('movie_cast', castOut.buf, 0, castOut.used, castFast);
  if (crew) for (const c of crew.items) sink.row('movie_crew', [id, c.personId, c.name, c.department, c.job, c.gender, c.creditId]);
  else if (crewFast > 0) sink.csvRows('movie_crew', crewOut.buf, 0, crewOut.used, crewFast);
  sink.row('movie_credits', [id, cast ? cast.items.length : castFast, crew ? crew.items.length : crewFast]);
  sink.kept();
}

// ---------------------------------------------------------------------------------------------
// The byte-level reader of the credits' lists in the shape TMDB (and `recops gen`) writes them:
// these keys in this order, ', ' between entries, numbers of up to 9 digits. A cell of that shape
// whose values pickCast / pickCrew would all keep becomes the staged CSV rows (staged-writer's
// form) that the reference's rows would be; any other cell answers -1 and goes to nestedList.

const CAST = {
  head: shape("{'cast_id': "),
  character: shape(", 'character': "),
  credit: shape(", 'credit_id': "),
  gender: shape(", 'gender': "),
  id: shape(", 'id': "),
  name: shape(", 'name': "),
  order: shape(", 'order': "),
  profile: shape(", 'profile_path': "),
};

const CREW = {
  head: shape("{'credit_id': "),
  department: shape(", 'department': "),
  gender: shape(", 'gender': "),
  id: shape(", 'id': "),
  job: shape(", 'job': "),
  name: shape(", 'name': "),
  profile: shape(", 'profile_path': "),
};

const NONE = shape('None');
const NEXT = shape('}, ');
const LAST = shape('}]');

/** A growing buffer of CSV rows. */
export class CsvOut {
  buf = Buffer.allocUnsafe(1 << 16);
  used = 0;

  /** room for `bytes` more bytes */
  room(bytes: number): void {
    if (this.used + bytes <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.used + bytes));
    this.buf.copy(next, 0, 0, this.used);
    this.buf = next;
  }

  digits(n: number): void {
    this.room(12);
    this.used = digits(this.buf, n, this.used);
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.used++] = b;
  }

  /** a string as a quoted field, '"' doubled: from the literal's bytes, or its decoded value */
  quoted(src: Buffer, from: number, to: number, value: string | null): void {
    if (value !== null) {
      const bytes = Buffer.from(value.replaceAll('"', '""'), 'utf8');
      this.room(bytes.length + 2);
      this.buf[this.used++] = 34;
      this.used += bytes.copy(this.buf, this.used);
      this.buf[this.used++] = 34;
      return;
    }
    this.room(2 * (to - from) + 2);
    const out = this.buf;
    let p = this.used;
    out[p++] = 34;
    for (let k = from; k < to; k++) {
      const c = src[k];
      out[p++] = c;
      if (c === 34) out[p++] = 34;
    }
    out[p++] = 34;
    this.used = p;
  }
}

/** What the last scanText found: its value decoded when it had escapes, else null (the bytes between the quotes are the value). */
let textValue: string | null = null;
/** Whether the last scanText found an empty string or None (written as NULL by optionalTextField). */
let textEmpty = false;

/**
 * A string literal, or None when `none` is allowed, at p: the position after it, or -1 (another
 * value, or an escape parseLiteral refuses). `required`: a blank string is refused too (the
 * entry would be skipped by pick: the reference counts that).
 */
function scanText(buf: Buffer, p: number, end: number, required: boolean, none: boolean): number {
  if (none && expect(buf, p, end, NONE) >= 0) {
    textValue = null;
    textEmpty = true;
    return p + 4;
  }
  const after = scanString(buf, p, end);
  if (after < 0) return -1;
  textValue = stringEscaped ? readString(buf, p, after, true) : null;
  if (stringEscaped && textValue === null) return -1;
  textEmpty = stringEscaped ? textValue === '' : after - p === 2;
  if (required) {
    if (textEmpty) return -1;
    // a first byte of printable ASCII other than a space cannot be trimmed away; otherwise ask trim()
    const first = buf[p + 1];
    if (stringEscaped ? textValue!.trim() === '' : !(first > 32 && first < 127) && buf.toString('utf8', p + 1, after - 1).trim() === '') return -1;
  }
  return after;
}

/** Writes the text scanText just found as a field (NULL when empty or None). */
function putText(out: CsvOut, buf: Buffer, p: number, after: number): void {
  if (!textEmpty) out.quoted(buf, p + 1, after - 1, textValue);
}

/** The cell's list bounds after the trim nestedList does (ASCII spaces), or null when it is not a list of the usual shape. */
function listBounds(buf: Buffer, start: number, end: number): [number, number] | null {
  // a line break in a string is refused by parseLiteral, and invalid UTF-8 decodes to U+FFFD there: both are the reference's business
  if (buf.subarray(start, end).indexOf(10) !== -1 || !isUtf8(buf.subarray(start, end))) return null;
  while (start < end && (buf[start] === 32 || buf[start] === 9)) start++;
  while (end > start && (buf[end - 1] === 32 || buf[end - 1] === 9)) end--;
  return [start, end];
}

/** A cast cell: the number of movie_cast rows written to `out` (reset first), or -1 for the reference to read it. */
export function readCastBytes(buf: Buffer, start: number, end: number, movie: number, out: CsvOut): number {
  out.used = 0;
  const bounds = listBounds(buf, start, end);
  if (!bounds) return -1;
  [start, end] = bounds;
  if (start === end || (end - start === 2 && buf[start] === 91 && buf[start + 1] === 93)) return 0;
  if (buf[start] !== 91) return -1;
  let p = start + 1;
  let n = 0;
  for (;;) {
    p = scanCount(buf, expect(buf, p, end, CAST.head), end);
    if (p < 0) return -1;
    const castId = countValue;
    p = expect(buf, p, end, CAST.character);
    const character = p;
    p = scanText(buf, p, end, false, true);
    if (p < 0) return -1;
    const characterEnd = p;
    const characterValue = textValue;
    const characterEmpty = textEmpty;
    p = expect(buf, p, end, CAST.credit);
    const credit = p;
    p = scanText(buf, p, end, false, true);
    if (p < 0) return -1;
    const creditEnd = p;
    const creditValue = textValue;
    const creditEmpty = textEmpty;
    p = scanCount(buf, expect(buf, p, end, CAST.gender), end);
    if (p < 0) return -1;
    const gender = countValue === 1 || countValue === 2 ? countValue : 0;
    p = scanCount(buf, expect(buf, p, end, CAST.id), end);
    if (p < 0) return -1;
    const person = countValue;
    p = expect(buf, p, end, CAST.name);
    const name = p;
    p = scanText(buf, p, end, true, false);
    if (p < 0) return -1;
    const nameEnd = p;
    const nameValue = textValue;
    p = scanCount(buf, expect(buf, p, end, CAST.order), end);
    if (p < 0) return -1;
    const order = countValue;
    p = scanText(buf, expect(buf, p, end, CAST.profile), end, false, true);
    if (p < 0) return -1;
    // movie_id, cast_order, person_id, name, character, gender, cast_id, credit_id
    out.digits(movie);
    out.byte(44);
    out.digits(order);
    out.byte(44);
    out.digits(person);
    out.byte(44);
    out.quoted(buf, name + 1, nameEnd - 1, nameValue);
    out.byte(44);
    textValue = characterValue;
    textEmpty = characterEmpty;
    putText(out, buf, character, characterEnd);
    out.byte(44);
    out.digits(gender);
    out.byte(44);
    out.digits(castId);
    out.byte(44);
    textValue = creditValue;
    textEmpty = creditEmpty;
    putText(out, buf, credit, creditEnd);
    out.byte(10);
    n++;
    const next = expect(buf, p, end, NEXT);
    if (next >= 0) {
      p = next;
      continue;
    }
    return expect(buf, p, end, LAST) === end ? n : -1;
  }
}

/** A crew cell: the number of movie_crew rows written to `out` (reset first), or -1 for the reference to read it. */
export function readCrewBytes(buf: Buffer, start: number, end: number, movie: number, out: CsvOut): number {
  out.used = 0;
  const bounds = listBounds(buf, start, end);
  if (!bounds) return -1;
  [start, end] = bounds;
  if (start === end || (end - start === 2 && buf[start] === 91 && buf[start + 1] === 93)) return 0;
  if (buf[start] !== 91) return -1;
  let p = start + 1;
  let n = 0;
  for (;;) {
    p = expect(buf, p, end, CREW.head);
    const credit = p;
    p = scanText(buf, p, end, false, true);
    if (p < 0) return -1;
    const creditEnd = p;
    const creditValue = textValue;
    const creditEmpty = textEmpty;
    p = expect(buf, p, end, CREW.department);
    const department = p;
    p = scanText(buf, p, end, false, true);
    if (p < 0) return -1;
    const departmentEnd = p;
    const departmentValue = textValue;
    const departmentEmpty = textEmpty;
    p = scanCount(buf, expect(buf, p, end, CREW.gender), end);
    if (p < 0) return -1;
    const gender = countValue === 1 || countValue === 2 ? countValue : 0;
    p = scanCount(buf, expect(buf, p, end, CREW.id), end);
    if (p < 0) return -1;
    const person = countValue;
    p = expect(buf, p, end, CREW.job);
    const job = p;
    p = scanText(buf, p, end, false, true);
    if (p < 0) return -1;
    const jobEnd = p;
    const jobValue = textValue;
    const jobEmpty = textEmpty;
    p = expect(buf, p, end, CREW.name);
    const name = p;
    p = scanText(buf, p, end, true, false);
    if (p < 0) return -1;
    const nameEnd = p;
    const nameValue = textValue;
    p = scanText(buf, expect(buf, p, end, CREW.profile), end, false, true);
    if (p < 0) return -1;
    // movie_id, person_id, name, department, job, gender, credit_id
    out.digits(movie);
    out.byte(44);
    out.digits(person);
    out.byte(44);
    out.quoted(buf, name + 1, nameEnd - 1, nameValue);
    out.byte(44);
    textValue = departmentValue;
    textEmpty = departmentEmpty;
    putText(out, buf, department, departmentEnd);
    out.byte(44);
    textValue = jobValue;
    textEmpty = jobEmpty;
    putText(out, buf, job, jobEnd);
    out.byte(44);
    out.digits(gender);
    out.byte(44);
    textValue = creditValue;
    textEmpty = creditEmpty;
    putText(out, buf, credit, creditEnd);
    out.byte(10);
    n++;
    const next = expect(buf, p, end, NEXT);
    if (next >= 0) {
      p = next;
      continue;
    }
    return expect(buf, p, end, LAST) === end ? n : -1;
  }
}
