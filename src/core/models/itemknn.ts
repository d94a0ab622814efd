import { nnz, transpose, type Csr } from './csr.js';
import { knnRows, type KnnShared } from './itemknn-kernel.js';
import { WorkerPool, balancedRanges, threadsFor, toShared, workerUrl } from './pool.js';
import { loadArtifact, saveArtifact } from './io.js';
import { ExcludeMask, type History, type RecommendOptions, type Recommender } from './recommender.js';
import { secondsSince, type FitOptions } from './model.js';
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

  /** Neighbours of every item; items are split across worker threads for large matrices (same result). One step; no randomness, so the seed changes nothing. */
  async fit(userItems: Csr, opts: FitOptions = {}): Promise<void> {
    const started = performance.now();
    const threads = opts.threads ?? threadsFor(nnz(userItems));
    const { k, shrink } = this.params;
    const itemUsers = transpose(userItems);
    const nItems = userItems.nCols;
    const norms = new Float64Array(new SharedArrayBuffer(nItems * 8));
    for (let i = 0; i < nItems; i++) {
      let s = 0;
      for (let p = itemUsers.indptr[i]; p < itemUsers.indptr[i + 1]; p++) s += itemUsers.values[p] * itemUsers.values[p];
      norms[i] = Math.sqrt(s);
    }
    const share = <T extends Int32Array | Float32Array>(a: T): T => (threads > 1 ? toShared(a) : a);
    const shared: KnnShared = {
      k,
      shrink,
      userItems: { indptr: share(userItems.indptr), indices: share(userItems.indices), values: share(userItems.values) },
      itemUsers: { indptr: share(itemUsers.indptr), indices: share(itemUsers.indices), values: share(itemUsers.values) },
      norms,
      nbr: share(new Int32Array(nItems * k)),
      sim: share(new Float32Array(nItems * k)),
      nbrCount: share(new Int32Array(nItems)),
    };
    if (threads > 1) {
      const pool = WorkerPool.start(workerUrl(import.meta.url, 'itemknn-worker'), threads, shared);
      try {
        // the work of item i is Σ over its users of their library sizes: balance on that
        const work = new Float64Array(nItems + 1);
        for (let i = 0; i < nItems; i++) {
          let w = 0;
          for (let p = itemUsers.indptr[i]; p < itemUsers.indptr[i + 1]; p++) w += userItems.indptr[itemUsers.indices[p] + 1] - userItems.indptr[itemUsers.indices[p]];
          work[i + 1] = work[i] + w;
        }
        await pool.run(balancedRanges(work, threads, 1).map(([start, end]) => ({ start, end })));
      } finally {
        await pool.stop();
      }
    } else {
      knnRows(shared, 0, nItems);
    }
    this.set(nItems, shared.nbr, shared.sim, shared.nbrCount);
    opts.onProgress?.(0, secondsSince(started));
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

  /** Σ weight × similarity over the history's items; the user index is not needed (any history can be scored). */
  recommend(_user: number, history: History, n: number, opts?: RecommendOptions): Scored[] {
    const { k } = this.params;
    const mask = this.mask.set(history, opts);
    const scores = new Map<number, number>();
    const { items, weights } = history;
    for (let p = 0; p < items.length; p++) {
      const i = items[p];
      if (!(i >= 0 && i < this.nItems)) continue;
      const w = weights ? weights[p] : 1;
      for (let t = 0; t < this.nbrCount[i]; t++) {
        const j = this.nbr[i * k + t];
        if (!mask[j]) scores.set(j, (scores.get(j) ?? 0) + w * this.sim[i * k + t]);
      }
    }
    this.mask.clear(history, opts);
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
