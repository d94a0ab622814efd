import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BayesFm, BAYES_FM_DEFAULTS, daysByUser, design, loadBayesFm, startFrom } from '../../../src/core/models/bayes-fm.js';
import { drawAlpha, drawPriors, drawW0, identityBlock, initState, predictRows, sampleFactorBlock, sampleLinearBlock, sweep, type FmState } from '../../../src/core/models/bayes-fm-kernel.js';
import { ratingsFromTriplets } from '../../../src/core/models/ratings.js';
import { Svd } from '../../../src/core/models/svd.js';
import { Random } from '../../../src/core/synth/random.js';
import { tempDir } from '../../helpers.js';

const close = (a: number, b: number, tol: number, what = '') => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

/** A stand-in for the generator whose every normal draw is z: the draw is then mean + z·sd. */
const fixedNormal = (z: number) => ({ normal: () => z, next: () => 0.5 }) as unknown as Random;

/**
 * Rank 1, users u0 u1, items i0 i1; ratings (u0,i0) = 4, (u0,i1) = 2, (u1,i0) = 5. w0 = 3, every
 * w = 0, v_u0 = 0.5, v_u1 = −1, v_i0 = 1, v_i1 = 2; noise precision α = 2; priors N(0, 1/1).
 */
function tiny(): FmState {
  const users = Int32Array.from([0, 0, 1]);
  const items = Int32Array.from([0, 1, 0]);
  const s = initState(Float64Array.from([4, 2, 5]), [identityBlock(users, 2, 0), identityBlock(items, 2, 1)], 1, 0, new Random(1));
  s.w0 = 3;
  s.V[0].set([0.5, -1]);
  s.V[1].set([1, 2]);
  s.alpha = 2;
  const yhat = predictRows(s);
  for (let r = 0; r < 3; r++) s.e[r] = s.y[r] - yhat[r];
  return s;
}

test('Gibbs conditionals: the factor draws equal the hand-derived posterior mean and standard deviation', () => {
  for (const z of [0, 1, -2]) {
    const s = tiny();
    // v_u0 | rest: h = v_i = (1, 2) on its two rows, targets y − w0 = (1, −1):
    //   precision 2·(1 + 4) + 1 = 11, mean 2·(1·1 + 2·(−1)) / 11 = −2/11
    // v_u1 | rest: h = 1, target 2: precision 2·1 + 1 = 3, mean 2·2/3 = 4/3
    // q(r) = v_u + v_i, the row's factor sum
    s.q.set([0.5 + 1, 0.5 + 2, -1 + 1]);
    sampleFactorBlock(s, 0, 0, fixedNormal(z));
    const vu0 = -2 / 11 + z / Math.sqrt(11);
    const vu1 = 4 / 3 + z / Math.sqrt(3);
    close(s.V[0][0], vu0, 1e-12, `v_u0 at z=${z}`);
    close(s.V[0][1], vu1, 1e-12, `v_u1 at z=${z}`);
    // v_i0 | rest (the new user factors): rows (u0,i0) h = vu0 target 1, (u1,i0) h = vu1 target 2
    // v_i1 | rest: row (u0,i1) h = vu0, target −1
    sampleFactorBlock(s, 1, 0, fixedNormal(z));
    const p0 = 2 * (vu0 * vu0 + vu1 * vu1) + 1;
    const p1 = 2 * vu0 * vu0 + 1;
    close(s.V[1][0], (2 * (vu0 * 1 + vu1 * 2)) / p0 + z / Math.sqrt(p0), 1e-12, `v_i0 at z=${z}`);
    close(s.V[1][1], (2 * (vu0 * -1)) / p1 + z / Math.sqrt(p1), 1e-12, `v_i1 at z=${z}`);
    // the residuals kept in step: e = y − ŷ from scratch
    const yhat = predictRows(s);
    for (let r = 0; r < 3; r++) close(s.e[r], s.y[r] - yhat[r], 1e-12, `e_${r}`);
  }
});

test('Gibbs conditionals: the bias draws equal the hand-derived posterior', () => {
  const s = tiny();
  // w_u0 | rest: h = 1 on rows (u0,i0) and (u0,i1), targets y − w0 − v_u v_i = 4 − 3 − 0.5 = 0.5
  //   and 2 − 3 − 1 = −2: precision 2·2 + 1 = 5, mean 2·(0.5 − 2)/5 = −0.6, sd 1/√5
  // w_u1 | rest: target 5 − 3 + 1 = 3: precision 3, mean 2·3/3 = 2
  sampleLinearBlock(s, 0, fixedNormal(1));
  close(s.w[0][0], -0.6 + 1 / Math.sqrt(5), 1e-12, 'w_u0');
  close(s.w[0][1], 2 + 1 / Math.sqrt(3), 1e-12, 'w_u1');
  // w0 | rest (flat prior): precision α·n = 6, mean = mean of (e + w0) = mean of y − the rest
  const s2 = tiny();
  const mean = (4 - 0.5 + 2 - 1 + 5 + 1) / 3;
  drawW0(s2, fixedNormal(-1));
  close(s2.w0, mean - 1 / Math.sqrt(6), 1e-12, 'w0');
});

