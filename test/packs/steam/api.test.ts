/**
 * The Steam API against an independent naive computation: a plain scan over the raw records
 * (parsed line by line, the rules applied in a few lines of plain JS here), not the production SQL.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { parseLiteral } from '../../../src/core/ingest/literal.js';
import { ingestPack } from '../../../src/core/ingest/run.js';
import { buildApp } from '../../../src/core/server/app.js';
import { steamPack } from '../../../src/packs/steam/index.js';
import { reviewSentiment } from '../../../src/packs/steam/sentiment.js';
import { silent, tempDir } from '../../helpers.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function rawLines(path: string): string[] {
  return gunzipSync(readFileSync(path)).toString('utf8').split('\n').filter((l) => l.trim() !== '');
}
function tryParse(line: string): Any | null {
  try {
    const v = parseLiteral(line);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Any) : null;
  } catch {
    return null;
  }
}
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const key = (s: string) => s.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().trim();

interface Naive {
  /** the first name a library gave an id (names reviewed games missing from the catalogue) */
  libraryNames: Map<string, string>;
  games: Map<string, { name: string; developer: string | null; year: number | null; genres: string[] }>;
  items: { user: string; item: string; minutes: number }[];
  reviews: { user: string; item: string; recommend: boolean; year: number | null; sentiment: number }[];
}

/** The generator writes one HTML reference, '&amp;' (naiveScan checks that it writes no other). */
const unescape = (s: string) => s.replaceAll('&amp;', '&');

