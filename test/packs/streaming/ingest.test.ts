/**
 * Ingest of the streaming pack: a hand-checked fixture (every quirk, every reject), and the four
 * real title files read in place, each cleaning rule checked on every record against an
 * independent reading (csv-parse directly, the rules written out again here in plain JS).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { ingestPack } from '../../../src/core/ingest/run.js';
import { streamingPack } from '../../../src/packs/streaming/index.js';
import { SHARED_DATA, hasShared, linesWithReferences, query, silent, tempDir } from '../../helpers.js';

const HEADER = 'show_id,type,title,director,cast,country,date_added,release_year,rating,duration,listed_in,description';
const RATINGS_HEADER = 'userId,rating,timestamp,movieId';

/** Title files with the real quirks; CRLF like the real ones. Line numbers are in the comments. */
const TITLES: Record<string, string[]> = {
  'netflix_titles.csv': [
    HEADER, // 1
    's1,Movie,Dick Johnson Is Dead,Kirsten Johnson,,United States,"September 25, 2021",2020,PG-13,90 min,Documentaries,"As her father nears the end of his life, his daughter films it."', // 2
    's2,TV Show,Blood & Water,,"Ama Qamata, Khosi Ngema, Ama Qamata",", South Africa"," August 4, 2017",2021,TV-MA,2 Seasons,"International TV Shows, TV Dramas","After crossing paths at a party,\r\na Cape Town teen sets out."', // 3-4
    's3,Movie,Louis C.K. 2017,Louis C.K.,Louis C.K.,United States,"April 4, 2017",2017,74 min,,Movies,Louis C.K. muses on religion.', // 5
    's2,Movie,Duplicate,,,,,2020,R,100 min,Dramas,a second s2', // 6
    ',Movie,No Id,,,,,2020,R,100 min,Dramas,no show_id', // 7
    's5,Movie,Too few fields', // 8
    's6,Movie," Later ",,,,"Smarch 3, 2021",20x1,,,Comedies,', // 9
  ],
  'amazon_prime_titles.csv': [HEADER, 's1,Movie,The Grand Seduction,Don McKellar,"Brendan Gleeson, Taylor Kitsch",Canada,,2014,,113 min,"Comedy, Drama",A small fishing village.'],
  'disney_plus_titles.csv': [HEADER, 's1,Movie,Duck the Halls,"Alonso Ramirez Ramos, Dave Wasson",Chris Diamantopoulos,,"November 26, 2021",2016,TV-G,23 min,"Animation, Family",Join Mickey!'],
  'hulu_titles.csv': [HEADER, 's1,Movie,Ricky Velez,,,,"October 24, 2021",2021,TV-MA,,"Comedy, Stand Up",\u200bComedian Ricky Velez.', 's2,TV Show,The Halloween Candy,,,Japan,"October 22, 2021",2021,1 Season,,"Family, Kids",Join Mila.'],
};

/** Ratings: every malformed form once, both line endings, quotes, a reordered header, gzip. */
const RATINGS: Record<string, string> = {
  '1.csv': [RATINGS_HEADER, '1,4.0,1500000000,ns1', '2,3.5,1500000100,ns1', '1,6.0,1500000000,ns2', '', '3,5,1500000200,NS2\r', '4,2.5,1500000300,zz9', '"5","1.5","1500000400","as1"'].join('\n') + '\n',
  '3.csv': [RATINGS_HEADER, '1,3.7,1500000000,ns1', '1,4.0,1500000000', 'user9,4.0,1500000000,ns1', '1,4.0,1500000000000,ns1', '1,4.0,1500000000,', '1,"4.0,1500000000,ns1', '9,1,1500000500,ds1'].join('\r\n') + '\r\n',
  '4.csv': RATINGS_HEADER + '\n',
  '5.csv': RATINGS_HEADER + '\n',
  '6.csv': RATINGS_HEADER + '\n',
  '7.csv': RATINGS_HEADER + '\n',
  '8.csv': RATINGS_HEADER + '\n7,0.5,1500000600,ns2', // no final newline
};
// ratings/2.csv.gz: columns in another order
const RATINGS_2_GZ = ['movieId,userId,timestamp,rating', 'ns2,6,1500000700,4.0', 'hs2,6,1500000800,3'].join('\n') + '\n';

