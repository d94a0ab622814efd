/**
 * Pure cleaning rules for the streaming raw files (README.md lists them). Nothing here touches a
 * file or the database; nothing throws on bad input: a bad value becomes NULL, a note, or a reason
 * to reject the record, and sources.ts decides which.
 */

export type Platform = 'amazon' | 'disney' | 'hulu' | 'netflix';

export const PLATFORMS: readonly Platform[] = ['amazon', 'disney', 'hulu', 'netflix'];

/** The raw file of each platform's catalogue (plain or .gz). */
export const TITLE_FILES: Record<Platform, string> = {
  amazon: 'amazon_prime_titles.csv',
  disney: 'disney_plus_titles.csv',
  hulu: 'hulu_titles.csv',
  netflix: 'netflix_titles.csv',
};

/** The 12 columns of every title file, in their order. */
export const TITLE_COLUMNS = ['show_id', 'type', 'title', 'director', 'cast', 'country', 'date_added', 'release_year', 'rating', 'duration', 'listed_in', 'description'] as const;

/** `id` = first letter of the platform + show_id: 's123' on Amazon → 'as123'. */
export function titleId(platform: Platform, showId: string): string {
  return platform[0] + showId;
}

// Trimmed as well as ordinary white space: the zero-width space and BOM some cells start with
// (e.g. Hulu's '\u200bComedian Ricky Velez…'), which String.trim keeps.
const EDGE_SPACE = /^[\s\u200b\ufeff]+|[\s\u200b\ufeff]+$/g;

const EDGE_CHAR = /^[\s\u200b\ufeff]$/;

/** Whether a UTF-16 code unit is one EDGE_SPACE trims (ASCII decided here: the regex only beyond). */
function isEdgeSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return EDGE_CHAR.test(String.fromCharCode(c));
}

