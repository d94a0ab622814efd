/**
 * The contract every model keeps, whatever it learns from (after Surprise's AlgoBase and
 * implicit's RecommenderBase): `fit(data, options)`, `save(dir)`, and `loadModel(dir)` (load.ts)
 * that reads the saved `kind` back into the right class. The families add their own methods:
 * recommenders `recommend(user, history, n)` (recommender.ts), rating models `predict(user,
 * item)` (ratings.ts), regressors `predictRow(indices, values)` (regressor.ts).
 */

export interface FitOptions {
  /**
   * Worker threads. Default: the machine's cores when the data is large, else 1. Models whose
   * workers split disjoint work (ItemKnn, ALS, SVD) give the same numbers for any count; a model
   * where threads change the answer says so.
   */
  threads?: number;
  /** Called after every step (epoch, iteration, sweep, tree; once for a one-pass model), 0-based, with its seconds. */
  onProgress?: (step: number, seconds: number) => void;
  /** Overrides the parameters' seed for this fit (and is saved as the model's seed). */
  seed?: number;
}

export interface Model<Data> {
  /** what `loadModel` reads back to pick the class */
  readonly kind: string;
  readonly params: object;
  fit(data: Data, opts?: FitOptions): void | Promise<void>;
  save(dir: string): void;
}

/** Seconds since `start` (a performance.now() reading), for onProgress. */
export const secondsSince = (start: number): number => (performance.now() - start) / 1000;
