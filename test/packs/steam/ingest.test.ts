import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, symlinkSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { ingestPack } from '../../../src/core/ingest/run.js';
import { buildApp } from '../../../src/core/server/app.js';
import { pyReprString } from '../../../src/core/ingest/literal.js';
import { steamPack } from '../../../src/packs/steam/index.js';
import { reviewSentiment } from '../../../src/packs/steam/sentiment.js';
import { SHARED_DATA, hasShared, query, silent, tempDir } from '../../helpers.js';
import { GAME_LINES, ITEM_LINES, writeFixture } from './fixtures.js';

test('hand-checked fixture: rows, rejects, duplicates and cleaning', async () => {
  const { dir, cleanup } = tempDir();
  try {
    writeFixture(dir, true);
    const db = join(dir, 'w.duckdb');
    const report = await ingestPack(steamPack, { from: dir, db, log: silent });
    const by = Object.fromEntries(report.sources.map((s) => [s.source, s]));
    // games: 5 lines = 1 empty + 2 kept + 1 duplicate id + 1 without id
    assert.deepEqual(
      [by.steam_games.lines, by.steam_games.records, by.steam_games.rows, by.steam_games.rejected, by.steam_games.duplicates, by.steam_games.empty],
      [5, 5, 2, 1, 1, 1],
    );
    // reviews: u1 2 kept; u2 1 kept + 1 rejected (no item_id) + 1 duplicate; broken line 1 rejected; u1 again 2 duplicates
    assert.deepEqual([by.australian_user_reviews.rows, by.australian_user_reviews.rejected, by.australian_user_reviews.duplicates], [3, 2, 3]);
    assert.equal(by.australian_user_reviews.lines, 5);
    assert.equal(by.australian_user_reviews.notes['posted without year'], 1);
    // items: u1 2 kept + 1 duplicate in its library; u5 1 kept + 1 rejected; u4 twice (0 items); u6 broken
    assert.deepEqual([by.australian_users_items.rows, by.australian_users_items.rejected, by.australian_users_items.duplicates], [3, 2, 1]);

    const games = await query(db, 'SELECT item_id, app_name, title, developer, price, is_free, release_date::VARCHAR AS d, release_year, early_access, genres, tags FROM games ORDER BY item_id');
    assert.deepEqual(games, [
      { item_id: '10', app_name: 'Counter-Strike', title: 'Counter-Strike', developer: 'Valve', price: 9.99, is_free: false, d: '2000-11-01', release_year: 2000, early_access: false, genres: ['Action'], tags: ['Action', 'FPS'] },
      { item_id: '30', app_name: 'Café', title: null, developer: 'Ubisoft Montréal', price: 0, is_free: true, d: null, release_year: 2018, early_access: true, genres: ['Action', 'Adventure'], tags: null },
    ]);
    const reviews = await query(db, 'SELECT user_id, item_id, recommend, posted_date::VARCHAR AS d, posted_year, review, helpful_yes, helpful_total, funny_count, sentiment FROM reviews ORDER BY user_id, item_id');
    // sentiment: the ingest lexicon's label of the text (a review without text is always 1)
    assert.deepEqual(reviews, [
      { user_id: 'u1', item_id: '10', recommend: true, d: '2011-11-05', posted_year: 2011, review: "It's great ♥ café", helpful_yes: 1, helpful_total: 3, funny_count: 0, sentiment: reviewSentiment("It's great ♥ café") },
      { user_id: 'u1', item_id: '20', recommend: false, d: null, posted_year: null, review: '', helpful_yes: null, helpful_total: null, funny_count: 2, sentiment: 1 },
      { user_id: 'u2', item_id: '10', recommend: true, d: '2015-07-31', posted_year: 2015, review: 'say "hi"', helpful_yes: null, helpful_total: null, funny_count: 0, sentiment: reviewSentiment('say "hi"') },
    ]);
    const items = await query(db, 'SELECT user_id, item_id, playtime_forever, playtime_2weeks FROM user_items ORDER BY user_id, item_id');
    assert.deepEqual(items, [
      { user_id: 'u1', item_id: '10', playtime_forever: 6, playtime_2weeks: 0 },
      { user_id: 'u1', item_id: '20', playtime_forever: 0, playtime_2weeks: 0 },
      { user_id: 'u5', item_id: '30', playtime_forever: 1200, playtime_2weeks: 60 },
    ]);
    // users: u1 (library row wins over the review row), u2 (reviewer only), u4, u5
    const users = await query(db, 'SELECT user_id, steam_id, items_count FROM users ORDER BY user_id');
    assert.deepEqual(users, [
      { user_id: 'u1', steam_id: '76561197970982479', items_count: 3 },
      { user_id: 'u2', steam_id: null, items_count: null },
      { user_id: 'u4', steam_id: '76561197970982480', items_count: 0 },
      { user_id: 'u5', steam_id: '76561197970982481', items_count: 2 },
    ]);
    assert.deepEqual(await query(db, 'SELECT item_id, item_name FROM item_names ORDER BY item_id'), [
      { item_id: '10', item_name: 'Counter-Strike' },
      { item_id: '20', item_name: 'Team Fortress Classic' },
      { item_id: '30', item_name: 'Café Game' },
    ]);
    const rejects = await query(db, 'SELECT source, line, kind FROM rejects ORDER BY source, line, kind');
    assert.deepEqual(rejects, [
      { source: 'australian_user_reviews', line: 2, kind: 'duplicate' },
      { source: 'australian_user_reviews', line: 2, kind: 'invalid' },
      { source: 'australian_user_reviews', line: 4, kind: 'invalid' },
      { source: 'australian_user_reviews', line: 5, kind: 'duplicate' },
      { source: 'australian_user_reviews', line: 5, kind: 'duplicate' },
      { source: 'australian_users_items', line: 1, kind: 'duplicate' },
      { source: 'australian_users_items', line: 3, kind: 'invalid' },
      { source: 'australian_users_items', line: 4, kind: 'duplicate' },
      { source: 'australian_users_items', line: 5, kind: 'invalid' },
      { source: 'steam_games', line: 1, kind: 'empty' },
      { source: 'steam_games', line: 4, kind: 'duplicate' },
      { source: 'steam_games', line: 5, kind: 'invalid' },
    ]);
    // the report's own identity: every record kept, rejected, duplicate or empty
    for (const s of report.sources) assert.equal(s.records, s.rows + s.rejected + s.duplicates + s.empty, s.source);
  } finally {
    cleanup();
  }
});

