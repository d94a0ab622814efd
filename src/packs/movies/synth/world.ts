/** The world a catalogue is drawn from: seeded pools of people and companies, and the samplers over the vocabularies. */
import { pyReprString } from '../../../core/ingest/literal.js';
import { Random, WeightedSampler } from '../../../core/synth/random.js';
import { imagePath } from './ids.js';
import type { Named, Person } from './model.js';
import { BIG_COMPANIES, COMPANY_SUFFIXES, COMPANY_WORDS, COUNTRIES, CREW_JOBS, EXTRA_COUNTRY_NAMES, FEMALE, GENRE_COUNT_WEIGHTS, GENRES, INITIALS, LAST, MALE, ORIGINAL_LANGUAGES, SPOKEN_EXTRA } from './vocabulary.js';

function sampler(weights: number[]): WeightedSampler {
  return new WeightedSampler(weights);
}

/** Weights 1/(rank + offset): a long tail whose head is not absurdly heavy. */
function zipfOffset(n: number, offset: number): Float64Array {
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = 1 / (i + 1 + offset);
  return w;
}

/**
 * A pool of invented people. Person i's name is a fixed function of i (first × last name,
 * through a permutation so popular people do not all share a surname; then middle initials),
 * so no name table is stored.
 */
class PersonPool {
  private readonly firsts: { name: string; gender: number }[];
  private readonly reprCache = new Map<number, string>();
  readonly sampler: WeightedSampler;

  constructor(
    readonly size: number,
    readonly idBase: number,
    private readonly offset: number,
    headOffset: number,
  ) {
    this.firsts = [...FEMALE.map((name) => ({ name, gender: 1 })), ...MALE.map((name) => ({ name, gender: 2 }))];
    this.sampler = new WeightedSampler(zipfOffset(size, headOffset));
  }

  person(i: number): Person {
    const combos = this.firsts.length * LAST.length;
    // 7919 is prime and does not divide the combination count: i → c is a bijection per round
    const c = (i * 7919 + this.offset) % combos;
    const round = Math.floor(i / combos);
    const first = this.firsts[c % this.firsts.length];
    const last = LAST[Math.floor(c / this.firsts.length)];
    const middle = round === 0 ? '' : ` ${INITIALS[(round - 1) % INITIALS.length]}.${round > INITIALS.length ? ` ${INITIALS[Math.floor(round / INITIALS.length) % INITIALS.length]}.` : ''}`;
    // one in ten has no recorded gender, as in TMDB
    const gender = (i * 2654435761) % 10 === 0 ? 0 : first.gender;
    return { id: this.idBase + i, name: `${first.name}${middle} ${last}`, gender };
  }

  /** repr() of the name, cached: the same people are written many times. */
  reprName(p: Person): string {
    let r = this.reprCache.get(p.id);
    if (r === undefined) this.reprCache.set(p.id, (r = pyReprString(p.name)));
    return r;
  }
}

export class World {
  readonly genre = sampler(GENRES.map((g) => g[2]));
  readonly genreCount = sampler(GENRE_COUNT_WEIGHTS);
  readonly language = sampler(ORIGINAL_LANGUAGES.map((l) => l[1]));
  readonly spokenExtra = sampler(SPOKEN_EXTRA.map((l) => l[1]));
  readonly country = sampler(COUNTRIES.map((c) => c[2]));
  readonly crewJob = sampler(CREW_JOBS.map((j) => j[2]));
  readonly actors: PersonPool;
  readonly crew: PersonPool;
  readonly directors: PersonPool;
  readonly companies: Named[];
  readonly company: WeightedSampler;
  /** release year - 1874 */
  readonly years: WeightedSampler;
  /** real director names (--from) get person ids here, by first appearance */
  readonly realPeople = new Map<string, Person>();
  private readonly countryNames = new Map(COUNTRIES.map(([iso, name]) => [iso, name]));
  private readonly usedIds = new Set<number>();

  constructor(
    readonly seed: number,
    rows: number,
  ) {
    // Pool sizes follow the real data (~206k actors, ~20k directors, ~23.5k companies at full
    // size). The head offsets do not scale: they set the top share of a pool, and a small data
    // set should have its busiest actor in a few dozen movies, not in a tenth of them.
    this.actors = new PersonPool(Math.max(500, Math.round(4.5 * rows)), 1, seed & 0xffff, 500);
    this.crew = new PersonPool(Math.max(300, Math.round(1.5 * rows)), 3_000_000, (seed * 31 + 7) & 0xffff, 300);
    this.directors = new PersonPool(Math.max(60, Math.round(0.44 * rows)), 5_000_000, (seed * 17 + 3) & 0xffff, 150);
    this.companies = makeCompanies(Math.max(60, Math.round(0.52 * rows)));
    this.company = new WeightedSampler(zipfOffset(this.companies.length, 6));
    const w: number[] = [];
    for (let y = 1874; y <= 2020; y++) {
      // the catalogue grows roughly exponentially until the crawl (2017); a few announced titles after
      w.push(y <= 2017 ? Math.exp((y - 2017) / 22) * (y < 1910 ? 0.2 : 1) : 0.02);
    }
    this.years = new WeightedSampler(w);
  }

  private readonly profiles = new Map<number, string>();

  /** A person's profile image path, the same in every credit (cached: ~1 M credits at full size). */
  profilePath(personId: number): string {
    let path = this.profiles.get(personId);
    if (path === undefined) this.profiles.set(personId, (path = `'${imagePath(new Random(personId))}'`));
    return path;
  }

  countryName(iso: string): string {
    return this.countryNames.get(iso) ?? EXTRA_COUNTRY_NAMES[iso] ?? iso;
  }

  /** A TMDB-like id not used yet (ids of real movies are reserved first). */
  freshId(rng: Random, lo = 2, hi = 469_999): number {
    for (;;) {
      const id = rng.int(lo, hi);
      if (!this.usedIds.has(id)) {
        this.usedIds.add(id);
        return id;
      }
    }
  }

  reserveId(id: number): void {
    this.usedIds.add(id);
  }

  /** A person id for a real director name, stable within a run. */
  realPerson(name: string): Person {
    let p = this.realPeople.get(name);
    if (!p) this.realPeople.set(name, (p = { id: 7_000_000 + this.realPeople.size, name, gender: 0 }));
    return p;
  }
}

function makeCompanies(n: number): Named[] {
  const out: Named[] = BIG_COMPANIES.slice(0, n).map((name, i) => ({ id: i + 1, name }));
  const words = COMPANY_WORDS.length;
  const suffixes = COMPANY_SUFFIXES.length;
  for (let i = 0; out.length < n; i++) {
    // word + suffix, then surname + suffix, then two words + suffix: distinct names, none stored
    let name: string;
    if (i < words * suffixes) name = `${COMPANY_WORDS[i % words]} ${COMPANY_SUFFIXES[Math.floor(i / words)]}`;
    else if (i < (words + LAST.length) * suffixes) {
      const j = i - words * suffixes;
      name = `${LAST[j % LAST.length]} ${COMPANY_SUFFIXES[Math.floor(j / LAST.length)]}`;
    } else {
      const j = i - (words + LAST.length) * suffixes;
      name = `${COMPANY_WORDS[j % words]} ${COMPANY_WORDS[Math.floor(j / words) % words]} ${COMPANY_SUFFIXES[Math.floor(j / words / words) % suffixes]}${j >= words * words * suffixes ? ` ${Math.floor(j / (words * words * suffixes)) + 1}` : ''}`;
    }
    out.push({ id: out.length + 1, name });
  }
  return out;
}
