/**
 * Every user's k best unrated items under a biased factor model (b_i + q_i·p_u, ranked by the
 * exact norm-pruned search of mips.ts), computed once at train time so that serving the common
 * request is a lookup. Users are split in contiguous ranges over worker threads sharing the
 * factors; each answer is exact, so the lists are the same for any number of threads.
 */
import { InnerProductIndex } from './mips.js';
import { WorkerPool, threadsFor, toShared, workerUrl } from './pool.js';
import { clip } from './ratings.js';

export interface TopInput {
  f: number;
  mu: number;
  scale: [number, number];
  bu: Float32Array;
  bi: Float32Array;
  P: Float32Array;
  Q: Float32Array;
  /** what each user rated (CSR): never recommended back */
  indptr: Int32Array;
  rated: Int32Array;
  /** items never recommended to anyone (e.g. not in the catalogue) */
  excluded: Uint8Array;
  k: number;
  /** row u at [u·k, u·k + k); item −1 where a user has fewer candidates */
  outItems: Int32Array;
  outScores: Float32Array;
}

/** The kernel: users [lo, hi) (also what each worker runs on its range). */
export function topRange(input: TopInput, index: InnerProductIndex, lo: number, hi: number): void {
  const { f, k, excluded } = input;
  const skip = new Uint8Array(excluded.length);
  for (let u = lo; u < hi; u++) {
    skip.set(excluded);
    for (let p = input.indptr[u]; p < input.indptr[u + 1]; p++) skip[input.rated[p]] = 1;
    const found = index.topN(input.P.subarray(u * f, u * f + f), k, skip);
    for (let j = 0; j < found.length; j++) {
      input.outItems[u * k + j] = found[j].item;
      input.outScores[u * k + j] = clip(input.mu + input.bu[u] + found[j].score, input.scale);
    }
  }
}

export const topIndex = (input: TopInput) => new InnerProductIndex(input.Q, input.f, input.bi);

export async function topForAllUsers(
  model: { mu: number; scale: [number, number]; bu: Float32Array; bi: Float32Array; P: Float32Array; Q: Float32Array; params: { factors: number } },
  rated: { nUsers: number; indptr: Int32Array; items: Int32Array },
  excluded: Uint8Array,
  k: number,
  threads = threadsFor(rated.nUsers * 50),
): Promise<{ items: Int32Array; scores: Float32Array }> {
  const n = rated.nUsers;
  const share = <T extends Int32Array | Float32Array | Uint8Array>(a: T): T => (threads > 1 ? toShared(a) : a);
  const input: TopInput = {
    f: model.params.factors,
    mu: model.mu,
    scale: model.scale,
    bu: share(model.bu),
    bi: share(model.bi),
    P: share(model.P),
    Q: share(model.Q),
    indptr: share(rated.indptr.subarray(0, n + 1)),
    rated: share(rated.items),
    excluded: share(excluded),
    k,
    outItems: share(new Int32Array(n * k).fill(-1)),
    outScores: share(new Float32Array(n * k)),
  };
  if (threads <= 1) {
    topRange(input, topIndex(input), 0, n);
  } else {
    const pool = WorkerPool.start(workerUrl(import.meta.url, 'svd-top-worker'), threads, input);
    try {
      const step = Math.ceil(n / threads);
      await pool.run(Array.from({ length: threads }, (_, t) => [t * step, Math.min(n, (t + 1) * step)]));
    } finally {
      await pool.stop();
    }
  }
  return { items: input.outItems, scores: input.outScores };
}
