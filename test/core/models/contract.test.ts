/**
 * The model contract, checked on every model by the same tests (as implicit checks all its
 * models with one mixin). Each entry of MODELS is fitted on small generated data of its family
 * (implicit user×item weights, explicit ratings, a regression design) and must:
 * - answer the same after save → loadModel (the class its kind names), and after loadModel of
 *   a folder whose model.json has no kind (as if written before kinds were saved);
 * - answer the same for the same seed, and for any thread count unless the entry says threads
 *   change its answers;
 * - answer differently for another seed when it is stochastic, the same when it is not;
 * - report every step (0, 1, 2, …) to onProgress;
 * - when it ranks: at most n items, best first, none of the user's history nor of `exclude`.
 * A new model is one more entry here (and one line in src/core/models/load.ts).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { csrFromCoo, type Csr } from '../../../src/core/models/csr.js';
import { ItemKnn } from '../../../src/core/models/itemknn.js';
import { Als } from '../../../src/core/models/als.js';
import { Popularity } from '../../../src/core/models/popularity.js';
import { ratingsFromTriplets, type RatingModel, type Ratings } from '../../../src/core/models/ratings.js';
import { BaselineOnly, GlobalMean } from '../../../src/core/models/baselines.js';
import { Svd } from '../../../src/core/models/svd.js';
import { SvdPP } from '../../../src/core/models/svdpp.js';
import { BayesFm } from '../../../src/core/models/bayes-fm.js';
import { Ridge } from '../../../src/core/models/ridge.js';
import { GradientBoosting } from '../../../src/core/models/gbm.js';
import { predictRows, type RegressionData, type Regressor } from '../../../src/core/models/regressor.js';
import { historyOf, NO_HISTORY, type Ranker, type Recommender } from '../../../src/core/models/recommender.js';
import type { FitOptions, Model } from '../../../src/core/models/model.js';
import { loadModel, MODEL_KINDS } from '../../../src/core/models/load.js';
import { Random } from '../../../src/core/synth/random.js';
import { tempDir } from '../../helpers.js';

interface Common {
  /** the kind it saves (what loadModel dispatches on) */
  kind: string;
  /** onProgress calls of one fit with one thread */
  steps: number;
  /** a different seed gives different answers */
  stochastic: boolean;
  /** the model documents that its answers depend on the thread count */
  threadsChangeAnswers?: boolean;
}

type Entry = Common &
  (
    | { family: 'recommender'; make: () => Recommender }
    | { family: 'rating'; make: () => RatingModel & Partial<Ranker> }
    | { family: 'regressor'; make: () => Regressor }
  );

const MODELS: Entry[] = [
  { family: 'recommender', kind: 'popularity', make: () => new Popularity(), steps: 1, stochastic: false },
  { family: 'recommender', kind: 'itemknn', make: () => new ItemKnn({ k: 5, shrink: 1 }), steps: 1, stochastic: false },
  { family: 'recommender', kind: 'als', make: () => new Als({ factors: 4, iterations: 3 }), steps: 3, stochastic: true },
  { family: 'rating', kind: 'global_mean', make: () => new GlobalMean(), steps: 1, stochastic: false },
  { family: 'rating', kind: 'baseline', make: () => new BaselineOnly({ epochs: 4 }), steps: 4, stochastic: false },
  // SVD is a rating model that also ranks: its recommendations are checked as a recommender's
  { family: 'rating', kind: 'svd', make: () => new Svd({ factors: 4, epochs: 5 }), steps: 5, stochastic: true },
  { family: 'rating', kind: 'svdpp', make: () => new SvdPP({ factors: 4, epochs: 5 }), steps: 5, stochastic: true },
  { family: 'rating', kind: 'bayes_fm', make: () => new BayesFm({ rank: 3, sweeps: 6, burnIn: 2 }), steps: 6, stochastic: true, threadsChangeAnswers: true },
  { family: 'rating', kind: 'bayes_mf', make: () => new BayesFm({ rank: 3, sweeps: 6, burnIn: 2 }, 'bayes_mf'), steps: 6, stochastic: true, threadsChangeAnswers: true },
  { family: 'regressor', kind: 'ridge', make: () => new Ridge({ lambda: 0.5 }), steps: 1, stochastic: false },
  { family: 'regressor', kind: 'gbm', make: () => new GradientBoosting({ trees: 8, maxDepth: 3, minLeaf: 5 }), steps: 8, stochastic: true },
];

