import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ratingsFromTriplets } from '../../../src/core/models/ratings.js';
import { BaselineOnly, GlobalMean } from '../../../src/core/models/baselines.js';
import { Svd, sgdUser } from '../../../src/core/models/svd.js';
import { SvdPP, svdppUser } from '../../../src/core/models/svdpp.js';
import { evaluateRatings, selectFold } from '../../../src/core/eval/rating-eval.js';
import { kFolds } from '../../../src/core/eval/splits.js';
import { Random } from '../../../src/core/synth/random.js';
import { tempDir } from '../../helpers.js';
import { NO_HISTORY } from '../../../src/core/models/recommender.js';
import { loadModel } from '../../../src/core/models/load.js';

const close = (a: number, b: number, tol = 1e-6, what = '') => assert.ok(Math.abs(a - b) < tol, `${what} ${a} vs ${b}`);

test('ratings grouped by user keep repeated pairs as separate ratings', () => {
  const r = ratingsFromTriplets(3, 2, Int32Array.from([2, 0, 2, 0]), Int32Array.from([1, 0, 1, 1]), Float32Array.from([5, 1, 3, 2]));
  assert.deepEqual([...r.indptr], [0, 2, 2, 4]);
  assert.deepEqual([...r.items], [0, 1, 1, 1]);
  assert.deepEqual([...r.values], [1, 2, 5, 3]);
});

test('SGD kernel: one step on a 1-rating user equals the hand-computed update', () => {
  // user 0 rated item 1 with 4; μ = 3, b_u = 0.1, b_i = -0.2, p = (0.5, -1), q_1 = (0.2, 0.4)
  const data = ratingsFromTriplets(1, 2, Int32Array.from([0]), Int32Array.from([1]), Float32Array.from([4]));
  const m = {
    mu: 3,
    bu: Float32Array.from([0.1]),
    bi: Float32Array.from([0, -0.2]),
    P: Float32Array.from([0.5, -1]),
    Q: Float32Array.from([9, 9, 0.2, 0.4]),
    params: { factors: 2 },
  };
  const lr = 0.1;
  const reg = 0.5;
  sgdUser(m, data, 0, lr, reg);
  // by hand: r̂ = 3 + 0.1 − 0.2 + (0.5·0.2 − 1·0.4) = 2.6; err = 1.4
  // b_u = 0.1 + 0.1(1.4 − 0.05) = 0.235; b_i = −0.2 + 0.1(1.4 + 0.1) = −0.05
  // p = (0.5 + 0.1(1.4·0.2 − 0.25), −1 + 0.1(1.4·0.4 + 0.5)) = (0.503, −0.894)
  // q = (0.2 + 0.1(1.4·0.5 − 0.1), 0.4 + 0.1(1.4·(−1) − 0.2)) = (0.26, 0.24)
  close(m.bu[0], 0.235, 1e-6, 'b_u');
  close(m.bi[1], -0.05, 1e-6, 'b_i');
  close(m.P[0], 0.503, 1e-6, 'p0');
  close(m.P[1], -0.894, 1e-6, 'p1');
  close(m.Q[2], 0.26, 1e-6, 'q0');
  close(m.Q[3], 0.24, 1e-6, 'q1');
  assert.deepEqual([...m.Q.subarray(0, 2)], [9, 9], 'other items untouched');
  assert.equal(m.bi[0], 0, 'other item bias untouched');
});

