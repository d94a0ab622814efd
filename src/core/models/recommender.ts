import type { Csr } from './csr.js';
import type { Scored } from './topk.js';

export interface RecommendOptions {
  /** items the user already has, never recommended (a row of the user×item CSR) */
  exclude?: { matrix: Csr; row: number };
}

/**
 * One interface for every implicit-feedback recommender (after implicit's RecommenderBase and
 * Surprise's AlgoBase): users and items are dense indices; ids live with the caller.
 */
export interface Recommender {
  readonly kind: string;
  readonly params: object;
  fit(userItems: Csr): void | Promise<void>;
  recommend(user: number, n: number, opts?: RecommendOptions): Scored[];
  similarItems?(item: number, n: number): Scored[];
  save(dir: string): void;
}

/** A scratch mask of the items to skip for one call; cleared after use. */
export class ExcludeMask {
  private readonly mask: Uint8Array;
  constructor(nItems: number) {
    this.mask = new Uint8Array(nItems);
  }
  set(opts: RecommendOptions | undefined): Uint8Array {
    if (opts?.exclude) {
      const { matrix, row } = opts.exclude;
      if (row >= 0 && row < matrix.nRows) for (let k = matrix.indptr[row]; k < matrix.indptr[row + 1]; k++) this.mask[matrix.indices[k]] = 1;
    }
    return this.mask;
  }
  clear(opts: RecommendOptions | undefined): void {
    if (opts?.exclude) {
      const { matrix, row } = opts.exclude;
      if (row >= 0 && row < matrix.nRows) for (let k = matrix.indptr[row]; k < matrix.indptr[row + 1]; k++) this.mask[matrix.indices[k]] = 0;
    }
  }
}
