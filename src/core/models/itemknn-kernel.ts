import type { CsrArrays } from './csr.js';
import { TopN } from './topk.js';

export interface KnnShared {
  k: number;
  shrink: number;
  userItems: CsrArrays;
  itemUsers: CsrArrays;
  norms: Float64Array;
  /** outputs: neighbours of item i at [i*k, i*k + nbrCount[i]) */
  nbr: Int32Array;
  sim: Float32Array;
  nbrCount: Int32Array;
}

/**
 * Top-k cosine neighbours of items [start, end): the dot products of item i with every item
 * sharing a user (Σ_u w_ui · w_uj), accumulated sparsely, divided by |i||j| + shrink.
 */
export function knnRows(s: KnnShared, start: number, end: number): void {
  const { k, shrink, userItems, itemUsers, norms, nbr, sim, nbrCount } = s;
  const nItems = norms.length;
  const acc = new Float64Array(nItems);
  const touched = new Int32Array(nItems);
  const stamp = new Int32Array(nItems); // stamp[j] = i + 1 once j is in item i's touched list
  const top = new TopN(k);
  const { indptr: uPtr, indices: uIdx, values: uVal } = userItems;
  for (let i = start; i < end; i++) {
    let nTouched = 0;
    for (let p = itemUsers.indptr[i]; p < itemUsers.indptr[i + 1]; p++) {
      const u = itemUsers.indices[p];
      const w = itemUsers.values[p];
      for (let q = uPtr[u]; q < uPtr[u + 1]; q++) {
        const j = uIdx[q];
        if (stamp[j] !== i + 1) {
          stamp[j] = i + 1;
          touched[nTouched++] = j;
        }
        acc[j] += w * uVal[q];
      }
    }
    top.reset();
    for (let t = 0; t < nTouched; t++) {
      const j = touched[t];
      if (j !== i) top.push(j, acc[j] / (norms[i] * norms[j] + shrink));
      acc[j] = 0;
    }
    nbrCount[i] = top.size;
    for (let t = 0; t < top.size; t++) {
      nbr[i * k + t] = top.items[t];
      sim[i * k + t] = top.scores[t];
    }
  }
}
