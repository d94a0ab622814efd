/**
 * An independent reading of the streaming raw files for the tests: csv-parse straight on the
 * title files and a plain string split of the ratings lines, with the pack's rules written out
 * again in a few lines of plain JS (not the production parsers, not the SQL).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';

export const PLATFORM_FILES: [string, string, string][] = [
  ['amazon', 'a', 'amazon_prime_titles.csv'],
  ['disney', 'd', 'disney_plus_titles.csv'],
  ['hulu', 'h', 'hulu_titles.csv'],
  ['netflix', 'n', 'netflix_titles.csv'],
];

export interface NaiveTitle {
  id: string;
  platform: string;
  type: string;
  title: string | null;
  year: number | null;
  rating: string;
  durationInt: number | null;
  durationType: string | null;
  cast: string[];
  countries: string[];
}

const strip = (s: string) => s.replace(/^[\s\u200b\ufeff]+|[\s\u200b\ufeff]+$/g, '');
const lowerOrNull = (s: string) => (strip(s) === '' ? null : strip(s).toLowerCase());
const list = (s: string) => [...new Set(s.split(',').map((x) => strip(x).toLowerCase()).filter((x) => x !== ''))];
const DURATION = /^(\d+) (min|Season|Seasons)$/;

function readMaybeGz(path: string): Buffer {
  if (existsSync(path)) return readFileSync(path);
  return gunzipSync(readFileSync(path + '.gz'));
}

export function naiveTitles(dir: string): NaiveTitle[] {
  const out: NaiveTitle[] = [];
  for (const [platform, letter, file] of PLATFORM_FILES) {
    const seen = new Set<string>();
    for (const r of parse(readMaybeGz(join(dir, file)), { columns: true, bom: true }) as Record<string, string>[]) {
      const showId = strip(r.show_id).toLowerCase();
      if (!showId || seen.has(showId)) continue;
      seen.add(showId);
      const shifted = r.duration.trim() === '' && DURATION.test(r.rating.trim());
      const d = DURATION.exec((shifted ? r.rating : r.duration).trim());
      const rating = shifted || r.rating.trim() === '' ? 'g' : strip(r.rating).toLowerCase();
      out.push({
        id: letter + showId,
        platform,
        type: r.type.trim().toLowerCase(),
        title: lowerOrNull(r.title),
        year: /^\d{4}$/.test(r.release_year.trim()) ? Number(r.release_year) : null,
        rating,
        durationInt: d ? Number(d[1]) : null,
        durationType: d ? (d[2] === 'min' ? 'min' : 'season') : null,
        cast: list(r.cast),
        countries: list(r.country),
      });
    }
  }
  return out;
}

export interface NaiveRating {
  user: number;
  movie: string;
  rating: number;
  ts: number;
}

/** Well-formed rows of ratings/1..8.csv (header userId,rating,timestamp,movieId). */
export function naiveRatings(dir: string): { ratings: NaiveRating[]; malformed: number } {
  const ratings: NaiveRating[] = [];
  let malformed = 0;
  for (let k = 1; k <= 8; k++) {
    const lines = readMaybeGz(join(dir, 'ratings', `${k}.csv`)).toString('utf8').split('\n');
    const header = lines[0].replace(/\r$/, '').split(',');
    const at = (name: string) => header.indexOf(name);
    for (const raw of lines.slice(1)) {
      const line = raw.replace(/\r$/, '');
      if (line.trim() === '') continue;
      const f = line.split(',').map((x) => x.trim().replace(/^"(.*)"$/, '$1'));
      const [u, r, t, m] = [f[at('userId')], f[at('rating')], f[at('timestamp')], f[at('movieId')]];
      const value = Number(r);
      const ok =
        f.length === header.length &&
        !f.some((x) => x.includes('"')) &&
        /^\d{1,10}$/.test(u) &&
        Number(u) < 2 ** 31 &&
        /^\d*\.?\d+$/.test(r) &&
        Number.isInteger(value * 2) &&
        value >= 0.5 &&
        value <= 5 &&
        /^\d{1,11}$/.test(t) &&
        m !== '';
      if (!ok) {
        malformed++;
        continue;
      }
      ratings.push({ user: Number(u), movie: m.toLowerCase(), rating: value, ts: Number(t) });
    }
  }
  return { ratings, malformed };
}

/** Mean rating per title id. */
export function naiveScores(ratings: NaiveRating[]): Map<string, number> {
  const sum = new Map<string, [number, number]>();
  for (const r of ratings) {
    const s = sum.get(r.movie) ?? [0, 0];
    s[0] += r.rating;
    s[1]++;
    sum.set(r.movie, s);
  }
  return new Map([...sum].map(([k, [total, n]]) => [k, total / n]));
}
