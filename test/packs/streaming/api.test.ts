/**
 * The streaming API against an independent naive computation over the raw files of a generated
 * set (200 k ratings; the real title files when ../shared/data has them, synthesised ones
 * otherwise): every platform, every year, every country and rating, then the error bodies and a
 * fuzz test.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { ingestPack } from '../../../src/core/ingest/run.js';
import { buildApp } from '../../../src/core/server/app.js';
import { streamingPack } from '../../../src/packs/streaming/index.js';
import { SHARED_DATA, hasShared, silent, tempDir } from '../../helpers.js';
import { naiveRatings, naiveScores, naiveTitles, PLATFORM_FILES, type NaiveTitle } from './naive.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const PLATFORMS = PLATFORM_FILES.map(([p]) => p);
const REAL_TITLES = PLATFORM_FILES.every(([, , f]) => hasShared(`streaming/${f}`));

let app: FastifyInstance;
let titles: NaiveTitle[];
let scores: Map<string, number>;
let years: number[];
const { dir, cleanup } = tempDir();

before(async () => {
  const raw = join(dir, 'raw');
  await streamingPack.synth.generate(raw, { ratings: '200000', seed: '7', titles: REAL_TITLES ? join(SHARED_DATA, 'streaming') : undefined }, silent);
  const db = join(dir, 'streaming.duckdb');
  await ingestPack(streamingPack, { from: raw, db, log: silent });
  app = await buildApp({ packs: [{ pack: streamingPack, db }] });
  titles = naiveTitles(raw);
  scores = naiveScores(naiveRatings(raw).ratings);
  const ys = titles.map((t) => t.year).filter((y): y is number => y !== null);
  years = [];
  for (let y = Math.min(...ys); y <= Math.max(...ys); y++) years.push(y);
});
after(async () => {
  await app?.close();
  cleanup();
});

async function get(url: string) {
  const res = await app.inject({ method: 'GET', url });
  return { status: res.statusCode, body: res.json() as Any, raw: res.body };
}

const movies = () => titles.filter((t) => t.type === 'movie');
const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

test('get_count_platform: movies per platform, any case', async () => {
  for (const p of PLATFORMS) {
    const n = movies().filter((t) => t.platform === p).length;
    assert.ok(n > 0);
    assert.equal((await get(`/get_count_platform/${p}`)).raw, JSON.stringify({ plataforma: p, peliculas: n }));
    assert.equal((await get(`/get_count_platform/${p.toUpperCase()}`)).raw, JSON.stringify({ plataforma: p, peliculas: n }));
  }
});

let longestFirst: NaiveTitle[] | null = null;
/** The first movie, longest first (ties: title A→Z, then id), that passes the filter. */
function longest(filter: (t: NaiveTitle) => boolean): string | null {
  longestFirst ??= movies()
    .filter((t) => t.durationInt !== null && t.title !== null)
    .sort((a, b) => b.durationInt! - a.durationInt! || byName(a.title!, b.title!) || byName(a.id, b.id));
  return longestFirst.find(filter)?.title ?? null;
}

test('get_max_duration: every combination of the optional filters', async () => {
  const cases: { q: string; f: (t: NaiveTitle) => boolean }[] = [{ q: '', f: () => true }];
  for (const p of [...PLATFORMS, null]) {
    for (const dt of ['min', 'season', null]) {
      for (const y of [...years, null]) {
        if (y !== null && y % 3 !== 0 && p !== 'netflix') continue; // every year on one platform, a third on the others
        const q = [y !== null && `year=${y}`, p && `platform=${p}`, dt && `duration_type=${dt}`].filter(Boolean).join('&');
        cases.push({ q, f: (t) => (y === null || t.year === y) && (p === null || t.platform === p) && (dt === null || t.durationType === dt) });
      }
    }
  }
  let found = 0;
  for (const { q, f } of cases) {
    const want = longest(f);
    const res = await get(`/get_max_duration${q ? '?' + q : ''}`);
    if (want === null) assert.equal(res.status, 404, q);
    else {
      assert.equal(res.raw, JSON.stringify({ pelicula: want }), q);
      found++;
    }
  }
  assert.ok(found > 100, `${found} answers`);
  // empty filters are no filters; names and types in any case
  assert.equal((await get('/get_max_duration?year=&platform=&duration_type=')).raw, JSON.stringify({ pelicula: longest(() => true) }));
  assert.equal((await get('/get_max_duration?platform=Netflix&duration_type=MIN')).raw, JSON.stringify({ pelicula: longest((t) => t.platform === 'netflix' && t.durationType === 'min') }));
});

