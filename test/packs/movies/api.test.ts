/**
 * The movies API against an independent naive computation: the raw files of a generated set are
 * parsed again here (csv-parse's sync parser, the rules re-written in a few lines of plain JS) and
 * every answer is recomputed by brute force, not by the production SQL.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { parseLiteral } from '../../../src/core/ingest/literal.js';
import { ingestPack } from '../../../src/core/ingest/run.js';
import { buildApp } from '../../../src/core/server/app.js';
import { moviesPack } from '../../../src/packs/movies/index.js';
import { silent, tempDir } from '../../helpers.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ROWS = 3000;
const key = (s: string) => s.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
const num = (s: string) => (s === '' ? null : Number(s));

interface NaiveMovie {
  id: number;
  title: string;
  lang: string;
  date: string;
  runtime: number | null;
  budget: number;
  revenue: number;
  ret: number;
  popularity: number | null;
  votes: number | null;
  average: number | null;
  collection: string | null;
  companies: string[];
  countries: { iso: string; name: string }[];
  spoken: string[];
}

interface Naive {
  movies: Map<number, NaiveMovie>;
  directors: Map<number, string[]>;
  actors: Map<number, string[]>;
}

function csvRecords(path: string): Record<string, string>[] {
  const [header, ...rows] = parse(readFileSync(path), { relax_column_count: true }) as string[][];
  return rows.filter((r) => r.length === header.length).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

function list(text: string): Any[] {
  return text === '' ? [] : (parseLiteral(text) as Any[]);
}

/** The movie rules, written again: valid id, numbers, a real date; the first valid record per id. */
function naiveMovies(path: string): Map<number, NaiveMovie> {
  const out = new Map<number, NaiveMovie>();
  for (const r of csvRecords(path)) {
    if (!/^\d+$/.test(r.id) || !/^\d{4}-\d\d-\d\d$/.test(r.release_date)) continue;
    const values = [r.budget, r.revenue, r.popularity, r.runtime, r.vote_count, r.vote_average].map(num);
    if (values.some((v) => v !== null && !Number.isFinite(v))) continue;
    const id = Number(r.id);
    if (out.has(id)) continue;
    const [budget, revenue] = [values[0] ?? 0, values[1] ?? 0];
    out.set(id, {
      id,
      title: r.title,
      lang: r.original_language,
      date: r.release_date,
      runtime: values[3],
      budget,
      revenue,
      ret: budget > 0 ? revenue / budget : 0,
      popularity: values[2],
      votes: values[4],
      average: values[5],
      collection: r.belongs_to_collection === '' ? null : (parseLiteral(r.belongs_to_collection) as Any).name,
      companies: list(r.production_companies).map((c) => c.name),
      countries: list(r.production_countries).map((c) => ({ iso: c.iso_3166_1, name: c.name })),
      spoken: list(r.spoken_languages).map((l) => l.iso_639_1),
    });
  }
  return out;
}

function naiveCredits(path: string): Pick<Naive, 'directors' | 'actors'> {
  const directors = new Map<number, string[]>();
  const actors = new Map<number, string[]>();
  for (const r of csvRecords(path)) {
    const id = Number(r.id);
    if (!/^\d+$/.test(r.id) || actors.has(id)) continue;
    actors.set(id, list(r.cast).map((c) => c.name));
    directors.set(id, list(r.crew).filter((c) => c.job === 'Director').map((c) => c.name));
  }
  return { directors, actors };
}

let app: FastifyInstance;
let naive: Naive;
const { dir, cleanup } = tempDir();

before(async () => {
  const raw = join(dir, 'raw');
  await moviesPack.synth.generate(raw, { rows: String(ROWS), seed: '11' }, silent);
  const db = join(dir, 'movies.duckdb');
  await ingestPack(moviesPack, { from: raw, db, log: silent });
  app = await buildApp({ packs: [{ pack: moviesPack, db }] });
  naive = { movies: naiveMovies(join(raw, 'movies_dataset.csv')), ...naiveCredits(join(raw, 'credits.csv')) };
});
after(async () => {
  await app?.close();
  cleanup();
});

async function get(url: string) {
  const res = await app.inject({ method: 'GET', url });
  return { status: res.statusCode, body: res.json() as Any };
}

