/**
 * Deterministic synthetic raw files for the streaming pack:
 *
 *   amazon_prime_titles.csv, disney_plus_titles.csv, hulu_titles.csv, netflix_titles.csv
 *       the real files copied byte for byte (--titles DIR), or synthesised in their 12-column
 *       format with their quirks (below) and their sizes (9,668 / 1,450 / 3,073 / 8,807)
 *   ratings/1.csv … ratings/8.csv
 *       userId,rating,timestamp,movieId: N well-formed ratings in all (default 11,000,000) plus a
 *       few malformed rows (about 1 in 100,000, at least one per file)
 *
 * The ratings have structure for a recommender to learn: heavy-tailed activity per user
 * (log-normal) and popularity per title (Zipf over a random order; 3 % of titles never rated),
 * a per-user and a per-title bias, and a rank-8 taste model whose title factors come from the
 * title's genres (so titles sharing genres are liked by the same users). Users choose between
 * two popular candidates by taste, so what is rated is not random either. About 45 % of users
 * give only whole stars (as MovieLens users did before half stars). Each user's ratings are in
 * time order over an active period; a user's rows are all in one file.
 *
 * Determinism: every draw comes from seeded sfc32 streams (one per user for the ratings), so the
 * same options give byte-identical files on every machine.
 */