function naiveScan(dir: string): Naive {
  const games: Naive['games'] = new Map();
  for (const line of rawLines(join(dir, 'steam_games.json.gz'))) {
    assert.doesNotMatch(line.replaceAll('&amp;', ''), /&(#\d+|#x[\da-f]+|[a-z]+);/i);
    const g = tryParse(line);
    if (!g || typeof g.id !== 'string' || games.has(g.id)) continue;
    const rd = typeof g.release_date === 'string' ? g.release_date : '';
    const y = /(?:^|\D)((?:19|20)\d\d)(?:\D|$)/.exec(rd);
    games.set(g.id, {
      name: unescape(typeof g.app_name === 'string' ? g.app_name : typeof g.title === 'string' ? g.title : g.id),
      developer: typeof g.developer === 'string' ? unescape(g.developer) : null,
      year: y ? Number(y[1]) : null,
      genres: Array.isArray(g.genres) ? [...new Set((g.genres as string[]).map(unescape))] : [],
    });
  }
  const items: Naive['items'] = [];
  const libraryNames = new Map<string, string>();
  const users = new Set<string>();
  for (const line of rawLines(join(dir, 'australian_users_items.json.gz'))) {
    const u = tryParse(line);
    if (!u || typeof u.user_id !== 'string' || users.has(u.user_id) || !Array.isArray(u.items)) continue;
    users.add(u.user_id);
    const seen = new Set<string>();
    for (const it of u.items as Any[]) {
      if (typeof it.item_id !== 'string' || seen.has(it.item_id) || !Number.isInteger(it.playtime_forever) || !Number.isInteger(it.playtime_2weeks)) continue;
      seen.add(it.item_id);
      if (!libraryNames.has(it.item_id) && typeof it.item_name === 'string') libraryNames.set(it.item_id, it.item_name);
      items.push({ user: u.user_id, item: it.item_id, minutes: it.playtime_forever });
    }
  }
  const reviews: Naive['reviews'] = [];
  const seenReview = new Set<string>();
  for (const line of rawLines(join(dir, 'australian_user_reviews.json.gz'))) {
    const u = tryParse(line);
    if (!u || typeof u.user_id !== 'string' || !Array.isArray(u.reviews)) continue;
    for (const r of u.reviews as Any[]) {
      if (typeof r.item_id !== 'string' || seenReview.has(u.user_id + '|' + r.item_id)) continue;
      seenReview.add(u.user_id + '|' + r.item_id);
      const y = /, (\d{4})\.?$/.exec(r.posted ?? '');
      const text = typeof r.review === 'string' ? r.review : '';
      // the lexicon's label of the text (the labeller itself is tested in sentiment.test.ts)
      const sentiment = reviewSentiment(text);
      reviews.push({ user: u.user_id, item: r.item_id, recommend: r.recommend === true, year: y ? Number(y[1]) : null, sentiment });
    }
  }
  return { games, items, reviews, libraryNames };
}

let app: FastifyInstance;
let naive: Naive;
const { dir, cleanup } = tempDir();

before(async () => {
  const raw = join(dir, 'raw');
  await steamPack.synth.generate(raw, { scale: '0.02', seed: '7' }, silent);
  const db = join(dir, 'steam.duckdb');
  await ingestPack(steamPack, { from: raw, db, log: silent });
  app = await buildApp({ packs: [{ pack: steamPack, db }] });
  naive = naiveScan(raw);
});
after(async () => {
  await app?.close();
  cleanup();
});

async function get(url: string) {
  const res = await app.inject({ method: 'GET', url });
  return { status: res.statusCode, body: res.json() as Any, raw: res.body };
}

function genreMinutes(genre: string) {
  const byYear = new Map<number, number>();
  const byUser = new Map<string, number>();
  for (const it of naive.items) {
    const g = naive.games.get(it.item);
    if (!g || !g.genres.includes(genre)) continue;
    byUser.set(it.user, (byUser.get(it.user) ?? 0) + it.minutes);
    if (g.year !== null) byYear.set(g.year, (byYear.get(g.year) ?? 0) + it.minutes);
  }
  return { byYear, byUser };
}

function allGenres(): string[] {
  return [...new Set([...naive.games.values()].flatMap((g) => g.genres))].sort();
}

test('PlayTimeGenre: the release year with most minutes, for every genre', async () => {
  const genres = allGenres();
  assert.ok(genres.length >= 5);
  for (const genre of genres) {
    const { byYear } = genreMinutes(genre);
    const res = await get(`/PlayTimeGenre/${encodeURIComponent(genre)}`);
    if (byYear.size === 0) {
      assert.equal(res.status, 404, genre);
      continue;
    }
    const best = [...byYear].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0][0];
    assert.equal(res.status, 200, genre);
    assert.equal(res.raw, JSON.stringify({ [`Año de lanzamiento con más horas jugadas para Género ${genre}`]: best }));
  }
});

test('UserForGenre: top user and their hours per year, for every genre', async () => {
  for (const genre of allGenres()) {
    const { byUser } = genreMinutes(genre);
    const res = await get(`/UserForGenre/${encodeURIComponent(genre)}`);
    if (byUser.size === 0) {
      assert.equal(res.status, 404);
      continue;
    }
    const top = [...byUser].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
    const perYear = new Map<number, number>();
    for (const it of naive.items) {
      const g = naive.games.get(it.item);
      if (it.user === top && g && g.genres.includes(genre) && g.year !== null) perYear.set(g.year, (perYear.get(g.year) ?? 0) + it.minutes);
    }
    const hours = [...perYear].filter(([, m]) => m > 0).sort((a, b) => a[0] - b[0]).map(([y, m]) => ({ Año: y, Horas: Math.round(m / 60) }));
    assert.equal(res.raw, JSON.stringify({ [`Usuario con más horas jugadas para Género ${genre}`]: top, 'Horas jugadas': hours }), genre);
  }
});

function top3(year: number, keep: (r: Naive['reviews'][number]) => boolean, group: (r: Naive['reviews'][number]) => string | null, label: (k: string) => string) {
  const counts = new Map<string, number>();
  for (const r of naive.reviews) {
    if (r.year !== year || !keep(r)) continue;
    const k = group(r);
    if (k !== null) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts]
    .map(([k, n]) => ({ name: label(k), n, k }))
    .sort((a, b) => b.n - a.n || (a.name < b.name ? -1 : a.name > b.name ? 1 : a.k < b.k ? -1 : 1))
    .slice(0, 3)
    .map((x, i) => ({ [`Puesto ${i + 1}`]: x.name }));
}

test('UsersRecommend / UsersNotRecommend / UsersWorstDeveloper for every year', async () => {
  const years = [...new Set(naive.reviews.map((r) => r.year).filter((y): y is number => y !== null))].sort();
  assert.ok(years.length >= 3);
  const itemName = (id: string) => naive.games.get(id)?.name ?? naive.libraryNames.get(id) ?? null;
  let checked = 0;
  for (const year of years) {
    const cases: [string, Any[]][] = [
      ['UsersRecommend', top3(year, (r) => r.recommend && r.sentiment >= 1, (r) => r.item, (k) => itemName(k) ?? k)],
      ['UsersNotRecommend', top3(year, (r) => !r.recommend && r.sentiment === 0, (r) => r.item, (k) => itemName(k) ?? k)],
      ['UsersWorstDeveloper', top3(year, (r) => !r.recommend && r.sentiment === 0, (r) => naive.games.get(r.item)?.developer ?? null, (k) => k)],
    ];
    for (const [route, expected] of cases) {
      const res = await get(`/${route}/${year}`);
      if (expected.length === 0) assert.equal(res.status, 404, `${route} ${year}`);
      else {
        assert.equal(res.raw, JSON.stringify(expected), `${route} ${year}`);
        checked++;
      }
    }
  }
  assert.ok(checked >= 6);
});

test('sentiment_analysis per developer (every developer) and per release year', async () => {
  const byDev = new Map<string, number[]>();
  const byYear = new Map<number, number[]>();
  for (const r of naive.reviews) {
    const g = naive.games.get(r.item);
    if (!g) continue;
    if (g.developer !== null) {
      const k = key(g.developer);
      byDev.set(k, byDev.get(k) ?? [0, 0, 0]);
      byDev.get(k)![r.sentiment]++;
    }
    if (g.year !== null) {
      byYear.set(g.year, byYear.get(g.year) ?? [0, 0, 0]);
      byYear.get(g.year)![r.sentiment]++;
    }
  }
  assert.ok(byDev.size > 10);
  for (const [dev, [neg, neu, pos]] of byDev) {
    const res = await get(`/sentiment_analysis/${encodeURIComponent(dev)}`);
    assert.equal(res.status, 200, dev);
    const [[label, counts]] = Object.entries(res.body);
    assert.equal(key(label), dev);
    assert.deepEqual(counts, { Negative: neg, Neutral: neu, Positive: pos }, dev);
  }
  for (const [year, [neg, neu, pos]] of byYear) {
    const res = await get(`/sentiment_analysis/year/${year}`);
    assert.equal(res.raw, JSON.stringify({ Negative: neg, Neutral: neu, Positive: pos }), String(year));
  }
});

test('names are case-, accent- and space-insensitive', async () => {
  const genre = allGenres()[0];
  const a = await get(`/PlayTimeGenre/${encodeURIComponent(genre)}`);
  const b = await get(`/PlayTimeGenre/${encodeURIComponent('  ' + genre.toUpperCase() + ' ')}`);
  assert.equal(b.raw, a.raw);
  const dev = [...naive.games.values()].find((g) => g.developer && /[À-ÿ]/.test(g.developer) && naive.reviews.some((r) => naive.games.get(r.item)?.developer === g.developer))?.developer;
  if (dev) {
    const plain = dev.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
    const res = await get(`/sentiment_analysis/${encodeURIComponent(plain)}`);
    assert.equal(res.status, 200, plain);
  }
});

test('unknown names: 404 with up to 5 suggestions; bad years: 400 or 404 naming the range', async () => {
  const genre = allGenres()[0];
  const res = await get(`/PlayTimeGenre/${encodeURIComponent(genre.slice(0, -1) + 'x')}`);
  assert.equal(res.status, 404);
  assert.ok(res.body.suggestions.length >= 1 && res.body.suggestions.length <= 5);
  assert.ok(res.body.suggestions.includes(genre), JSON.stringify(res.body));
  assert.match(res.body.message, /did you mean/);

  const bad = await get('/UsersRecommend/abc');
  assert.equal(bad.status, 400);
  assert.match(bad.body.message, /from \d{4} to \d{4}/);
  const far = await get('/UsersRecommend/1850');
  assert.equal(far.status, 404);
  assert.match(far.body.message, /from \d{4} to \d{4}/);
  const far2 = await get('/sentiment_analysis/year/3000');
  assert.equal(far2.status, 404);
  assert.match(far2.body.message, /from \d{4} to \d{4}/);
  const health = await get('/health');
  assert.equal(health.status, 200);
  assert.equal(health.body.packs.steam.tables.games, naive.games.size);
});

test('an unknown name with no near spelling: no empty "did you mean", what is accepted and where the names are listed', async () => {
  for (const [url, listed] of [
    ['/PlayTimeGenre/qxqxzjzj', '/suggest/steam/genre'],
    ['/UserForGenre/qxqxzjzj', '/suggest/steam/genre'],
    ['/sentiment_analysis/qxqxzjzj', '/suggest/steam/developer'],
  ]) {
    const res = await get(url);
    assert.equal(res.status, 404, url);
    assert.deepEqual(res.body.suggestions, [], url);
    assert.doesNotMatch(res.body.message, /did you mean/i, url);
    assert.match(res.body.message, /^unknown .+'qxqxzjzj': no .+ is spelled like it\. Accepted: .+, e\.g\. '.+'/, url);
    assert.ok(res.body.message.includes(`GET ${listed}?q=`), res.body.message);
    assert.ok(res.body.accepted.includes(listed), url);
    // the route named there lists names that the route answers for
    const list = await get(`${listed}?q=`);
    assert.equal(list.status, 200);
    assert.ok(list.body.suggestions.length > 0);
    const example = /e\.g\. '([^']+)'/.exec(res.body.message)![1];
    const known = await get(url.replace('qxqxzjzj', encodeURIComponent(example)));
    assert.notEqual(known.status, 400, example);
    assert.doesNotMatch(known.raw, /unknown/, example);
  }
});

