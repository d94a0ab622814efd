/**
 * Building blocks for byte-level fast paths over Python-literal lines of a known, fixed shape
 * (the Steam libraries: ~5 M dicts of the same four keys). They check bytes against the shape
 * and cut values out of the line without decoding it or making a JS value per field; anything
 * off the shape makes them answer -1, and the caller hands the whole line to parseLiteral,
 * which stays the reference for what a line means (and the one that explains what is wrong).
 * They never accept a line parseLiteral would refuse, and never read a value differently.
 */
import { parseLiteral } from './literal.js';

/** `text` as the bytes a fast path compares with (ASCII; the shape's keys and separators). */
export function shape(text: string): Uint8Array {
  const out = Buffer.from(text, 'latin1');
  if (out.toString('latin1') !== text || /[^\x20-\x7e]/.test(text)) throw new Error(`shape text must be printable ASCII: ${text}`);
  return out;
}

/** The position after `want` if buf[p…] starts with it (before `end`), else -1. */
export function expect(buf: Uint8Array, p: number, end: number, want: Uint8Array): number {
  const n = want.length;
  if (p < 0 || p + n > end) return -1;
  for (let k = 0; k < n; k++) if (buf[p + k] !== want[k]) return -1;
  return p + n;
}

/** Whether the last string scanned by scanString held a backslash escape. */
export let stringEscaped = false;

/**
 * A string literal starting at p ('…' or "…", no prefix): the position after its closing
 * quote, or -1 (no quote at p, or no closing quote before `end`). Sets stringEscaped; a string
 * with escapes must be read with readString.
 */
export function scanString(buf: Uint8Array, p: number, end: number): number {
  if (p < 0) return -1;
  const quote = buf[p];
  if (quote !== 39 && quote !== 34) return -1;
  let escaped = false;
  for (let k = p + 1; k < end; k++) {
    const c = buf[k];
    if (c === quote) {
      stringEscaped = escaped;
      return k + 1;
    }
    if (c === 92) {
      escaped = true;
      k++;
    }
  }
  return -1;
}

/**
 * The value of the string literal buf[p, after) as scanString found it: the bytes between the
 * quotes decoded when it has no escape, else what parseLiteral reads (null when it refuses it:
 * a bad \x, \u or \U escape).
 */
export function readString(buf: Buffer, p: number, after: number, escaped: boolean): string | null {
  if (!escaped) return buf.toString('utf8', p + 1, after - 1);
  try {
    const v = parseLiteral(buf.toString('utf8', p, after));
    return typeof v === 'string' ? v : null;
  } catch {
    return null;
  }
}

/** The value of the last number scanned by scanCount. */
export let countValue = 0;

/**
 * A non-negative integer of 1 to 9 ASCII digits at p (what parseLiteral reads as that integer;
 * leading zeros included, as it reads them): the position after it, or -1. Other number forms
 * (a sign, a dot, an exponent, '_', more digits) are left to the full parser: the caller's next
 * expect() fails on them.
 */
export function scanCount(buf: Uint8Array, p: number, end: number): number {
  if (p < 0) return -1;
  let v = 0;
  let k = p;
  while (k < end && k - p < 10) {
    const c = buf[k];
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
    k++;
  }
  if (k === p || k - p > 9) return -1;
  countValue = v;
  return k;
}
