/** A 5 users × 6 items library with its weights written out by hand, for the kernels' tests. */
import { csrFromCoo, type Csr } from '../../../src/core/models/csr.js';

// 5 users × 6 items, weights written out by hand (0 = not owned)
export const DENSE = [
  [1, 2, 0, 0, 1, 0],
  [0, 1, 3, 0, 0, 0],
  [2, 0, 1, 1, 0, 0],
  [0, 0, 0, 2, 1, 0],
  [1, 1, 1, 0, 0, 0],
];

export function fromDense(d: number[][]): Csr {
  const rows: number[] = [];
  const cols: number[] = [];
  const vals: number[] = [];
  d.forEach((row, u) => row.forEach((v, i) => v && (rows.push(u), cols.push(i), vals.push(v))));
  return csrFromCoo(d.length, d[0].length, Int32Array.from(rows), Int32Array.from(cols), Float32Array.from(vals));
}
