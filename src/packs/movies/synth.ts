/**
 * Deterministic copies of the two raw files of The Movies Dataset (TMDB, Kaggle), as used by
 * the PI ML OPS assignment:
 *
 *   movies_dataset.csv  24 columns written by pandas; the nested columns hold Python literals
 *   credits.csv         cast, crew (Python-literal lists of dicts, ~190 MB at full size), id
 *
 * Two modes. Fully synthetic (the default), or `--from DIR` with the real derived tables of
 * shared/data/movies: real ids, titles, years, runtimes, release dates, revenue, budget,
 * collections, companies, countries, spoken languages, genres and directors, read in place;
 * what those tables lack (overview, tagline, cast, the rest of the crew, popularity, votes,
 * original language) is synthesised. Both modes reproduce the raw quirks: broken records
 * (an overview that breaks the line, so the rest of the row shifts left), rows without a
 * release date, repeated ids in both files, empty money fields, quotes and commas that need CSV
 * quoting, names with apostrophes (which Python's repr writes in double quotes).
 *
 * Determinism: every random choice flows from the seed through seeded sfc32 streams; the text
 * and the credits of a movie come from a stream of their own (seed, movie id), so a repeated
 * record is byte-identical and the credits can be written without keeping them in memory.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { pyReprString } from '../../core/ingest/literal.js';
import { LineWriter } from '../../core/synth/lines.js';
import { mixSeed, Random, WeightedSampler } from '../../core/synth/random.js';
import { csvCell, fmt } from '../../core/synth/text.js';
import { CREDITS_COLUMNS, MOVIE_COLUMNS } from './sources.js';

export interface MoviesSynthOptions {
  /** records in movies_dataset.csv (a broken record counts twice, as pandas reads it) */
  rows: number;
  seed: number;
  /** folder with the real derived tables (shared/data/movies) */
  from?: string;
  /** write .csv.gz instead of .csv */
  gzip?: boolean;
}

/** Records of the real files (PROVENANCE.md). */
export const FULL_ROWS = { movies: 45466, credits: 45476 };

/**
 * At full size: broken records (each is two CSV records: the head and the shifted tail), rows
 * without a release date, and repeated ids. The real derived tables already carry 13 repeats,
 * so --from adds fewer.
 */
const FULL_SHAPE = { broken: 3, undated: 84, repeats: 30, repeatsFrom: 14 };

/** The real derived tables --from reads. */
export const FROM_FILES = [
  'peliculas_duracion.csv.gz', 'director_movies.csv.gz', 'credits_crew_clean.csv.gz', 'franquicia.csv.gz',
  'productoras_exitosas.csv.gz', 'countries_data.csv.gz', 'spoken_data.csv.gz', 'genres_data_ml.csv.gz',
];

const enum Stream {
  Catalogue = 1,
  Plan,
  Text,
  Credits,
  Real,
}

