/**
 * Gradient-boosted regression trees (squared loss), histogram-based in the manner of LightGBM /
 * scikit-learn's HistGradientBoosting, written on typed arrays for sparse design matrices.
 *
 * - Binning: each feature's values are cut into at most `maxBins` bins (every distinct value its
 *   own bin when there are few, else quantile bins); the cut points are float32 midpoints, so a
 *   tree learnt on bins walks on raw values with `x <= threshold` and both agree exactly.
 * - Histograms are built from the non-zeros only; the bin holding 0 is filled by subtraction from
 *   the node totals, so a 0/1 tag costs nothing for the games without it. A child's histogram is
 *   its parent's minus its sibling's, and only the smaller sibling is ever scanned.
 * - Trees grow depth-wise to `maxDepth`; a split needs `minLeaf` rows on each side and a positive
 *   gain G_L²/(n_L+λ) + G_R²/(n_R+λ) − G²/(n+λ); a leaf predicts learningRate · G/(n+λ).
 * - Stochastic: each tree sees a seeded `subsample` of rows and a `colsample` of features.
 *   Everything (sampling, summation order, tie-breaks: the first best split) is deterministic for
 *   a seed.
 *
 * Serving walks every tree on a dense scratch copy of the row: trees × depth comparisons.
 */
import type { Csr } from './csr.js';
import { transpose } from './csr.js';
import { saveArtifact, loadArtifact } from './io.js';
import type { RegressionData, Regressor } from './regressor.js';
import { secondsSince, type FitOptions } from './model.js';
import { Random } from '../synth/random.js';

export interface GbmParams {
  trees: number;
  learningRate: number;
  maxDepth: number;
  /** rows each side of a split, at least */
  minLeaf: number;
  /** L2 penalty on leaf values */
  lambda: number;
  /** fraction of rows each tree learns from */
  subsample: number;
  /** fraction of features each tree may split on */
  colsample: number;
  /** ≤ 255 */
  maxBins: number;
  seed: number;
}

export const DEFAULT_GBM: GbmParams = { trees: 300, learningRate: 0.1, maxDepth: 6, minLeaf: 20, lambda: 1, subsample: 0.8, colsample: 0.8, maxBins: 64, seed: 42 };

/**
 * Upper edges of the bins of one feature: bin b holds values x with edges[b-1] < x ≤ edges[b]; the
 * last bin everything above. `sortedValues` are the feature's non-zero values, ascending;
 * `zeros` how many rows hold 0.
 */
export function binEdges(sortedValues: Float32Array, zeros: number, maxBins: number): Float32Array {
  // distinct values with their counts, 0 merged in at its place
  const distinct: number[] = [];
  const counts: number[] = [];
  let zeroDone = zeros === 0;
  const push = (v: number, c: number) => {
    if (distinct.length && distinct[distinct.length - 1] === v) counts[counts.length - 1] += c;
    else (distinct.push(v), counts.push(c));
  };
  for (let i = 0; i < sortedValues.length; i++) {
    const v = sortedValues[i];
    if (!zeroDone && v > 0) (push(0, zeros), (zeroDone = true));
    push(v, 1);
  }
  if (!zeroDone) push(0, zeros);
  const total = sortedValues.length + zeros;
  const cuts: number[] = [];
  if (distinct.length <= maxBins) {
    for (let i = 0; i + 1 < distinct.length; i++) cuts.push(i);
  } else {
    // quantile bins: cut after the distinct value where the running count passes each 1/maxBins
    let running = 0;
    let nextTarget = total / maxBins;
    for (let i = 0; i + 1 < distinct.length && cuts.length < maxBins - 1; i++) {
      running += counts[i];
      if (running >= nextTarget) {
        cuts.push(i);
        while (nextTarget <= running) nextTarget += total / maxBins;
      }
    }
  }
  const edges = new Float32Array(cuts.length);
  for (let c = 0; c < cuts.length; c++) {
    const lo = distinct[cuts[c]];
    const hi = distinct[cuts[c] + 1];
    let edge = Math.fround(lo + (hi - lo) / 2);
    if (!(edge < hi)) edge = lo; // adjacent float32 values: the lower one is an exact edge
    edges[c] = edge;
  }
  return edges;
}