import { copyFileSync, createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { mixSeed, Random, WeightedSampler, zipfWeights } from '../../core/synth/random.js';
import { cleanTitleRecord, PLATFORMS, splitList, TITLE_COLUMNS, TITLE_FILES, type Platform } from './clean.js';

export interface StreamingSynthOptions {
  /** well-formed ratings in all 8 files */
  ratings: number;
  seed: number;
  /** a folder with the four real title files, copied instead of synthesised */
  titles?: string;
}

export const RATING_FILES = 8;
export const DEFAULT_RATINGS = 11_000_000;

// Independent random streams, so changing one part of the generator does not reshuffle another.
const enum Stream {
  Titles = 1,
  Popularity,
  Genres,
  Items,
  Users,
  User,
  Malformed,
}

/** What the ratings generator needs to know of a title. */
interface CatalogueTitle {
  id: string;
  genres: string[];
}

export async function generateStreaming(out: string, opts: StreamingSynthOptions, log: (m: string) => void): Promise<string[]> {
  if (!(Number.isInteger(opts.ratings) && opts.ratings >= 0)) throw new Error(`ratings must be a non-negative integer, got ${opts.ratings}`);
  if (!Number.isInteger(opts.seed)) throw new Error(`seed must be an integer, got ${opts.seed}`);
  mkdirSync(join(out, 'ratings'), { recursive: true });
  const started = Date.now();
  const written: string[] = [];
  const catalogue: CatalogueTitle[] = [];
  for (const platform of PLATFORMS) {
    const { path, titles } = opts.titles ? copyRealTitles(opts.titles, out, platform) : writeSyntheticTitles(out, platform, opts.seed);
    written.push(path);
    catalogue.push(...titles);
    log(`streaming: ${path}: ${fmt(titles.length)} titles${opts.titles ? ' (real file, copied)' : ''}`);
  }
  written.push(...(await writeRatings(out, catalogue, opts, log)));
  log(`streaming: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return written;
}

const fmt = (n: number) => n.toLocaleString('en-US');

// =============================================================================================
// Titles: the real files

/** Copies a real title file (plain or .gz, keeping its name) and reads its ids and genres. */
function copyRealTitles(dir: string, out: string, platform: Platform): { path: string; titles: CatalogueTitle[] } {
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

// =============================================================================================
// Titles: synthesised, with the real files' proportions and quirks

type Weighted<T> = readonly (readonly [T, number])[];

interface PlatformProfile {
  count: number;
  movieShare: number;
  /** audience ratings and their counts in the real file ('' = empty cell) */
  ratings: Weighted<string>;
  genres: Weighted<string>;
  /** how many genres a title lists (1, 2, 3, 4, 5) */
  genresPerTitle: readonly number[];
  countries: Weighted<string>;
  countryEmpty: number;
  /** ', South Korea' / 'United States,' (Netflix) */
  countryStrayComma: number;
  castEmpty: number;
  /** log-normal cast size: median, spread */
  castSize: readonly [number, number];
  directorEmpty: number;
  dateEmpty: number;
  /** years titles were added, and their weights */
  addedYears: Weighted<number>;
  /** ' August 4, 2017' (Netflix) */
  dateLeadingSpace: number;
  /** release years by 5-year bucket starting 1920 */
  releaseBuckets: readonly number[];
  /** log-normal film length in minutes: median, spread, max */
  minutes: readonly [number, number, number];
  /** the duration written in the rating column, the duration cell empty (Hulu, Netflix) */
  durationInRating: number;
  durationEmpty: number;
  /** films listed in seasons ('1 Season'): 62 Hulu movies */
  movieInSeasons: number;
}

const US = 'United States';
const PROFILES: Record<Platform, PlatformProfile> = {
  amazon: {
    count: 9668,
    movieShare: 0.808,
    ratings: [['13+', 2117], ['16+', 1547], ['ALL', 1268], ['18+', 1243], ['R', 1010], ['PG-13', 393], ['7+', 385], ['', 337], ['PG', 253], ['NR', 223], ['TV-14', 208], ['TV-PG', 169], ['TV-NR', 105], ['G', 93], ['TV-G', 81], ['TV-MA', 77], ['TV-Y', 74], ['TV-Y7', 39], ['UNRATED', 33], ['NC-17', 3], ['AGES_18_', 3], ['NOT_RATE', 3], ['AGES_16_', 2], ['16', 1], ['ALL_AGES', 1]],
    genres: [['Drama', 3687], ['Comedy', 2099], ['Action', 1657], ['Suspense', 1501], ['Kids', 1085], ['Documentary', 993], ['Special Interest', 980], ['Horror', 875], ['Romance', 674], ['Animation', 547], ['Arts, Entertainment, and Culture', 483], ['Science Fiction', 457], ['International', 355], ['TV Shows', 263], ['Adventure', 259], ['Western', 234], ['Sports', 160], ['Music Videos and Concerts', 155], ['Unscripted', 152], ['Arthouse', 141], ['LGBTQ', 113], ['Young Adult Audience', 87], ['Fitness', 83], ['Anime', 80], ['Fantasy', 68], ['Faith and Spirituality', 66], ['Military and War', 44], ['Historical', 31]],
    genresPerTitle: [3839, 3773, 1623, 110, 323],
    countries: [[US, 334], ['India', 246], ['United Kingdom', 67], ['Canada', 35], ['France', 20], ['Germany', 17], ['Italy', 14], ['Spain', 11], ['Japan', 6], ['China', 6], ['Denmark', 6], ['Australia', 6], ['Brazil', 5], ['Belgium', 5]],
    countryEmpty: 0.93,
    countryStrayComma: 0,
    castEmpty: 0.128,
    castSize: [4, 0.8],
    directorEmpty: 0.215,
    dateEmpty: 0.984,
    addedYears: [[2021, 1]],
    dateLeadingSpace: 0,
    releaseBuckets: [7, 15, 33, 104, 87, 86, 91, 64, 68, 71, 102, 92, 109, 190, 261, 316, 439, 746, 1370, 3013, 2404],
    minutes: [91, 0.45, 601],
    durationInRating: 0,
    durationEmpty: 0,
    movieInSeasons: 0,
  },
  disney: {
    count: 1450,
    movieShare: 0.726,
    ratings: [['TV-G', 318], ['TV-PG', 301], ['G', 253], ['PG', 236], ['TV-Y7', 131], ['TV-14', 79], ['PG-13', 66], ['TV-Y', 50], ['TV-Y7-FV', 13], ['', 3]],
    genres: [['Family', 632], ['Animation', 542], ['Comedy', 526], ['Action-Adventure', 452], ['Animals & Nature', 208], ['Coming of Age', 205], ['Fantasy', 192], ['Documentary', 174], ['Kids', 141], ['Drama', 134], ['Docuseries', 122], ['Science Fiction', 91], ['Historical', 53], ['Music', 48], ['Musical', 44], ['Sports', 43], ['Biographical', 41], ['Buddy', 40], ['Anthology', 28], ['Reality', 26], ['Romance', 20], ['Superhero', 19], ['Game Show / Competition', 10]],
    genresPerTitle: [64, 312, 1074, 0, 0],
    countries: [[US, 1184], ['United Kingdom', 101], ['Canada', 77], ['Australia', 23], ['France', 22], ['South Korea', 13], ['Japan', 10], ['China', 10], ['Germany', 9], ['Ireland', 8]],
    countryEmpty: 0.151,
    countryStrayComma: 0,
    castEmpty: 0.131,
    castSize: [5, 0.4],
    directorEmpty: 0.326,
    dateEmpty: 0.002,
    addedYears: [[2019, 765], [2020, 352], [2021, 330]],
    dateLeadingSpace: 0,
    releaseBuckets: [0, 1, 10, 26, 23, 18, 28, 22, 17, 12, 13, 23, 15, 34, 49, 89, 122, 155, 214, 340, 239],
    minutes: [80, 0.6, 183],
    durationInRating: 0,
    durationEmpty: 0,
    movieInSeasons: 0,
  },
  hulu: {
    count: 3073,
    movieShare: 0.483,
    ratings: [['TV-14', 691], ['', 520], ['TV-MA', 391], ['R', 345], ['TV-PG', 321], ['PG-13', 163], ['TV-G', 148], ['PG', 105], ['TV-Y7', 46], ['TV-Y', 31], ['G', 18]],
    genres: [['Drama', 907], ['Comedy', 667], ['Adventure', 556], ['Action', 555], ['Documentaries', 524], ['Anime', 329], ['Horror', 304], ['Reality', 247], ['Thriller', 231], ['Crime', 217], ['International', 216], ['Family', 205], ['Romance', 186], ['Kids', 162], ['Lifestyle & Culture', 155], ['Sports', 139], ['Science Fiction', 122], ['Sitcom', 118], ['Black Stories', 113], ['News', 106], ['Latino', 92], ['Mystery', 81], ['Cooking & Food', 80], ['LGBTQ+', 67]],
    genresPerTitle: [706, 1046, 1321, 0, 0],
    countries: [[US, 1097], ['Japan', 281], ['United Kingdom', 200], ['Canada', 88], ['Germany', 41], ['France', 40], ['Australia', 36], ['Sweden', 20], ['Denmark', 17], ['South Korea', 15]],
    countryEmpty: 0.473,
    countryStrayComma: 0,
    castEmpty: 1, // the real Hulu file lists no cast at all
    castSize: [1, 0],
    directorEmpty: 0.999,
    dateEmpty: 0.009,
    addedYears: [[2012, 16], [2013, 34], [2014, 49], [2015, 69], [2016, 66], [2017, 197], [2018, 270], [2019, 406], [2020, 815], [2021, 1085]],
    dateLeadingSpace: 0,
    releaseBuckets: [1, 0, 1, 0, 0, 0, 10, 10, 11, 12, 17, 12, 23, 36, 53, 98, 144, 270, 533, 1239, 603],
    minutes: [95, 0.35, 192],
    durationInRating: 0.095,
    durationEmpty: 0.061,
    movieInSeasons: 0.042,
  },
  netflix: {
    count: 8807,
    movieShare: 0.696,
    ratings: [['TV-MA', 3207], ['TV-14', 2160], ['TV-PG', 863], ['R', 799], ['PG-13', 490], ['TV-Y7', 334], ['TV-Y', 307], ['PG', 287], ['TV-G', 220], ['NR', 80], ['G', 41], ['TV-Y7-FV', 6], ['', 4], ['NC-17', 3], ['UR', 3]],
    genres: [['International Movies', 2752], ['Dramas', 2427], ['Comedies', 1674], ['International TV Shows', 1351], ['Documentaries', 869], ['Action & Adventure', 859], ['TV Dramas', 763], ['Independent Movies', 756], ['Children & Family Movies', 641], ['Romantic Movies', 616], ['TV Comedies', 581], ['Thrillers', 577], ['Crime TV Shows', 470], ["Kids' TV", 451], ['Docuseries', 395], ['Music & Musicals', 375], ['Romantic TV Shows', 370], ['Horror Movies', 357], ['Stand-Up Comedy', 343], ['Reality TV', 255], ['British TV Shows', 253], ['Sci-Fi & Fantasy', 243], ['Sports Movies', 219], ['Anime Series', 176]],
    genresPerTitle: [2020, 3058, 3729, 0, 0],
    countries: [[US, 3690], ['India', 1046], ['United Kingdom', 806], ['Canada', 445], ['France', 393], ['Japan', 318], ['Spain', 232], ['South Korea', 231], ['Germany', 226], ['Mexico', 169], ['China', 162], ['Australia', 160], ['Egypt', 117], ['Turkey', 113], ['Hong Kong', 105], ['Nigeria', 103], ['Italy', 100], ['Brazil', 97], ['Argentina', 91], ['Belgium', 90]],
    countryEmpty: 0.094,
    countryStrayComma: 0.01,
    castEmpty: 0.094,
    castSize: [8, 0.5],
    directorEmpty: 0.299,
    dateEmpty: 0.001,
    addedYears: [[2015, 82], [2016, 429], [2017, 1188], [2018, 1649], [2019, 2016], [2020, 1879], [2021, 1498]],
    dateLeadingSpace: 0.01,
    releaseBuckets: [0, 1, 0, 0, 8, 7, 2, 9, 12, 13, 29, 41, 64, 65, 112, 162, 258, 552, 1256, 4671, 1545],
    minutes: [98, 0.3, 312],
    durationInRating: 0.0004,
    durationEmpty: 0,
    movieInSeasons: 0,
  },
};

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const FIRST = ['James', 'Mary', 'John', 'Patricia', 'Robert', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William', 'Susan', 'Richard', 'Jessica', 'Joseph', 'Sarah', 'Thomas', 'Karen', 'Priya', 'Rahul', 'Aarav', 'Ananya', 'Yuki', 'Haruto', 'Sakura', 'Min-jun', 'Ji-woo', 'Chloé', 'Zoë', 'José', 'María', 'Sofía', 'Mateo', 'Lucía', 'François', 'Amélie', 'Jürgen', 'Søren', 'Björn', 'Chidi', 'Ngozi', 'Omar', 'Layla', 'Mehmet', 'Ayşe', 'Wei', 'Mei', 'Olga', 'Ivan', 'Giulia', 'Marco'];
const LAST = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Wilson', 'Anderson', 'Taylor', 'Thomas', 'Moore', 'Jackson', 'Martin', 'Lee', 'Kapoor', 'Sharma', 'Khan', 'Tanaka', 'Suzuki', 'Kim', 'Park', 'Dubois', 'Lefèvre', 'Müller', 'Schmidt', 'Nielsen', 'Andersson', 'Okafor', 'Adeyemi', 'Yılmaz', 'Zhang', 'Wang', 'Ivanova', 'Rossi', 'Bianchi', "O'Brien", 'Núñez', 'Peña', 'Costa', 'Silva'];
const ADJECTIVES = ['Last', 'Silent', 'Hidden', 'Broken', 'Golden', 'Lost', 'Dark', 'Secret', 'Wild', 'Little', 'Great', 'Final', 'Crimson', 'Endless', 'Frozen', 'Electric', 'Midnight', 'Forgotten', 'Brave', 'Strange'];
const NOUNS = ['Night', 'River', 'Kingdom', 'Heart', 'Road', 'City', 'Summer', 'Garden', 'Island', 'Game', 'Promise', 'Storm', 'Family', 'Detective', 'Dragon', 'Station', 'Wedding', 'Circus', 'Planet', 'Mountain', 'Secret', 'Chef', 'Band', 'Witness'];
const PLACES = ['Tokyo', 'Paris', 'Mumbai', 'Lagos', 'Seoul', 'Madrid', 'Berlin', 'Cairo', 'Montréal', 'São Paulo', 'Brooklyn', 'Texas'];
const SUBJECTS = ['a young chef', 'an estranged sister', 'a retired detective', 'a small-town teacher', 'a team of rookies', 'an ambitious lawyer', 'a family of farmers', 'a lonely robot', 'a trio of old friends', 'a famous comedian', 'a reluctant hero', 'a group of teens'];
const GOALS = ['must solve a murder', 'sets out to win a competition', 'tries to save the family business', 'falls for an unlikely stranger', 'uncovers a conspiracy', 'fights to clear a name', 'plans one last heist', 'discovers a hidden talent', 'returns home after years away', 'races against time'];
const CODAS = ['before it is too late.', 'in this heartfelt drama.', 'with hilarious results.', 'as secrets come to light.', 'while the whole town watches.', 'in a world on the brink.', "in this year's most talked-about series."];

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

/** A CSV cell as the real files write it: quoted when it holds a comma, quote or line break. */
function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function writeSyntheticTitles(out: string, platform: Platform, seed: number): { path: string; titles: CatalogueTitle[] } {
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

// =============================================================================================
// Ratings

const FACTORS = 8;
const GLOBAL_MEAN = 3.55;
const USER_BIAS_SD = 0.4;
const ITEM_BIAS_SD = 0.4;
const USER_FACTOR_SD = 0.22;
const NOISE_SD = 0.75;
/** average ratings per user: sets the number of users (11 M → 122 k users) */
const RATINGS_PER_USER = 90;
/** nobody rates more than this share of the catalogue (keeps sampling without repeats cheap) */
const MAX_USER_SHARE = 0.25;
const NEVER_RATED = 0.03;
const MALFORMED_RATE = 1e-5;
const FIRST_DAY = Date.UTC(2015, 0, 1) / 1000;
const LAST_DAY = Date.UTC(2021, 11, 31) / 1000;
const DAY = 86_400;

interface TasteModel {
  n: number;
  ids: Buffer[];
  itemBias: Float64Array;
  /** n × FACTORS, row-major */
  itemFactors: Float64Array;
  popularity: WeightedSampler;
  /** titles that can be rated at all */
  rateable: Int32Array;
}

/**
 * Title side of the taste model. A genre is a random direction in factor space; a title's
 * factors are the mean of its genres' directions plus its own noise.
 */
function tasteModel(catalogue: CatalogueTitle[], seed: number): TasteModel {
  const n = catalogue.length;
  const genreRng = new Random(mixSeed(seed, Stream.Genres));
  const genreVectors = new Map<string, Float64Array>();
  for (const genre of [...new Set(catalogue.flatMap((t) => t.genres))].sort()) {
    genreVectors.set(genre, Float64Array.from({ length: FACTORS }, () => genreRng.normal()));
  }
  const rng = new Random(mixSeed(seed, Stream.Items));
  const itemBias = new Float64Array(n);
  const itemFactors = new Float64Array(n * FACTORS);
  for (let i = 0; i < n; i++) {
    itemBias[i] = ITEM_BIAS_SD * rng.normal();
    const gs = catalogue[i].genres;
    for (let k = 0; k < FACTORS; k++) {
      let g = 0;
      for (const genre of gs) g += genreVectors.get(genre)![k];
      itemFactors[i * FACTORS + k] = 0.8 * (gs.length ? g / gs.length : 0) + 0.6 * rng.normal();
    }
  }
  // popularity: Zipf over a random order of the titles; a few are never rated (new arrivals)
  const popRng = new Random(mixSeed(seed, Stream.Popularity));
  const order = popRng.shuffle(Array.from({ length: n }, (_, i) => i));
  const zipf = zipfWeights(n, 0.85);
  const weights = new Float64Array(n);
  const rateable: number[] = [];
  for (let r = 0; r < n; r++) {
    const i = order[r];
    if (popRng.chance(NEVER_RATED)) continue;
    weights[i] = zipf[r];
    rateable.push(i);
  }
  if (rateable.length === 0) throw new Error('no title to rate');
  return { n, ids: catalogue.map((t) => Buffer.from(t.id)), itemBias, itemFactors, popularity: new WeightedSampler(weights), rateable: Int32Array.from(rateable.sort((a, b) => a - b)) };
}

/**
 * Ratings per user: log-normal activity scaled so they sum to exactly `total`, each user
 * capped at a share of the rateable catalogue (the excess goes to the others).
 */
function userCounts(total: number, rateable: number, seed: number): Int32Array {
  const users = Math.max(1, Math.round(total / RATINGS_PER_USER));
  const cap = Math.max(1, Math.floor(rateable * MAX_USER_SHARE));
  if (total > users * cap) throw new Error(`${total} ratings do not fit ${users} users × ${cap} titles each`);
  const rng = new Random(mixSeed(seed, Stream.Users));
  const activity = Float64Array.from({ length: users }, () => rng.logNormal(0, 1.1));
  const counts = new Int32Array(users);
  let left = total;
  // proportional shares, a few rounds: whatever the caps cut off goes again to users below the cap
  for (let round = 0; left > 0 && round < 50; round++) {
    let weight = 0;
    for (let u = 0; u < users; u++) if (counts[u] < cap) weight += activity[u];
    let given = 0;
    for (let u = 0; u < users && given < left; u++) {
      if (counts[u] >= cap) continue;
      const add = Math.min(cap - counts[u], Math.floor((left * activity[u]) / weight), left - given);
      counts[u] += add;
      given += add;
    }
    left -= given;
    if (given === 0) break;
  }
  // the rounding remainder (fewer than one per user): one each, in user order
  for (let progressed = true; left > 0 && progressed; ) {
    progressed = false;
    for (let u = 0; u < users && left > 0; u++) {
      if (counts[u] < cap) {
        counts[u]++;
        left--;
        progressed = true;
      }
    }
  }
  if (left > 0) throw new Error('could not spread the ratings over the users');
  return counts;
}

/** Buffered bytes to a file; the generator writes whole users synchronously between flushes. */
class ByteFile {
  private buf = Buffer.allocUnsafe(8 << 20);
  private pos = 0;
  private readonly stream: WriteStream;
  private readonly done: Promise<void>;
  lines = 0;

  constructor(readonly path: string) {
    this.stream = createWriteStream(path);
    this.done = new Promise((resolve, reject) => {
      this.stream.on('finish', resolve);
      this.stream.on('error', reject);
    });
  }

  ascii(s: string): void {
    this.room(s.length);
    this.pos += this.buf.write(s, this.pos, 'latin1');
  }

  /** Short byte strings (ids, '4.5'): a plain loop beats a native copy call at this size. */
  bytes(b: Uint8Array): void {
    this.room(b.length);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < b.length; i++) buf[p++] = b[i];
    this.pos = p;
  }

  byte(c: number): void {
    this.room(1);
    this.buf[this.pos++] = c;
  }

  /** A non-negative integer in decimal (int32 arithmetic below 2^31: timestamps until 2038). */
  int(n: number): void {
    this.room(16);
    if (n >= 2 ** 31) {
      this.ascii(String(n));
      return;
    }
    let digits = 1;
    while (digits < 10 && n >= POW10[digits]) digits++;
    const buf = this.buf;
    let p = this.pos + digits;
    this.pos = p;
    let t = n | 0;
    do {
      const q = (t / 10) | 0;
      buf[--p] = 48 + t - q * 10;
      t = q;
    } while (t > 0);
  }

  /** Hands the bytes so far to the file once there are enough of them; waits for the disk. */
  async maybeFlush(min = 4 << 20): Promise<void> {
    if (this.pos < min) return;
    const full = this.buf.subarray(0, this.pos);
    this.buf = Buffer.allocUnsafe(this.buf.length);
    this.pos = 0;
    if (!this.stream.write(full)) await new Promise<void>((resolve) => this.stream.once('drain', resolve));
  }

  async close(): Promise<void> {
    await this.maybeFlush(1);
    this.stream.end();
    await this.done;
  }

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }
}

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

/** '0.5' … '5.0' as bytes, by half steps (index 1 = 0.5). */
const RATING_TEXT = Array.from({ length: 11 }, (_, i) => Buffer.from((i / 2).toFixed(1)));

/** The malformed rows a ratings file may hold, each breaking one rule of clean.ts. */
const MALFORMED: ((u: number, ts: number, id: string) => string)[] = [
  (u, ts, id) => `${u},6.0,${ts},${id}`, // out of range
  (u, ts, id) => `${u},0.0,${ts},${id}`,
  (u, ts, id) => `${u},3.7,${ts},${id}`, // not a half step
  (u, ts) => `${u},4.0,${ts}`, // a field missing
  (u, ts, id) => `${u},4.0,${ts},${id},1`, // a field too many
  (u, ts, id) => `user${u},4.0,${ts},${id}`, // not a number
  (u, ts) => `${u},4.0,${ts},`, // no movieId
  (u, ts, id) => `${u},4.0,${ts}000,${id}`, // milliseconds
  (u, ts, id) => `${u},,${ts},${id}`, // no rating
  (u, ts, id) => `${u},"4.0,${ts},${id}`, // a quote left open
];

class UserMaker {
  private readonly seen: Int32Array;
  private readonly factors = new Float64Array(FACTORS);
  // one user's ratings, reused
  private items = new Int32Array(1024);
  private steps = new Int32Array(1024);
  private times = new Float64Array(1025);

  constructor(
    private readonly m: TasteModel,
    private readonly seed: number,
  ) {
    this.seen = new Int32Array(m.n).fill(-1);
  }

  /** Writes user `u`'s `count` ratings, in time order. */
  write(out: ByteFile, u: number, count: number): void {
    const rng = new Random(mixSeed(this.seed, Stream.User, u));
    for (let k = 0; k < FACTORS; k++) this.factors[k] = USER_FACTOR_SD * rng.normal();
    const bias = USER_BIAS_SD * rng.normal();
    const wholeStars = rng.chance(0.45);
    const start = FIRST_DAY + rng.next() * (LAST_DAY - FIRST_DAY);
    const span = Math.min(LAST_DAY - start, DAY * rng.logNormal(Math.log(20), 1.8));
    this.grow(count);
    for (let c = 0; c < count; c++) {
      const i = this.pick(rng, u);
      this.items[c] = i;
      const r = GLOBAL_MEAN + bias + this.m.itemBias[i] + this.affinity(i) + NOISE_SD * rng.normal();
      this.steps[c] = wholeStars ? 2 * Math.min(5, Math.max(1, Math.round(r))) : Math.min(10, Math.max(1, Math.round(2 * r)));
    }
    // times in order without sorting: cumulative exponential gaps, scaled to the active span
    let acc = 0;
    for (let c = 0; c <= count; c++) this.times[c] = acc += -Math.log(1 - rng.next());
    const user = Buffer.from(`${u},`);
    for (let c = 0; c < count; c++) {
      out.bytes(user);
      out.bytes(RATING_TEXT[this.steps[c]]);
      out.byte(44);
      out.int(Math.floor(start + (span * this.times[c]) / acc));
      out.byte(44);
      out.bytes(this.m.ids[this.items[c]]);
      out.byte(10);
    }
    out.lines += count;
  }

  private affinity(i: number): number {
    let dot = 0;
    const f = this.m.itemFactors;
    for (let k = 0; k < FACTORS; k++) dot += this.factors[k] * f[i * FACTORS + k];
    return dot;
  }

  /**
   * A title the user has not rated yet: of two popularity draws, the one they like more (most of
   * the time). Repeats are redrawn; past a few tries, any rateable title will do.
   */
  private pick(rng: Random, u: number): number {
    const m = this.m;
    for (let tries = 0; tries < 16; tries++) {
      const a = m.popularity.sample(rng);
      const b = m.popularity.sample(rng);
      const seenA = this.seen[a] === u;
      const seenB = this.seen[b] === u || b === a;
      if (seenA && seenB) continue;
      let i: number;
      if (seenA) i = b;
      else if (seenB) i = a;
      else {
        const aLiked = this.affinity(a) >= this.affinity(b);
        i = rng.chance(0.7) === aLiked ? a : b;
      }
      this.seen[i] = u;
      return i;
    }
    for (;;) {
      const i = m.rateable[rng.int(0, m.rateable.length - 1)];
      if (this.seen[i] !== u) {
        this.seen[i] = u;
        return i;
      }
    }
  }

  private grow(count: number): void {
    if (count <= this.items.length) return;
    const size = Math.max(count, this.items.length * 2);
    this.items = new Int32Array(size);
    this.steps = new Int32Array(size);
    this.times = new Float64Array(size + 1);
  }
}

async function writeRatings(out: string, catalogue: CatalogueTitle[], opts: StreamingSynthOptions, log: (m: string) => void): Promise<string[]> {
  const model = tasteModel(catalogue, opts.seed);
  const counts = userCounts(opts.ratings, model.rateable.length, opts.seed);
  const maker = new UserMaker(model, opts.seed);
  const badRng = new Random(mixSeed(opts.seed, Stream.Malformed));
  const paths: string[] = [];
  let u = 0;
  let done = 0;
  for (let f = 1; f <= RATING_FILES; f++) {
    const file = new ByteFile(join(out, 'ratings', `${f}.csv`));
    file.ascii('userId,rating,timestamp,movieId\n');
    // users in order until this file's share of the ratings is reached, and at least one while
    // any is left: at a small N one heavy user can overshoot the next file's share too, which left
    // that file with only its malformed rows (and its ingest failing: a source that kept nothing)
    const target = Math.round((opts.ratings * f) / RATING_FILES);
    const firstUser = u;
    let rows = 0;
    while (u < counts.length && (done < target || u === firstUser || f === RATING_FILES)) {
      rows += counts[u];
      done += counts[u++];
    }
    const malformed = malformedBefore(badRng, firstUser, u, Math.max(1, Math.round(rows * MALFORMED_RATE)));
    const writeMalformed = (n: number, user: number) => {
      for (let k = 0; k < n; k++) {
        const id = model.ids[model.rateable[badRng.int(0, model.rateable.length - 1)]].toString();
        file.ascii(badRng.pick(MALFORMED)(user, Math.floor(FIRST_DAY + badRng.next() * (LAST_DAY - FIRST_DAY)), id) + '\n');
        file.lines++;
      }
    };
    // a file without users (tiny N) still gets its malformed rows, after the header
    if (u === firstUser) writeMalformed(malformed.get(firstUser) ?? 0, firstUser + 1);
    for (let v = firstUser; v < u; v++) {
      writeMalformed(malformed.get(v) ?? 0, v + 1);
      maker.write(file, v + 1, counts[v]);
      await file.maybeFlush();
    }
    await file.close();
    paths.push(file.path);
    log(`streaming: ${file.path}: ${fmt(rows)} ratings of ${fmt(u - firstUser)} users, ${fmt(file.lines - rows)} malformed rows`);
  }
  return paths;
}

/** How many malformed rows go before each user's rows (user index → count), `n` in all. */
function malformedBefore(rng: Random, from: number, to: number, n: number): Map<number, number> {
  const at = new Map<number, number>();
  for (let k = 0; k < n; k++) {
    const v = to > from ? rng.int(from, to - 1) : from;
    at.set(v, (at.get(v) ?? 0) + 1);
  }
  return at;
}