// ---------------------------------------------------------------------------------------------
// Data: small, generated, with structure to learn, an item nobody has and a user with nothing

const N_USERS = 30;
const N_ITEMS = 20;

function implicitData(): Csr {
  const rng = new Random(11);
  const rows: number[] = [];
  const cols: number[] = [];
  const vals: number[] = [];
  for (let u = 0; u < N_USERS - 1; u++) {
    const group = u % 3;
    for (let i = 0; i < N_ITEMS - 1; i++) {
      if (rng.chance(i % 3 === group ? 0.6 : 0.15)) {
        rows.push(u);
        cols.push(i);
        vals.push(1 + Math.log1p(rng.int(0, 50)));
      }
    }
  }
  return csrFromCoo(N_USERS, N_ITEMS, Int32Array.from(rows), Int32Array.from(cols), Float32Array.from(vals));
}

function ratingData(): Ratings {
  const rng = new Random(12);
  const U = Array.from({ length: N_USERS }, () => [rng.normal(), rng.normal()]);
  const V = Array.from({ length: N_ITEMS }, () => [rng.normal(), rng.normal()]);
  const users: number[] = [];
  const items: number[] = [];
  const values: number[] = [];
  for (let u = 0; u < N_USERS - 1; u++) {
    for (let i = 0; i < N_ITEMS - 1; i++) {
      if (!rng.chance(0.4)) continue;
      users.push(u);
      items.push(i);
      values.push(Math.round(Math.min(5, Math.max(1, 3 + U[u][0] * V[i][0] + U[u][1] * V[i][1] + 0.3 * rng.normal()))));
    }
  }
  return ratingsFromTriplets(N_USERS, N_ITEMS, Int32Array.from(users), Int32Array.from(items), Float32Array.from(values));
}

function regressionData(): RegressionData {
  const rng = new Random(13);
  const rows: number[] = [];
  const cols: number[] = [];
  const vals: number[] = [];
  const y: number[] = [];
  for (let r = 0; r < 150; r++) {
    const x = [rng.int(0, 9), rng.chance(0.3) ? 1 : 0, rng.chance(0.5) ? rng.next() : 0, rng.normal()];
    x.forEach((v, j) => v !== 0 && (rows.push(r), cols.push(j), vals.push(Math.fround(v))));
    y.push(0.5 * x[0] + 3 * x[1] * (x[0] > 4 ? 1 : 0) - x[2] + 0.2 * rng.normal());
  }
  return { X: csrFromCoo(150, 4, Int32Array.from(rows), Int32Array.from(cols), Float32Array.from(vals)), y };
}

const IMPLICIT = implicitData();
const RATINGS = ratingData();
const REGRESSION = regressionData();
/** items never to recommend, besides the history (e.g. outside the catalogue) */
const EXCLUDE = Uint8Array.from({ length: N_ITEMS }, (_, i) => (i === 2 || i === 7 ? 1 : 0));

/** The history of user u in the data the entry learns from (a ratings user's rated items). */
function historyFor(entry: Entry, u: number) {
  if (entry.family === 'recommender') return historyOf(IMPLICIT, u);
  return { items: RATINGS.items.subarray(RATINGS.indptr[u], RATINGS.indptr[u + 1]) };
}

async function fitted(entry: Entry, opts: FitOptions): Promise<Model<unknown>> {
  switch (entry.family) {
    case 'recommender': {
      const m = entry.make();
      await m.fit(IMPLICIT, opts);
      return m;
    }
    case 'rating': {
      const m = entry.make();
      await m.fit(RATINGS, opts);
      return m;
    }
    case 'regressor': {
      const m = entry.make();
      await m.fit(REGRESSION, opts);
      return m;
    }
  }
}

