import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFunny, parseHelpful, parseLooseDate, parsePosted, parsePrice, isoDay, minutes, name, nameList } from '../../../src/packs/steam/clean.js';

test('release dates: ISO, month names, bare years, quarters, words', () => {
  const cases: [string, string | null, number | null][] = [
    ['2018-01-04', '2018-01-04', 2018],
    ['2017-02-30', null, 2017], // not a day
    ['Jan 4, 2018', '2018-01-04', 2018],
    ['4 Jan, 2018', '2018-01-04', 2018],
    ['Dec 2017', null, 2017],
    ['2018', null, 2018],
    ['Q1 2018', null, 2018],
    ['Winter 2017', null, 2017],
    ['Coming Soon', null, null],
    ['TBA', null, null],
    ['SOON', null, null],
  ];
  for (const [raw, date, year] of cases) assert.deepEqual(parseLooseDate(raw), { date, year }, raw);
  assert.equal(isoDay(2016, 2, 29), '2016-02-29');
  assert.equal(isoDay(2015, 2, 29), null);
});

test('posted dates: with a year, and without one (never guessed)', () => {
  assert.deepEqual(parsePosted('Posted November 5, 2011.'), { date: '2011-11-05', year: 2011, missingYear: false });
  assert.deepEqual(parsePosted('Posted March 3.'), { date: null, year: null, missingYear: true });
  assert.deepEqual(parsePosted('Posted July 31, 2015.'), { date: '2015-07-31', year: 2015, missingYear: false });
  assert.deepEqual(parsePosted('yesterday'), { date: null, year: null, missingYear: false });
});

test('prices: numbers, free texts, "Starting at", unknown texts', () => {
  assert.deepEqual(parsePrice(4.99), { price: 4.99, isFree: false });
  assert.deepEqual(parsePrice(0), { price: 0, isFree: true });
  for (const free of ['Free', 'Free to Play', 'Free To Play', 'Free Mod', 'Free Demo', 'Play for Free!', 'Free HITMAN™ Holiday Pack']) {
    assert.deepEqual(parsePrice(free), { price: 0, isFree: true }, free);
  }
  assert.deepEqual(parsePrice('Starting at $449.00'), { price: 449, isFree: false });
  for (const unknown of ['Play Now', 'Third-party', 'Install Now', NaN, null, undefined]) {
    assert.deepEqual(parsePrice(unknown), { price: null, isFree: null }, String(unknown));
  }
});

test('helpful and funny texts become counts', () => {
  assert.deepEqual(parseHelpful('1 of 3 people (33%) found this review helpful'), { yes: 1, total: 3 });
  assert.deepEqual(parseHelpful('1,024 of 2,048 people (50%) found this review helpful'), { yes: 1024, total: 2048 });
  assert.deepEqual(parseHelpful('No ratings yet'), { yes: null, total: null });
  assert.equal(parseFunny(''), 0);
  assert.equal(parseFunny('1 person found this review funny'), 1);
  assert.equal(parseFunny('12 people found this review funny'), 12);
});

test('playtime minutes: integers only', () => {
  assert.equal(minutes(6), 6);
  assert.equal(minutes('42'), 42);
  assert.equal(minutes(-1), null);
  assert.equal(minutes(1.5), null);
  assert.equal(minutes(NaN), null);
  assert.equal(minutes('ten'), null);
});

test('names: HTML character references decoded, as a browser would show them', () => {
  // the kinds found in the real steam_games file (genres, title, app_name, developer, publisher)
  assert.equal(name('Animation &amp; Modeling'), 'Animation & Modeling');
  assert.equal(name('Sam &amp; Max 101: Culture Shock'), 'Sam & Max 101: Culture Shock');
  assert.equal(name('&gt;observer_'), '>observer_');
  assert.equal(name('Sam & Max 205: What&#146;s New Beelzebub?'), 'Sam & Max 205: What\u2019s New Beelzebub?'); // HTML maps 128–159 as Windows-1252
  // the others a scrape can hold
  assert.equal(name('&quot;Quoted&quot; &#39;single&#39; &lt;b&gt; &#x27;hex&#x27; caf&eacute;'), '"Quoted" \'single\' <b> \'hex\' café');
  // an '&' that is not a reference is text, also where a reference without ';' could be read
  for (const plain of ['AT&T', 'R&D Studio', 'Point & Click', 'Tom&amplifier', 'Fish &amp Chips', '&;', '&', '']) assert.equal(name(plain), plain, plain);
  // escaped twice in the scrape (a real title: 'What&amp;#146;s'): decoded to what the store showed
  assert.equal(name('Sam &amp; Max 205: What&amp;#146;s New Beelzebub?'), 'Sam & Max 205: What\u2019s New Beelzebub?');
  assert.equal(name('A &amp;amp; B'), 'A & B');
  assert.equal(name(NaN), null);
  assert.equal(name(null), null);
  assert.deepEqual(nameList(['Action', 'Design &amp; Illustration', 3]), ['Action', 'Design & Illustration']);
  assert.equal(nameList(NaN), null);
});
