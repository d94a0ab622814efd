import type { Csr } from './csr.js';
import type { Model } from './model.js';
import type { Scored } from './topk.js';

/**
 * What a user has (and how much, e.g. 1 + log hours played): never recommended back, and what a
 * neighbourhood model scores from. Passed explicitly, so a model never needs the training matrix
 * to serve and a user unseen in training can still be answered from their history.
 */
export interface History {
  items: ArrayLike<number>;
  /** one weight per item (default 1) */
  weights?: ArrayLike<number>;
}

export const NO_HISTORY: History = Object.freeze({ items: [] });

/** Row `row` of a user×item matrix as a history (views, no copy); a row outside the matrix is empty. */
export function historyOf(m: Csr, row: number): History {
  if (!(row >= 0 && row < m.nRows)) return NO_HISTORY;
  const start = m.indptr[row];
  const end = m.indptr[row + 1];
  // a matrix loaded without its values (serving asks only who owns what) has no weights
  return m.values.length >= end ? { items: m.indices.subarray(start, end), weights: m.values.subarray(start, end) } : { items: m.indices.subarray(start, end) };
}

export interface RecommendOptions {
  /** more items never recommended (exclude[item] = 1), e.g. titles outside the catalogue */
  exclude?: Uint8Array;
}

/** What every model that ranks items for a user answers (recommenders, and rating models that rank). */
export interface Ranker {
  /** the n best items for the user, none of the history's or `opts.exclude`'s, best first */
  recommend(user: number, history: History, n: number, opts?: RecommendOptions): Scored[];
  similarItems?(item: number, n: number): Scored[];
}

/**
 * An implicit-feedback recommender: fitted on a user×item CSR of weights; users and items are
 * dense indices, ids live with the caller.
 */
export interface Recommender extends Model<Csr>, Ranker {}

/** A scratch mask of the items to skip for one call; cleared after use. */
export class ExcludeMask {
  private readonly mask: Uint8Array;
  constructor(nItems: number) {
    this.mask = new Uint8Array(nItems);
  }

  set(history: History, opts: RecommendOptions | undefined): Uint8Array {
    const { mask } = this;
    if (opts?.exclude) mask.set(opts.exclude.length > mask.length ? opts.exclude.subarray(0, mask.length) : opts.exclude);
    const { items } = history;
    for (let k = 0; k < items.length; k++) if (items[k] >= 0 && items[k] < mask.length) mask[items[k]] = 1;
    return mask;
  }

  clear(history: History, opts: RecommendOptions | undefined): void {
    if (opts?.exclude) {
      this.mask.fill(0);
      return;
    }
    const { items } = history;
    for (let k = 0; k < items.length; k++) if (items[k] >= 0 && items[k] < this.mask.length) this.mask[items[k]] = 0;
  }
}