const flat = (recs: { item: number; score: number }[]) => recs.flatMap((r) => [r.item, r.score]);

/** Everything the model answers on its data, as numbers: what two models must agree on. */
function answers(entry: Entry, model: Model<unknown>): number[][] {
  const out: number[][] = [];
  if (entry.family === 'rating') {
    const m = model as RatingModel;
    // −1: a user or item unknown in training
    for (let u = -1; u < N_USERS; u++) out.push(Array.from({ length: N_ITEMS + 1 }, (_, i) => m.predict(u, i - 1)));
  }
  if (entry.family === 'regressor') out.push([...predictRows(model as Regressor, REGRESSION.X)]);
  const ranker = model as Partial<Ranker>;
  if (ranker.recommend) {
    for (let u = 0; u < N_USERS; u++) {
      out.push(flat(ranker.recommend(u, historyFor(entry, u), 5)));
      out.push(flat(ranker.recommend(u, historyFor(entry, u), 5, { exclude: EXCLUDE })));
    }
  }
  if (ranker.similarItems) for (let i = 0; i < N_ITEMS; i++) out.push(flat(ranker.similarItems(i, 3)));
  return out;
}

function saved(model: Model<unknown>, root: string, name: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  model.save(dir);
  return dir;
}

for (const entry of MODELS) {
  describe(`model contract: ${entry.kind}`, () => {
    test('save → loadModel answers the same, also from a model.json without its kind', async () => {
      const model = await fitted(entry, { seed: 3, threads: 1 });
      assert.equal(model.kind, entry.kind);
      const { dir, cleanup } = tempDir();
      try {
        const path = saved(model, dir, 'model');
        const back = loadModel(path);
        assert.equal(back.kind, entry.kind);
        assert.equal(back.constructor, model.constructor);
        assert.deepEqual(back.params, model.params);
        assert.deepEqual(answers(entry, back), answers(entry, model));
        // a folder saved before every model wrote its kind: told by its files
        const meta = JSON.parse(readFileSync(join(path, 'model.json'), 'utf8')) as Record<string, unknown>;
        delete meta.kind;
        writeFileSync(join(path, 'model.json'), JSON.stringify(meta));
        assert.deepEqual(answers(entry, loadModel(path)), answers(entry, model));
      } finally {
        cleanup();
      }
    });

    test('the same seed gives the same answers; another seed changes them only if the model is stochastic', async () => {
      const a = answers(entry, await fitted(entry, { seed: 3, threads: 1 }));
      assert.deepEqual(answers(entry, await fitted(entry, { seed: 3, threads: 1 })), a);
      const other = answers(entry, await fitted(entry, { seed: 4, threads: 1 }));
      if (entry.stochastic) assert.notDeepEqual(other, a);
      else assert.deepEqual(other, a);
    });

    test('threads: 2 gives the answers of 1 thread (unless the model documents otherwise)', { skip: entry.threadsChangeAnswers }, async () => {
      const one = answers(entry, await fitted(entry, { seed: 5, threads: 1 }));
      assert.deepEqual(answers(entry, await fitted(entry, { seed: 5, threads: 2 })), one);
    });

    test('a fit without options is a fit with the parameters\' seed (and the default threads); the seed a fit used is the one saved', async () => {
      const seed = (entry.make().params as { seed?: number }).seed;
      assert.deepEqual(answers(entry, await fitted(entry, {})), answers(entry, await fitted(entry, { seed: seed ?? 3 })));
      if (seed === undefined) return; // a model without randomness has no seed to keep
      const model = await fitted(entry, { seed: seed + 1 });
      assert.equal((model.params as { seed: number }).seed, seed + 1);
    });

    test('onProgress is told every step, in order', async () => {
      const calls: [number, number][] = [];
      await fitted(entry, { seed: 3, threads: 1, onProgress: (step, seconds) => calls.push([step, seconds]) });
      assert.deepEqual(
        calls.map(([step]) => step),
        Array.from({ length: entry.steps }, (_, k) => k),
      );
      assert.ok(calls.every(([, s]) => Number.isFinite(s) && s >= 0), JSON.stringify(calls));
    });

    test('recommendations: at most n, best first, none of the history or of exclude', { skip: entry.family === 'regressor' || (entry.family === 'rating' && !entry.make().recommend) }, async () => {
      const model = (await fitted(entry, { seed: 3, threads: 1 })) as unknown as Ranker;
      let answered = 0;
      for (let u = 0; u < N_USERS; u++) {
        const history = historyFor(entry, u);
        const owned = new Set(Array.from(history.items));
        for (const n of [1, 5, N_ITEMS]) {
          for (const exclude of [undefined, EXCLUDE]) {
            const recs = model.recommend(u, history, n, { exclude });
            assert.ok(recs.length <= n);
            answered += recs.length;
            for (let k = 1; k < recs.length; k++) assert.ok(recs[k - 1].score >= recs[k].score, `user ${u}: not best first`);
            for (const r of recs) {
              assert.ok(!owned.has(r.item), `user ${u} was recommended ${r.item}, which they have`);
              if (exclude) assert.equal(exclude[r.item], 0, `user ${u} was recommended excluded ${r.item}`);
            }
          }
        }
      }
      assert.ok(answered > 0, 'no recommendation at all');
    });
  });
}

