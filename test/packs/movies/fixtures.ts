import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

// Hand-written raw records in the original formats; the expectations in ingest.test.ts were
// worked out by hand from these lines.

const COLUMNS = [
  'adult', 'belongs_to_collection', 'budget', 'genres', 'homepage', 'id', 'imdb_id', 'original_language',
  'original_title', 'overview', 'popularity', 'poster_path', 'production_companies', 'production_countries',
  'release_date', 'revenue', 'runtime', 'spoken_languages', 'status', 'tagline', 'title', 'video',
  'vote_average', 'vote_count',
];

/** A CSV field quoted the way Python's csv module does (written here, not taken from the code under test). */
const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** A 24-field record: defaults of an ordinary released movie, overridden per case. */
function movie(fields: Record<string, string>): string {
  const defaults: Record<string, string> = {
    adult: 'False', belongs_to_collection: '', budget: '0', genres: '[]', homepage: '', imdb_id: 'tt0000001',
    original_language: 'en', original_title: fields.title ?? '', overview: '', popularity: '1.0', poster_path: '/p.jpg',
    production_companies: '[]', production_countries: '[]', release_date: '2000-01-01', revenue: '0.0', runtime: '90.0',
    spoken_languages: '[]', status: 'Released', tagline: '', title: '', video: 'False', vote_average: '5.0', vote_count: '10.0',
  };
  return COLUMNS.map((c) => q(fields[c] ?? defaults[c])).join(',');
}

export const MOVIE_LINES = [
  COLUMNS.join(','),
  // line 2: Toy Story, everything filled in
  movie({
    belongs_to_collection: "{'id': 10194, 'name': 'Toy Story Collection', 'poster_path': '/7G9915LfUQ2lVfwMEEhDsn3kT4B.jpg', 'backdrop_path': '/9FBwqcd9IRruEDUrTdcaafOMKUq.jpg'}",
    budget: '30000000', genres: "[{'id': 16, 'name': 'Animation'}, {'id': 35, 'name': 'Comedy'}, {'id': 10751, 'name': 'Family'}]",
    homepage: 'http://toystory.disney.com/toy-story', id: '862', imdb_id: 'tt0114709', title: 'Toy Story',
    overview: "Led by Woody, Andy's toys live happily in his room until Andy's birthday brings Buzz Lightyear onto the scene.",
    popularity: '21.946943', production_companies: "[{'name': 'Pixar Animation Studios', 'id': 3}]",
    production_countries: "[{'iso_3166_1': 'US', 'name': 'United States of America'}]", release_date: '1995-10-30',
    revenue: '373554033.0', runtime: '81.0', spoken_languages: "[{'iso_639_1': 'en', 'name': 'English'}]", vote_average: '7.7', vote_count: '5415.0',
  }),
  // line 3: Jumanji, empty budget and revenue (→ 0), a company written in double quotes, two languages
  movie({
    budget: '', id: '8844', title: 'Jumanji', revenue: '', release_date: '1995-12-15', runtime: '104.0', popularity: '17.015539',
    genres: "[{'id': 12, 'name': 'Adventure'}, {'id': 14, 'name': 'Fantasy'}]",
    production_companies: `[{'name': "Teitler's Film", 'id': 2550}, {'name': 'TriStar Pictures', 'id': 559}]`,
    spoken_languages: "[{'iso_639_1': 'en', 'name': 'English'}, {'iso_639_1': 'fr', 'name': 'Fran\\xe7ais'}]",
    vote_average: '6.9', vote_count: '2413.0', tagline: 'Roll the dice and unleash the excitement!',
  }),
  // line 4: no release date → dropped and counted
  movie({ id: '15602', title: 'Grumpier Old Men', release_date: '' }),
  // line 5: Toy Story again, re-crawled popularity → a duplicate; the first record stays
  movie({ id: '862', title: 'Toy Story', popularity: '99.0', release_date: '1995-10-30' }),
  // lines 6-7: a broken record as in the raw file: the overview breaks the line, the rest shifts left
  `False,,0,"[{'id': 18, 'name': 'Drama'}]",,82663,tt0113002,en,Midnight Man,"Rick Hartwell, a former soldier, is hunted."`,
  ` - Written by Ørnås,0.065736,/ff9qCepilowshEtG2GYWwzt2bs4.jpg,"[{'name': 'Carousel Productions', 'id': 11176}]","[{'iso_3166_1': 'CA', 'name': 'Canada'}]",1997-08-20,0,104.0,"[{'iso_639_1': 'en', 'name': 'English'}]",Released,,Midnight Man,False,6.0,1`,
  // line 8: the same kind of tail after a pandas re-save: padded to 24 fields, a date in the id column
  ` - Written by Ørnås,0.065736,/ff9qCepilowshEtG2GYWwzt2bs4.jpg,"[{'name': 'Carousel Productions', 'id': 11176}]","[{'iso_3166_1': 'CA', 'name': 'Canada'}]",1997-08-20,0,104.0,"[{'iso_639_1': 'en', 'name': 'English'}]",Released,,Midnight Man,False,6.0,1,,,,,,,,,`,
  // line 9: a valid id but text in a numeric column
  movie({ id: '31357', title: 'Waiting to Exhale', popularity: 'Beware Of Frost Bites' }),
  // line 10: a truncated nested literal
  movie({ id: '11862', title: 'Father of the Bride Part II', genres: "[{'id': 35, 'name': 'Com" }),
  // line 11: a date that is no day
  movie({ id: '949', title: 'Heat', release_date: '1995-02-30' }),
  // lines 12-13: a quoted overview spanning two lines; a genre entry without a name (skipped);
  // a spoken language with an empty name; budget without revenue (return 0)
  movie({
    id: '11860', title: 'Sabrina', release_date: '1996-02-10', budget: '58000000', revenue: '0.0', runtime: '',
    overview: 'An ugly duckling, "Sabrina",\nbecomes a swan.', genres: "[{'id': 35, 'name': 'Comedy'}, {'id': 10749}]",
    spoken_languages: "[{'iso_639_1': 'yi', 'name': ''}]", production_countries: "[{'iso_3166_1': 'DE', 'name': 'Germany'}, {'iso_3166_1': 'US', 'name': 'United States of America'}]",
    popularity: '', vote_average: '', vote_count: '',
  }),
  // line 14: 15602 again, now with a date: kept, since its first record was not
  movie({ id: '15602', title: 'Grumpier Old Men', release_date: '1995-12-22', revenue: '71500000.0', budget: '25000000', original_language: 'fr' }),
];

