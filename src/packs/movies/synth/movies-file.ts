/** movies_dataset.csv: a movie's 24 fields as pandas writes them, its text, and the broken records. */
import { pyReprString } from '../../../core/ingest/literal.js';
import { LineWriter } from '../../../core/synth/lines.js';
import { mixSeed, Random } from '../../../core/synth/random.js';
import { csvCell } from '../../../core/synth/text.js';
import { MOVIE_COLUMNS } from '../sources.js';
import { imagePath } from './ids.js';
import type { Movie } from './model.js';
import type { Entry } from './plan.js';
import { GZIP_LEVEL, Stream } from './spec.js';
import { round6 } from './synthetic.js';
import { CLOSINGS, FEMALE, GENRE_LINES, HERO_ROLES, LANGUAGE_NAMES, LAST, MALE, STORY_PLACES, TAGLINES } from './vocabulary.js';

/** A CSV field as pandas (Python's csv module, QUOTE_MINIMAL) writes it. */
export const csvField = csvCell;

/** repr() of a Python float: '81.0', '21.946943', '1e-05'. */
export function pyFloat(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return x.toFixed(1);
  const abs = Math.abs(x);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e16)) {
    const [mantissa, exp] = x.toExponential().split('e');
    const e = Number(exp);
    return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  return String(x);
}

export const reprList = (items: string[]) => (items.length ? `[${items.join(', ')}]` : '[]');

function genresRepr(m: Movie): string {
  return reprList(m.genres.map((g) => `{'id': ${g.id}, 'name': ${pyReprString(g.name)}}`));
}
function companiesRepr(m: Movie): string {
  return reprList(m.companies.map((c) => `{'name': ${pyReprString(c.name)}, 'id': ${c.id}}`));
}
function countriesRepr(m: Movie): string {
  return reprList(m.countries.map((c) => `{'iso_3166_1': ${pyReprString(c.iso)}, 'name': ${pyReprString(c.name)}}`));
}
function spokenRepr(m: Movie): string {
  return reprList(m.spoken.map((s) => `{'iso_639_1': ${pyReprString(s.iso)}, 'name': ${pyReprString(s.name)}}`));
}
function collectionRepr(m: Movie, rng: Random): string {
  if (!m.collection) return '';
  const backdrop = rng.chance(0.8) ? pyReprString(imagePath(rng)) : 'None';
  return `{'id': ${m.collection.id}, 'name': ${pyReprString(m.collection.name)}, 'poster_path': ${pyReprString(imagePath(rng))}, 'backdrop_path': ${backdrop}}`;
}

/** The overview: the genres' story lines around the collection's hero and place when it has one. */
function overview(m: Movie, rng: Random): string {
  if (rng.chance(0.02)) return '';
  if (rng.chance(0.003)) return 'No overview found.';
  const hero = m.story?.hero ?? `${rng.pick(rng.chance(0.5) ? FEMALE : MALE)} ${rng.pick(LAST)}`;
  const place = m.story?.place ?? rng.pick(STORY_PLACES);
  const genres = m.genres.length ? m.genres.map((g) => g.name) : ['Drama'];
  const lines = genres.map((g) => rng.pick(GENRE_LINES[g] ?? GENRE_LINES.Drama));
  let text = m.sequelNumber > 1 ? `In this new chapter, ${hero} ${lines[0]} in ${place}.` : `${hero}, ${rng.pick(HERO_ROLES)} from ${place}, ${lines[0]}.`;
  for (const line of lines.slice(1, 3)) text += ` Along the way, ${rng.pick(['they', 'our hero', hero.split(' ')[0]])} ${line}.`;
  const closing = rng.pick(CLOSINGS);
  if (closing) text += ' ' + closing;
  // the real text has quotes, and now and then a line break inside the (quoted) field
  if (rng.chance(0.03)) text = text.replace(place, `"${place}"`);
  if (rng.chance(0.005)) text = text.replace('. ', '.\n');
  return text;
}

/** The 24 fields of a movie record, in file order (see MOVIE_COLUMNS). */
function movieFields(m: Movie, variant: number, seed: number): string[] {
  const rng = new Random(mixSeed(seed, Stream.Text, m.id));
  const title = m.title;
  const popularity = variant === 0 ? m.popularity : round6(m.popularity * 1.07 + 0.01);
  return [
    rng.chance(0.0002) ? 'True' : 'False',
    collectionRepr(m, rng),
    m.emptyBudget ? '' : String(m.budget),
    genresRepr(m),
    rng.chance(0.17) ? `http://www.${title.toLowerCase().replace(/[^a-z0-9]+/g, '') || 'movie'}.com/` : '',
    String(m.id),
    rng.chance(0.0004) ? '' : `tt${String(100000 + ((m.id * 7919) % 9000000)).padStart(7, '0')}`,
    m.originalLanguage,
    m.originalLanguage !== 'en' && rng.chance(0.5) ? `${title} (${LANGUAGE_NAMES[m.originalLanguage] || m.originalLanguage})` : title,
    overview(m, rng),
    pyFloat(popularity),
    rng.chance(0.01) ? '' : imagePath(rng),
    companiesRepr(m),
    countriesRepr(m),
    m.date ?? '',
    m.emptyRevenue ? '' : pyFloat(m.revenue),
    m.runtime === null ? '' : pyFloat(m.runtime),
    spokenRepr(m),
    m.status,
    rng.chance(0.45) ? rng.pick(TAGLINES) : '',
    title,
    'False',
    pyFloat(m.voteAverage),
    pyFloat(m.voteCount),
  ];
}

/**
 * A broken record as in the real file: the overview holds an unquoted line break, so the record
 * is two CSV records — the head (adult … the start of the overview, 10 fields) and the tail (the
 * rest of the overview in the 'adult' column, then every later column shifted left: a date
 * where the id should be, a poster path as the budget). A pandas re-save pads both to 24 fields.
 */
function brokenRecords(m: Movie, padded: boolean, seed: number): string[] {
  const f = movieFields(m, 0, seed).map(csvField);
  const name = `${m.directors[0]?.name.replace(/[^\p{L} .-]/gu, '') ?? 'Anonymous'}`;
  const head = [...f.slice(0, 9), csvField(`${m.title} is a story you will not forget.`)];
  const tail = [` - Written by ${name}`, ...f.slice(10)];
  const pad = (fields: string[]) => (padded ? [...fields, ...new Array(24 - fields.length).fill('')] : fields);
  return [pad(head).join(','), pad(tail).join(',')];
}

export async function writeMovies(path: string, plan: Entry[], seed: number, gzip?: boolean): Promise<number> {
  const out = new LineWriter(path, { gzipLevel: gzip ? GZIP_LEVEL : undefined });
  await out.line(MOVIE_COLUMNS.join(','));
  let records = 0;
  for (const e of plan) {
    if (e.kind === 'broken') {
      for (const line of brokenRecords(e.movie, e.padded, seed)) await out.line(line);
      records += 2;
    } else {
      await out.line(movieFields(e.movie, e.variant, seed).map(csvField).join(','));
      records++;
    }
  }
  await out.close();
  return records;
}
