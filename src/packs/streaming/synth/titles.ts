/** The four title files: the real ones copied through (--titles), or synthesised from the platform profiles. */
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { mixSeed, Random, WeightedSampler } from '../../../core/synth/random.js';
import { csvCell, MONTHS } from '../../../core/synth/text.js';
import { cleanTitleRecord, PLATFORMS, splitList, TITLE_COLUMNS, TITLE_FILES, type Platform } from '../clean.js';
import { ADJECTIVES, CODAS, FIRST, GOALS, LAST, NOUNS, PLACES, type PlatformProfile, PROFILES, SUBJECTS, type Weighted } from './profiles.js';
import { type CatalogueTitle, Stream } from './spec.js';

/** Copies a real title file (plain or .gz, keeping its name) and reads its ids and genres. */
export function copyRealTitles(dir: string, out: string, platform: Platform): { path: string; titles: CatalogueTitle[] } {
  const name = TITLE_FILES[platform];
  const src = [name, name + '.gz'].map((n) => join(dir, n)).find((p) => existsSync(p));
  if (!src) throw new Error(`--titles ${dir} has no ${name} (or ${name}.gz)`);
  const path = join(out, src.endsWith('.gz') ? name + '.gz' : name);
  copyFileSync(src, path);
  const bytes = readFileSync(src);
  const records = parse(src.endsWith('.gz') ? gunzipSync(bytes) : bytes, { columns: true, bom: true, relax_column_count: true, skip_empty_lines: true }) as Record<string, string>[];
  // the ids as ingest makes them (same rules), each once: ratings must name real titles
  const seen = new Set<string>();
  const titles: CatalogueTitle[] = [];
  for (const raw of records) {
    const r = cleanTitleRecord(platform, raw);
    if (!r.ok || seen.has(r.title.id)) continue;
    seen.add(r.title.id);
    titles.push({ id: r.title.id, genres: r.genres });
  }
  return { path, titles };
}

function pickWeighted<T>(rng: Random, sampler: WeightedSampler, items: Weighted<T>): T {
  return items[sampler.sample(rng)][0];
}

class TitleMaker {
  private readonly ratings: WeightedSampler;
  private readonly genres: WeightedSampler;
  private readonly genreCount: WeightedSampler;
  private readonly countries: WeightedSampler;
  private readonly addedYears: WeightedSampler;
  private readonly release: WeightedSampler;

  constructor(private readonly p: PlatformProfile) {
    this.ratings = new WeightedSampler(p.ratings.map((r) => r[1]));
    this.genres = new WeightedSampler(p.genres.map((g) => g[1]));
    this.genreCount = new WeightedSampler(p.genresPerTitle);
    this.countries = new WeightedSampler(p.countries.map((c) => c[1]));
    this.addedYears = new WeightedSampler(p.addedYears.map((y) => y[1]));
    this.release = new WeightedSampler(p.releaseBuckets);
  }

  /** One raw record (the 12 cells as the real file writes them) and the genres it lists. */
  record(rng: Random, showNo: number): { cells: string[]; genres: string[] } {
    const p = this.p;
    const movie = rng.chance(p.movieShare);
    const releaseYear = Math.min(2021, 1920 + 5 * this.release.sample(rng) + rng.int(0, 4));
    const genres = this.distinct(rng, this.genreCount.sample(rng) + 1, () => pickWeighted(rng, this.genres, p.genres));
    let rating = pickWeighted(rng, this.ratings, p.ratings);
    const inSeasons = !movie || rng.chance(p.movieInSeasons);
    let duration = inSeasons ? seasons(rng) : `${Math.max(1, Math.min(p.minutes[2], Math.round(rng.logNormal(Math.log(p.minutes[0]), p.minutes[1]))))} min`;
    if (rng.chance(p.durationInRating)) [rating, duration] = [duration, ''];
    else if (rng.chance(p.durationEmpty)) duration = '';
    return {
      cells: [
        `s${showNo}`,
        movie ? 'Movie' : 'TV Show',
        titleName(rng),
        rng.chance(p.directorEmpty) ? '' : this.people(rng, rng.chance(0.06) ? 2 : 1),
        rng.chance(p.castEmpty) ? '' : this.people(rng, Math.max(1, Math.round(rng.logNormal(Math.log(p.castSize[0]), p.castSize[1])))),
        this.country(rng),
        this.dateAdded(rng, releaseYear),
        String(releaseYear),
        rating,
        duration,
        genres.join(', '),
        description(rng),
      ],
      genres,
    };
  }

