/**
 * The cleaning rules of the movies pack, one by one, on raw field texts written by hand as they
 * appear in movies_dataset.csv / credits.csv (after CSV unquoting).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  collection,
  count,
  decimal,
  money,
  movieId,
  movieReturn,
  nestedList,
  optionalText,
  pickCast,
  pickCompany,
  pickCountry,
  pickCrew,
  pickGenre,
  pickLanguage,
  releaseDate,
} from '../../../src/packs/movies/clean.js';
import { csvField, pyFloat } from '../../../src/packs/movies/synth/index.js';

test('nested columns: Python literals with the quirks of the real file', () => {
  assert.deepEqual(nestedList("[{'id': 16, 'name': 'Animation'}, {'id': 35, 'name': 'Comedy'}, {'id': 10751, 'name': 'Family'}]", pickGenre), {
    ok: true,
    items: [{ id: 16, name: 'Animation' }, { id: 35, name: 'Comedy' }, { id: 10751, name: 'Family' }],
    skipped: 0,
  });
  // companies put the name first; a name with an apostrophe is double-quoted by repr()
  assert.deepEqual(nestedList(`[{'name': "Pixar's Studio", 'id': 3}, {'name': 'France 2 Cin\\xe9ma', 'id': 83}]`, pickCompany), {
    ok: true,
    items: [{ id: 3, name: "Pixar's Studio" }, { id: 83, name: 'France 2 Cinéma' }],
    skipped: 0,
  });
  // a name that holds both quotes: repr escapes the single one
  assert.deepEqual(nestedList(`[{'name': 'Dr. "Doc" O\\'Brien', 'id': 1}]`, pickCompany), { ok: true, items: [{ id: 1, name: `Dr. "Doc" O'Brien` }], skipped: 0 });
  assert.deepEqual(nestedList("[{'iso_3166_1': 'CI', 'name': \"Cote D'Ivoire\"}]", pickCountry), { ok: true, items: [{ iso: 'CI', name: "Cote D'Ivoire" }], skipped: 0 });
  // spoken languages: native names in any script, and some with an empty name
  assert.deepEqual(nestedList("[{'iso_639_1': 'ja', 'name': '日本語'}, {'iso_639_1': 'yi', 'name': ''}, {'iso_639_1': 'ru', 'name': 'Pусский'}]", pickLanguage), {
    ok: true,
    items: [{ iso: 'ja', name: '日本語' }, { iso: 'yi', name: null }, { iso: 'ru', name: 'Pусский' }],
    skipped: 0,
  });
  // pandas NaN (empty field) and the empty list are both "none"
  for (const empty of ['', '[]', '  ']) assert.deepEqual(nestedList(empty, pickGenre), { ok: true, items: [], skipped: 0 }, `'${empty}'`);
  // an entry that is not a dict, or lacks its id / name, is skipped and counted, not fatal
  assert.deepEqual(nestedList("[{'id': 18, 'name': 'Drama'}, {'name': 'No id'}, 'text', {'id': None, 'name': 'x'}]", pickGenre), { ok: true, items: [{ id: 18, name: 'Drama' }], skipped: 3 });
});

test('nested columns: what cannot be read says why', () => {
  const truncated = nestedList("[{'id': 16, 'name': 'Anim", pickGenre);
  assert.equal(truncated.ok, false);
  assert.match((truncated as { reason: string }).reason, /not a Python literal \(unterminated string/);
  // the shifted rows put plain text or numbers in the nested columns
  assert.deepEqual(nestedList('0.065736', pickGenre), { ok: false, reason: 'not a list' });
  assert.deepEqual(nestedList("{'id': 1, 'name': 'x'}", pickGenre), { ok: false, reason: 'not a list' });
  assert.equal(nestedList('/ff9qCepilowshEtG2GYWwzt2bs4.jpg', pickGenre).ok, false);
});

test('belongs_to_collection: one dict, or none', () => {
  assert.deepEqual(collection("{'id': 10194, 'name': 'Toy Story Collection', 'poster_path': '/7G9915LfUQ2lVfwMEEhDsn3kT4B.jpg', 'backdrop_path': None}"), {
    ok: true,
    value: { id: 10194, name: 'Toy Story Collection' },
  });
  assert.deepEqual(collection(''), { ok: true, value: null });
  assert.deepEqual(collection("[{'id': 1, 'name': 'x'}]"), { ok: false, reason: 'not a dict' });
  assert.deepEqual(collection("{'id': 1}"), { ok: false, reason: 'a collection without id or name' });
  assert.equal(collection("{'id': 1, 'name': 'x'").ok, false);
});

test('credits entries: cast and crew dicts', () => {
  const cast = nestedList(
    "[{'cast_id': 14, 'character': 'Woody (voice)', 'credit_id': '52fe4284c3a36847f8024f95', 'gender': 2, 'id': 31, 'name': 'Tom Hanks', 'order': 0, 'profile_path': '/pQFoyx7rp09CJTAb932F2g8Nlho.jpg'}, " +
      "{'cast_id': 2, 'character': '', 'credit_id': 'x', 'gender': 0, 'id': 7, 'name': \"Peter O'Toole\", 'order': 1, 'profile_path': None}]",
    pickCast,
  );
  assert.deepEqual(cast, {
    ok: true,
    items: [
      { order: 0, personId: 31, name: 'Tom Hanks', character: 'Woody (voice)', gender: 2, castId: 14, creditId: '52fe4284c3a36847f8024f95' },
      { order: 1, personId: 7, name: "Peter O'Toole", character: null, gender: 0, castId: 2, creditId: 'x' },
    ],
    skipped: 0,
  });
  const crew = nestedList(
    "[{'credit_id': '52fe4284c3a36847f8024f49', 'department': 'Directing', 'gender': 2, 'id': 7879, 'job': 'Director', 'name': 'John Lasseter', 'profile_path': '/7EdqiNOs7ZUnoi3eN0ilHchMMtK.jpg'}, {'department': 'Sound', 'id': 1, 'job': 'Music'}]",
    pickCrew,
  );
  assert.deepEqual(crew, {
    ok: true,
    items: [{ personId: 7879, name: 'John Lasseter', department: 'Directing', job: 'Director', gender: 2, creditId: '52fe4284c3a36847f8024f49' }],
    skipped: 1,
  });
});

test('id: digits only; a shifted row shows a date or a number there', () => {
  assert.equal(movieId('862'), 862);
  assert.equal(movieId(' 15602 '), 15602);
  for (const bad of ['1997-08-20', '2012-09-29', '0.065736', '', 'tt0113002', '0', '862.0', '99999999999']) assert.equal(movieId(bad), null, bad);
});

test('numbers: empty → null, text → not ok; money: empty → 0', () => {
  assert.deepEqual(decimal('21.946943'), { ok: true, value: 21.946943 });
  assert.deepEqual(decimal('1e-05'), { ok: true, value: 1e-5 });
  assert.deepEqual(decimal(''), { ok: true, value: null });
  for (const text of ['Beware Of Frost Bites', '/ff9qCepilowshEtG2GYWwzt2bs4.jpg', '0x10', '1,5', 'Infinity']) assert.deepEqual(decimal(text), { ok: false }, text);
  assert.deepEqual(money(''), { ok: true, value: 0 }); // the assignment's rule
  assert.deepEqual(money('30000000'), { ok: true, value: 30000000 });
  assert.deepEqual(money('373554033.0'), { ok: true, value: 373554033 });
  assert.deepEqual(money('-5'), { ok: false });
  assert.deepEqual(money('/ff9qCepilowshEtG2GYWwzt2bs4.jpg'), { ok: false });
  assert.deepEqual(count('5415.0'), { ok: true, value: 5415 });
  assert.deepEqual(count(''), { ok: true, value: null });
  assert.deepEqual(count('12.5'), { ok: false });
});

test('return = revenue / budget, 0 when the budget is 0', () => {
  assert.equal(movieReturn(373554033, 30000000), 373554033 / 30000000);
  assert.equal(movieReturn(12000000, 0), 0);
  assert.equal(movieReturn(0, 5000000), 0);
  assert.equal(movieReturn(100, 1), 100); // budgets of 1 are in the data; the rule does not second-guess them
});

test('release_date: a real day, else missing or invalid', () => {
  assert.deepEqual(releaseDate('1995-10-30'), { kind: 'ok', date: '1995-10-30', year: 1995 });
  assert.deepEqual(releaseDate('1874-12-09'), { kind: 'ok', date: '1874-12-09', year: 1874 });
  assert.deepEqual(releaseDate(''), { kind: 'missing' });
  assert.deepEqual(releaseDate('  '), { kind: 'missing' });
  for (const bad of ['1', '1995-02-30', '1995-13-01', '30/10/1995', '1995', 'Released']) assert.deepEqual(releaseDate(bad), { kind: 'invalid' }, bad);
  assert.equal(optionalText(''), null);
  assert.equal(optionalText('Released'), 'Released');
});

test('the generator writes fields as pandas does', () => {
  // Python: repr(81.0), repr(21.946943), repr(1e-05), repr(373554033.0), repr(0.0001)
  assert.deepEqual([81, 21.946943, 1e-5, 373554033, 0.0001, 0, 7.7].map(pyFloat), ['81.0', '21.946943', '1e-05', '373554033.0', '0.0001', '0.0', '7.7']);
  // csv.QUOTE_MINIMAL: quote only fields with a delimiter, a quote or a line break
  assert.equal(csvField("[{'id': 16, 'name': 'Animation'}]"), `"[{'id': 16, 'name': 'Animation'}]"`);
  assert.equal(csvField('[{\'name\': "Pixar\'s", \'id\': 3}]'), `"[{'name': ""Pixar's"", 'id': 3}]"`);
  assert.equal(csvField('Toy Story'), 'Toy Story');
  assert.equal(csvField('a\nb'), '"a\nb"');
  assert.equal(csvField(''), '');
});