test('fuzz: 1,500 random and hostile path values never give a 5xx', async () => {
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const hostile = ["'", '"', "'; DROP TABLE games; --", '%00', '%', '%zz', '%E0%A4%A', '..%2F..%2Fetc%2Fpasswd', '\u0000', '😀', 'ñ', 'Ⅻ', '\uFEFF', ' ', '%20', 'a'.repeat(5000), '1e3', '-1', '2015.0', '0x7DF', '99999999999999999999', 'NaN', 'null', '{}', '[]', '<script>', '\\', '/'];
  const alphabet = Array.from("aZ0 '\"%;-_\\/.?#&=+é中😀\u0001\u200b");
  const routes = ['/PlayTimeGenre/', '/UserForGenre/', '/UsersRecommend/', '/UsersNotRecommend/', '/UsersWorstDeveloper/', '/sentiment_analysis/', '/sentiment_analysis/year/'];
  let n = 0;
  for (let i = 0; i < 1500; i++) {
    let value: string;
    if (i < hostile.length * routes.length) value = hostile[i % hostile.length];
    else value = Array.from({ length: 1 + Math.floor(rnd() * 40) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
    const route = routes[i % routes.length];
    // half raw (as a hostile client would send it), half properly encoded
    const url = route + (i % 2 ? encodeURIComponent(value) : value.replace(/[#?]/g, encodeURIComponent));
    const res = await app.inject({ method: 'GET', url });
    assert.ok(res.statusCode < 500, `${url} → ${res.statusCode} ${res.body.slice(0, 200)}`);
    assert.ok(res.statusCode === 200 || typeof res.json().message === 'string', url);
    n++;
  }
  assert.equal(n, 1500);
});
