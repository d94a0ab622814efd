/** For the kernels' tests: a 5 users × 6 items library written out by hand, CSR from dense rows, a relative comparison. */
import assert from 'node:assert/strict';
import { csrFromCoo, type Csr } from '../../../src/core/models/csr.js';

// 5 users × 6 items, weights written out by hand (0 = not owned)
export const DENSE = [
  [1, 2, 0, 0, 1, 0],
  [0, 1, 3, 0, 0, 0],
  [2, 0, 1, 1, 0, 0],
  [0, 0, 0, 2, 1, 0],
  [1, 1, 1, 0, 0, 0],
];

/** CSR from dense rows (zeros left out). */
export function fromDense(d: number[][]): Csr {
  const rows: number[] = [];
  const cols: number[] = [];
  const vals: number[] = [];
  d.forEach((row, u) => row.forEach((v, i) => v && (rows.push(u), cols.push(i), vals.push(v))));
  return csrFromCoo(d.length, d[0].length, Int32Array.from(rows), Int32Array.from(cols), Float32Array.from(vals));
}

/** a equals b within tol, relative to |b| (absolute below 1). */
export const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);