/** Index of the bin of x: the first b with x ≤ edges[b], else edges.length. */
export function binOf(x: number, edges: Float32Array): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x <= edges[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

interface LevelNode {
  id: number;
  /** the node's sampled rows are order[start, end) */
  start: number;
  end: number;
  hist: Float64Array;
  G: number;
  N: number;
}

/** Tree nodes of the ensemble being grown, in typed arrays that double when full. */
class NodeStore {
  size = 0;
  feature = new Int32Array(1024);
  bin = new Int32Array(1024);
  threshold = new Float32Array(1024);
  left = new Int32Array(1024);
  right = new Int32Array(1024);
  value = new Float32Array(1024);

  /** a new leaf (feature −1); returns its index */
  add(): number {
    if (this.size === this.feature.length) {
      const grow = <T extends Int32Array | Float32Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.feature = grow(this.feature);
      this.bin = grow(this.bin);
      this.threshold = grow(this.threshold);
      this.left = grow(this.left);
      this.right = grow(this.right);
      this.value = grow(this.value);
    }
    const id = this.size++;
    this.feature[id] = -1;
    this.left[id] = -1;
    this.right[id] = -1;
    return id;
  }
}

export class GradientBoosting implements Regressor {
  readonly kind = 'gbm';
  readonly params: GbmParams;
  base = 0;
  nFeatures = 0;
  /** node index of each tree's root */
  roots: Int32Array = new Int32Array(0);
  /** per node: split feature, −1 for a leaf */
  feature: Int32Array = new Int32Array(0);
  /** per node: go left when x ≤ threshold */
  threshold: Float32Array = new Float32Array(0);
  left: Int32Array = new Int32Array(0);
  right: Int32Array = new Int32Array(0);
  /** per leaf: its contribution (learning rate included) */
  value: Float32Array = new Float32Array(0);
  /** per feature: total gain of its splits */
  importance: Float32Array = new Float32Array(0);
  private scratch: Float32Array = new Float32Array(0);

  constructor(params: Partial<GbmParams> = {}) {
    this.params = { ...DEFAULT_GBM, ...params };
    const p = this.params;
    if (!(p.maxBins >= 2 && p.maxBins <= 255)) throw new Error(`maxBins must be in [2, 255], got ${p.maxBins}`);
    if (!(p.subsample > 0 && p.subsample <= 1) || !(p.colsample > 0 && p.colsample <= 1)) throw new Error('subsample and colsample must be in (0, 1]');
  }

  /** One thread; `onProgress` after every tree. */
  fit({ X, y }: RegressionData, opts: FitOptions = {}): void {
    if (opts.seed !== undefined) this.params.seed = opts.seed;
    const n = X.nRows;
    const F = X.nCols;
    const p = this.params;
    if (y.length !== n) throw new Error(`X has ${n} rows, y ${y.length} values`);
    if (n === 0) throw new Error('gradient boosting needs at least one row');

    // --- bins
    const cols = transpose(X);
    const edges: Float32Array[] = [];
    const offset = new Int32Array(F + 1);
    const zeroBin = new Int32Array(F);
    for (let f = 0; f < F; f++) {
      const vals = cols.values.slice(cols.indptr[f], cols.indptr[f + 1]);
      // an explicit 0 stored in the sparse matrix counts as a zero
      const nonZero = vals.filter((v) => v !== 0).sort();
      const e = binEdges(nonZero, n - nonZero.length, p.maxBins);
      edges.push(e);
      zeroBin[f] = binOf(0, e);
      offset[f + 1] = offset[f] + e.length + 1;
    }
    const totalBins = offset[F];
    // column-major (feature f's bins at f·n ..), so partitioning a node by one feature reads
    // one column in row order rather than striding across rows
    const bins = new Uint8Array(n * F);
    for (let f = 0; f < F; f++) bins.fill(zeroBin[f], f * n, (f + 1) * n);
    // histogram slot of every stored non-zero (−1 when it falls in its feature's zero bin)
    const slot = new Int32Array(X.indices.length).fill(-1);
    for (let r = 0; r < n; r++) {
      for (let k = X.indptr[r]; k < X.indptr[r + 1]; k++) {
        const f = X.indices[k];
        const b = binOf(X.values[k], edges[f]);
        bins[f * n + r] = b;
        if (b !== zeroBin[f]) slot[k] = offset[f] + b;
      }
    }

    // --- boosting
    let ySum = 0;
    for (let i = 0; i < n; i++) ySum += y[i];
    this.base = ySum / n;
    const pred = new Float64Array(n).fill(this.base);
    const grad = new Float64Array(n);
    const rng = new Random(p.seed);
    const order = new Int32Array(n);
    const tmp = new Int32Array(n);
    const inSample = new Uint8Array(n);
    const allowed = new Uint8Array(F);
    const importance = new Float64Array(F);
    const nodes = new NodeStore();
    const roots: number[] = [];
    const indptr = X.indptr;

    /** gradient sum and row count per bin, interleaved: [G₀, N₀, G₁, N₁, ...] */
    const buildHist = (start: number, end: number, G: number): Float64Array => {
      const hist = new Float64Array(2 * totalBins);
      for (let i = start; i < end; i++) {
        const r = order[i];
        const g = grad[r];
        const kEnd = indptr[r + 1];
        for (let k = indptr[r]; k < kEnd; k++) {
          const s = slot[k];
          if (s >= 0) {
            hist[2 * s] += g;
            hist[2 * s + 1] += 1;
          }
        }
      }
      const N = end - start;
      for (let f = 0; f < F; f++) {
        let sg = 0;
        let sn = 0;
        for (let s = offset[f]; s < offset[f + 1]; s++) {
          sg += hist[2 * s];
          sn += hist[2 * s + 1];
        }
        const z = offset[f] + zeroBin[f];
        hist[2 * z] = G - sg;
        hist[2 * z + 1] = N - sn;
      }
      return hist;
    };

    for (let t = 0; t < p.trees; t++) {
      const treeStarted = performance.now();
      for (let i = 0; i < n; i++) grad[i] = y[i] - pred[i];
      let m = 0;
      for (let i = 0; i < n; i++) {
        inSample[i] = p.subsample >= 1 || rng.next() < p.subsample ? 1 : 0;
        if (inSample[i]) order[m++] = i;
      }
      let nAllowed = 0;
      for (let f = 0; f < F; f++) {
        allowed[f] = p.colsample >= 1 || rng.next() < p.colsample ? 1 : 0;
        nAllowed += allowed[f];
      }
      if (nAllowed === 0) allowed.fill(1);
      let G = 0;
      for (let i = 0; i < m; i++) G += grad[order[i]];
      const root = nodes.add();
      roots.push(root);
      let level: LevelNode[] = [{ id: root, start: 0, end: m, hist: buildHist(0, m, G), G, N: m }];
      for (let depth = 0; level.length; depth++) {
        const next: LevelNode[] = [];
        for (const node of level) {
          const best = depth < p.maxDepth && node.N >= 2 * p.minLeaf ? this.bestSplit(node, F, offset, allowed) : null;
          if (!best) {
            const v = Math.fround((p.learningRate * node.G) / (node.N + p.lambda));
            nodes.value[node.id] = v;
            // the sampled rows of this leaf are exactly order[start, end)
            for (let i = node.start; i < node.end; i++) pred[order[i]] += v;
            continue;
          }
          importance[best.feature] += best.gain;
          // stable partition of the node's rows: bin ≤ best.bin to the left
          const column = bins.subarray(best.feature * n, (best.feature + 1) * n);
          let l = node.start;
          let r = 0;
          for (let i = node.start; i < node.end; i++) {
            const row = order[i];
            if (column[row] <= best.bin) order[l++] = row;
            else tmp[r++] = row;
          }
          order.set(tmp.subarray(0, r), l);
          const leftId = nodes.add();
          const rightId = nodes.add();
          nodes.feature[node.id] = best.feature;
          nodes.bin[node.id] = best.bin;
          nodes.threshold[node.id] = edges[best.feature][best.bin];
          nodes.left[node.id] = leftId;
          nodes.right[node.id] = rightId;
          const nl = l - node.start;
          const leftSmaller = nl <= node.N - nl;
          const small = leftSmaller ? buildHist(node.start, l, best.GL) : buildHist(l, node.end, node.G - best.GL);
          const big = node.hist; // reused in place: the parent's histogram is not needed any more
          for (let s = 0; s < big.length; s++) big[s] -= small[s];
          next.push({ id: leftId, start: node.start, end: l, hist: leftSmaller ? small : big, G: best.GL, N: nl });
          next.push({ id: rightId, start: l, end: node.end, hist: leftSmaller ? big : small, G: node.G - best.GL, N: node.N - nl });
        }
        level = next;
      }
      // the rows this tree did not sample walk down it
      if (m < n) {
        const { feature, bin, left, right, value } = nodes;
        for (let i = 0; i < n; i++) {
          if (inSample[i]) continue;
          let node = root;
          while (feature[node] >= 0) node = bins[feature[node] * n + i] <= bin[node] ? left[node] : right[node];
          pred[i] += value[node];
        }
      }
      opts.onProgress?.(t, secondsSince(treeStarted));
    }
    const size = nodes.size;
    this.nFeatures = F;
    this.roots = Int32Array.from(roots);
    this.feature = nodes.feature.slice(0, size);
    this.threshold = nodes.threshold.slice(0, size);
    this.left = nodes.left.slice(0, size);
    this.right = nodes.right.slice(0, size);
    this.value = nodes.value.slice(0, size);
    this.importance = Float32Array.from(importance);
    this.scratch = new Float32Array(F);
  }

  private bestSplit(node: LevelNode, F: number, offset: Int32Array, allowed: Uint8Array): { feature: number; bin: number; gain: number; GL: number } | null {
    const { lambda, minLeaf } = this.params;
    const { hist, G, N } = node;
    const parentScore = (G * G) / (N + lambda);
    let best: { feature: number; bin: number; gain: number; GL: number } | null = null;
    let bestGain = 1e-12;
    for (let f = 0; f < F; f++) {
      if (!allowed[f]) continue;
      let GL = 0;
      let NL = 0;
      for (let s = offset[f]; s < offset[f + 1] - 1; s++) {
        GL += hist[2 * s];
        NL += hist[2 * s + 1];
        if (NL < minLeaf) continue;
        const NR = N - NL;
        if (NR < minLeaf) break;
        const GR = G - GL;
        const gain = (GL * GL) / (NL + lambda) + (GR * GR) / (NR + lambda) - parentScore;
        if (gain > bestGain) {
          bestGain = gain;
          best = { feature: f, bin: s - offset[f], gain, GL };
        }
      }
    }
    return best;
  }

  predictRow(indices: ArrayLike<number>, values: ArrayLike<number>): number {
    const x = this.scratch;
    for (let k = 0; k < indices.length; k++) if (indices[k] < this.nFeatures) x[indices[k]] = values[k];
    let s = this.base;
    const { roots, feature, threshold, left, right, value } = this;
    for (let t = 0; t < roots.length; t++) {
      let node = roots[t];
      while (feature[node] >= 0) node = x[feature[node]] <= threshold[node] ? left[node] : right[node];
      s += value[node];
    }
    for (let k = 0; k < indices.length; k++) if (indices[k] < this.nFeatures) x[indices[k]] = 0;
    return s;
  }

  save(dir: string): void {
    saveArtifact(
      dir,
      { kind: this.kind, params: this.params, base: this.base, nFeatures: this.nFeatures, trees: this.roots.length, nodes: this.feature.length },
      { roots: this.roots, feature: this.feature, threshold: this.threshold, left: this.left, right: this.right, value: this.value, importance: this.importance },
    );
  }

  static load(dir: string): GradientBoosting {
    const { meta, arrays } = loadArtifact(dir);
    if (meta.kind !== undefined && meta.kind !== 'gbm') throw new Error(`${dir} holds a ${String(meta.kind)} model, not gbm`);
    const m = new GradientBoosting(meta.params as GbmParams);
    m.base = meta.base as number;
    m.nFeatures = meta.nFeatures as number;
    m.roots = arrays.roots as Int32Array;
    m.feature = arrays.feature as Int32Array;
    m.threshold = arrays.threshold as Float32Array;
    m.left = arrays.left as Int32Array;
    m.right = arrays.right as Int32Array;
    m.value = arrays.value as Float32Array;
    m.importance = arrays.importance as Float32Array;
    m.scratch = new Float32Array(m.nFeatures);
    return m;
  }
}
