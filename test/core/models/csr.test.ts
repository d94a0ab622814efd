import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csrFromCoo, transpose } from '../../../src/core/models/csr.js';
import { DENSE, fromDense } from './dense-fixture.js';

test('CSR from triplets sorts rows and sums duplicates; transpose round-trips', () => {
  const m = csrFromCoo(2, 3, Int32Array.from([1, 0, 0, 1, 0]), Int32Array.from([2, 2, 0, 2, 0]), Float32Array.from([1, 2, 3, 4, 5]));
  assert.deepEqual([...m.indptr], [0, 2, 3]);
  assert.deepEqual([...m.indices], [0, 2, 2]);
  assert.deepEqual([...m.values], [8, 2, 5]);
  const t = transpose(transpose(fromDense(DENSE)));
  assert.deepEqual(t, fromDense(DENSE));
});