test('BaselineOnly: the ALS biases on a hand-made matrix, and unknown users/items fall back', () => {
  // 2 users × 2 items: u0: i0=5, i1=3; u1: i0=4. μ = 4. One sweep, λ_i = λ_u = 1:
  // b_i0 = ((5−4) + (4−4)) / (1+2) = 1/3; b_i1 = (3−4)/(1+1) = −1/2
  // b_u0 = ((5−4−1/3) + (3−4+1/2)) / (1+2) = (2/3 − 1/2)/3 = 1/18; b_u1 = (4−4−1/3)/(1+1) = −1/6
  const data = ratingsFromTriplets(2, 2, Int32Array.from([0, 0, 1]), Int32Array.from([0, 1, 0]), Float32Array.from([5, 3, 4]));
  const m = new BaselineOnly({ epochs: 1, regItem: 1, regUser: 1 });
  m.fit(data);
  close(m.bi[0], 1 / 3);
  close(m.bi[1], -1 / 2);
  close(m.bu[0], 1 / 18);
  close(m.bu[1], -1 / 6);
  close(m.predict(1, 1), 4 - 1 / 6 - 1 / 2);
  close(m.predict(-1, 0), 4 + 1 / 3);
  close(m.predict(-1, -1), 4);
  const g = new GlobalMean();
  g.fit(data);
  close(g.predict(), 4);
});

/** Ratings from known biases and a rank-2 model plus small noise: a factor model must beat the baselines. */
function lowRank(nUsers: number, nItems: number, perUser: number, seed: number) {
  const rng = new Random(seed);
  const U = Array.from({ length: nUsers }, () => [rng.normal(), rng.normal()]);
  const V = Array.from({ length: nItems }, () => [rng.normal(), rng.normal()]);
  const bu = Array.from({ length: nUsers }, () => 0.5 * rng.normal());
  const bi = Array.from({ length: nItems }, () => 0.5 * rng.normal());
  const users: number[] = [];
  const items: number[] = [];
  const values: number[] = [];
  for (let u = 0; u < nUsers; u++) {
    for (let c = 0; c < perUser; c++) {
      const i = rng.int(0, nItems - 1);
      users.push(u);
      items.push(i);
      values.push(Math.min(5, Math.max(1, 3 + bu[u] + bi[i] + 0.8 * (U[u][0] * V[i][0] + U[u][1] * V[i][1]) + 0.1 * rng.normal())));
    }
  }
  return { users: Int32Array.from(users), items: Int32Array.from(items), values: Float32Array.from(values) };
}

test('on low-rank data: SVD and SVD++ beat BaselineOnly, which beats the global mean; training loss falls', async () => {
  const all = lowRank(300, 200, 40, 1);
  const folds = kFolds(all.users.length, 5, 3);
  const train = selectFold(all, folds, 0, false);
  const testSet = selectFold(all, folds, 0, true);
  const rmse = async (algo: 'global_mean' | 'baseline' | 'svd' | 'svdpp', p = {}) => (await evaluateRatings(algo, p, 300, 200, train, testSet)).rmse;
  const mean = await rmse('global_mean');
  const base = await rmse('baseline');
  const svd = await rmse('svd', { factors: 4, epochs: 60, lr: 0.01, reg: 0.02 });
  const svdpp = await rmse('svdpp', { factors: 4, epochs: 60, lr: 0.01, reg: 0.02 });
  assert.ok(base < mean, `baseline ${base} < mean ${mean}`);
  assert.ok(svd < 0.8 * base, `svd ${svd} < 0.8 × baseline ${base}`);
  assert.ok(svdpp < 0.8 * base, `svd++ ${svdpp} < 0.8 × baseline ${base}`);
  // the SGD objective's data term falls epoch after epoch
  const data = ratingsFromTriplets(300, 200, train.users, train.items, train.values);
  const trainRmse: number[] = [];
  for (const epochs of [1, 5, 20]) {
    const m = new Svd({ factors: 4, epochs, lr: 0.01, reg: 0.02, seed: 5 });
    await m.fit(data);
    let s = 0;
    for (let k = 0; k < train.users.length; k++) s += (train.values[k] - m.predict(train.users[k], train.items[k])) ** 2;
    trainRmse.push(Math.sqrt(s / train.users.length));
  }
  assert.ok(trainRmse[0] > trainRmse[1] && trainRmse[1] > trainRmse[2], trainRmse.join(' > '));
});

