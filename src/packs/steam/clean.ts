/**
 * Pure cleaning rules for the Steam raw fields. Each takes the raw value as parsed from the line
 * and returns clean values; none throws. The README of this pack lists the rules.
 */
import type { Literal } from '../../core/ingest/literal.js';
import { decodeEntities } from '../../core/text/names.js';

export interface DayOrYear {
  /** 'YYYY-MM-DD' when the raw text names a valid day */
  date: string | null;
  /** the year whenever the raw text names one */
  year: number | null;
}

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

/** 'YYYY-MM-DD' if y/m/d is a real calendar day, else null. */
export function isoDay(year: number, month: number, day: number): string | null {
  if (!(year >= 1000 && year <= 9999 && month >= 1 && month <= 12 && day >= 1)) return null;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function monthOf(word: string): number | undefined {
  return MONTHS[word.slice(0, 3).toLowerCase()];
}

/**
 * A free-text date: '2018-01-04', 'Jan 4, 2018', '4 Jan, 2018', 'Dec 2017', '2018', 'Q1 2018',
 * 'Coming Soon', 'TBA'. A day only when one is named; a year whenever a 4-digit year is.
 */
export function parseLooseDate(raw: string): DayOrYear {
  const s = raw.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (m) {
    const year = Number(m[1]);
    return { date: isoDay(year, Number(m[2]), Number(m[3])), year };
  }
  // 'Jan 4, 2018' / 'January 4 2018'
  m = /^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$/.exec(s);
  if (m && monthOf(m[1])) {
    const year = Number(m[3]);
    return { date: isoDay(year, monthOf(m[1])!, Number(m[2])), year };
  }
  // '4 Jan, 2018'
  m = /^(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})$/.exec(s);
  if (m && monthOf(m[2])) {
    const year = Number(m[3]);
    return { date: isoDay(year, monthOf(m[2])!, Number(m[1])), year };
  }
  m = /(?:^|\D)((?:19|20)\d{2})(?:\D|$)/.exec(s);
  return { date: null, year: m ? Number(m[1]) : null };
}

export interface Posted extends DayOrYear {
  /** the raw text had a day and month but no year ('Posted March 3.') */
  missingYear: boolean;
}

/** 'Posted November 5, 2011.' → 2011-11-05; 'Posted March 3.' → no year: NULL, never guessed. */
export function parsePosted(raw: string): Posted {
  const s = raw.trim().replace(/^posted\s+/i, '').replace(/\.$/, '');
  const withYear = parseLooseDate(s);
  if (withYear.year !== null) return { ...withYear, missingYear: false };
  const m = /^([A-Za-z]+)\s+(\d{1,2})$/.exec(s);
  return { date: null, year: null, missingYear: Boolean(m && monthOf(m[1])) };
}

export interface Price {
  price: number | null;
  isFree: boolean | null;
}

/**
 * The raw price is a number or a text: 'Free', 'Free to Play', 'Free Mod', ... → 0 and free;
 * 'Starting at $449.00' → 449; 'Play Now', 'Third-party', NaN → unknown (NULL).
 */
export function parsePrice(raw: Literal | undefined): Price {
  if (typeof raw === 'number') return Number.isFinite(raw) && raw >= 0 ? { price: raw, isFree: raw === 0 } : { price: null, isFree: null };
  if (typeof raw !== 'string') return { price: null, isFree: null };
  if (/\bfree\b/i.test(raw)) return { price: 0, isFree: true };
  const m = /^\s*(?:[^\d$]*\$)?\s*(\d+(?:\.\d+)?)\s*$/.exec(raw.replaceAll(',', ''));
  if (m) {
    const price = Number(m[1]);
    return { price, isFree: price === 0 };
  }
  return { price: null, isFree: null };
}

/** '3 of 5 people (60%) found this review helpful' → {yes 3, total 5}; 'No ratings yet' → nulls. */
export function parseHelpful(raw: string): { yes: number | null; total: number | null } {
  const m = /^\s*([\d,]+)\s+of\s+([\d,]+)\s+people/i.exec(raw);
  if (!m) return { yes: null, total: null };
  return { yes: Number(m[1].replaceAll(',', '')), total: Number(m[2].replaceAll(',', '')) };
}

/** '' → 0; '1 person found this review funny' → 1; '12 people found ...' → 12. */
export function parseFunny(raw: string): number {
  const m = /^\s*([\d,]+)\s+(?:person|people)/i.exec(raw);
  return m ? Number(m[1].replaceAll(',', '')) : 0;
}

/** A raw string field: NaN/None/'' → null, else the string (numbers become their text). */
export function text(raw: Literal | undefined): string | null {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  return null;
}

/** A raw name (title, studio): as `text`, with HTML character references decoded ('Sam &amp; Max' → 'Sam & Max'). */
export function name(raw: Literal | undefined): string | null {
  const s = text(raw);
  return s === null ? null : decodeEntities(s);
}

/** A raw list of names (genres): as `stringList`, each decoded ('Animation &amp; Modeling' → 'Animation & Modeling'). */
export function nameList(raw: Literal | undefined): string[] | null {
  return stringList(raw)?.map(decodeEntities) ?? null;
}

/** A raw list of strings: NaN/None → null (unknown), other items dropped. */
export function stringList(raw: Literal | undefined): string[] | null {
  if (!Array.isArray(raw)) return null;
  return raw.filter((x): x is string => typeof x === 'string');
}

/** A raw playtime: a non-negative integer number of minutes, or null if it is anything else. */
export function minutes(raw: Literal | undefined): number | null {
  if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 0 && raw <= 2_147_483_647) return raw;
  if (typeof raw === 'string' && /^\d{1,9}$/.test(raw)) return Number(raw);
  return null;
}

/** The raw booleans: True/False, or the strings 'True'/'False' some dumps use. */
export function bool(raw: Literal | undefined): boolean | null {
  if (typeof raw === 'boolean') return raw;
  if (raw === 'True' || raw === 'true') return true;
  if (raw === 'False' || raw === 'false') return false;
  return null;
}

/** An id field: string or integer → its string; anything else → null. */
export function id(raw: Literal | undefined): string | null {
  if (typeof raw === 'string') return raw.trim() === '' ? null : raw.trim();
  if (typeof raw === 'number' && Number.isInteger(raw)) return String(raw);
  return null;
}

/** True when a parsed value is "nothing": NaN, None, or missing. */
export function isMissing(raw: Literal | undefined): boolean {
  return raw === undefined || raw === null || (typeof raw === 'number' && Number.isNaN(raw));
}
