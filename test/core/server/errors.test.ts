import { test } from 'node:test';
import assert from 'node:assert/strict';
import { badName, errorBody, HttpError, NAME_PARAM, unknownName, yearParam } from '../../../src/core/server/errors.js';

/** A name list that suggests the names starting with the input, in order. */
const names = (list: string[]) => ({ suggest: (q: string, n: number) => list.filter((x) => x.toLowerCase().startsWith(q.trim().toLowerCase())).slice(0, n) });

test('unknownName: a 404 with the nearest names, what is accepted with an example, and where the names are listed', () => {
  const err = unknownName(names(['Action', 'Adventure', 'Casual']), 'genre', ' Ad', { accepted: 'a genre', listedAt: '/suggest/steam/genre', note: ' (any case)' });
  assert.ok(err instanceof HttpError);
  assert.equal(err.statusCode, 404);
  assert.equal(err.message, "unknown genre 'Ad'; did you mean: Adventure? Accepted: a genre, e.g. 'Action' (any case); GET /suggest/steam/genre?q=<the start of a name> lists them.");
  assert.deepEqual(err.details, { suggestions: ['Adventure'], accepted: "a genre, e.g. 'Action' (any case); GET /suggest/steam/genre?q=<the start of a name> lists them" });
  assert.deepEqual(errorBody(err.statusCode, err.message, err.details), {
    statusCode: 404,
    error: 'Not Found',
    message: err.message,
    suggestions: ['Adventure'],
    accepted: err.details.accepted,
  });
});

test('unknownName: no example where the names are not listed, no empty "did you mean"', () => {
  const err = unknownName(names(['enero', 'febrero']), 'month', 'zz', { accepted: 'a month in Spanish' });
  assert.equal(err.message, "unknown month 'zz': no month is spelled like it. Accepted: a month in Spanish.");
  assert.deepEqual(err.details, { suggestions: [], accepted: 'a month in Spanish' });
});

test('the shared parameter schemas', () => {
  assert.deepEqual(NAME_PARAM, { type: 'string', minLength: 1, maxLength: 200 });
  assert.equal(badName('id'), 'The id is empty or over 200 characters.');
  assert.deepEqual(yearParam('a year, e.g. 2015'), { type: 'string', minLength: 1, maxLength: 50, description: 'a year, e.g. 2015' });
});