test('Gibbs hyperparameters: α and the priors have the conjugate posteriors (moments over many draws)', () => {
  const s = tiny();
  // α | e ~ Gamma((1 + n)/2, (1 + Σe²)/2): mean (1 + n)/(1 + Σe²)
  const sse = s.e.reduce((a, x) => a + x * x, 0);
  const rng = new Random(3);
  let sum = 0;
  let sum2 = 0;
  const N = 20000;
  for (let t = 0; t < N; t++) {
    drawAlpha(s, rng);
    sum += s.alpha;
    sum2 += s.alpha * s.alpha;
  }
  const shape = (1 + 3) / 2;
  const rate = (1 + sse) / 2;
  close(sum / N, shape / rate, 0.03 * (shape / rate), 'E[α]');
  close(sum2 / N - (sum / N) ** 2, shape / rate ** 2, 0.08 * (shape / rate ** 2), 'Var[α]');
  // μ of the item factors given λ = 4: N((1 + 2)/(2 + 1), 1/((2 + 1)·4)) with values (1, 2)
  let m = 0;
  let m2 = 0;
  for (let t = 0; t < N; t++) {
    s.lamV[1] = 4;
    drawPriors(s, rng);
    m += s.muV[1];
    m2 += s.muV[1] ** 2;
  }
  close(m / N, 1, 0.02, 'E[μ]');
  close(m2 / N - (m / N) ** 2, 1 / 12, 0.01, 'Var[μ]');
});

/** Triplets from known biases and a planted rank-3 taste matrix plus noise; the noiseless value beside each. */
function planted(nUsers: number, nItems: number, perUser: number, noise: number, seed: number) {
  const rng = new Random(seed);
  const r = 3;
  const U = Array.from({ length: nUsers * r }, () => rng.normal() * 0.6);
  const V = Array.from({ length: nItems * r }, () => rng.normal() * 0.6);
  const bu = Array.from({ length: nUsers }, () => 0.3 * rng.normal());
  const bi = Array.from({ length: nItems }, () => 0.3 * rng.normal());
  const truth = (u: number, i: number) => 3 + bu[u] + bi[i] + U[u * r] * V[i * r] + U[u * r + 1] * V[i * r + 1] + U[u * r + 2] * V[i * r + 2];
  const rows: { u: number; i: number; y: number; t: number; day: number }[] = [];
  for (let u = 0; u < nUsers; u++) {
    const chosen = new Set<number>();
    while (chosen.size < perUser) chosen.add(rng.int(0, nItems - 1));
    for (const i of chosen) rows.push({ u, i, y: truth(u, i) + noise * rng.normal(), t: truth(u, i), day: 17000 + rng.int(0, 60) });
  }
  return rows;
}