test('one seed, one model; save/load round-trips; recommend = the best unseen items by predict', async () => {
  const all = lowRank(50, 40, 10, 2);
  const data = ratingsFromTriplets(50, 40, all.users, all.items, all.values);
  for (const Algo of [Svd, SvdPP]) {
    const a = new Algo({ factors: 3, epochs: 5, seed: 9 });
    const b = new Algo({ factors: 3, epochs: 5, seed: 9 });
    await a.fit(data);
    await b.fit(data);
    assert.deepEqual([...a.P], [...b.P]);
    assert.deepEqual([...a.Q], [...b.Q]);
    const { dir, cleanup } = tempDir();
    try {
      a.save(dir);
      const c = loadModel(dir, Algo);
      assert.equal(c.kind, a.kind);
      for (let u = 0; u < 50; u += 7) for (let i = 0; i < 40; i += 5) close(c.predict(u, i), a.predict(u, i), 1e-6);
    } finally {
      cleanup();
    }
    for (const u of [0, 13, 49]) {
      const skip = new Uint8Array(40);
      for (let k = data.indptr[u]; k < data.indptr[u + 1]; k++) skip[data.items[k]] = 1;
      const want = Array.from({ length: 40 }, (_, i) => ({ i, s: a.predict(u, i) }))
        .filter((x) => !skip[x.i])
        .sort((x, y) => y.s - x.s || x.i - y.i)
        .slice(0, 5);
      const got = a.recommend(u, NO_HISTORY, 5, { exclude: skip });
      assert.deepEqual(got.map((g) => g.score.toFixed(5)), want.map((w) => w.s.toFixed(5)));
      assert.ok(got.every((g) => !skip[g.item]));
    }
  }
});

test('SVD on worker threads gives exactly the factors of one thread', async () => {
  const all = lowRank(120, 90, 25, 4);
  const data = ratingsFromTriplets(120, 90, all.users, all.items, all.values);
  const one = new Svd({ factors: 6, epochs: 4, seed: 3 });
  const two = new Svd({ factors: 6, epochs: 4, seed: 3 });
  await one.fit(data, { threads: 1 });
  await two.fit(data, { threads: 2 });
  assert.deepEqual([...two.P], [...one.P]);
  assert.deepEqual([...two.Q], [...one.Q]);
  assert.deepEqual([...two.bi], [...one.bi]);
});

test('K folds: every rating in exactly one fold, sizes within one', () => {
  const folds = kFolds(103, 5, 1);
  const sizes = [0, 0, 0, 0, 0];
  for (const f of folds) sizes[f]++;
  assert.equal(sizes.reduce((a, b) => a + b), 103);
  assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, sizes.join(','));
});

test('SVD++ per-rating step (as Surprise): one rating equals the hand-computed update', () => {
  // user 0 rated item 1 with 4; μ = 3, b_u = 0.1, b_i = −0.2, p = (0.5, −1), q_1 = (0.2, 0.4), y_1 = (0.1, 0.3); lr 0.1, λ 0.5
  const data = ratingsFromTriplets(1, 2, Int32Array.from([0]), Int32Array.from([1]), Float32Array.from([4]));
  const m = { mu: 3, bu: Float32Array.from([0.1]), bi: Float32Array.from([0, -0.2]), P: Float32Array.from([0.5, -1]), Q: Float32Array.from([9, 9, 0.2, 0.4]), Y: Float32Array.from([7, 7, 0.1, 0.3]), params: { factors: 2 } };
  svdppUser(m, data, 0, 0.1, 0.5);
  // by hand: |N(u)|^-½ Σ y = (0.1, 0.3); p + that = (0.6, −0.7); r̂ = 3 + 0.1 − 0.2 + (0.12 − 0.28) = 2.74; err = 1.26
  // b_u = 0.1 + 0.1(1.26 − 0.05) = 0.221; b_i = −0.2 + 0.1(1.26 + 0.1) = −0.064
  // p = (0.5 + 0.1(1.26·0.2 − 0.25), −1 + 0.1(1.26·0.4 + 0.5)) = (0.5002, −0.8996)
  // q = (0.2 + 0.1(1.26·0.6 − 0.1), 0.4 + 0.1(1.26·(−0.7) − 0.2)) = (0.2656, 0.2918)
  // y_1 = (0.1 + 0.1(1.26·1·0.2 − 0.05), 0.3 + 0.1(1.26·1·0.4 − 0.15)) = (0.1202, 0.3354)
  close(m.bu[0], 0.221, 1e-6, 'b_u');
  close(m.bi[1], -0.064, 1e-6, 'b_i');
  close(m.P[0], 0.5002, 1e-6, 'p0');
  close(m.P[1], -0.8996, 1e-6, 'p1');
  close(m.Q[2], 0.2656, 1e-6, 'q0');
  close(m.Q[3], 0.2918, 1e-6, 'q1');
  close(m.Y[2], 0.1202, 1e-6, 'y0');
  close(m.Y[3], 0.3354, 1e-6, 'y1');
  assert.deepEqual([...m.Y.subarray(0, 2)], [7, 7], 'an item the user did not rate keeps its y');
});

