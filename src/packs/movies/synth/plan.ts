/** The plan: which record goes where (repeats, broken records, missing dates and money). */
import { mixSeed, Random } from '../../../core/synth/random.js';
import type { Movie } from './model.js';
import { FULL_ROWS, FULL_SHAPE, Stream } from './spec.js';
import { round6, syntheticMovie, syntheticTitle } from './synthetic.js';
import { World } from './world.js';

export type Entry = { kind: 'movie' | 'repeat'; movie: Movie; variant: number } | { kind: 'broken'; movie: Movie; padded: boolean };

interface Shape {
  broken: number;
  undated: number;
  repeats: number;
  /** records that are not base movies or repeats: 2 per broken record, 1 per undated row */
  fixed: number;
}

export function shapeFor(rows: number, from: boolean): Shape {
  const scale = rows / FULL_ROWS.movies;
  // at least two broken records, so both kinds (padded by a re-save, and raw) are there
  const broken = Math.max(2, Math.round(FULL_SHAPE.broken * scale));
  const undated = Math.max(1, Math.round(FULL_SHAPE.undated * scale));
  const repeats = Math.max(1, Math.round((from ? FULL_SHAPE.repeatsFrom : FULL_SHAPE.repeats) * scale));
  return { broken, undated, repeats, fixed: 2 * broken + undated };
}

export function makePlan(world: World, base: Movie[], shape: Shape): Entry[] {
  const rng = new Random(mixSeed(world.seed, Stream.Plan));
  const seen = new Set<Movie>();
  const plan: Entry[] = base.map((movie) => {
    const kind = seen.has(movie) ? 'repeat' : 'movie';
    seen.add(movie);
    return { kind, movie, variant: 0 };
  });
  const insert = (entry: Entry, from = 0) => plan.splice(rng.int(from, plan.length), 0, entry);
  for (let i = 0; i < shape.undated; i++) {
    const m = syntheticMovie(world, rng, syntheticTitle(rng), null);
    m.date = null;
    m.status = rng.pick(['', 'Rumored', 'Planned', 'In Production', 'Released']);
    m.popularity = round6(m.popularity / 10);
    insert({ kind: 'movie', movie: m, variant: 0 });
  }
  for (let i = 0; i < shape.broken; i++) {
    const m = syntheticMovie(world, rng, syntheticTitle(rng), null);
    // the first broken record looks as it does after a pandas re-save (padded to 24 fields)
    insert({ kind: 'broken', movie: m, padded: i === 0 });
  }
  const originals = plan.filter((e) => e.kind === 'movie' && e.movie.date !== null);
  for (let i = 0; i < shape.repeats; i++) {
    const e = rng.pick(originals);
    // half the repeats are byte-identical, half differ in popularity (re-crawled): the first wins
    insert({ kind: 'repeat', movie: e.movie, variant: rng.chance(0.5) ? 0 : 1 }, plan.indexOf(e) + 1);
  }
  // a few money fields are empty rather than 0 (pandas NaN): the rule turns them into 0
  const emptied = rng.shuffle(plan.filter((x) => x.kind === 'movie')).slice(0, Math.max(2, Math.round(plan.length / 5000)));
  emptied.forEach((e, i) => Object.assign(e.movie, i % 2 ? { emptyRevenue: true, revenue: 0 } : { emptyBudget: true, budget: 0 }));
  return plan;
}