test('relation blocks give the same samples as the naive sampler over the expanded design matrix', () => {
  const rows = planted(30, 25, 6, 0.5, 7);
  const users = Int32Array.from(rows, (x) => x.u);
  const data = { ...ratingsFromTriplets(30, 25, users, Int32Array.from(rows, (x) => x.i), Float32Array.from(rows, (x) => x.y)), days: daysByUser(30, users, Int32Array.from(rows, (x) => x.day)) };
  const d = design(data, { ...BAYES_FM_DEFAULTS, timeBinDays: 7, seed: 1 });
  assert.equal(d.blocks.length, 3, 'user (id, rated items), item (id, raters), time');
  const k = 3;
  const fast = initState(Float64Array.from(data.values), d.blocks, k, 0.1, new Random(11));
  const slow = initState(Float64Array.from(data.values), d.blocks, k, 0.1, new Random(11));
  // the design matrix written out: each row's (block, feature, value) entries
  const n = data.values.length;
  const entries: { g: number; l: number; x: number }[][] = Array.from({ length: n }, () => []);
  d.blocks.forEach((B, g) => {
    for (let r = 0; r < n; r++) for (let p = B.indptr[B.rowKey[r]]; p < B.indptr[B.rowKey[r] + 1]; p++) entries[r].push({ g, l: B.feat[p], x: B.val[p] });
  });
  const rowsOf = (g: number, l: number) => {
    const out: { r: number; x: number }[] = [];
    for (let r = 0; r < n; r++) for (const en of entries[r]) if (en.g === g && en.l === l) out.push({ r, x: en.x });
    return out;
  };
  /** libFM's textbook sweep: every parameter's h computed row by row from the full design row. */
  const naiveSweep = (s: FmState, rng: Random) => {
    drawAlpha(s, rng);
    drawPriors(s, rng);
    drawW0(s, rng);
    d.blocks.forEach((B, g) => {
      for (let l = 0; l < B.nFeatures; l++) {
        const grp = B.featGroup[l];
        let prec = s.lamW[grp];
        let num = s.lamW[grp] * s.muW[grp];
        const hs = rowsOf(g, l);
        for (const { r, x } of hs) {
          prec += s.alpha * x * x;
          num += s.alpha * x * (s.e[r] + s.w[g][l] * x);
        }
        const nw = num / prec + rng.normal() / Math.sqrt(prec);
        for (const { r, x } of hs) s.e[r] -= (nw - s.w[g][l]) * x;
        s.w[g][l] = nw;
      }
    });
    for (let f = 0; f < k; f++) {
      const q = entries.map((es) => es.reduce((a, en) => a + s.V[en.g][en.l * k + f] * en.x, 0));
      d.blocks.forEach((B, g) => {
        for (let l = 0; l < B.nFeatures; l++) {
          const v = s.V[g][l * k + f];
          const grp = B.featGroup[l] * k + f;
          let prec = s.lamV[grp];
          let num = prec * s.muV[grp];
          const hs = rowsOf(g, l).map(({ r, x }) => ({ r, x, h: x * (q[r] - v * x) }));
          for (const { r, h } of hs) {
            prec += s.alpha * h * h;
            num += s.alpha * h * (s.e[r] + v * h);
          }
          const nv = num / prec + rng.normal() / Math.sqrt(prec);
          for (const { r, x, h } of hs) {
            s.e[r] -= (nv - v) * h;
            q[r] += (nv - v) * x;
          }
          s.V[g][l * k + f] = nv;
        }
      });
    }
  };
  const r1 = new Random(5);
  const r2 = new Random(5);
  for (let it = 0; it < 4; it++) {
    sweep(fast, r1);
    naiveSweep(slow, r2);
    close(fast.alpha, slow.alpha, 1e-9 * slow.alpha, `α after sweep ${it}`);
    close(fast.w0, slow.w0, 1e-9, `w0 after sweep ${it}`);
    for (let g = 0; g < d.blocks.length; g++) {
      for (let p = 0; p < fast.V[g].length; p++) close(fast.V[g][p], slow.V[g][p], 1e-8, `V[${g}][${p}] after sweep ${it}`);
      for (let p = 0; p < fast.w[g].length; p++) close(fast.w[g][p], slow.w[g][p], 1e-8, `w[${g}][${p}] after sweep ${it}`);
    }
    for (let r = 0; r < n; r++) close(fast.e[r], slow.e[r], 1e-8, `e_${r}`);
  }
  // and the residuals kept incrementally are y − ŷ
  const yhat = predictRows(fast);
  for (let r = 0; r < n; r++) close(fast.e[r], fast.y[r] - yhat[r], 1e-8, `e_${r} from scratch`);
});