test('SVD++ per-rating step: a user with several ratings equals Surprise\'s loop (every y_j updated after every rating)', () => {
  const f = 3;
  const rng = new Random(8);
  const items = Int32Array.from([4, 1, 3, 0]);
  const values = Float32Array.from([5, 2, 3.5, 1]);
  const data = ratingsFromTriplets(1, 6, new Int32Array(4), items, values);
  const init = () => ({ mu: 3.2, bu: Float32Array.from([0.05]), bi: Float32Array.from({ length: 6 }, () => 0.1 * rng.normal()), P: Float32Array.from({ length: f }, () => 0.3 * rng.normal()), Q: Float32Array.from({ length: 6 * f }, () => 0.3 * rng.normal()), Y: Float32Array.from({ length: 6 * f }, () => 0.3 * rng.normal()), params: { factors: f } });
  const fast = init();
  const slow = { ...fast, bu: fast.bu.slice(), bi: Float64Array.from(fast.bi), P: Float64Array.from(fast.P), Q: Float64Array.from(fast.Q), Y: Float64Array.from(fast.Y) };
  const lr = 0.05;
  const reg = 0.1;
  svdppUser(fast, data, 0, lr, reg);
  // the textbook loop, in doubles
  const z = 1 / Math.sqrt(4);
  let bu = slow.bu[0];
  for (let k = 0; k < 4; k++) {
    const i = items[k];
    const imp = [0, 0, 0];
    for (const j of items) for (let a = 0; a < f; a++) imp[a] += z * slow.Y[j * f + a];
    let dot = 0;
    for (let a = 0; a < f; a++) dot += slow.Q[i * f + a] * (slow.P[a] + imp[a]);
    const err = values[k] - (slow.mu + bu + slow.bi[i] + dot);
    bu += lr * (err - reg * bu);
    slow.bi[i] += lr * (err - reg * slow.bi[i]);
    for (let a = 0; a < f; a++) {
      const p = slow.P[a];
      const q = slow.Q[i * f + a];
      slow.P[a] += lr * (err * q - reg * p);
      slow.Q[i * f + a] += lr * (err * (p + imp[a]) - reg * q);
      for (const j of items) slow.Y[j * f + a] += lr * (err * z * q - reg * slow.Y[j * f + a]);
    }
  }
  close(fast.bu[0], bu, 1e-5, 'b_u');
  for (let x = 0; x < 6; x++) close(fast.bi[x], slow.bi[x], 1e-5, `b_${x}`);
  for (let x = 0; x < f; x++) close(fast.P[x], slow.P[x], 1e-5, `p_${x}`);
  for (let x = 0; x < 6 * f; x++) close(fast.Q[x], slow.Q[x], 1e-5, `q_${x}`);
  for (let x = 0; x < 6 * f; x++) close(fast.Y[x], slow.Y[x], 1e-5, `y_${x}`);
});