/** `s` without EDGE_SPACE at either end (the same string as the regex replace, without a regex per cell). */
function trimEdges(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isEdgeSpace(s.charCodeAt(a))) a++;
  while (b > a && isEdgeSpace(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

/** A text cell: trimmed, lowercase; '' → null. */
export function cleanText(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  const s = trimEdges(raw).toLowerCase();
  return s === '' ? null : s;
}

/**
 * A comma list ('Brendan Gleeson, Taylor Kitsch', ', South Korea', 'United States,'): each item
 * cleaned like a text cell; empty items (stray commas) and repeats dropped; order kept.
 */
export function splitList(raw: string | undefined): string[] {
  if (!raw) return [];
  const out: string[] = [];
  for (const part of raw.split(',')) {
    const item = cleanText(part);
    if (item !== null && !out.includes(item)) out.push(item);
  }
  return out;
}

const MONTHS: Record<string, number> = {
  january: 1, february: 2, march: 3, april: 4, may: 5, june: 6,
  july: 7, august: 8, september: 9, october: 10, november: 11, december: 12,
};

/** 'September 25, 2021' (also with stray spaces, as in 88 Netflix rows) → '2021-09-25'; else null. */
export function parseDateAdded(raw: string | undefined): string | null {
  const m = /^([A-Za-z]+)\s+(\d{1,2}),\s*(\d{4})$/.exec((raw ?? '').replace(EDGE_SPACE, ''));
  if (!m) return null;
  const month = MONTHS[m[1].toLowerCase()];
  const year = Number(m[3]);
  const day = Number(m[2]);
  if (!month) return null;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null; // 'February 30'
  return `${m[3]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export interface Duration {
  durationInt: number;
  durationType: 'min' | 'season';
}

/** '113 min' → 113 'min'; '1 Season' / '2 Seasons' → 'season'; anything else → null. */
export function parseDuration(raw: string | undefined): Duration | null {
  const m = /^(\d{1,6})\s*(min|mins|minutes?|seasons?)$/i.exec((raw ?? '').trim());
  if (!m) return null;
  return { durationInt: Number(m[1]), durationType: m[2].toLowerCase().startsWith('season') ? 'season' : 'min' };
}

/** A 4-digit release year, else null. */
export function parseReleaseYear(raw: string | undefined): number | null {
  const s = (raw ?? '').trim();
  return /^\d{4}$/.test(s) ? Number(s) : null;
}

/** The clean values of one title record, in the column order of the `titles` table. */
export interface CleanTitle {
  id: string;
  platform: Platform;
  showId: string;
  type: string | null;
  title: string | null;
  director: string | null;
  cast: string | null;
  castMembers: string[];
  country: string | null;
  countries: string[];
  dateAdded: string | null;
  releaseYear: number | null;
  rating: string;
  duration: Duration | null;
}

export type TitleResult =
  | { ok: true; title: CleanTitle; listedIn: string | null; genres: string[]; description: string | null; notes: string[] }
  | { ok: false; reason: string };

/**
 * One raw title record (header-keyed) → its clean values, or why it cannot be a title.
 *
 * - no show_id → rejected (there is no id to give it);
 * - the duration in the rating column: 295 Hulu and Netflix rows hold '74 min' / '2 Seasons' in
 *   `rating` and nothing in `duration` (a column shift in the source). When the duration cell is
 *   empty and the rating cell reads as a duration, it is the duration, and the rating is empty;
 * - rating empty → 'G' (then lowercase like every text: 'g');
 * - date_added and release_year that do not read → NULL, with a note.
 */
export function cleanTitleRecord(platform: Platform, raw: Record<string, string>): TitleResult {
  // each column read once: a fast CSV reader's record decodes a field at every read
  const showIdRaw = raw.show_id;
  const typeRaw = raw.type;
  const titleRaw = raw.title;
  const directorRaw = raw.director;
  const castRaw = raw.cast;
  const countryRaw = raw.country;
  const dateAddedRaw = raw.date_added;
  const releaseYearRaw = raw.release_year;
  const ratingRaw = raw.rating;
  const durationRaw = raw.duration;
  const listedInRaw = raw.listed_in;
  const descriptionRaw = raw.description;
  if (
    showIdRaw === undefined || typeRaw === undefined || titleRaw === undefined || directorRaw === undefined || castRaw === undefined || countryRaw === undefined ||
    dateAddedRaw === undefined || releaseYearRaw === undefined || ratingRaw === undefined || durationRaw === undefined || listedInRaw === undefined || descriptionRaw === undefined
  ) {
    return { ok: false, reason: missingColumns(raw) };
  }
  const keys = cleanTitleKeys(platform, showIdRaw, ratingRaw, durationRaw, dateAddedRaw, releaseYearRaw);
  if (!keys.ok) return keys;
  return {
    ok: true,
    title: {
      id: keys.id,
      platform,
      showId: keys.showId,
      type: cleanText(typeRaw),
      title: cleanText(titleRaw),
      director: cleanText(directorRaw),
      cast: cleanText(castRaw),
      castMembers: splitList(castRaw),
      country: cleanText(countryRaw),
      countries: splitList(countryRaw),
      dateAdded: keys.dateAdded,
      releaseYear: keys.releaseYear,
      rating: keys.rating,
      duration: keys.duration,
    },
    listedIn: cleanText(listedInRaw),
    genres: splitList(listedInRaw),
    description: cleanText(descriptionRaw),
    notes: keys.notes,
  };
}

/** Why a record without some of the 12 columns is rejected. */
export function missingColumns(raw: Record<string, string>): string {
  const missing = TITLE_COLUMNS.filter((c) => raw[c] === undefined);
  return `no column ${missing.join(', ')} (the header must name the 12 title columns)`;
}

export type TitleKeys =
  | { ok: true; id: string; showId: string; rating: string; duration: Duration | null; dateAdded: string | null; releaseYear: number | null; notes: string[] }
  | { ok: false; reason: string };

/**
 * The cells of a title record that are not free text (cleanTitleRecord's rules for them): its
 * id, rating, duration, date and year, and the notes they make; or why the record is rejected.
 */
export function cleanTitleKeys(platform: Platform, showIdRaw: string, ratingRaw: string, durationRaw: string, dateAddedRaw: string, releaseYearRaw: string): TitleKeys {
  const showId = cleanText(showIdRaw);
  if (showId === null) return { ok: false, reason: 'no show_id' };
  const notes: string[] = [];
  let rawRating = ratingRaw;
  const durationEmpty = durationRaw.trim() === '';
  let duration = durationEmpty ? null : parseDuration(durationRaw);
  if (duration === null) {
    const moved = durationEmpty ? parseDuration(rawRating) : null;
    if (moved) {
      duration = moved;
      rawRating = '';
      notes.push('duration found in the rating column');
    } else notes.push(durationEmpty ? 'duration missing' : 'duration unreadable');
  }
  const dateAdded = parseDateAdded(dateAddedRaw);
  if (dateAdded === null && dateAddedRaw.trim() !== '') notes.push('date_added unreadable');
  const releaseYear = parseReleaseYear(releaseYearRaw);
  if (releaseYear === null) notes.push('release_year unreadable');
  const rating = cleanText(rawRating) ?? 'g';
  if (rawRating.trim() === '') notes.push("rating empty → 'g'");
  return { ok: true, id: titleId(platform, showId), showId, rating, duration, dateAdded, releaseYear, notes };
}

// Byte-level twins of cleanText and splitList for the staged `titles` rows (sources.ts): a cell's
// UTF-8 bytes cleaned straight into a row of staged CSV (staged-writer.ts's form: text in '"',
// '"' doubled, NULL an empty field; a list as JSON text). They take the characters whose
// trimming and lowercasing are byte rules (plainChars), and return -1 for any other cell, which
// the caller cleans as a string.

const DQUOTE = 34;

function isAsciiSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/**
 * Whether src[s, e) holds only characters the byte rules take: ASCII, and outside it U+00A1–U+00FF
 * (Latin-1's letters and signs) and U+200C–U+207F but for U+2028, U+2029, U+202F and U+205F
 * (punctuation such as ’ – “ …): none of those is white space to EDGE_SPACE, so only ASCII white
 * space is ever trimmed, and of them only U+00C0–U+00DE but × change when lowercased, each to the
 * character 0x20 above (lowerByte). `list`: no control character, '"' or '\\' either (JSON would
 * escape them).
 */
function plainChars(src: Buffer, s: number, e: number, list: boolean): boolean {
  for (let i = s; i < e; i++) {
    const a = src[i];
    if (a < 128) {
      if (list && (a < 32 || a === DQUOTE || a === 92)) return false;
      continue;
    }
    if (a === 0xc2 || a === 0xc3) {
      const b = i + 1 < e ? src[i + 1] : 0;
      if (b < 0x80 || b > 0xbf || (a === 0xc2 && b <= 0xa0)) return false;
      i++;
    } else if (a === 0xe2) {
      const b = i + 2 < e ? src[i + 1] : 0;
      const c = i + 2 < e ? src[i + 2] : 0;
      if ((b !== 0x80 && b !== 0x81) || c < 0x80 || c > 0xbf) return false;
      const cp = 0x2000 + ((b & 0x3f) << 6) + (c & 0x3f);
      if (cp <= 0x200b || cp === 0x2028 || cp === 0x2029 || cp === 0x202f || cp === 0x205f) return false;
      i += 2;
    } else return false;
  }
  return true;
}

/**
 * Copies src[s, e) (plainChars) to out[p] lowercased, '"' doubled when `quotes`; the position after.
 * A byte after 0xc3 is the second of a 2-byte character (U+00C0–U+00FF); a continuation byte is
 * never 0xc3 nor ASCII.
 */
function lowerBytes(src: Buffer, s: number, e: number, out: Buffer, p: number, quotes: boolean): number {
  for (let i = s; i < e; i++) {
    const c = src[i];
    if (c >= 65 && c <= 90) out[p++] = c + 32;
    else if (c === 0xc3) {
      const b = src[++i];
      out[p++] = c;
      out[p++] = b <= 0x9e && b !== 0x97 ? b + 0x20 : b;
    } else {
      out[p++] = c;
      if (quotes && c === DQUOTE) out[p++] = DQUOTE;
    }
  }
  return p;
}

/**
 * cleanText of src[s, e) written at out[p] as a staged CSV cell (nothing for NULL); the position
 * after it, or -1 (nothing written) when a character is not plainChars'. `out` has room for
 * 2 (e - s) + 2.
 */
export function cleanTextCsv(src: Buffer, s: number, e: number, out: Buffer, p: number): number {
  if (!plainChars(src, s, e, false)) return -1;
  while (s < e && isAsciiSpace(src[s])) s++;
  while (e > s && isAsciiSpace(src[e - 1])) e--;
  if (s === e) return p;
  out[p++] = DQUOTE;
  p = lowerBytes(src, s, e, out, p, true);
  out[p++] = DQUOTE;
  return p;
}

/** Where listCsv put each item of the list it is writing (module scratch, grown when needed). */
let itemStart = new Int32Array(256);
let itemEnd = new Int32Array(256);

/**
 * splitList of src[s, e) written at out[p] as a staged CSV cell holding its JSON array; the
 * position after it, or -1 (nothing written) when a character is not plainChars' (for a list).
 * `out` has room for 6 (e - s) + 8.
 */
export function listCsv(src: Buffer, s: number, e: number, out: Buffer, p: number): number {
  if (!plainChars(src, s, e, true)) return -1;
  if (itemStart.length < e - s + 1) {
    itemStart = new Int32Array(2 * (e - s + 1));
    itemEnd = new Int32Array(2 * (e - s + 1));
  }
  out[p++] = DQUOTE;
  out[p++] = 91; // [
  let items = 0;
  for (let a = s; a <= e; ) {
    let b = a;
    while (b < e && src[b] !== 44) b++;
    let i = a;
    let j = b;
    a = b + 1;
    // no control characters here: a space is the only white space left to trim
    while (i < j && src[i] === 32) i++;
    while (j > i && src[j - 1] === 32) j--;
    if (i === j) continue;
    // the item, lowercased, in its JSON quotes ('"' doubled for the CSV), unless it repeats one
    const q0 = p;
    if (items > 0) out[p++] = 44;
    out[p++] = DQUOTE;
    out[p++] = DQUOTE;
    const from = p;
    p = lowerBytes(src, i, j, out, p, false);
    if (seenItem(out, from, p, items)) {
      p = q0;
      continue;
    }
    itemStart[items] = from;
    itemEnd[items] = p;
    items++;
    out[p++] = DQUOTE;
    out[p++] = DQUOTE;
  }
  out[p++] = 93; // ]
  out[p++] = DQUOTE;
  return p;
}

function seenItem(out: Buffer, from: number, to: number, items: number): boolean {
  const len = to - from;
  for (let k = 0; k < items; k++) {
    const s = itemStart[k];
    if (itemEnd[k] - s !== len) continue;
    let x = 0;
    while (x < len && out[s + x] === out[from + x]) x++;
    if (x === len) return true;
  }
  return false;
}

// =============================================================================================
// Ratings: userId,rating,timestamp,movieId. Parsed from bytes (11 M rows: no string per line,
// no object per row), so these rules are written against a byte range of a Buffer.

/** Where the four ratings columns are among a file's columns (from its header). */
export interface RatingLayout {
  fields: number;
  userId: number;
  rating: number;
  timestamp: number;
  movieId: number;
}

export const RATING_COLUMNS = ['userId', 'rating', 'timestamp', 'movieId'] as const;

/**
 * The header names the columns, in any order (other columns are allowed and ignored); names are
 * matched case-insensitively. Returns why not when a column is missing or named twice.
 */
export function ratingLayout(header: string[]): RatingLayout | string {
  const names = header.map((h) => h.replace(EDGE_SPACE, '').toLowerCase());
  const at: Partial<Record<(typeof RATING_COLUMNS)[number], number>> = {};
  for (const c of RATING_COLUMNS) {
    const i = names.indexOf(c.toLowerCase());
    if (i === -1) return `the header '${header.join(',').slice(0, 100)}' has no ${c} column (expected ${RATING_COLUMNS.join(',')})`;
    if (names.indexOf(c.toLowerCase(), i + 1) !== -1) return `the header names ${c} twice`;
    at[c] = i;
  }
  return { fields: header.length, userId: at.userId!, rating: at.rating!, timestamp: at.timestamp!, movieId: at.movieId! };
}

export interface RatingRow {
  userId: number;
  movieId: string;
  rating: number;
  timestamp: number;
}

const COMMA = 44;
const QUOTE = 34;
const DOT = 46;
const SPACE = 32;
const TAB = 9;
const MAX_FIELDS = 64;
/** 11 digits reach the year 5138; a 13-digit value is milliseconds, not seconds */
const MAX_TIMESTAMP_DIGITS = 11;
const MAX_MOVIE_ID = 100;

// Field bounds of the line being parsed (module scratch, reused: no allocation per line).
const fieldStart = new Int32Array(MAX_FIELDS);
const fieldEnd = new Int32Array(MAX_FIELDS);

/**
 * Splits a CSV line into fieldStart/fieldEnd (quotes removed from quoted fields). Returns the
 * field count, or a reason. A quote left open is the line's fault: the record is rejected, and
 * the next line is read as a new record (a ratings row never spans lines).
 */
function splitFields(buf: Buffer, start: number, end: number): number | string {
  let n = 0;
  let i = start;
  for (;;) {
    if (n === MAX_FIELDS) return `more than ${MAX_FIELDS} fields`;
    if (buf[i] === QUOTE && i < end) {
      let j = i + 1;
      for (;;) {
        while (j < end && buf[j] !== QUOTE) j++;
        if (j >= end) return 'a quote is not closed on this line';
        if (j + 1 < end && buf[j + 1] === QUOTE) j += 2; // "" inside quotes
        else break;
      }
      fieldStart[n] = i + 1;
      fieldEnd[n] = j;
      i = j + 1;
      if (i < end && buf[i] !== COMMA) return 'text after a closing quote';
    } else {
      let j = i;
      while (j < end && buf[j] !== COMMA) j++;
      fieldStart[n] = i;
      fieldEnd[n] = j;
      i = j;
    }
    n++;
    if (i >= end) return n;
    i++; // the comma
  }
}

/** Bounds of field k without surrounding spaces, as [start, end). */
function trimmed(buf: Buffer, k: number): [number, number] {
  let s = fieldStart[k];
  let e = fieldEnd[k];
  while (s < e && (buf[s] === SPACE || buf[s] === TAB)) s++;
  while (e > s && (buf[e - 1] === SPACE || buf[e - 1] === TAB)) e--;
  return [s, e];
}

/** Digits only (no sign, no point), at most maxDigits; -1 otherwise. */
function unsignedInt(buf: Buffer, s: number, e: number, maxDigits: number): number {
  if (s === e || e - s > maxDigits) return -1;
  let v = 0;
  for (let i = s; i < e; i++) {
    const d = buf[i] - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/**
 * A rating: 0.5 to 5 in steps of 0.5, written '4', '4.0', '4.5', '4.50' or '.5'; as twice its
 * value (1..10), or -1. No exponent, sign or other fraction.
 */
function halfSteps(buf: Buffer, s: number, e: number): number {
  let i = s;
  let whole = 0;
  while (i < e && buf[i] >= 48 && buf[i] <= 57 && i - s < 2) whole = whole * 10 + buf[i++] - 48;
  const wholeDigits = i - s;
  let half = 0;
  if (i < e && buf[i] === DOT) {
    i++;
    if (i === e) return -1; // '4.'
    if (buf[i] === 53) half = 1; // '5'
    else if (buf[i] !== 48) return -1;
    for (i++; i < e; i++) if (buf[i] !== 48) return -1;
  } else if (wholeDigits === 0) return -1;
  if (i !== e) return -1;
  const steps = whole * 2 + half;
  return steps >= 1 && steps <= 10 ? steps : -1;
}

function isPlainLowerAscii(buf: Buffer, s: number, e: number): boolean {
  for (let i = s; i < e; i++) {
    const c = buf[i];
    if (c >= 128 || (c >= 65 && c <= 90) || c === QUOTE) return false;
  }
  return true;
}

const decoder = new TextDecoder();

/**
 * One data line of a ratings file (bytes [start, end) without the line break) → `out`, or the
 * reason it is malformed:
 * - the header's number of fields;
 * - userId: a non-negative integer (digits only) below 2^31;
 * - rating: 0.5 to 5.0 in steps of 0.5;
 * - timestamp: unix seconds, digits only, at most 11 of them;
 * - movieId: not empty, at most 100 characters; lowercase like every text of the pack.
 * Fields may be quoted and padded with spaces.
 */
export function parseRatingLine(buf: Buffer, start: number, end: number, layout: RatingLayout, out: RatingRow): string | null {
  const n = splitFields(buf, start, end);
  if (typeof n === 'string') return n;
  if (n !== layout.fields) return `${n} fields where the header has ${layout.fields}`;
  let [s, e] = trimmed(buf, layout.userId);
  const userId = unsignedInt(buf, s, e, 10);
  if (userId < 0 || userId > 2_147_483_647) return `userId '${text(buf, s, e)}' is not a non-negative integer`;
  [s, e] = trimmed(buf, layout.rating);
  const steps = halfSteps(buf, s, e);
  if (steps < 0) return `rating '${text(buf, s, e)}' is not one of 0.5, 1.0, …, 5.0`;
  [s, e] = trimmed(buf, layout.timestamp);
  const timestamp = unsignedInt(buf, s, e, MAX_TIMESTAMP_DIGITS);
  if (timestamp < 0) return `timestamp '${text(buf, s, e)}' is not unix seconds`;
  [s, e] = trimmed(buf, layout.movieId);
  if (s === e) return 'movieId is empty';
  if (e - s > MAX_MOVIE_ID) return `movieId is longer than ${MAX_MOVIE_ID} characters`;
  // the fast path: ids like 'ns123' are plain lowercase ASCII
  out.movieId = isPlainLowerAscii(buf, s, e) ? latin1(buf, s, e) : decoder.decode(buf.subarray(s, e)).replaceAll('""', '"').toLowerCase();
  out.userId = userId;
  out.rating = steps / 2;
  out.timestamp = timestamp;
  return null;
}

function latin1(buf: Buffer, s: number, e: number): string {
  return buf.toString('latin1', s, e);
}

function text(buf: Buffer, s: number, e: number): string {
  return decoder.decode(buf.subarray(s, Math.min(e, s + 40)));
}

const PLAIN_USER = 0;
const PLAIN_RATING = 1;
const PLAIN_TIMESTAMP = 2;
const PLAIN_MOVIE = 3;

/** The kind of each of the four fields in file order, for isPlainRatingLine; null when the header has not four. */
export function plainRatingKinds(layout: RatingLayout): Uint8Array | null {
  if (layout.fields !== 4) return null;
  const kinds = new Uint8Array(4);
  kinds[layout.userId] = PLAIN_USER;
  kinds[layout.rating] = PLAIN_RATING;
  kinds[layout.timestamp] = PLAIN_TIMESTAMP;
  kinds[layout.movieId] = PLAIN_MOVIE;
  return kinds;
}

/**
 * The plain shape of a ratings line, whose fields the bulk loader lets DuckDB cast (sources.ts
 * loadRatings): exactly the header's four fields, no quotes, no spaces, userId of 1–9 digits
 * (below 2^31 by construction), rating one of 0.5, 1, 1.0, 1.5, …, 5, 5.0 as written, timestamp
 * of 1–11 digits, movieId of 1–100 characters of [a-z0-9]. parseRatingLine accepts every such
 * line and reads it as the SQL casts do (INTEGER, DOUBLE, BIGINT, the text itself); every other
 * line goes to parseRatingLine.
 */
export function isPlainRatingLine(buf: Buffer, start: number, end: number, kinds: Uint8Array): boolean {
  let i = start;
  for (let k = 0; k < 4; k++) {
    const s = i;
    while (i < end && buf[i] !== COMMA) i++;
    if (!plainField(buf, s, i, kinds[k])) return false;
    if (k < 3) {
      if (i === end) return false;
      i++;
    }
  }
  return i === end;
}

function plainField(buf: Buffer, s: number, e: number, kind: number): boolean {
  const n = e - s;
  switch (kind) {
    case PLAIN_USER:
      return n >= 1 && n <= 9 && allDigits(buf, s, e);
    case PLAIN_TIMESTAMP:
      return n >= 1 && n <= 11 && allDigits(buf, s, e);
    case PLAIN_MOVIE:
      if (n < 1 || n > MAX_MOVIE_ID) return false;
      for (let i = s; i < e; i++) {
        const c = buf[i];
        if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57))) return false;
      }
      return true;
    default: {
      const a = buf[s];
      if (n === 1) return a >= 49 && a <= 53; // 1..5
      if (n !== 3 || buf[s + 1] !== DOT) return false;
      const b = buf[s + 2];
      if (a >= 49 && a <= 52) return b === 48 || b === 53; // 1.0..4.5
      return (a === 53 && b === 48) || (a === 48 && b === 53); // 5.0, 0.5
    }
  }
}

function allDigits(buf: Buffer, s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (buf[i] < 48 || buf[i] > 57) return false;
  return true;
}

/** The header line's column names (quotes removed). */
export function parseHeader(buf: Buffer, start: number, end: number): string[] | string {
  const n = splitFields(buf, start, end);
  if (typeof n === 'string') return n;
  const names: string[] = [];
  for (let k = 0; k < n; k++) names.push(decoder.decode(buf.subarray(fieldStart[k], fieldEnd[k])));
  return names;
}
