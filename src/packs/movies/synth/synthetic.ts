/** The synthetic catalogue: titles, dates, genres, languages, countries, companies and money of invented movies. */
import { mixSeed, Random } from '../../../core/synth/random.js';
import type { Movie, Named, Person } from './model.js';
import { Stream } from './spec.js';
import { COUNTRIES, FEMALE, GENRES, LANGUAGE_COUNTRY, LANGUAGE_NAMES, LAST, MALE, ORIGINAL_LANGUAGES, SPOKEN_EXTRA, STORY_PLACES, SUBTITLES, TITLE_ADJECTIVES, TITLE_NOUNS, TITLE_PLACES } from './vocabulary.js';
import { World } from './world.js';

export function syntheticCatalogue(world: World, n: number): Movie[] {
  const rng = new Random(mixSeed(world.seed, Stream.Catalogue));
  const out: Movie[] = [];
  let collectionId = 10;
  while (out.length < n) {
    const left = n - out.length;
    if (left >= 2 && rng.chance(0.04)) {
      const size = Math.min(left, 2 + Math.min(6, rng.geometric(0.45)));
      out.push(...syntheticCollection(world, rng, size, { id: (collectionId += 1 + rng.int(0, 40)), name: '' }));
    } else {
      out.push(syntheticMovie(world, rng, syntheticTitle(rng), null));
    }
  }
  return out;
}

function syntheticCollection(world: World, rng: Random, size: number, collection: Named): Movie[] {
  const base = syntheticTitle(rng).replace(/[?!.]$/, '');
  collection.name = `${base} Collection`;
  const first = syntheticMovie(world, rng, base, null);
  first.collection = collection;
  first.lead = world.actors.sampler.sample(rng);
  first.story = { hero: `${rng.pick(rng.chance(0.5) ? FEMALE : MALE)} ${rng.pick(LAST)}`, place: rng.pick(STORY_PLACES) };
  const movies = [first];
  let year = Number(first.date!.slice(0, 4));
  for (let k = 2; k <= size; k++) {
    year = Math.min(2020, year + 1 + rng.geometric(0.4));
    const title = rng.chance(0.5) ? `${base} ${k}` : rng.chance(0.5) ? `${base}: ${rng.pick(SUBTITLES)}` : `${base} ${['II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII'][k - 2]}`;
    const m = syntheticMovie(world, rng, title, year);
    // sequels keep the family resemblance: genres, often the director and the studio
    Object.assign(m, { collection, lead: first.lead, story: first.story, sequelNumber: k, genres: first.genres, originalLanguage: first.originalLanguage, spoken: first.spoken, countries: first.countries });
    if (rng.chance(0.5)) m.directors = first.directors;
    if (rng.chance(0.6)) m.companies = first.companies;
    movies.push(m);
  }
  return movies;
}

export function syntheticTitle(rng: Random): string {
  const adj = () => rng.pick(TITLE_ADJECTIVES);
  const noun = () => rng.pick(TITLE_NOUNS);
  const name = () => rng.pick(rng.chance(0.5) ? FEMALE : MALE);
  const r = rng.next();
  // short patterns repeat, as real titles do ('Hamlet', 'The Promise'); the rest are rarely equal
  if (r < 0.06) return noun();
  if (r < 0.12) return `The ${noun()}`;
  if (r < 0.16) return name();
  if (r < 0.4) return `The ${adj()} ${noun()}`;
  if (r < 0.52) return `${noun()} of the ${noun()}`;
  if (r < 0.6) return `${adj()} ${noun()} in ${rng.pick(TITLE_PLACES)}`;
  if (r < 0.66) return `${name()} and ${name()}`;
  if (r < 0.72) return `A ${noun()} for ${name()}`;
  if (r < 0.78) return `${adj()} ${noun()}s`;
  if (r < 0.82) return `The ${noun()} Who Knew Too Much`;
  if (r < 0.85) return `${noun()}, ${noun()} and ${noun()}`;
  // characters a URL must encode, and quotes a CSV must double
  if (r < 0.87) return `${noun()}/${noun()}`;
  if (r < 0.89) return `Who Killed ${name()}?`;
  if (r < 0.9) return `100% ${noun()}`;
  if (r < 0.91) return `The "${adj()}" ${noun()}`;
  if (r < 0.92) return `${noun()} #${rng.int(1, 9)}`;
  if (r < 0.93) return `${name()}'s ${noun()}`;
  return `${adj()} ${noun()}: ${rng.pick(SUBTITLES)}`;
}