/** Independent count over the real games file: JSON.parse after turning bare NaN into null. */
async function scanRealGames(path: string) {
  const lines = createInterface({ input: createReadStream(path).pipe(createGunzip()), crlfDelay: Infinity });
  let n = 0;
  let empty = 0;
  let noId = 0;
  let priceText = 0;
  let dateMissing = 0;
  const ids = new Map<string, number>();
  for await (const line of lines) {
    if (!line) continue;
    n++;
    const g = JSON.parse(line.replace(/: NaN/g, ': null')) as Record<string, unknown>;
    if (Object.values(g).every((v) => v === null)) {
      empty++;
      continue;
    }
    if (g.id === null) noId++;
    else ids.set(g.id as string, (ids.get(g.id as string) ?? 0) + 1);
    if (typeof g.price === 'string') priceText++;
    if (g.release_date === null) dateMissing++;
  }
  const duplicates = [...ids.values()].reduce((a, c) => a + c - 1, 0);
  return { n, empty, noId, duplicates, distinct: ids.size, priceText, dateMissing };
}

test('the real steam_games.json.gz: every line accounted for, documented counts', { skip: !hasShared('steam/steam_games.json.gz') && 'no ../shared/data' }, async () => {
  const { dir, cleanup } = tempDir();
  try {
    const real = join(SHARED_DATA, 'steam/steam_games.json.gz');
    symlinkSync(real, join(dir, 'steam_games.json.gz'));
    writeFixture(dir, false);
    const db = join(dir, 'w.duckdb');
    const report = await ingestPack(steamPack, { from: dir, db, log: silent });
    const games = report.sources.find((s) => s.source === 'steam_games')!;
    const naive = await scanRealGames(real);
    // the documented counts (issue / PROVENANCE) and the naive scan agree with each other...
    assert.deepEqual([naive.n, naive.empty, naive.n - naive.empty, naive.noId, naive.dateMissing], [120445, 88310, 32135, 2, 2067]);
    // ...and with the ingest
    assert.equal(games.lines, naive.n);
    assert.equal(games.empty, naive.empty);
    assert.equal(games.rejected, naive.noId);
    assert.equal(games.duplicates, naive.duplicates);
    assert.equal(games.rows, naive.distinct);
    assert.equal(games.notes['price given as text'], naive.priceText);
    assert.equal(games.notes['release_date missing'], naive.dateMissing);
    assert.equal(games.notes['release_date not ISO'], 285);
    const [counts] = await query(db, `SELECT count(*) AS n, count(DISTINCT item_id) AS ids, count(*) FILTER (WHERE is_free) AS free,
      count(*) FILTER (WHERE release_year IS NOT NULL) AS with_year FROM games`);
    assert.equal(counts.n, naive.distinct);
    assert.equal(counts.ids, naive.distinct);
    const [rej] = await query(db, "SELECT count(*) AS n FROM rejects WHERE source = 'steam_games'");
    assert.equal(counts.n + rej.n, naive.n); // rows + rejects = input records
    const [ubi] = await query(db, "SELECT count(*) AS n FROM games WHERE developer = 'Ubisoft Montréal'");
    assert.ok(ubi.n > 0);
    await assertNamesDecoded(db, await scanRealNames(real), [['genres', 512], ['title', 552], ['developer', 127], ['publisher', 89], ['app_name', 2]]);
  } finally {
    cleanup();
  }
});

