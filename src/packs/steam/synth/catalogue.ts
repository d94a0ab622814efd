/**
 * steam_games: a synthetic catalogue (CatalogueMaker: names, studios, genres, tags, prices and
 * dates, with the real file's NaN patterns and oddities), or a real one copied through byte for
 * byte and read on the way to learn its games.
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { parseLiteral, pyJsonDumps, type Literal } from '../../../core/ingest/literal.js';
import { LineWriter } from '../../../core/synth/lines.js';
import { mixSeed, Random, WeightedSampler } from '../../../core/synth/random.js';
import { fmt, MONTHS } from '../../../core/synth/text.js';
import { FULL, GZIP_LEVEL, STEAM_FILES, type SteamSynthOptions, Stream } from './spec.js';
import { ADJECTIVES, BIG_DEVELOPERS, BIG_PUBLISHERS, CJK_STUDIOS, DLC_SUFFIXES, FAMOUS, type Field, FIELDS, FIRST_NAMES, FOREIGN_NAMES, FREE_TO_PLAY_PRICES, GENRE_COUNT_WEIGHTS, GENRES, LAST_NAMES, NAN_PATTERNS, NOUNS, ODD_DATES, PRICES, SPEC_COUNT_WEIGHTS, SPECS, STUDIO_SUFFIXES, STUDIO_WORDS, SYLLABLES, TAG_COUNT_WEIGHTS, TAGS, TAILS, TEXT_PRICES, YEARS } from './vocabulary.js';

/** What the users' files need to know about a catalogue game (its taste facets come from these). */
export interface CatalogueGame {
  id: string;
  name: string;
  genres: readonly string[];
  tags: readonly string[];
  /** '' when unknown */
  developer: string;
}

interface GameDraft {
  id: string;
  year: number;
  name: string;
  developer: string;
  publisher: string;
  genres: string[];
  earlyAccess: boolean;
  price: number | string;
  date: string;
  /** the user tags, set when the record is made (before any field is blanked) */
  tags?: string[];
}

/** The catalogue generator's state: samplers built once, developer/publisher histories, used ids. */
export class CatalogueMaker {
  private readonly genreSampler = new WeightedSampler(GENRES.map((g) => g[1]));
  private readonly genreCount = new WeightedSampler(GENRE_COUNT_WEIGHTS);
  private readonly tagSampler = new WeightedSampler(TAGS.map((t) => t[1]));
  private readonly tagCount = new WeightedSampler(TAG_COUNT_WEIGHTS);
  private readonly specSampler = new WeightedSampler(SPECS.map((s) => s[1]));
  private readonly specCount = new WeightedSampler(SPEC_COUNT_WEIGHTS);
  private readonly priceSampler = new WeightedSampler(PRICES.map((p) => p[1]));
  private readonly textPrice = new WeightedSampler(TEXT_PRICES.map((p) => p[1]));
  private readonly freePrice = new WeightedSampler(FREE_TO_PLAY_PRICES.map((p) => p[1]));
  private readonly yearSampler = new WeightedSampler(YEARS.map((y) => y[1]));
  private readonly oddDate = new WeightedSampler(ODD_DATES.map((d) => d[1]));
  private readonly nanPattern = new WeightedSampler(NAN_PATTERNS.map((p) => p[1]));
  private readonly devHistory: string[] = [];
  private readonly pubHistory: string[] = [];
  private bigDevs = 0;
  private bigPubs = 0;
  private readonly baseNames: string[] = [];
  readonly usedIds = new Set<string>();

  constructor(private readonly rng: Random) {}

  /** A new game, not yet turned into a record. */
  draft(): GameDraft {
    const rng = this.rng;
    const year = YEARS[this.yearSampler.sample(rng)][0];
    const earlyAccess = year >= 2013 && rng.chance(0.075);
    const genres = this.genres(earlyAccess);
    const developer = this.developer();
    const publisher = rng.chance(0.52) ? developer : this.publisher();
    return { id: this.newId(year), year, name: this.name(), developer, publisher, genres, earlyAccess, price: this.price(genres), date: this.releaseDate(year) };
  }

