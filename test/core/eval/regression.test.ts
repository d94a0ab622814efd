import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mae, regressionMetrics, rmse, rmsle } from '../../../src/core/eval/regression.js';
import { randomHoldout } from '../../../src/core/eval/splits.js';

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} vs ${b}`);

test('RMSE, MAE and RMSLE against hand-computed values', () => {
  // errors 1, −2, 0, 3: squares 1 + 4 + 0 + 9 = 14, absolutes 1 + 2 + 0 + 3 = 6
  const actual = [2, 0, 5, 10];
  const predicted = [1, 2, 5, 7];
  close(rmse(actual, predicted), Math.sqrt(14 / 4));
  close(mae(actual, predicted), 6 / 4);
  // RMSLE: ln(3)−ln(2), ln(1)−ln(3), 0, ln(11)−ln(8)
  const d = [Math.log(3 / 2), -Math.log(3), 0, Math.log(11 / 8)];
  close(rmsle(actual, predicted), Math.sqrt(d.reduce((a, x) => a + x * x, 0) / 4));
  // negative predictions are clamped to 0 inside RMSLE only
  close(rmsle([0], [-5]), 0);
  close(mae([0], [-5]), 5);
  assert.deepEqual(regressionMetrics([1, 1], [1, 1]), { n: 2, rmse: 0, mae: 0, rmsle: 0 });
  assert.deepEqual(regressionMetrics([], []), { n: 0, rmse: 0, mae: 0, rmsle: 0 });
  assert.throws(() => rmse([1, 2], [1]), /2 values, predicted 1/);
  // typed arrays work the same as plain ones
  close(rmse(Float64Array.from(actual), Float32Array.from(predicted)), Math.sqrt(14 / 4));
});

test('random hold-out: exact size, disjoint, covering, sorted, deterministic per seed', () => {
  const a = randomHoldout(101, 0.2, 7);
  assert.equal(a.test.length, 20); // round(20.2)
  assert.equal(a.train.length, 81);
  const all = [...a.train, ...a.test].sort((x, y) => x - y);
  assert.deepEqual(all, Array.from({ length: 101 }, (_, i) => i));
  for (const part of [a.train, a.test]) for (let i = 1; i < part.length; i++) assert.ok(part[i - 1] < part[i]);
  assert.deepEqual(randomHoldout(101, 0.2, 7), a);
  assert.notDeepEqual(randomHoldout(101, 0.2, 8).test, a.test);
  assert.throws(() => randomHoldout(10, 1, 1), /fraction/);
});