test('recovers a planted low-rank matrix better than SGD SVD; one seed gives one model; save/load round-trips', async () => {
  const nU = 150;
  const nI = 120;
  const rows = planted(nU, nI, 25, 0.8, 21);
  // hold out one rating in five
  const rng = new Random(2);
  const train = rows.filter(() => rng.next() >= 0.2);
  const held = rows.filter((x) => !train.includes(x));
  const users = Int32Array.from(train, (x) => x.u);
  const data = ratingsFromTriplets(nU, nI, users, Int32Array.from(train, (x) => x.i), Float32Array.from(train, (x) => x.y));
  const vsTruth = (predict: (u: number, i: number) => number) => Math.sqrt(held.reduce((a, x) => a + (predict(x.u, x.i) - x.t) ** 2, 0) / held.length);
  const bayes = new BayesFm({ rank: 5, sweeps: 120, burnIn: 30, seed: 4 }, 'bayes_mf');
  await bayes.fit(data, { threads: 1 });
  const svd = new Svd({ factors: 5, epochs: 40, seed: 4 });
  await svd.fit(data);
  const eb = vsTruth((u, i) => bayes.predict(u, i));
  const es = vsTruth((u, i) => svd.predict(u, i));
  assert.ok(eb < 0.9 * es, `Gibbs ${eb.toFixed(4)} vs SGD SVD ${es.toFixed(4)} (RMSE against the planted values)`);
  const again = new BayesFm({ rank: 5, sweeps: 120, burnIn: 30, seed: 4 }, 'bayes_mf');
  await again.fit(data, { threads: 1 });
  assert.deepEqual(again.samples, bayes.samples, 'one seed, one thread: the same samples');
  // two chains on two threads: the same for the same seed, chain 0 is the one-thread chain's start
  const two = [0, 1].map(() => new BayesFm({ rank: 5, sweeps: 60, burnIn: 30, seed: 4 }, 'bayes_mf'));
  for (const m of two) await m.fit(data, { threads: 2 });
  assert.equal(two[0].kept, 30);
  assert.deepEqual(two[0].samples, two[1].samples, 'one seed, two threads: the same samples');
  assert.deepEqual(two[0].samples.subarray(0, 15 * two[0].stride), bayes.samples.subarray(0, 15 * bayes.stride), 'chain 0 = the single chain');
  assert.notDeepEqual(two[0].samples.subarray(15 * two[0].stride), bayes.samples.subarray(15 * bayes.stride, 30 * bayes.stride), 'chain 1 is its own chain');
  // a memory budget for 10 stored sweeps: every 9th of the 90 kept is stored (the chain is the same)
  const thinned = new BayesFm({ rank: 5, sweeps: 120, burnIn: 30, seed: 4 }, 'bayes_mf');
  await thinned.fit(data, { threads: 1, maxStoredFloats: 10 * bayes.stride });
  assert.equal(thinned.kept, 10);
  for (let j = 0; j < 10; j++) assert.deepEqual(thinned.samples.subarray(j * bayes.stride, (j + 1) * bayes.stride), bayes.samples.subarray(9 * j * bayes.stride, (9 * j + 1) * bayes.stride), `stored sweep ${j}`);
  const { dir, cleanup } = tempDir();
  try {
    bayes.save(dir);
    const loaded = BayesFm.load(dir);
    assert.equal(loaded.kind, 'bayes_mf');
    for (const x of held.slice(0, 40)) assert.equal(loaded.predict(x.u, x.i), bayes.predict(x.u, x.i));
    assert.equal(loaded.predict(-1, -1), bayes.predict(-1, -1));
  } finally {
    cleanup();
  }
});