const NAME_FIELDS = ['app_name', 'title', 'developer', 'publisher', 'genres'] as const;
type NameField = (typeof NAME_FIELDS)[number];
/** The only references in the real file (scanRealNames fails on any other): their characters. */
const REFERENCES: Record<string, string> = { '&amp;': '&', '&gt;': '>', '&#146;': '\u2019' };
const REFERENCE = /&(?:#\d+|#x[\da-f]+|[a-z][a-z\d]*);/gi;

/** Decodes a raw name with the table above until it stops changing (the file escapes some twice). */
function decodeByTable(s: string): string {
  for (let prev = ''; prev !== s; ) {
    prev = s;
    s = s.replace(REFERENCE, (ref) => {
      assert.ok(Object.hasOwn(REFERENCES, ref), `a reference the test does not know: ${ref}`);
      return REFERENCES[ref];
    });
  }
  return s;
}

/** Per game id (first record), the raw name fields that hold an HTML reference. */
async function scanRealNames(path: string): Promise<Map<string, Partial<Record<NameField, string | string[]>>>> {
  const out = new Map<string, Partial<Record<NameField, string | string[]>>>();
  const lines = createInterface({ input: createReadStream(path).pipe(createGunzip()), crlfDelay: Infinity });
  const seen = new Set<string>();
  for await (const line of lines) {
    if (!line) continue;
    const g = JSON.parse(line.replace(/: NaN/g, ': null')) as Record<string, unknown>;
    if (typeof g.id !== 'string' || seen.has(g.id)) continue;
    seen.add(g.id);
    const fields: Partial<Record<NameField, string | string[]>> = {};
    for (const f of NAME_FIELDS) {
      const v = g[f];
      if ((typeof v === 'string' && REFERENCE.test(v)) || (Array.isArray(v) && v.some((x) => REFERENCE.test(x)))) fields[f] = v as string | string[];
      REFERENCE.lastIndex = 0;
    }
    if (Object.keys(fields).length) out.set(g.id, fields);
  }
  return out;
}

/**
 * Every raw name with a reference is kept as written in its `_raw` column and decoded in the clean
 * one; `counts` are how many games each field has such a name in (documented in the README).
 */
async function assertNamesDecoded(db: string, raw: Map<string, Partial<Record<NameField, string | string[]>>>, counts: [NameField, number][]) {
  for (const [f, n] of counts) assert.equal([...raw.values()].filter((r) => r[f] !== undefined).length, n, f);
  const rows = await query(db, `SELECT item_id, ${NAME_FIELDS.map((f) => `${f}, ${f}_raw`).join(', ')} FROM games`);
  const byId = new Map(rows.map((r) => [r.item_id as string, r]));
  for (const [id, fields] of raw) {
    const row = byId.get(id)!;
    for (const [f, v] of Object.entries(fields) as [NameField, string | string[]][]) {
      assert.deepEqual(row[`${f}_raw`], v, `${id} ${f}_raw`);
      assert.deepEqual(row[f], Array.isArray(v) ? v.map(decodeByTable) : decodeByTable(v), `${id} ${f}`);
    }
  }
  // and no clean name anywhere still holds one
  const [left] = await query(db, `SELECT count(*) AS n FROM games WHERE ${NAME_FIELDS.map((f) => `regexp_matches(${f === 'genres' ? "array_to_string(genres, '|')" : f}, '&(#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);')`).join(' OR ')}`);
  assert.equal(left.n, 0);
}

test('generated data: names written with HTML references are decoded, raw kept, and answer by either spelling', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const raw = join(dir, 'raw');
    await steamPack.synth.generate(raw, { scale: '0.02', seed: '7' }, silent);
    const db = join(dir, 'steam.duckdb');
    await ingestPack(steamPack, { from: raw, db, log: silent });
    const names = await scanRealNames(join(raw, 'steam_games.json.gz'));
    // the generator writes the real data's quirks: '&amp;' in genres, titles, developers and publishers
    for (const f of ['genres', 'title', 'developer', 'publisher'] as const) assert.ok([...names.values()].some((r) => r[f] !== undefined), f);
    await assertNamesDecoded(db, names, []);
    const app = await buildApp({ packs: [{ pack: steamPack, db }] });
    try {
      const decoded = await app.inject({ url: '/PlayTimeGenre/Animation%20%26%20Modeling' });
      assert.equal(decoded.statusCode, 200, decoded.body);
      assert.match(decoded.body, /Género Animation & Modeling"/);
      // the raw spelling finds the same genre
      const rawSpelling = await app.inject({ url: `/PlayTimeGenre/${encodeURIComponent('Animation &amp; Modeling')}` });
      assert.equal(rawSpelling.body, decoded.body);
      const suggested = (await app.inject({ url: '/suggest/steam/genre?q=anim' })).json() as { suggestions: string[] };
      assert.deepEqual(suggested.suggestions, ['Animation & Modeling']);
    } finally {
      await app.close();
    }
  } finally {
    cleanup();
  }
});