function writeFixture(dir: string, titles = true): void {
  if (titles) for (const [name, lines] of Object.entries(TITLES)) writeFileSync(join(dir, name), lines.join('\r\n') + '\r\n');
  mkdirSync(join(dir, 'ratings'), { recursive: true });
  for (const [name, text] of Object.entries(RATINGS)) writeFileSync(join(dir, 'ratings', name), text);
  writeFileSync(join(dir, 'ratings', '2.csv.gz'), gzipSync(RATINGS_2_GZ));
}

test('hand-checked fixture: rows, rejects, duplicates, cleaning and scores', async () => {
  const { dir, cleanup } = tempDir();
  try {
    writeFixture(dir);
    const db = join(dir, 'w.duckdb');
    const logged: string[] = [];
    const report = await ingestPack(streamingPack, { from: dir, db, log: (m) => logged.push(m) });
    // one kept rating (ratings/1.csv, zz9) names no title: counted, kept, in no score
    assert.ok(logged.includes('streaming: 1 ratings name a movieId that is not in titles (kept in ratings, not in any score)'), logged.join('\n'));
    const by = Object.fromEntries(report.sources.map((s) => [s.source, s]));
    // netflix: 9 lines, 7 records: 4 kept (s1, s2, s3, s6), s2 again a duplicate, no id and too few fields rejected
    assert.deepEqual([by.netflix_titles.lines, by.netflix_titles.records, by.netflix_titles.rows, by.netflix_titles.rejected, by.netflix_titles.duplicates], [9, 7, 4, 2, 1]);
    assert.deepEqual(by.netflix_titles.notes, { 'duration found in the rating column': 1, "rating empty → 'g'": 2, 'duration missing': 1, 'date_added unreadable': 1, 'release_year unreadable': 1 });
    assert.equal(by.hulu_titles.notes['duration found in the rating column'], 1);
    // ratings 1: header + 7 lines; the blank one holds no record; 5 kept, the 6.0 rejected
    assert.deepEqual([by.ratings_1.lines, by.ratings_1.records, by.ratings_1.rows, by.ratings_1.rejected], [8, 6, 5, 1]);
    assert.deepEqual([by.ratings_2.records, by.ratings_2.rows, by.ratings_2.rejected], [2, 2, 0]);
    assert.deepEqual([by.ratings_3.lines, by.ratings_3.records, by.ratings_3.rows, by.ratings_3.rejected], [8, 7, 1, 6]);
    assert.deepEqual([by.ratings_8.lines, by.ratings_8.rows], [2, 1]);
    for (const s of report.sources) assert.equal(s.records, s.rows + s.rejected + s.duplicates + s.empty, s.source);

    const titles = await query(
      db,
      `SELECT id, platform, show_id, type, title, director, "cast", cast_members, country, countries, date_added::VARCHAR AS date_added,
              release_year, rating, duration_int, duration_type, listed_in, genres, description, score, ratings_count
       FROM titles ORDER BY id`,
    );
    assert.deepEqual(titles, [
      { id: 'as1', platform: 'amazon', show_id: 's1', type: 'movie', title: 'the grand seduction', director: 'don mckellar', cast: 'brendan gleeson, taylor kitsch', cast_members: ['brendan gleeson', 'taylor kitsch'], country: 'canada', countries: ['canada'], date_added: null, release_year: 2014, rating: 'g', duration_int: 113, duration_type: 'min', listed_in: 'comedy, drama', genres: ['comedy', 'drama'], description: 'a small fishing village.', score: 1.5, ratings_count: 1 },
      { id: 'ds1', platform: 'disney', show_id: 's1', type: 'movie', title: 'duck the halls', director: 'alonso ramirez ramos, dave wasson', cast: 'chris diamantopoulos', cast_members: ['chris diamantopoulos'], country: null, countries: [], date_added: '2021-11-26', release_year: 2016, rating: 'tv-g', duration_int: 23, duration_type: 'min', listed_in: 'animation, family', genres: ['animation', 'family'], description: 'join mickey!', score: 1, ratings_count: 1 },
      { id: 'hs1', platform: 'hulu', show_id: 's1', type: 'movie', title: 'ricky velez', director: null, cast: null, cast_members: [], country: null, countries: [], date_added: '2021-10-24', release_year: 2021, rating: 'tv-ma', duration_int: null, duration_type: null, listed_in: 'comedy, stand up', genres: ['comedy', 'stand up'], description: 'comedian ricky velez.', score: null, ratings_count: 0 },
      { id: 'hs2', platform: 'hulu', show_id: 's2', type: 'tv show', title: 'the halloween candy', director: null, cast: null, cast_members: [], country: 'japan', countries: ['japan'], date_added: '2021-10-22', release_year: 2021, rating: 'g', duration_int: 1, duration_type: 'season', listed_in: 'family, kids', genres: ['family', 'kids'], description: 'join mila.', score: 3, ratings_count: 1 },
      { id: 'ns1', platform: 'netflix', show_id: 's1', type: 'movie', title: 'dick johnson is dead', director: 'kirsten johnson', cast: null, cast_members: [], country: 'united states', countries: ['united states'], date_added: '2021-09-25', release_year: 2020, rating: 'pg-13', duration_int: 90, duration_type: 'min', listed_in: 'documentaries', genres: ['documentaries'], description: 'as her father nears the end of his life, his daughter films it.', score: 3.75, ratings_count: 2 },
      { id: 'ns2', platform: 'netflix', show_id: 's2', type: 'tv show', title: 'blood & water', director: null, cast: 'ama qamata, khosi ngema, ama qamata', cast_members: ['ama qamata', 'khosi ngema'], country: ', south africa', countries: ['south africa'], date_added: '2017-08-04', release_year: 2021, rating: 'tv-ma', duration_int: 2, duration_type: 'season', listed_in: 'international tv shows, tv dramas', genres: ['international tv shows', 'tv dramas'], description: 'after crossing paths at a party,\r\na cape town teen sets out.', score: (5 + 4 + 0.5) / 3, ratings_count: 3 },
      { id: 'ns3', platform: 'netflix', show_id: 's3', type: 'movie', title: 'louis c.k. 2017', director: 'louis c.k.', cast: 'louis c.k.', cast_members: ['louis c.k.'], country: 'united states', countries: ['united states'], date_added: '2017-04-04', release_year: 2017, rating: 'g', duration_int: 74, duration_type: 'min', listed_in: 'movies', genres: ['movies'], description: 'louis c.k. muses on religion.', score: null, ratings_count: 0 },
      { id: 'ns6', platform: 'netflix', show_id: 's6', type: 'movie', title: 'later', director: null, cast: null, cast_members: [], country: null, countries: [], date_added: null, release_year: null, rating: 'g', duration_int: null, duration_type: null, listed_in: 'comedies', genres: ['comedies'], description: null, score: null, ratings_count: 0 },
    ]);

    const ratings = await query(db, 'SELECT user_id, movie_id, rating, timestamp FROM ratings ORDER BY timestamp, user_id');
    assert.deepEqual(ratings, [
      { user_id: 1, movie_id: 'ns1', rating: 4, timestamp: 1500000000 },
      { user_id: 2, movie_id: 'ns1', rating: 3.5, timestamp: 1500000100 },
      { user_id: 3, movie_id: 'ns2', rating: 5, timestamp: 1500000200 },
      { user_id: 4, movie_id: 'zz9', rating: 2.5, timestamp: 1500000300 }, // an id missing from titles is kept
      { user_id: 5, movie_id: 'as1', rating: 1.5, timestamp: 1500000400 },
      { user_id: 9, movie_id: 'ds1', rating: 1, timestamp: 1500000500 },
      { user_id: 7, movie_id: 'ns2', rating: 0.5, timestamp: 1500000600 },
      { user_id: 6, movie_id: 'ns2', rating: 4, timestamp: 1500000700 },
      { user_id: 6, movie_id: 'hs2', rating: 3, timestamp: 1500000800 },
    ]);

    const rejects = await query(db, 'SELECT source, line, kind, reason, excerpt FROM rejects ORDER BY source, line');
    assert.deepEqual(
      rejects.map((r) => [r.source, r.line, r.kind]),
      [
        ['netflix_titles', 6, 'duplicate'],
        ['netflix_titles', 7, 'invalid'],
        ['netflix_titles', 8, 'invalid'],
        ['ratings_1', 4, 'invalid'],
        ['ratings_3', 2, 'invalid'],
        ['ratings_3', 3, 'invalid'],
        ['ratings_3', 4, 'invalid'],
        ['ratings_3', 5, 'invalid'],
        ['ratings_3', 6, 'invalid'],
        ['ratings_3', 7, 'invalid'],
      ],
    );
    const reason = (source: string, line: number) => rejects.find((r) => r.source === source && r.line === line)!.reason as string;
    assert.equal(reason('netflix_titles', 7), 'no show_id');
    assert.match(reason('netflix_titles', 8), /3 fields where the header has 12/);
    assert.match(reason('ratings_1', 4), /rating '6.0'/);
    assert.match(reason('ratings_3', 2), /rating '3.7'/);
    assert.match(reason('ratings_3', 3), /3 fields/);
    assert.match(reason('ratings_3', 4), /userId 'user9'/);
    assert.match(reason('ratings_3', 5), /timestamp/);
    assert.match(reason('ratings_3', 6), /movieId is empty/);
    assert.match(reason('ratings_3', 7), /quote/);
    assert.equal(rejects.find((r) => r.source === 'ratings_3' && r.line === 4)!.excerpt, 'user9,4.0,1500000000,ns1');

    // answers prepared at finalize
    assert.deepEqual(await query(db, 'SELECT platform, movies FROM api_platform_movies ORDER BY platform'), [
      { platform: 'amazon', movies: 1 },
      { platform: 'disney', movies: 1 },
      { platform: 'hulu', movies: 1 },
      { platform: 'netflix', movies: 3 },
    ]);
  } finally {
    cleanup();
  }
});

