/** credits.csv: cast and crew as Python-literal lists of dicts, one row per movie id plus repeats. */
import { pyReprString } from '../../../core/ingest/literal.js';
import { LineWriter } from '../../../core/synth/lines.js';
import { mixSeed, Random } from '../../../core/synth/random.js';
import { CREDITS_COLUMNS } from '../sources.js';
import { hex24 } from './ids.js';
import type { Movie, Person } from './model.js';
import { csvField, reprList } from './movies-file.js';
import type { Entry } from './plan.js';
import { FULL_ROWS, GZIP_LEVEL, Stream } from './spec.js';
import { CHARACTERS, CREW_JOBS, FEMALE, LAST, MALE } from './vocabulary.js';
import { World } from './world.js';

function castRepr(m: Movie, world: World, rng: Random): string {
  if (rng.chance(0.03)) return '[]';
  const n = Math.min(300, Math.max(1, Math.round(rng.logNormal(2.25, 0.75))));
  const people: Person[] = [];
  const ids = new Set<number>();
  const lead = m.lead === null ? null : world.actors.person(m.lead);
  if (lead) {
    people.push(lead);
    ids.add(m.lead!);
  }
  for (let t = 0; people.length < n && t < n * 3; t++) {
    const i = world.actors.sampler.sample(rng);
    if (ids.has(i)) continue;
    ids.add(i);
    people.push(world.actors.person(i));
  }
  // now and then an actor plays two parts: two entries, one movie
  if (people.length > 3 && rng.chance(0.02)) people.push(people[1]);
  let castId = 1 + rng.int(0, 20);
  const items = people.map((p, order) => {
    const character = p === lead ? m.story?.hero ?? 'Lead' : characterName(rng, p);
    const profile = (p.id * 2654435761) % 10 < 3 ? 'None' : world.profilePath(p.id);
    return `{'cast_id': ${castId++}, 'character': ${pyReprString(character)}, 'credit_id': '${hex24(rng)}', 'gender': ${p.gender}, 'id': ${p.id}, 'name': ${world.actors.reprName(p)}, 'order': ${order}, 'profile_path': ${profile}}`;
  });
  return reprList(items);
}

function characterName(rng: Random, p: Person): string {
  const r = rng.next();
  if (r < 0.04) return '';
  if (r < 0.3) return rng.pick(CHARACTERS);
  if (r < 0.33) return `Dr. "${rng.pick(['Doc', 'Ace', 'Buzz', 'Red'])}" ${rng.pick(LAST)}`;
  if (r < 0.36) return `${rng.pick(p.gender === 1 ? FEMALE : MALE)} (voice)`;
  return `${rng.pick(p.gender === 1 ? FEMALE : MALE)} ${rng.pick(LAST)}`;
}

function crewRepr(m: Movie, world: World, rng: Random): string {
  const items: string[] = [];
  const entry = (p: Person, repr: string, department: string, job: string) =>
    `{'credit_id': '${hex24(rng)}', 'department': ${pyReprString(department)}, 'gender': ${p.gender}, 'id': ${p.id}, 'job': ${pyReprString(job)}, 'name': ${repr}, 'profile_path': ${(p.id * 40503) % 10 < 6 ? 'None' : world.profilePath(p.id)}}`;
  for (const d of m.directors) {
    items.push(entry(d, pyReprString(d.name), 'Directing', 'Director'));
    // directors often write their films too
    if (rng.chance(0.25)) items.push(entry(d, pyReprString(d.name), 'Writing', 'Screenplay'));
  }
  if (rng.chance(0.06)) return reprList(items);
  const n = Math.min(400, Math.round(rng.logNormal(1.75, 1.05)));
  for (let i = 0; i < n; i++) {
    const p = world.crew.person(world.crew.sampler.sample(rng));
    const [department, job] = CREW_JOBS[world.crewJob.sample(rng)];
    items.push(entry(p, world.crew.reprName(p), department, job));
  }
  return reprList(items);
}

/** credits.csv: a row per movie id of the movies file (in its order), plus repeated ids. */
export async function writeCredits(path: string, plan: Entry[], world: World, gzip?: boolean): Promise<number> {
  const movies: Movie[] = [];
  const seen = new Set<Movie>();
  for (const e of plan) {
    if (e.kind === 'repeat' || seen.has(e.movie)) continue;
    seen.add(e.movie);
    movies.push(e.movie);
  }
  const target = Math.round((plan.reduce((n, e) => n + (e.kind === 'broken' ? 2 : 1), 0) * FULL_ROWS.credits) / FULL_ROWS.movies);
  const rng = new Random(mixSeed(world.seed, Stream.Plan, 2));
  // the credits file repeats some ids too: a repeat comes after its original
  const order: Movie[] = [...movies];
  for (let i = movies.length; i < target; i++) {
    const j = rng.int(0, movies.length - 1);
    order.splice(rng.int(order.indexOf(movies[j]) + 1, order.length), 0, movies[j]);
  }
  const out = new LineWriter(path, { gzipLevel: gzip ? GZIP_LEVEL : undefined });
  await out.line(CREDITS_COLUMNS.join(','));
  for (const m of order) {
    const r = new Random(mixSeed(world.seed, Stream.Credits, m.id));
    await out.line(`${csvField(castRepr(m, world, r))},${csvField(crewRepr(m, world, r))},${m.id}`);
  }
  await out.close();
  return order.length;
}