const close = (actual: number, expected: number, digits: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= 10 ** -digits * 1.01 * Math.max(1, Math.abs(expected) / 1e6), `${what}: ${actual} vs ${expected}`);

/** Groups the kept movies by a name key; the shown name is the spelling with most movies, then A→Z. */
function byName(names: (m: NaiveMovie) => string[]): Map<string, { name: string; movies: NaiveMovie[] }> {
  const groups = new Map<string, Map<string, Set<NaiveMovie>>>();
  for (const m of naive.movies.values()) {
    for (const name of new Set(names(m))) {
      const k = key(name);
      if (!k) continue;
      const spellings = groups.get(k) ?? new Map<string, Set<NaiveMovie>>();
      spellings.set(name, (spellings.get(name) ?? new Set()).add(m));
      groups.set(k, spellings);
    }
  }
  const out = new Map<string, { name: string; movies: NaiveMovie[] }>();
  for (const [k, spellings] of groups) {
    const name = [...spellings].sort((a, b) => b[1].size - a[1].size || (a[0] < b[0] ? -1 : 1))[0][0];
    out.set(k, { name, movies: [...new Set([...spellings.values()].flatMap((s) => [...s]))] });
  }
  return out;
}

test('the generated set has what the routes need', () => {
  assert.ok(naive.movies.size > ROWS * 0.95, `${naive.movies.size} movies kept`);
  const titles = byName((m) => [m.title]);
  assert.ok([...titles.values()].some((t) => t.movies.length > 1), 'some titles are shared');
  assert.ok([...naive.movies.values()].some((m) => (m.votes ?? 0) >= 2000), 'some movies have ≥ 2000 votes');
  assert.ok([...titles.keys()].some((t) => /[/?#%]/.test(t)), 'some titles need URL encoding');
});

test('peliculas_idioma: movies per original language, for every code', async () => {
  const counts = new Map<string, number>();
  for (const m of naive.movies.values()) counts.set(m.lang, (counts.get(m.lang) ?? 0) + 1);
  const spokenOnly = new Set([...naive.movies.values()].flatMap((m) => m.spoken).filter((l) => !counts.has(l)));
  assert.ok(counts.size >= 10);
  for (const [code, n] of [...counts, ...[...spokenOnly].map((c) => [c, 0] as const)]) {
    const res = await get(`/peliculas_idioma/${encodeURIComponent(code)}`);
    assert.equal(res.status, 200, code);
    assert.equal(res.body.idioma, code);
    assert.equal(res.body.cantidad, n, code);
  }
  // names: Spanish (accents optional), English, and the data's own spelling
  for (const name of ['inglés', 'INGLES', 'English', 'english']) assert.equal((await get(`/peliculas_idioma/${encodeURIComponent(name)}`)).body.cantidad, counts.get('en'), name);
  if (counts.has('fr')) for (const name of ['francés', 'Français', 'French']) assert.equal((await get(`/peliculas_idioma/${encodeURIComponent(name)}`)).body.cantidad, counts.get('fr'), name);
});

test('peliculas_duracion, score_titulo, votos_titulo for every title; shared titles answer the most popular', async () => {
  const titles = byName((m) => [m.title]);
  let shared = 0;
  for (const [k, { movies }] of titles) {
    const sorted = [...movies].sort((a, b) => (b.popularity ?? -1) - (a.popularity ?? -1) || (b.votes ?? -1) - (a.votes ?? -1) || a.id - b.id);
    const best = sorted[0];
    const year = Number(best.date.slice(0, 4));
    const path = encodeURIComponent(k);
    const dur = await get(`/peliculas_duracion/${path}`);
    const score = await get(`/score_titulo/${path}`);
    const votes = await get(`/votos_titulo/${path}`);
    assert.deepEqual([dur.body.pelicula, dur.body.duracion, dur.body.anio], [best.title, best.runtime, year], k);
    assert.deepEqual([score.body.titulo, score.body.anio, score.body.popularidad], [best.title, year, best.popularity], k);
    if ((best.votes ?? 0) >= 2000) assert.deepEqual([votes.body.votos, votes.body.promedio, votes.body.mensaje], [best.votes, best.average, undefined], k);
    else {
      assert.deepEqual([votes.body.votos, votes.body.promedio], [undefined, undefined], k);
      assert.match(votes.body.mensaje, /menos de 2000 valoraciones/);
    }
    for (const body of [dur.body, score.body, votes.body]) {
      if (movies.length === 1) assert.equal(body.nota, undefined, k);
      else {
        const others = sorted.slice(1).map((m) => Number(m.date.slice(0, 4))).sort((a, b) => a - b);
        assert.ok(body.nota.includes(`hay ${movies.length} películas`) && body.nota.includes(`más popular (${year})`) && body.nota.endsWith(others.join(', ')), `${k}: ${body.nota}`);
      }
    }
    if (movies.length > 1) shared++;
  }
  assert.ok(shared >= 3, `${shared} shared titles checked`);
});

test('franquicia: movies, total and mean revenue, for every collection (with or without "Collection")', async () => {
  const collections = byName((m) => (m.collection ? [m.collection] : []));
  assert.ok(collections.size >= 20);
  for (const [k, { name, movies }] of collections) {
    const total = movies.reduce((s, m) => s + m.revenue, 0);
    const expected = { franquicia: name, cantidad: movies.length, ganancia_total: total };
    for (const input of [k, k.replace(/ collection$/, '')]) {
      const res = await get(`/franquicia/${encodeURIComponent(input)}`);
      assert.deepEqual({ franquicia: res.body.franquicia, cantidad: res.body.cantidad, ganancia_total: res.body.ganancia_total }, expected, input);
      close(res.body.ganancia_promedio, total / movies.length, 2, input);
    }
  }
});

test('peliculas_pais: distinct movies per producing country, by code and by name', async () => {
  const byIso = new Map<string, { name: string; movies: Set<number> }>();
  for (const m of naive.movies.values()) {
    for (const c of m.countries) {
      const e = byIso.get(c.iso) ?? { name: c.name, movies: new Set() };
      e.movies.add(m.id);
      byIso.set(c.iso, e);
    }
  }
  for (const [iso, { name, movies }] of byIso) {
    for (const input of [iso, iso.toLowerCase(), name]) {
      const res = await get(`/peliculas_pais/${encodeURIComponent(input)}`);
      assert.deepEqual(res.body, { pais: name, iso_3166_1: iso, cantidad: movies.size }, input);
    }
  }
  if (byIso.has('US')) assert.equal((await get('/peliculas_pais/estados%20unidos')).body.iso_3166_1, 'US');
});

test('productoras_exitosas: revenue and movies for every company (spellings that differ by accents are one)', async () => {
  const companies = byName((m) => m.companies);
  assert.ok(companies.size >= 50);
  for (const [k, { name, movies }] of companies) {
    const res = await get(`/productoras_exitosas/${encodeURIComponent(k)}`);
    assert.deepEqual(res.body, { productora: name, revenue_total: movies.reduce((s, m) => s + m.revenue, 0), cantidad: movies.length }, k);
  }
});

test('get_director: total return and each movie, for every director', async () => {
  const directors = byName((m) => naive.directors.get(m.id) ?? []);
  assert.ok(directors.size >= 100);
  for (const [k, { name, movies }] of directors) {
    const res = await get(`/get_director/${encodeURIComponent(k)}`);
    assert.equal(res.status, 200, k);
    const sorted = [...movies].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.title < b.title ? -1 : a.title > b.title ? 1 : a.id - b.id));
    assert.equal(res.body.director, name);
    assert.equal(res.body.cantidad, movies.length);
    close(res.body.retorno_total, movies.reduce((s, m) => s + m.ret, 0), 4, k);
    assert.deepEqual(
      res.body.peliculas.map((p: Any) => [p.titulo, p.fecha_estreno, p.costo, p.ganancia]),
      sorted.map((m) => [m.title, m.date, m.budget, m.revenue]),
      k,
    );
    res.body.peliculas.forEach((p: Any, i: number) => close(p.retorno, sorted[i].ret, 4, `${k} ${p.titulo}`));
  }
});

test('get_actor: movies, total and mean return, for every actor (a double role counts once)', async () => {
  const actors = byName((m) => naive.actors.get(m.id) ?? []);
  assert.ok(actors.size >= 1000);
  for (const [k, { name, movies }] of actors) {
    const res = await get(`/get_actor/${encodeURIComponent(k)}`);
    const total = movies.reduce((s, m) => s + m.ret, 0);
    assert.equal(res.body.actor, name, k);
    assert.equal(res.body.cantidad, movies.length, k);
    close(res.body.retorno_total, total, 4, k);
    close(res.body.retorno_promedio, total / movies.length, 4, k);
  }
  // letters NFKD keeps (ø, ð, æ, ß, ł) may be typed in ASCII, unless that spelling is someone else's
  const ascii: Record<string, string> = { ø: 'o', ð: 'd', æ: 'ae', ß: 'ss', ł: 'l' };
  let folded = 0;
  for (const [k, { name }] of actors) {
    const plain = k.replace(/[øðæßł]/g, (ch) => ascii[ch]);
    if (plain === k || actors.has(plain)) continue;
    assert.equal((await get(`/get_actor/${encodeURIComponent(plain)}`)).body.actor, name, plain);
    folded++;
  }
  assert.ok(folded >= 5, `${folded} folded names checked`);
});

test('cantidad_filmaciones_mes / _dia: Spanish names, accents and case optional', async () => {
  const months = ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'];
  const days = ['domingo', 'lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado']; // Date#getUTCDay order
  const perMonth = new Array(12).fill(0);
  const perDay = new Array(7).fill(0);
  for (const m of naive.movies.values()) {
    const d = new Date(m.date + 'T00:00:00Z');
    perMonth[d.getUTCMonth()]++;
    perDay[d.getUTCDay()]++;
  }
  for (let i = 0; i < 12; i++) {
    for (const input of [months[i], months[i].toUpperCase(), ` ${months[i][0].toUpperCase()}${months[i].slice(1)} `]) {
      assert.deepEqual((await get(`/cantidad_filmaciones_mes/${encodeURIComponent(input)}`)).body, { mes: months[i], cantidad: perMonth[i] }, input);
    }
  }
  assert.equal((await get('/cantidad_filmaciones_mes/setiembre')).body.cantidad, perMonth[8]);
  for (let i = 0; i < 7; i++) {
    const plain = days[i].normalize('NFKD').replace(/\p{M}/gu, '');
    for (const input of [days[i], plain, plain.toUpperCase()]) {
      assert.deepEqual((await get(`/cantidad_filmaciones_dia/${encodeURIComponent(input)}`)).body, { dia: days[i], cantidad: perDay[i] }, input);
    }
  }
  assert.equal(perDay.reduce((a, b) => a + b), naive.movies.size);
});

test('unknown names: 404 with a message and up to 5 suggestions, the near miss among them', async () => {
  const title = [...naive.movies.values()].find((m) => m.title.length > 8)!.title;
  const director = [...byName((m) => naive.directors.get(m.id) ?? []).values()][0].name;
  const cases: [string, string, string][] = [
    ['/peliculas_duracion/', title.slice(0, -1) + 'q', title],
    ['/score_titulo/', title.slice(0, -1) + 'q', title],
    ['/votos_titulo/', title.slice(0, -1) + 'q', title],
    ['/get_director/', director.slice(0, -1) + 'q', director],
    ['/cantidad_filmaciones_mes/', 'febreo', 'febrero'],
    ['/cantidad_filmaciones_dia/', 'sabdo', 'sábado'],
    ['/peliculas_idioma/', 'inglis', 'inglés'],
  ];
  for (const [route, input, expected] of cases) {
    const res = await get(route + encodeURIComponent(input));
    assert.equal(res.status, 404, route + input);
    assert.deepEqual(Object.keys(res.body).sort(), ['accepted', 'error', 'message', 'statusCode', 'suggestions']);
    assert.equal(res.body.error, 'Not Found');
    assert.match(res.body.message, /^unknown .+; did you mean: /);
    assert.ok(res.body.suggestions.length >= 1 && res.body.suggestions.length <= 5);
    assert.ok(res.body.suggestions.includes(expected), `${route}${input}: ${JSON.stringify(res.body.suggestions)}`);
  }
  // nothing near: no empty "did you mean", but what is accepted and the route that lists the names
  for (const [route, kind] of [['/franquicia/', 'collection'], ['/peliculas_pais/', 'country'], ['/productoras_exitosas/', 'company'], ['/get_actor/', 'actor'], ['/get_director/', 'director'], ['/score_titulo/', 'title'], ['/peliculas_idioma/', 'language']]) {
    const res = await get(route + 'qxqxzjzj');
    assert.equal(res.status, 404, route);
    assert.deepEqual(res.body.suggestions, [], route);
    assert.doesNotMatch(res.body.message, /did you mean/, route);
    assert.match(res.body.message, /: no .+ is spelled like it\. Accepted: .+, e\.g\. '.+'/, route);
    assert.ok(res.body.accepted.includes(`GET /suggest/movies/${kind}?q=`), route);
    const example = (await get(`/suggest/movies/${kind}?q=`)).body.suggestions[0] as string;
    assert.equal((await get(route + encodeURIComponent(example))).status, 200, `${route}${example}`);
  }
  for (const route of ['/cantidad_filmaciones_mes/', '/cantidad_filmaciones_dia/']) {
    const res = await get(route + 'qxqxzjzj');
    assert.equal(res.status, 404, route);
    assert.doesNotMatch(res.body.message, /did you mean/, route);
    assert.match(res.body.accepted, /^a (month|weekday) in Spanish: /, route);
  }
  const long = await get('/get_actor/' + 'a'.repeat(300));
  assert.equal(long.status, 400);
  assert.match(long.body.message, /invalid request/);
});

test('the OpenAPI page declares every route with its params and answer schema', async () => {
  const spec = (await get('/docs/json')).body;
  const routes = ['peliculas_idioma/{idioma}', 'peliculas_duracion/{pelicula}', 'franquicia/{franquicia}', 'peliculas_pais/{pais}', 'productoras_exitosas/{productora}', 'get_director/{nombre}', 'cantidad_filmaciones_mes/{mes}', 'cantidad_filmaciones_dia/{dia}', 'score_titulo/{titulo}', 'votos_titulo/{titulo}', 'get_actor/{nombre}'];
  for (const r of routes) {
    const op = spec.paths[`/${r}`]?.get;
    assert.ok(op, r);
    assert.equal(op.parameters[0].in, 'path');
    assert.ok(op.responses['200'].content['application/json'].schema.properties, r);
    assert.ok(op.responses['404'], r);
    assert.ok(op.description.includes('{"'), `${r} shows its answer shape`);
  }
});

test('fuzz: 1,650 random and hostile path values never give a 5xx', async () => {
  let seed = 4242;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const hostile = ["'", '"', "'; DROP TABLE movies; --", '%00', '%', '%zz', '%E0%A4%A', '..%2F..%2Fetc%2Fpasswd', '\u0000', '😀', 'ñ', 'Ⅻ', '\uFEFF', ' ', '%20', 'a'.repeat(5000), '1e3', '-1', 'NaN', 'null', 'undefined', '__proto__', 'constructor', 'toString', '{}', '[]', '<script>', '\\', '/', '..', 'hasOwnProperty', '\u0301', 'ß', 'İ'];
  const alphabet = Array.from("aZ0 '\"%;-_\\/.?#&=+é中😀\u0001\u200b\u0301");
  const routes = ['/peliculas_idioma/', '/peliculas_duracion/', '/franquicia/', '/peliculas_pais/', '/productoras_exitosas/', '/get_director/', '/cantidad_filmaciones_mes/', '/cantidad_filmaciones_dia/', '/score_titulo/', '/votos_titulo/', '/get_actor/'];
  let n = 0;
  for (let i = 0; i < 1650; i++) {
    const value = i < hostile.length * routes.length ? hostile[Math.floor(i / routes.length)] : Array.from({ length: 1 + Math.floor(rnd() * 40) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
    const route = routes[i % routes.length];
    // half raw (as a hostile client would send it), half properly encoded
    const url = route + (i % 2 ? encodeURIComponent(value) : value.replace(/[#?]/g, encodeURIComponent));
    const res = await app.inject({ method: 'GET', url });
    assert.ok(res.statusCode < 500, `${url} → ${res.statusCode} ${res.body.slice(0, 200)}`);
    assert.ok(res.statusCode === 200 || typeof res.json().message === 'string', url);
    n++;
  }
  assert.equal(n, 1650);
});
