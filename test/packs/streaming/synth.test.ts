/**
 * `recops gen streaming`: deterministic, the real formats and quirks, N well-formed ratings with
 * a few malformed rows, and structure a recommender can learn. Checked by reading the written
 * files independently (naive.ts), never through the ingest code.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { generateStreaming } from '../../../src/packs/streaming/synth/index.js';
import { SHARED_DATA, hasShared, tempDir } from '../../helpers.js';
import { naiveRatings, naiveTitles, PLATFORM_FILES } from './naive.js';

const N = 40_000;
const gen = (out: string, seed: number, ratings = N) => generateStreaming(out, { ratings, seed }, () => {});

// one generated set for the content tests, made once (generating is the slow part)
const shared = tempDir();
after(() => shared.cleanup());
let sharedSet: Promise<{ ratings: ReturnType<typeof naiveRatings>; titles: ReturnType<typeof naiveTitles> }> | null = null;
function generated() {
  sharedSet ??= gen(shared.dir, 11).then(() => ({ ratings: naiveRatings(shared.dir), titles: naiveTitles(shared.dir) }));
  return sharedSet;
}

test('same seed gives byte-identical files, another seed different ones', async () => {
  const [a, b, c] = [tempDir(), tempDir(), tempDir()];
  try {
    const pa = await gen(a.dir, 3, 5000);
    const pb = await gen(b.dir, 3, 5000);
    const pc = await gen(c.dir, 4, 5000);
    assert.equal(pa.length, 12);
    for (let i = 0; i < pa.length; i++) {
      const bytes = readFileSync(pa[i]);
      assert.ok(bytes.equals(readFileSync(pb[i])), `${basename(pa[i])} is reproducible`);
      assert.ok(!bytes.equals(readFileSync(pc[i])), `${basename(pa[i])} depends on the seed`);
    }
  } finally {
    for (const t of [a, b, c]) t.cleanup();
  }
});

test('ratings: N well-formed rows, a few malformed ones in every file, ids of real titles, time-ordered users', async () => {
  const dir = shared.dir;
  const set = await generated();
  const { ratings, malformed } = set.ratings;
  assert.equal(ratings.length, N);
  assert.ok(malformed >= 8 && malformed <= 8 + Math.ceil(N * 1e-5) * 8, `${malformed} malformed`);
  const ids = new Set(set.titles.map((t) => t.id));
  const fileOf = new Map<number, number>();
  const lastTs = new Map<number, number>();
  for (let k = 1; k <= 8; k++) {
    const lines = readFileSync(join(dir, 'ratings', `${k}.csv`), 'utf8').trimEnd().split('\n');
    assert.equal(lines[0], 'userId,rating,timestamp,movieId');
    let bad = 0;
    for (const line of lines.slice(1)) {
      const m = /^(\d+),(0\.5|[1-4]\.[05]|5\.0),(\d{10}),([adhn]s\d+)$/.exec(line);
      if (!m) {
        bad++;
        continue;
      }
      const user = Number(m[1]);
      assert.equal(fileOf.get(user) ?? k, k, `user ${user} in one file`);
      fileOf.set(user, k);
      assert.ok(Number(m[3]) >= (lastTs.get(user) ?? 0), `user ${user} in time order`);
      lastTs.set(user, Number(m[3]));
      assert.ok(ids.has(m[4]), m[4]);
    }
    assert.ok(bad >= 1, `file ${k} has a malformed row`);
  }
  const values = new Set(ratings.map((r) => r.rating));
  assert.deepEqual([...values].sort(), [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5]);
  const ts = ratings.map((r) => r.ts);
  assert.ok(Math.min(...ts) >= Date.UTC(2015, 0, 1) / 1000 && Math.max(...ts) <= Date.UTC(2022, 0, 1) / 1000);
  // no user rates a title twice
  assert.equal(new Set(ratings.map((r) => `${r.user}|${r.movie}`)).size, N);
});

test('ratings have structure: heavy tails, never-rated titles, biases that predict held-out ratings', async () => {
  const { ratings: { ratings }, titles } = await generated();
  const perUser = new Map<number, number>();
  const perTitle = new Map<string, number>();
  for (const r of ratings) {
    perUser.set(r.user, (perUser.get(r.user) ?? 0) + 1);
    perTitle.set(r.movie, (perTitle.get(r.movie) ?? 0) + 1);
  }
  const users = [...perUser.values()].sort((a, b) => a - b);
  assert.ok(users.at(-1)! >= 10 * users[users.length >> 1], `heaviest user ${users.at(-1)}, median ${users[users.length >> 1]}`);
  const pop = [...perTitle.values()].sort((a, b) => b - a);
  const top = pop.slice(0, Math.ceil(titles.length / 100)).reduce((a, b) => a + b, 0);
  assert.ok(top >= 0.1 * N, `top 1% of titles hold ${top} ratings`);
  assert.ok(titles.length - perTitle.size >= 0.03 * titles.length, 'some titles are never rated');

  // user and title means from half the ratings predict the other half better than the global mean
  const train = ratings.filter((_, i) => i % 2 === 0);
  const held = ratings.filter((_, i) => i % 2 === 1);
  const mu = train.reduce((a, r) => a + r.rating, 0) / train.length;
  const bias = (key: (r: (typeof ratings)[0]) => string | number, base: (r: (typeof ratings)[0]) => number) => {
    const acc = new Map<string | number, [number, number]>();
    for (const r of train) {
      const a = acc.get(key(r)) ?? [0, 0];
      a[0] += r.rating - base(r);
      a[1]++;
      acc.set(key(r), a);
    }
    return (r: (typeof ratings)[0]) => {
      const a = acc.get(key(r));
      return a ? a[0] / (a[1] + 5) : 0; // shrunk towards 0
    };
  };
  const bi = bias((r) => r.movie, () => mu);
  const bu = bias((r) => r.user, (r) => mu + bi(r));
  const rmse = (predict: (r: (typeof ratings)[0]) => number) => Math.sqrt(held.reduce((a, r) => a + (r.rating - predict(r)) ** 2, 0) / held.length);
  const globalMean = rmse(() => mu);
  const baseline = rmse((r) => mu + bi(r) + bu(r));
  assert.ok(baseline < 0.93 * globalMean, `baseline ${baseline.toFixed(3)} vs global mean ${globalMean.toFixed(3)}`);
});

test('synthesised title files: 12 columns, the real sizes, CRLF, and the real quirks', async () => {
  await generated();
  const dir = shared.dir;
  const sizes: Record<string, number> = { amazon: 9668, disney: 1450, hulu: 3073, netflix: 8807 };
  const quirks = { shifted: 0, emptyRating: 0, leadingSpaceDate: 0, strayComma: 0, multiline: 0, quoted: 0, nonAscii: 0 };
  for (const [platform, , file] of PLATFORM_FILES) {
    const text = readFileSync(join(dir, file), 'utf8');
    assert.ok(text.startsWith('show_id,type,title,director,cast,country,date_added,release_year,rating,duration,listed_in,description\r\n'));
    assert.ok(!/[^\r]\n/.test(text), `${file}: every line break is CRLF`);
    const records = parse(text, { columns: true }) as Record<string, string>[];
    assert.equal(records.length, sizes[platform], file);
    for (const r of records) {
      assert.match(r.show_id, /^s\d+$/);
      assert.match(r.type, /^(Movie|TV Show)$/);
      assert.match(r.release_year, /^\d{4}$/);
      assert.match(r.duration, /^(\d+ min|\d+ Seasons?|)$/);
      if (r.duration === '' && /^\d+ (min|Seasons?)$/.test(r.rating)) quirks.shifted++;
      if (r.rating === '') quirks.emptyRating++;
      if (r.date_added.startsWith(' ')) quirks.leadingSpaceDate++;
      if (/^,|,$/.test(r.country)) quirks.strayComma++;
      if (/\r\n/.test(r.description)) quirks.multiline++;
      if (/"/.test(r.title + r.description)) quirks.quoted++;
      if (/[^\x00-\x7f]/.test(r.cast + r.description)) quirks.nonAscii++;
      if (platform === 'hulu') assert.equal(r.cast, '', 'the Hulu catalogue lists no cast');
      if (r.date_added.trim()) assert.match(r.date_added.trim(), /^[A-Z][a-z]+ \d{1,2}, \d{4}$/);
    }
  }
  for (const [k, v] of Object.entries(quirks)) assert.ok(v > 0, `${k}: ${v}`);
});

test('--titles: the real catalogues copied byte for byte, ratings of their ids', { skip: !PLATFORM_FILES.every(([, , f]) => hasShared(`streaming/${f}`)) && 'no ../shared/data/streaming' }, async () => {
  const { dir, cleanup } = tempDir();
  try {
    await generateStreaming(dir, { ratings: 5000, seed: 1, titles: join(SHARED_DATA, 'streaming') }, () => {});
    for (const [, , file] of PLATFORM_FILES) assert.ok(readFileSync(join(dir, file)).equals(readFileSync(join(SHARED_DATA, 'streaming', file))), file);
    const ids = new Set(naiveTitles(dir).map((t) => t.id));
    assert.equal(ids.size, 9668 + 1450 + 3073 + 8807);
    const { ratings } = naiveRatings(dir);
    assert.equal(ratings.length, 5000);
    for (const r of ratings) assert.ok(ids.has(r.movie), r.movie);
  } finally {
    cleanup();
  }
});