const TOY_CAST =
  "[{'cast_id': 14, 'character': 'Woody (voice)', 'credit_id': '52fe4284c3a36847f8024f95', 'gender': 2, 'id': 31, 'name': 'Tom Hanks', 'order': 0, 'profile_path': '/pQFoyx7rp09CJTAb932F2g8Nlho.jpg'}, " +
  `{'cast_id': 15, 'character': 'Buzz Lightyear (voice)', 'credit_id': '52fe4284c3a36847f8024f99', 'gender': 2, 'id': 12898, 'name': "Tim O'Allen", 'order': 1, 'profile_path': None}, ` +
  "{'cast_id': 16, 'character': 'Woody (singing voice)', 'credit_id': '52fe4284c3a36847f8024f9d', 'gender': 2, 'id': 31, 'name': 'Tom Hanks', 'order': 2, 'profile_path': None}]";
const TOY_CREW =
  "[{'credit_id': '52fe4284c3a36847f8024f49', 'department': 'Directing', 'gender': 2, 'id': 7879, 'job': 'Director', 'name': 'John Lasseter', 'profile_path': None}, " +
  "{'credit_id': '52fe4284c3a36847f8024f4f', 'department': 'Writing', 'gender': 2, 'id': 7879, 'job': 'Screenplay', 'name': 'John Lasseter', 'profile_path': None}]";

export const CREDIT_LINES = [
  'cast,crew,id',
  // line 2: Toy Story: Tom Hanks twice (two parts), a name in double quotes, the director also writing
  `${q(TOY_CAST)},${q(TOY_CREW)},862`,
  // line 3: Jumanji: no cast; the director is also in Toy Story's cast
  `[],${q("[{'credit_id': 'a', 'department': 'Directing', 'gender': 2, 'id': 31, 'job': 'Director', 'name': 'Tom Hanks', 'profile_path': None}]")},8844`,
  // line 4: Toy Story again: a duplicate
  `${q(TOY_CAST)},[],862`,
  // line 5: a broken id
  `[],[],abc`,
  // line 6: credits of a movie that has no kept metadata row: kept as credits
  `${q("[{'cast_id': 1, 'character': 'Rick', 'credit_id': 'b', 'gender': 2, 'id': 99, 'name': 'Kevin Tighe', 'order': 0, 'profile_path': None}]")},[],82663`,
  // line 7: a truncated cast literal
  `${q("[{'cast_id': 1, 'character': 'Sabrina'")},[],11860`,
  // line 8: Sabrina, with an entry without a name (skipped)
  `${q("[{'cast_id': 1, 'character': 'Sabrina', 'credit_id': 'c', 'gender': 1, 'id': 1, 'name': 'Julia Ormond', 'order': 0, 'profile_path': None}, {'cast_id': 2, 'id': 2}]")},[],11860`,
  // line 9: Grumpier Old Men
  `${q("[{'cast_id': 1, 'character': 'John', 'credit_id': 'd', 'gender': 2, 'id': 3, 'name': 'Jack Lemmon', 'order': 0, 'profile_path': None}, {'cast_id': 2, 'character': 'Max', 'credit_id': 'e', 'gender': 2, 'id': 31, 'name': 'Tom Hanks', 'order': 1, 'profile_path': None}]")},[],15602`,
];

/** Writes both fixture files into dir (gzipped when asked, to read .gz on the way). */
export function writeFixture(dir: string, gzip = false): void {
  const write = (name: string, lines: string[]) => {
    const text = lines.join('\n') + '\n';
    if (gzip) writeFileSync(join(dir, name + '.gz'), gzipSync(text));
    else writeFileSync(join(dir, name), text);
  };
  write('movies_dataset.csv', MOVIE_LINES);
  write('credits.csv', CREDIT_LINES);
}