test('posterior means per chain: exact own parts, chain-mean cross term; the biased-factor form and save/load agree', async () => {
  const nU = 40;
  const nI = 30;
  const rows = planted(nU, nI, 8, 0.5, 5);
  const users = Int32Array.from(rows, (x) => x.u);
  const data = ratingsFromTriplets(nU, nI, users, Int32Array.from(rows, (x) => x.i), Float32Array.from(rows, (x) => x.y));
  const k = 3;
  const m = new BayesFm({ rank: k, sweeps: 16, burnIn: 4, seed: 9 }, 'bayes_fm');
  await m.fit(data, { threads: 2 });
  assert.equal(m.chains, 2);
  assert.equal(m.kept, 12);
  const stride = (nU + nI) * (k + 1);
  assert.equal(m.stride, stride);
  // by hand from the stored sweeps: key a's vector of sweep j at j·stride + a·(k+1), its scalar after it
  const vec = (j: number, a: number) => Array.from(m.samples.subarray(j * stride + a * (k + 1), j * stride + a * (k + 1) + k));
  const own = (j: number, a: number) => m.samples[j * stride + a * (k + 1) + k] + 0.5 * vec(j, a).reduce((s, v) => s + v * v, 0);
  const dot = (x: number[], y: number[]) => x.reduce((s, v, f) => s + v * y[f], 0);
  const mean = (xs: number[][]) => xs[0].map((_, f) => xs.reduce((s, x) => s + x[f], 0) / xs.length);
  const clip = (x: number) => Math.min(m.scale[1], Math.max(m.scale[0], x));
  const exact = (u: number, i: number) => clip([...Array(12).keys()].reduce((s, j) => s + m.w0s[j] + own(j, u) + own(j, nU + i) + dot(vec(j, u), vec(j, nU + i)), 0) / 12);
  const chainMeans = (u: number, i: number) => {
    let y = 0;
    for (let j = 0; j < 12; j++) y += m.w0s[j] + own(j, u) + own(j, nU + i);
    y /= 12;
    for (const c of [0, 1]) {
      const js = [...Array(6).keys()].map((j) => c * 6 + j);
      y += dot(mean(js.map((j) => vec(j, u))), mean(js.map((j) => vec(j, nU + i)))) / 2;
    }
    return clip(y);
  };
  const means = m.posteriorMeans();
  assert.equal(means.kept, 2);
  assert.equal(means.summary, 'chain means');
  const full = m.biasedFactors();
  const served = means.biasedFactors();
  assert.equal(full.params.factors, 12 * k);
  assert.equal(served.params.factors, 2 * k);
  const viaFactors = (f: typeof full, u: number, i: number) => clip(f.mu + f.bu[u] + f.bi[i] + dot(Array.from(f.P.subarray(u * f.params.factors, (u + 1) * f.params.factors)), Array.from(f.Q.subarray(i * f.params.factors, (i + 1) * f.params.factors))));
  let differ = 0;
  for (let u = 0; u < nU; u += 3) {
    for (let i = 0; i < nI; i += 2) {
      close(m.predict(u, i), exact(u, i), 1e-4, `every sweep (${u}, ${i})`);
      close(viaFactors(full, u, i), exact(u, i), 1e-4, `every sweep as factors (${u}, ${i})`);
      close(means.predict(u, i), chainMeans(u, i), 1e-4, `chain means (${u}, ${i})`);
      close(viaFactors(served, u, i), chainMeans(u, i), 1e-4, `chain means as factors (${u}, ${i})`);
      if (Math.abs(exact(u, i) - chainMeans(u, i)) > 1e-6) differ++;
    }
  }
  assert.ok(differ > 0, 'the chain means are an approximation: some pairs differ');
  // a user or item unknown to the model: its own parts alone
  close(means.predict(-1, 4), clip([...Array(12).keys()].reduce((s, j) => s + m.w0s[j] + own(j, nU + 4), 0) / 12), 1e-4, 'unknown user');
  const { dir, cleanup } = tempDir();
  try {
    means.save(dir);
    const loaded = loadBayesFm(dir);
    assert.equal(loaded.kind, 'bayes_fm');
    assert.equal(loaded.chains, 2);
    assert.equal(loaded.summary, 'chain means');
    assert.deepEqual(loaded.params, means.params);
    for (let u = 0; u < nU; u += 5) for (let i = 0; i < nI; i += 3) assert.equal(loaded.predict(u, i), means.predict(u, i));
  } finally {
    cleanup();
  }
});

test('a warm start from an SVD of the same rank: the chain starts at the SVD’s predictions, implicit features at 0', async () => {
  const nU = 30;
  const nI = 25;
  const rows = planted(nU, nI, 7, 0.5, 8);
  const users = Int32Array.from(rows, (x) => x.u);
  const data = ratingsFromTriplets(nU, nI, users, Int32Array.from(rows, (x) => x.i), Float32Array.from(rows, (x) => x.y));
  const svd = new Svd({ factors: 3, epochs: 10, seed: 2 });
  await svd.fit(data, { threads: 1 });
  const d = design(data, { ...BAYES_FM_DEFAULTS, rank: 3, seed: 1 });
  const s = initState(Float64Array.from(data.values), d.blocks, 3, 0.1, new Random(3));
  startFrom(s, svd);
  const yhat = predictRows(s);
  // the rows in CSR order: user u's ratings at [indptr[u], indptr[u+1])
  for (let u = 0; u < nU; u++) {
    for (let r = data.indptr[u]; r < data.indptr[u + 1]; r++) {
      const i = data.items[r];
      let want = svd.mu + svd.bu[u] + svd.bi[i];
      for (let f = 0; f < 3; f++) want += svd.P[u * 3 + f] * svd.Q[i * 3 + f];
      close(yhat[r], want, 1e-5, `ŷ of row ${r}`);
      close(s.e[r], data.values[r] - want, 1e-5, `e of row ${r}`);
    }
  }
  // implicit features (after the ids in each block) start at 0
  assert.ok(s.V[0].subarray(nU * 3).every((v) => v === 0) && s.V[1].subarray(nI * 3).every((v) => v === 0));
  assert.throws(() => startFrom(initState(Float64Array.from(data.values), d.blocks, 4, 0.1, new Random(3)), svd), /3 factors, the model's rank is 4/);
  // a fit from it: deterministic for a seed, as a cold one
  const fits = [0, 1].map(() => new BayesFm({ rank: 3, sweeps: 6, burnIn: 1, seed: 5 }, 'bayes_fm'));
  for (const m of fits) await m.fit(data, { threads: 2, warmStart: svd });
  assert.deepEqual(fits[0].samples, fits[1].samples);
});
