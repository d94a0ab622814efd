/**
 * Vose's alias table for weights[lo, hi), written into prob/alias[lo, hi) (positions absolute):
 * position p is itself with probability prob[p], else alias[p]. One uniform then draws from the
 * range in O(1) (see WeightedSampler.sample). Building is O(n). The weights must be ≥ 0 with a
 * positive sum; a Float32Array `prob` halves the memory of many small tables.
 */
export function fillAlias(weights: ArrayLike<number>, lo: number, hi: number, prob: Float32Array | Float64Array, alias: Int32Array): void {
  const n = hi - lo;
  let total = 0;
  for (let p = lo; p < hi; p++) total += weights[p];
  const scaled = new Float64Array(n);
  // small and large work lists share one array: small grows from the front, large from the back
  const work = new Int32Array(n);
  let small = 0;
  let large = n;
  for (let i = 0; i < n; i++) {
    scaled[i] = (weights[lo + i] * n) / total;
    if (scaled[i] < 1) work[small++] = i;
    else work[--large] = i;
  }
  while (small > 0 && large < n) {
    const s = work[--small];
    const l = work[large];
    prob[lo + s] = scaled[s];
    alias[lo + s] = lo + l;
    scaled[l] = scaled[l] + scaled[s] - 1;
    if (scaled[l] < 1) {
      large++;
      work[small++] = l;
    }
  }
  // leftovers are 1 up to rounding error
  while (large < n) prob[lo + work[large++]] = 1;
  while (small > 0) prob[lo + work[--small]] = 1;
}
