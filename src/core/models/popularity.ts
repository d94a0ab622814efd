import { saveArtifact, loadArtifact } from './io.js';
import type { Csr } from './csr.js';
import { ExcludeMask, type History, type RecommendOptions, type Recommender } from './recommender.js';
import { secondsSince, type FitOptions } from './model.js';
import { TopN, type Scored } from './topk.js';

/** The baseline every report shows: items ranked by how many users have them. */
export class Popularity implements Recommender {
  readonly kind = 'popularity';
  readonly params = {};
  private counts: Float32Array = new Float32Array(0);
  private order: Int32Array = new Int32Array(0);
  private mask = new ExcludeMask(0);

  /** One counting pass: no threads, no randomness. */
  fit(userItems: Csr, opts: FitOptions = {}): void {
    const started = performance.now();
    const counts = new Float32Array(userItems.nCols);
    const nnz = userItems.indptr[userItems.nRows];
    for (let k = 0; k < nnz; k++) counts[userItems.indices[k]]++;
    this.setCounts(counts);
    opts.onProgress?.(0, secondsSince(started));
  }

  private setCounts(counts: Float32Array): void {
    this.counts = counts;
    this.order = Int32Array.from(counts.keys()).sort((a, b) => counts[b] - counts[a] || a - b);
    this.mask = new ExcludeMask(counts.length);
  }

  recommend(_user: number, history: History, n: number, opts?: RecommendOptions): Scored[] {
    const mask = this.mask.set(history, opts);
    const out: Scored[] = [];
    for (let i = 0; i < this.order.length && out.length < n; i++) {
      const item = this.order[i];
      if (!mask[item]) out.push({ item, score: this.counts[item] });
    }
    this.mask.clear(history, opts);
    return out;
  }

  /** Popularity restricted to a candidate set (e.g. a user's favourite genres), best first. */
  rankAmong(candidates: Iterable<number>, n: number): Scored[] {
    const top = new TopN(n);
    for (const item of candidates) top.push(item, this.counts[item]);
    return top.result();
  }

  save(dir: string): void {
    saveArtifact(dir, { kind: this.kind, params: this.params }, { counts: this.counts });
  }

  static load(dir: string): Popularity {
    const m = new Popularity();
    m.setCounts(loadArtifact(dir).arrays.counts as Float32Array);
    return m;
  }
}