test('get_score_count: movies above a threshold, for every platform, year and a range of thresholds', async () => {
  const scored = new Map<string, number[]>();
  for (const t of movies()) if (scores.has(t.id)) scored.set(`${t.platform}|${t.year}`, [...(scored.get(`${t.platform}|${t.year}`) ?? []), scores.get(t.id)!]);
  let nonzero = 0;
  for (const p of PLATFORMS) {
    for (const y of years) {
      for (const s of ['0', '2.5', '3', '3.5', '4', '4.75', '5']) {
        const n = (scored.get(`${p}|${y}`) ?? []).filter((score) => score > Number(s)).length;
        const res = await get(`/get_score_count/${p}/${s}/${y}`);
        assert.equal(res.raw, JSON.stringify({ plataforma: p, cantidad: n, anio: y, score: Number(s) }), `${p} ${s} ${y}`);
        if (n > 0) nonzero++;
      }
    }
  }
  assert.ok(nonzero > 200);
});

test('get_actor: the most frequent cast member per platform and year (ties A→Z)', async () => {
  const byPlatformYear = new Map<string, NaiveTitle[]>();
  for (const t of titles) byPlatformYear.set(`${t.platform}|${t.year}`, [...(byPlatformYear.get(`${t.platform}|${t.year}`) ?? []), t]);
  let found = 0;
  for (const p of PLATFORMS) {
    for (const y of years) {
      const counts = new Map<string, number>();
      for (const t of byPlatformYear.get(`${p}|${y}`) ?? []) for (const a of t.cast) counts.set(a, (counts.get(a) ?? 0) + 1);
      const res = await get(`/get_actor/${p}/${y}`);
      if (counts.size === 0) {
        assert.equal(res.status, 404, `${p} ${y}`);
        continue;
      }
      const [actor, n] = [...counts].sort((a, b) => b[1] - a[1] || byName(a[0], b[0]))[0];
      assert.equal(res.raw, JSON.stringify({ plataforma: p, anio: y, actor, apariciones: n }), `${p} ${y}`);
      found++;
    }
  }
  assert.ok(found > 50);
});

test('prod_per_county: titles of a type per country and year, over all platforms', async () => {
  const counts = new Map<string, number>();
  for (const t of titles) for (const c of t.countries) counts.set(`${c}|${t.type}|${t.year}`, (counts.get(`${c}|${t.type}|${t.year}`) ?? 0) + 1);
  const countries = [...new Set(titles.flatMap((t) => t.countries))].sort();
  assert.ok(countries.length >= 10);
  let nonzero = 0;
  for (const c of countries) {
    for (const type of ['movie', 'tv show']) {
      for (const y of years.filter((y) => y >= 2000 || y % 10 === 0)) {
        const n = counts.get(`${c}|${type}|${y}`) ?? 0;
        const res = await get(`/prod_per_county/${encodeURIComponent(type)}/${encodeURIComponent(c)}/${y}`);
        assert.equal(res.raw, JSON.stringify({ pais: c, anio: y, contenido: n }), `${type} ${c} ${y}`);
        if (n > 0) nonzero++;
      }
    }
  }
  assert.ok(nonzero > 100);
  // the type's other spellings, the country in any case
  const us = (await get('/prod_per_county/movie/united%20states/2019')).raw;
  assert.equal((await get('/prod_per_county/Movie/United%20States/2019')).raw, us);
  assert.equal((await get('/prod_per_county/pelicula/UNITED%20STATES/2019')).raw, us);
  assert.equal((await get('/prod_per_county/tv_show/united%20states/2019')).raw, (await get('/prod_per_county/tv%20show/united%20states/2019')).raw);
});

test('get_contents: titles per audience rating (empty raw ratings count as g)', async () => {
  const counts = new Map<string, number>();
  for (const t of titles) counts.set(t.rating, (counts.get(t.rating) ?? 0) + 1);
  assert.ok(counts.size >= 8);
  for (const [rating, n] of counts) {
    assert.equal((await get(`/get_contents/${encodeURIComponent(rating)}`)).raw, JSON.stringify({ rating, contenido: n }), rating);
    assert.equal((await get(`/get_contents/${encodeURIComponent(rating.toUpperCase())}`)).raw, JSON.stringify({ rating, contenido: n }), rating);
  }
});

