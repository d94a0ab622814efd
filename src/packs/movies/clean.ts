/**
 * Pure cleaning rules for the fields of movies_dataset.csv and credits.csv. Each takes the raw
 * CSV text of a field and returns a clean value or says why it cannot; none throws. The pack
 * README lists the rules; sources.ts decides what a failure means for the record.
 */
import { parseLiteral, type Literal } from '../../core/ingest/literal.js';

type Dict = { [key: string]: Literal };

const INT32_MAX = 2_147_483_647;

function isDict(v: Literal | undefined): v is Dict {
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v);
}

/**
 * A TMDB id: digits only. Anything else ('1997-08-20', '0.065736') is the sign of a broken row
 * whose columns shifted, so it is refused rather than guessed.
 */
export function movieId(raw: string): number | null {
  const s = raw.trim();
  if (!/^\d{1,10}$/.test(s)) return null;
  const n = Number(s);
  return n >= 1 && n <= INT32_MAX ? n : null;
}

export type NumberField = { ok: true; value: number | null } | { ok: false };

/** A numeric column: '' → null (empty), '21.946943' / '5415.0' / '1e-05' → the number, text → not ok. */
export function decimal(raw: string): NumberField {
  const s = raw.trim();
  if (s === '' || s === 'nan' || s === 'NaN') return { ok: true, value: null };
  // Number('') is 0 and Number('0x10') is 16: accept only decimal notation
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return { ok: false };
  const value = Number(s);
  return Number.isFinite(value) ? { ok: true, value } : { ok: false };
}

/** budget and revenue: whole USD; empty → 0 (the rule of the assignment); negative or text → not ok. */
export function money(raw: string): NumberField {
  const d = decimal(raw);
  if (!d.ok) return d;
  if (d.value === null) return { ok: true, value: 0 };
  if (d.value < 0 || d.value > Number.MAX_SAFE_INTEGER) return { ok: false };
  // revenue is written as a float by pandas ('373554033.0'); the values are whole dollars
  return { ok: true, value: Math.round(d.value) };
}

/** vote_count: a whole number written as a float ('5415.0'); empty → null. */
export function count(raw: string): NumberField {
  const d = decimal(raw);
  if (!d.ok || d.value === null) return d;
  return Number.isInteger(d.value) && d.value >= 0 && d.value <= INT32_MAX ? d : { ok: false };
}

/** revenue / budget, 0 when the budget is 0 (unknown), as the assignment defines `return`. */
export function movieReturn(revenue: number, budget: number): number {
  return budget > 0 ? revenue / budget : 0;
}

export type ReleaseDate = { kind: 'missing' } | { kind: 'invalid' } | { kind: 'ok'; date: string; year: number };

/** 'YYYY-MM-DD' naming a real calendar day; '' → missing (the row is dropped and counted). */
export function releaseDate(raw: string): ReleaseDate {
  const s = raw.trim();
  if (s === '') return { kind: 'missing' };
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return { kind: 'invalid' };
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  if (year < 1800 || d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return { kind: 'invalid' };
  return { kind: 'ok', date: s, year };
}

/** A free-text field: '' → null. */
export function optionalText(raw: string): string | null {
  return raw.trim() === '' ? null : raw;
}

// ---------------------------------------------------------------------------------------------
// Nested columns: Python literals such as "[{'id': 16, 'name': 'Animation'}]"

export type Nested<T> = { ok: true; items: T[]; skipped: number } | { ok: false; reason: string };

/**
 * A nested list column. '' (pandas NaN) and '[]' are the empty list. The text must parse as a
 * Python literal list; entries `pick` cannot read (not a dict, a field missing) are skipped and
 * counted, so one odd entry does not cost the whole movie.
 */
export function nestedList<T>(raw: string, pick: (entry: Dict) => T | null): Nested<T> {
  const s = raw.trim();
  if (s === '' || s === '[]') return { ok: true, items: [], skipped: 0 };
  let value: Literal;
  try {
    value = parseLiteral(s);
  } catch (err) {
    return { ok: false, reason: `not a Python literal (${(err as Error).message})` };
  }
  if (!Array.isArray(value)) return { ok: false, reason: 'not a list' };
  const items: T[] = [];
  let skipped = 0;
  for (const entry of value) {
    const item = isDict(entry) ? pick(entry) : null;
    if (item === null) skipped++;
    else items.push(item);
  }
  return { ok: true, items, skipped };
}

/** belongs_to_collection: one dict or '' (no collection). */
export function collection(raw: string): { ok: true; value: Collection | null } | { ok: false; reason: string } {
  const s = raw.trim();
  if (s === '') return { ok: true, value: null };
  let value: Literal;
  try {
    value = parseLiteral(s);
  } catch (err) {
    return { ok: false, reason: `not a Python literal (${(err as Error).message})` };
  }
  if (!isDict(value)) return { ok: false, reason: 'not a dict' };
  const id = intField(value.id);
  const name = textField(value.name);
  if (id === null || name === null) return { ok: false, reason: 'a collection without id or name' };
  return { ok: true, value: { id, name } };
}

function intField(v: Literal | undefined): number | null {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= INT32_MAX ? v : null;
}

/** A string field that must be there and not blank. */
function textField(v: Literal | undefined): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v : null;
}

/** A string field that may be empty or None: NULL then. */
function optionalTextField(v: Literal | undefined): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

function gender(v: Literal | undefined): number {
  return v === 1 || v === 2 ? v : 0;
}

export interface Collection {
  id: number;
  name: string;
}
export interface Genre {
  id: number;
  name: string;
}
export interface Company {
  id: number;
  name: string;
}
export interface Country {
  iso: string;
  name: string | null;
}
export interface Language {
  iso: string;
  name: string | null;
}
export interface CastEntry {
  order: number | null;
  personId: number;
  name: string;
  character: string | null;
  gender: number;
  castId: number | null;
  creditId: string | null;
}
export interface CrewEntry {
  personId: number;
  name: string;
  department: string | null;
  job: string | null;
  gender: number;
  creditId: string | null;
}

export function pickGenre(d: Dict): Genre | null {
  const id = intField(d.id);
  const name = textField(d.name);
  return id === null || name === null ? null : { id, name };
}

export function pickCompany(d: Dict): Company | null {
  const id = intField(d.id);
  const name = textField(d.name);
  return id === null || name === null ? null : { id, name };
}

export function pickCountry(d: Dict): Country | null {
  const iso = textField(d.iso_3166_1);
  return iso === null ? null : { iso, name: optionalTextField(d.name) };
}

/** spoken_languages: some entries have an empty name ({'iso_639_1': 'yi', 'name': ''}) → NULL. */
export function pickLanguage(d: Dict): Language | null {
  const iso = textField(d.iso_639_1);
  return iso === null ? null : { iso, name: optionalTextField(d.name) };
}

export function pickCast(d: Dict): CastEntry | null {
  const personId = intField(d.id);
  const name = textField(d.name);
  if (personId === null || name === null) return null;
  return {
    order: intField(d.order),
    personId,
    name,
    character: optionalTextField(d.character),
    gender: gender(d.gender),
    castId: intField(d.cast_id),
    creditId: optionalTextField(d.credit_id),
  };
}

export function pickCrew(d: Dict): CrewEntry | null {
  const personId = intField(d.id);
  const name = textField(d.name);
  if (personId === null || name === null) return null;
  return {
    personId,
    name,
    department: optionalTextField(d.department),
    job: optionalTextField(d.job),
    gender: gender(d.gender),
    creditId: optionalTextField(d.credit_id),
  };
}
