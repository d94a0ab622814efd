/**
 * The streaming rating models on a random 90/10 hold-out of a warehouse's ratings (every rating,
 * never sampled): the global mean and BaselineOnly (baselines), the SVD the pack served before,
 * and the Bayesian FM at the pack's serving settings, with its seconds per Gibbs sweep, its RMSE
 * as the kept sweeps accumulate, and the RMSE of the two ways to serve it (every stored sweep vs
 * the posterior means per chain) beside the memory each needs. bench:streaming runs it in a
 * child process (to read its peak RSS). Prints JSON.
 *
 *   node --import tsx bench/bayes-heldout.ts <warehouse> [--sweeps N] [--burn-in N] [--threads N] [--no-svd] [--cold]
 *
 * --cold starts the chains from random factors instead of the SVD (to measure what the warm start gives).
 */
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import { openReadOnly } from '../src/core/warehouse/warehouse.js';
import { loadRatings, BAYES_SERVED, SERVED_PARAMS } from '../src/packs/streaming/models.js';
import { ratingsFromTriplets, type RatingModel } from '../src/core/models/ratings.js';
import { BaselineOnly, GlobalMean } from '../src/core/models/baselines.js';
import { Svd } from '../src/core/models/svd.js';
import { BayesFm } from '../src/core/models/bayes-fm.js';
import { selectFold, type Triplets } from '../src/core/eval/rating-eval.js';
import { kFolds } from '../src/core/eval/splits.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    sweeps: { type: 'string' },
    'burn-in': { type: 'string' },
    threads: { type: 'string' },
    seed: { type: 'string', default: '42' },
    'no-svd': { type: 'boolean', default: false },
    cold: { type: 'boolean', default: false },
  },
});
const db = positionals[0];
if (!db) {
  console.error('usage: node --import tsx bench/bayes-heldout.ts <streaming warehouse> [--sweeps N] [--burn-in N] [--threads N] [--no-svd]');
  process.exit(2);
}
const seed = Number(values.seed);
const wh = await openReadOnly(db);
const data = await loadRatings(wh.conn);
wh.close();
const nUsers = data.users.length;
const nItems = data.items.length;
const folds = kFolds(data.triplets.users.length, 10, seed);
const trainT = selectFold(data.triplets, folds, 0, false);
const test = selectFold(data.triplets, folds, 0, true);
const train = ratingsFromTriplets(nUsers, nItems, trainT.users, trainT.items, trainT.values);
const seenU = new Uint8Array(nUsers);
const seenI = new Uint8Array(nItems);
for (let r = 0; r < trainT.users.length; r++) [seenU[trainT.users[r]], seenI[trainT.items[r]]] = [1, 1];

const rmseOf = (predict: (u: number, i: number) => number, t: Triplets = test) => {
  let s = 0;
  for (let r = 0; r < t.users.length; r++) {
    const u = t.users[r];
    const i = t.items[r];
    s += (t.values[r] - predict(seenU[u] ? u : -1, seenI[i] ? i : -1)) ** 2;
  }
  return +Math.sqrt(s / t.users.length).toFixed(4);
};
const timedFit = async (m: RatingModel, fit: () => Promise<void> | void) => {
  const t = performance.now();
  await fit();
  return +((performance.now() - t) / 1000).toFixed(1);
};

const rows: Record<string, unknown>[] = [];
for (const [label, m] of [
  ['global mean (baseline)', new GlobalMean()],
  ['BaselineOnly (baseline)', new BaselineOnly()],
] as [string, RatingModel][]) {
  const seconds = await timedFit(m, () => m.fit(train));
  rows.push({ model: label, rmse: rmseOf((u, i) => m.predict(u, i)), fitSeconds: seconds });
}
if (!values['no-svd']) {
  const svd = new Svd({ ...SERVED_PARAMS, seed });
  const seconds = await timedFit(svd, () => svd.fit(train));
  rows.push({ model: 'svd (SGD, the former served settings)', rmse: rmseOf((u, i) => svd.predict(u, i)), fitSeconds: seconds, params: SERVED_PARAMS });
}

