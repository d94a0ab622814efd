import { transpose, type Csr } from './csr.js';
import { loadArtifact, saveArtifact } from './io.js';
import { ExcludeMask, type RecommendOptions, type Recommender } from './recommender.js';
import { TopN, type Scored } from './topk.js';

export interface ItemKnnParams {
  /** neighbours kept per item */
  k: number;
  /** cosine shrinkage: sim = dot / (|a||b| + shrink), damps pairs seen by few users */
  shrink: number;
}

/**
 * Item-item cosine similarity over the weighted user×item matrix, kept as the top-K neighbours
 * of every item (never a dense items×items matrix). Scores for a user are the similarity-weighted
 * sum over the items they have.
 */
export class ItemKnn implements Recommender {
  readonly kind = 'itemknn';
  readonly params: ItemKnnParams;
  /** neighbours of item i: nbr[i*k .. i*k + nbrCount[i]) with similarities sim[...] */
  private nbr: Int32Array = new Int32Array(0);
  private sim: Float32Array = new Float32Array(0);
  private nbrCount: Int32Array = new Int32Array(0);
  private nItems = 0;
  private mask = new ExcludeMask(0);

  constructor(params: Partial<ItemKnnParams> = {}) {
    this.params = { k: params.k ?? 50, shrink: params.shrink ?? 0 };
  }

  fit(userItems: Csr): void {
    const { k, shrink } = this.params;
    const itemUsers = transpose(userItems);
    const nItems = userItems.nCols;
    const norms = new Float64Array(nItems);
    for (let i = 0; i < nItems; i++) {
      let s = 0;
      for (let p = itemUsers.indptr[i]; p < itemUsers.indptr[i + 1]; p++) s += itemUsers.values[p] * itemUsers.values[p];
      norms[i] = Math.sqrt(s);
    }
    const acc = new Float64Array(nItems);
    const touched = new Int32Array(nItems);
    const stamp = new Int32Array(nItems); // stamp[j] = i + 1 once j is in item i's touched list
    const nbr = new Int32Array(nItems * k);
    const sim = new Float32Array(nItems * k);
    const nbrCount = new Int32Array(nItems);
    const top = new TopN(k);
    const { indptr: uPtr, indices: uIdx, values: uVal } = userItems;
    for (let i = 0; i < nItems; i++) {
      let nTouched = 0;
      // dot products of item i with every item sharing a user: Σ_u w_ui · w_uj
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
    this.set(nItems, nbr, sim, nbrCount);
  }

  private set(nItems: number, nbr: Int32Array, sim: Float32Array, nbrCount: Int32Array): void {
    this.nItems = nItems;
    this.nbr = nbr;
    this.sim = sim;
    this.nbrCount = nbrCount;
    this.mask = new ExcludeMask(nItems);
  }

  similarItems(item: number, n: number): Scored[] {
    if (item < 0 || item >= this.nItems) return [];
    const { k } = this.params;
    const out: Scored[] = [];
    for (let t = 0; t < Math.min(n, this.nbrCount[item]); t++) out.push({ item: this.nbr[item * k + t], score: this.sim[item * k + t] });
    return out;
  }

  recommend(user: number, n: number, opts?: RecommendOptions): Scored[] {
    const history = opts?.exclude;
    if (!history || user < 0) return [];
    return this.recommendFrom(history.matrix, history.row, n, opts);
  }

  /** Scores from a history row (the user's items and weights) of any user×item matrix. */
  recommendFrom(history: Csr, row: number, n: number, opts?: RecommendOptions): Scored[] {
    const { k } = this.params;
    const mask = this.mask.set(opts);
    const scores = new Map<number, number>();
    for (let p = history.indptr[row]; p < history.indptr[row + 1]; p++) {
      const i = history.indices[p];
      const w = history.values[p];
      for (let t = 0; t < this.nbrCount[i]; t++) {
        const j = this.nbr[i * k + t];
        if (!mask[j]) scores.set(j, (scores.get(j) ?? 0) + w * this.sim[i * k + t]);
      }
    }
    this.mask.clear(opts);
    const top = new TopN(n);
    for (const [j, s] of scores) top.push(j, s);
    return top.result();
  }

  save(dir: string): void {
    saveArtifact(dir, { kind: this.kind, params: this.params, nItems: this.nItems }, { nbr: this.nbr, sim: this.sim, nbrCount: this.nbrCount });
  }

  static load(dir: string): ItemKnn {
    const { meta, arrays } = loadArtifact(dir);
    const m = new ItemKnn(meta.params as ItemKnnParams);
    m.set(meta.nItems as number, arrays.nbr as Int32Array, arrays.sim as Float32Array, arrays.nbrCount as Int32Array);
    return m;
  }
}
