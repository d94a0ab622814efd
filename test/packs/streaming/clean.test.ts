import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  cleanText,
  cleanTitleRecord,
  parseDateAdded,
  parseDuration,
  parseHeader,
  parseRatingLine,
  parseReleaseYear,
  ratingLayout,
  splitList,
  titleId,
  type RatingLayout,
  type RatingRow,
} from '../../../src/packs/streaming/clean.js';

test('id = platform letter + show_id', () => {
  assert.equal(titleId('amazon', 's123'), 'as123');
  assert.equal(titleId('disney', 's1'), 'ds1');
  assert.equal(titleId('hulu', 's9'), 'hs9');
  assert.equal(titleId('netflix', 's8807'), 'ns8807');
});

test('text: trimmed (also zero-width space and BOM), lowercase, empty → null', () => {
  assert.equal(cleanText('  The Grand Seduction '), 'the grand seduction');
  assert.equal(cleanText('\u200bComedian Ricky Velez'), 'comedian ricky velez');
  assert.equal(cleanText('\ufeffAmélie\t'), 'amélie');
  assert.equal(cleanText(''), null);
  assert.equal(cleanText('   '), null);
  assert.equal(cleanText(undefined), null);
  // inner line breaks of multi-line cells stay
  assert.equal(cleanText('The Memphis Belle: A Story of a\r\nFlying Fortress'), 'the memphis belle: a story of a\r\nflying fortress');
});

test('comma lists: items cleaned, stray commas and repeats dropped', () => {
  assert.deepEqual(splitList('Brendan Gleeson, Taylor Kitsch, Gordon Pinsent'), ['brendan gleeson', 'taylor kitsch', 'gordon pinsent']);
  assert.deepEqual(splitList(', South Korea'), ['south korea']);
  assert.deepEqual(splitList('United States,'), ['united states']);
  assert.deepEqual(splitList('A, , B,A'), ['a', 'b']);
  assert.deepEqual(splitList(''), []);
  assert.deepEqual(splitList(undefined), []);
});

test('date_added: "Month D, YYYY" → ISO day; anything else → null', () => {
  assert.equal(parseDateAdded('September 25, 2021'), '2021-09-25');
  assert.equal(parseDateAdded(' August 4, 2017'), '2017-08-04');
  assert.equal(parseDateAdded('March 1,2020'), '2020-03-01');
  assert.equal(parseDateAdded('February 29, 2020'), '2020-02-29');
  assert.equal(parseDateAdded('February 29, 2021'), null);
  assert.equal(parseDateAdded('Smarch 3, 2021'), null);
  assert.equal(parseDateAdded('2021-09-25'), null);
  assert.equal(parseDateAdded(''), null);
});

test("duration: '113 min' → 113 min, '1 Season' / '2 Seasons' → season", () => {
  assert.deepEqual(parseDuration('113 min'), { durationInt: 113, durationType: 'min' });
  assert.deepEqual(parseDuration('1 Season'), { durationInt: 1, durationType: 'season' });
  assert.deepEqual(parseDuration('2 Seasons'), { durationInt: 2, durationType: 'season' });
  assert.deepEqual(parseDuration(' 90 MIN '), { durationInt: 90, durationType: 'min' });
  assert.equal(parseDuration(''), null);
  assert.equal(parseDuration('TV-MA'), null);
  assert.equal(parseDuration('1h 30m'), null);
  assert.equal(parseReleaseYear('2014'), 2014);
  assert.equal(parseReleaseYear('14'), null);
});

const RAW = {
  show_id: 's7',
  type: 'Movie',
  title: ' The Grand Seduction ',
  director: 'Don McKellar',
  cast: 'Brendan Gleeson, Taylor Kitsch, ',
  country: 'Canada,',
  date_added: ' March 30, 2021',
  release_year: '2014',
  rating: '',
  duration: '113 min',
  listed_in: 'Comedy, Drama',
  description: 'A small fishing village...',
};