  private distinct(rng: Random, n: number, draw: () => string): string[] {
    const out: string[] = [];
    for (let guard = 0; out.length < n && guard < 20 * n; guard++) {
      const v = draw();
      if (!out.includes(v)) out.push(v);
    }
    return out;
  }

  private people(rng: Random, n: number): string {
    return this.distinct(rng, n, () => `${rng.pick(FIRST)} ${rng.pick(LAST)}`).join(', ');
  }

  private country(rng: Random): string {
    if (rng.chance(this.p.countryEmpty)) return '';
    const n = rng.chance(0.82) ? 1 : rng.chance(0.7) ? 2 : 3;
    const list = this.distinct(rng, n, () => pickWeighted(rng, this.countries, this.p.countries)).join(', ');
    if (!rng.chance(this.p.countryStrayComma)) return list;
    return rng.chance(0.5) ? `, ${list}` : `${list},`;
  }

  private dateAdded(rng: Random, releaseYear: number): string {
    if (rng.chance(this.p.dateEmpty)) return '';
    const year = Math.max(releaseYear, pickWeighted(rng, this.addedYears, this.p.addedYears));
    const month = rng.int(1, 12);
    const day = rng.int(1, new Date(Date.UTC(year, month, 0)).getUTCDate());
    const text = `${MONTHS[month - 1]} ${day}, ${year}`;
    return rng.chance(this.p.dateLeadingSpace) ? ' ' + text : text;
  }
}

function seasons(rng: Random): string {
  const n = 1 + rng.geometric(0.45);
  return n === 1 ? '1 Season' : `${n} Seasons`;
}

/** Title names with the real oddities: commas, colons, quotes, accents, a stray space. */
function titleName(rng: Random): string {
  const r = rng.next();
  let t: string;
  if (r < 0.3) t = `The ${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)}`;
  else if (r < 0.45) t = `${rng.pick(NOUNS)} of ${rng.pick(PLACES)}`;
  else if (r < 0.55) t = `${rng.pick(FIRST)}'s ${rng.pick(NOUNS)}`;
  else if (r < 0.65) t = `${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)}: ${rng.pick(['The Movie', 'Season One', 'Live', 'A Christmas Special', 'Origins'])}`;
  else if (r < 0.72) t = `${rng.pick(['Love', 'Goodbye', 'Hello'])}, ${rng.pick(PLACES)}`;
  else if (r < 0.74) t = `The "${rng.pick(NOUNS)}" ${rng.pick(NOUNS)}`;
  else if (r < 0.85) t = `${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)} ${rng.int(2, 4)}`;
  else t = `${rng.pick(NOUNS)}s`;
  return rng.chance(0.001) ? t + ' ' : t;
}

function description(rng: Random): string {
  const subject = rng.pick(SUBJECTS);
  let d = `${subject[0].toUpperCase()}${subject.slice(1)} ${rng.pick(GOALS)} ${rng.pick(CODAS)}`;
  if (rng.chance(0.05)) d = `In ${rng.pick(PLACES)}, ${d[0].toLowerCase()}${d.slice(1)}`;
  if (rng.chance(0.03)) d += ` "${rng.pick(ADJECTIVES)} and ${rng.pick(ADJECTIVES).toLowerCase()}," says the critic.`;
  if (rng.chance(0.002)) d += `\r\n${rng.pick(SUBJECTS)} ${rng.pick(GOALS)}.`; // a line break inside the quoted cell
  if (rng.chance(0.005)) d = '\u200b' + d;
  return d;
}

export function writeSyntheticTitles(out: string, platform: Platform, seed: number): { path: string; titles: CatalogueTitle[] } {
  const profile = PROFILES[platform];
  const maker = new TitleMaker(profile);
  const rng = new Random(mixSeed(seed, Stream.Titles, PLATFORMS.indexOf(platform)));
  const lines = [TITLE_COLUMNS.join(',')];
  const titles: CatalogueTitle[] = [];
  for (let i = 1; i <= profile.count; i++) {
    const { cells, genres } = maker.record(rng, i);
    lines.push(cells.map(csvCell).join(','));
    titles.push({ id: platform[0] + `s${i}`, genres: genres.flatMap((g) => splitList(g)) });
  }
  const path = join(out, TITLE_FILES[platform]);
  // the real files end every record with CRLF
  writeFileSync(path, lines.join('\r\n') + '\r\n');
  return { path, titles };
}
