import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareRatingModels, DEFAULT_RATING_ALGO, formatComparison, nestedGrid, RATING_ALGOS, selectFold, type Triplets } from '../../../src/core/eval/rating-eval.js';
import { kFolds } from '../../../src/core/eval/splits.js';
import { Random } from '../../../src/core/synth/random.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { evalRatings } from '../../../src/cli/eval-ratings.js';
import { tempDir } from '../../helpers.js';

/** Ratings from user and item biases and a rank-2 taste model plus noise, on a 1–5 scale. */
function generated(nUsers: number, nItems: number, perUser: number, seed: number): Triplets {
  const rng = new Random(seed);
  const U = Array.from({ length: nUsers * 2 }, () => rng.normal());
  const V = Array.from({ length: nItems * 2 }, () => rng.normal());
  const bu = Array.from({ length: nUsers }, () => 0.5 * rng.normal());
  const bi = Array.from({ length: nItems }, () => 0.5 * rng.normal());
  const users: number[] = [];
  const items: number[] = [];
  const values: number[] = [];
  for (let u = 0; u < nUsers; u++) {
    const seen = new Set<number>();
    while (seen.size < perUser) seen.add(rng.int(0, nItems - 1));
    for (const i of seen) {
      users.push(u);
      items.push(i);
      values.push(Math.min(5, Math.max(1, 3.5 + bu[u] + bi[i] + 0.7 * (U[2 * u] * V[2 * i] + U[2 * u + 1] * V[2 * i + 1]) + 0.5 * rng.normal())));
    }
  }
  return { users: Int32Array.from(users), items: Int32Array.from(items), values: Float32Array.from(values) };
}

test('--algo all: every model on the same split, one table, best first, baselines and the default marked', async () => {
  const all = generated(120, 80, 20, 1);
  const folds = kFolds(all.users.length, 5, 2);
  const split = { train: selectFold(all, folds, 0, false), test: selectFold(all, folds, 0, true) };
  const rows = await compareRatingModels(120, 80, [split], 3);
  assert.deepEqual(rows.map((r) => r.algo), [...RATING_ALGOS]);
  const by = Object.fromEntries(rows.map((r) => [r.algo, r]));
  assert.ok(by.baseline.rmse < by.global_mean.rmse);
  assert.ok(by.bayes_fm.rmse < by.baseline.rmse, `bayes_fm ${by.bayes_fm.rmse} < baseline ${by.baseline.rmse}`);
  const text = formatComparison(rows, 'one split');
  const lines = text.split('\n');
  assert.match(lines[1], /no setting was chosen on the test ratings/);
  const rmses = lines.slice(4).map((l) => Number(l.trim().split(/\s+/).at(-3)));
  assert.deepEqual(rmses, [...rmses].sort((a, b) => a - b), 'sorted by RMSE');
  assert.match(text, /global_mean \(baseline\)/);
  assert.match(text, new RegExp(`${DEFAULT_RATING_ALGO} \\(default\\)`));
});

test('nested grid: the choice depends on the training ratings only, never on the test ratings', async () => {
  const all = generated(100, 60, 15, 4);
  const folds = kFolds(all.users.length, 5, 5);
  const train = selectFold(all, folds, 0, false);
  const test = selectFold(all, folds, 0, true);
  // the same test pairs with their ratings reversed (6 − r): a choice made on the test file would change
  const reversed = { ...test, values: Float32Array.from(test.values, (v) => 6 - v) };
  const combos = [1, 4, 30].map((factors) => ({ factors, epochs: 15, lr: 0.01, reg: 0.05, seed: 1 }));
  const a = await nestedGrid('svd', combos, 100, 60, train, test, 3, 7);
  const b = await nestedGrid('svd', combos, 100, 60, train, reversed, 3, 7);
  const choice = (rows: typeof a.rows) => rows.map((r) => ({ params: r.params, cvRmse: r.cvRmse }));
  assert.deepEqual(choice(a.rows), choice(b.rows), 'inner CV scores do not see the test file');
  assert.equal(a.best.params.factors, b.best.params.factors);
  assert.equal(a.rows.length, 3);
  assert.ok(a.rows[0].cvRmse <= a.rows[1].cvRmse && a.rows[1].cvRmse <= a.rows[2].cvRmse);
  assert.equal(a.best.params.factors, a.rows[0].params.factors, 'the best inner-CV setting is the one scored on test');
  assert.notEqual(a.best.rmse, b.best.rmse, 'the test file is used, once, for the chosen setting');
});

test('recops eval ratings: the Gibbs models take a timestamp column, and refuse SGD settings with a way out', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const all = generated(40, 30, 8, 9);
    const csv = (from: number, to: number) =>
      'userId,movieId,rating,timestamp\n' + Array.from({ length: to - from }, (_, k) => `u${all.users[from + k]},m${all.items[from + k]},${all.values[from + k].toFixed(1)},${1_500_000_000 + 86_400 * ((from + k) % 20)}`).join('\n') + '\n';
    writeFileSync(join(dir, 'train.csv'), csv(0, 260));
    writeFileSync(join(dir, 'test.csv'), csv(260, 320));
    const out = JSON.parse(await evalRatings({ train: join(dir, 'train.csv'), test: join(dir, 'test.csv'), algo: 'bayes_fm', factors: '3', epochs: '20', seed: '1' }));
    assert.equal(out.algo, 'bayes_fm');
    assert.deepEqual([out.params.rank, out.params.sweeps, out.params.burnIn, out.params.time], [3, 20, 5, 1]);
    assert.equal(out.n_test, 60);
    assert.ok(out.rmse > 0 && out.rmse < 2, String(out.rmse));
    await assert.rejects(evalRatings({ train: join(dir, 'train.csv'), test: join(dir, 'test.csv'), algo: 'bayes_fm', lr: '0.01', seed: '1' }), /--lr and --reg are SGD settings; bayes_fm is fitted by Gibbs sampling.*give --factors \(the rank\) and --epochs/);
  } finally {
    cleanup();
  }
});