test('a title record: every rule at once', () => {
  const r = cleanTitleRecord('amazon', RAW);
  assert.ok(r.ok);
  assert.deepEqual(r.title, {
    id: 'as7',
    platform: 'amazon',
    showId: 's7',
    type: 'movie',
    title: 'the grand seduction',
    director: 'don mckellar',
    cast: 'brendan gleeson, taylor kitsch,',
    castMembers: ['brendan gleeson', 'taylor kitsch'],
    country: 'canada,',
    countries: ['canada'],
    dateAdded: '2021-03-30',
    releaseYear: 2014,
    rating: 'g',
    duration: { durationInt: 113, durationType: 'min' },
  });
  assert.equal(r.listedIn, 'comedy, drama');
  assert.deepEqual(r.genres, ['comedy', 'drama']);
  assert.equal(r.description, 'a small fishing village...');
  assert.deepEqual(r.notes, ["rating empty → 'g'"]);
});

test('the duration in the rating column (Hulu, Netflix) is the duration; the rating is then empty → g', () => {
  const r = cleanTitleRecord('hulu', { ...RAW, rating: '2 Seasons', duration: '' });
  assert.ok(r.ok);
  assert.deepEqual(r.title.duration, { durationInt: 2, durationType: 'season' });
  assert.equal(r.title.rating, 'g');
  assert.ok(r.notes.includes('duration found in the rating column'));
  // a real rating with an empty duration stays a rating; the duration is unknown
  const s = cleanTitleRecord('hulu', { ...RAW, rating: 'TV-MA', duration: '' });
  assert.ok(s.ok);
  assert.equal(s.title.rating, 'tv-ma');
  assert.equal(s.title.duration, null);
  // both present: nothing moves
  const t = cleanTitleRecord('netflix', { ...RAW, rating: '74 min', duration: '90 min' });
  assert.ok(t.ok);
  assert.equal(t.title.rating, '74 min');
  assert.deepEqual(t.title.duration, { durationInt: 90, durationType: 'min' });
});

test('a title record without show_id or without the 12 columns is refused', () => {
  assert.deepEqual(cleanTitleRecord('netflix', { ...RAW, show_id: ' ' }), { ok: false, reason: 'no show_id' });
  const { description: _, ...eleven } = RAW;
  const r = cleanTitleRecord('netflix', eleven);
  assert.ok(!r.ok && /no column description/.test(r.reason));
  const bad = cleanTitleRecord('netflix', { ...RAW, date_added: 'soon', release_year: 'n/a' });
  assert.ok(bad.ok);
  assert.equal(bad.title.dateAdded, null);
  assert.equal(bad.title.releaseYear, null);
  assert.deepEqual(bad.notes.sort(), ['date_added unreadable', "rating empty → 'g'", 'release_year unreadable']);
});

// ---- ratings lines ---------------------------------------------------------------------------

const LAYOUT = ratingLayout(['userId', 'rating', 'timestamp', 'movieId']) as RatingLayout;

function parseLine(line: string, layout = LAYOUT): RatingRow | string {
  const buf = Buffer.from('junk\n' + line + '\njunk'); // parsed in place, within a bigger buffer
  const out: RatingRow = { userId: -1, movieId: '', rating: -1, timestamp: -1 };
  const why = parseRatingLine(buf, 5, 5 + Buffer.byteLength(line), layout, out);
  return why ?? { ...out };
}

