/**
 * The "similar movies" recommender: on a hand-made corpus (sequels must be nearest to their
 * originals, with and without the collection field), and through the route on a generated set
 * against a dense brute-force cosine over the same vectors.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { ingestPack } from '../../../src/core/ingest/run.js';
import { buildApp } from '../../../src/core/server/app.js';
import { openReadOnly } from '../../../src/core/warehouse/warehouse.js';
import { tokenize } from '../../../src/core/text/tfidf.js';
import { moviesPack } from '../../../src/packs/movies/index.js';
import { fitNeighbours, loadMovieDocs, movieVectors, trainSimilar, WEIGHTS, type MovieDocs } from '../../../src/packs/movies/similar.js';
import { silent, tempDir } from '../../helpers.js';

// [title, overview, genres, collection, director, top cast]
const CORPUS: [string, string, string[], string | null, string, string[]][] = [
  ['Toy Story', "Woody, a cowboy doll, feels threatened when Buzz Lightyear, a space ranger toy, becomes Andy's favourite toy.", ['Animation', 'Family'], 'toy', 'lasseter', ['hanks', 'allen']],
  ['The Godfather', 'The aging patriarch of a New York crime family transfers control of his empire to his reluctant son Michael.', ['Crime', 'Drama'], 'godfather', 'coppola', ['brando', 'pacino']],
  ['Alien', 'The crew of a commercial space tug meets a deadly alien creature aboard their ship.', ['Horror', 'Science Fiction'], 'alien', 'scott', ['weaver', 'skerritt']],
  ['Finding Nemo', 'A timid clownfish crosses the ocean to find his son, who was taken to a dentist office aquarium.', ['Animation', 'Family'], null, 'stanton', ['brooks', 'degeneres']],
  ['Heat', 'A group of professional bank robbers feels the heat from the police after a botched crime.', ['Crime', 'Drama'], null, 'mann', ['pacino', 'deniro']],
  ['Toy Story 2', 'When Woody is stolen by a toy collector, Buzz Lightyear and Andy\'s other toys set out to rescue their cowboy friend.', ['Animation', 'Family'], 'toy', 'lasseter', ['hanks', 'allen']],
  ['The Godfather: Part II', 'Michael Corleone, son of a crime family patriarch, expands his empire while the young Vito builds the family in New York.', ['Crime', 'Drama'], 'godfather', 'coppola', ['pacino', 'deniro']],
  ['Aliens', 'Ripley returns to the planet where her crew met the deadly alien creature, this time with space marines.', ['Horror', 'Science Fiction', 'Action'], 'alien', 'cameron', ['weaver', 'biehn']],
  ['Cars', 'A hot-shot race car gets stranded in a small town on Route 66 and learns what friendship means.', ['Animation', 'Family'], null, 'lasseter', ['wilson', 'newman']],
];

function corpusDocs(): MovieDocs {
  return {
    ids: Int32Array.from(CORPUS, (_, i) => i + 1),
    titles: CORPUS.map((c) => c[0]),
    text: CORPUS.map((c) => [...tokenize(c[0]), ...tokenize(c[1])]),
    genres: CORPUS.map((c) => c[2]),
    collection: CORPUS.map((c) => (c[3] ? [c[3]] : [])),
    director: CORPUS.map((c) => [c[4]]),
    cast: CORPUS.map((c) => c[5]),
    fingerprint: 'hand-made',
  };
}

const SEQUELS: [string, string][] = [
  ['Toy Story 2', 'Toy Story'],
  ['The Godfather: Part II', 'The Godfather'],
  ['Aliens', 'Alien'],
];

for (const [label, weights] of [
  ['all fields', WEIGHTS],
  ['without the collection field (text, genres, director and cast must find it)', { ...WEIGHTS, collection: 0 }],
] as const) {
  test(`a sequel is nearest to its original and the original to its sequel: ${label}`, async () => {
    const docs = corpusDocs();
    const model = await fitNeighbours(movieVectors(docs, weights), 5);
    const nearest = (title: string) => docs.titles[model.similarItems(docs.titles.indexOf(title), 1)[0].item];
    for (const [sequel, original] of SEQUELS) {
      assert.equal(nearest(sequel), original, `nearest to ${sequel}`);
      assert.equal(nearest(original), sequel, `nearest to ${original}`);
    }
    // and nothing is its own neighbour
    for (let i = 0; i < docs.titles.length; i++) assert.ok(model.similarItems(i, 5).every((s) => s.item !== i));
  });
}

// ---------------------------------------------------------------------------------------------
// The route on a generated set

const { dir, cleanup } = tempDir();
const db = `${dir}/movies.duckdb`;
let app: FastifyInstance;
let docs: MovieDocs;

before(async () => {
  await moviesPack.synth.generate(`${dir}/raw`, { rows: '1500', seed: '5' }, silent);
  await ingestPack(moviesPack, { from: `${dir}/raw`, db, log: silent });
  await trainSimilar(db, { log: silent });
  app = await buildApp({ packs: [{ pack: moviesPack, db }] });
  const wh = await openReadOnly(db);
  docs = await loadMovieDocs(wh.conn);
  wh.close();
});
after(async () => {
  await app?.close();
  cleanup();
});

test('untrained warehouse: 503 that says how to train', async () => {
  const d2 = tempDir();
  try {
    await moviesPack.synth.generate(`${d2.dir}/raw`, { rows: '40', seed: '6' }, silent);
    await ingestPack(moviesPack, { from: `${d2.dir}/raw`, db: `${d2.dir}/m.duckdb`, log: silent });
    const bare = await buildApp({ packs: [{ pack: moviesPack, db: `${d2.dir}/m.duckdb` }] });
    const wh = await openReadOnly(`${d2.dir}/m.duckdb`);
    const title = String((await wh.conn.runAndReadAll('SELECT title FROM movies WHERE title IS NOT NULL LIMIT 1')).getRows()[0][0]);
    wh.close();
    const res = await bare.inject('/recomendacion/' + encodeURIComponent(title));
    assert.equal(res.statusCode, 503);
    assert.match(res.json().message, /recops train movies/);
    await bare.close();
  } finally {
    d2.cleanup();
  }
});

test('/recomendacion/{titulo} = the 5 nearest by a dense brute-force cosine over the same vectors', async () => {
  const m = movieVectors(docs);
  const n = docs.ids.length;
  // dense rows, cosine by plain loops: independent of the sparse kernel and its top-K
  const dense = Array.from({ length: n }, () => new Float64Array(m.terms.length));
  for (let d = 0; d < n; d++) for (let p = m.docTerms.indptr[d]; p < m.docTerms.indptr[d + 1]; p++) dense[d][m.docTerms.indices[p]] = m.docTerms.values[p];
  const norms = dense.map((v) => Math.sqrt(v.reduce((s, x) => s + x * x, 0)));
  const titleCount = new Map<string, number>();
  for (const t of docs.titles) titleCount.set(t.toLowerCase(), (titleCount.get(t.toLowerCase()) ?? 0) + 1);
  let checked = 0;
  for (let q = 0; q < n && checked < 40; q += 37) {
    const title = docs.titles[q];
    if (title.startsWith('#') || titleCount.get(title.toLowerCase())! > 1) continue; // unique titles: the route's movie is this one
    const scored: { j: number; cos: number }[] = [];
    for (let j = 0; j < n; j++) {
      if (j === q) continue;
      let dot = 0;
      for (let t = 0; t < m.terms.length; t++) dot += dense[q][t] * dense[j][t];
      if (dot > 0) scored.push({ j, cos: dot / (norms[q] * norms[j]) });
    }
    scored.sort((a, b) => b.cos - a.cos || a.j - b.j);
    const res = await app.inject('/recomendacion/' + encodeURIComponent(title.toUpperCase()));
    assert.equal(res.statusCode, 200, res.body);
    const got: string[] = res.json()['lista recomendada'];
    assert.equal(got.length, 5);
    // compare as scores: near-equal cosines may legitimately swap order in float32
    const want = scored.slice(0, 5);
    got.forEach((t, r) => {
      const cands = scored.filter((s) => docs.titles[s.j] === t);
      assert.ok(cands.some((c) => Math.abs(c.cos - want[r].cos) < 1e-5), `${title}: #${r + 1} '${t}' vs '${docs.titles[want[r].j]}'`);
    });
    checked++;
  }
  assert.ok(checked >= 20, `${checked} titles checked`);
});

test('duplicate titles say which one was used; unknown titles 404 with suggestions', async () => {
  const dup = [...new Set(docs.titles.filter((t, i) => docs.titles.indexOf(t) !== i))].find((t) => !t.startsWith('#'));
  assert.ok(dup, 'the generated set has a repeated title');
  const dupRes = await app.inject('/recomendacion/' + encodeURIComponent(dup));
  assert.equal(dupRes.statusCode, 200);
  assert.match(dupRes.json().nota, /se muestra la más popular/);
  const res = await app.inject('/recomendacion/zzqqxx%20not%20a%20movie');
  assert.equal(res.statusCode, 404);
  assert.match(res.json().message, /unknown movie title/);
});
