/**
 * The SGD kernel of the biased SVD, and its block schedule (Gemulla et al. 2011, "DSGD"): users
 * and items are split into BLOCKS groups each; in sub-epoch s the blocks (b, (b + s) mod BLOCKS)
 * share no user and no item, so they can run on different threads with no lock and no race, and
 * the result is the same for any number of threads (the schedule, not the threads, fixes the
 * order of the updates).
 */
export const BLOCKS = 4;

export interface SgdState {
  f: number;
  mu: number;
  lr: number;
  reg: number;
  bu: Float32Array;
  bi: Float32Array;
  P: Float32Array;
  Q: Float32Array;
  /** ratings of user u with items of block b: [segPtr[u·BLOCKS + b], segPtr[u·BLOCKS + b + 1]) */
  segPtr: Int32Array;
  segItems: Int32Array;
  segValues: Float32Array;
  /** this epoch's user order, grouped by user block: block b is [blockStart[b], blockStart[b+1]) */
  epochUsers: Int32Array;
  blockStart: Int32Array;
}

/** SGD over user u's ratings [start, end) of `items`/`values` (tested against a hand-computed step). */
export function sgdRange(s: Pick<SgdState, 'f' | 'mu' | 'lr' | 'reg' | 'bu' | 'bi' | 'P' | 'Q'>, u: number, items: Int32Array, values: Float32Array, start: number, end: number): void {
  const { f, mu, lr, reg, bu, bi, P, Q } = s;
  const uo = u * f;
  const shrink = 1 - lr * reg;
  for (let k = start; k < end; k++) {
    const i = items[k];
    const io = i * f;
    // four accumulators: ~10 % faster than one (V8 does not vectorise)
    let d0 = 0;
    let d1 = 0;
    let d2 = 0;
    let d3 = 0;
    let a = 0;
    for (; a + 3 < f; a += 4) {
      d0 += P[uo + a] * Q[io + a];
      d1 += P[uo + a + 1] * Q[io + a + 1];
      d2 += P[uo + a + 2] * Q[io + a + 2];
      d3 += P[uo + a + 3] * Q[io + a + 3];
    }
    for (; a < f; a++) d0 += P[uo + a] * Q[io + a];
    const err = values[k] - (mu + bu[u] + bi[i] + d0 + d1 + d2 + d3);
    bu[u] += lr * (err - reg * bu[u]);
    bi[i] += lr * (err - reg * bi[i]);
    // p ← p + lr(err·q − λp) and q ← q + lr(err·p − λq), with the old p and q on the right
    const step = lr * err;
    for (a = 0; a < f; a++) {
      const p = P[uo + a];
      const q = Q[io + a];
      P[uo + a] = shrink * p + step * q;
      Q[io + a] = shrink * q + step * p;
    }
  }
}

/** One block: the users of user block `ub` (in this epoch's order), their ratings of item block `ib`. */
export function sgdBlock(s: SgdState, ub: number, ib: number): void {
  for (let n = s.blockStart[ub]; n < s.blockStart[ub + 1]; n++) {
    const u = s.epochUsers[n];
    sgdRange(s, u, s.segItems, s.segValues, s.segPtr[u * BLOCKS + ib], s.segPtr[u * BLOCKS + ib + 1]);
  }
}