  /** The record line, fields in the real order; `nan` lists the fields to blank. */
  record(g: GameDraft, nan: ReadonlySet<Field>): Record<Field, Literal> {
    const rng = this.rng;
    const title = g.name.includes('&') && rng.chance(0.5) ? g.name.replaceAll('&', '&amp;') : g.name;
    const tags = this.tags(g.genres, g.earlyAccess);
    g.tags = tags; // the true tags shape who plays the game, even when the record hides them
    const full: Record<Field, Literal> = {
      // every real developer and publisher with an '&' has it written '&amp;'
      publisher: g.publisher.replaceAll('&', '&amp;'),
      genres: g.genres,
      app_name: g.name,
      title,
      url: storeUrl(g.id, g.name),
      release_date: g.date,
      tags,
      reviews_url: reviewsUrl(g.id),
      specs: this.specs(),
      price: g.price,
      early_access: g.earlyAccess,
      id: g.id,
      developer: g.developer.replaceAll('&', '&amp;'),
    };
    for (const f of nan) full[f] = NaN;
    return full;
  }

  /** NaN fields for one ordinary record, drawn from the real co-missingness patterns. */
  nanFields(): Set<Field> {
    return new Set(NAN_PATTERNS[this.nanPattern.sample(this.rng)][0]);
  }

  famous(f: (typeof FAMOUS)[number]): GameDraft {
    this.usedIds.add(f.id);
    return { id: f.id, year: Number(f.date.slice(0, 4)), name: f.name, developer: f.developer, publisher: f.publisher, genres: f.genres, earlyAccess: f.genres.includes('Early Access'), price: f.price, date: f.date };
  }

  /** Steam app ids grew over time; most are multiples of 10, DLCs often are not. */
  private newId(year: number): string {
    const rng = this.rng;
    const t = Math.max(0, Math.min(1, (year - 1995) / 23));
    const centre = 10 + 780000 * Math.pow(t, 2.2);
    for (;;) {
      const raw = Math.max(10, Math.round(centre * (0.75 + 0.3 * rng.next()) + rng.int(-3000, 3000)));
      const id = String(rng.chance(0.8) ? Math.max(10, Math.round(raw / 10) * 10) : raw);
      if (!this.usedIds.has(id)) {
        this.usedIds.add(id);
        return id;
      }
    }
  }

  private name(): string {
    const rng = this.rng;
    // DLC of an earlier base game: 'Train Simulator: X Route Add-On' style families (27% of real names)
    if (this.baseNames.length > 20 && rng.chance(0.27)) {
      const base = this.baseNames[Math.floor(Math.pow(rng.next(), 3) * this.baseNames.length)];
      return `${base} - ${rng.pick(DLC_SUFFIXES).replace('{N}', String(rng.int(1, 12)))}`;
    }
    let name: string;
    const r = rng.next();
    if (r < 0.05) name = rng.pick(FOREIGN_NAMES) + (rng.chance(0.3) ? ` ${rng.int(2, 9)}` : '');
    else if (r < 0.3) name = `${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)}`;
    else if (r < 0.45) name = `The ${rng.pick(NOUNS)} of ${rng.pick(NOUNS)}`;
    else if (r < 0.6) name = `${rng.pick(NOUNS)} ${rng.pick(TAILS)}`;
    else if (r < 0.72) name = `${rng.pick(NOUNS)}: ${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)}`;
    else if (r < 0.8) name = `${rng.pick(NOUNS)} & ${rng.pick(NOUNS)}`;
    else if (r < 0.9) name = `${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)} ${rng.int(2, 5)}`;
    else name = `${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)} ${rng.pick(TAILS)}`;
    if (rng.chance(0.03)) name = name.replace(' ', '™ ');
    else if (rng.chance(0.015)) name += '®';
    if (rng.chance(0.02)) name = `${name} / ${rng.pick(FOREIGN_NAMES)}`;
    this.baseNames.push(name);
    return name;
  }

