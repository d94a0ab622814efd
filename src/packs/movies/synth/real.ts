/** The real catalogue (--from): the derived tables of shared/data/movies, read in place. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { mixSeed, Random } from '../../../core/synth/random.js';
import { fmt } from '../../../core/synth/text.js';
import type { Movie } from './model.js';
import { FROM_FILES, Stream } from './spec.js';
import { economics, randomDate, syntheticCatalogue } from './synthetic.js';
import { FEMALE, GENRES, LANGUAGE_COUNTRY, LAST, MALE, STORY_PLACES } from './vocabulary.js';
import { World } from './world.js';

type Table = Record<string, string>[];

function readTable(dir: string, file: string): Table {
  const rows = parse(gunzipSync(readFileSync(join(dir, file))), { bom: true, relax_quotes: true }) as string[][];
  const [header, ...body] = rows;
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

function groupBy(table: Table, key: string): Map<string, Table> {
  const out = new Map<string, Table>();
  for (const r of table) {
    const list = out.get(r[key]);
    if (list) list.push(r);
    else out.set(r[key], [r]);
  }
  return out;
}

/** Collections and companies get stable invented ids: the derived tables kept only names. */
function idsByName(): (name: string) => number {
  const ids = new Map<string, number>();
  return (name) => {
    let id = ids.get(name);
    if (id === undefined) ids.set(name, (id = 100_000 + ids.size));
    return id;
  };
}

/**
 * The real movies in the order of peliculas_duracion (which keeps the real repeated ids), then
 * synthetic ones if more rows are asked for than the real data has. Each field comes from the
 * table that has it; what no table has is synthesised from the movie's own random stream.
 */
export function realCatalogue(dir: string, world: World, n: number, log: (m: string) => void): Movie[] {
  const missing = FROM_FILES.filter((f) => !existsSync(join(dir, f)));
  if (missing.length) throw new Error(`--from ${dir} lacks ${missing.join(', ')} (see shared/data/PROVENANCE.md)`);
  const t = Object.fromEntries(FROM_FILES.map((f) => [f, readTable(dir, f)]));
  const directorRows = groupBy(t['director_movies.csv.gz'], 'id');
  const crewRows = groupBy(t['credits_crew_clean.csv.gz'], 'id_movie');
  const collections = groupBy(t['franquicia.csv.gz'], 'id');
  const companies = groupBy(t['productoras_exitosas.csv.gz'], 'id');
  const countries = groupBy(t['countries_data.csv.gz'], 'id_movie');
  const spoken = groupBy(t['spoken_data.csv.gz'], 'id_movie');
  const genres = new Map(t['genres_data_ml.csv.gz'].map((r) => [r.id_movie, r]));
  const collectionId = idsByName();
  const companyId = idsByName();
  const genreIds = new Map(GENRES.map(([id, name]) => [name, id]));
  const base = t['peliculas_duracion.csv.gz'];
  for (const r of base) world.reserveId(Number(r.id));

  const byId = new Map<string, Movie>();
  const out: Movie[] = [];
  for (const r of base.slice(0, n)) {
    const seen = byId.get(r.id);
    // a repeated id is the same movie again; makePlan writes it as a repeat
    if (seen) {
      out.push(seen);
      continue;
    }
    const rng = new Random(mixSeed(world.seed, Stream.Real, Number(r.id)));
    const year = Number(r.release_year);
    const dm = directorRows.get(r.id)?.[0];
    const revenue = dm ? Number(dm.revenue) : Number(companies.get(r.id)?.[0]?.revenue ?? collections.get(r.id)?.[0]?.revenue ?? 0) || 0;
    const budget = dm ? Number(dm.budget) || 0 : 0;
    const spokenList = (spoken.get(r.id) ?? []).map((s) => ({ iso: s.iso_639_1, name: s.name_spoken }));
    const countryList = (countries.get(r.id) ?? []).map((c) => ({ iso: c.iso_3166_1, name: c.name_countries }));
    const g = genres.get(r.id);
    const coll = collections.get(r.id)?.[0]?.name_collection;
    const directorNames = [...new Set((directorRows.get(r.id) ?? crewRows.get(r.id) ?? []).map((d) => d.name_crew ?? d.name).filter(Boolean))];
    const m: Movie = {
      id: Number(r.id),
      title: r.title,
      originalLanguage: originalLanguageOf(rng, spokenList, countryList),
      date: dm?.release_date?.slice(0, 10) || randomDate(rng, year),
      runtime: r.runtime === '' ? null : Number(r.runtime),
      ...economics(rng, year, { budget, revenue }),
      emptyBudget: false,
      emptyRevenue: false,
      collection: coll ? { id: collectionId(coll), name: coll } : null,
      genres: g ? GENRES.filter(([, name]) => Number(g[name]) === 1).map(([, name]) => ({ id: genreIds.get(name)!, name })) : [],
      companies: (companies.get(r.id) ?? []).map((c) => ({ id: companyId(c.name_companies), name: c.name_companies })),
      countries: countryList,
      spoken: spokenList,
      directors: directorNames.map((name) => world.realPerson(name)),
      lead: null,
      story: null,
      sequelNumber: 1,
      status: 'Released',
    };
    byId.set(r.id, m);
    out.push(m);
  }
  linkCollections(out, world);
  if (out.length < n) out.push(...syntheticCatalogue(world, n - out.length));
  log(`movies: ${fmt(byId.size)} real movies from ${dir}`);
  return out;
}

/** The movies of a real collection share a lead actor and a story, as the synthetic ones do. */
function linkCollections(movies: Movie[], world: World): void {
  const byCollection = new Map<number, Movie[]>();
  for (const m of new Set(movies)) {
    if (!m.collection) continue;
    const list = byCollection.get(m.collection.id);
    if (list) list.push(m);
    else byCollection.set(m.collection.id, [m]);
  }
  for (const [id, list] of byCollection) {
    const rng = new Random(mixSeed(world.seed, Stream.Real, -id));
    const lead = world.actors.sampler.sample(rng);
    const story = { hero: `${rng.pick(rng.chance(0.5) ? FEMALE : MALE)} ${rng.pick(LAST)}`, place: rng.pick(STORY_PLACES) };
    list.sort((a, b) => (a.date! < b.date! ? -1 : 1)).forEach((m, i) => Object.assign(m, { lead, story, sequelNumber: i + 1 }));
  }
}

/**
 * Not in the derived tables: English for most movies that speak it, else the first spoken
 * language; without spoken languages, the main language of the first producing country.
 */
function originalLanguageOf(rng: Random, spoken: { iso: string }[], countries: { iso: string }[]): string {
  if (spoken.length > 0) return spoken.some((s) => s.iso === 'en') && rng.chance(0.92) ? 'en' : spoken[0].iso;
  const country = countries[0]?.iso;
  if (!country || ['US', 'GB', 'CA', 'AU', 'IE', 'NZ'].includes(country)) return 'en';
  return Object.entries(LANGUAGE_COUNTRY).find(([, c]) => c === country)?.[0] ?? 'en';
}