test('unknown names: 404 naming what is accepted; malformed values: 400', async () => {
  const hbo = await get('/get_count_platform/hbo');
  assert.equal(hbo.status, 404);
  assert.equal(hbo.body.accepted, 'amazon, disney, hulu, netflix');
  assert.match(hbo.body.message, /unknown platform 'hbo'; accepted: amazon, disney, hulu, netflix/);
  const netflx = await get('/get_actor/netflx/2019');
  assert.equal(netflx.status, 404);
  assert.equal(netflx.body.suggestions[0], 'netflix');

  const country = await get('/prod_per_county/movie/united%20state/2019');
  assert.equal(country.status, 404);
  assert.ok(country.body.suggestions.includes('united states'), JSON.stringify(country.body));
  assert.match(country.body.message, /did you mean/);
  const type = await get('/prod_per_county/documentary/japan/2019');
  assert.equal(type.status, 404);
  assert.equal(type.body.accepted, 'movie, tv show');
  const rating = await get('/get_contents/tv-mx');
  assert.equal(rating.status, 404);
  assert.ok(rating.body.suggestions.includes('tv-ma'));

  // nothing near: no empty "did you mean", but what is accepted and the route that lists the names
  for (const [url, listed] of [['/prod_per_county/movie/qxqxzjzj/2019', '/suggest/streaming/country'], ['/get_contents/qxqxzjzj', '/suggest/streaming/rating']]) {
    const res = await get(url);
    assert.equal(res.status, 404, url);
    assert.deepEqual(res.body.suggestions, [], url);
    assert.doesNotMatch(res.body.message, /did you mean/, url);
    assert.match(res.body.message, /Accepted: .+, e\.g\. '.+'/, url);
    assert.ok(res.body.accepted.includes(`GET ${listed}?q=`), url);
    const list = await get(`${listed}?q=`);
    assert.equal(list.status, 200, listed);
    // the names listed are the ones the route answers for
    const example = list.body.suggestions[0] as string;
    assert.equal((await get(url.replace('qxqxzjzj', encodeURIComponent(example)))).status, 200, example);
  }

  for (const url of ['/get_actor/netflix/abc', '/get_score_count/netflix/3/20.5', '/get_max_duration?year=soon']) {
    const res = await get(url);
    assert.equal(res.status, 400, url);
    assert.match(res.body.message, /accepts an integer year from \d{4} to \d{4}/, url);
  }
  for (const url of ['/get_actor/netflix/1850', '/get_score_count/netflix/3/2999', '/prod_per_county/movie/japan/1800']) {
    const res = await get(url);
    assert.equal(res.status, 404, url);
    assert.match(res.body.message, /has data from \d{4} to \d{4}/, url);
  }
  for (const s of ['abc', '-1', '5.5', '1e3', 'NaN']) {
    const res = await get(`/get_score_count/netflix/${s}/2019`);
    assert.equal(res.status, 400, s);
    assert.equal(res.body.accepted, 'a number from 0 to 5, e.g. 3.5', s);
  }
  const dt = await get('/get_max_duration?duration_type=hours');
  assert.equal(dt.status, 400);
  assert.equal(dt.body.accepted, 'min, season');
  const none = await get('/get_max_duration?platform=disney&duration_type=season');
  if (longest((t) => t.platform === 'disney' && t.durationType === 'season') === null) {
    assert.equal(none.status, 404);
    assert.match(none.body.message, /no movie with a known duration matches platform disney, duration_type season/);
  }
  const health = await get('/health');
  assert.equal(health.body.packs.streaming.tables.titles, titles.length);
});

test('fuzz: 1,500 random and hostile path and query values never give a 5xx', async () => {
  let seed = 4242;
  const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const hostile = ["'", '"', "'; DROP TABLE titles; --", '%00', '%', '%zz', '%E0%A4%A', '..%2F..%2Fetc%2Fpasswd', '\u0000', '😀', 'ñ', 'Ⅻ', '\uFEFF', ' ', '%20', 'a'.repeat(5000), '1e3', '-1', '2015.0', '0x7DF', '99999999999999999999', 'NaN', 'Infinity', 'null', '{}', '[]', '<script>', '\\', '/', '.5', '5.', '+3', '__proto__', 'constructor'];
  const alphabet = Array.from("aZ0 '\"%;-_\\/.?#&=+é中😀\u0001\u200b");
  const good = { platform: 'netflix', scored: '3.5', year: '2019', tipo: 'movie', pais: 'japan', rating: 'tv-ma' };
  const routes: ((v: string) => string)[] = [
    (v) => `/get_count_platform/${v}`,
    (v) => `/get_actor/${v}/${good.year}`,
    (v) => `/get_actor/${good.platform}/${v}`,
    (v) => `/get_score_count/${v}/${good.scored}/${good.year}`,
    (v) => `/get_score_count/${good.platform}/${v}/${good.year}`,
    (v) => `/get_score_count/${good.platform}/${good.scored}/${v}`,
    (v) => `/prod_per_county/${v}/${good.pais}/${good.year}`,
    (v) => `/prod_per_county/${good.tipo}/${v}/${good.year}`,
    (v) => `/prod_per_county/${good.tipo}/${good.pais}/${v}`,
    (v) => `/get_contents/${v}`,
    (v) => `/get_max_duration?year=${v}`,
    (v) => `/get_max_duration?platform=${v}`,
    (v) => `/get_max_duration?duration_type=${v}&year=${v}`,
  ];
  let n = 0;
  for (let i = 0; i < 1500; i++) {
    const value = i < hostile.length * 4 ? hostile[i % hostile.length] : Array.from({ length: 1 + Math.floor(rnd() * 40) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
    // half raw (as a hostile client would send it), half properly encoded
    const v = i % 2 ? encodeURIComponent(value) : value.replace(/[#?&]/g, encodeURIComponent);
    const url = routes[i % routes.length](v);
    const res = await app.inject({ method: 'GET', url });
    assert.ok(res.statusCode < 500, `${url.slice(0, 200)} → ${res.statusCode} ${res.body.slice(0, 200)}`);
    assert.ok(res.statusCode === 200 || typeof res.json().message === 'string', url.slice(0, 200));
    n++;
  }
  assert.equal(n, 1500);
});