  /**
   * Simon's model: a new studio with probability 0.38, otherwise the studio of a uniformly chosen
   * earlier game (so studios get new games in proportion to those they have). This gives the real
   * shape: ~0.38 distinct studios per game, ~65% of them with a single game, a few with hundreds.
   */
  private developer(): string {
    const rng = this.rng;
    let dev: string;
    if (this.devHistory.length === 0 || rng.chance(0.38)) {
      // the first new studios are the real big ones, so they end up on top
      dev = this.bigDevs < BIG_DEVELOPERS.length ? BIG_DEVELOPERS[this.bigDevs++] : this.studioName();
    } else {
      dev = this.devHistory[Math.floor(rng.next() * this.devHistory.length)];
    }
    this.devHistory.push(dev);
    return dev;
  }

  private publisher(): string {
    const rng = this.rng;
    let pub: string;
    if (this.pubHistory.length === 0 || rng.chance(0.34)) {
      pub = this.bigPubs < BIG_PUBLISHERS.length ? BIG_PUBLISHERS[this.bigPubs++] : this.studioName();
    } else {
      pub = this.pubHistory[Math.floor(rng.next() * this.pubHistory.length)];
    }
    this.pubHistory.push(pub);
    return pub;
  }

  private studioName(): string {
    const rng = this.rng;
    const one = (): string => {
      const r = rng.next();
      if (r < 0.1) return `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
      if (r < 0.105) return rng.pick(CJK_STUDIOS);
      if (r < 0.25) return `${rng.pick(STUDIO_WORDS)}${rng.pick(SYLLABLES)} ${rng.pick(STUDIO_SUFFIXES)}`;
      let word = '';
      for (let i = rng.int(2, 4); i > 0; i--) word += rng.pick(SYLLABLES);
      word = word[0].toUpperCase() + word.slice(1);
      return rng.chance(0.75) ? `${word} ${rng.pick(STUDIO_SUFFIXES)}` : rng.chance(0.5) ? word : word.toUpperCase();
    };
    // 15% of real developer fields list several studios, comma-joined without a space; 0.4% of
    // the real fields join two with ' & ' ('Sakari Indie &amp; GriN'). Which pairs do is read off
    // their lengths, not drawn, so that every other field of the data set stays as it was.
    if (!rng.chance(0.15)) return one();
    const [a, b] = [one(), one()];
    return (a.length + 2 * b.length) % 37 === 0 ? `${a} & ${b}` : `${a},${b}`;
  }

  private genres(earlyAccess: boolean): string[] {
    const rng = this.rng;
    const n = this.genreCount.sample(rng);
    const set = new Set<string>();
    if (earlyAccess && rng.chance(0.75)) set.add('Early Access');
    for (let guard = 0; set.size < n && guard < 100; guard++) set.add(GENRES[this.genreSampler.sample(rng)][0]);
    const list = [...set];
    // most real genre lists are alphabetical (Python sorted = code-unit order, as JS sort)
    return rng.chance(0.94) ? list.sort() : list;
  }

  /** User tags begin with the genres (as tags), then the most voted other tags. */
  private tags(genres: readonly string[], earlyAccess: boolean): string[] {
    const rng = this.rng;
    const n = this.tagCount.sample(rng);
    const set = new Set<string>();
    if (earlyAccess) set.add('Early Access');
    for (const g of rng.shuffle(genres.filter((x) => x !== 'Early Access'))) set.add(g.replace('&amp;', '&'));
    for (let guard = 0; set.size < n && guard < 200; guard++) set.add(TAGS[this.tagSampler.sample(rng)][0]);
    return [...set].slice(0, Math.max(n, 1));
  }

  private specs(): string[] {
    const rng = this.rng;
    const n = this.specCount.sample(rng);
    const chosen = new Uint8Array(SPECS.length);
    let got = 0;
    for (let guard = 0; got < n && guard < 200; guard++) {
      const i = this.specSampler.sample(rng);
      if (!chosen[i]) {
        chosen[i] = 1;
        got++;
      }
    }
    return SPECS.filter((_, i) => chosen[i]).map((s) => s[0]);
  }

  private price(genres: readonly string[]): number | string {
    const rng = this.rng;
    if (genres.includes('Free to Play') && rng.chance(0.7)) return FREE_TO_PLAY_PRICES[this.freePrice.sample(rng)][0];
    if (rng.chance(0.013)) return TEXT_PRICES[this.textPrice.sample(rng)][0];
    return PRICES[this.priceSampler.sample(rng)][0];
  }

  private releaseDate(year: number): string {
    const rng = this.rng;
    const month = rng.int(1, 12);
    const day = rng.int(1, daysInMonth(year, month));
    if (!rng.chance(0.0095)) return `${year}-${pad2(month)}-${pad2(day)}`;
    const yr = year >= 2016 ? year + rng.int(0, 1) : year; // announced dates point ahead
    return ODD_DATES[this.oddDate.sample(rng)][0]
      .replace('{Y}', String(yr))
      .replace('{Q}', String(rng.int(1, 4)))
      .replace('{MONTH}', MONTHS[month - 1])
      .replace('{M}', MONTHS[month - 1].slice(0, 3))
      .replace('{D}', String(day));
  }
}

/** Store URL: the name keeps ASCII letters, digits and spaces; spaces become '_' (as the real slugs). */
function storeUrl(id: string, name: string): string {
  const slug = name.replace(/[^A-Za-z0-9 ]/g, '').trimEnd().replaceAll(' ', '_');
  return `http://store.steampowered.com/app/${id}/${slug || '_'}/`;
}

function reviewsUrl(id: string): string {
  return `http://steamcommunity.com/app/${id}/reviews/?browsefilter=mostrecent&p=1`;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/**
 * Writes a synthetic steam_games file: the all-NaN lines first (as in the real file), then the
 * records in a shuffled order, including the real oddities: records without id and one id on
 * two records (the second copy's URL lacks the name slug).
 */
export async function writeSyntheticCatalogue(path: string, opts: SteamSynthOptions, log: (m: string) => void): Promise<CatalogueGame[]> {
  const rng = new Random(mixSeed(opts.seed, Stream.Catalogue));
  const maker = new CatalogueMaker(rng);
  const nanLines = Math.round(FULL.nanLines * opts.scale);
  const total = Math.round(FULL.games * opts.scale);
  const noId = total >= 10 ? Math.max(1, Math.round(FULL.gamesWithoutId * opts.scale)) : 0;
  const repeated = total >= 10 ? Math.max(1, Math.round(FULL.repeatedIds * opts.scale)) : 0;
  const famous = FAMOUS.slice(0, Math.min(FAMOUS.length, Math.ceil(total * 0.05)));

  const drafts: GameDraft[] = famous.map((f) => maker.famous(f));
  while (drafts.length < total - noId - repeated) drafts.push(maker.draft());
  const records: Record<Field, Literal>[] = drafts.map((d, i) => maker.record(d, i < famous.length ? new Set() : maker.nanFields()));
  for (let i = 0; i < repeated; i++) {
    const copy = { ...records[famous.length + i] };
    copy.url = `http://store.steampowered.com/app/${copy.id}/`;
    records.push(copy);
  }
  for (let i = 0; i < noId; i++) records.push(recordWithoutId(maker, i));
  rng.shuffle(records);

  const out = new LineWriter(path, { gzipLevel: GZIP_LEVEL });
  const nanLine = pyJsonDumps(Object.fromEntries(FIELDS.map((f) => [f, NaN])));
  for (let i = 0; i < nanLines; i++) await out.line(nanLine);
  for (const r of records) await out.line(pyJsonDumps(r));
  await out.close();
  log(`steam: ${STEAM_FILES.games}: ${fmt(nanLines)} NaN lines + ${fmt(records.length)} games`);
  return drafts.map((d) => ({ id: d.id, name: d.name, genres: d.genres, tags: d.tags ?? [], developer: d.developer }));
}

/** The two real shapes of a record without id: a bare store URL, or an app URL without slug. */
function recordWithoutId(maker: CatalogueMaker, i: number): Record<Field, Literal> {
  const d = maker.draft();
  const r = maker.record(d, new Set());
  r.id = NaN;
  r.reviews_url = NaN;
  if (i % 2 === 0) {
    for (const f of FIELDS) if (f !== 'url' && f !== 'price' && f !== 'early_access') r[f] = NaN;
    r.url = 'http://store.steampowered.com/';
    r.price = 19.99;
  } else {
    r.url = `http://store.steampowered.com/app/${d.id}`;
  }
  return r;
}

/**
 * Copies a real steam_games file through byte for byte (gunzipped then re-gzipped), reading
 * every line on the way to learn the catalogue. Bytes rather than lines are copied so that
 * line endings and a missing final newline survive unchanged.
 */
export async function copyCatalogue(source: string, path: string, log: (m: string) => void): Promise<CatalogueGame[]> {
  const input = await openMaybeGzip(source); // first, so a missing source leaves no output behind
  const out = new LineWriter(path, { gzipLevel: GZIP_LEVEL });
  const games: CatalogueGame[] = [];
  const seen = new Set<string>();
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let lines = 0;
  const learn = (line: string): void => {
    lines++;
    const game = catalogueGame(line);
    if (game && !seen.has(game.id)) {
      seen.add(game.id);
      games.push(game);
    }
  };
  for await (const chunk of input) {
    const buf = chunk as Buffer;
    await out.bytes(buf);
    const text = rest + decoder.write(buf);
    const parts = text.split('\n');
    rest = parts.pop()!;
    for (const line of parts) learn(line);
  }
  rest += decoder.end();
  if (rest) learn(rest);
  await out.close();
  log(`steam: ${STEAM_FILES.games}: copied ${fmt(lines)} lines of ${source}, ${fmt(games.length)} distinct game ids`);
  if (games.length === 0) throw new Error(`${source}: no game with an id and a name`);
  return games;
}

/** A readable over the file's bytes, gunzipped when it starts with the gzip magic number. */
async function openMaybeGzip(path: string): Promise<Readable> {
  const head = createReadStream(path, { start: 0, end: 1 });
  let magic = Buffer.alloc(0);
  for await (const c of head) magic = Buffer.concat([magic, c as Buffer]);
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  if (magic.length === 2 && magic[0] === 0x1f && magic[1] === 0x8b) {
    const gunzip = createGunzip();
    file.on('error', (err) => gunzip.destroy(err));
    return file.pipe(gunzip);
  }
  return file;
}

/** id, name and genres of one catalogue line; null for NaN lines, lines without id or name, junk. */
function catalogueGame(line: string): CatalogueGame | null {
  const text = line.endsWith('\r') ? line.slice(0, -1) : line;
  if (!text.trim()) return null;
  let value: Literal;
  try {
    value = parseLiteral(text);
  } catch {
    return null;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const id = value.id;
  const name = typeof value.app_name === 'string' ? value.app_name : value.title;
  if (typeof id !== 'string' || !id || typeof name !== 'string') return null;
  const strings = (v: Literal): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const developer = typeof value.developer === 'string' ? value.developer : '';
  return { id, name, genres: strings(value.genres), tags: strings(value.tags), developer };
}
