/**
 * Ranking metrics at K for one user: `recommended` is the ranked list, `relevant` the held-out
 * items. Binary relevance. Averaged over users by `evaluateRanking`.
 */
export function precisionAtK(recommended: ArrayLike<number>, relevant: Set<number>, k: number): number {
  let hits = 0;
  for (let i = 0; i < Math.min(k, recommended.length); i++) if (relevant.has(recommended[i])) hits++;
  return hits / k;
}

export function recallAtK(recommended: ArrayLike<number>, relevant: Set<number>, k: number): number {
  if (relevant.size === 0) return 0;
  let hits = 0;
  for (let i = 0; i < Math.min(k, recommended.length); i++) if (relevant.has(recommended[i])) hits++;
  return hits / relevant.size;
}

/** DCG with gain 1/log2(rank + 1), normalised by the ideal ordering of min(|relevant|, k) hits. */
export function ndcgAtK(recommended: ArrayLike<number>, relevant: Set<number>, k: number): number {
  let dcg = 0;
  for (let i = 0; i < Math.min(k, recommended.length); i++) if (relevant.has(recommended[i])) dcg += 1 / Math.log2(i + 2);
  let idcg = 0;
  for (let i = 0; i < Math.min(k, relevant.size); i++) idcg += 1 / Math.log2(i + 2);
  return idcg === 0 ? 0 : dcg / idcg;
}

/** Average precision at K: mean of precision@i at each hit i, over min(|relevant|, k). */
export function apAtK(recommended: ArrayLike<number>, relevant: Set<number>, k: number): number {
  let hits = 0;
  let sum = 0;
  for (let i = 0; i < Math.min(k, recommended.length); i++) {
    if (relevant.has(recommended[i])) {
      hits++;
      sum += hits / (i + 1);
    }
  }
  const denom = Math.min(relevant.size, k);
  return denom === 0 ? 0 : sum / denom;
}

export interface RankingMetrics {
  k: number;
  users: number;
  precision: number;
  recall: number;
  ndcg: number;
  map: number;
  /** distinct items recommended to anyone / items in the catalogue */
  coverage: number;
}

/** Averages the metrics over users; `recommend(u)` gives u's ranked list (seen items excluded). */
export function evaluateRanking(test: Map<number, Int32Array>, nItems: number, k: number, recommend: (user: number) => ArrayLike<number>): RankingMetrics {
  let precision = 0;
  let recall = 0;
  let ndcg = 0;
  let map = 0;
  const covered = new Uint8Array(nItems);
  for (const [user, held] of test) {
    const recs = recommend(user);
    const relevant = new Set(held);
    precision += precisionAtK(recs, relevant, k);
    recall += recallAtK(recs, relevant, k);
    ndcg += ndcgAtK(recs, relevant, k);
    map += apAtK(recs, relevant, k);
    for (let i = 0; i < Math.min(k, recs.length); i++) covered[recs[i]] = 1;
  }
  const n = Math.max(test.size, 1);
  let distinct = 0;
  for (const c of covered) distinct += c;
  return { k, users: test.size, precision: precision / n, recall: recall / n, ndcg: ndcg / n, map: map / n, coverage: nItems ? distinct / nItems : 0 };
}