const params = { ...BAYES_SERVED.params, ...(values.sweeps ? { sweeps: Number(values.sweeps) } : {}), ...(values['burn-in'] ? { burnIn: Number(values['burn-in']) } : {}), seed };
const threads = values.threads ? Number(values.threads) : BAYES_SERVED.threads;
// the served fit: an SVD of the same rank, then the chains started from it
const warm = new Svd({ ...SERVED_PARAMS, factors: params.rank, seed });
const sweepSeconds: number[] = [];
const load0 = loadavg()[0];
const cpu0 = process.cpuUsage();
const warmSeconds = await timedFit(warm, () => warm.fit(train));
rows.push({ model: `svd (SGD, rank ${params.rank}: the warm start)`, rmse: rmseOf((u, i) => warm.predict(u, i)), fitSeconds: warmSeconds });
const bayes = new BayesFm(params, 'bayes_fm');
const fitSeconds = await timedFit(bayes, () => bayes.fit(train, { threads, onProgress: (_, s) => sweepSeconds.push(+s.toFixed(2)), warmStart: values['cold'] ? undefined : warm }));
const cpu = process.cpuUsage(cpu0);
const means = bayes.posteriorMeans();
const how = { ...params, threads, warmStart: !values['cold'] };
rows.push({ model: 'bayes_fm, every stored sweep averaged', rmse: rmseOf((u, i) => bayes.predict(u, i)), fitSeconds: +(fitSeconds + warmSeconds).toFixed(1), params: how });
rows.push({ model: 'bayes_fm, posterior means per chain (served)', rmse: rmseOf((u, i) => means.predict(u, i)), fitSeconds: +(fitSeconds + warmSeconds).toFixed(1), params: how });

// RMSE as kept sweeps accumulate (chain 0's, in order; with more chains, sweep j of each chain together)
const per = bayes.kept / bayes.chains;
const vsKept: { storedPerChain: number; rmse: number }[] = [];
const sums = new Float64Array(test.users.length);
for (let j = 0; j < per; j++) {
  for (let c = 0; c < bayes.chains; c++) {
    for (let r = 0; r < test.users.length; r++) {
      const u = test.users[r];
      const i = test.items[r];
      sums[r] += bayes.sampleEstimate(c * per + j, seenU[u] ? u : -1, seenI[i] ? i : -1);
    }
  }
  const n = (j + 1) * bayes.chains;
  let s = 0;
  for (let r = 0; r < test.users.length; r++) s += (test.values[r] - Math.min(bayes.scale[1], Math.max(bayes.scale[0], sums[r] / n))) ** 2;
  vsKept.push({ storedPerChain: j + 1, rmse: +Math.sqrt(s / test.users.length).toFixed(4) });
}

const MB = (floats: number) => +((floats * 4) / 2 ** 20).toFixed(1);
const k = bayes.params.rank;
const sorted = [...sweepSeconds].sort((a, b) => a - b);
console.log(
  JSON.stringify({
    ratings: data.triplets.users.length,
    train: trainT.users.length,
    test: test.users.length,
    users: nUsers,
    titles: nItems,
    loadAverage: { atFit: load0, after: loadavg()[0] },
    bayes: {
      chains: bayes.chains,
      sweepsPerChain: sweepSeconds.length,
      secondsPerSweep: { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted[sorted.length - 1], all: sweepSeconds },
      fitCpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(1),
      storedSweeps: bayes.kept,
      serving: {
        everySweepMB: MB(bayes.kept * (nUsers + nItems) * (k + 1)),
        everySweepRawFactorsMB: MB(bayes.kept * 2 * (nUsers + nItems) * k),
        chainMeansMB: MB(bayes.chains * (nUsers + nItems) * (k + 1)),
        searchDimensions: { everySweep: bayes.kept * k, chainMeans: bayes.chains * k },
      },
      rmseVsKept: vsKept,
    },
    models: rows,
  }),
);