test('a ratings file whose header lacks a column fails the build with a clear message', async () => {
  const { dir, cleanup } = tempDir();
  try {
    writeFixture(dir);
    writeFileSync(join(dir, 'ratings', '5.csv'), 'userId,score,timestamp,movieId\n1,4.0,1,ns1\n');
    await assert.rejects(ingestPack(streamingPack, { from: dir, db: join(dir, 'w.duckdb'), log: silent }), /5\.csv.*has no rating column/);
  } finally {
    cleanup();
  }
});

// ---- the real title files ---------------------------------------------------------------------

type Raw = Record<string, string>;
const REAL: [string, string, string, number][] = [
  ['amazon', 'a', 'amazon_prime_titles.csv', 9668],
  ['disney', 'd', 'disney_plus_titles.csv', 1450],
  ['hulu', 'h', 'hulu_titles.csv', 3073],
  ['netflix', 'n', 'netflix_titles.csv', 8807],
];
const haveReal = REAL.every(([, , f]) => hasShared(`streaming/${f}`));

// the rules, written out again
const strip = (s: string) => s.replace(/^[\s\u200b\ufeff]+|[\s\u200b\ufeff]+$/g, '');
const lower = (s: string) => (strip(s) === '' ? null : strip(s).toLowerCase());
const list = (s: string) => [...new Set(s.split(',').map((x) => strip(x).toLowerCase()).filter((x) => x !== ''))];
const DURATION = /^(\d+) (min|Season|Seasons)$/;

