import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TopN } from '../../../src/core/models/topk.js';

test('TopN keeps the best n, ties by smaller index', () => {
  const t = new TopN(3);
  [[5, 0.1], [2, 0.9], [7, 0.5], [1, 0.5], [3, 0.95], [0, 0.1]].forEach(([i, s]) => t.push(i, s));
  assert.deepEqual(t.result().map((r) => r.item), [3, 2, 1]);
});