test('the real catalogue with generated libraries: /PlayTimeGenre/Animation%20%26%20Modeling answers', { skip: !hasShared('steam/steam_games.json.gz') && 'no ../shared/data' }, async () => {
  const { dir, cleanup } = tempDir();
  try {
    const raw = join(dir, 'raw');
    await steamPack.synth.generate(raw, { scale: '0.01', seed: '42', games: join(SHARED_DATA, 'steam/steam_games.json.gz') }, silent);
    const db = join(dir, 'steam.duckdb');
    await ingestPack(steamPack, { from: raw, db, log: silent });
    const app = await buildApp({ packs: [{ pack: steamPack, db }] });
    try {
      for (const genre of ['Animation & Modeling', 'Design & Illustration']) {
        const res = await app.inject({ url: `/PlayTimeGenre/${encodeURIComponent(genre)}` });
        assert.equal(res.statusCode, 200, res.body);
        assert.ok(Object.keys(res.json() as object)[0].endsWith(`Género ${genre}`), res.body);
      }
    } finally {
      await app.close();
    }
  } finally {
    cleanup();
  }
});

test('the 314-user real review sample: every review read, fields as in the raw text', { skip: !hasShared('steam/user_reviews_sample_314_users.json') && 'no ../shared/data' }, async () => {
  const { dir, cleanup } = tempDir();
  try {
    const sample = JSON.parse(readFileSync(join(SHARED_DATA, 'steam/user_reviews_sample_314_users.json'), 'utf8')) as { user_id: string; user_url: string; reviews: string }[];
    assert.equal(sample.length, 314);
    // rebuild raw lines: the `reviews` strings are the untouched raw Python literals
    const lines = sample.map((u) => `{'user_id': ${pyReprString(u.user_id)}, 'user_url': ${pyReprString(u.user_url)}, 'reviews': ${u.reviews}}`);
    writeFileSync(join(dir, 'australian_user_reviews.json'), lines.join('\n') + '\n');
    writeFileSync(join(dir, 'steam_games.json'), GAME_LINES.join('\n') + '\n');
    writeFileSync(join(dir, 'australian_users_items.json'), ITEM_LINES.join('\n') + '\n');
    const db = join(dir, 'w.duckdb');
    const report = await ingestPack(steamPack, { from: dir, db, log: silent });
    const r = report.sources.find((s) => s.source === 'australian_user_reviews')!;
    // independent counts by regex over the raw text: reviews, first (user, item) occurrences, and
    // among those the ones posted without a year
    const itemIds = sample.reduce((n, u) => n + (u.reviews.match(/'item_id': '/g) ?? []).length, 0);
    const firstSeen = new Map<string, string>();
    for (const u of sample) {
      for (const m of u.reviews.matchAll(/'posted': '([^']*)', 'last_edited': (?:'[^']*'|"[^"]*"), 'item_id': '([^']*)'/g)) {
        const key = `${u.user_id}|${m[2]}`;
        if (!firstSeen.has(key)) firstSeen.set(key, m[1]);
      }
    }
    const noYear = [...firstSeen.values()].filter((p) => /^Posted [A-Za-z]+ \d{1,2}\.$/.test(p)).length;
    assert.equal(itemIds, 875);
    assert.equal(r.records, itemIds);
    assert.equal(r.rows, firstSeen.size);
    assert.equal(r.duplicates, itemIds - firstSeen.size);
    assert.equal(r.rejected, 0);
    assert.equal(r.notes['posted without year'], noYear);
    const [c] = await query(db, 'SELECT count(*) AS n, count(DISTINCT user_id) AS users, count(*) FILTER (WHERE posted_year IS NULL) AS no_year FROM reviews');
    assert.equal(c.n, firstSeen.size);
    assert.equal(c.users, new Set(sample.filter((u) => u.reviews !== '[]').map((u) => u.user_id)).size);
    assert.equal(c.no_year, noYear);
    // one review checked by hand against the raw text (double-quoted because it holds a quote)
    const [one] = await query(db, "SELECT review, recommend, posted_date::VARCHAR AS d FROM reviews WHERE user_id = 'ImSeriouss' AND item_id = '211820'");
    assert.deepEqual(one, { review: "If you want to play this game.. expect glithes! It's in development! BUT it is an awesome game!!! ~", recommend: true, d: '2014-01-13' });
  } finally {
    cleanup();
  }
});