function expectedTitle(platform: string, letter: string, r: Raw) {
  const shifted = r.duration === '' && DURATION.test(r.rating);
  const duration = shifted ? r.rating : r.duration;
  const d = DURATION.exec(duration);
  const rawRating = shifted ? '' : r.rating;
  const date = strip(r.date_added) === '' ? null : new Date(Date.parse(strip(r.date_added) + ' UTC')).toISOString().slice(0, 10);
  return {
    id: letter + r.show_id,
    platform,
    type: r.type.toLowerCase(),
    title: lower(r.title),
    rating: rawRating === '' ? 'g' : rawRating.toLowerCase(),
    date_added: date,
    release_year: Number(r.release_year),
    duration_int: d ? Number(d[1]) : null,
    duration_type: d ? (d[2] === 'min' ? 'min' : 'season') : null,
    cast_members: list(r.cast),
    countries: list(r.country),
    genres: list(r.listed_in),
    director: lower(r.director),
    description: lower(r.description),
  };
}

test('the real title files: every record kept, each cleaning rule on every record', { skip: !haveReal && 'no ../shared/data/streaming' }, async () => {
  const { dir, cleanup } = tempDir();
  try {
    for (const [, , file] of REAL) symlinkSync(join(SHARED_DATA, 'streaming', file), join(dir, file));
    writeFixture(dir, false);
    const db = join(dir, 'w.duckdb');
    const report = await ingestPack(streamingPack, { from: dir, db, log: silent });
    const rows = new Map((await query(db, 'SELECT id, platform, type, title, rating, date_added::VARCHAR AS date_added, release_year, duration_int, duration_type, cast_members, countries, genres, director, description FROM titles')).map((r) => [r.id, r]));
    let shifted = 0;
    let emptyRating = 0;
    for (const [platform, letter, file, documented] of REAL) {
      const raw = parse(readFileSync(join(SHARED_DATA, 'streaming', file)), { columns: true, bom: true }) as Raw[];
      // the documented count, the independent reading and the ingest agree
      assert.equal(raw.length, documented, file);
      const source = report.sources.find((s) => s.source === file.replace('.csv', ''))!;
      assert.deepEqual([source.records, source.rows, source.rejected, source.duplicates], [documented, documented, 0, 0], file);
      for (const r of raw) {
        const want = expectedTitle(platform, letter, r);
        assert.deepEqual(rows.get(want.id), want, `${file} ${r.show_id}`);
        if (r.duration === '' && DURATION.test(r.rating)) shifted++;
        if (want.rating === 'g' && r.rating.toUpperCase() !== 'G') emptyRating++;
      }
    }
    assert.equal(rows.size, 9668 + 1450 + 3073 + 8807); // ids are unique across platforms
    // the quirks of the real files, counted independently (README figures)
    assert.equal(shifted, 295);
    assert.equal(emptyRating, 337 + 3 + 520 + 4 + 295); // empty rating cells per platform, plus the shifted ones
    assert.equal((await query(db, 'SELECT count(*) AS n FROM rejects WHERE source LIKE \'%_titles\''))[0].n, 0);
  } finally {
    cleanup();
  }
});

test('no HTML references in the names: none in the generated files, none in the real ones (so names are stored as written)', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const raw = join(dir, 'raw');
    await streamingPack.synth.generate(raw, { ratings: '2000', seed: '3' }, silent);
    assert.deepEqual(linesWithReferences(raw), []);
    if (hasShared('streaming')) assert.deepEqual(linesWithReferences(join(SHARED_DATA, 'streaming')), []);
  } finally {
    cleanup();
  }
});