test('rating lines: the accepted forms', () => {
  assert.deepEqual(parseLine('1,4.0,1500000000,as1'), { userId: 1, movieId: 'as1', rating: 4, timestamp: 1500000000 });
  assert.deepEqual(parseLine('7,3.5,0,ns8807'), { userId: 7, movieId: 'ns8807', rating: 3.5, timestamp: 0 });
  for (const [text, value] of [['.5', 0.5], ['0.5', 0.5], ['5', 5], ['5.0', 5], ['4.50', 4.5], ['1.000', 1]] as const) {
    assert.equal((parseLine(`1,${text},1,as1`) as RatingRow).rating, value, text);
  }
  assert.deepEqual(parseLine('"12","4.5","1500000000","Hs3"'), { userId: 12, movieId: 'hs3', rating: 4.5, timestamp: 1500000000 });
  assert.deepEqual(parseLine(' 12 , 4.5\t,1500000000, hs3 '), { userId: 12, movieId: 'hs3', rating: 4.5, timestamp: 1500000000 });
  assert.deepEqual(parseLine('2,1,1,"a""b"'), { userId: 2, movieId: 'a"b', rating: 1, timestamp: 1 });
  assert.deepEqual(parseLine('2,1,1,DS1é'), { userId: 2, movieId: 'ds1é', rating: 1, timestamp: 1 });
  assert.deepEqual(parseLine('2147483647,1,99999999999,x'), { userId: 2147483647, movieId: 'x', rating: 1, timestamp: 99999999999 });
});

test('rating lines: each malformed form and its reason', () => {
  const cases: [string, RegExp][] = [
    ['1,6.0,1500000000,as1', /rating '6.0' is not one of 0.5/],
    ['1,0.0,1500000000,as1', /rating '0.0'/],
    ['1,0,1500000000,as1', /rating '0'/],
    ['1,3.7,1500000000,as1', /rating '3.7'/],
    ['1,4.55,1500000000,as1', /rating '4.55'/],
    ['1,4.,1500000000,as1', /rating '4.'/],
    ['1,-4,1500000000,as1', /rating '-4'/],
    ['1,4e0,1500000000,as1', /rating '4e0'/],
    ['1,,1500000000,as1', /rating ''/],
    ['1,4.0,1500000000', /3 fields where the header has 4/],
    ['1,4.0,1500000000,as1,x', /5 fields where the header has 4/],
    ['user1,4.0,1500000000,as1', /userId 'user1' is not a non-negative integer/],
    ['-1,4.0,1500000000,as1', /userId '-1'/],
    ['1.5,4.0,1500000000,as1', /userId '1.5'/],
    ['2147483648,4.0,1500000000,as1', /userId '2147483648'/],
    [',4.0,1500000000,as1', /userId ''/],
    ['1,4.0,1500000000000,as1', /timestamp '1500000000000' is not unix seconds/],
    ['1,4.0,15e8,as1', /timestamp '15e8'/],
    ['1,4.0,-5,as1', /timestamp '-5'/],
    ['1,4.0,1500000000,', /movieId is empty/],
    ['1,4.0,1500000000,  ', /movieId is empty/],
    [`1,4.0,1500000000,${'x'.repeat(101)}`, /longer than 100/],
    ['1,"4.0,1500000000,as1', /a quote is not closed/],
    ['1,"4.0"x,1500000000,as1', /text after a closing quote/],
    ['', /1 fields where the header has 4/],
  ];
  for (const [line, reason] of cases) {
    const r = parseLine(line);
    assert.equal(typeof r, 'string', line);
    assert.match(r as string, reason, line);
  }
});

test('rating headers: any column order, extra columns ignored, case-insensitive; missing → why', () => {
  const header = parseHeader(Buffer.from('movieId,"timestamp",UserID,extra,rating'), 0, 44);
  assert.deepEqual(header, ['movieId', 'timestamp', 'UserID', 'extra', 'rating']);
  const layout = ratingLayout(header as string[]) as RatingLayout;
  assert.deepEqual(layout, { fields: 5, userId: 2, rating: 4, timestamp: 1, movieId: 0 });
  assert.deepEqual(parseLine('ns5,1600000000,42,whatever,2.5', layout), { userId: 42, movieId: 'ns5', rating: 2.5, timestamp: 1600000000 });
  assert.match(ratingLayout(['userId', 'rating', 'timestamp']) as string, /has no movieId column/);
  assert.match(ratingLayout(['userId', 'rating', 'timestamp', 'movieId', 'userid']) as string, /names userId twice/);
});