export async function generateMovies(out: string, opts: MoviesSynthOptions, log: (m: string) => void): Promise<string[]> {
  if (!Number.isInteger(opts.rows) || opts.rows < 30) throw new Error(`rows must be an integer ≥ 30, got ${opts.rows}`);
  if (!Number.isInteger(opts.seed)) throw new Error(`seed must be an integer, got ${opts.seed}`);
  mkdirSync(out, { recursive: true });
  const started = Date.now();
  const shape = shapeFor(opts.rows, Boolean(opts.from));
  const world = new World(opts.seed, opts.rows);
  const base = opts.from ? realCatalogue(opts.from, world, opts.rows - shape.fixed - shape.repeats, log) : syntheticCatalogue(world, opts.rows - shape.fixed - shape.repeats);
  const plan = makePlan(world, base, shape);
  const ext = opts.gzip ? '.csv.gz' : '.csv';
  const paths = [join(out, 'movies_dataset' + ext), join(out, 'credits' + ext)];
  const rowsWritten = await writeMovies(paths[0], plan, opts.seed, opts.gzip);
  const creditRows = await writeCredits(paths[1], plan, world, opts.gzip);
  log(`movies: ${fmt(rowsWritten)} movie records, ${fmt(creditRows)} credits records (${opts.from ? 'real catalogue from ' + opts.from : 'synthetic'}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return paths;
}

/** zlib's default level, for --gzip. Changing it changes the output bytes. */
const GZIP_LEVEL = 6;

// =============================================================================================
// The catalogue model

interface Named {
  id: number;
  name: string;
}

interface Movie {
  id: number;
  title: string;
  originalLanguage: string;
  /** 'YYYY-MM-DD', or null for the rows without a release date */
  date: string | null;
  runtime: number | null;
  budget: number;
  revenue: number;
  /** rows whose budget / revenue field is empty (pandas NaN) rather than 0 */
  emptyBudget: boolean;
  emptyRevenue: boolean;
  popularity: number;
  voteAverage: number;
  voteCount: number;
  collection: Named | null;
  genres: Named[];
  companies: Named[];
  countries: { iso: string; name: string }[];
  spoken: { iso: string; name: string }[];
  /** crew 'Director' entries: person ids in the director pool (synthetic) or real names */
  directors: Person[];
  /** the collection's recurring lead, billed first in every movie of it */
  lead: number | null;
  /** the collection's hero and setting, repeated in the overview of each of its movies */
  story: { hero: string; place: string } | null;
  sequelNumber: number;
  status: string;
}

interface Person {
  id: number;
  name: string;
  gender: number;
}

// ---- vocabularies ------------------------------------------------------------------------------

/** TMDB genres with their ids and the real number of movies listing each. */
const GENRES: [number, string, number][] = [
  [18, 'Drama', 20265], [35, 'Comedy', 13182], [53, 'Thriller', 7624], [10749, 'Romance', 6735], [28, 'Action', 6596],
  [27, 'Horror', 4673], [80, 'Crime', 4307], [99, 'Documentary', 3932], [12, 'Adventure', 3496], [878, 'Science Fiction', 3049],
  [10751, 'Family', 2770], [9648, 'Mystery', 2467], [14, 'Fantasy', 2313], [16, 'Animation', 1935], [10769, 'Foreign', 1622],
  [10402, 'Music', 1598], [36, 'History', 1398], [10752, 'War', 1323], [37, 'Western', 1042], [10770, 'TV Movie', 767],
];
const GENRE_COUNT_WEIGHTS = [54, 330, 320, 200, 70, 20, 6];

/** Original languages (ISO 639-1, TMDB's 'cn' and 'xx' included) with approximate real counts. */
const ORIGINAL_LANGUAGES: [string, number][] = [
  ['en', 32269], ['fr', 2438], ['it', 1529], ['ja', 1350], ['de', 1080], ['es', 994], ['ru', 826], ['hi', 508],
  ['ko', 444], ['zh', 409], ['sv', 384], ['pt', 316], ['cn', 313], ['fi', 297], ['nl', 248], ['da', 225], ['pl', 219],
  ['xx', 199], ['tr', 150], ['hu', 145], ['el', 136], ['cs', 130], ['no', 107], ['fa', 101], ['ta', 78], ['th', 76],
  ['he', 61], ['ro', 57], ['te', 45], ['ar', 39], ['is', 25], ['et', 20], ['sr', 18], ['ml', 18], ['bn', 17], ['uk', 12],
];

/** Spoken-language names as TMDB writes them (the language's own name; some quirks kept). */
const LANGUAGE_NAMES: Record<string, string> = {
  en: 'English', fr: 'Français', de: 'Deutsch', es: 'Español', it: 'Italiano', ja: '日本語', ru: 'Pусский', zh: '普通话',
  hi: 'हिन्दी', pt: 'Português', sv: 'svenska', ko: '한국어/조선말', pl: 'Polski', cn: '广州话 / 廣州話', fi: 'suomi',
  hu: 'Magyar', ar: 'العربية', nl: 'Nederlands', xx: 'No Language', da: 'Dansk', cs: 'Český', tr: 'Türkçe', he: 'עִבְרִית',
  el: 'ελληνικά', th: 'ภาษาไทย', no: 'Norsk', fa: 'فارسی', la: 'Latin', ro: 'Română', ta: 'தமிழ்', sr: 'Srpski',
  te: 'తెలుగు', yi: '', vi: 'Tiếng Việt', is: 'Íslenska', tl: '', ur: 'اردو', uk: 'Український', hr: 'Hrvatski',
  et: 'Eesti', ml: '', bn: 'বাংলা',
};
/** Extra spoken languages, with real counts. */
const SPOKEN_EXTRA: [string, number][] = [
  ['en', 28747], ['fr', 4196], ['de', 2625], ['es', 2413], ['it', 2367], ['ja', 1759], ['ru', 1563], ['zh', 790],
  ['hi', 707], ['pt', 591], ['sv', 560], ['ko', 542], ['pl', 524], ['cn', 473], ['fi', 371], ['hu', 360], ['ar', 341],
  ['nl', 340], ['da', 302], ['cs', 284], ['tr', 247], ['he', 215], ['el', 213], ['th', 176], ['no', 171], ['la', 140],
  ['ro', 128], ['sr', 108], ['yi', 62], ['vi', 61], ['is', 60], ['tl', 58], ['ur', 55], ['uk', 53], ['hr', 52],
];

/** Producing countries with TMDB's names and real counts. */
const COUNTRIES: [string, string, number][] = [
  ['US', 'United States of America', 21155], ['GB', 'United Kingdom', 4095], ['FR', 'France', 3940], ['DE', 'Germany', 2254],
  ['IT', 'Italy', 2169], ['CA', 'Canada', 1767], ['JP', 'Japan', 1649], ['ES', 'Spain', 964], ['RU', 'Russia', 912],
  ['IN', 'India', 828], ['HK', 'Hong Kong', 596], ['SE', 'Sweden', 588], ['AU', 'Australia', 570], ['KR', 'South Korea', 495],
  ['BE', 'Belgium', 447], ['DK', 'Denmark', 386], ['FI', 'Finland', 383], ['NL', 'Netherlands', 375], ['CN', 'China', 372],
  ['MX', 'Mexico', 329], ['PL', 'Poland', 319], ['BR', 'Brazil', 291], ['CH', 'Switzerland', 254], ['AR', 'Argentina', 254],
  ['IE', 'Ireland', 225], ['CZ', 'Czech Republic', 209], ['AT', 'Austria', 209], ['NO', 'Norway', 203], ['HU', 'Hungary', 175],
  ['GR', 'Greece', 169], ['TR', 'Turkey', 165], ['IL', 'Israel', 147], ['RO', 'Romania', 142], ['TW', 'Taiwan', 129],
  ['PT', 'Portugal', 128], ['ZA', 'South Africa', 125], ['NZ', 'New Zealand', 123], ['TH', 'Thailand', 116],
  ['RS', 'Serbia', 106], ['IR', 'Iran', 106], ['IS', 'Iceland', 60], ['CU', 'Cuba', 40], ['CI', "Cote D'Ivoire", 8],
];
/** Where movies in a language are mostly made. */
const LANGUAGE_COUNTRY: Record<string, string> = {
  en: 'US', fr: 'FR', it: 'IT', ja: 'JP', de: 'DE', es: 'ES', ru: 'RU', hi: 'IN', ko: 'KR', zh: 'CN', sv: 'SE', pt: 'BR',
  cn: 'HK', fi: 'FI', nl: 'NL', da: 'DK', pl: 'PL', tr: 'TR', hu: 'HU', el: 'GR', cs: 'CZ', no: 'NO', fa: 'IR', ta: 'IN',
  th: 'TH', he: 'IL', ro: 'RO', te: 'IN', ar: 'EG', is: 'IS', et: 'EE', sr: 'RS', ml: 'IN', bn: 'IN', uk: 'UA',
};
const EXTRA_COUNTRY_NAMES: Record<string, string> = { EG: 'Egypt', EE: 'Estonia', UA: 'Ukraine' };

/** The studios with the most movies, then invented ones; one accent variant on purpose. */
const BIG_COMPANIES = [
  'Warner Bros.', 'Metro-Goldwyn-Mayer (MGM)', 'Paramount Pictures', 'Twentieth Century Fox Film Corporation', 'Universal Pictures',
  'Columbia Pictures Corporation', 'Canal+', 'Columbia Pictures', 'RKO Radio Pictures', 'United Artists', 'New Line Cinema',
  'Walt Disney Pictures', 'Touchstone Pictures', 'TriStar Pictures', 'Mosfilm', 'Miramax Films', 'France 2 Cinéma',
  'Centre National de la Cinématographie (CNC)', 'Toho Company', 'BBC Films', 'Gaumont', 'StudioCanal', 'Studio Zéphyr',
  'Studio Zephyr', 'Pixar Animation Studios', 'Lionsgate',
];
const COMPANY_WORDS = [
  'Silver', 'Northern', 'Blue', 'Golden', 'Red', 'Iron', 'Lucky', 'Black', 'Green', 'Crystal', 'Desert', 'Harbor', 'Summit',
  'Orchid', 'Falcon', 'Lion', 'Phoenix', 'Atlas', 'Aurora', 'Cedar', 'Comet', 'Delta', 'Echo', 'Ember', 'Horizon', 'Maple',
  'Meridian', 'Nova', 'Pioneer', 'Raven', 'Sierra', 'Solstice', 'Spark', 'Titan', 'Vista', 'Willow', 'Zenith', 'Lumière',
  'Márquez', 'Olympia', 'Sirocco', 'Tundra', 'Kestrel', 'Mirage', 'Nimbus', 'Oasis', 'Quarry', 'Rialto', 'Saffron',
];
const COMPANY_SUFFIXES = [
  'Pictures', 'Films', 'Productions', 'Entertainment', 'Studios', 'Media', 'Film Group', 'Cinema', 'Filmproduktion',
  'Producciones', 'Film Partners', 'Releasing', 'Motion Pictures', 'Animation', 'Television', 'Company', 'Films Ltd.',
];

const FEMALE = [
  'Mary', 'Anna', 'Elizabeth', 'Margaret', 'Helen', 'Ruth', 'Dorothy', 'Alice', 'Sarah', 'Emma', 'Julia', 'Laura', 'Grace',
  'Claire', 'Sophie', 'Isabelle', 'Marie', 'Catherine', 'Juliette', 'Chloé', 'Zoë', 'Renée', 'Inés', 'María', 'Lucía',
  'Carmen', 'Sofía', 'Valentina', 'Giulia', 'Francesca', 'Chiara', 'Ingrid', 'Greta', 'Liv', 'Astrid', 'Yuki', 'Akiko',
  'Mei', 'Ling', 'Priya', 'Aisha', 'Fatima', 'Olga', 'Natalia', 'Irina', 'Agnieszka', 'Katarzyna', 'Eva', 'Hanna',
  'Sigrid', 'Nora', 'Ellen', 'Joan', 'Bette', 'Audrey', 'Ava', 'Lauren', 'Kate', 'Nicole', 'Emily', 'Olivia', 'Charlotte',
];
const MALE = [
  'John', 'James', 'Robert', 'Michael', 'William', 'David', 'Richard', 'Charles', 'Thomas', 'Peter', 'Paul', 'George',
  'Henry', 'Jack', 'Frank', 'Harry', 'Walter', 'Edward', 'Jean', 'Pierre', 'François', 'Jérôme', 'José', 'Juan', 'Luis',
  'Carlos', 'Javier', 'Andrés', 'Marco', 'Giuseppe', 'Luca', 'Hans', 'Jürgen', 'Klaus', 'Björn', 'Søren', 'Lars', 'Mikael',
  'Takeshi', 'Hiroshi', 'Kenji', 'Wei', 'Jun', 'Raj', 'Amitabh', 'Omar', 'Ivan', 'Sergei', 'Dmitri', 'Piotr', 'Tomasz',
  'Ólafur', 'Sean', 'Liam', 'Patrick', 'Cary', 'Humphrey', 'Marlon', 'Clint', 'Denzel', 'Samuel', 'Morgan', 'Bruce', 'Keanu',
];
const LAST = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor', 'Thomas', 'Moore',
  'Martin', 'Jackson', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King',
  'Wright', 'Scott', 'Hill', 'Green', 'Adams', 'Baker', 'Nelson', 'Carter', 'Mitchell', 'Roberts', 'Turner', 'Phillips',
  'Campbell', 'Parker', 'Evans', 'Edwards', 'Collins', 'Stewart', 'Morris', 'Murphy', 'Cook', 'Rogers', 'Morgan', 'Cooper',
  'Peterson', 'Reed', 'Bailey', 'Bell', 'Kelly', 'Howard', 'Ward', 'Cox', 'Richardson', 'Wood', 'Watson', 'Brooks',
  'Bennett', 'Gray', 'Hughes', 'Price', 'Sanders', 'Myers', 'Long', 'Ross', 'Foster', "O'Brien", "O'Hara", "D'Amato",
  "O'Connor", 'García', 'Martínez', 'Rodríguez', 'López', 'González', 'Pérez', 'Sánchez', 'Ramírez', 'Núñez', 'Muñoz',
  'Dubois', 'Lefèvre', 'Moreau', 'Laurent', 'Fournier', 'Girard', 'Bonnet', 'Rossi', 'Russo', 'Ferrari', 'Esposito',
  'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Schäfer', 'Koch',
  'Becker', 'Hoffmann', 'Wagner', 'Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsen', 'Jensen', 'Hansen',
  'Sørensen', 'Tanaka', 'Suzuki', 'Takahashi', 'Watanabe', 'Yamamoto', 'Nakamura', 'Kobayashi', 'Wang', 'Li', 'Zhang',
  'Chen', 'Liu', 'Kapoor', 'Khan', 'Sharma', 'Patel', 'Ivanov', 'Petrov', 'Smirnov', 'Kowalski', 'Nowak', 'Wiśniewski',
  'Novák', 'Horváth', 'Nagy', 'Papadopoulos', 'Yılmaz', 'Kaya', 'Sigurðsson', 'Van der Berg', 'De Vries', 'Jansen',
  'Silva', 'Santos', 'Oliveira', 'Costa', 'Pereira', 'Fitzgerald', 'MacDonald', 'McKenzie', 'Stone', 'Hunt', 'Black',
  'Fox', 'Wolfe', 'Lane', 'Hart', 'Day', 'Rivers', 'Fields', 'Banks', 'Wells', 'Marsh', 'Hale', 'Bishop', 'Knight',
];
const INITIALS = 'ABCDEFGHJKLMNPRSTW';

const TITLE_ADJECTIVES = [
  'Last', 'Lost', 'Dark', 'Silent', 'Secret', 'Hidden', 'Broken', 'Golden', 'Wild', 'Little', 'Big', 'Great', 'Final',
  'First', 'Deadly', 'Perfect', 'Strange', 'Sweet', 'Cold', 'Red', 'Black', 'White', 'Blue', 'Lonely', 'Crazy', 'Eternal',
  'Forgotten', 'Burning', 'Midnight', 'Savage', 'Quiet', 'Bitter', 'Endless', 'Fallen', 'Haunted', 'Invisible', 'Naked',
  'Restless', 'Wicked', 'Young', 'Dangerous', 'Beautiful', 'Crimson', 'Frozen', 'Stolen',
];
const TITLE_NOUNS = [
  'Man', 'Woman', 'Night', 'Day', 'City', 'River', 'Road', 'House', 'Heart', 'Love', 'War', 'Game', 'Dream', 'Kiss',
  'Storm', 'Shadow', 'Sun', 'Moon', 'Star', 'Island', 'Train', 'Ghost', 'Kingdom', 'Empire', 'Witness', 'Stranger',
  'Hunter', 'Soldier', 'Angel', 'Devil', 'Garden', 'Summer', 'Winter', 'Secret', 'Promise', 'Mirror', 'Journey',
  'Voyage', 'Crossing', 'Affair', 'Escape', 'Return', 'Legend', 'Code', 'Target', 'Trap', 'Truth', 'Lie', 'Storm',
  'Wolf', 'Dragon', 'Queen', 'King', 'Prince', 'Bride', 'Widow', 'Child', 'Family', 'Brothers', 'Sisters', 'Gang',
  'Detective', 'Doctor', 'Teacher', 'Thief', 'Spy', 'Killer', 'Hero', 'Mission', 'Planet', 'Machine', 'Monster',
  'Hamlet', 'Frankenstein', 'Dracula', 'Pinocchio', 'Cinderella', 'Café', 'Señorita', 'Amélie', 'Château', 'Fiesta',
];
const TITLE_PLACES = ['Paris', 'Rome', 'Tokyo', 'Berlin', 'Texas', 'Brooklyn', 'Havana', 'Venice', 'Casablanca', 'Vienna', 'Montréal', 'Bogotá', 'Kraków', 'the West', 'the Sea', 'Mars'];
const SUBTITLES = ['The Return', 'Revenge', 'The Beginning', 'Reloaded', 'The Final Chapter', 'Resurrection', 'Origins', 'The Next Generation', 'Part II', 'Lost Worlds', 'Judgment Day', 'Rise of the Machines', 'Homecoming', 'Legacy', 'Redemption', 'Retribution'];

const HERO_ROLES = [
  'a retired detective', 'a young widow', 'an ambitious lawyer', 'a small-town sheriff', 'a struggling musician',
  'a teenage girl', 'a former soldier', 'a brilliant scientist', 'a lonely boy', 'a con artist', 'a night nurse',
  'a journalist', 'an aging boxer', 'a schoolteacher', 'a farmer', 'a runaway bride', 'a rookie cop', 'a chef', 'a priest',
  'a single father', 'a hired gun', 'a ballet dancer', 'a taxi driver', 'an astronaut', 'a young prince',
];
const STORY_PLACES = [
  'Paris', 'New York', 'a small town in Texas', 'Tokyo', 'London', 'the Scottish Highlands', 'a remote island',
  'Buenos Aires', 'Berlin', 'the outskirts of Rome', 'Los Angeles', 'a mining town', 'the Arctic', 'Mumbai',
  'a space station', 'Montréal', 'São Paulo', 'Kraków', 'the Sahara', 'Hong Kong', 'a Mississippi river town',
];
const GENRE_LINES: Record<string, string[]> = {
  Drama: ['struggles to keep the family together after a tragedy', 'faces the truth about a past mistake', 'must choose between duty and love', 'returns home to care for a dying father'],
  Comedy: ['gets into hilarious trouble at a wedding', 'swaps lives with a rival for a week', 'tries to win back an ex with a ridiculous plan', 'inherits a chaotic hotel'],
  Thriller: ['is stalked by a mysterious caller', 'uncovers a conspiracy that reaches the top', 'has 24 hours to prove their innocence', 'wakes up with no memory and a gun'],
  Romance: ['falls for a stranger met on a train', 'rediscovers a first love one summer', 'writes letters to an unknown admirer', 'is torn between two suitors'],
  Action: ['must stop a ruthless arms dealer', 'fights a private army to rescue hostages', 'races against time to defuse a bomb', 'leads a daring heist'],
  Horror: ['moves into a house with a dark secret', 'is hunted by something in the woods', 'awakens an ancient curse', 'hears voices in the walls'],
  Crime: ['is drawn into the world of organized crime', 'investigates a string of murders', 'plans one last robbery', 'goes undercover in a drug cartel'],
  Documentary: ['follows the lives of ordinary workers', 'explores the history of a forgotten war', 'investigates the food industry', 'travels with a band on tour'],
  Adventure: ['sets out to find a legendary treasure', 'crosses the jungle in search of a lost city', 'sails across the ocean on a raft', 'climbs the highest mountain'],
  'Science Fiction': ['discovers a signal from another world', 'travels through time to save humanity', 'fights rogue machines', 'wakes up on a dying starship'],
  Family: ['befriends a talking dog', 'saves the school from closing', 'goes on a road trip with grandparents', 'finds a magical creature'],
  Mystery: ['investigates a disappearance at a country house', 'decodes a message left by a dead friend', 'follows clues to a hidden room', 'questions every guest at the party'],
  Fantasy: ['is chosen to wield a magic sword', 'enters a kingdom of dragons', 'breaks a witch’s spell', 'finds a door to another world'],
  Animation: ['joins a band of misfit toys', 'learns to fly with the help of a sparrow', 'leads the animals of the forest', 'builds a robot friend'],
  Foreign: ['lives through the changes of a nation', 'comes of age in a village by the sea', 'searches for a missing brother across the border'],
  Music: ['dreams of singing on the big stage', 'forms a band with old friends', 'competes in a dance contest', 'writes one last song'],
  History: ['witnesses the fall of an empire', 'leads a rebellion against the crown', 'serves at the court of a mad king'],
  War: ['survives behind enemy lines', 'leads a platoon through the last battle', 'hides refugees from the occupiers'],
  Western: ['rides into a lawless town', 'hunts the outlaws who killed a brother', 'defends a ranch from cattle barons'],
  'TV Movie': ['plans the perfect holiday', 'solves a crime in a quiet village', 'falls in love at a Christmas inn'],
};
const CLOSINGS = [
  'Nothing will ever be the same.', 'Based on a true story.', 'A story of friendship and courage.', 'But time is running out.',
  'Some secrets should stay buried.', 'An unforgettable journey.', 'The past is never far behind.', '',
];
const TAGLINES = [
  'Some legends never die.', 'The truth is out there.', 'One man. One mission.', 'Love is a dangerous game.',
  'You will believe.', 'Nobody is safe.', 'Based on a true story.', 'The adventure of a lifetime.', 'Every family has a secret.',
  'Fear the dark.', 'Get ready to laugh.', "It's not over yet.", 'Justice has a price.', 'Welcome to the jungle.',
  'The "perfect" crime.', 'Home, sweet home.', 'Trust no one.', 'Sometimes the hero is the one you least expect.',
];
const CHARACTERS = ['Himself', 'Herself', 'Narrator (voice)', 'Police Officer', 'Waitress', 'Nurse', 'Bartender', 'Reporter', 'Doctor', 'Guard #2', 'Party Guest (uncredited)', 'Mother', 'Father', 'The Stranger', 'Sheriff', 'Taxi Driver'];
const CREW_JOBS: [string, string, number][] = [
  ['Writing', 'Screenplay', 16], ['Writing', 'Writer', 10], ['Writing', 'Novel', 3], ['Production', 'Producer', 22],
  ['Production', 'Executive Producer', 10], ['Production', 'Casting', 8], ['Sound', 'Original Music Composer', 12],
  ['Camera', 'Director of Photography', 14], ['Editing', 'Editor', 14], ['Art', 'Production Design', 7], ['Art', 'Art Direction', 5],
  ['Costume & Make-Up', 'Costume Design', 6], ['Sound', 'Sound Designer', 3], ['Crew', 'Stunts', 3], ['Visual Effects', 'Visual Effects Supervisor', 2],
  ['Directing', 'Assistant Director', 2], ['Lighting', 'Gaffer', 1],
];

// ---- the world: seeded pools and samplers --------------------------------------------------------

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

class World {
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

// =============================================================================================
// Synthetic catalogue

function syntheticCatalogue(world: World, n: number): Movie[] {
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

function syntheticTitle(rng: Random): string {
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

function randomDate(rng: Random, year: number): string {
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
function economics(rng: Random, year: number, fixed?: { budget: number; revenue: number }): Pick<Movie, 'budget' | 'revenue' | 'popularity' | 'voteCount' | 'voteAverage'> {
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
const round6 = (x: number) => Math.round(x * 1e6) / 1e6 || 0.000001;

function syntheticMovie(world: World, rng: Random, title: string, year: number | null): Movie {
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

// =============================================================================================
// Real catalogue (--from): the derived tables of shared/data/movies, read in place

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
function realCatalogue(dir: string, world: World, n: number, log: (m: string) => void): Movie[] {
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

// =============================================================================================
// The plan: which record goes where

type Entry = { kind: 'movie' | 'repeat'; movie: Movie; variant: number } | { kind: 'broken'; movie: Movie; padded: boolean };

interface Shape {
  broken: number;
  undated: number;
  repeats: number;
  /** records that are not base movies or repeats: 2 per broken record, 1 per undated row */
  fixed: number;
}

function shapeFor(rows: number, from: boolean): Shape {
  const scale = rows / FULL_ROWS.movies;
  // at least two broken records, so both kinds (padded by a re-save, and raw) are there
  const broken = Math.max(2, Math.round(FULL_SHAPE.broken * scale));
  const undated = Math.max(1, Math.round(FULL_SHAPE.undated * scale));
  const repeats = Math.max(1, Math.round((from ? FULL_SHAPE.repeatsFrom : FULL_SHAPE.repeats) * scale));
  return { broken, undated, repeats, fixed: 2 * broken + undated };
}

function makePlan(world: World, base: Movie[], shape: Shape): Entry[] {
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

// =============================================================================================
// Writing

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

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function imagePath(rng: Random): string {
  let s = '/';
  for (let i = 0; i < 27; i++) s += BASE62[rng.uint32() % 62];
  return s + '.jpg';
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** A TMDB credit id: 24 hex digits (a table lookup per byte: ~1 M of them at full size). */
function hex24(rng: Random): string {
  let s = '';
  for (let i = 0; i < 3; i++) {
    const u = rng.uint32();
    s += HEX[u >>> 24] + HEX[(u >>> 16) & 255] + HEX[(u >>> 8) & 255] + HEX[u & 255];
  }
  return s;
}

const reprList = (items: string[]) => (items.length ? `[${items.join(', ')}]` : '[]');

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

async function writeMovies(path: string, plan: Entry[], seed: number, gzip?: boolean): Promise<number> {
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

// ---- credits ------------------------------------------------------------------------------------

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
async function writeCredits(path: string, plan: Entry[], world: World, gzip?: boolean): Promise<number> {
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