test('loadModel knows the kind of every model in the contract list', () => {
  for (const entry of MODELS) assert.ok(MODEL_KINDS.includes(entry.kind), entry.kind);
});

test('loadModel: a folder without a model, an unknown kind, or the wrong class is a clear error', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const kinds = new RegExp(`the kinds known are ${MODEL_KINDS.join(', ')}`);
    assert.throws(() => loadModel(join(dir, 'missing')), /holds no saved model \(no model\.json\)/);
    assert.throws(() => loadModel(join(dir, 'missing')), kinds);
    mkdirSync(join(dir, 'odd'));
    writeFileSync(join(dir, 'odd', 'model.json'), JSON.stringify({ kind: 'deep_net', arrays: {} }));
    assert.throws(() => loadModel(join(dir, 'odd')), /kind 'deep_net', which this version cannot load/);
    assert.throws(() => loadModel(join(dir, 'odd')), kinds);
    mkdirSync(join(dir, 'nameless'));
    writeFileSync(join(dir, 'nameless', 'model.json'), JSON.stringify({ arrays: { weights: { file: 'weights.bin', type: 'float32', length: 1 } } }));
    assert.throws(() => loadModel(join(dir, 'nameless')), /names no model kind and its files match none/);
    const pop = new Popularity();
    pop.fit(IMPLICIT);
    const path = saved(pop, dir, 'popularity');
    assert.throws(() => loadModel(path, Als), /holds a popularity model where a Als was expected.*recops train/);
    assert.ok(loadModel(path, Popularity) instanceof Popularity);
  } finally {
    cleanup();
  }
});

test('historyOf: a row of the matrix, with its weights; a row outside it is empty', () => {
  // user 0's items and weights, read from the matrix's own arrays
  const start = IMPLICIT.indptr[0];
  const end = IMPLICIT.indptr[1];
  assert.ok(end > start);
  const h = historyOf(IMPLICIT, 0);
  assert.deepEqual(Array.from(h.items), [...IMPLICIT.indices.slice(start, end)]);
  assert.deepEqual(Array.from(h.weights!), [...IMPLICIT.values.slice(start, end)]);
  assert.equal(historyOf(IMPLICIT, -1), NO_HISTORY);
  assert.equal(historyOf(IMPLICIT, N_USERS), NO_HISTORY);
  // a matrix loaded without its values (as the Steam server keeps its libraries) gives items only
  assert.equal(historyOf({ ...IMPLICIT, values: new Float32Array(0) }, 0).weights, undefined);
});
