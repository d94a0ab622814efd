/**
 * Deterministic synthetic copies of the three raw Steam files (UCSD "Australian" Steam data):
 *
 *   steam_games.json.gz              Python json.dumps lines, pandas NaN for missing values
 *   australian_user_reviews.json.gz  one Python-literal dict per user (repr), reviews nested
 *   australian_users_items.json.gz   one Python-literal dict per user, the whole library nested
 *
 * The real files are too big to ship; these reproduce their formats and quirks (all-NaN lines,
 * mixed-type prices, odd dates, duplicate and broken lines, escapes, heavy tails) at any scale,
 * so ingest, cleaning and models can be exercised at full size. Proportions come from the real
 * data described in shared/data/PROVENANCE.md.
 *
 * Libraries have a latent taste structure (see Taste): each user is a fan of a few themes of the
 * catalogue (strategy, horror, racing...), sometimes of a studio or a franchise, and owns games
 * of those plus the hits everyone owns; they play their kind of game longer and review what they
 * own and play. So personalised recommenders have real signal to find, while popularity stays
 * a strong baseline.
 *
 * Determinism: every random choice flows from `opts.seed` through seeded sfc32 streams (per-user
 * streams for tastes and libraries: a user's library is a pure function of the seed and the
 * user, and only the reviewers' libraries, ~30% of the 5 M rows, are kept for the reviews pass);
 * gzip runs at a fixed level with zlib's fixed header (mtime 0).
 */
import { createReadStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { parseLiteral, pyJsonDumps, pyReprString, type Literal } from '../../core/ingest/literal.js';
import { fillAlias } from '../../core/synth/alias.js';
import { ByteBuilder } from '../../core/synth/bytes.js';
import { LineWriter } from '../../core/synth/lines.js';
import { mixSeed, Random, WeightedSampler, zipfWeights } from '../../core/synth/random.js';
import { fmt, MONTHS } from '../../core/synth/text.js';

export interface SteamSynthOptions {
  /** 1 = the size of the real data (32,135 games, 88,310 library lines, 25,799 review lines) */
  scale: number;
  seed: number;
  /** a real steam_games.json(.gz) to copy through as the catalogue instead of inventing one */
  games?: string;
}

export const STEAM_FILES = {
  games: 'steam_games.json.gz',
  reviews: 'australian_user_reviews.json.gz',
  items: 'australian_users_items.json.gz',
} as const;

/** Sizes of the real data at scale 1 (PROVENANCE.md). */
const FULL = {
  nanLines: 88310, // leading all-NaN lines of steam_games
  games: 32135,
  gamesWithoutId: 2,
  repeatedIds: 1, // the real file has one id ('612880') on two records
  itemLines: 88310,
  itemDupLines: 684,
  reviewLines: 25799,
  reviewDupLines: 341, // 25,799 lines for 25,458 distinct reviewers
  reviewOnlyUsers: 4, // reviewers without a library line
};
const REVIEW_BROKEN_RATE = 0.0005;
const ITEMS_BROKEN_RATE = 0.0002;

/**
 * zlib level 3: on the library text it is as fast as level 1 (~220 MB/s) and 5% smaller; the
 * default 6 is 2.3x slower for a 12% smaller file. Changing it changes the output bytes.
 */
const GZIP_LEVEL = 3;
// Independent random streams, so changing one part of the generator does not reshuffle another.
const enum Stream {
  Catalogue = 1,
  Pool,
  Users,
  Library,
  ItemsPlan,
  Reviews,
  ReviewsPlan,
  Taste,
}

export async function generateSteam(out: string, opts: SteamSynthOptions, log: (m: string) => void): Promise<string[]> {
  if (!(opts.scale > 0) || !Number.isFinite(opts.scale)) throw new Error(`scale must be a positive number, got ${opts.scale}`);
  if (!Number.isInteger(opts.seed)) throw new Error(`seed must be an integer, got ${opts.seed}`);
  mkdirSync(out, { recursive: true });
  const paths = {
    games: join(out, STEAM_FILES.games),
    reviews: join(out, STEAM_FILES.reviews),
    items: join(out, STEAM_FILES.items),
  };
  const started = Date.now();
  const games = opts.games
    ? await copyCatalogue(opts.games, paths.games, log)
    : await writeSyntheticCatalogue(paths.games, opts, log);
  const pool = buildPool(games, opts.seed);
  const users = makeUsers(opts);
  log(`steam: ${fmt(pool.size)} library items (${fmt(pool.size - games.length)} not in the catalogue), ${fmt(users.all.length)} users`);
  const reviewerLibraries = await writeItems(paths.items, pool, users, opts, log);
  await writeReviews(paths.reviews, pool, users, reviewerLibraries, opts, log);
  log(`steam: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return [paths.games, paths.reviews, paths.items];
}

// =============================================================================================
// Catalogue (steam_games)

/** What the users' files need to know about a catalogue game (its taste facets come from these). */
interface CatalogueGame {
  id: string;
  name: string;
  genres: readonly string[];
  tags: readonly string[];
  /** '' when unknown */
  developer: string;
}

/** The real genre vocabulary with its record counts (for weights); '&amp;' is in the data. */
const GENRES: [string, number][] = [
  ['Indie', 15858], ['Action', 11321], ['Casual', 8282], ['Adventure', 8243], ['Strategy', 6957],
  ['Simulation', 6699], ['RPG', 5479], ['Free to Play', 2031], ['Sports', 1257],
  ['Massively Multiplayer', 1108], ['Racing', 1083], ['Design &amp; Illustration', 460], ['Utilities', 340],
  ['Web Publishing', 268], ['Animation &amp; Modeling', 183], ['Education', 125], ['Video Production', 116],
  ['Software Training', 105], ['Audio Production', 93], ['Photo Editing', 77], ['Accounting', 7],
];
const GENRE_COUNT_WEIGHTS = [0, 6788, 9380, 7545, 3178, 1324, 478, 115, 35, 5, 3, 1];

const TAGS: [string, number][] = [
  ['Indie', 17620], ['Action', 13005], ['Adventure', 9831], ['Casual', 9739], ['Simulation', 7730], ['Strategy', 7566],
  ['RPG', 5919], ['Singleplayer', 4346], ['Free to Play', 2406], ['Multiplayer', 2383], ['Great Soundtrack', 2235],
  ['Puzzle', 2111], ['2D', 1945], ['Atmospheric', 1935], ['VR', 1796], ['Sports', 1597], ['Platformer', 1449],
  ['Story Rich', 1446], ['Sci-fi', 1388], ['Fantasy', 1363], ['Horror', 1332], ['Open World', 1319], ['Difficult', 1313],
  ['Anime', 1303], ['Massively Multiplayer', 1286], ['Pixel Graphics', 1241], ['Co-op', 1235], ['Shooter', 1234],
  ['Racing', 1229], ['Female Protagonist', 1178], ['Funny', 1117], ['First-Person', 1086], ['FPS', 1009],
  ['Sandbox', 971], ['Arcade', 968], ['Retro', 959], ['Turn-Based', 949], ['Comedy', 930], ['Point & Click', 866],
  ['Survival', 864], ['Classic', 794], ['Family Friendly', 773], ['Space', 720], ['Movie', 720], ['Gore', 643],
  ['Design & Illustration', 629], ['Third Person', 622], ['Visual Novel', 617], ['Utilities', 613], ['Exploration', 592],
  ['Online Co-Op', 582], ['Cute', 558], ["Shoot 'Em Up", 532], ['Hidden Object', 520], ['Violent', 516],
  ['Zombies', 514], ['Local Multiplayer', 512], ['Local Co-Op', 511], ['Rogue-like', 508], ['Tactical', 504],
  ['RPGMaker', 476], ['Controller', 463], ['Physics', 457], ['RTS', 455], ['Mystery', 448], ['Turn-Based Strategy', 444],
  ['Psychological Horror', 434], ['Nudity', 433], ['Replay Value', 391], ['Short', 387], ['Memes', 387],
  ['Puzzle-Platformer', 377], ['Education', 376], ['Historical', 370], ['Fast-Paced', 366], ['Side Scroller', 351],
  ['Realistic', 350], ['Building', 350], ['Stealth', 348], ['Tower Defense', 345], ['Action RPG', 337],
  ['Management', 328], ['Music', 322], ['Dark', 322], ['Survival Horror', 308], ['Bullet Hell', 307], ['Relaxing', 303],
  ['War', 302], ['Action-Adventure', 300], ['Crafting', 292], ['Hack and Slash', 292], ['Walking Simulator', 285],
  ['Software', 285], ['Web Publishing', 281], ['Top-Down', 280], ['4 Player Local', 278], ['JRPG', 277],
  ['Colorful', 274], ['Animation & Modeling', 272], ['Fighting', 264], ['Party-Based RPG', 264], ['Episodic', 262],
  ['Rogue-lite', 261], ['Competitive', 254], ['Moddable', 245], ['Minimalist', 243], ['Dungeon Crawler', 237],
  ['PvP', 236], ['Third-Person Shooter', 234], ['Card Game', 233], ['Post-apocalyptic', 233],
  ['Procedural Generation', 230], ['Isometric', 229], ['World War II', 226], ['Medieval', 223],
  ['Sexual Content', 216], ['Board Game', 210], ['Cyberpunk', 207], ['Choices Matter', 199], ["Beat 'em up", 150],
  ['Trading Card Game', 120], ['Dark Fantasy', 110], ['Character Customization', 180], ['Alternate History', 90],
  ['Dystopian', 120], ['Sniper', 60], ['Cinematic', 110], ['Metroidvania', 130], ['Superhero', 70], ['Batman', 10],
];
const TAG_COUNT_WEIGHTS = [
  0, 4135, 5835, 5847, 3945, 2631, 1807, 1240, 969, 828, 713, 481, 437, 351, 252, 253, 290, 216, 161, 159, 1422,
];

/** Store features in the order the store lists them, with record counts. */
const SPECS: [string, number][] = [
  ['Single-player', 27577], ['Multi-player', 8198], ['Online Multi-Player', 2370], ['Local Multi-Player', 1237],
  ['Co-op', 4280], ['Online Co-op', 998], ['Local Co-op', 743], ['Shared/Split Screen', 3962],
  ['Cross-Platform Multiplayer', 2550], ['MMO', 942], ['Steam Achievements', 16366], ['Full controller support', 7385],
  ['Partial Controller Support', 6539], ['Steam Trading Cards', 12199], ['Captions available', 1643],
  ['Commentary available', 201], ['Steam Workshop', 1866], ['SteamVR Collectibles', 30], ['In-App Purchases', 933],
  ['Valve Anti-Cheat enabled', 462], ['Steam Cloud', 9960], ['Steam Leaderboards', 6081], ['Stats', 2321],
  ['Includes level editor', 1377], ['Includes Source SDK', 60], ['Downloadable Content', 12691], ['Game demo', 363],
  ['Mods', 11], ['Mods (require HL2)', 10], ['Steam Turn Notifications', 91], ['HTC Vive', 1984], ['Oculus Rift', 1213],
  ['Windows Mixed Reality', 161], ['Tracked Motion Controllers', 1816], ['Gamepad', 387], ['Keyboard / Mouse', 418],
  ['Seated', 1090], ['Standing', 1462], ['Room-Scale', 1445],
];
const SPEC_COUNT_WEIGHTS = [0, 3859, 4489, 4134, 4954, 3700, 3004, 2156, 2782, 960, 621, 415, 206, 80, 53, 28, 13, 5, 3, 1, 1];

/** Numeric prices with their counts; only non-integers, because pyJsonDumps writes 10.0 as 10. */
const PRICES: [number, number][] = [
  [4.99, 4278], [9.99, 3902], [2.99, 3429], [0.99, 2607], [1.99, 2541], [3.99, 1918], [19.99, 1719], [14.99, 1557],
  [6.99, 1199], [7.99, 1095], [5.99, 948], [29.99, 520], [12.99, 417], [24.99, 402], [8.99, 347], [11.99, 331],
  [39.99, 295], [49.99, 162], [34.99, 109], [59.99, 100], [17.99, 94], [10.99, 93], [13.99, 92], [16.99, 87],
  [15.99, 86], [99.99, 63], [18.99, 56], [2.49, 38], [44.99, 33], [79.99, 27], [69.99, 25], [3.49, 19], [54.99, 17],
  [7.49, 11], [149.99, 11], [64.99, 11], [1.49, 9], [119.99, 7], [5.49, 7], [129.99, 7], [0.49, 2], [13.37, 1],
  [771.71, 1], [299.99, 3], [199.99, 5],
];
/** Text prices seen on games without the Free to Play genre, with counts. */
const TEXT_PRICES: [string, number][] = [
  ['Free', 905], ['Free Mod', 4], ['Free Demo', 3], ['Play for Free!', 2], ['Third-party', 2], ['Play Now', 2],
  ['Install Now', 1], ['Install Theme', 1], ['Play the Demo', 1], ['Starting at $499.00', 1],
  ['Starting at $449.00', 1], ['Free to Try', 1], ['Free Movie', 1], ['Free to Use', 1],
  ['Free HITMAN™ Holiday Pack', 1],
];
const FREE_TO_PLAY_PRICES: [string, number][] = [['Free to Play', 520], ['Free To Play', 462], ['Free', 200]];

/** Release years of the dated records (real counts, 1970-2021). */
const YEARS: [number, number][] = [
  [1970, 2], [1975, 1], [1980, 1], [1981, 3], [1982, 3], [1983, 4], [1984, 4], [1985, 3], [1986, 1], [1987, 9],
  [1988, 7], [1989, 10], [1990, 12], [1991, 16], [1992, 15], [1993, 34], [1994, 36], [1995, 33], [1996, 39],
  [1997, 42], [1998, 61], [1999, 55], [2000, 40], [2001, 69], [2002, 50], [2003, 84], [2004, 79], [2005, 102],
  [2006, 155], [2007, 167], [2008, 213], [2009, 337], [2010, 436], [2011, 589], [2012, 1192], [2013, 1551],
  [2014, 2832], [2015, 4945], [2016, 6933], [2017, 9518], [2018, 96], [2019, 3], [2021, 1],
];
/** Non-ISO release dates: ~1% of dated records. {Y} year, {Q} quarter, {M} month abbreviation. */
const ODD_DATES: [string, number][] = [
  ['{Y}', 42], ['Coming Soon', 27], ['Q{Q} {Y}', 20], ['TBA', 16], ['{M} {Y}', 70], ['Coming soon', 8], ['TBD', 6],
  ['Winter {Y}', 8], ['Fall {Y}', 6], ['Early {Y}', 6], ['SOON', 5], ['Spring {Y}', 4], ['Soon', 4],
  ['Summer {Y}', 3], ['{MONTH} {Y}', 6], ["When it's done", 2], ['coming soon', 2], ['Coming {Y}', 2],
  ['Not yet available', 2], ['{Y} Q{Q}', 2], ['Coming Soon!', 2], ['Coming Q{Q} {Y}', 2], ['Soon..', 1],
  ['Beta测试已开启', 1], ['soon', 1], ['{M} {D}, {Y}', 4],
];

type Field = 'publisher' | 'genres' | 'app_name' | 'title' | 'url' | 'release_date' | 'tags' | 'reviews_url' | 'specs' | 'price' | 'early_access' | 'id' | 'developer';
const FIELDS: Field[] = ['publisher', 'genres', 'app_name', 'title', 'url', 'release_date', 'tags', 'reviews_url', 'specs', 'price', 'early_access', 'id', 'developer'];

/** Which fields are NaN together, with record counts: missing values cluster (e.g. no store page). */
const NAN_PATTERNS: [Field[], number][] = [
  [[], 22530], [['publisher'], 4641], [['publisher', 'genres', 'title', 'release_date', 'developer'], 1931],
  [['price'], 1050], [['publisher', 'genres', 'developer'], 667], [['publisher', 'genres', 'specs', 'developer'], 372],
  [['specs'], 277], [['publisher', 'price'], 134], [['publisher', 'genres', 'title', 'release_date', 'price', 'developer'], 116],
  [['publisher', 'developer'], 104], [['genres', 'tags'], 60], [['developer'], 51], [['genres'], 38],
  [['publisher', 'genres', 'tags'], 35], [['publisher', 'genres', 'tags', 'developer'], 15], [['genres', 'tags', 'price'], 14],
  [['release_date', 'price'], 13], [['publisher', 'price', 'developer'], 12], [['tags', 'price'], 10], [['tags'], 9],
  [['genres', 'developer'], 9], [['specs', 'price'], 6], [['release_date'], 4],
  [['publisher', 'genres', 'specs', 'price', 'developer'], 4], [['genres', 'price'], 4],
];

/** Real best-sellers, so the top of the popularity curve has recognisable ids and names. */
const FAMOUS: { id: string; name: string; developer: string; publisher: string; genres: string[]; date: string; price: number | string }[] = [
  { id: '730', name: 'Counter-Strike: Global Offensive', developer: 'Valve,Hidden Path Entertainment', publisher: 'Valve', genres: ['Action'], date: '2012-08-21', price: 14.99 },
  { id: '440', name: 'Team Fortress 2', developer: 'Valve', publisher: 'Valve', genres: ['Action', 'Free to Play'], date: '2007-10-10', price: 'Free to Play' },
  { id: '4000', name: "Garry's Mod", developer: 'Facepunch Studios', publisher: 'Valve', genres: ['Indie', 'Simulation'], date: '2006-11-29', price: 9.99 },
  { id: '570', name: 'Dota 2', developer: 'Valve', publisher: 'Valve', genres: ['Action', 'Free to Play', 'Strategy'], date: '2013-07-09', price: 'Free to Play' },
  { id: '218620', name: 'PAYDAY 2', developer: 'OVERKILL - a Starbreeze Studio.', publisher: 'Starbreeze Publishing AB', genres: ['Action', 'RPG'], date: '2013-08-13', price: 9.99 },
  { id: '304930', name: 'Unturned', developer: 'Smartly Dressed Games', publisher: 'Smartly Dressed Games', genres: ['Action', 'Adventure', 'Casual', 'Free to Play', 'Indie'], date: '2017-07-07', price: 'Free To Play' },
  { id: '550', name: 'Left 4 Dead 2', developer: 'Valve', publisher: 'Valve', genres: ['Action'], date: '2009-11-16', price: 19.99 },
  { id: '105600', name: 'Terraria', developer: 'Re-Logic', publisher: 'Re-Logic', genres: ['Action', 'Adventure', 'Indie', 'RPG'], date: '2011-05-16', price: 9.99 },
  { id: '252490', name: 'Rust', developer: 'Facepunch Studios', publisher: 'Facepunch Studios', genres: ['Action', 'Adventure', 'Indie', 'Massively Multiplayer', 'RPG'], date: '2013-12-11', price: 34.99 },
  { id: '221100', name: 'DayZ', developer: 'Bohemia Interactive', publisher: 'Bohemia Interactive', genres: ['Action', 'Adventure', 'Early Access', 'Massively Multiplayer'], date: '2013-12-16', price: 34.99 },
  { id: '240', name: 'Counter-Strike: Source', developer: 'Valve', publisher: 'Valve', genres: ['Action'], date: '2004-11-01', price: 19.99 },
  { id: '72850', name: 'The Elder Scrolls V: Skyrim', developer: 'Bethesda Game Studios', publisher: 'Bethesda Softworks', genres: ['RPG'], date: '2011-11-10', price: 19.99 },
  { id: '230410', name: 'Warframe', developer: 'Digital Extremes', publisher: 'Digital Extremes', genres: ['Action', 'Free to Play'], date: '2013-03-25', price: 'Free to Play' },
  { id: '49520', name: 'Borderlands 2', developer: 'Gearbox Software,Aspyr (Mac),Aspyr (Linux)', publisher: '2K', genres: ['Action', 'RPG'], date: '2012-09-17', price: 19.99 },
  { id: '10', name: 'Counter-Strike', developer: 'Valve', publisher: 'Valve', genres: ['Action'], date: '2000-11-01', price: 9.99 },
  { id: '220', name: 'Half-Life 2', developer: 'Valve', publisher: 'Valve', genres: ['Action'], date: '2004-11-16', price: 9.99 },
  { id: '620', name: 'Portal 2', developer: 'Valve', publisher: 'Valve', genres: ['Action', 'Adventure'], date: '2011-04-18', price: 19.99 },
  { id: '8930', name: "Sid Meier's Civilization® V", developer: 'Firaxis Games,Aspyr (Mac),Aspyr (Linux)', publisher: '2K,Aspyr (Mac),Aspyr (Linux)', genres: ['Strategy'], date: '2010-09-21', price: 29.99 },
  { id: '252950', name: 'Rocket League®', developer: 'Psyonix, Inc.', publisher: 'Psyonix, Inc.', genres: ['Action', 'Indie', 'Racing', 'Sports'], date: '2015-07-07', price: 19.99 },
  { id: '211820', name: 'Starbound', developer: 'Chucklefish', publisher: 'Chucklefish', genres: ['Action', 'Adventure', 'Casual', 'Indie', 'RPG'], date: '2016-07-22', price: 14.99 },
  { id: '227940', name: 'Heroes & Generals', developer: 'RETO MOTO', publisher: 'RETO MOTO', genres: ['Action', 'Free to Play', 'Massively Multiplayer', 'Strategy'], date: '2016-10-18', price: 'Free to Play' },
  { id: '107410', name: 'Arma 3', developer: 'Bohemia Interactive', publisher: 'Bohemia Interactive', genres: ['Action', 'Simulation', 'Strategy'], date: '2013-09-12', price: 39.99 },
  { id: '70', name: 'Half-Life', developer: 'Valve', publisher: 'Valve', genres: ['Action'], date: '1998-11-08', price: 9.99 },
  { id: '300', name: 'Day of Defeat: Source', developer: 'Valve', publisher: 'Valve', genres: ['Action'], date: '2010-07-12', price: 9.99 },
  { id: '200510', name: 'XCOM: Enemy Unknown', developer: 'Firaxis Games,Feral Interactive (Mac),Feral Interactive (Linux)', publisher: '2K', genres: ['Strategy'], date: '2012-10-08', price: 29.99 },
  { id: '363970', name: 'Clicker Heroes', developer: 'Playsaurus', publisher: 'Playsaurus', genres: ['Casual', 'Free to Play', 'Indie', 'RPG', 'Simulation', 'Strategy'], date: '2015-05-13', price: 'Free to Play' },
  { id: '346110', name: 'ARK: Survival Evolved', developer: 'Studio Wildcard,Instinct Games,Efecto Studios,Virtual Basement LLC', publisher: 'Studio Wildcard', genres: ['Action', 'Adventure', 'Early Access', 'Indie', 'Massively Multiplayer', 'RPG'], date: '2017-08-27', price: 29.99 },
  { id: '241930', name: 'Middle-earth™: Shadow of Mordor™', developer: 'Monolith Productions, Inc.', publisher: 'WB Games', genres: ['Action', 'Adventure', 'RPG'], date: '2014-09-30', price: 19.99 },
  { id: '289070', name: "Sid Meier's Civilization® VI", developer: 'Firaxis Games,Aspyr (Mac),Aspyr (Linux)', publisher: '2K', genres: ['Strategy'], date: '2016-10-20', price: 59.99 },
  { id: '359550', name: "Tom Clancy's Rainbow Six® Siege", developer: 'Ubisoft Montréal', publisher: 'Ubisoft', genres: ['Action'], date: '2015-12-01', price: 19.99 },
];

/** Studios that own many records; new studios are drawn from these first (Simon's model). */
const BIG_DEVELOPERS = [
  'Ubisoft - San Francisco', 'SmiteWorks USA, LLC', 'Dovetail Games', 'KOEI TECMO GAMES CO., LTD.', 'Paradox Development Studio',
  'Capcom', 'Ronimo Games', 'Choice of Games', 'Stainless Games', 'Musopia', 'N3V Games', 'Ubisoft Montréal',
  'Relic Entertainment,Feral Interactive (Mac),Feral Interactive (Linux)', 'DL Softworks', 'SCS Software', 'Milestone S.r.l.',
  'Team NINJA,KOEI TECMO GAMES CO., LTD.', 'Arc System Works', 'Valve', 'Infinity Ward', 'Rebellion', 'SEGA', 'Treyarch',
  'Square Enix Montréal', 'Arcane Raise', 'Magic Pixel Kft.', 'Monster Games', 'Llama Software', 'Ubisoft',
];
const BIG_PUBLISHERS = [
  'Ubisoft', 'Dovetail Games - Trains', 'Degica', 'Paradox Interactive', 'SEGA', 'Dovetail Games - Flight',
  'KOEI TECMO GAMES CO., LTD.', 'Activision', 'Big Fish Games', 'KISS ltd', 'Dovetail Games', 'THQ Nordic', 'Capcom',
  'Strategy First', 'Square Enix', 'Slitherine Ltd.', 'BANDAI NAMCO Entertainment', 'SEGA, Feral Interactive (Mac), Feral Interactive (Linux)',
  'Deep Silver', 'Valve',
];

// Word lists for names. Mostly ASCII; the non-ASCII shares below mirror the real ~10% of names.
const ADJECTIVES = [
  'Lost', 'Dark', 'Ancient', 'Crimson', 'Silent', 'Eternal', 'Broken', 'Hidden', 'Savage', 'Infinite', 'Tiny', 'Super',
  'Mega', 'Iron', 'Golden', 'Forgotten', 'Frozen', 'Wild', 'Last', 'First', 'Little', 'Shadow', 'Neon', 'Cosmic',
  'Royal', 'Endless', 'Steel', 'Crazy', 'Mystic', 'Brave', 'Red', 'Blue', 'Black', 'Haunted', 'Fallen', 'Rising',
];
const NOUNS = [
  'Kingdom', 'Legends', 'Summoner', 'Kitty', 'Dungeon', 'Empire', 'Knight', 'Heroes', 'Warriors', 'Galaxy', 'Space',
  'Island', 'Quest', 'Tales', 'Chronicles', 'Souls', 'Road', 'City', 'Farm', 'Tycoon', 'Racer', 'Arena', 'Tower',
  'Station', 'Planet', 'Escape', 'Survival', 'Zombie', 'Dragon', 'Ninja', 'Pirates', 'Robots', 'Wizard', 'Train',
  'Truck', 'Pool', 'Puzzle', 'Maze', 'Battle', 'War', 'Storm', 'Night', 'Dream', 'Forest', 'Ocean', 'Castle', 'Star',
];
const TAILS = ['Simulator', 'VR', 'Online', 'Remastered', 'Deluxe', 'HD', 'Tactics', 'Defense', 'Adventure', 'Saga', 'Origins', 'Rush'];
const DLC_SUFFIXES = [
  'Soundtrack', 'Digital Art Book', 'Season Pass', 'Expansion Pack', 'Costume Pack', 'Deluxe Upgrade', 'Supporter Pack',
  'Map Pack', 'Chapter {N}', 'Episode {N}', 'Bonus Content', 'Starter Pack', "Collector's Edition Content",
];
const FOREIGN_NAMES = [
  '弹炸人2222', '桜の樹の下には', '三国志ツクール', 'Астролорды: Облако Оорта', 'Сказки', 'Путешествие', '魔界戦記',
  'デラックスセット', '妖聖セット', 'Café Rush', 'Über Kraft', 'Señor Pixel', 'Niño Perdido', 'Blåbär', 'Öde',
  'Ægir', 'Łowca', 'Nước', 'Wojdan - وجدان', 'Çılgın Yarış', 'Ψυχή', '하늘섬', 'Mold on Pizza 🍕',
];
/** syllables for invented studio names ('Kotoshiro', 'Poppermost'): ~30^3 distinct words */
const SYLLABLES = [
  'ko', 'to', 'shi', 'ro', 'la', 'ush', 'pop', 'per', 'most', 'trick', 'jump', 'six', 'nail', 'pool', 'zen', 'mor',
  'vex', 'qua', 'lix', 'dor', 'ban', 'fal', 'gri', 'tel', 'nu', 'ra', 've', 'on', 'ix', 'bit', 'mo', 'pix',
];
const STUDIO_WORDS = ['Pixel', 'Byte', 'Moon', 'Fox', 'Owl', 'Ember', 'Rocket', 'Lantern', 'Rogue', 'Atlas', 'Nimbus', 'Quartz', 'Cobalt', 'Pine', 'Mammoth'];
const STUDIO_SUFFIXES = [
  'Games', 'Studio', 'Studios', 'Entertainment', 'Interactive', 'Productions', 'Software', 'Games Ltd', 'LLC',
  'Inc.', 'S.r.l.', 'GmbH', 'Kft.', 'OÜ', 'AB', 'Team', 'Works', 'Labs', 'Soft', 'Media',
];
/** solo developers; the accented ones keep the real ~1% of non-ASCII developer names */
const FIRST_NAMES = [
  'Erik', 'Étienne', 'Mårten', 'Tonguç', 'Michael', 'René', 'Gregor', 'Érico', 'Ernő', 'Zoë', 'John', 'Sarah', 'Dmitriy',
  'Kevin', 'Paweł', 'Ana', 'Lucas', 'Tom', 'Maria', 'Jakub', 'Yuki', 'Chen', 'Oliver', 'Emma', 'Lars', 'Ivan', 'Sofia',
];
const LAST_NAMES = [
  'Svedäng', 'Périn', 'Jonsson', 'Bodur', 'Lückgen', 'Bühling', 'Panič', 'Temponi', 'Király', 'Carter', 'Miller',
  'Laush', 'Wong', 'Radej', 'Souza', 'Pereira', 'Becker', 'Novak', 'Tanaka', 'Li', 'Smith', 'Berg', 'Petrov', 'Rossi',
];
const CJK_STUDIOS = ['彼岸领域', '神奈川電子技術研究所', '过路乐师A', '高考恋爱委员会', '星辰工作室', 'ゆずソフト'];

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
class CatalogueMaker {
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

function daysInMonth(year: number, month: number): number {
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
async function writeSyntheticCatalogue(path: string, opts: SteamSynthOptions, log: (m: string) => void): Promise<CatalogueGame[]> {
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
async function copyCatalogue(source: string, path: string, log: (m: string) => void): Promise<CatalogueGame[]> {
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

// =============================================================================================
// Item pool: catalogue games plus ids the catalogue lacks, ranked by popularity

/**
 * Everything a library or a review can name. Real libraries and reviews also name apps missing
 * from steam_games (delisted games, DLC, tools: ~9% of real reviews), so ~10% extra ids are
 * added with invented names. Popularity is Zipf over a ranking: the famous best-sellers first
 * (when present), then a shuffle. The facets (below) are what users' tastes are made of.
 */
interface Pool {
  size: number;
  ids: string[];
  /** UTF-8 of "{'item_id': '10', 'item_name': 'Counter-Strike', 'playtime_forever': " per item, */
  prefixBytes: Buffer;
  /** ... item i's prefix being prefixBytes[prefixStart[i], prefixStart[i + 1]) */
  prefixStart: Int32Array;
  /** pool index of the k-th smallest numeric id: libraries list items in id order */
  byId: Int32Array;
  /** position of each item in byId */
  idRank: Int32Array;
  /** popularity (Zipf over the ranking), summing to 1: what the mainstream picks follow */
  weights: Float64Array;
  global: WeightedSampler;
  /** 0..1 by popularity rank: 1 for the top game, 0 from rank 100 (the big multiplayer hits are played longest) */
  playBoost: Float32Array;
  /** per game, added to the log-minutes of its players: the hits' boost and the game's own length */
  playBias: Float32Array;
  facets: Facets;
  /** latent quality per item (standard normal), drives the recommend rate */
  quality: Float64Array;
  /** largest library a user may get: the pool must keep some items unchosen */
  maxLibrary: number;
}

/**
 * Zipf exponent of the popularity behind the mainstream picks (the share of a library that
 * follows the charts, see Taste): steep, so that those picks are the hits everyone owns (the
 * top 10 take 3/4 of them); the long tail is reached through tastes.
 */
const LIBRARY_ZIPF = 1.5;
/**
 * A game's appeal to the fans of its facets, which orders it within them: popularity^ρ ×
 * lognormal(0, σ). The famous hits lead their themes, but a theme's next favourites are often
 * games the charts rank low (the niche hits: Euro Truck Simulator for simulation fans).
 */
const APPEAL_RHO = 0.45;
const APPEAL_SIGMA = 1.2;
const EXTRA_SHARE = 0.1;

function buildPool(games: CatalogueGame[], seed: number): Pool {
  const rng = new Random(mixSeed(seed, Stream.Pool));
  const entries: CatalogueGame[] = games.slice();
  const taken = new Set(entries.map((e) => e.id));
  const extras = Math.round(entries.length * EXTRA_SHARE);
  const names = new CatalogueMaker(new Random(mixSeed(seed, Stream.Pool, 1)));
  for (let i = 0; i < extras; i++) {
    const d = names.draft();
    let id = d.id;
    while (taken.has(id)) id = String(rng.int(10, 800000));
    taken.add(id);
    // no user tags for these (they have no store page); genres and studio still make a taste
    entries.push({ id, name: d.name, genres: d.genres, tags: [], developer: d.developer });
  }
  const size = entries.length;

  // popularity ranking: famous ids in order, then everything else shuffled
  const famousRank = new Map(FAMOUS.map((f, i) => [f.id, i]));
  const head = entries.map((_, i) => i).filter((i) => famousRank.has(entries[i].id));
  head.sort((a, b) => famousRank.get(entries[a].id)! - famousRank.get(entries[b].id)!);
  const tail = rng.shuffle(entries.map((_, i) => i).filter((i) => !famousRank.has(entries[i].id)));
  const zipf = zipfWeights(size, LIBRARY_ZIPF);
  let zipfTotal = 0;
  for (let r = 0; r < size; r++) zipfTotal += zipf[r];
  const weights = new Float64Array(size);
  const playBoost = new Float32Array(size);
  [...head, ...tail].forEach((item, rank) => {
    weights[item] = zipf[rank] / zipfTotal;
    playBoost[item] = Math.max(0, 1 - Math.log10(rank + 1) / 2);
  });

  const byId = Int32Array.from(entries.map((_, i) => i)).sort((a, b) => compareIds(entries[a].id, entries[b].id));
  const idRank = new Int32Array(size);
  byId.forEach((item, rank) => (idRank[item] = rank));

  const quality = new Float64Array(size);
  for (let i = 0; i < size; i++) quality[i] = rng.normal();
  // appeal to a game's fans: partly its overall popularity, partly its own (niche hits)
  const nicheRng = new Random(mixSeed(seed, Stream.Pool, 2));
  const appeal = new Float64Array(size);
  for (let i = 0; i < size; i++) appeal[i] = Math.pow(weights[i], APPEAL_RHO) * Math.exp(APPEAL_SIGMA * nicheRng.normal());
  const playBias = new Float32Array(size);
  for (let i = 0; i < size; i++) playBias[i] = PLAY_BOOST * playBoost[i] + PLAY_GAME_SIGMA * nicheRng.normal();

  return {
    size,
    ids: entries.map((e) => e.id),
    ...itemPrefixes(entries),
    byId,
    idRank,
    weights,
    global: new WeightedSampler(weights),
    playBoost,
    playBias,
    facets: buildFacets(entries, weights, appeal),
    quality,
    maxLibrary: Math.max(1, Math.floor(size * 0.8)),
  };
}

// ---- taste facets ---------------------------------------------------------------------------

/**
 * Taste themes: the kinds of game players' libraries gather around, each a group of user tags
 * (and genres, which the store repeats as tags). A game belongs to the themes of its tags, in
 * proportion (the first, most voted tags count more; a tag in several themes is split between
 * them; generic tags count for little), its shares summing to 1. Twenty-odd themes keep the
 * taste low-rank, as in real libraries (a few taste dimensions explain most co-ownership);
 * studios and franchises (below) add the fine-grained part.
 */
const THEMES: [string, string[]][] = [
  ['shooters', ['FPS', 'Shooter', 'First-Person', 'Third-Person Shooter', 'Sniper', 'Military', 'Competitive', 'Team-Based', 'Arena Shooter', 'Class-Based', 'Gun Customization', 'Tactical', 'Modern', 'e-sports', 'Heist', 'On-Rails Shooter', 'Action', 'Multiplayer']],
  ['strategy', ['Strategy', 'RTS', 'Turn-Based Strategy', 'Grand Strategy', '4X', 'Tower Defense', 'Wargame', 'Real-Time with Pause', 'Turn-Based Tactics', 'Real Time Tactics', 'Real-Time', 'Hex Grid', 'Diplomacy', 'Political', 'Politics', 'Tactical', 'Turn-Based', 'Games Workshop', 'Warhammer 40K']],
  ['war & history', ['Historical', 'War', 'World War II', 'World War I', 'Alternate History', 'Rome', 'Cold War', 'Military', 'Naval', 'Tanks', 'America', 'Western', 'Pirates']],
  ['rpg & fantasy', ['RPG', 'Action RPG', 'JRPG', 'Party-Based RPG', 'CRPG', 'Tactical RPG', 'Strategy RPG', 'Turn-Based Combat', 'Character Customization', 'Loot', 'Dungeon Crawler', 'Magic', 'Fantasy', 'Dark Fantasy', 'Dragons', 'Mythology', 'Lore-Rich', 'Medieval', 'Swordplay', 'Adventure']],
  ['open world & survival', ['Open World', 'Survival', 'Sandbox', 'Crafting', 'Building', 'Base Building', 'Exploration', 'Procedural Generation', 'Voxel', 'Post-apocalyptic', 'Zombies', 'Mining', 'Hunting', 'Moddable', 'Early Access', 'Adventure']],
  ['horror', ['Horror', 'Psychological Horror', 'Survival Horror', 'Gore', 'Dark', 'Violent', 'Blood', 'Thriller', 'Lovecraftian', 'Supernatural', 'Vampire', 'Werewolves', 'Demons', 'Gothic', 'Zombies', 'Psychological', 'Mature']],
  ['simulation', ['Simulation', 'Management', 'Realistic', 'Economy', 'City Builder', 'Resource Management', 'Flight', 'Trains', 'Agriculture', 'Space Sim', 'TrackIR', 'Capitalism', 'God Game', 'Trading', 'Physics', 'Sailing', 'Fishing', 'Building']],
  ['racing & sports', ['Racing', 'Sports', 'Driving', 'Offroad', 'Football', 'Soccer', 'Basketball', 'Golf', 'Mini Golf', 'Bowling', 'Pool', 'Wrestling', 'Cycling', 'Bikes', 'Horses', 'Time Attack', 'Local Multiplayer', 'Split Screen', 'Controller']],
  ['casual & puzzle', ['Casual', 'Puzzle', 'Hidden Object', 'Match 3', 'Family Friendly', 'Relaxing', 'Cute', 'Colorful', 'Minimalist', 'Clicker', 'Touch-Friendly', 'Sokoban', 'Word Game', 'Typing', 'Spelling', 'Mouse only', 'Short', 'LEGO', 'Indie']],
  ['anime & visual novels', ['Anime', 'Visual Novel', 'Female Protagonist', 'Dating Sim', 'Romance', 'Otome', 'Sexual Content', 'Nudity', 'NSFW', 'RPGMaker', 'Multiple Endings', 'Cute', 'Choose Your Own Adventure']],
  ['platformers & retro', ['Platformer', '2D', 'Pixel Graphics', 'Retro', 'Arcade', 'Side Scroller', 'Metroidvania', 'Puzzle-Platformer', '3D Platformer', 'Classic', "1990's", '1980s', 'Difficult', 'Parkour', 'Runner', 'Score Attack', 'Remake', 'Cult Classic', '2.5D', 'Pinball', 'Lemmings', 'Indie']],
  ['roguelikes & arcade shooters', ['Rogue-like', 'Rogue-lite', 'Bullet Hell', "Shoot 'Em Up", 'Top-Down', 'Top-Down Shooter', 'Twin Stick Shooter', 'Perma Death', 'Fast-Paced', 'Replay Value', 'Procedural Generation', 'Mystery Dungeon', 'Isometric', 'Difficult', 'Indie']],
  ['online multiplayer', ['Massively Multiplayer', 'MMORPG', 'Free to Play', 'Multiplayer', 'PvP', 'PvE', 'Online Co-Op', 'Co-op', 'MOBA', 'Team-Based', 'Competitive', 'Asynchronous Multiplayer', 'Co-op Campaign', 'Local Co-Op', '4 Player Local']],
  ['sci-fi', ['Sci-fi', 'Space', 'Cyberpunk', 'Futuristic', 'Dystopian', 'Aliens', 'Robots', 'Mechs', 'Space Sim', 'Transhumanism', 'Artificial Intelligence', 'Mars', 'Time Travel', 'Steampunk', 'Hacking', '6DOF', 'Star Wars']],
  ['story & adventure', ['Adventure', 'Story Rich', 'Atmospheric', 'Walking Simulator', 'Point & Click', 'Mystery', 'Detective', 'Investigation', 'Noir', 'Crime', 'Episodic', 'Choices Matter', 'Narration', 'Interactive Fiction', 'Text-Based', 'Cinematic', 'Drama', 'Multiple Endings', 'Based On A Novel', 'Nonlinear', 'Dynamic Narration', 'Conversation', 'Philisophical', 'Singleplayer', 'Great Soundtrack', 'Indie']],
  ['art games', ['Surreal', 'Experimental', 'Psychedelic', 'Abstract', 'Hand-drawn', 'Stylized', 'Minimalist', 'Atmospheric', 'Great Soundtrack', 'Short', 'Indie']],
  ['action & fighting', ['Fighting', '2D Fighter', "Beat 'em up", 'Hack and Slash', 'Action-Adventure', 'Third Person', 'Stealth', 'Superhero', 'Comic Book', 'Batman', 'Martial Arts', 'Ninja', 'Assassin', 'Spectacle fighter', 'Character Action Game', 'Bullet Time', 'Quick-Time Events', 'Destruction', 'Lara Croft', 'Action']],
  ['cards & board games', ['Card Game', 'Trading Card Game', 'Board Game', 'Chess', 'Turn-Based', 'Gambling', 'Tabletop', 'Word Game']],
  ['comedy', ['Funny', 'Comedy', 'Memes', 'Parody', 'Satire', 'Dark Humor', 'Dark Comedy', 'Cartoony', 'Cartoon', 'Illuminati', 'Intentionally Awkward Controls', 'Villain Protagonist', 'Physics']],
  ['vr', ['VR', '360 Video', 'Voice Control', 'Experience']],
  ['music & rhythm', ['Music', 'Rhythm', 'Soundtrack', 'Music-Based Procedural Generation']],
  ['creative software', ['Utilities', 'Design & Illustration', 'Animation & Modeling', 'Web Publishing', 'Software', 'Software Training', 'Audio Production', 'Video Production', 'Photo Editing', 'Accounting', 'Education', 'Game Development', 'Programming', 'Level Editor', 'Benchmark', 'Hardware', 'Tutorial', 'GameMaker', 'Science', 'Movie', 'Documentary', 'Feature Film']],
];
/** tags that say little about a game's kind: they count this much of a specific tag */
const GENERIC_TAGS = new Set(
  ['Indie', 'Action', 'Adventure', 'Casual', 'Singleplayer', 'Multiplayer', 'Great Soundtrack', 'Atmospheric', '2D', 'Early Access', 'Free to Play', 'Classic', 'Difficult', 'Replay Value', 'Co-op', 'Controller', 'Short'].map(themeKey),
);
const GENERIC_TAG_WEIGHT = 0.25;
/**
 * A game's theme shares are raised to this power and renormalised: a game is mostly one kind of
 * game (the synthetic catalogue's tags beyond the genres are drawn at random, so without this
 * every game would be a bit of everything).
 */
const THEME_SHARPNESS = 4;

/**
 * The groups of games a player can be a fan of: the themes above, studios ('Paradox Development
 * Studio'; the first one of a comma-joined developer field) and franchises (a base game with its
 * DLC, add-ons and subtitled sequels, by the name before ' - ' or ': ': 'Train Simulator',
 * 'Borderlands 2'). Studios and franchises of a single game are dropped. Each facet gets one
 * WeightedSampler over its games, built once, so "a game of this facet" costs O(1) per draw.
 */
interface Facets {
  count: number;
  /** facet f's games are members[start[f], start[f + 1]) */
  start: Int32Array;
  members: Int32Array;
  /** per member: its draw weight in the facet, (its appeal rank in the facet)^-FACET_ZIPF × its share of the facet */
  memberWeight: Float64Array;
  /**
   * Vose alias tables of all facets in two flat arrays (faster than one WeightedSampler per
   * facet in the hot loop): position p in facet f's range gives members[p] with probability
   * aliasProb[p], else the game aliasItem[p] (a member of the same facet).
   */
  aliasProb: Float32Array;
  aliasItem: Int32Array;
  /** per facet: the sum of its member weights */
  total: Float64Array;
  /** item i is in facet itemFacets[p] with strength itemStrength[p] (0..1), p in [itemStart[i], itemStart[i + 1]) */
  itemStart: Int32Array;
  itemFacets: Int32Array;
  itemStrength: Float32Array;
  /** the theme facets and a sampler over them (∝ popularity mass^γ), to pick users' favourites */
  themes: Int32Array;
  themePrior: WeightedSampler | null;
  /** per item, the facet of its studio and of its franchise, -1 when there is none */
  studioOf: Int32Array;
  franchiseOf: Int32Array;
}

/**
 * Within a facet, the games ranked by appeal are drawn Zipf-like: the k-th with weight
 * k^-FACET_ZIPF (times its share of the facet). Every facet thus has its own hits, which most of
 * its fans own, whatever the facet's size (so the structure does not thin out with the scale).
 */
const FACET_ZIPF = 1;
/**
 * How likely each theme is to be someone's favourite: ∝ (its share of popularity)^γ. γ well
 * below 1 flattens the pull of the themes of the few big hits so that small ones get fans too.
 */
const FACET_PRIOR_GAMMA = 0.3;

function buildFacets(entries: readonly CatalogueGame[], weights: Float64Array, appeal: Float64Array): Facets {
  const size = entries.length;
  const nThemes = THEMES.length;
  const themesOfTag = new Map<string, number[]>();
  THEMES.forEach(([, tags], k) => {
    for (const tag of tags) {
      const key = themeKey(tag);
      const list = themesOfTag.get(key) ?? [];
      if (!list.includes(k)) list.push(k);
      themesOfTag.set(key, list);
    }
  });

  // facet ids while building: the themes first, then studios and franchises as they come
  const lists: number[][] = THEMES.map(() => []);
  const strengths: number[][] = THEMES.map(() => []);
  const named = new Map<string, number>();
  const studioRaw = new Int32Array(size).fill(-1);
  const franchiseRaw = new Int32Array(size).fill(-1);
  const group = (kind: string, key: string, item: number): number => {
    if (!key) return -1;
    const name = `${kind}\u0000${key}`;
    let f = named.get(name);
    if (f === undefined) {
      f = lists.length;
      named.set(name, f);
      lists.push([]);
      strengths.push([]);
    }
    lists[f].push(item);
    strengths[f].push(1);
    return f;
  };
  const share = new Float64Array(nThemes);
  const seen = new Set<string>();
  for (let i = 0; i < size; i++) {
    const e = entries[i];
    share.fill(0);
    seen.clear();
    let sum = 0;
    for (const tag of [...e.genres, ...e.tags]) {
      const key = themeKey(tag);
      if (seen.has(key)) continue;
      seen.add(key);
      const ks = themesOfTag.get(key);
      if (!ks) continue;
      const w = (GENERIC_TAGS.has(key) ? GENERIC_TAG_WEIGHT : 1) / (1 + 0.1 * (seen.size - 1)) / ks.length;
      for (const k of ks) share[k] += w;
      sum += w * ks.length;
    }
    if (sum > 0) {
      // sharpened (a game is mostly one kind of game, whatever its long tag list says), then the
      // shares under 5% are dropped (they weigh little and slow the samplers down)
      let sharp = 0;
      for (let k = 0; k < nThemes; k++) sharp += share[k] = Math.pow(share[k] / sum, THEME_SHARPNESS);
      let kept = 0;
      for (let k = 0; k < nThemes; k++) {
        if (share[k] < 0.05 * sharp) share[k] = 0;
        kept += share[k];
      }
      for (let k = 0; k < nThemes; k++) {
        if (share[k] === 0) continue;
        lists[k].push(i);
        strengths[k].push(share[k] / kept);
      }
    }
    studioRaw[i] = group('studio', studioKey(e.developer), i);
    franchiseRaw[i] = group('franchise', franchiseKey(e.name), i);
  }

  // keep facets of two games or more, in creation order (deterministic)
  const newId = new Int32Array(lists.length).fill(-1);
  let count = 0;
  for (let f = 0; f < lists.length; f++) if (lists[f].length >= 2) newId[f] = count++;
  const start = new Int32Array(count + 1);
  for (let f = 0; f < lists.length; f++) if (newId[f] >= 0) start[newId[f] + 1] = lists[f].length;
  for (let f = 0; f < count; f++) start[f + 1] += start[f];
  const members = new Int32Array(start[count]);
  const strength = new Float32Array(start[count]);
  for (let f = 0; f < lists.length; f++) {
    if (newId[f] < 0) continue;
    members.set(lists[f], start[newId[f]]);
    strength.set(strengths[f], start[newId[f]]);
  }

  const memberWeight = new Float64Array(members.length);
  const orderKey = new Float64Array(members.length);
  const aliasProb = new Float32Array(members.length);
  const aliasItem = new Int32Array(members.length);
  const total = new Float64Array(count);
  const perItem = new Int32Array(size);
  for (let f = 0; f < count; f++) {
    const order: number[] = [];
    for (let p = start[f]; p < start[f + 1]; p++) {
      order.push(p);
      orderKey[p] = appeal[members[p]] * strength[p];
      perItem[members[p]]++;
    }
    order.sort((a, b) => orderKey[b] - orderKey[a] || a - b);
    for (let r = 0; r < order.length; r++) {
      const p = order[r];
      memberWeight[p] = Math.pow(r + 1, -FACET_ZIPF) * strength[p];
      total[f] += memberWeight[p];
    }
    fillAlias(memberWeight, start[f], start[f + 1], aliasProb, aliasItem);
  }
  const itemStart = new Int32Array(size + 1);
  for (let i = 0; i < size; i++) itemStart[i + 1] = itemStart[i] + perItem[i];
  const itemFacets = new Int32Array(itemStart[size]);
  const itemStrength = new Float32Array(itemStart[size]);
  const fill = itemStart.slice(0, size);
  for (let p = 0; p < members.length; p++) aliasItem[p] = members[aliasItem[p]];
  for (let f = 0; f < count; f++) {
    for (let p = start[f]; p < start[f + 1]; p++) {
      const at = fill[members[p]]++;
      itemFacets[at] = f;
      itemStrength[at] = strength[p];
    }
  }

  const themes: number[] = [];
  const prior: number[] = [];
  for (let k = 0; k < nThemes; k++) {
    const f = newId[k];
    if (f < 0) continue;
    let mass = 0;
    for (let p = start[f]; p < start[f + 1]; p++) mass += weights[members[p]] * strength[p];
    themes.push(f);
    prior.push(Math.pow(mass, FACET_PRIOR_GAMMA));
  }
  const remap = (raw: Int32Array): Int32Array => raw.map((f) => (f >= 0 ? newId[f] : -1));
  return {
    count,
    start,
    members,
    memberWeight,
    aliasProb,
    aliasItem,
    total,
    itemStart,
    itemFacets,
    itemStrength,
    themes: Int32Array.from(themes),
    themePrior: themes.length ? new WeightedSampler(prior) : null,
    studioOf: remap(studioRaw),
    franchiseOf: remap(franchiseRaw),
  };
}

/** 'Design &amp; Illustration' (a genre) and 'Design & Illustration' (a tag) are one key. */
function themeKey(name: string): string {
  return name.replaceAll('&amp;', '&').trim().toLowerCase();
}

/** The lead studio: 'Firaxis Games,Aspyr (Mac),Aspyr (Linux)' → 'firaxis games' (ports are not a taste). */
function studioKey(developer: string): string {
  const comma = developer.indexOf(',');
  return (comma >= 0 ? developer.slice(0, comma) : developer).trim().toLowerCase();
}

/** 'Lost Kingdom - Season Pass', 'Train Simulator: Route Add-On' → the base name, marks removed. */
function franchiseKey(name: string): string {
  const cut = name.search(/ [-–—] |: /);
  return (cut > 0 ? name.slice(0, cut) : name).replace(/[™®©]/g, '').trim().toLowerCase();
}

/** The constant start of each item's dict in a library line, encoded once. */
function itemPrefixes(entries: { id: string; name: string }[]): { prefixBytes: Buffer; prefixStart: Int32Array } {
  const parts = entries.map((e) => Buffer.from(`{'item_id': ${pyReprString(e.id)}, 'item_name': ${pyReprString(e.name)}, 'playtime_forever': `));
  const prefixStart = new Int32Array(parts.length + 1);
  parts.forEach((p, i) => (prefixStart[i + 1] = prefixStart[i] + p.length));
  return { prefixBytes: Buffer.concat(parts), prefixStart };
}

/** Numeric ids in numeric order; anything else after them, by code units. */
function compareIds(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  const aNum = Number.isFinite(na);
  const bNum = Number.isFinite(nb);
  if (aNum && bNum) return na - nb || (a < b ? -1 : a > b ? 1 : 0);
  if (aNum !== bNum) return aNum ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

// =============================================================================================
// Users

interface User {
  id: string;
  steamId: string;
  url: string;
  /** has a line in the items file (a few reviewers do not) */
  hasLibrary: boolean;
  /** has a line in the reviews file */
  reviews: boolean;
}

interface Users {
  all: User[];
  itemDupLines: number;
  reviewDupLines: number;
}

const VANITY_WORDS = [
  'evcentric', 'riot', 'punch', 'doctr', 'minx', 'potatoes', 'nitemare', 'manwich', 'maple', 'mage', 'wackky', 'corrupted',
  'soul', 'jorell', 'pogi', 'cadmus', 'meat', 'company', 'queen', 'panda', 'death', 'hunter', 'dreams', 'empire', 'kamber',
  'rainbow', 'dashie', 'marble', 'shrine', 'bokk', 'serious', 'wolf', 'nitro', 'camo', 'sky', 'dog', 'gaming', 'vox',
  'policimo', 'bryce', 'banana', 'car', 'blackadder', 'janope', 'shadow', 'ninja', 'pixel', 'frost', 'viper', 'ghost',
];

/**
 * The shared user population: library users (the items file) and reviewers, who are nearly all
 * library users too (25,454 of 25,458 in the real data). Ids are steam64 numbers (~64%) or
 * vanity names ('js41637', 'evcentric', 'Riot-Punch'), a few of them all digits.
 */
function makeUsers(opts: SteamSynthOptions): Users {
  const rng = new Random(mixSeed(opts.seed, Stream.Users));
  const itemLines = Math.max(1, Math.round(FULL.itemLines * opts.scale));
  const itemDupLines = itemLines >= 2 ? Math.max(1, Math.round(FULL.itemDupLines * opts.scale)) : 0;
  const reviewLines = Math.max(1, Math.round(FULL.reviewLines * opts.scale));
  const reviewDupLines = reviewLines >= 2 ? Math.max(1, Math.round(FULL.reviewDupLines * opts.scale)) : 0;
  const libraryUsers = itemLines - itemDupLines;
  const reviewers = reviewLines - reviewDupLines;
  const reviewOnly = Math.min(reviewers, Math.max(1, Math.round(FULL.reviewOnlyUsers * opts.scale)));

  const n = libraryUsers + reviewOnly;
  const used = new Set<string>();
  const usedSteamIds = new Set<string>();
  const all: User[] = [];
  for (let i = 0; i < n; i++) all.push(newUser(rng, used, usedSteamIds));
  // review-only users sit anywhere in the crawl order
  for (const i of sampleIndices(rng, n, reviewOnly)) {
    all[i].hasLibrary = false;
    all[i].reviews = true;
  }
  const candidates = all.map((u, i) => (u.hasLibrary ? i : -1)).filter((i) => i >= 0);
  for (const k of sampleIndices(rng, candidates.length, Math.min(candidates.length, reviewers - reviewOnly))) all[candidates[k]].reviews = true;
  return { all, itemDupLines, reviewDupLines };
}

function newUser(rng: Random, used: Set<string>, usedSteamIds: Set<string>): User {
  // steam64 = 76561197960265728 + account number; the sum is split so it stays below 2^53
  let steamId: string;
  do steamId = '765611' + String(97960265728 + Math.floor(3472 + 371329378 * Math.pow(rng.next(), 0.7)));
  while (usedSteamIds.has(steamId));
  usedSteamIds.add(steamId);
  let id: string;
  if (rng.chance(0.64) && !used.has(steamId)) id = steamId;
  else {
    id = vanityName(rng);
    while (used.has(id)) id += rng.int(0, 9);
  }
  used.add(id);
  const url = id === steamId ? `http://steamcommunity.com/profiles/${id}` : `http://steamcommunity.com/id/${id}`;
  return { id, steamId, url, hasLibrary: true, reviews: false };
}

function vanityName(rng: Random): string {
  const w = (): string => rng.pick(VANITY_WORDS);
  const cap = (s: string): string => s[0].toUpperCase() + s.slice(1);
  const r = rng.next();
  if (r < 0.03) return String(rng.int(1000, 99999999)); // digit-only vanity names exist ('4801')
  if (r < 0.2) return w().slice(0, 2) + rng.int(100, 99999);
  if (r < 0.4) return w() + w();
  if (r < 0.55) return `${cap(w())}-${cap(w())}`;
  if (r < 0.65) return `${w()}_${w()}`;
  if (r < 0.8) return cap(w()) + cap(w()) + (rng.chance(0.5) ? rng.int(1, 999) : '');
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  let s = '';
  for (let i = rng.int(6, 11); i > 0; i--) s += letters[rng.int(0, letters.length - 1)];
  return s;
}

/** k distinct indices of [0, n), in increasing order (partial Fisher-Yates). */
function sampleIndices(rng: Random, n: number, k: number): number[] {
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rng.next() * (n - i));
    const t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
  }
  return Array.from(idx.subarray(0, k)).sort((a, b) => a - b);
}

// =============================================================================================
// Libraries (australian_users_items)

/**
 * Library size quantiles of the real 88,310 lines (value at cumulative share q), interpolated:
 * 19.5% empty, median 26, 99th percentile 437, largest 7,762; mean ≈ 58.4.
 */
const LIBRARY_QUANTILES: [number, number][] = [
  [0, 0], [0.195, 0], [0.2, 1], [0.22, 1], [0.23, 2], [0.25, 3], [0.27, 4], [0.29, 5], [0.3, 6], [0.31, 7], [0.33, 8],
  [0.35, 10], [0.4, 15], [0.45, 20], [0.5, 26], [0.55, 33], [0.6, 41], [0.65, 50], [0.7, 60], [0.75, 73], [0.8, 89],
  [0.85, 111], [0.9, 143], [0.92, 163], [0.94, 191], [0.95, 211], [0.96, 236], [0.97, 271], [0.98, 327], [0.99, 437],
  [0.995, 602], [0.997, 765], [0.998, 898], [0.999, 1294], [0.9995, 1835], [0.9999, 4212], [1, 7762],
];

function librarySize(rng: Random): number {
  const u = rng.next();
  for (let i = 1; i < LIBRARY_QUANTILES.length; i++) {
    const [q1, v1] = LIBRARY_QUANTILES[i];
    if (u <= q1) {
      const [q0, v0] = LIBRARY_QUANTILES[i - 1];
      return Math.floor(v0 + ((v1 - v0) * (u - q0)) / (q1 - q0));
    }
  }
  return LIBRARY_QUANTILES[LIBRARY_QUANTILES.length - 1][1];
}

const MAX_PLAYTIME = 642_773; // the largest real playtime_forever (minutes)
const TWO_WEEKS = 20_160; // minutes in two weeks

interface Library {
  /** pool indices in ascending id order */
  items: Int32Array;
  playtimeForever: Int32Array;
  playtime2weeks: Int32Array;
}

/**
 * A user's taste: a sparse mixture over a few facets (Dirichlet(1) weights over one to four
 * favourite themes, sometimes a favourite studio or franchise, found through a game of those
 * themes), and the share of their picks that follows the charts alone (everyone owns CS:GO,
 * Dota 2, TF2...). A library draw is then
 *
 *   with probability popShare:   a game by popularity,
 *   otherwise:                   a facet f by the user's weights θ_f, then a game of f by its member weight,
 *
 * that is, game i is drawn with probability
 *   popShare·pop_i + (1 − popShare)·Σ_{f ∋ i} θ_f·w_fi / Z_f
 * (w_fi: i's member weight in f, from its appeal rank there and its share of f; Z_f their sum):
 * the "popularity × (1 + strength × affinity)" shape, sampled in O(1) from samplers built once.
 * The draws of one library are without repeats (see LibraryMaker).
 */
interface Taste {
  popShare: number;
  facets: Int32Array;
  /** θ_f of each facet, summing to 1 */
  theta: Float64Array;
  /** running sums of theta, for picking a facet */
  cum: Float64Array;
}

/** favourite themes per user: 1 + geometric(p), at most TASTE_MAX_THEMES */
const TASTE_THEMES_P = 0.45;
const TASTE_MAX_THEMES = 4;
/** chance of a favourite studio and of a favourite franchise, and their weight next to a theme's */
const TASTE_STUDIO = 0.35;
const TASTE_FRANCHISE = 0.25;
const TASTE_FAN_WEIGHT = 0.5;
/** share of a user's picks made by popularity alone: uniform in [min, max] per user */
const POP_SHARE_MIN = 0.05;
const POP_SHARE_MAX = 0.3;

/** The taste of user `u`: a pure function of (seed, u), shared by the libraries and the reviews. */
function makeTaste(pool: Pool, seed: number, u: number): Taste {
  const rng = new Random(mixSeed(seed, Stream.Taste, u));
  const fx = pool.facets;
  const facets: number[] = [];
  const theta: number[] = [];
  const add = (f: number, w: number): void => {
    const at = facets.indexOf(f);
    if (at >= 0) theta[at] += w;
    else {
      facets.push(f);
      theta.push(w);
    }
  };
  if (fx.themePrior) {
    const n = 1 + Math.min(rng.geometric(TASTE_THEMES_P), TASTE_MAX_THEMES - 1);
    for (let j = 0; j < n; j++) add(fx.themes[fx.themePrior.sample(rng)], -Math.log(1 - rng.next())); // Exp(1) weights: Dirichlet(1)
    const nThemes = facets.length;
    // a favourite studio or franchise: the one of a game drawn from the favourite themes
    const fan = (of: Int32Array): void => {
      const j = pickIndex(rng, theta, nThemes);
      const f = facets[j];
      const game = facetPick(fx, f, rng);
      if (of[game] >= 0) add(of[game], TASTE_FAN_WEIGHT * -Math.log(1 - rng.next()));
    };
    if (rng.chance(TASTE_STUDIO)) fan(fx.studioOf);
    if (rng.chance(TASTE_FRANCHISE)) fan(fx.franchiseOf);
  }
  const popShare = facets.length ? POP_SHARE_MIN + (POP_SHARE_MAX - POP_SHARE_MIN) * rng.next() : 1;
  let sum = 0;
  for (const w of theta) sum += w;
  const cum = new Float64Array(facets.length);
  let run = 0;
  for (let j = 0; j < facets.length; j++) {
    theta[j] /= sum;
    run += theta[j];
    cum[j] = run;
  }
  if (facets.length) cum[facets.length - 1] = 1;
  return { popShare, facets: Int32Array.from(facets), theta: Float64Array.from(theta), cum };
}

/** An index in [0, n) drawn ∝ weights[0..n). */
function pickIndex(rng: Random, weights: readonly number[], n: number): number {
  let total = 0;
  for (let j = 0; j < n; j++) total += weights[j];
  let x = rng.next() * total;
  for (let j = 0; j < n - 1; j++) {
    x -= weights[j];
    if (x < 0) return j;
  }
  return n - 1;
}

/** One game drawn from a user's taste mixture (see Taste); repeats are the caller's business. */
function tastePick(pool: Pool, taste: Taste, rng: Random): number {
  const nf = taste.facets.length;
  if (nf === 0 || rng.next() < taste.popShare) return pool.global.sample(rng);
  const x = rng.next();
  let j = 0;
  while (j < nf - 1 && x >= taste.cum[j]) j++;
  return facetPick(pool.facets, taste.facets[j], rng);
}

/** A game of facet f, by its member weights: one uniform, as WeightedSampler.sample. */
function facetPick(fx: Facets, f: number, rng: Random): number {
  const lo = fx.start[f];
  const x = rng.next() * (fx.start[f + 1] - lo);
  const i = Math.floor(x);
  const p = lo + i;
  return x - i < fx.aliasProb[p] ? fx.members[p] : fx.aliasItem[p];
}

/**
 * Draws libraries without replacement: rejection against a stamp array while the library is
 * small next to the pool, and weighted random keys (Efraimidis-Spirakis, with the user's own
 * weights) when it is large or rejections pile up. `stamp` and the other arrays are scratch
 * space shared by all calls.
 */
class LibraryMaker {
  private readonly stamp: Int32Array;
  private stampValue = 0;
  /** θ of the current user's facets, 0 elsewhere: affinity(u, i) = Σ over i's facets */
  private readonly facetTheta: Float64Array;
  private keyWeights: Float64Array | null = null;
  private keys: Float64Array | null = null;
  private candidates: Int32Array | null = null;

  constructor(
    private readonly pool: Pool,
    private readonly seed: number,
  ) {
    this.stamp = new Int32Array(pool.size);
    this.facetTheta = new Float64Array(pool.facets.count);
  }

  taste(u: number): Taste {
    return makeTaste(this.pool, this.seed, u);
  }

  /** The library of user `u`: a pure function of (seed, u), so the reviews pass can rebuild it. */
  library(u: number, taste = this.taste(u)): Library {
    const rng = new Random(mixSeed(this.seed, Stream.Library, u));
    const k = Math.min(librarySize(rng), this.pool.maxLibrary);
    const ranks = this.draw(rng, k, taste);
    const items = ranks.map((r) => this.pool.byId[r]);
    const { playtimeForever, playtime2weeks } = playtimes(rng, items, this.affinities(items, taste), this.pool);
    return { items, playtimeForever, playtime2weeks };
  }

  /** How much each item fits the taste: the summed weight of the user's facets it belongs to (0..1). */
  private affinities(items: Int32Array, taste: Taste): Float64Array {
    const fx = this.pool.facets;
    const theta = this.facetTheta;
    for (let j = 0; j < taste.facets.length; j++) theta[taste.facets[j]] = taste.theta[j];
    const out = new Float64Array(items.length);
    for (let n = 0; n < items.length; n++) {
      const i = items[n];
      let a = 0;
      for (let p = fx.itemStart[i]; p < fx.itemStart[i + 1]; p++) a += theta[fx.itemFacets[p]] * fx.itemStrength[p];
      out[n] = Math.min(1, a);
    }
    for (let j = 0; j < taste.facets.length; j++) theta[taste.facets[j]] = 0;
    return out;
  }

  /** k distinct items, returned as sorted id ranks. */
  private draw(rng: Random, k: number, taste: Taste): Int32Array {
    const pool = this.pool;
    const out = new Int32Array(k);
    if (k === 0) return out;
    const mark = ++this.stampValue;
    let got = 0;
    if (k <= pool.size / 4) {
      const limit = 20 * k + 100;
      for (let tries = 0; got < k && tries < limit; tries++) {
        const item = tastePick(pool, taste, rng);
        if (this.stamp[item] !== mark) {
          this.stamp[item] = mark;
          out[got++] = pool.idRank[item];
        }
      }
    }
    if (got < k) got = this.drawByKeys(rng, out, got, mark, taste);
    return out.sort();
  }

  /** Fills out[got..] with the unmarked items of smallest key -ln(U)/w, w the user's weights: no repeats. */
  private drawByKeys(rng: Random, out: Int32Array, got: number, mark: number, taste: Taste): number {
    const pool = this.pool;
    const w = this.userWeights(taste);
    const keys = (this.keys ??= new Float64Array(pool.size));
    const candidates = (this.candidates ??= new Int32Array(pool.size));
    let n = 0;
    for (let i = 0; i < pool.size; i++) {
      if (this.stamp[i] === mark) continue;
      keys[n] = -Math.log(1 - rng.next()) / w[i];
      candidates[n++] = i;
    }
    const threshold = nthSmallest(keys.slice(0, n), out.length - got - 1);
    for (let j = 0; j < n && got < out.length; j++) {
      if (keys[j] > threshold) continue;
      this.stamp[candidates[j]] = mark;
      out[got++] = pool.idRank[candidates[j]];
    }
    return got;
  }

  /** Each item's probability under tastePick (for the rare big libraries). */
  private userWeights(taste: Taste): Float64Array {
    const pool = this.pool;
    const fx = pool.facets;
    const w = (this.keyWeights ??= new Float64Array(pool.size));
    for (let i = 0; i < pool.size; i++) w[i] = taste.popShare * pool.weights[i];
    for (let j = 0; j < taste.facets.length; j++) {
      const f = taste.facets[j];
      const scale = ((1 - taste.popShare) * taste.theta[j]) / fx.total[f];
      for (let p = fx.start[f]; p < fx.start[f + 1]; p++) w[fx.members[p]] += scale * fx.memberWeight[p];
    }
    return w;
  }
}

/** The k-th smallest value (0-based) of `a`, which it reorders: Hoare's quickselect, O(n). */
function nthSmallest(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >>> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i++] = a[j];
        a[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

/**
 * Minutes played: per user a share of never-played items (~35% overall) and an activity level;
 * played items are log-normal (median ~3 h), softly compressed above 500 h, up to the real
 * maximum of ~640,000 min. Games that fit the user's taste (affinity a, 0..1) are played more
 * often and 4.5^a times longer; the big hits are played far longer still (in the real data
 * CS:GO is the most played game of 24% of players, Garry's Mod of 13%), and every game has its
 * own length. Calibrated on each user's most played game, whose real quantiles (minutes) are
 * p25 5,173, median 14,909, p75 33,359, p99 149,083 (this model: ~4,900, 14,500, 35,000,
 * 160,000). A quarter of users played recently: a few items get playtime_2weeks ≤
 * min(forever, 20160).
 */
function playtimes(rng: Random, items: Int32Array, affinity: Float64Array, pool: Pool): { playtimeForever: Int32Array; playtime2weeks: Int32Array } {
  const k = items.length;
  const forever = new Int32Array(k);
  const recent = new Int32Array(k);
  const zeroShare = Math.min(0.97, Math.max(0.02, PLAY_ZERO_BASE + 0.22 * rng.normal()));
  const activity = PLAY_ACTIVITY + 0.8 * rng.normal();
  const recentPerItem = rng.chance(0.35) ? (1 + rng.geometric(0.3)) / Math.max(k, 1) : 0;
  for (let i = 0; i < k; i++) {
    const a = affinity[i];
    const item = items[i];
    if (rng.next() < zeroShare * (1 - PLAY_ZERO_AFFINITY * a) * (1 - PLAY_ZERO_BOOST * pool.playBoost[item])) continue;
    const mu = activity + PLAY_AFFINITY * a + pool.playBias[item];
    let t = minutesPlayed(rng, mu);
    for (let tries = 0; t > MAX_PLAYTIME && tries < 8; tries++) t = minutesPlayed(rng, mu);
    forever[i] = Math.min(t, MAX_PLAYTIME);
    if (recentPerItem && rng.next() < recentPerItem) {
      recent[i] = Math.min(forever[i], TWO_WEEKS, Math.round(rng.logNormal(4.6, 1.3)) + 1);
    }
  }
  return { playtimeForever: forever, playtime2weeks: recent };
}

/** Log-normal minutes, compressed above PLAY_SOFT_CAP: there are only so many hours in a life. */
function minutesPlayed(rng: Random, mu: number): number {
  const t = rng.logNormal(mu, PLAY_SIGMA);
  return Math.round(t > PLAY_SOFT_CAP ? PLAY_SOFT_CAP * Math.pow(t / PLAY_SOFT_CAP, PLAY_SOFT_POWER) : t) + 1;
}

/** playtime model: base never-played share and log-minutes, and what taste and charts add */
const PLAY_ZERO_BASE = 0.45;
const PLAY_ACTIVITY = 4.4;
const PLAY_ZERO_AFFINITY = 0.6;
const PLAY_ZERO_BOOST = 0.6;
const PLAY_AFFINITY = 1.5;
const PLAY_BOOST = 4.5;
const PLAY_SIGMA = 1.5;
const PLAY_SOFT_CAP = 30000;
const PLAY_SOFT_POWER = 0.6;
const PLAY_GAME_SIGMA = 0.6;

const PLAYTIME_2WEEKS = Buffer.from(", 'playtime_2weeks': ");

/** One library line, assembled as bytes in `line` (the hot loop: ~5 M items at scale 1). */
function itemsLine(line: ByteBuilder, user: User, lib: Library, pool: Pool): Buffer {
  const k = lib.items.length;
  line.reset();
  line.text(`{'user_id': ${pyReprString(user.id)}, 'items_count': ${k}, 'steam_id': ${pyReprString(user.steamId)}, 'user_url': ${pyReprString(user.url)}, 'items': [`);
  for (let i = 0; i < k; i++) {
    if (i > 0) {
      line.byte(44); // ,
      line.byte(32);
    }
    const item = lib.items[i];
    line.bytes(pool.prefixBytes, pool.prefixStart[item], pool.prefixStart[item + 1]);
    line.int(lib.playtimeForever[i]);
    line.bytes(PLAYTIME_2WEEKS);
    line.int(lib.playtime2weeks[i]);
    line.byte(125); // }
  }
  line.text(']}');
  return line.view();
}

// =============================================================================================
// Duplicate and broken lines (both user files)

/**
 * Where the repeated and broken lines go. A repeated line is an exact copy of an earlier user
 * line, placed a few lines later (median gap ~4 in the real data, rarely thousands). A broken
 * line replaces a user's line (truncated mid-line or garbled), never one that is repeated.
 */
interface LinePlan {
  /** unique line index → the source indices to repeat right after it */
  repeatAfter: Map<number, number[]>;
  sources: Set<number>;
  broken: Set<number>;
}

function planLines(rng: Random, unique: number, repeats: number, broken: number): LinePlan {
  const picked = unique > 0 ? sampleIndices(rng, unique, Math.min(unique, repeats + broken)) : [];
  rng.shuffle(picked);
  const sources = new Set(picked.slice(0, repeats));
  const brokenSet = new Set(picked.slice(repeats));
  const repeatAfter = new Map<number, number[]>();
  // a source can be repeated only once here, so repeats beyond the unique lines are dropped
  for (const s of [...sources].sort((a, b) => a - b)) {
    const gap = Math.min(5000, Math.floor(rng.logNormal(0.9, 1.6)));
    const at = Math.min(unique - 1, s + gap);
    const list = repeatAfter.get(at) ?? [];
    list.push(s);
    repeatAfter.set(at, list);
  }
  return { repeatAfter, sources, broken: brokenSet };
}

/** Writes the unique lines in order, inserting repeats and breaking lines as planned. */
async function writePlanned(
  out: LineWriter,
  plan: LinePlan,
  unique: number,
  lineOf: (i: number) => string | Buffer,
  rng: Random,
): Promise<void> {
  const held = new Map<number, string | Buffer>();
  for (let i = 0; i < unique; i++) {
    let text = lineOf(i);
    if (plan.broken.has(i)) text = breakLine(rng, text.toString());
    await out.line(text);
    // a Buffer line is a view of a reused buffer: keep a copy for the repeat
    if (plan.sources.has(i)) held.set(i, typeof text === 'string' ? text : Buffer.from(text));
    for (const s of plan.repeatAfter.get(i) ?? []) {
      await out.line(held.get(s)!);
      held.delete(s);
    }
  }
}

const JUNK = ['\ufffd\ufffd', '\x00\x00\x00', "'}{'", '%$#@!', '\u00ef\u00bb\u00bf', ']]]'];

/** A corrupted copy that no literal parser accepts: cut short, or a span overwritten with junk. */
function breakLine(rng: Random, line: string): string {
  let cut = Math.floor(line.length * (0.2 + 0.75 * rng.next()));
  const hi = line.charCodeAt(cut - 1);
  if (hi >= 0xd800 && hi <= 0xdbff) cut--; // never split a surrogate pair
  if (rng.chance(0.6)) return line.slice(0, Math.max(cut, 1));
  const garbled = line.slice(0, cut) + rng.pick(JUNK) + line.slice(Math.min(line.length, cut + rng.int(3, 40)));
  try {
    parseLiteral(garbled);
  } catch {
    return garbled;
  }
  return line.slice(0, Math.max(cut, 1)); // the junk happened to parse: truncate instead
}

/** Writes the libraries; returns those of the reviewers (~30% of the rows), which the reviews pass needs. */
async function writeItems(path: string, pool: Pool, users: Users, opts: SteamSynthOptions, log: (m: string) => void): Promise<Map<number, Library>> {
  const libs = new LibraryMaker(pool, opts.seed);
  const owners = users.all.map((u, i) => (u.hasLibrary ? i : -1)).filter((i) => i >= 0);
  const rng = new Random(mixSeed(opts.seed, Stream.ItemsPlan));
  const total = owners.length + users.itemDupLines;
  const broken = Math.max(1, Math.round(total * ITEMS_BROKEN_RATE));
  const plan = planLines(rng, owners.length, users.itemDupLines, broken);
  const out = new LineWriter(path, { gzipLevel: GZIP_LEVEL });
  const line = new ByteBuilder();
  let rows = 0;
  const reviewerLibraries = new Map<number, Library>();
  const step = Math.max(1, Math.ceil(owners.length / 5));
  await writePlanned(out, plan, owners.length, (i) => {
    if (i > 0 && i % step === 0) log(`steam: ${STEAM_FILES.items}: ${fmt(i)}/${fmt(owners.length)} users, ${fmt(rows)} items`);
    const lib = libs.library(owners[i]);
    rows += lib.items.length;
    if (users.all[owners[i]].reviews) reviewerLibraries.set(owners[i], lib);
    return itemsLine(line, users.all[owners[i]], lib, pool);
  }, rng);
  await out.close();
  log(`steam: ${STEAM_FILES.items}: ${fmt(out.lines)} lines (${fmt(users.itemDupLines)} repeated, ${fmt(plan.broken.size)} broken), ${fmt(rows)} item rows`);
  return reviewerLibraries;
}

// =============================================================================================
// Reviews (australian_user_reviews)

/** share of reviews of a game in the reviewer's library line (when it lists any) */
const REVIEW_FROM_LIBRARY = 0.8;
/** Reviews per reviewer (real distribution of distinct reviewers; the scraper kept at most 10). */
const REVIEW_COUNT_WEIGHTS = [0, 13395, 4710, 2500, 1519, 957, 757, 539, 443, 321, 277];
/** Years of the dated posts (real counts); posts from the crawl year (2016) show no year. */
const POST_YEARS: [number, number][] = [[2010, 66], [2011, 532], [2012, 1215], [2013, 6792], [2014, 22111], [2015, 18470]];
const NO_YEAR_SHARE = 0.17;
/** no-year posts are from January to September of the crawl year */
const NO_YEAR_MONTH_WEIGHTS = [22, 20, 20, 30, 21, 27, 19, 21, 7];
const CRAWL_YEAR = 2016;

async function writeReviews(path: string, pool: Pool, users: Users, libraries: Map<number, Library>, opts: SteamSynthOptions, log: (m: string) => void): Promise<void> {
  const libs = new LibraryMaker(pool, opts.seed);
  const reviewers = users.all.map((u, i) => (u.reviews ? i : -1)).filter((i) => i >= 0);
  const planRng = new Random(mixSeed(opts.seed, Stream.ReviewsPlan));
  const total = reviewers.length + users.reviewDupLines;
  const broken = Math.max(1, Math.round(total * REVIEW_BROKEN_RATE));
  const plan = planLines(planRng, reviewers.length, users.reviewDupLines, broken);
  const writer = new ReviewMaker(pool);
  const out = new LineWriter(path, { gzipLevel: GZIP_LEVEL });
  let reviews = 0;
  await writePlanned(out, plan, reviewers.length, (i) => {
    const u = reviewers[i];
    const user = users.all[u];
    const rng = new Random(mixSeed(opts.seed, Stream.Reviews, u));
    const lib = user.hasLibrary ? (libraries.get(u) ?? libs.library(u)) : null;
    const list = writer.reviews(rng, lib, libs.taste(u));
    reviews += list.length;
    return reviewsLine(user, list);
  }, planRng);
  await out.close();
  log(`steam: ${STEAM_FILES.reviews}: ${fmt(out.lines)} lines (${fmt(users.reviewDupLines)} repeated, ${fmt(plan.broken.size)} broken), ${fmt(reviews)} reviews in distinct lines`);
}

function reviewsLine(user: User, reviews: string[]): string {
  return `{'user_id': ${pyReprString(user.id)}, 'user_url': ${pyReprString(user.url)}, 'reviews': [${reviews.join(', ')}]}`;
}

class ReviewMaker {
  private readonly count = new WeightedSampler(REVIEW_COUNT_WEIGHTS);
  private readonly year = new WeightedSampler(POST_YEARS.map((y) => y[1]));
  private readonly noYearMonth = new WeightedSampler(NO_YEAR_MONTH_WEIGHTS);

  constructor(private readonly pool: Pool) {}

  /** One reviewer's reviews, each already written as a Python dict literal. */
  reviews(rng: Random, lib: Library | null, taste: Taste): string[] {
    const n = this.count.sample(rng);
    const chosen = new Set<number>();
    const out: string[] = [];
    for (let guard = 0; out.length < n && guard < 50; guard++) {
      const { item, played } = this.pickItem(rng, lib, taste);
      if (chosen.has(item)) continue;
      chosen.add(item);
      out.push(this.review(rng, item, played));
    }
    return out;
  }

  /**
   * People review games they own and play: most reviews are of a game in the reviewer's library,
   * preferring the longer played ones; the rest (and all of a reviewer without a visible
   * library) are of games drawn from the reviewer's taste, which brings in games the library
   * line does not list. Each pick keeps the more popular of two candidates: people review the
   * big games (730 and 440 have ~6% of real reviews each; 59,305 reviews name only 3,682
   * distinct games).
   */
  private pickItem(rng: Random, lib: Library | null, taste: Taste): { item: number; played: number } {
    const w = this.pool.weights;
    if (lib && lib.items.length > 0 && rng.chance(REVIEW_FROM_LIBRARY)) {
      const a = this.libraryPick(rng, lib);
      const b = this.libraryPick(rng, lib);
      const j = w[lib.items[b]] > w[lib.items[a]] ? b : a;
      return { item: lib.items[j], played: lib.playtimeForever[j] };
    }
    const a = tastePick(this.pool, taste, rng);
    const b = tastePick(this.pool, taste, rng);
    return { item: w[b] > w[a] ? b : a, played: -1 };
  }

  /** A library position, preferring games with playtime, and of two played ones the longer played. */
  private libraryPick(rng: Random, lib: Library): number {
    const t = lib.playtimeForever;
    let j = rng.int(0, lib.items.length - 1);
    for (let n = 0; n < 3 && t[j] === 0; n++) j = rng.int(0, lib.items.length - 1);
    const other = rng.int(0, lib.items.length - 1);
    return t[other] > t[j] ? other : j;
  }

  private review(rng: Random, item: number, played: number): string {
    // recommend ≈ 88%: better games and games actually played are recommended more often
    const logit = 2.45 + 0.9 * this.pool.quality[item] + (played === 0 ? -0.7 : 0);
    const recommend = rng.next() < 1 / (1 + Math.exp(-logit));
    const posted = this.posted(rng);
    return (
      `{'funny': ${pyReprString(funny(rng))}, 'posted': ${pyReprString(posted.text)}, ` +
      `'last_edited': ${pyReprString(lastEdited(rng, posted.day))}, 'item_id': ${pyReprString(this.pool.ids[item])}, ` +
      `'helpful': ${pyReprString(helpful(rng))}, 'recommend': ${recommend ? 'True' : 'False'}, ` +
      `'review': ${pyReprString(reviewText(rng, recommend))}}`
    );
  }

  /** 'Posted November 5, 2011.' or, for posts of the crawl year, 'Posted March 3.' */
  private posted(rng: Random): { text: string; day: number } {
    let year: number;
    let month: number;
    if (rng.chance(NO_YEAR_SHARE)) {
      year = CRAWL_YEAR;
      month = this.noYearMonth.sample(rng) + 1;
    } else {
      year = POST_YEARS[this.year.sample(rng)][0];
      month = rng.int(1, 12);
    }
    const day = rng.int(1, daysInMonth(year, month));
    return { text: `Posted ${dateText(year, month, day)}.`, day: Date.UTC(year, month - 1, day) };
  }
}

/** 'March 3, 2014', or 'March 3' in the crawl year (Steam omits the current year). */
function dateText(year: number, month: number, day: number): string {
  return year >= CRAWL_YEAR ? `${MONTHS[month - 1]} ${day}` : `${MONTHS[month - 1]} ${day}, ${year}`;
}

const DAY_MS = 86_400_000;
const CRAWL_END = Date.UTC(CRAWL_YEAR, 8, 30);

/** '' or 'Last edited December 5, 2015.': ~12% of reviews, some days to a year after posting. */
function lastEdited(rng: Random, postedDay: number): string {
  if (!rng.chance(0.12)) return '';
  const t = Math.min(CRAWL_END, postedDay + DAY_MS * (1 + Math.floor(rng.logNormal(3, 1.4))));
  const d = new Date(t);
  return `Last edited ${dateText(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate())}.`;
}

/** 'No ratings yet' (half) or 'A of B people (P%) found this review helpful'. */
function helpful(rng: Random): string {
  if (rng.chance(0.5)) return 'No ratings yet';
  const total = rng.chance(0.92) ? 1 + rng.geometric(0.42) : Math.round(rng.logNormal(2.5, 1.3)) + 1;
  const p = 0.15 + 0.75 * rng.next();
  let yes = 0;
  for (let i = 0; i < Math.min(total, 200); i++) if (rng.next() < p) yes++;
  if (total > 200) yes = Math.round((yes / 200) * total);
  return `${yes} of ${total} people (${Math.round((100 * yes) / total)}%) found this review helpful`;
}

/** '' (84%), '1 person found this review funny' or 'N people found this review funny'. */
function funny(rng: Random): string {
  if (!rng.chance(0.16)) return '';
  const n = rng.chance(0.66) ? 1 : 2 + Math.floor(rng.logNormal(0.6, 1.3));
  return n === 1 ? '1 person found this review funny' : `${n} people found this review funny`;
}

// ---- review text ------------------------------------------------------------------------------

const POSITIVE = [
  'great game', 'awesome game', 'one of the best games i have ever played', 'so much fun', 'highly recommend it',
  'i love it', 'amazing graphics', 'really addictive', 'worth every penny', 'a masterpiece', '10/10 would play again',
  'fantastic soundtrack', 'best game ever', 'excellent gameplay', 'hours of fun', 'beautiful art style',
  'great with friends', 'a must have', 'brilliant story', 'good game', 'nice game', 'fun and relaxing', 'perfect',
  'an underrated gem', "can't stop playing", 'the developers really care', 'smooth and polished', 'totally worth it',
  'my favourite game', 'incredible atmosphere', 'it is really good', 'buy it now', 'the best {genre} game out there',
];
const NEGATIVE = [
  'waste of money', 'boring', 'full of bugs', 'crashes all the time', 'do not buy this', 'pay to win', 'terrible optimization',
  'i want a refund', 'broken game', 'laggy servers', 'very disappointing', 'worst game ever', 'the developers abandoned it',
  'too expensive for what it is', 'not worth it', 'unplayable', 'cheaters everywhere', 'awful controls', 'overpriced',
  'uninstalled after an hour', 'bad port', 'repetitive and dull', 'it keeps crashing on startup', 'a cash grab',
  "don't waste your time", 'the worst {genre} game i have played', 'horrible', 'avoid this game',
];
/** hedges: a positive review with a complaint, a negative one with a kind word */
const MILD_NEGATIVE = ['a bit laggy', 'some bugs here and there', 'a little short', 'the ending was meh', 'needs more content'];
const MILD_POSITIVE = ['the graphics are ok', 'the music is nice', 'it has potential', 'the first hour was fun', 'nice idea though'];
const NEUTRAL = [
  'i played this for {n} hours', 'i have {n} hours in it', 'the story is about a {noun}', 'after the last update',
  'my friends and i played it together', 'on my old laptop', 'the first {n} levels', 'if you like {genre} games',
  'it reminds me of {famous}', 'the multiplayer', 'the {noun} system', 'i bought it on sale', 'got it in a bundle',
  'this game is about {noun}s', 'you play as a {noun}', 'the devs added a new {noun}', 'there are {n} maps',
  'it is like {famous} but with {noun}s', 'played it with a controller', 'early access review',
];
const SHORT_POSITIVE = ['yep', 'gud', '10/10', 'good', 'fun', 'nice', 'great', ':)', 'best game', 'gg', 'A+', 'must buy'];
const SHORT_NEGATIVE = ['no', 'bad', 'meh', 'nope', 'trash', '0/10', ':(', 'refund', 'boring'];
const TEXT_NOUNS = ['knight', 'zombie', 'robot', 'farm', 'train', 'crafting', 'space ship', 'dragon', 'weapon', 'skill tree', 'hat', 'car'];
const TEXT_GENRES = ['fps', 'rpg', 'strategy', 'survival', 'horror', 'racing', 'puzzle', 'indie', 'sandbox', 'mmo'];
const TEXT_FAMOUS = ['Minecraft', 'Dark Souls', 'Skyrim', 'CS:GO', 'Team Fortress 2', 'Terraria', 'DayZ', 'Dota 2'];
const FOREIGN_POSITIVE = ['Jogo muito bom, recomendo!', 'Ótimo jogo', 'muy divertido', 'très bon jeu', 'schönes Spiel', 'A evolução do jogo!', 'Juegazo, lo recomiendo', 'отличная игра'];
const FOREIGN_NEGATIVE = ['Não recomendo', 'pésimo juego', 'très décevant', 'schlecht optimiert', 'não vale a pena', 'ужасная игра'];
const EMOJI_POSITIVE = ['😀', '👍', '🎮', '🔥', '❤️', '😍'];
const EMOJI_NEGATIVE = ['😡', '👎', '💩', '😴', '🤮'];
/** characters Python's repr escapes (\x7f, \xa0, \xad, \u200b, \u2028, \ufeff, \t, \x0b) */
const NON_PRINTABLE = ['\u200b', '\xa0', '\t', '\x7f', '\u2028', '\ufeff', '\x0b', '\xad', '\x1b'];
const ASCII_ART = ['░░░░░█▀▀▀▀▀█░░░░░', '█▄█▄█▄█▄█▄█', '▀▄▀▄▀▄▀▄▀▄', '─────▄▀▀▄─────', '░▒▓█▓▒░'];

/**
 * English-like review text whose wording follows `recommend`, so sentiment models have signal,
 * with the real oddities: empty and one-word reviews, censored words (♥♥♥♥), other languages,
 * emoji, quotes, backslashes, newlines, ASCII art and characters repr() escapes.
 */
function reviewText(rng: Random, positive: boolean): string {
  if (rng.chance(0.015)) return '';
  if (rng.chance(0.07)) return rng.pick(positive ? SHORT_POSITIVE : SHORT_NEGATIVE);
  if (rng.chance(0.03)) return rng.pick(positive ? FOREIGN_POSITIVE : FOREIGN_NEGATIVE);
  // sentence counts: median review ~75 characters, a long tail of essays (real mean ~200)
  const n = rng.chance(0.07) ? rng.int(10, 120) : 1 + rng.geometric(0.22);
  let text = '';
  for (let i = 0; i < n; i++) {
    // the scraper lost most line breaks, gluing sentences together ('played.Insurgency')
    if (i > 0) text += rng.chance(0.003) ? (rng.chance(0.5) ? '\n' : '\n\n') : rng.chance(0.2) ? '' : ' ';
    text += sentence(rng, positive);
  }
  return decorate(rng, text, positive);
}

function sentence(rng: Random, positive: boolean): string {
  const r = rng.next();
  const template =
    r < 0.55 ? rng.pick(positive ? POSITIVE : NEGATIVE) : r < 0.93 ? rng.pick(NEUTRAL) : rng.pick(positive ? MILD_NEGATIVE : MILD_POSITIVE);
  let s = template
    .replace('{n}', String(1 + Math.floor(rng.logNormal(2.5, 1.3))))
    .replace('{noun}', rng.pick(TEXT_NOUNS))
    .replace('{genre}', rng.pick(TEXT_GENRES))
    .replace('{famous}', rng.pick(TEXT_FAMOUS));
  const style = rng.next();
  if (style < 0.45) s = s[0].toUpperCase() + s.slice(1);
  else if (style < 0.5) s = s.toUpperCase();
  return s + rng.pick(positive ? ['.', '!', '!!!', '', '.', ' :)', '..'] : ['.', '!', '', '.', ' :(', '...']);
}

function decorate(rng: Random, text: string, positive: boolean): string {
  let t = text;
  if (rng.chance(0.05)) t = t.replace(/\b(game|it|this)\b/, (w) => (rng.chance(0.5) ? '♥♥♥♥' : `${w} is ♥♥♥♥ing`));
  if (rng.chance(0.03)) t += ' ' + rng.pick(positive ? EMOJI_POSITIVE : EMOJI_NEGATIVE);
  if (rng.chance(0.04)) t += ' ' + rng.pick(positive ? FOREIGN_POSITIVE : FOREIGN_NEGATIVE);
  if (rng.chance(0.03)) t = t.replace(/\b(update|multiplayer|story|graphics|game)\b/, '"$1"');
  if (rng.chance(0.006)) t += rng.pick([' :\\', ' C:\\Program Files\\Steam\\steamapps', ' \\o/', ' ¯\\_(ツ)_/¯']);
  if (rng.chance(0.01)) {
    const at = rng.int(0, t.length);
    const hi = t.charCodeAt(at - 1);
    const pos = hi >= 0xd800 && hi <= 0xdbff ? at - 1 : at;
    t = t.slice(0, pos) + rng.pick(NON_PRINTABLE) + t.slice(pos);
  }
  if (rng.chance(0.005)) t = Array.from({ length: rng.int(3, 12) }, () => rng.pick(ASCII_ART)).join('') + ' ' + t;
  if (rng.chance(0.02)) t += rng.pick([' Café com leite.', ' déjà vu', ' naïve', ' über cool', ' piñata']);
  return t;
}