export function randomDate(rng: Random, year: number): string {
  // TMDB has many January 1st dates: a year was known but not the day
  if (rng.chance(0.05)) return `${year}-01-01`;
  const month = rng.int(1, 12);
  const day = rng.int(1, new Date(Date.UTC(year, month, 0)).getUTCDate());
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function pickGenres(world: World, rng: Random): Named[] {
  const k = world.genreCount.sample(rng);
  const chosen = new Set<number>();
  for (let t = 0; chosen.size < k && t < 30; t++) chosen.add(world.genre.sample(rng));
  return [...chosen].map((i) => ({ id: GENRES[i][0], name: GENRES[i][1] }));
}

function spokenFor(world: World, rng: Random, original: string): { iso: string; name: string }[] {
  if (rng.chance(0.08)) return [];
  const isos = new Set<string>();
  if (original !== 'xx' || rng.chance(0.5)) isos.add(original);
  while (rng.chance(0.25) && isos.size < 6) isos.add(SPOKEN_EXTRA[world.spokenExtra.sample(rng)][0]);
  return [...isos].map((iso) => ({ iso, name: LANGUAGE_NAMES[iso] ?? '' }));
}

function countriesFor(world: World, rng: Random, original: string): { iso: string; name: string }[] {
  if (rng.chance(0.14)) return [];
  const isos = new Set<string>();
  const home = LANGUAGE_COUNTRY[original];
  isos.add(home && rng.chance(0.8) ? home : COUNTRIES[world.country.sample(rng)][0]);
  while (rng.chance(0.3) && isos.size < 6) isos.add(COUNTRIES[world.country.sample(rng)][0]);
  return [...isos].map((iso) => ({ iso, name: world.countryName(iso) }));
}

function companiesFor(world: World, rng: Random): Named[] {
  if (rng.chance(0.26)) return [];
  const n = 1 + Math.min(7, rng.geometric(0.5));
  const chosen = new Set<number>();
  for (let t = 0; chosen.size < n && t < 20; t++) chosen.add(world.company.sample(rng));
  return [...chosen].map((i) => world.companies[i]);
}

/** Money, popularity and votes, related the way they are in TMDB. */
export function economics(rng: Random, year: number, fixed?: { budget: number; revenue: number }): Pick<Movie, 'budget' | 'revenue' | 'popularity' | 'voteCount' | 'voteAverage'> {
  let budget = 0;
  let revenue = 0;
  if (fixed) ({ budget, revenue } = fixed);
  else {
    if (rng.chance(0.2)) {
      // a few budgets are written in millions or are placeholders (1, 5, 100), as in TMDB
      budget = rng.chance(0.01) ? rng.pick([1, 5, 10, 100, 500]) : Math.round(rng.logNormal(Math.log(1.5e7), 1.2) / 1000) * 1000;
      if (rng.chance(0.7)) revenue = Math.round(Math.max(1, budget) * rng.logNormal(0.5, 1.1));
    } else if (rng.chance(0.08)) revenue = Math.round(rng.logNormal(Math.log(5e6), 1.5));
  }
  const recency = year >= 2010 ? 1.6 : year >= 1990 ? 1.2 : 0.8;
  const fame = revenue > 0 ? 1 + Math.log10(1 + revenue) / 4 : 1;
  const popularity = round6(rng.logNormal(-0.3, 1.1) * recency * fame * (revenue > 1e8 ? 3 : 1));
  // TMDB: votes grow about with the square of popularity (1 → ~10 votes, 22 → ~4,000), and
  // level off towards the most voted movie (14,075 votes) instead of piling up at a cap
  const raw = 8 * popularity * popularity * rng.logNormal(0, 0.7);
  const voteCount = popularity < 0.05 && rng.chance(0.5) ? 0 : Math.round(MAX_VOTES * (1 - Math.exp(-raw / MAX_VOTES)));
  const voteAverage = voteCount === 0 ? 0 : Math.round(Math.min(10, Math.max(0, 6 + 1.1 * rng.normal() + (voteCount > 1000 ? 0.6 : 0))) * 10) / 10;
  return { budget, revenue, popularity, voteCount, voteAverage };
}

const MAX_VOTES = 14075;
export const round6 = (x: number) => Math.round(x * 1e6) / 1e6 || 0.000001;

export function syntheticMovie(world: World, rng: Random, title: string, year: number | null): Movie {
  const y = year ?? 1874 + world.years.sample(rng);
  const originalLanguage = ORIGINAL_LANGUAGES[world.language.sample(rng)][0];
  const econ = economics(rng, y);
  const nDirectors = rng.chance(0.02) ? 0 : rng.chance(0.05) ? 2 : 1;
  const directors: Person[] = [];
  for (let i = 0; i < nDirectors; i++) {
    // one director in fifty also acts: the same person in the cast pool
    directors.push(rng.chance(0.02) ? world.actors.person(world.actors.sampler.sample(rng)) : world.directors.person(world.directors.sampler.sample(rng)));
  }
  return {
    id: world.freshId(rng),
    title,
    originalLanguage,
    date: randomDate(rng, y),
    runtime: rng.chance(0.006) ? null : rng.chance(0.03) ? 0 : Math.max(1, Math.round(95 + 22 * rng.normal())),
    ...econ,
    emptyBudget: false,
    emptyRevenue: false,
    collection: null,
    genres: pickGenres(world, rng),
    companies: companiesFor(world, rng),
    countries: countriesFor(world, rng, originalLanguage),
    spoken: spokenFor(world, rng, originalLanguage),
    directors,
    lead: null,
    story: null,
    sequelNumber: 1,
    status: y > 2017 ? rng.pick(['Released', 'Post Production', 'In Production']) : 'Released',
  };
}
