/**
 * Sparse interactions in CSR form on typed arrays: row r's columns are
 * indices[indptr[r] .. indptr[r+1]) (sorted ascending) with their values. Never a dense matrix.
 */
export interface Csr {
  nRows: number;
  nCols: number;
  indptr: Int32Array;
  indices: Int32Array;
  values: Float32Array;
}

/** A CSR's arrays alone (what a worker thread gets, on shared memory). */
export type CsrArrays = Pick<Csr, 'indptr' | 'indices' | 'values'>;

/** Builds a CSR from coordinate triplets. Duplicate (row, col) pairs are summed. */
export function csrFromCoo(nRows: number, nCols: number, rows: Int32Array, cols: Int32Array, vals: Float32Array): Csr {
  const nnz = rows.length;
  const counts = new Int32Array(nRows + 1);
  for (let k = 0; k < nnz; k++) counts[rows[k] + 1]++;
  for (let r = 0; r < nRows; r++) counts[r + 1] += counts[r];
  const indptr = counts.slice();
  const next = counts.slice(0, nRows);
  const indices = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  for (let k = 0; k < nnz; k++) {
    const p = next[rows[k]]++;
    indices[p] = cols[k];
    values[p] = vals[k];
  }
  const csr = { nRows, nCols, indptr, indices, values };
  sortAndMergeRows(csr);
  return csr;
}

/** Sorts each row's columns and sums duplicates in place (rows are short: insertion sort). */
function sortAndMergeRows(m: Csr): void {
  const { indptr, indices, values } = m;
  let write = 0;
  let rowStart = 0;
  for (let r = 0; r < m.nRows; r++) {
    const start = rowStart;
    const end = indptr[r + 1];
    rowStart = end;
    // insertion sort of [start, end)
    for (let i = start + 1; i < end; i++) {
      const c = indices[i];
      const v = values[i];
      let j = i - 1;
      while (j >= start && indices[j] > c) {
        indices[j + 1] = indices[j];
        values[j + 1] = values[j];
        j--;
      }
      indices[j + 1] = c;
      values[j + 1] = v;
    }
    const rowWriteStart = write;
    for (let i = start; i < end; i++) {
      if (write > rowWriteStart && indices[write - 1] === indices[i]) values[write - 1] += values[i];
      else {
        indices[write] = indices[i];
        values[write] = values[i];
        write++;
      }
    }
    indptr[r + 1] = write;
  }
  if (write < indices.length) {
    m.indices = indices.slice(0, write);
    m.values = values.slice(0, write);
  }
}

export function transpose(m: Csr): Csr {
  const nnz = m.indptr[m.nRows];
  const counts = new Int32Array(m.nCols + 1);
  for (let k = 0; k < nnz; k++) counts[m.indices[k] + 1]++;
  for (let c = 0; c < m.nCols; c++) counts[c + 1] += counts[c];
  const indptr = counts.slice();
  const next = counts.slice(0, m.nCols);
  const indices = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  // rows visited in order, so each transposed row comes out sorted
  for (let r = 0; r < m.nRows; r++) {
    for (let k = m.indptr[r]; k < m.indptr[r + 1]; k++) {
      const p = next[m.indices[k]]++;
      indices[p] = r;
      values[p] = m.values[k];
    }
  }
  return { nRows: m.nCols, nCols: m.nRows, indptr, indices, values };
}

export function nnz(m: Csr): number {
  return m.indptr[m.nRows];
}

export function rowLength(m: Csr, r: number): number {
  return m.indptr[r + 1] - m.indptr[r];
}
